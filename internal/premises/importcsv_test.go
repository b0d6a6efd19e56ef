package premises

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/charmap"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

const header = "restaurant_number,name,organization_number,holder_name,street_address,postal_code,postal_area,municipality_code,licence_type,serving_hours,lat,lon\n"

func TestParseCSV(t *testing.T) {
	file, err := os.ReadFile("testdata/register.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := ParseCSV(bytes.NewReader(file))
	if err != nil {
		t.Fatalf("ParseCSV(register.csv) error = %v", err)
	}
	var got []string
	for _, r := range rows {
		lat := ""
		if r.Input.Lat != nil {
			lat = strconv.FormatFloat(*r.Input.Lat, 'f', -1, 64)
		}
		got = append(got, strings.Join([]string{strconv.Itoa(r.Line), r.Input.RestaurantNumber, r.Input.Name, r.Input.MunicipalityCode, r.Input.LicenceType, lat}, "|"))
	}
	want := []string{
		"2|20230001|Restaurang Kåtan, Lindvallen|2023|Stadigvarande tillstånd till allmänheten|61.161903",
		"3|20230002|Afterskibaren Tandådalen|2023|permanent_public|61.175556", // a decimal comma
		"5|20620001|Noretgrillen|2062|tillfälligt till allmänheten|",          // after an empty line
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ParseCSV() rows (-want +got):\n%s", diff)
	}

	// As a Swedish spreadsheet saves it: semicolons.
	semi := strings.ReplaceAll(header, ",", ";") + "20230001;Kåtan;556012-5790;Kåtan AB;;;;2023;permanent_public;;;\n"
	if rows, err := ParseCSV(strings.NewReader(semi)); err != nil || len(rows) != 1 || rows[0].Input.Name != "Kåtan" {
		t.Errorf("ParseCSV(semicolons) = %v, %v", rows, err)
	}
	// Columns in another order.
	reordered := "name,restaurant_number,organization_number,holder_name,street_address,postal_code,postal_area,municipality_code,licence_type,serving_hours,lon,lat\n" +
		"Kåtan,20230001,556012-5790,Kåtan AB,,,,2023,permanent_public,,13.19,61.16\n"
	if rows, err := ParseCSV(strings.NewReader(reordered)); err != nil || len(rows) != 1 || *rows[0].Input.Lat != 61.16 {
		t.Errorf("ParseCSV(reordered) = %v, %v", rows, err)
	}
}

func TestParseCSVErrors(t *testing.T) {
	good := "20230001,Kåtan,556012-5790,Kåtan AB,Lindvallen 10,780 67,Sälen,2023,permanent_public,11.00–01.00,61.16,13.19\n"
	tests := []struct {
		name string
		file string
		want ImportError
	}{
		{"empty", "", ImportError{Line: 1, Message: msg("error.import_empty")}},
		{"header only", header, ImportError{Line: 1, Message: msg("error.import_empty")}},
		{"unknown column", strings.Replace(header, "lon", "longitude", 1) + good,
			ImportError{Line: 1, Message: msg("error.import_column_unknown", "longitude", strings.Join(Columns, ","))}},
		{"column twice", strings.Replace(header, "lon", "lat", 1) + good, ImportError{Line: 1, Message: msg("error.import_column_twice", "lat")}},
		{"column missing", strings.Replace(header, ",lon", "", 1) + strings.TrimSuffix(good, ",13.19\n") + "\n",
			ImportError{Line: 1, Message: msg("error.import_columns_missing", "lon")}},
		{"too few fields", header + good + "20230002,Pub\n", ImportError{Line: 3, Message: msg("error.import_field_count", 12)}},
		{"bare quote", header + good + strings.Replace(good, "Kåtan AB", `Kåtan "AB`, 1), ImportError{Line: 3, Message: msg("error.import_syntax")}},
		{"check digit on line 3", header + good + strings.Replace(strings.Replace(good, "20230001", "20230002", 1), "556012-5790", "556012-5791", 1),
			ImportError{Line: 3, Column: "organization_number", Message: msg("error.organization_number_check")}},
		{"restaurant number twice", header + good + "\n" + good,
			ImportError{Line: 4, Column: "restaurant_number", Message: msg("error.restaurant_number_twice", 2)}},
		{"the leftmost error", header + "2023001,,x,,,,,2023,pub,,,\n",
			ImportError{Line: 2, Column: "restaurant_number", Message: msg("error.restaurant_number")}},
		{"not a number", header + strings.Replace(good, "61.16", "61°N", 1), ImportError{Line: 2, Column: "lat", Message: msg("error.number")}},
		{"another municipality's number", header + strings.Replace(good, ",2023,", ",2062,", 1),
			ImportError{Line: 2, Column: "restaurant_number", Message: msg("error.restaurant_number_municipality", "2062")}},
		{"UTF-8 and Windows-1252 in one file", header + good + "20230002,K\xe5tan,556012-5790,K\xe5tan AB,,,,2023,permanent_public,,,\n",
			ImportError{Line: 3, Message: msg("error.import_encoding")}},
		{"a quoted field over lines", header + good + "20230002,\"Två\nrader\",556012-5790,AB,,,,2023,x,,,\n",
			ImportError{Line: 3, Column: "licence_type", Message: msg("error.one_of", strings.Join(LicenceTypes, ", "))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := ParseCSV(strings.NewReader(tt.file))
			var ie *ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("ParseCSV() = %d rows, %v; want an ImportError", len(rows), err)
			}
			if diff := cmp.Diff(tt.want, *ie); diff != "" {
				t.Errorf("ParseCSV() error (-want +got):\n%s", diff)
			}
		})
	}
	big := bytes.Repeat([]byte("x"), MaxImportSize+1)
	if _, err := ParseCSV(bytes.NewReader(big)); err == nil || !strings.Contains(err.Error(), "error.import_too_large") {
		t.Errorf("ParseCSV(too large) error = %v", err)
	}
}

