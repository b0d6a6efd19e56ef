package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSV writes CSV files that Excel with Swedish settings opens as a table,
// the files people in a municipality open: UTF-8 with a byte order mark
// (without it Excel reads the bytes as Windows-1252 and breaks å, ä, ö),
// semicolons between fields (Excel's list separator where the decimal
// separator is a comma, so a comma in 61,16 stays inside its field), CRLF
// line ends (RFC 4180), decimals with a comma, and every text field that a
// spreadsheet would run as a formula defused with a leading apostrophe (the
// defence OWASP gives against CSV injection: a report's description
// "=HYPERLINK(…)" stays text). The JSON API is the form for programs.
type CSV struct {
	cw *csv.Writer
}

// NewCSV starts a CSV on w with the byte order mark.
func NewCSV(w io.Writer) (*CSV, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	return &CSV{cw: cw}, nil
}

// Write writes a row of text fields, each defused if it would be read as a
// formula.
func (c *CSV) Write(fields ...string) error {
	row := make([]string, len(fields))
	for i, f := range fields {
		row[i] = Defuse(f)
	}
	return c.cw.Write(row)
}

// Flush writes what is buffered and returns the first error of the file.
func (c *CSV) Flush() error {
	c.cw.Flush()
	return c.cw.Error()
}

// Defuse keeps a spreadsheet from reading s as a formula: a field that
// begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which the spreadsheet shows as text, unless the field is a
// plain number (-3, +46 70…, 2,5), which is read as a number and runs
// nothing.
func Defuse(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return s
	}
	if _, err := strconv.ParseFloat(strings.Replace(strings.ReplaceAll(s, " ", ""), ",", ".", 1), 64); err == nil {
		return s
	}
	return "'" + s
}

// Decimal writes v for a Swedish spreadsheet: a decimal comma, no
// exponent, as many decimals as v needs.
func Decimal(v float64) string {
	return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
}
