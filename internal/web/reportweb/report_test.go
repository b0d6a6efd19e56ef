package reportweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/reportweb"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// reportJSON is a report as the API answers it.
type reportJSON struct {
	ID               string   `json:"id"`
	Source           string   `json:"source"`
	OrganizationID   string   `json:"organization_id"`
	ExternalID       string   `json:"external_id"`
	Category         string   `json:"category"`
	OccurredAt       string   `json:"occurred_at"`
	Week             string   `json:"week"`
	MunicipalityCode string   `json:"municipality_code"`
	Place            string   `json:"place"`
	Area             string   `json:"area"`
	Lat              *float64 `json:"lat"`
	Lon              *float64 `json:"lon"`
	Count            int      `json:"count"`
	Description      string   `json:"description"`
	Visibility       string   `json:"visibility"`
	URL              string   `json:"url"`
}

// newReport makes a report through the API and returns it.
func newReport(t *testing.T, c *webtest.Client, body string) reportJSON {
	t.Helper()
	res := c.SendJSON(t, http.MethodPost, "/api/v1/reports", body)
	if res.Status != http.StatusCreated {
		t.Fatalf("POST /api/v1/reports %s = %d, want 201; body:\n%s", body, res.Status, res.Body)
	}
	var r reportJSON
	webtest.DecodeBody(t, res, &r)
	if res.Header.Get("Location") != "/api/v1/reports/"+r.ID {
		t.Errorf("Location = %q, want /api/v1/reports/%s", res.Header.Get("Location"), r.ID)
	}
	return r
}

func TestAPIReportCreateAndRepeat(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		vakt := ts.API(t, webtest.AsReporter)
		body := fmt.Sprintf(`{"category": "berusade personer", "occurred_at": %q, "municipality_code": "2023",
			"place": "Lindvallen", "count": 3, "assessment": "stökigt", "description": "Tre berusade vid liften.",
			"external_id": "vakt-2026-1"}`, webtest.Occurred(2))
		first := newReport(t, vakt, body)
		if first.Category != "Berusade personer" || first.Place != "Lindvallen" || first.Count != 3 ||
			first.OrganizationID != ts.OrgID(webtest.DemoGuards) || first.Source != "report" || first.Visibility != "municipality" {
			t.Errorf("report = %+v, want the checklist's spelling, Lindvallen, 3, the guards' organisation", first)
		}
		reports := ts.Count(t, "reports")
		// The same external_id again: 200 and the first report, nothing stored.
		res := vakt.SendJSON(t, http.MethodPost, "/api/v1/reports", strings.Replace(body, `"count": 3`, `"count": 9`, 1))
		if res.Status != http.StatusOK {
			t.Fatalf("repeat POST /api/v1/reports = %d, want 200; body:\n%s", res.Status, res.Body)
		}
		var again reportJSON
		webtest.DecodeBody(t, res, &again)
		if again.ID != first.ID || again.Count != 3 {
			t.Errorf("repeat = %+v, want the first report %s with count 3", again, first.ID)
		}
		if n := ts.Count(t, "reports"); n != reports {
			t.Errorf("reports = %d after a repeat, want %d", n, reports)
		}
		// Read back by id.
		res = vakt.Get(t, "/api/v1/reports/"+first.ID)
		var got reportJSON
		webtest.DecodeBody(t, res, &got)
		if res.Status != http.StatusOK || got.ID != first.ID {
			t.Errorf("GET /api/v1/reports/%s = %d %+v", first.ID, res.Status, got)
		}
	})
}

func TestAPIReportRefusesBadInput(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		vakt := ts.API(t, webtest.AsReporter)
		reports, audits := ts.Count(t, "reports"), ts.Count(t, "audit_log")
		body := `{"category": "Snöbollskrig", "occurred_at": "i går", "municipality_code": "2023",
			"place": "Ingenstans", "count": 0, "lat": 59.3, "lon": 2.0}`
		res := vakt.SendJSON(t, http.MethodPost, "/api/v1/reports", body)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /api/v1/reports with bad fields = %d, want 422; body:\n%s", res.Status, res.Body)
		}
		want := map[string]string{
			"category":    "Välj en kategori från kommunens checklista",
			"occurred_at": "Skriv tiden enligt RFC 3339, till exempel 2026-02-21T23:15:00+01:00",
			"place":       "Kommunen har ingen plats med det namnet",
			"count":       "Ange ett heltal från 1 till 1000",
			"lat":         "Positionen ligger utanför Sverige",
		}
		if diff := cmp.Diff(want, webtest.APIErr(t, res).Error.Fields); diff != "" {
			t.Errorf("error fields mismatch (-want +got):\n%s", diff)
		}
		res = vakt.SendJSON(t, http.MethodPost, "/api/v1/reports", body, "Accept-Language", "en")
		if got := webtest.APIErr(t, res).Error.Fields["category"]; got != "Choose a category from the municipality's checklist" {
			t.Errorf("English message = %q", got)
		}
		// A municipality the reporter's organisation does not work in, an
		// organisation that is not theirs, an unknown field, a wrong type.
		for _, tt := range []struct {
			body   string
			status int
			field  string
		}{
			{fmt.Sprintf(`{"category": "Klotter", "occurred_at": %q, "municipality_code": "2062"}`, webtest.Occurred(1)), 422, "organization_id"},
			{fmt.Sprintf(`{"category": "Klotter", "occurred_at": %q, "municipality_code": "2023", "organization_id": %q}`, webtest.Occurred(1), ts.OrgID(webtest.DemoPolice)), 422, "organization_id"},
			{fmt.Sprintf(`{"category": "Klotter", "occurred_at": %q, "municipality_code": "2023", "colour": "red"}`, webtest.Occurred(1)), 422, "colour"},
			{fmt.Sprintf(`{"category": "Klotter", "occurred_at": %q, "municipality_code": "2023", "count": "två"}`, webtest.Occurred(1)), 422, "count"},
			{`{"category": "Klotter", "occurred_at": "2099-01-01T00:00:00Z", "municipality_code": "2023"}`, 422, "occurred_at"},
			{`{"category": "", "municipality_code": "9999"}`, 422, "municipality_code"},
		} {
			res := vakt.SendJSON(t, http.MethodPost, "/api/v1/reports", tt.body)
			if res.Status != tt.status {
				t.Errorf("POST %s = %d, want %d; body:\n%s", tt.body, res.Status, tt.status, res.Body)
				continue
			}
			if _, ok := webtest.APIErr(t, res).Error.Fields[tt.field]; !ok {
				t.Errorf("POST %s: errors %s name no %q", tt.body, res.Body, tt.field)
			}
		}
		if n := ts.Count(t, "reports"); n != reports {
			t.Errorf("reports = %d after refused requests, want %d", n, reports)
		}
		if n := ts.Count(t, "audit_log"); n != audits {
			t.Errorf("audit_log = %d after refused requests, want %d", n, audits)
		}
	})
}

