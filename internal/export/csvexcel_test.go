package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

func TestCSVForSwedishExcel(t *testing.T) {
	var buf bytes.Buffer
	c, err := NewCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]string{
		{"namn", "antal", "lat", "beskrivning"},
		{"Kåtan; Lindvallen", "-3", Decimal(61.1634), "=HYPERLINK(\"http://evil.example\";\"klicka\")"},
		{"Åre", "+46 70 123 45 67", Decimal(-0.5), "@SUM(A1:A2)"},
		{"Sälen", "2", "", "-2+3"},
		{"tab", "0", "", "\tx"},
	}
	for _, r := range rows {
		if err := c.Write(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "\ufeff") {
		t.Fatalf("the file does not begin with a byte order mark: %q", out[:8])
	}
	if strings.Count(out, "\r\n") != len(rows) || strings.Count(out, "\n") != len(rows) {
		t.Errorf("line ends are not CRLF throughout: %q", out)
	}
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff")))
	r.Comma = ';'
	got, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		rows[0],
		{"Kåtan; Lindvallen", "-3", "61,1634", "'=HYPERLINK(\"http://evil.example\";\"klicka\")"},
		{"Åre", "+46 70 123 45 67", "-0,5", "'@SUM(A1:A2)"},
		{"Sälen", "2", "", "'-2+3"},
		{"tab", "0", "", "'\tx"},
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("row %d field %d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}

// readCSV reads a file written by CSV, failing the test when it lacks the
// byte order mark, the semicolons or the CRLF line ends (webtest.ReadCSV
// for the tests of the web areas, which this package cannot import).
func readCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(body, []byte("\ufeff"))
	if !ok {
		t.Fatalf("CSV without a byte order mark: %.80q", body)
	}
	if bytes.Count(rest, []byte("\n")) != bytes.Count(rest, []byte("\r\n")) {
		t.Fatalf("CSV with a line end that is not CRLF: %.200q", rest)
	}
	r := csv.NewReader(bytes.NewReader(rest))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%.500s", err, rest)
	}
	return rows
}

func FuzzDefuse(f *testing.F) {
	for _, s := range []string{"", "=1+1", "-3", "+46", "@x", "\tx", "text", "2,5", "-", "=", "'=x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Defuse(s)
		if d != s && d != "'"+s {
			t.Fatalf("Defuse(%q) = %q: neither as it was nor with an apostrophe", s, d)
		}
		if d != "" && strings.ContainsRune("=@\t\r", rune(d[0])) {
			t.Fatalf("Defuse(%q) = %q still begins like a formula", s, d)
		}
		if Defuse(d) != d && d[0] != '\'' {
			t.Fatalf("Defuse is not stable on %q", s)
		}
	})
}
