package pii

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fullWidth writes the ASCII digits of s as full-width digits.
func fullWidth(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r - '0' + 0xFF10
		}
		return r
	}, s)
}

// TestScanDisguised: separators and look-alike characters do not hide a
// number, and what is found is what was written, at its place in the text.
func TestScanDisguised(t *testing.T) {
	const (
		pnr   = "personal_identity_number"
		coord = "coordination_number"
		tel   = "phone_number"
		maybe = "likely_personal_identity_number"
	)
	tests := []struct{ in, kind, text string }{
		// Every kind of dash between date and number.
		{"pnr 811218–9876 i", pnr, "811218–9876"},           // en dash
		{"pnr 811218—9876 i", pnr, "811218—9876"},           // em dash
		{"pnr 811218−9876 i", pnr, "811218−9876"},           // minus sign
		{"pnr 811218\u20119876 i", pnr, "811218\u20119876"}, // non-breaking hyphen
		{"pnr 811218‒9876 i", pnr, "811218‒9876"},           // figure dash
		{"pnr 811218\u20109876 i", pnr, "811218\u20109876"}, // hyphen
		{"pnr 19811218–9876 i", pnr, "19811218–9876"},
		{"pnr 811218–9875 i", maybe, "811218–9875"},
		{"pnr 701063—2391 i", coord, "701063—2391"},
		// Spaces, dots and dashes elsewhere.
		{"pnr 811218 9876 i", pnr, "811218 9876"},
		{"pnr 811218\u00a09876 i", pnr, "811218\u00a09876"},
		{"pnr 811218 - 9876 i", pnr, "811218 - 9876"},
		{"pnr 811218.9876 i", pnr, "811218.9876"},
		{"pnr 81 12 18-98 76 i", pnr, "81 12 18-98 76"},
		{"pnr 81-12-18-9876 i", pnr, "81-12-18-9876"},
		{"pnr 1981-12-18-9876 i", pnr, "1981-12-18-9876"},
		{"pnr 1981.12.18.9876 i", pnr, "1981.12.18.9876"},
		{"pnr 19811218 9876 i", pnr, "19811218 9876"},
		{"pnr 8 1 1 2 1 8 9 8 7 6 i", pnr, "8 1 1 2 1 8 9 8 7 6"},
		{"pnr 81 12 18 98 76 12 i", pnr, "81 12 18 98 76"},
		{"sam 70 10 63 23 91", coord, "70 10 63 23 91"},
		// Full-width digits, and invisible characters inside the number.
		{"pnr " + fullWidth("811218-9876") + " i", pnr, fullWidth("811218-9876")},
		{"pnr " + fullWidth("811218") + "－" + fullWidth("9876"), pnr, fullWidth("811218") + "－" + fullWidth("9876")},
		{"pnr " + fullWidth("8112189875"), maybe, fullWidth("8112189875")},
		{"pnr 8112\u00ad189876 i", pnr, "8112\u00ad189876"},
		{"pnr 811218\u200b-9876 i", pnr, "811218\u200b-9876"},
		// Phone numbers.
		{"ring 070–123 45 67", tel, "070–123 45 67"},
		{"ring 070\u00a0123\u00a045\u00a067", tel, "070\u00a0123\u00a045\u00a067"},
		{"ring 070.123.45.67", tel, "070.123.45.67"},
		{"ring 070-123.45.67", tel, "070-123.45.67"},
		{"ring " + fullWidth("070-123 45 67"), tel, fullWidth("070-123 45 67")},
		{"ring ＋46 70 123 45 67", tel, "＋46 70 123 45 67"},
		{"ring 08−123 456 78", tel, "08−123 456 78"},
		{"ring 010 - 56 946 00", tel, "010 - 56 946 00"},
		{"ring 0250–261 31.", tel, "0250–261 31"},
		{"ring 0\u200b70-123 45 67", tel, "0\u200b70-123 45 67"},
	}
	for _, tt := range tests {
		got := Scan(tt.in)
		if len(got) != 1 || string(got[0].Kind) != tt.kind || got[0].Text != tt.text {
			t.Errorf("Scan(%q) = %q, want %s:%q", tt.in, kinds(got), tt.kind, tt.text)
			continue
		}
		if tt.in[got[0].Start:got[0].End] != tt.text {
			t.Errorf("Scan(%q): offsets %d-%d hold %q", tt.in, got[0].Start, got[0].End, tt.in[got[0].Start:got[0].End])
		}
		redacted := Check(tt.in).Redacted
		if want := strings.Replace(tt.in, tt.text, placeholders[Kind(tt.kind)], 1); redacted != want {
			t.Errorf("Check(%q).Redacted = %q, want %q", tt.in, redacted, want)
		}
	}
}

