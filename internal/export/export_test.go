package export

import (
	"bytes"
	"encoding/xml"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to make it): %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, cmp.Diff(string(want), string(got)))
	}
}

var (
	published = time.Date(2016, 12, 9, 10, 0, 0, 0, time.UTC)
	changed   = time.Date(2017, 1, 20, 15, 30, 0, 0, time.UTC)
)

func samplePromises() []promise.Promise {
	one := 1.0
	return []promise.Promise{{
		ID: 7, Title: "Medborgarlöfte i Sälen 2016–2018", MunicipalityCode: "2023", Status: promise.Published,
		StartsOn: "2016-12-09", EndsOn: "2018-04-30", PeriodLabel: "Vintersäsonger 2016-2017 samt 2017-2018", PublishedAt: &published,
		Commitments: []promise.Commitment{
			{ID: 21, OrganizationID: 3, OrganizationName: "Malung-Sälens kommun", Text: "Alkoholhandläggare skall göra minst ett protokollfört besök på varje serveringsställe.",
				Target: &one, Unit: "protokollfört besök per serveringsställe", Status: promise.InProgress},
			{ID: 22, OrganizationID: 1, OrganizationName: "Polisen", Text: "Vid särskilda händelser exempelvis \"Folk och Försvar\", en lägesbeskrivning till RLC.",
				Status: promise.NotDone, Reason: "Ingen särskild händelse,\nså ingen lägesbeskrivning.", AmendmentID: 4, DueOn: "2017-01-31"},
		},
	}}
}

func TestWriteCommitmentsCSV(t *testing.T) {
	var buf bytes.Buffer
	promises := samplePromises()
	target := 1.5
	promises[0].Commitments[0].Target = &target
	promises[0].Commitments[0].Responsible = `=HYPERLINK("http://evil.example";"klicka")`
	if err := WriteCommitmentsCSV(&buf, promises); err != nil {
		t.Fatal(err)
	}
	golden(t, "commitments.csv", buf.Bytes())

	// Excel with Swedish settings: semicolons, a decimal comma, and the
	// formula kept as text.
	rows := readCSV(t, buf.Bytes())
	if len(rows) != 3 || len(rows[0]) != len(commitmentColumns) || rows[0][0] != "promise_id" {
		t.Fatalf("rows = %q; want a header of %d columns and 2 commitments", rows, len(commitmentColumns))
	}
	col := func(name string) int { return slices.Index(commitmentColumns, name) }
	if got := rows[1][col("target")]; got != "1,5" {
		t.Errorf("target = %q, want 1,5", got)
	}
	if got := rows[1][col("responsible")]; got != `'=HYPERLINK("http://evil.example";"klicka")` {
		t.Errorf("responsible = %q, want the formula defused", got)
	}
	if got := rows[2][col("reason")]; got != "Ingen särskild händelse,\nså ingen lägesbeskrivning." {
		t.Errorf("reason = %q: the line break inside a field must survive", got)
	}
}

