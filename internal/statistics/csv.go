package statistics

import (
	"io"
	"strconv"

	"github.com/samverkan/samverkan/internal/export"
)

// csvColumns is the header of the CSV: the contract's fields.
var csvColumns = []string{"week", "category", "area", "count", "suppressed"}

// WriteCSV writes cells as CSV for Excel with Swedish settings (see
// export.CSV) with a header row, the fields of the JSON: a hidden cell has
// an empty count and suppressed true.
func WriteCSV(w io.Writer, cells []Cell) error {
	cw, err := export.NewCSV(w)
	if err != nil {
		return err
	}
	if err := cw.Write(csvColumns...); err != nil {
		return err
	}
	for _, c := range cells {
		count := ""
		if c.Count != nil {
			count = strconv.Itoa(*c.Count)
		}
		if err := cw.Write(c.Week.String(), c.Category, c.Area, count, strconv.FormatBool(c.Suppressed)); err != nil {
			return err
		}
	}
	return cw.Flush()
}