func TestAPIReportPersonalData(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		vakt := ts.API(t, webtest.AsReporter)
		reports := ts.Count(t, "reports")
		body := fmt.Sprintf(`{"category": "Hot eller våld", "occurred_at": %q, "municipality_code": "2023",
			"description": "Mannen (%s) hotade vakten, ring 070-123 45 67."}`, webtest.Occurred(1), webtest.TestPersonnummer)
		res := vakt.SendJSON(t, http.MethodPost, "/api/v1/reports", body)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(webtest.APIErr(t, res).Error.Fields["description"], "personuppgifter") {
			t.Fatalf("POST with a personal identity number = %d %s, want 422 naming personal data", res.Status, res.Body)
		}
		if n := ts.Count(t, "reports"); n != reports {
			t.Fatalf("reports = %d after a refusal, want %d", n, reports)
		}
		r := newReport(t, vakt, strings.Replace(body, `"municipality_code"`, `"redact": true, "municipality_code"`, 1))
		if strings.Contains(r.Description, "9874") || strings.Contains(r.Description, "45 67") ||
			!strings.Contains(r.Description, "[personnummer]") || !strings.Contains(r.Description, "[telefonnummer]") {
			t.Errorf("stored description = %q, want it redacted", r.Description)
		}
	})
}

func TestAPIReportBatch(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		vakt := ts.API(t, webtest.AsReporter)
		reports, audits := ts.Count(t, "reports"), ts.Count(t, "audit_log")
		good := func(ext string) string {
			return fmt.Sprintf(`{"category": "Klotter", "occurred_at": %q, "municipality_code": "2023", "external_id": %q}`, webtest.Occurred(3), ext)
		}
		bad := fmt.Sprintf(`[%s, {"category": "Snöbollskrig", "occurred_at": %q, "municipality_code": "2023"}, %s]`,
			good("b-1"), webtest.Occurred(2), good("b-2"))
		res := vakt.SendJSON(t, http.MethodPost, "/api/v1/reports/batch", bad)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /api/v1/reports/batch with a bad report = %d, want 422; body:\n%s", res.Status, res.Body)
		}
		if diff := cmp.Diff(map[string]string{"1.category": "Välj en kategori från kommunens checklista"}, webtest.APIErr(t, res).Error.Fields); diff != "" {
			t.Errorf("batch errors (-want +got):\n%s", diff)
		}
		if n := ts.Count(t, "reports"); n != reports {
			t.Fatalf("reports = %d after a refused batch, want %d: all or none", n, reports)
		}
		if n := ts.Count(t, "audit_log"); n != audits {
			t.Errorf("audit_log = %d after a refused batch, want %d", n, audits)
		}
		ok := fmt.Sprintf(`[%s, %s]`, good("b-1"), good("b-2"))
		res = vakt.SendJSON(t, http.MethodPost, "/api/v1/reports/batch", ok)
		var out web.ListResponse[reportJSON]
		webtest.DecodeBody(t, res, &out)
		if res.Status != http.StatusCreated || len(out.Items) != 2 || out.Items[0].ExternalID != "b-1" {
			t.Fatalf("POST /api/v1/reports/batch = %d %s, want 201 with two reports", res.Status, res.Body)
		}
		res = vakt.SendJSON(t, http.MethodPost, "/api/v1/reports/batch", ok)
		var again web.ListResponse[reportJSON]
		webtest.DecodeBody(t, res, &again)
		if res.Status != http.StatusOK || len(again.Items) != 2 || again.Items[1].ID != out.Items[1].ID {
			t.Errorf("the same batch again = %d %s, want 200 with the first reports", res.Status, res.Body)
		}
		if n := ts.Count(t, "reports"); n != reports+2 {
			t.Errorf("reports = %d, want %d", n, reports+2)
		}
		// The organisations of a batch must agree.
		res = vakt.SendJSON(t, http.MethodPost, "/api/v1/reports/batch",
			fmt.Sprintf(`[{"category": "Klotter", "occurred_at": %q, "municipality_code": "2023", "organization_id": %q}]`, webtest.Occurred(1), ts.OrgID(webtest.DemoMalung)))
		if res.Status != http.StatusUnprocessableEntity || webtest.APIErr(t, res).Error.Fields["0.organization_id"] == "" {
			t.Errorf("a batch for another's organisation = %d %s, want 422 on 0.organization_id", res.Status, res.Body)
		}
		for body, status := range map[string]int{`[]`: 422, `{}`: 400} {
			if res := vakt.SendJSON(t, http.MethodPost, "/api/v1/reports/batch", body); res.Status != status {
				t.Errorf("POST /api/v1/reports/batch %s = %d, want %d", body, res.Status, status)
			}
		}
	})
}