// TestScanLeavesNumbersAlone: the numbers reports are full of, written in
// the ways that come close to a personal identity or phone number.
func TestScanLeavesNumbersAlone(t *testing.T) {
	tests := []struct{ name, in string }{
		{"wrong date, wrong luhn", "811318-9875 och 810230-1235"},
		{"date", "2026-12-07, 2026–12–07, 20261207, 261207, 07.12.2026, 7/12 2026"},
		{"date range", "1995-01-18–1995-01-20 och 2026-02-21 – 2026-02-22"},
		{"date and time", "2010-05-12 14:30, 2010-05-12 1430, 2010-05-12 14.30, 100512 14.30, 20100512 1430, 2010-05-12T14:30:00"},
		{"date and hour", "2006-01-02 15:04:05"},
		{"times", "kl. 08.30–10.00, kl 08-10, 08.15, 23:15–01:30, kl 2315"},
		{"date and time in 08", "1995-08-01 01.16 och 01-08-1995 01.16, 1995-08-01 01 16"},
		{"years", "1990–2000, 1995 2000 2005, år 2026"},
		{"counts", "30 ungdomar, 2 bilar, 5-6 personer, 44 940 121 3963"},
		{"police event ids", "Händelse 650274, 649994 och 650132; händelse-id 650297"},
		{"police case numbers", "K123456-26, 5000-K123456-26, dnr 2026-1234"},
		{"prices", "1 250 000 kr, 1\u00a0018\u00a0619\u00a0777 kr, 1.702.078.021:-, 12 500:-, 299,50 kr"},
		{"ranges", "13072–36339 personer, 80 000–100 000 besökare"},
		{"coordinates", "61.158530, 13.263640"},
		{"timestamp", "202602212315 och 2602212315"},
	}
	for _, tt := range tests {
		if got := Scan(tt.in); len(got) != 0 {
			t.Errorf("%s: Scan(%q) = %q, want nothing", tt.name, tt.in, kinds(got))
		}
	}
}

// TestScanLeavesDateTimesAlone writes every few hours of three years in
// the ways dates and times are written in reports; none is personal data.
func TestScanLeavesDateTimesAlone(t *testing.T) {
	layouts := []string{
		"2006-01-02 15:04", "2006-01-02 1504", "2006-01-02 15.04", "2006-01-02 kl. 15.04", "2006-01-02T15:04:05",
		"060102 15:04", "060102 15.04", "20060102 1504", "20060102", "060102", "02.01.2006 15:04", "02-01-2006 15.04",
		"2006-01-02–2006-01-03", "2006-01-02 – 2006-01-03", "2006-01-02 15 04", "2006.01.02 15.04", "02.01.06 15.04",
		"2006-01-02, 15:04", "2006-01-02 15:04 och 2006-01-02 16:04", "2006-01-02 15:04–16:30", "2 jan 2006 15:04",
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := start; d.Year() < 2027; d = d.Add(7*time.Hour + 13*time.Minute) {
		for _, l := range layouts {
			s := d.Format(l)
			if got := Scan(s); len(got) != 0 {
				t.Fatalf("Scan(%q) = %q, want nothing (layout %q)", s, kinds(got), l)
			}
		}
	}
}

// TestScanPrices: sums of money written in thousands are not phone or
// personal identity numbers, whatever their digits.
func TestScanPrices(t *testing.T) {
	for n := 1_000_000_007; n < 2_000_000_000; n += 9_999_991 {
		s := fmt.Sprint(n)
		for _, sep := range []string{" ", "\u00a0", "."} {
			text := s[:1] + sep + s[1:4] + sep + s[4:7] + sep + s[7:] + " kr"
			if got := Scan(text); len(got) != 0 {
				t.Fatalf("Scan(%q) = %q, want nothing", text, kinds(got))
			}
		}
	}
}

// TestNormalizeOffsets: the view maps each of its bytes back to the
// characters it stands for.
func TestNormalizeOffsets(t *testing.T) {
	in := "a８\u00ad–\u00a0b"
	v := normalize(in)
	if v.s != "a8- b" {
		t.Fatalf("normalize(%q) = %q", in, v.s)
	}
	var got []string
	for k := range len(v.s) {
		start, end := v.span(k, k+1)
		got = append(got, in[start:end])
	}
	if diff := cmp.Diff([]string{"a", "８", "–", "\u00a0", "b"}, got); diff != "" {
		t.Errorf("spans (-want +got):\n%s", diff)
	}
	if v := normalize("åäö 811218-9876"); v.rewrites != nil {
		t.Errorf("a text with nothing to normalize got a rewritten view %q", v.s)
	}
}
