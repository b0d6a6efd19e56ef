package surveyweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// answeredSurvey makes a published citizen survey in Sälen with five
// answers: four pins at Lindvallen (one grid cell, above the threshold of
// three), one pin alone far away (below it) whose why and free text would
// run as formulas in a spreadsheet.
func answeredSurvey(t *testing.T, d *db.DB) survey.Survey {
	t.Helper()
	ctx := context.Background()
	store := survey.NewStore(d)
	v, err := store.Create(ctx, audit.System, survey.New{MunicipalityCode: "2023", Template: survey.TemplateCitizen, Title: "Export i Sälen"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.SetStatus(ctx, audit.System, v.ID, survey.Published); err != nil {
		t.Fatal(err)
	}
	places, err := report.NewStore(d).Places(ctx, "2023")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(places, func(p report.Place) bool { return p.Name == "Lindvallen" && p.Lat != nil })
	if i < 0 {
		t.Fatalf("no Lindvallen with coordinates among %d places", len(places))
	}
	lind := places[i]
	for n := range 5 {
		lat, lon, why, text := *lind.Lat+0.0001*float64(n), *lind.Lon, "Mörkt vid liften", "Bättre belysning"
		if n == 4 {
			lat, lon, why, text = 61.30, 12.60, "=HYPERLINK(\"x\")", "=1+1 mer ljus"
		}
		a := survey.Answer{BrowserToken: fmt.Sprintf("export-test-browser-%02d", n), Items: map[string]survey.Item{
			survey.KeySafetyEvening: {Options: []string{"fairly_unsafe"}},
			survey.KeyAvoidPlace:    {Pins: []survey.Pin{{Lat: &lat, Lon: &lon, Why: why}}},
			"improve":               {Text: text},
		}}
		if _, err := store.Submit(ctx, v.ID, a); err != nil {
			t.Fatalf("answer %d: %v", n, err)
		}
	}
	return v
}

// TestResultsExports: the results as CSV, Excel and GeoJSON hold what the
// reader may see: the coordinator everything with the free texts (defused
// in the CSV) and the exact pins; the police the counts, the lone pin's
// cell hidden, no texts and no pins; a reporter nothing.
func TestResultsExports(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		v := answeredSurvey(t, d)
		base := "/surveys/" + strconv.FormatInt(v.ID, 10) + "/results"
		coord, police := ts.SignIn(t, webtest.AsCoordinator), ts.SignIn(t, webtest.AsMember)

		page := coord.Get(t, base)
		for _, ext := range []string{".csv", ".xlsx", ".geojson"} {
			if !strings.Contains(page.Body, `href="`+base+ext+`"`) {
				t.Errorf("the results page has no link to %s", base+ext)
			}
		}

		// CSV: the coordinator's has the free texts, defused.
		res := coord.Get(t, base+".csv")
		if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), "enkat-"+strconv.FormatInt(v.ID, 10)+"-resultat.csv") {
			t.Fatalf("coordinator's CSV = %d %s %s", res.Status, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
		}
		rows := webtest.ReadCSV(t, res.Body)
		if !slices.Equal(rows[0], survey.RowColumns) {
			t.Errorf("CSV header = %v", rows[0])
		}
		find := func(rows [][]string, typ, value string) []string {
			for _, r := range rows {
				if r[4] == typ && (value == "" || r[5] == value) {
					return r
				}
			}
			return nil
		}
		if r := find(rows, survey.RowOption, "fairly_unsafe"); r == nil || r[0] != survey.KeySafetyEvening || r[8] != "5" || r[9] != "1" {
			t.Errorf("CSV row of fairly_unsafe = %v, want 5 answers, share 1", r)
		}
		if r := find(rows, survey.RowPlace, "Lindvallen"); r == nil || r[8] != "4" {
			t.Errorf("CSV row of Lindvallen = %v, want 4", r)
		}
		if !strings.Contains(res.Body, "'=1+1 mer ljus") || !strings.Contains(res.Body, `'=HYPERLINK`) {
			t.Errorf("the coordinator's CSV lacks the defused free text and why:\n%s", res.Body)
		}
		cells := 0
		for _, r := range rows {
			if r[4] == survey.RowCell {
				cells++
			}
		}
		if cells != 2 || find(rows, survey.RowPin, "") == nil {
			t.Errorf("the coordinator's CSV has %d cells and pin %v, want 2 cells and the pins", cells, find(rows, survey.RowPin, ""))
		}

		// The police: counts, the lone cell hidden, no texts, no pins.
		res = police.Get(t, base+".csv")
		if res.Status != 200 {
			t.Fatalf("police CSV = %d", res.Status)
		}
		rows = webtest.ReadCSV(t, res.Body)
		cells = 0
		for _, r := range rows {
			switch r[4] {
			case survey.RowCell:
				cells++
			case survey.RowText, survey.RowPin:
				t.Errorf("the police's CSV has a raw row %v", r)
			}
		}
		if cells != 1 || strings.Contains(res.Body, "HYPERLINK") || strings.Contains(res.Body, "Bättre belysning") {
			t.Errorf("the police's CSV: %d cells, want 1 and no texts", cells)
		}

		// Excel.
		res = coord.Get(t, base+".xlsx")
		if res.Status != 200 || res.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!strings.HasPrefix(res.Body, "PK") {
			t.Errorf("coordinator's workbook = %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		if res := police.Get(t, base+".xlsx"); res.Status != 200 || !strings.HasPrefix(res.Body, "PK") {
			t.Errorf("police's workbook = %d", res.Status)
		}

		// GeoJSON.
		type fc struct {
			Type     string `json:"type"`
			Features []struct {
				Geometry struct {
					Type string `json:"type"`
				} `json:"geometry"`
				Properties map[string]any `json:"properties"`
			} `json:"features"`
		}
		kinds := func(c fc) map[string]int {
			out := map[string]int{}
			for _, f := range c.Features {
				out[f.Geometry.Type+":"+fmt.Sprint(f.Properties["type"])]++
			}
			return out
		}
		var all, agg fc
		res = coord.Get(t, base+".geojson")
		if res.Status != 200 || res.Header.Get("Content-Type") != "application/geo+json" {
			t.Fatalf("coordinator's GeoJSON = %d %s", res.Status, res.Header.Get("Content-Type"))
		}
		if err := json.Unmarshal([]byte(res.Body), &all); err != nil || all.Type != "FeatureCollection" {
			t.Fatalf("GeoJSON = %v %s", err, res.Body)
		}
		if k := kinds(all); k["Point:pin"] != 5 || k["Polygon:cell"] != 2 || k["Point:place"] != 1 {
			t.Errorf("coordinator's features = %v, want 5 pins, 2 cells, Lindvallen", k)
		}
		res = police.Get(t, base+".geojson")
		if err := json.Unmarshal([]byte(res.Body), &agg); err != nil || res.Status != 200 {
			t.Fatalf("police GeoJSON = %d %v", res.Status, err)
		}
		if k := kinds(agg); k["Point:pin"] != 0 || k["Polygon:cell"] != 1 || k["Point:place"] != 1 || strings.Contains(res.Body, "Mörkt") {
			t.Errorf("police's features = %v, want the aggregate only: 1 cell, Lindvallen, no pins", k)
		}

		// A reporter: forbidden; a visitor: not let in.
		reporter := ts.SignIn(t, webtest.AsReporter)
		for _, ext := range []string{".csv", ".xlsx", ".geojson"} {
			if res := reporter.Get(t, base+ext); res.Status != 403 {
				t.Errorf("reporter %s = %d, want 403", ext, res.Status)
			}
			if res := ts.NewClient(t).Get(t, base+ext); res.Status == 200 {
				t.Errorf("anonymous %s = 200", ext)
			}
		}
	})
}