// TestReportVisibility: a reporter never gets another organisation's raw
// report, in the list, by id, as a page or in an export; the parties of
// the municipality read what is shared with them, and the coordinators
// what is kept to one organisation too.
func TestReportVisibility(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		vakt, krog := ts.API(t, webtest.AsReporter), ts.APIAs(t, webtest.KrogEmail)
		body := func(desc, visibility string) string {
			return fmt.Sprintf(`{"category": "Ordningsstörning", "occurred_at": %q, "municipality_code": "2023", "place": "Tandådalen",
				"description": %q, "visibility": %q, "lat": 61.18, "lon": 12.99}`, webtest.Occurred(1), desc, visibility)
		}
		own := newReport(t, vakt, body("Vaktens egen rapport", "municipality"))
		shared := newReport(t, krog, body("Krogens delade rapport", "municipality"))
		private := newReport(t, krog, body("Krogens interna rapport", "organization"))

		ids := func(c *webtest.Client, query string) []string {
			t.Helper()
			var out []string
			cursor := ""
			for {
				res := c.Get(t, "/api/v1/reports?limit=1000&municipality_code=2023&from="+clocktest.Now().AddDate(0, 0, -2).Format("2006-01-02")+query+"&cursor="+url.QueryEscape(cursor))
				if res.Status != http.StatusOK {
					t.Fatalf("GET /api/v1/reports = %d; body:\n%s", res.Status, res.Body)
				}
				var page web.ListResponse[reportJSON]
				webtest.DecodeBody(t, res, &page)
				for _, r := range page.Items {
					out = append(out, r.ID)
				}
				if page.NextCursor == "" {
					return out
				}
				cursor = page.NextCursor
			}
		}
		for _, tt := range []struct {
			name       string
			c          *webtest.Client
			see, notSe []reportJSON
		}{
			{"reporter of the guards", vakt, []reportJSON{own}, []reportJSON{shared, private}},
			{"reporter of the restaurant", krog, []reportJSON{shared, private}, []reportJSON{own}},
			{"police member", ts.API(t, webtest.AsMember), []reportJSON{own, shared}, []reportJSON{private}},
			{"coordinator of Malung-Sälen", ts.API(t, webtest.AsCoordinator), []reportJSON{own, shared, private}, nil},
			{"coordinator of Mora", ts.APIAs(t, webtest.MoraCoordEmail), nil, []reportJSON{own, shared, private}},
			{"administrator", ts.API(t, webtest.AsAdmin), []reportJSON{own, shared, private}, nil},
		} {
			list := ids(tt.c, "")
			for _, r := range tt.see {
				if !slices.Contains(list, r.ID) {
					t.Errorf("%s: the list lacks %q", tt.name, r.Description)
				}
				if res := tt.c.Get(t, "/api/v1/reports/"+r.ID); res.Status != http.StatusOK {
					t.Errorf("%s: GET /api/v1/reports/%s (%q) = %d, want 200", tt.name, r.ID, r.Description, res.Status)
				}
			}
			for _, r := range tt.notSe {
				if slices.Contains(list, r.ID) {
					t.Errorf("%s: the list has %q", tt.name, r.Description)
				}
				if res := tt.c.Get(t, "/api/v1/reports/"+r.ID); res.Status != http.StatusNotFound {
					t.Errorf("%s: GET /api/v1/reports/%s (%q) = %d, want 404", tt.name, r.ID, r.Description, res.Status)
				}
			}
		}

		// The pages and the exports of the reporter of the guards.
		page := ts.Session(t, webtest.AsReporter)
		for _, r := range []reportJSON{shared, private} {
			if res := page.Get(t, "/reports/"+r.ID); res.Status != http.StatusNotFound {
				t.Errorf("GET /reports/%s as the guards' reporter = %d, want 404", r.ID, res.Status)
			}
		}
		res := page.Get(t, "/reports?municipality_code=2023")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `href="/reports/`+own.ID+`"`) {
			t.Errorf("GET /reports as the guards' reporter = %d, want 200 listing their own report", res.Status)
		}
		for _, r := range []reportJSON{shared, private} {
			if strings.Contains(res.Body, `"/reports/`+r.ID+`"`) {
				t.Errorf("GET /reports as the guards' reporter lists another organisation's report %s", r.ID)
			}
		}
		from := "&from=" + clocktest.Now().AddDate(0, 0, -2).Format("2006-01-02")
		csvRes := page.Get(t, "/reports.csv?municipality_code=2023"+from)
		if csvRes.Status != http.StatusOK {
			t.Fatalf("GET /reports.csv = %d; body:\n%.500s", csvRes.Status, csvRes.Body)
		}
		rows := webtest.ReadCSV(t, csvRes.Body)
		if len(rows) < 2 || rows[0][0] != "id" {
			t.Fatalf("GET /reports.csv: rows %q", rows)
		}
		var csvIDs []string
		for _, row := range rows[1:] {
			csvIDs = append(csvIDs, row[0])
		}
		if !slices.Contains(csvIDs, own.ID) || slices.Contains(csvIDs, shared.ID) || slices.Contains(csvIDs, private.ID) {
			t.Errorf("CSV ids %v: want %s and neither %s nor %s", csvIDs, own.ID, shared.ID, private.ID)
		}
		geo := page.Get(t, "/reports.geojson?municipality_code=2023"+from)
		var fc struct {
			Type     string `json:"type"`
			Features []struct {
				ID       string `json:"id"`
				Geometry *struct {
					Coordinates [2]float64 `json:"coordinates"`
				} `json:"geometry"`
			} `json:"features"`
		}
		if err := json.Unmarshal([]byte(geo.Body), &fc); err != nil || fc.Type != "FeatureCollection" {
			t.Fatalf("GET /reports.geojson = %d, %v; body:\n%.500s", geo.Status, err, geo.Body)
		}
		var geoIDs []string
		for _, f := range fc.Features {
			geoIDs = append(geoIDs, f.ID)
			if f.ID == own.ID && (f.Geometry == nil || f.Geometry.Coordinates != [2]float64{12.99, 61.18}) {
				t.Errorf("GeoJSON of %s: geometry %+v, want the pin, longitude first", own.ID, f.Geometry)
			}
		}
		if !slices.Contains(geoIDs, own.ID) || slices.Contains(geoIDs, shared.ID) || slices.Contains(geoIDs, private.ID) {
			t.Errorf("GeoJSON ids %v: want %s and neither %s nor %s", geoIDs, own.ID, shared.ID, private.ID)
		}
	})
}

// TestPoliceEventsInTheList: police events are their own source, link to
// polisen.se and have no position, in the API, the page and the GeoJSON.
func TestPoliceEventsInTheList(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		if ts.Count(t, "reports WHERE source = 'polisen'") == 0 {
			t.Fatal("the demo has no police events; it embeds those of Dalarna")
		}
		res := ts.API(t, webtest.AsMember).Get(t, "/api/v1/reports?source=polisen&municipality_code=2062&limit=20")
		var page web.ListResponse[reportJSON]
		webtest.DecodeBody(t, res, &page)
		if res.Status != http.StatusOK || len(page.Items) == 0 {
			t.Fatalf("GET /api/v1/reports?source=polisen = %d with %d items", res.Status, len(page.Items))
		}
		for _, r := range page.Items {
			if r.Source != "polisen" || r.Lat != nil || r.Lon != nil || !strings.HasPrefix(r.URL, "https://polisen.se/") {
				t.Errorf("police event %+v: want source polisen, no position, a polisen.se link", r)
			}
		}
		html := ts.Session(t, webtest.AsMember).Get(t, "/reports?source=polisen&municipality_code=2062")
		if html.Status != http.StatusOK || !strings.Contains(html.Body, `href="`+page.Items[0].URL+`"`) || !strings.Contains(html.Body, "badge-police") {
			t.Errorf("GET /reports?source=polisen = %d, want the events marked Polisen with their links", html.Status)
		}
		if strings.Contains(html.Body, `id="reports-map"`) {
			t.Errorf("a list of police events only has a map; their positions are the municipality's centre")
		}
		geo := ts.Session(t, webtest.AsMember).Get(t, "/reports.geojson?source=polisen&municipality_code=2062")
		if !strings.Contains(geo.Body, `"geometry":null`) || strings.Contains(geo.Body, `"type":"Point"`) {
			t.Errorf("GeoJSON of police events: want every geometry null; body:\n%.500s", geo.Body)
		}
	})
}