func TestWriteAtom(t *testing.T) {
	f := Feed{
		ID: "https://samverkan.example/feeds/promises.atom", Title: "Medborgarlöften", Subtitle: "Polisens & kommunernas löften",
		Self: "https://samverkan.example/feeds/promises.atom", Link: "https://samverkan.example/", Author: "Samverkan", Lang: "sv",
		Entries: []Entry{
			{ID: "https://samverkan.example/promises/7", Title: "Medborgarlöfte i Sälen <2016–2018>", Link: "https://samverkan.example/promises/7",
				Summary: "Trafikkontroller & krogtillsyn", Published: published, Updated: changed},
			{ID: "https://samverkan.example/promises/8", Title: "Noret", Link: "https://samverkan.example/promises/8", Author: "Mora kommun", Updated: published},
		},
	}
	var buf bytes.Buffer
	if err := WriteAtom(&buf, f); err != nil {
		t.Fatal(err)
	}
	golden(t, "promises.atom", buf.Bytes())

	// What RFC 4287 requires is there: the feed's id, title, updated and
	// author, and each entry's id, title, updated and link.
	type person struct {
		Name string `xml:"name"`
	}
	var parsed struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  person `xml:"author"`
		Entry   []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Author person `xml:"author"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &parsed); err != nil {
		t.Fatalf("the feed is not XML: %v", err)
	}
	if parsed.ID == "" || parsed.Title == "" || parsed.Updated != "2017-01-20T15:30:00Z" || parsed.Author.Name != "Samverkan" {
		t.Errorf("feed head = %+v; want id, title, the latest entry's time and an author", parsed)
	}
	for _, e := range parsed.Entry {
		if e.ID == "" || e.Title == "" || e.Updated == "" || e.Link.Href == "" || e.Author.Name == "" {
			t.Errorf("entry %+v lacks a required element", e)
		}
	}
}

func sampleDocument() Document {
	return Document{
		Title:    "Medborgarlöfte i Sälen 2016–2018",
		Subtitle: []string{"Malung-Sälens kommun", "Period: 2016-12-09 – 2018-04-30 (Vintersäsonger 2016-2017 samt 2017-2018)"},
		Author:   "Samverkan", Lang: "sv",
		Sections: []Section{
			{Heading: "Problembild", Paragraphs: []string{"Uppmot 80 000 -100 000 människor rör sig i området.\n\nSamverkan är ett nyckelord."}},
			{Heading: "Åtaganden", Groups: []Group{{Heading: "Malung-Sälens kommun åtar sig", Items: []Item{
				{Text: "Alkoholhandläggare skall göra minst ett protokollfört besök på varje serveringsställe.", Details: []string{"Mål: 1 protokollfört besök per serveringsställe", "Status: Pågår"}},
			}}}},
		},
		SignedAt: "Malung, 2016-12-09",
		Signatures: []Signature{
			{"Rune Lindbom", "Lokalpolisområdeschef", "Polisen"},
			{"Kurt Podgorski", "Kommunstyrelsens ordf.", "Malung-Sälens kommun"},
			{"Charlotte Skott", "VD Destination Sälen", "Destination Sälenfjällen"},
		},
		Footer: "https://samverkan.example/promises/7",
		Date:   published,
	}
}

// needFont fails or skips a test of PDFs in the embedded font when the
// binary was built without it (see setFonts).
func needFont(t *testing.T) {
	t.Helper()
	if !UnicodeFont() {
		testenv.Missing(t, "the PDF font is not in internal/export/fonts (npm ci && scripts/assets)")
	}
}

// pdfText reads the text of a PDF back with poppler's pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	pdftotext := testenv.Program(t, "pdftotext", "poppler-utils")
	cmd := exec.Command(pdftotext, "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestPDFUnicode: with the embedded font every letter and sign prints, not
// only those of Windows-1252: the signs of a target, the letters of names
// from the rest of Europe, the Swedish ones.
func TestPDFUnicode(t *testing.T) {
	needFont(t)
	d := sampleDocument()
	d.Title = "Trygghet i Ærø och Łódź → Sälen"
	d.Sections = append(d.Sections, Section{Heading: "Mål ≥ 3 – för år 2027", Paragraphs: []string{
		"Håll avstånd ≤ 2 m; från Dvůr Králové, Kraków, Győr och Ørsted → Åre. Ελλάδα, Україна."},
		Groups: []Group{{Heading: "Polisen åtar sig", Items: []Item{{Text: "Minst ≥ 3 kontroller", Details: []string{"Mål: ≥ 3 → 5"}}}}}})
	var buf bytes.Buffer
	if err := WritePDF(&buf, d); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Ærø och Łódź → Sälen", "Mål ≥ 3 – för år 2027", "≤ 2 m", "Dvůr Králové, Kraków, Győr och Ørsted → Åre",
		"Ελλάδα, Україна", "Minst ≥ 3 kontroller", "Mål: ≥ 3 → 5", "•", "åtar sig"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}

	in, p := sampleInspection(t)
	p.Name, in.Protocol.Remarks = "Kröga Łódź → Ærø", "Gäster ≥ 25 år kontrollerades."
	buf.Reset()
	if err := WriteProtocolPDF(&buf, InspectionProtocol(in, p, "Malung-Sälens kommun", sayer(t, i18n.Swedish), "sv")); err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, buf.Bytes())
	for _, want := range []string{"Kröga Łódź → Ærø", "Gäster ≥ 25 år kontrollerades.", "Ålderskontroller"} {
		if !strings.Contains(text, want) {
			t.Errorf("the protocol's text lacks %q:\n%s", want, text)
		}
	}
}

// TestPDFWithoutTheFont: a binary built without the font still writes PDFs,
// in the core fonts, which hold the Swedish letters.
func TestPDFWithoutTheFont(t *testing.T) {
	saved := unicodeFont
	unicodeFont = func() map[string][]byte { return nil }
	t.Cleanup(func() { unicodeFont = saved })
	if UnicodeFont() {
		t.Fatal("UnicodeFont() = true without the font")
	}
	var buf bytes.Buffer
	if err := WritePDF(&buf, sampleDocument()); err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Medborgarlöfte i Sälen 2016–2018", "Åtaganden", "Malung-Sälens kommun åtar sig", "Charlotte Skott"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
	if bytes.Contains(buf.Bytes(), []byte("FontFile2")) {
		t.Error("the PDF embeds a font though the binary has none")
	}
}

func TestWritePDF(t *testing.T) {
	needFont(t)
	var buf bytes.Buffer
	if err := WritePDF(&buf, sampleDocument()); err != nil {
		t.Fatalf("WritePDF() error = %v", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("%%EOF")) {
		t.Fatalf("WritePDF() wrote no PDF: %q…", buf.Bytes()[:min(20, buf.Len())])
	}
	golden(t, "promise.pdf", buf.Bytes())

	// Read the text back: the Swedish letters survive.
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{"Medborgarlöfte i Sälen 2016–2018", "Åtaganden", "Malung-Sälens kommun åtar sig", "protokollfört besök",
		"Charlotte Skott", "Kommunstyrelsens ordf.", "1/1"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF's text lacks %q:\n%s", want, text)
		}
	}
}
