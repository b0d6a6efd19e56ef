package crimestats

import (
	"bytes"
	"errors"
	"os"
	"testing"
)

// FuzzParse: whatever the bytes, Parse returns rows it could read (each
// with a known region, a crime and a figure) or an *ImportError naming a
// line; never a panic.
func FuzzParse(f *testing.F) {
	for _, file := range []string{"testdata/bra_sol_dbfil_example.txt", "testdata/bra_sol_export_hela_landet_via_bra_scraper.csv"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Add([]byte("Region;Brott;År;Period;Antal;/100 000 inv;\nMora kommun;Rån;2025 prel.;Kv 1;..;1,5;\n"))
	f.Add([]byte(",crime,crime_id,period,period_id,periodicity,region,region_id,timepoint,value\n0,Rån,1,\"Månad, 2016 Aug\",2,monthly,Mora,3,2016-08-01,12.0\n"))
	r := regions(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := Parse(bytes.NewReader(raw), r)
		if err != nil {
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an ImportError", err)
			}
			if ie.Line < 1 {
				t.Fatalf("error names line %d", ie.Line)
			}
			return
		}
		for _, row := range p.Rows {
			if row.Region.Code == "" || row.Crime == "" || (row.Count == nil && row.Rate == nil) || row.Line < 2 {
				t.Fatalf("row %+v", row)
			}
			if _, ok := ParsePeriodKey(row.Period.Key()); !ok {
				t.Fatalf("period %+v", row.Period)
			}
		}
	})
}