type placeCountJSON struct {
	Place string `json:"place"`
	Count int    `json:"count"`
}

func TestAPISituation(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord := ts.API(t, webtest.AsCoordinator)
		week := report.WeekOf(clocktest.Now())
		if week.Start().Add(26 * time.Hour).After(clocktest.Now()) {
			week = week.Add(-1) // early on a Monday: Tuesday is still to come
		}
		newReport(t, ts.API(t, webtest.AsReporter), fmt.Sprintf(`{"category": "Klotter", "occurred_at": %q, "municipality_code": "2023", "place": "Lindvallen", "count": 2}`,
			week.Start().Add(26*time.Hour).UTC().Format(time.RFC3339)))
		res := coord.Get(t, "/api/v1/situation?municipality_code=2023&week="+week.String())
		if res.Status != http.StatusOK {
			t.Fatalf("GET /api/v1/situation = %d; body:\n%s", res.Status, res.Body)
		}
		var sit struct {
			MunicipalityCode string `json:"municipality_code"`
			Week, From, To   string
			Total            int
			ByCategory       []struct {
				Category     string  `json:"category"`
				Count        int     `json:"count"`
				PreviousWeek int     `json:"previous_week"`
				BaselineMean float64 `json:"baseline_mean"`
			} `json:"by_category"`
			ByPlace     []placeCountJSON `json:"by_place"`
			HourWeekday [][]int          `json:"hour_weekday"`
			Flags       []struct{ Kind, Subject, Reason string }
		}
		webtest.DecodeBody(t, res, &sit)
		if sit.MunicipalityCode != "2023" || sit.Week != week.String() || sit.Total < 2 || len(sit.HourWeekday) != 7 || len(sit.HourWeekday[0]) != 24 ||
			sit.HourWeekday[1][2] < 2 || !slices.ContainsFunc(sit.ByPlace, func(p placeCountJSON) bool { return p.Place == "Lindvallen" && p.Count >= 2 }) {
			t.Errorf("situation = %+v; want this week's Klotter at Lindvallen on Tuesday 02", sit)
		}
		// The week defaults to this one.
		if res := coord.Get(t, "/api/v1/situation?municipality_code=2023"); !strings.Contains(res.Body, `"week":"`+report.WeekOf(clocktest.Now()).String()+`"`) {
			t.Errorf("GET /api/v1/situation without a week: %.200s, want this week", res.Body)
		}
		for _, tt := range []struct {
			c      *webtest.Client
			query  string
			status int
			field  string
		}{
			{coord, "municipality_code=2062&week=2026-W08", 403, ""}, // Mora is not hers
			{coord, "municipality_code=2023&week=2025-W53", 422, "week"},
			{coord, "municipality_code=2023&week=2026-W08&area=Atlantis", 422, "area"},
			{coord, "municipality_code=9999&week=2026-W08", 422, "municipality_code"},
			{ts.APIAs(t, webtest.MoraCoordEmail), "municipality_code=2062&week=2026-W08&area=Noret", 200, ""},
		} {
			res := tt.c.Get(t, "/api/v1/situation?"+tt.query)
			if res.Status != tt.status {
				t.Errorf("GET /api/v1/situation?%s = %d, want %d; body:\n%.300s", tt.query, res.Status, tt.status, res.Body)
				continue
			}
			if tt.field != "" && webtest.APIErr(t, res).Error.Fields[tt.field] == "" {
				t.Errorf("GET /api/v1/situation?%s: %s names no %s", tt.query, res.Body, tt.field)
			}
		}
	})
}

