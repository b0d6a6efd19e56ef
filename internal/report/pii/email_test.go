package pii

import "testing"

func TestScanObfuscatedEmails(t *testing.T) {
	for _, in := range []string{
		"anna(at)mora.se",
		"anna[at]mora.se",
		"anna (at) mora (dot) se",
		"anna [at] mora [dot] se",
		"ANNA(AT)MORA(DOT)SE",
		"anna.andersson (at) mora (punkt) se",
		"anna at mora.se",
		"anna at mora punkt se",
		"kalle at gmail punkt com",
		"anna(a)mora.se",
		"anna (a) mora.se",
		"anna snabel-a mora punkt se",
		"anna snabel-a mora.se",
		"anna @ mora.se",
		"anna@ mora.se",
		"anna ＠ mora．se",
		"info [at] polisen [dot] se",
	} {
		text := "Mejla " + in + " om det händer igen."
		got := Scan(text)
		if len(got) != 1 || got[0].Kind != Email || got[0].Text != in {
			t.Errorf("Scan(%q) = %q, want email:%q", text, kinds(got), in)
		}
		if r := Check(text).Redacted; r != "Mejla [e-post] om det händer igen." {
			t.Errorf("Check(%q).Redacted = %q", text, r)
		}
	}
}

// TestScanLeavesAtAlone: "at", "punkt" and "(a)" in text that holds no
// address.
func TestScanLeavesAtAlone(t *testing.T) {
	for _, in := range []string{
		"kalle at hemma",
		"look at www.polisen.se",
		"Vi möttes vid punkt 3, sedan punkt 4.",
		"se avsnitt (a) ovan och (b) nedan",
		"punkt (a) gäller",
		"Samling at Noret punkt Sen kom polisen",
		"Lägesbild punkt 3 at 18",
		"x (at) y",
		"(at)mora.se",
		"anna(at)",
		"anna (dot) se",
		"kalle at mora punkt xyz", // with words only, the domain must be a common one
	} {
		if got := Scan(in); len(got) != 0 {
			t.Errorf("Scan(%q) = %q, want nothing", in, kinds(got))
		}
	}
}
