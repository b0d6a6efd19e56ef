package pii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRedact: the masker never panics, whatever findings it is given; on
// Scan's findings the masked text holds none of the texts found, and
// masking it again changes nothing, because nothing is found in it.
func FuzzRedact(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, []byte{0, 3, 2, 9})
	}
	f.Fuzz(func(t *testing.T, s string, spans []byte) {
		// Any findings at all, even ones not from Scan(s).
		var arbitrary []Finding
		for k := 0; k+1 < len(spans); k += 2 {
			start, end := int(spans[k]), int(spans[k+1])
			arbitrary = append(arbitrary, Finding{Kind: Kinds[(start+end)%len(Kinds)], Start: start, End: end})
		}
		Redact(s, arbitrary)

		r := Check(s)
		for _, fd := range r.Findings {
			if strings.Contains(r.Redacted, fd.Text) {
				t.Fatalf("Check(%q).Redacted = %q still holds %s %q", s, r.Redacted, fd.Kind, fd.Text)
			}
		}
		again := Check(r.Redacted)
		if len(again.Findings) != 0 || again.Redacted != r.Redacted {
			t.Fatalf("Check(%q).Redacted = %q, and masking it again finds %q", s, r.Redacted, kinds(again.Findings))
		}
	})
}

// disguisable are numbers to disguise: ten and twelve digits of personal
// identity and coordination numbers whose last four digits are no time of
// day (a date and a time is not a number, see dateAndTime), and phone
// numbers, each with the groupings people write it in.
var disguisable = []struct {
	digits    string
	kind      Kind
	groupings [][]int
}{
	{"8112189876", PersonalIdentityNumber, [][]int{{6, 4}, {2, 2, 2, 4}, {2, 2, 2, 2, 2}, {10}, {6, 2, 2}, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}},
	{"198112189876", PersonalIdentityNumber, [][]int{{8, 4}, {4, 2, 2, 4}, {2, 2, 2, 2, 2, 2}, {12}, {4, 2, 2, 2, 2}}},
	{"7010632391", CoordinationNumber, [][]int{{6, 4}, {2, 2, 2, 4}, {2, 2, 2, 2, 2}, {10}}},
	{"0701234567", PhoneNumber, [][]int{{3, 3, 2, 2}, {3, 7}, {4, 2, 2, 2}, {3, 2, 2, 3}, {10}}},
	{"025026131", PhoneNumber, [][]int{{4, 5}, {4, 3, 2}, {4, 2, 3}, {9}}},
}

// separators are what may stand between two groups of digits. Between
// the date and the rest of a personal identity number any of them; after
// that, between digits of the last four, only a space, as a dash or a dot
// there is taken for a range or a sum (see looseIdentityNumber).
var separators = []string{" ", "\u00a0", "-", "–", "—", "−", "\u2011", "‒", ".", " - "}

// FuzzDisguisedNumber writes personal identity and phone numbers with
// separators, full-width digits and invisible characters chosen by the
// fuzzer, and requires each still to be found, whole, as what it is.
func FuzzDisguisedNumber(f *testing.F) {
	f.Add(uint8(0), uint8(0), []byte{0, 1, 2, 3, 4, 5})
	f.Add(uint8(1), uint8(1), []byte{255, 17, 3, 200, 8})
	f.Add(uint8(3), uint8(0), []byte{9, 9, 9, 9})
	f.Fuzz(func(t *testing.T, pick, grouping uint8, style []byte) {
		n := disguisable[int(pick)%len(disguisable)]
		groups := n.groupings[int(grouping)%len(n.groupings)]
		nextStyle := func() byte {
			if len(style) == 0 {
				return 0
			}
			b := style[0]
			style = style[1:]
			return b
		}
		var b strings.Builder
		total := 0
		for g, size := range groups {
			if g > 0 {
				sep := separators[int(nextStyle())%len(separators)]
				if n.kind != PhoneNumber && (total > 8 || total%2 != 0) || n.kind == PhoneNumber && sep == "." && total == 2 {
					sep = " " // see separators; "08.30" is a time
				}
				b.WriteString(sep)
			}
			for _, d := range n.digits[total : total+size] {
				st := nextStyle()
				if st&1 != 0 {
					d = d - '0' + 0xFF10 // full-width
				}
				b.WriteRune(d)
				if st&6 == 6 && total+1 < len(n.digits) {
					b.WriteString("\u00ad") // soft hyphen inside
				}
				total++
			}
		}
		disguised := b.String()
		text := "Uppgav " + disguised + " till vakten."
		got := Scan(text)
		if len(got) != 1 || got[0].Kind != n.kind || got[0].Text != strings.TrimSuffix(disguised, "\u00ad") {
			t.Fatalf("Scan(%q) = %q, want %s %q", text, kinds(got), n.kind, disguised)
		}
		if !utf8.ValidString(Check(text).Redacted) {
			t.Fatalf("Check(%q).Redacted is not valid UTF-8", text)
		}
	})
}