func TestAPIMunicipalitySettings(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord, vakt := ts.API(t, webtest.AsCoordinator), ts.API(t, webtest.AsReporter)
		var m struct {
			Code                 string   `json:"code"`
			Name                 string   `json:"name"`
			Categories           []string `json:"categories"`
			PublicStatistics     bool     `json:"public_statistics"`
			SuppressionThreshold int      `json:"suppression_threshold"`
			Places               []struct {
				Name string `json:"name"`
			} `json:"places"`
			Areas []string `json:"areas"`
		}
		// The demo publishes Malung-Sälen's statistics at the default
		// threshold.
		res := vakt.Get(t, "/api/v1/municipalities/2023")
		webtest.DecodeBody(t, res, &m)
		if res.Status != http.StatusOK || m.Name != "Malung-Sälen" || !slices.Equal(m.Categories, report.DefaultCategories) ||
			!m.PublicStatistics || m.SuppressionThreshold != 3 {
			t.Fatalf("GET /api/v1/municipalities/2023 = %d %+v", res.Status, m)
		}
		if res := vakt.Get(t, "/api/v1/municipalities/0000"); res.Status != http.StatusNotFound {
			t.Errorf("GET /api/v1/municipalities/0000 = %d, want 404", res.Status)
		}

		audits := ts.Count(t, "audit_log")
		for _, tt := range []struct {
			c      *webtest.Client
			code   string
			body   string
			status int
		}{
			{coord, "2062", `{"categories": ["Klotter"]}`, 403},                                    // not her municipality
			{coord, "2062", `{"public_statistics": true}`, 403},                                    // nor her statistics
			{coord, "2023", `{"public_statistics": "yes"}`, 422},                                   // a boolean
			{coord, "2023", `{"suppression_threshold": 2}`, 422},                                   // never below 3
			{coord, "2023", `{"suppression_threshold": 2, "categories": ["Klotter"]}`, 422},        // nothing of it stored
			{coord, "2023", `{"suppression_threshold": 3.5}`, 422},                                 // a whole number
			{coord, "2023", `{"categories": ["Klotter"], "public_statistics": null, "x": 1}`, 422}, // unknown field
			{coord, "2023", `{"categories": []}`, 422},                                             // at least one
			{coord, "2023", `{"categories": ["Klotter", "klotter"]}`, 422},                         // twice
			{coord, "2023", `{"categories": ["Klotter"], "colour": "blue"}`, 422},                  // unknown field
		} {
			res := tt.c.SendJSON(t, http.MethodPatch, "/api/v1/municipalities/"+tt.code, tt.body)
			if res.Status != tt.status {
				t.Errorf("PATCH /api/v1/municipalities/%s %s = %d, want %d; body:\n%s", tt.code, tt.body, res.Status, tt.status, res.Body)
			}
		}
		if n := ts.Count(t, "audit_log"); n != audits {
			t.Errorf("audit_log = %d after refused changes, want %d", n, audits)
		}
		if got, _ := report.NewStore(d).Categories(context.Background(), "2023"); !slices.Equal(got, report.DefaultCategories) {
			t.Errorf("categories after refused changes = %q", got)
		}
		res = coord.SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023",
			`{"categories": ["Berusade personer", "Fylla i liftkön", "Övrigt"], "public_statistics": false, "suppression_threshold": 4}`)
		webtest.DecodeBody(t, res, &m)
		if res.Status != http.StatusOK || !slices.Equal(m.Categories, []string{"Berusade personer", "Fylla i liftkön", "Övrigt"}) ||
			m.PublicStatistics || m.SuppressionThreshold != 4 {
			t.Fatalf("PATCH categories and statistics = %d %s", res.Status, res.Body)
		}
		// Reports now choose from the new checklist.
		newReport(t, vakt, fmt.Sprintf(`{"category": "fylla i liftkön", "occurred_at": %q, "municipality_code": "2023"}`, webtest.Occurred(1)))
		res = vakt.SendJSON(t, http.MethodPost, "/api/v1/reports", fmt.Sprintf(`{"category": "Klotter", "occurred_at": %q, "municipality_code": "2023"}`, webtest.Occurred(1)))
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("a report of a category no longer on the checklist = %d, want 422", res.Status)
		}
		if form := ts.Session(t, webtest.AsReporter).Get(t, "/reports/new"); !strings.Contains(form.Body, "Fylla i liftkön") || strings.Contains(form.Body, ">Klotter<") {
			t.Errorf("the report form does not offer the new checklist")
		}
	})
}

// TestAPIMunicipalityPlaces: the contract's PATCH of a municipality's
// places, [{name, lat, lon}], replaces its named places: a place in the
// list keeps its reports, a new one is offered to reporters at once, one
// left out is gone; a place that reports were made at cannot be left out,
// and a wrong request, places and other fields together, stores nothing
// and says every error.
func TestAPIMunicipalityPlaces(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord, vakt := ts.API(t, webtest.AsCoordinator), ts.API(t, webtest.AsReporter)
		type place struct {
			Name string   `json:"name"`
			Lat  *float64 `json:"lat"`
			Lon  *float64 `json:"lon"`
		}
		var m struct {
			Places []place `json:"places"`
		}
		webtest.DecodeBody(t, vakt.Get(t, "/api/v1/municipalities/2023"), &m)
		// The demo's reports are made at the shipped places: each must stay.
		var keep []string
		for _, p := range m.Places {
			keep = append(keep, fmt.Sprintf(`{"name": %q, "lat": %v, "lon": %v}`, p.Name, *p.Lat, *p.Lon))
		}
		if len(keep) < 7 {
			t.Fatalf("Malung-Sälen has %d places, want the 7 shipped", len(keep))
		}

		audits := ts.Count(t, "audit_log")
		for _, tt := range []struct {
			body   string
			fields []string
		}{
			{`{"places": [{"name": "Lindvallen"}]}`, []string{"places"}}, // the others have reports
			{`{"places": [` + strings.Join(keep, ", ") + `, {"name": "Kläppen"}, {"name": "Gammelgården", "lat": 61.2}]}`,
				[]string{"places.7.name", "places.8.lon"}},
			{`{"places": [` + strings.Join(keep, ", ") + `, {"name": "Gammelgården", "lat": 61.2, "lon": 13.2}], "categories": []}`,
				[]string{"categories"}},
			{`{"places": [{"name": ""}], "suppression_threshold": 2}`, []string{"places.0.name", "suppression_threshold", "places"}},
			{`{"places": [{"name": "X", "altitude": 900}]}`, nil}, // an unknown field
		} {
			res := coord.SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023", tt.body)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("PATCH %s = %d, want 422; body:\n%s", tt.body, res.Status, res.Body)
				continue
			}
			got := webtest.APIErr(t, res).Error.Fields
			for _, f := range tt.fields {
				if got[f] == "" {
					t.Errorf("PATCH %s: no error on %s in %v", tt.body, f, got)
				}
			}
		}
		if n := ts.Count(t, "audit_log"); n != audits {
			t.Errorf("audit_log = %d after refused changes, want %d", n, audits)
		}
		if res := ts.API(t, webtest.AsMember).SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023", `{"places": []}`); res.Status != http.StatusForbidden {
			t.Errorf("PATCH places as a member of the police = %d, want 403", res.Status)
		}

		// A new place with a pin, and the list otherwise as it was.
		res := coord.SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023",
			`{"places": [`+strings.Join(keep, ", ")+`, {"name": "Gammelgården", "lat": 61.2, "lon": 13.2}]}`)
		webtest.DecodeBody(t, res, &m)
		if res.Status != http.StatusOK || len(m.Places) != len(keep)+1 {
			t.Fatalf("PATCH places = %d, %d places; body:\n%s", res.Status, len(m.Places), res.Body)
		}
		if res := vakt.Get(t, "/api/v1/municipalities/2023"); !strings.Contains(res.Body, `"name":"Gammelgården"`) {
			t.Errorf("the settings read back lack the new place:\n%.500s", res.Body)
		}
		newReport(t, vakt, fmt.Sprintf(`{"category": "Nedskräpning", "occurred_at": %q, "municipality_code": "2023", "place": "gammelgården"}`, webtest.Occurred(1)))
		if n := ts.Count(t, "audit_log WHERE entity = 'places' AND entity_id = '2023'"); n != 1 {
			t.Errorf("%d audit entries of Malung-Sälen's places, want 1", n)
		}
		// Now it has a report, it stays; taken out of a list with the
		// others, it is refused.
		res = coord.SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023", `{"places": [`+strings.Join(keep, ", ")+`]}`)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(webtest.APIErr(t, res).Error.Fields["places"], "Gammelgården") {
			t.Errorf("PATCH without the place with a report = %d %s, want 422 naming it", res.Status, res.Body)
		}
	})
}

