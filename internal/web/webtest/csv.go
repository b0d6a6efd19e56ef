package webtest

import (
	"encoding/csv"
	"strings"
	"testing"
)

// ReadCSV reads a CSV file the product wrote for Excel with Swedish
// settings (export.CSV), failing the test when it lacks the byte order
// mark, the semicolons or the CRLF line ends.
func ReadCSV(t *testing.T, body string) [][]string {
	t.Helper()
	rest, ok := strings.CutPrefix(body, "\ufeff")
	if !ok {
		t.Fatalf("CSV without a byte order mark: %.80q", body)
	}
	if strings.Count(rest, "\n") != strings.Count(rest, "\r\n") {
		t.Fatalf("CSV with a line end that is not CRLF: %.200q", rest)
	}
	r := csv.NewReader(strings.NewReader(rest))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%.500s", err, rest)
	}
	return rows
}
