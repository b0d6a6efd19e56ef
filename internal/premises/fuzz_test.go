package premises

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/validation"
)

// FuzzImportPremises feeds the register reader anything. Whatever it gets,
// it answers either rows that are each valid, on increasing lines, with
// distinct restaurant numbers, and that read back the same when written
// out again; or an ImportError that names a line and a known column.
func FuzzImportPremises(f *testing.F) {
	file, err := os.ReadFile("testdata/register.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(file)
	f.Add([]byte(header))
	f.Add([]byte(""))
	f.Add([]byte("\xef\xbb\xbf"))
	f.Add([]byte(header + "20230001,Kåtan,556012-5790,AB,,,,2023,permanent_public,,,\n"))
	f.Add([]byte(header + "20230001,\"Kåtan\"\"s\",5560125790,AB,,78067,,2023,catering,,\"61,1\",13.2\r\n"))
	f.Add([]byte(header + "20230001,Kåtan,556012-5791,AB,,,,2023,permanent_public,,,\n"))
	f.Add([]byte(header + "20230001,Kåtan,556012-5790,AB,,,,2023,permanent_public,,,\n20230001,Igen,556012-5790,AB,,,,2023,permanent_public,,,\n"))
	f.Add(bytes.ReplaceAll([]byte(header+"20230001;K;556012-5790;AB;;;;2023;permanent_public;;;\n"), []byte(","), []byte(";")))
	f.Add([]byte(header + "20230001,\"open quote,556012-5790\n"))
	f.Add([]byte(header + "2023000\xff,K,556012-5790,AB,,,,2023,permanent_public,,,\n"))
	f.Add([]byte(header + "20230001,K,556012-5790,AB,,,,2023,permanent_public,,NaN,Inf\n"))

	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := ParseCSV(bytes.NewReader(data))
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseCSV() error %v is not an ImportError", err)
			}
			if ie.Line < 1 || ie.Message.Key == "" || (ie.Column != "" && !slices.Contains(Columns, ie.Column)) {
				t.Fatalf("ParseCSV() error %#v names no line, reason or known column", ie)
			}
			if rows != nil {
				t.Fatalf("ParseCSV() returned rows with an error")
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("ParseCSV() returned no rows and no error")
		}
		seen := map[string]bool{}
		for i, r := range rows {
			if i > 0 && r.Line <= rows[i-1].Line {
				t.Fatalf("row %d on line %d, after line %d", i, r.Line, rows[i-1].Line)
			}
			if seen[r.Input.RestaurantNumber] {
				t.Fatalf("restaurant number %s twice", r.Input.RestaurantNumber)
			}
			seen[r.Input.RestaurantNumber] = true
			var e validation.Errors
			r.Input.check(&e)
			if len(e) > 0 {
				t.Fatalf("row on line %d is not valid: %v", r.Line, e)
			}
		}

		// Written out and read again, the rows are the same.
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(Columns)
		for _, r := range rows {
			in := r.Input
			_ = w.Write([]string{in.RestaurantNumber, in.Name, in.OrganizationNumber, in.HolderName, in.StreetAddress,
				in.PostalCode, in.PostalArea, in.MunicipalityCode, in.LicenceType, in.ServingHours, formatFloat(in.Lat), formatFloat(in.Lon)})
		}
		w.Flush()
		again, err := ParseCSV(&buf)
		if err != nil {
			t.Fatalf("ParseCSV(written out) error = %v\n%s", err, buf.String())
		}
		inputs := func(rows []Row) []Input {
			out := make([]Input, len(rows))
			for i, r := range rows {
				out[i] = r.Input
			}
			return out
		}
		if diff := cmp.Diff(inputs(rows), inputs(again)); diff != "" {
			t.Fatalf("rows differ when written out and read again (-first +again):\n%s", diff)
		}
	})
}

func formatFloat(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'g', -1, 64)
}