// TestReportFormFlow: the form keeps what was typed and shows every error;
// personal data is warned about, nothing is stored until the reporter
// chooses the redacted text, and then the confirmation shows the report.
func TestReportFormFlow(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.Session(t, webtest.AsReporter)
		res := c.Get(t, "/reports/new")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Fjällvakterna Ordningsvakter AB (demo)") ||
			!strings.Contains(res.Body, `value="Berusade personer"`) || !strings.Contains(res.Body, `<option value="Lindvallen">`) {
			t.Fatalf("GET /reports/new = %d, want the form for the guards in Malung-Sälen; body:\n%.2000s", res.Status, res.Body)
		}
		reports := ts.Count(t, "reports")

		// Everything wrong at once, and what was typed kept.
		form := url.Values{"municipality_code": {"2023"}, "when": {"other"}, "occurred_at": {"i morgon"}, "lat": {"61,0x"},
			"lon": {"13,1"}, "count": {"0"}, "description": {"Stökigt vid entrén."}, "visibility": {"municipality"}}
		res = c.PostForm(t, "/reports", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /reports with errors = %d, want 422", res.Status)
		}
		for _, want := range []string{"#f-category", "#f-occurred-at", "#f-lat", "#f-count", "Stökigt vid entrén.", `value="i morgon"`, `value="61,0x"`, "Vad såg du?: Välj ett av alternativen"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the form with errors lacks %q", want)
			}
		}

		// Personal data: a warning with what was found and the redacted text.
		form = url.Values{"municipality_code": {"2023"}, "when": {"yesterday_evening"}, "category": {"Hot eller våld"},
			"place": {"Lindvallen"}, "count": {"2"}, "description": {"Gästen " + webtest.TestPersonnummer + " hotade personalen."}, "visibility": {"municipality"}}
		res = c.PostForm(t, "/reports", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /reports with a personal identity number = %d, want 422", res.Status)
		}
		for _, want := range []string{"Texten innehåller personuppgifter", "personnummer", webtest.TestPersonnummer,
			"Gästen [personnummer] hotade personalen.", `name="redact" value="1"`, "Spara med maskerad text"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the warning lacks %q; body:\n%.3000s", want, res.Body)
			}
		}
		if n := ts.Count(t, "reports"); n != reports {
			t.Fatalf("reports = %d after the warning, want %d: nothing is stored until the reporter chooses", n, reports)
		}

		// The reporter chooses the redacted text.
		form.Set("redact", "1")
		res = c.PostForm(t, "/reports", form)
		loc := res.Header.Get("Location")
		if res.Status != http.StatusSeeOther || !regexp.MustCompile(`^/reports/[0-9]+$`).MatchString(loc) {
			t.Fatalf("POST /reports with redact = %d to %q, want 303 to the report; body:\n%.1000s", res.Status, loc, res.Body)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(loc, "/reports/"), 10, 64)
		stored, err := report.NewStore(d).Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if stored.Description != "Gästen [personnummer] hotade personalen." || stored.Count != 2 || stored.Place != "Lindvallen" ||
			stored.OrganizationID != ts.OrgIDs[webtest.DemoGuards] {
			t.Errorf("stored report = %+v", stored)
		}
		// Yesterday evening is 21:00 yesterday, Swedish time.
		sweden := stored.OccurredAt
		yesterday := clocktest.Now().In(sweden.Location()).AddDate(0, 0, -1)
		if sweden.Hour() != 21 || sweden.Day() != yesterday.Day() {
			t.Errorf("occurred_at = %s, want yesterday at 21:00", sweden)
		}
		page := c.Get(t, loc)
		for _, want := range []string{"Tack! Rapporten är sparad.", "Gästen [personnummer] hotade personalen.", "Rapportera en till",
			"/reports/new?municipality_code=2023&amp;organization_id="} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the confirmation lacks %q", want)
			}
		}
		if strings.Contains(page.Body, "9874") {
			t.Errorf("the confirmation shows the personal identity number")
		}
	})
}

// TestReportFormChoices: a user of several municipalities chooses one
// first; a user of several organisations there chooses one; an
// administrator without one is told why there is no form.
func TestReportFormChoices(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.Session(t, webtest.AsMember)
		res := police.Get(t, "/reports/new")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `href="/reports/new?municipality_code=2062"`) || strings.Contains(res.Body, `name="category"`) {
			t.Errorf("GET /reports/new as the police = %d, want a choice of municipality first", res.Status)
		}
		if res := police.Get(t, "/reports/new?municipality_code=2062"); !strings.Contains(res.Body, `name="category"`) || !strings.Contains(res.Body, "Noret") {
			t.Errorf("GET /reports/new?municipality_code=2062 as the police: want the form for Mora")
		}
		if res := ts.Session(t, webtest.AsAdmin).Get(t, "/reports/new"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Rapporter görs alltid för en organisation") {
			t.Errorf("GET /reports/new as the administrator = %d, want why there is no form", res.Status)
		}

		// The reporter of the guards joins the restaurant too: two
		// organisations in Malung-Sälen, so the form asks which.
		if err := webtest.SetMembership(ts, webtest.DemoEmail[webtest.AsReporter], "Restaurang Kåtan, Lindvallen (demo)"); err != nil {
			t.Fatal(err)
		}
		c := ts.SignIn(t, webtest.AsReporter)
		res = c.Get(t, "/reports/new")
		if !strings.Contains(res.Body, `<select id="f-organization-id" name="organization_id"`) {
			t.Fatalf("GET /reports/new with two organisations: want a choice of organisation; body:\n%.2000s", res.Body)
		}
		form := url.Values{"municipality_code": {"2023"}, "when": {"now"}, "category": {"Klotter"}, "count": {"1"}, "visibility": {"municipality"}}
		res = c.PostForm(t, "/reports", form)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Välj vilken organisation du rapporterar för") {
			t.Errorf("POST /reports without an organisation = %d, want 422 asking for one", res.Status)
		}
		form.Set("organization_id", ts.OrgID(webtest.DemoPolice))
		if res := c.PostForm(t, "/reports", form); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST /reports for the police by a guard = %d, want 422", res.Status)
		}
		form.Set("organization_id", ts.OrgID("Restaurang Kåtan, Lindvallen (demo)"))
		res = c.PostForm(t, "/reports", form)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /reports for the restaurant = %d, want 303; body:\n%.1000s", res.Status, res.Body)
		}
		id, _ := strconv.ParseInt(strings.TrimPrefix(res.Header.Get("Location"), "/reports/"), 10, 64)
		if r, err := report.NewStore(d).Get(context.Background(), id); err != nil || r.OrganizationID != ts.OrgIDs["Restaurang Kåtan, Lindvallen (demo)"] {
			t.Errorf("report %d made for organisation %d, want the restaurant (%v)", id, r.OrganizationID, err)
		}
	})
}

