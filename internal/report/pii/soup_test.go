package pii

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// soupFragments are pieces of personal data and of the text around it.
var soupFragments = []string{
	"811218-9876", "811218-9875", "19811218-9876", "8112189876", "81 12 18 98 76", "701063-2391", "121212+1212",
	"070-123 45 67", "0701234567", "08-123 456 78", "+46 70 123 45 67", "0250-261 31",
	"ABC 123", "abc123", "XYZ12A", "a@b.se", "kalle.k@mora.se", "anna (at) mora (dot) se", "kalle at mora punkt se",
	"Anna Andersson", "Lars Erik Johansson", "Anna Anderssons", "ANNA ANDERSSON", "anna andersson", "Per Lindberg",
	"Erik Dahlbergs väg", "Sälen", "Lindvallen", "2026-02-21", "15:04", "kl. 08.30", "1 250 000 kr", "30 ungdomar",
	"Per", "Hans", "Inga", "snabel-a", "(at)", "punkt", "se", "[namn]", "[e-post]", "x", "1", "12", "0",
}

// soupJoiners go between the fragments.
var soupJoiners = []string{"", " ", "  ", "-", "–", ".", ",", ", ", ". ", "x", "1", "@", " at ", "\u00a0", "\u200b", "\n", ":", "(", ")"}

// TestScanSoup glues fragments of personal data and report text together
// at random, the way the byte-wise fuzzer seldom does, and checks what
// FuzzScan and FuzzRedact check.
func TestScanSoup(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	for range n {
		var b strings.Builder
		for k := range 2 + r.IntN(5) {
			if k > 0 {
				b.WriteString(soupJoiners[r.IntN(len(soupJoiners))])
			}
			b.WriteString(soupFragments[r.IntN(len(soupFragments))])
		}
		s := b.String()
		res := Check(s)
		checkFindings(t, s, res.Findings)
		for _, fd := range res.Findings {
			if strings.Contains(res.Redacted, fd.Text) {
				t.Fatalf("Check(%q).Redacted = %q still holds %s %q", s, res.Redacted, fd.Kind, fd.Text)
			}
		}
		if again := Check(res.Redacted); len(again.Findings) != 0 {
			t.Fatalf("Check(%q).Redacted = %q, and masking it again finds %q", s, res.Redacted, kinds(again.Findings))
		}
	}
}
