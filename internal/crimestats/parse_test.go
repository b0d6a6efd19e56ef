package crimestats

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/i18n"
	"golang.org/x/text/encoding/charmap"
)

func regions(t testing.TB) *Regions {
	t.Helper()
	r, err := LoadRegions()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestMatchRegions(t *testing.T) {
	r := regions(t)
	for name, want := range map[string]string{
		"Mora": "2062", "Mora kommun": "2062", "MORA KOMMUN": "2062", "2062": "2062", "2062 Mora": "2062",
		"Malung-Sälen": "2023", "Malung-Sälens kommun": "2023", "Malung Sälen": "2023", "Malung–Sälen": "2023",
		"Upplands-Väsby": "0114", "Upplands Väsby kommun": "0114", "Stockholms stad": "0180", "Stockholm": "0180",
		"Borås": "1490", "Borås stad": "1490", "Region Gotland": "0980", "Gotland": "0980",
		"Dalarnas län": "20", "Dalarna": "20", "20": "20", "Stockholms län": "01", "Skåne län": "12",
		"Riket": "SE", "Hela landet": "SE", "Sverige": "SE",
	} {
		got, ok := r.Match(name)
		if !ok || got.Code != want {
			t.Errorf("Match(%q) = %+v, %v; want %s", name, got, ok, want)
		}
	}
	for _, name := range []string{"Polisregion Bergslagen", "Region Stockholm", "Region Bergslagen", "Atlantis", "9999", "", "Mora stadsdel"} {
		if got, ok := r.Match(name); ok {
			t.Errorf("Match(%q) = %+v, want no match", name, got)
		}
	}
	if all, _ := LoadRegions(); len(all.county) != 290 {
		t.Errorf("%d municipalities, want 290", len(all.county))
	}
}

func TestParseTextExample(t *testing.T) {
	raw, err := os.ReadFile("testdata/bra_sol_dbfil_example.txt")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(bytes.NewReader(raw), regions(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatText || len(p.Rows) != 2 || len(p.Rejected) != 0 {
		t.Fatalf("Parse() = %+v", p)
	}
	a, b := p.Rows[0], p.Rows[1]
	if a.Line != 2 || a.Region.Code != "SE" || a.Crime != "Befogenhetsbedrägeri" || a.Period.Key() != "2025" || a.Preliminary ||
		*a.Count != 14278 || *a.Rate != 135 {
		t.Errorf("first row %+v", a)
	}
	if b.Line != 3 || b.Crime != "Befogenhetsbedrägeri" || b.CrimeCode != "0950" || b.Period.Key() != "2026-M08" || !b.Preliminary ||
		*b.Count != 498 || *b.Rate != 5 {
		t.Errorf("second row %+v", b)
	}
	// The same file with a byte order mark, and in ISO-8859-1 as Brå
	// serves it (which has no "…": Brå writes "..."), reads the same.
	for name, in := range map[string][]byte{"BOM": append([]byte("\xef\xbb\xbf"), raw...), "ISO-8859-1": latin1(t, bytes.ReplaceAll(raw, []byte("…"), []byte("...")))} {
		p2, err := Parse(bytes.NewReader(in), regions(t))
		if err != nil || len(p2.Rows) != 2 || p2.Rows[0].Crime != a.Crime || p2.Rows[1].Crime != a.Crime {
			t.Errorf("%s: %+v, %v", name, p2, err)
		}
	}
}

func TestParseTable(t *testing.T) {
	f, err := os.Open("testdata/bra_sol_export_hela_landet_via_bra_scraper.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := Parse(f, regions(t))
	if err != nil {
		t.Fatal(err)
	}
	if p.Format != FormatTable || len(p.Rows) != 170 {
		t.Fatalf("Parse() = %d rows, %d rejected, format %s", len(p.Rows), len(p.Rejected), p.Format)
	}
	first, last := p.Rows[0], p.Rows[16]
	if first.Crime != "Totalt antal brott" || first.Period.Key() != "2000" || *first.Count != 1210821 || first.Rate != nil || first.Region.Code != "SE" {
		t.Errorf("first %+v", first)
	}
	if last.Period.Key() != "2016" || !last.Preliminary || *last.Count != 1502023 {
		t.Errorf("2016 prel. %+v", last)
	}
}

func TestParseVariants(t *testing.T) {
	in := "Region;Brott;År;Period;Antal;/100 000 inv;\n" +
		"Mora kommun;Skadegörelsebrott;År;2024;1 234;6 012,5;\n" +
		"Malung-Sälens kommun;Skadegörelsebrott;2025;Kvartal 2;..;..;\n" +
		"Dalarnas län;Skadegörelsebrott;2025;Jan-jun;320;..;\n" +
		"Riket;Skadegörelsebrott;2025 prel.;Helår;..;1 200,25;\n" +
		"Polisregion Bergslagen;Skadegörelsebrott;År;2024;10;1;\n"
	p, err := Parse(strings.NewReader(in), regions(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 3 || len(p.Rejected) != 2 {
		t.Fatalf("rows %+v rejected %+v", p.Rows, p.Rejected)
	}
	if r := p.Rows[0]; r.Region.Code != "2062" || *r.Count != 1234 || *r.Rate != 6012.5 {
		t.Errorf("Mora %+v", r)
	}
	if r := p.Rows[1]; r.Region.Code != "20" || r.Period.Key() != "2025-H1" || r.Rate != nil {
		t.Errorf("Dalarna %+v", r)
	}
	if r := p.Rows[2]; r.Count != nil || *r.Rate != 1200.25 || !r.Preliminary || r.Period.Key() != "2025" {
		t.Errorf("Riket %+v", r)
	}
	if p.Rejected[0].Line != 3 || p.Rejected[0].Message.Key != "crimestats.rejected.no_figures" ||
		p.Rejected[1].Line != 6 || p.Rejected[1].Message.Key != "crimestats.rejected.region_unknown" {
		t.Errorf("rejected %+v", p.Rejected)
	}
}

func TestParseErrors(t *testing.T) {
	const h = "Region;Brott;År;Period;Antal;/100 000 inv;\n"
	for _, c := range []struct {
		name, in string
		line     int
		key      string
	}{
		{"empty", "", 1, "crimestats.error.empty"},
		{"header only", h, 1, "crimestats.error.empty"},
		{"unknown header", "a;b;c\n1;2;3\n", 1, "crimestats.error.header"},
		{"short header", "Region;Brott;År;Period;Antal\n", 1, "crimestats.error.header"},
		{"fields", h + "Mora;Rån;År;2024;5;\n", 2, "crimestats.error.fields"},
		{"count", h + "Mora;Rån;År;2024;5;1;\nMora;Rån;År;2023;fem;1;\n", 3, "crimestats.error.count"},
		{"negative count", h + "Mora;Rån;År;2024;-5;1;\n", 2, "crimestats.error.count"},
		{"rate", h + "Mora;Rån;År;2024;5;1,2,3;\n", 2, "crimestats.error.rate"},
		{"year", h + "Mora;Rån;År;20x4;5;1;\n", 2, "crimestats.error.year"},
		{"period", h + "Mora;Rån;2024;Smörgås;5;1;\n", 2, "crimestats.error.period"},
		{"crime", h + "Mora;;År;2024;5;1;\n", 2, "crimestats.error.crime_empty"},
		{"region", h + ";Rån;År;2024;5;1;\n", 2, "crimestats.error.region_empty"},
		{"twice", h + "Mora;Rån;År;2024;5;1;\nMora kommun;Rån;År;2024;6;1;\n", 3, "crimestats.error.twice"},
		{"table column", ",crime,period\n0,Rån,\"År, 2016\"\n", 1, "crimestats.error.column_missing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(c.in), regions(t))
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("Parse() error %v, want an ImportError", err)
			}
			if ie.Line != c.line || ie.Message.Key != c.key {
				t.Errorf("Parse() = %v, want line %d %s", ie, c.line, c.key)
			}
		})
	}
}

func TestDescribeInBothLanguages(t *testing.T) {
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(strings.NewReader("Region;Brott;År;Period;Antal;/100 000 inv\nMora;Rån;År;2024;fem;1\n"), regions(t))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatal(err)
	}
	if got := ie.Describe(bundle.For(i18n.Swedish).T); got != `rad 2, Antal: "fem" är inget antal (ett heltal, eller .. när uppgift saknas)` {
		t.Errorf("Swedish: %s", got)
	}
	if got := ie.Describe(bundle.For(i18n.English).T); !strings.HasPrefix(got, `line 2, Antal: "fem" is not a count`) {
		t.Errorf("English: %s", got)
	}
}

func TestSortPeriods(t *testing.T) {
	ps := []string{"2025", "2024-M02", "2024", "2024-M01", "2023"}
	sortPeriods(ps)
	if strings.Join(ps, " ") != "2023 2024-M01 2024-M02 2024 2025" {
		t.Errorf("%v", ps)
	}
}

func latin1(t *testing.T, utf []byte) []byte {
	t.Helper()
	out, err := charmap.ISO8859_1.NewEncoder().Bytes(utf)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