// TestSituationPage: the weekly picture in words, tables, a chart and a
// map, with one-click moves between weeks, municipalities and areas.
func TestSituationPage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.SignInAs(t, webtest.MoraCoordEmail)
		if res := c.Get(t, "/situation"); res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/situation/2062" {
			t.Errorf("GET /situation as Mora's coordinator = %d to %q, want 303 to /situation/2062", res.Status, res.Header.Get("Location"))
		}
		// The demo's week of vandalism at Noret is six weeks back; any
		// week will do for the rest.
		week := report.WeekOf(clocktest.Now()).Add(-6)
		path := "/situation/2062?week=" + week.String()
		res := c.Get(t, path)
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s = %d; body:\n%.1000s", path, res.Status, res.Body)
		}
		var sit report.Situation
		webtest.DecodeBody(t, ts.APIAs(t, webtest.MoraCoordEmail).Get(t, "/api/v1/situation?municipality_code=2062&week="+week.String()), &sit)
		b := &web.Base{Localizer: ts.Srv.Bundle().For("sv")}
		for _, f := range sit.Flags {
			subject := f.Category
			if f.Place != "" {
				subject = f.Category + " vid " + f.Place
			}
			want := fmt.Sprintf("%s: %d rapporter, normalt %s", subject, f.Count, b.Decimal(f.BaselineMean, 1))
			if !strings.Contains(res.Body, want) {
				t.Errorf("the page lacks the flag %q", want)
			}
		}
		for _, want := range []string{
			fmt.Sprintf("Lägesbild Mora, vecka %d, %d", week.Number, week.Year),
			`<table class="heat"`, `<th scope="col">mån</th>`, `<th scope="row">23</th>`,
			`<svg class="trend"`, `role="img"`, `<details class="method" id="method">`, "ensidigt Poisson-test",
			`href="/situation/2062?week=` + week.Add(-1).String() + `"`,
			`href="/situation/2062?week=` + week.Add(1).String() + `"`,
			`href="/situation/2062?area=Noret&amp;week=` + week.String() + `"`,
			fmt.Sprintf("%d</span> rapporter den här veckan", sit.Total),
		} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("GET %s lacks %q", path, want)
			}
		}
		if strings.Contains(res.Body, `style="`) {
			t.Errorf("GET %s has an inline style", path)
		}
		// An area, and this week without a "next".
		if res := c.Get(t, "/situation/2062?area=Noret"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Lägesbild Noret i Mora") ||
			strings.Contains(res.Body, `rel="next"`) {
			t.Errorf("GET /situation/2062?area=Noret = %d, want Noret this week with no next week", res.Status)
		}
		for _, tt := range []struct {
			path   string
			status int
		}{
			{"/situation/2023", 403}, // not his municipality
			{"/situation/2062?week=2026-W99", 422},
			{"/situation/2062?area=Atlantis", 422},
			{"/situation/abcd", 404},
		} {
			if res := c.Get(t, tt.path); res.Status != tt.status {
				t.Errorf("GET %s = %d, want %d", tt.path, res.Status, tt.status)
			}
		}
		// The police work in four municipalities: one click between them.
		res = ts.Session(t, webtest.AsMember).Get(t, "/situation")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `href="/situation/2023"`) || !strings.Contains(res.Body, `href="/situation/2062"`) {
			t.Errorf("GET /situation as the police = %d, want a choice of municipalities", res.Status)
		}
		if res := ts.Session(t, webtest.AsMember).Get(t, "/situation/2023"); !strings.Contains(res.Body, `href="/situation/2062?week=`) {
			t.Errorf("the police's picture of Malung-Sälen has no link to Mora's")
		}
	})
}

// TestReportKeysExist: the message keys the report pages complete at run
// time exist in both languages.
func TestReportKeysExist(t *testing.T) {
	t.Parallel()
	bundle := webtest.LoadBundle(t)
	var keys []string
	for _, c := range reportweb.WhenChoices {
		keys = append(keys, "report.when."+c)
	}
	for _, v := range report.Visibilities {
		keys = append(keys, "report.visibility."+v)
	}
	for _, src := range []string{report.SourceReport, report.SourcePolisen} {
		keys = append(keys, "report.source."+src)
	}
	for _, k := range pii.Kinds {
		keys = append(keys, "pii."+string(k))
	}
	for d := range 7 {
		keys = append(keys, fmt.Sprintf("situation.weekday.%d", d))
	}
	for _, f := range reportweb.ReportFields {
		keys = append(keys, "report.field."+f, "field."+f)
	}
	for _, k := range keys {
		if !bundle.Has(k) {
			t.Errorf("message key %s is not in the catalogue", k)
		}
	}
}