func msg(key string, args ...any) validation.Message { return validation.Message{Key: key, Args: args} }

func TestImportErrorDescribe(t *testing.T) {
	e := &ImportError{Line: 7, Column: "organization_number", Message: msg("error.too_long", 3)}
	say := func(key string, args ...any) string { return key + fmt.Sprint(any(args)) }
	if got, want := e.Describe(say), "import.line[7], organization_number: error.too_long[3]"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	if got, want := e.Error(), "line 7, organization_number: error.too_long"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestImport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		file, err := os.ReadFile("testdata/register.csv")
		if err != nil {
			t.Fatal(err)
		}
		res, err := f.s.ImportCSV(ctx, actor, bytes.NewReader(file))
		if err != nil || res != (ImportResult{Created: 3}) {
			t.Fatalf("ImportCSV() = %v, %v; want 3 created", res, err)
		}
		p, err := f.s.ByRestaurantNumber(ctx, "20230002")
		if err != nil || p.OrganizationNumber != "212000-2023" || *p.Lat != 61.175556 || p.PostalCode != "780 67" {
			t.Errorf("imported %+v, %v", p, err)
		}
		// The same again changes nothing; a changed line is an update that
		// keeps a premises closed by hand closed.
		in := InputOf(p)
		in.Status = Closed
		if _, err := f.s.Update(ctx, actor, p.ID, in); err != nil {
			t.Fatal(err)
		}
		res, err = f.s.ImportCSV(ctx, actor, bytes.NewReader(file))
		if err != nil || res != (ImportResult{Unchanged: 3}) {
			t.Errorf("ImportCSV(again) = %v, %v; want 3 unchanged", res, err)
		}
		changed := bytes.Replace(file, []byte("Afterskibaren AB"), []byte("Afterskibaren i Sälen AB"), 1)
		res, err = f.s.ImportCSV(ctx, actor, bytes.NewReader(changed))
		if err != nil || res != (ImportResult{Updated: 1, Unchanged: 2}) {
			t.Errorf("ImportCSV(changed) = %v, %v", res, err)
		}
		if p, _ := f.s.ByID(ctx, p.ID); p.HolderName != "Afterskibaren i Sälen AB" || p.Status != Closed || p.Version != 3 {
			t.Errorf("after the update: %q, %s, version %d", p.HolderName, p.Status, p.Version)
		}

		// A line the database refuses stops the import and stores nothing:
		// here a municipality code of the right form that does not exist,
		// after a line that alone would be stored.
		premisesBefore, audits := count(t, d, "premises"), count(t, d, "audit_log")
		bad := header + "20230009,Ny,556012-5790,Ny AB,,,,2023,permanent_public,,,\n" +
			"99990001,Okänd,556012-5790,AB,,,,9999,permanent_public,,,\n"
		_, err = f.s.ImportCSV(ctx, actor, strings.NewReader(bad))
		var ie *ImportError
		if !errors.As(err, &ie) || ie.Line != 3 || ie.Column != "municipality_code" || ie.Message.Key != "error.municipality_unknown" {
			t.Errorf("ImportCSV(unknown municipality) error = %#v", err)
		}
		if p, a := count(t, d, "premises"), count(t, d, "audit_log"); p != premisesBefore || a != audits {
			t.Errorf("a refused import stored %d premises and %d audit entries", p-premisesBefore, a-audits)
		}
		if _, err := f.s.Import(ctx, actor, nil); !errors.As(err, &ie) {
			t.Errorf("Import(nothing) error = %v", err)
		}
	})
}

// TestParseCSVFromSwedishExcel: what Excel with Swedish settings saves as
// "CSV (semikolonavgränsad)" — Windows-1252, semicolons, decimal commas —
// reads as the same register.
func TestParseCSVFromSwedishExcel(t *testing.T) {
	file, err := os.ReadFile("testdata/register.csv")
	if err != nil {
		t.Fatal(err)
	}
	want, err := ParseCSV(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	text := strings.TrimPrefix(string(file), "\ufeff")
	r := csv.NewReader(strings.NewReader(text))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Comma, w.UseCRLF = ';', true
	for _, rec := range recs {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	excel, err := charmap.Windows1252.NewEncoder().String(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if utf8.ValidString(excel) {
		t.Fatal("the test file is not Windows-1252: it has no å, ä or ö")
	}
	got, err := ParseCSV(strings.NewReader(excel))
	if err != nil {
		t.Fatalf("ParseCSV(the Excel file) error = %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("ParseCSV(the Excel file) = %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Input.Name != want[i].Input.Name || got[i].Input.RestaurantNumber != want[i].Input.RestaurantNumber ||
			!cmp.Equal(got[i].Input.Lat, want[i].Input.Lat) {
			t.Errorf("row %d = %+v, want %+v", i, got[i].Input, want[i].Input)
		}
	}
}
