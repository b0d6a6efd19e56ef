package i18n

import (
	"math"
	"strconv"
	"testing"
	"testing/fstest"
	"time"
)

func TestLoadAndTranslate(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Keys()) < 100 {
		t.Fatalf("only %d keys loaded", len(b.Keys()))
	}
	sv, en := b.For(Swedish), b.For(English)
	if got := sv.T("layout.sign_in"); got != "Logga in" {
		t.Errorf("sv T(layout.sign_in) = %q", got)
	}
	if got := en.T("layout.sign_in"); got != "Sign in" {
		t.Errorf("en T(layout.sign_in) = %q", got)
	}
	if got := sv.T("error.too_long", 200); got != "Får vara högst 200 tecken" {
		t.Errorf("sv T(error.too_long, 200) = %q", got)
	}
	if got := sv.T("no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key = %q, want the key itself", got)
	}
	if got := b.For("de").Lang; got != Swedish {
		t.Errorf("For(de).Lang = %q, want sv", got)
	}
}

func TestMatch(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		header string
		want   Lang
	}{
		{"", Swedish},
		{"sv-SE,sv;q=0.9,en;q=0.8", Swedish},
		{"en-GB,en;q=0.9", English},
		{"en-US", English},
		{"de-DE,fr;q=0.5", Swedish},
		{"nb-NO,nb;q=0.9", Swedish}, // Norwegian readers get Swedish, not English
		{"de;q=0.9,en;q=0.5", English},
		{";;;garbage", Swedish},
	}
	for _, tt := range tests {
		if got := b.Match(tt.header); got != tt.want {
			t.Errorf("Match(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestFormats(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	sv, en := b.For(Swedish), b.For(English)
	if got := sv.Number(1234567.5); got != "1\u00a0234\u00a0567,5" {
		t.Errorf("sv Number = %q", got)
	}
	if got := en.Number(1234567.5); got != "1,234,567.5" {
		t.Errorf("en Number = %q", got)
	}
	// 23:30 UTC on 21 November is 00:30 on the 22nd in Stockholm.
	at := time.Date(2026, 11, 21, 23, 30, 0, 0, time.UTC)
	if got := sv.Date(at); got != "2026-11-22" {
		t.Errorf("Date = %q", got)
	}
	if got := sv.DateTime(at); got != "2026-11-22 00:30" {
		t.Errorf("DateTime = %q", got)
	}
	if got := sv.Week(at); got != "vecka 47, 2026" {
		t.Errorf("sv Week = %q", got)
	}
	if got := en.Week(time.Date(2027, 1, 1, 12, 0, 0, 0, time.UTC)); got != "week 53, 2026" {
		t.Errorf("en Week(2027-01-01) = %q", got)
	}
	if sv.Date(time.Time{}) != "" {
		t.Error("Date of the zero time is not empty")
	}
}

// TestTN: one thing takes the singular form where the catalogue has one;
// other counts, and keys without a singular, the plain form.
func TestTN(t *testing.T) {
	// A part of a catalogue as an area adds one (Load's parts).
	part := fstest.MapFS{
		"locales/sv/test.json": {Data: []byte(`{"test.reports": "rapporter", "test.reports.one": "rapport",
			"test.published": "Publicerat %s · %d rapporter", "test.published.one": "Publicerat %s · %d rapport"}`)},
		"locales/en/test.json": {Data: []byte(`{"test.reports": "reports", "test.reports.one": "report",
			"test.published": "Published %s · %d reports", "test.published.one": "Published %s · %d report"}`)},
	}
	b, err := Load(part)
	if err != nil {
		t.Fatal(err)
	}
	sv, en := b.For(Swedish), b.For(English)
	tests := []struct {
		l    *Localizer
		key  string
		n    int
		want string
	}{
		{sv, "test.reports", 1, "rapport"},
		{sv, "test.reports", 0, "rapporter"},
		{sv, "test.reports", 2, "rapporter"},
		{en, "test.reports", 1, "report"},
		{en, "test.reports", 5, "reports"},
		{sv, "nav.home", 1, "Startsida"}, // no singular form: the key itself
	}
	for _, tt := range tests {
		if got := tt.l.TN(tt.key, tt.n); got != tt.want {
			t.Errorf("%s TN(%q, %d) = %q, want %q", tt.l.Lang, tt.key, tt.n, got, tt.want)
		}
	}
	if got := sv.TN("test.published", 1, "2026-03-09 08:30", 1); got != "Publicerat 2026-03-09 08:30 · 1 rapport" {
		t.Errorf("TN with arguments = %q", got)
	}
	// A message made elsewhere counts by its first whole number.
	for n, want := range map[int]string{1: "Publicerat i dag · 1 rapport", 3: "Publicerat i dag · 3 rapporter"} {
		if got := sv.Message("test.published", "i dag", n); got != want {
			t.Errorf("Message(test.published, %d) = %q, want %q", n, got, want)
		}
	}
	if got := sv.Message("test.reports"); got != "rapporter" {
		t.Errorf("Message without a count = %q", got)
	}
}

// TestPercent: shares rounded as people round them, and never all or none
// where it is not so.
func TestPercent(t *testing.T) {
	for _, tt := range []struct{ part, whole, want int }{
		{13, 14, 93}, // 92,86: integer division said 92
		{12, 14, 86}, // 85,71
		{1, 8, 13},   // 12,5: a half rounds up
		{1, 3, 33}, {2, 3, 67}, {7, 7, 100}, {0, 7, 0}, {0, 0, 0},
		{199, 200, 99}, // 99,5 is not all
		{1, 300, 1},    // 0,33 is not none
	} {
		if got := Percent(tt.part, tt.whole); got != tt.want {
			t.Errorf("Percent(%d, %d) = %d, want %d", tt.part, tt.whole, got, tt.want)
		}
	}
}

// TestDecimalHalves: a half rounds away from zero, also where the binary float
// lies just under it.
func TestDecimalHalves(t *testing.T) {
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	sv := b.For(Swedish)
	for _, tt := range []struct {
		v      float64
		digits int
		want   string
	}{{3.25, 1, "3,3"}, {1.005, 2, "1,01"}, {2.675, 2, "2,68"}, {-2.5, 0, "-3"}, {0.05, 1, "0,1"}, {1.45, 1, "1,5"}, {3.249, 1, "3,2"}} {
		if got := sv.Decimal(tt.v, tt.digits); got != tt.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", tt.v, tt.digits, got, tt.want)
		}
	}
}

// FuzzDecimal: whatever the number, the rounding is at most half a unit
// of its last place away, and it never panics.
func FuzzDecimal(f *testing.F) {
	for _, v := range []float64{0, 1.005, -2.5, 1e20, 3.249, 0.000001} {
		f.Add(v, uint8(2))
	}
	f.Fuzz(func(t *testing.T, v float64, d uint8) {
		digits := int(d % 7)
		s := roundDecimal(v, digits)
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
			return
		}
		got, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("roundDecimal(%v, %d) = %q: %v", v, digits, s, err)
		}
		if diff := math.Abs(got - v); diff > 0.5*math.Pow10(-digits)*(1+1e-9)+1e-12*math.Abs(v) {
			t.Errorf("roundDecimal(%v, %d) = %q, %g away", v, digits, s, diff)
		}
	})
}