// TestReportFormOffline: what report-offline.js relies on. The form comes
// with a fresh external_id, so that a double-tapped submit makes one
// report; the same address answers JSON when asked, with the first report
// for a repeat of the external_id, and the errors as the API's body;
// filed_at is the "now" of the quick choices; a report from the phone's
// queue is not thanked for on the next page; same-origin requests pass the
// cross-origin protection and others do not.
func TestReportFormOffline(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.SignIn(t, webtest.AsReporter)
		idRE := regexp.MustCompile(`<input type="hidden" name="external_id" value="([0-9a-f-]{36})">`)
		first, second := idRE.FindStringSubmatch(c.Get(t, "/reports/new").Body), idRE.FindStringSubmatch(c.Get(t, "/reports/new").Body)
		if first == nil || second == nil || first[1] == second[1] {
			t.Fatalf("the form's external ids = %v and %v, want two different UUIDs", first, second)
		}
		for _, want := range []string{`id="offline-queue"`, `data-user="` + strconv.FormatInt(ts.UserID[webtest.DemoEmail[webtest.AsReporter]], 10) + `"`,
			`data-waiting-many="%d rapporter väntar på att skickas."`, "report-offline."} {
			if !strings.Contains(c.Get(t, "/reports/new").Body, want) {
				t.Errorf("the form lacks %q", want)
			}
		}

		// A double-tapped submit of the plain form: one report.
		reports := ts.Count(t, "reports")
		form := url.Values{"municipality_code": {"2023"}, "when": {"now"}, "category": {"Klotter"}, "count": {"1"},
			"visibility": {"municipality"}, "external_id": {first[1]}}
		a, b := c.PostForm(t, "/reports", form), c.PostForm(t, "/reports", form)
		if a.Status != http.StatusSeeOther || b.Header.Get("Location") != a.Header.Get("Location") {
			t.Errorf("the same form twice = %d to %q, then %d to %q; want the same report", a.Status, a.Header.Get("Location"), b.Status, b.Header.Get("Location"))
		}
		if n := ts.Count(t, "reports"); n != reports+1 {
			t.Errorf("reports = %d after a double tap, want %d", n, reports+1)
		}
		if page := c.Get(t, a.Header.Get("Location")); !strings.Contains(page.Body, "Tack! Rapporten är sparad.") {
			t.Errorf("the report of the form is not thanked for")
		}
		// The back button brings the form back with its id, and another
		// report is filed from it: that is a new report, not a repeat.
		other := maps.Clone(form)
		other.Set("category", "Nedskräpning")
		res := c.PostForm(t, "/reports", other)
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") == a.Header.Get("Location") || ts.Count(t, "reports") != reports+2 {
			t.Errorf("another report with a used id = %d to %q, want a new report", res.Status, res.Header.Get("Location"))
		}
		c.Get(t, res.Header.Get("Location"))
		reports++

		// From the queue: filed two hours ago, "an hour ago" is three
		// hours ago, sent twice, stored once.
		filed := clocktest.Now().Add(-2 * time.Hour).UTC().Truncate(time.Second)
		queued := url.Values{"municipality_code": {"2023"}, "when": {"hour_ago"}, "category": {"Skadegörelse"}, "place": {"Lindvallen"},
			"count": {"2"}, "visibility": {"municipality"}, "external_id": {second[1]}, "filed_at": {filed.Format(time.RFC3339)}, "queued": {"1"}}
		jsonAccept := []string{"Accept", "application/json", "Origin", ts.HTTP.URL, "Sec-Fetch-Site", "same-origin"}
		res = c.PostForm(t, "/reports", queued, jsonAccept...)
		var rep reportJSON
		webtest.DecodeBody(t, res, &rep)
		if res.Status != http.StatusCreated || res.Header.Get("Location") != "/reports/"+rep.ID || rep.ExternalID != second[1] || rep.Count != 2 {
			t.Fatalf("POST /reports for JSON = %d %s", res.Status, res.Body)
		}
		if at, err := time.Parse(time.RFC3339, rep.OccurredAt); err != nil || !at.Equal(filed.Add(-time.Hour)) {
			t.Errorf("occurred_at = %s, want an hour before filed_at %s", rep.OccurredAt, filed)
		}
		res = c.PostForm(t, "/reports", queued, jsonAccept...)
		var again reportJSON
		webtest.DecodeBody(t, res, &again)
		if res.Status != http.StatusOK || again.ID != rep.ID {
			t.Errorf("the same report again = %d, id %s; want 200 with %s", res.Status, again.ID, rep.ID)
		}
		if n := ts.Count(t, "reports"); n != reports+2 {
			t.Errorf("reports = %d after a resend, want %d", n, reports+2)
		}
		if page := c.Get(t, "/reports/"+rep.ID); strings.Contains(page.Body, "Tack! Rapporten är sparad.") {
			t.Errorf("a report from the queue is thanked for on the next page")
		}

		// Refused: the API's error body, with the form's field names, in
		// the user's language; nothing stored.
		bad := url.Values{"municipality_code": {"2023"}, "when": {"other"}, "occurred_at": {"i morgon"}, "count": {"0"},
			"external_id": {"x-1"}, "filed_at": {filed.Format(time.RFC3339)}}
		res = c.PostForm(t, "/reports", bad, jsonAccept...)
		e := webtest.APIErr(t, res)
		if res.Status != http.StatusUnprocessableEntity || e.Error.Code != "invalid" || e.Error.Fields["category"] != "Välj ett av alternativen" ||
			e.Error.Fields["occurred_at"] == "" || e.Error.Fields["count"] == "" {
			t.Errorf("POST /reports for JSON with errors = %d %s", res.Status, res.Body)
		}
		res = c.PostForm(t, "/reports", url.Values{"municipality_code": {"2023"}, "filed_at": {"igår"}}, jsonAccept...)
		if res.Status != http.StatusBadRequest {
			t.Errorf("POST /reports with filed_at=igår = %d, want 400", res.Status)
		}
		if n := ts.Count(t, "reports"); n != reports+2 {
			t.Errorf("reports = %d after refused reports, want %d", n, reports+2)
		}

		// Another site may not post the form; fetch from the page may.
		res = c.PostForm(t, "/reports", queued, "Accept", "application/json", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
		if res.Status != http.StatusForbidden {
			t.Errorf("POST /reports from another site = %d, want 403", res.Status)
		}

		// The service worker: a script whose scope holds the form, with
		// the hashed files it keeps, asked for again at every visit.
		sw := ts.NewClient(t).Get(t, "/reports/sw.js")
		if sw.Status != http.StatusOK || !strings.HasPrefix(sw.Header.Get("Content-Type"), "text/javascript") ||
			sw.Header.Get("Cache-Control") != "no-cache" || !strings.Contains(sw.Body, `const PRECACHE = ["`+ts.Srv.StaticURL("style.css")+`"`) ||
			!strings.Contains(sw.Body, ts.Srv.StaticURL("report-offline.js")) || !strings.Contains(sw.Body, "addEventListener('fetch'") ||
			!strings.Contains(sw.Header.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("GET /reports/sw.js = %d %v\n%.400s", sw.Status, sw.Header, sw.Body)
		}
	})
}
