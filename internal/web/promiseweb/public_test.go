package promiseweb_test

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestMunicipalityPageWithoutDeadEnds: a municipality with nothing to show
// says what the service is and whom to ask instead of two empty lists and
// links to empty data; one that takes part names its public bodies.
func TestMunicipalityPageWithoutDeadEnds(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		anon := ts.NewClient(t)
		for _, tt := range []struct {
			path        string
			want, never []string
		}{
			// Stockholm does not use the service.
			{"/kommun/0180", []string{"Stockholm har inte publicerat några medborgarlöften eller någon statistik i Samverkan ännu.",
				"Samverkan är tjänsten där", "Stockholm använder inte Samverkan ännu.", "114 14", `href="/"`},
				[]string{"Inga löften gäller just nu.", "/open-data/promises.csv", "/statistik"}},
			// Sälen: promises, statistics, and its public bodies by name.
			{"/kommun/2023", []string{"I Malung-Sälen deltar Malung-Sälens kommun och Polisen, lokalpolisområde Mora.",
				`href="/kommun/2023/statistik"`, "/open-data/promises.csv"},
				[]string{"har inte publicerat", "Samverkan är tjänsten där"}},
		} {
			res := anon.Get(t, tt.path)
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s = %d", tt.path, res.Status)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("GET %s lacks %q", tt.path, w)
				}
			}
			for _, w := range tt.never {
				if strings.Contains(res.Body, w) {
					t.Errorf("GET %s has %q", tt.path, w)
				}
			}
		}
	})
}

// TestCoverageCommitment: the Sälen commitment to visit every serving
// premises reads as coverage, "12 av 14 serveringsställen", from the
// register's coverage of the promise's period, not as a count of visits
// against a target of 1; the API says the same, and an unknown measure is
// refused.
func TestCoverageCommitment(t *testing.T) {
	t.Parallel()
	sv, en := webtest.Catalogue(t)
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		var id string
		if err := d.QueryRowContext(t.Context(), `SELECT CAST(id AS TEXT) FROM promises WHERE title = ?`, "Medborgarlöfte i Sälen 2016–2018").Scan(&id); err != nil {
			t.Fatal(err)
		}
		var cov struct {
			PremisesTotal   int `json:"premises_total"`
			PremisesVisited int `json:"premises_visited"`
		}
		webtest.DecodeBody(t, ts.API(t, webtest.AsCoordinator).Get(t, "/api/v1/premises/coverage?municipality_code=2023&from=2016-12-09&to=2018-04-30"), &cov)
		if cov.PremisesTotal < 2 || cov.PremisesVisited == 0 {
			t.Fatalf("the demo's coverage of the period = %+v: the test wants premises, some visited", cov)
		}

		var progress struct {
			Commitments []struct {
				Measure  string `json:"measure"`
				Done     int    `json:"done"`
				Coverage *struct {
					From            string `json:"from"`
					To              string `json:"to"`
					PremisesTotal   int    `json:"premises_total"`
					PremisesVisited int    `json:"premises_visited"`
				} `json:"coverage"`
			} `json:"commitments"`
		}
		webtest.DecodeBody(t, ts.API(t, webtest.AsCoordinator).Get(t, "/api/v1/promises/"+id+"/progress"), &progress)
		covered := 0
		for _, c := range progress.Commitments {
			switch {
			case c.Measure == "premises_coverage":
				covered++
				if c.Coverage == nil || c.Coverage.PremisesTotal != cov.PremisesTotal || c.Coverage.PremisesVisited != cov.PremisesVisited ||
					c.Coverage.From != "2016-12-09" || c.Coverage.To != "2018-04-30" {
					t.Errorf("the coverage commitment's progress = %+v, want %+v over the promise's period", c.Coverage, cov)
				}
			case c.Measure != "activities" || c.Coverage != nil:
				t.Errorf("a commitment measured by %q with coverage %+v", c.Measure, c.Coverage)
			}
		}
		if covered != 1 {
			t.Errorf("%d commitments measured by the coverage, want the one of the alcohol officer", covered)
		}

		for _, loc := range []struct {
			lang string
			want string
		}{
			{"sv", sv.TN("public.commitment.coverage", cov.PremisesTotal, cov.PremisesVisited, cov.PremisesTotal)},
			{"en", en.TN("public.commitment.coverage", cov.PremisesTotal, cov.PremisesVisited, cov.PremisesTotal)},
		} {
			res := ts.NewClient(t).Get(t, "/promises/"+id, "Accept-Language", loc.lang)
			if res.Status != http.StatusOK || !strings.Contains(res.Body, template.HTMLEscapeString(loc.want)) {
				t.Errorf("GET /promises/%s (%s) = %d, lacks %q", id, loc.lang, res.Status, loc.want)
			}
			bar := fmt.Sprintf(`<progress max="%d" value="%d"`, cov.PremisesTotal, cov.PremisesVisited)
			if !strings.Contains(res.Body, bar) {
				t.Errorf("GET /promises/%s (%s) lacks the bar %s", id, loc.lang, bar)
			}
		}
		if res := ts.NewClient(t).Get(t, "/promises/"+id); strings.Contains(res.Body, "av 1 protokollfört besök per serveringsställe") {
			t.Errorf("the coverage commitment still reads as a count of visits against 1")
		}

		// An unknown measure is refused, in the row's field.
		body := promiseBody(ts, func(s string) string {
			return strings.Replace(s, `"unit": "insatser"}`, `"unit": "insatser", "measure": "kvot"}`, 1)
		})
		res := ts.API(t, webtest.AsCoordinator).SendJSON(t, "POST", "/api/v1/promises", body)
		if e := webtest.APIErr(t, res); res.Status != http.StatusUnprocessableEntity || e.Error.Fields["commitments.0.measure"] == "" {
			t.Errorf("POST /api/v1/promises with measure kvot = %d %+v, want 422 on commitments.0.measure", res.Status, e)
		}
	})
}
