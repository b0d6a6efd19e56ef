package statistics

import (
	"encoding/csv"
	"io"
	"strconv"
)

// csvColumns is the header of the CSV: the contract's fields.
var csvColumns = []string{"week", "category", "area", "count", "suppressed"}

// WriteCSV writes cells as CSV with a header row and CRLF line ends (RFC
// 4180), the fields of the JSON: a hidden cell has an empty count and
// suppressed true.
func WriteCSV(w io.Writer, cells []Cell) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(csvColumns); err != nil {
		return err
	}
	for _, c := range cells {
		count := ""
		if c.Count != nil {
			count = strconv.Itoa(*c.Count)
		}
		if err := cw.Write([]string{c.Week.String(), c.Category, c.Area, count, strconv.FormatBool(c.Suppressed)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
