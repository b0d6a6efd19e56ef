package statisticsweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// statisticsItem is one item of GET /api/v1/public/statistics, decoded
// strictly: the contract's five fields and no other.
type statisticsItem struct {
	Week       string `json:"week"`
	Category   string `json:"category"`
	Area       string `json:"area"`
	Count      *int   `json:"count"`
	Suppressed bool   `json:"suppressed"`
}

// busiestRange is three weeks around the week with the most synthetic
// reports in Malung-Sälen, so that the tests see published numbers
// whenever they run (the demo's reports follow the clock).
func busiestRange(t *testing.T, d *db.DB) (from, to string) {
	t.Helper()
	var key int
	if err := d.QueryRowContext(context.Background(), `SELECT week FROM report_weeks WHERE municipality_code = '2023'
		GROUP BY week ORDER BY SUM(count) DESC, week LIMIT 1`).Scan(&key); err != nil {
		t.Fatal(err)
	}
	w := report.Week{Year: key / 100, Number: key % 100}
	return w.Add(-1).String(), w.Add(1).String()
}

// statisticsAPI returns the items of the public statistics of query.
func statisticsAPI(t *testing.T, c *webtest.Client, query string) []statisticsItem {
	t.Helper()
	res := c.Get(t, "/api/v1/public/statistics?"+query)
	if res.Status != http.StatusOK {
		t.Fatalf("GET /api/v1/public/statistics?%s = %d; body:\n%.500s", query, res.Status, res.Body)
	}
	dec := json.NewDecoder(strings.NewReader(res.Body))
	dec.DisallowUnknownFields()
	var body struct {
		Items []statisticsItem `json:"items"`
	}
	if err := dec.Decode(&body); err != nil {
		t.Fatalf("GET /api/v1/public/statistics?%s: %v\n%.500s", query, err, res.Body)
	}
	if body.Items == nil {
		t.Fatalf("GET /api/v1/public/statistics?%s: items is %s, want a list", query, res.Body)
	}
	return body.Items
}

// cellKey names a cell: week, category and area.
func cellKey(week, category, area string) string { return week + "|" + category + "|" + area }

// statisticsValue is a cell as the tests compare it: the count, or "-".
func (it statisticsItem) value() string {
	if it.Count == nil {
		return "-"
	}
	return strconv.Itoa(*it.Count)
}

func TestPublicStatisticsAPI(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		anon := ts.NewClient(t)

		// Mora publishes nothing: 404, saying so in the visitor's language.
		res := anon.Get(t, "/api/v1/public/statistics?municipality_code=2062")
		if e := webtest.APIErr(t, res); res.Status != http.StatusNotFound || e.Error.Code != "not_found" || e.Error.Message != "Mora publicerar ingen statistik i Samverkan." {
			t.Errorf("GET statistics of Mora = %d %s, want 404 saying Mora publishes none", res.Status, res.Body)
		}
		res = anon.Get(t, "/api/v1/public/statistics?municipality_code=2062", "Accept-Language", "en")
		if e := webtest.APIErr(t, res); e.Error.Message != "Mora does not publish statistics in Samverkan." {
			t.Errorf("in English: %q", e.Error.Message)
		}
		for _, tt := range []struct {
			query  string
			fields []string
		}{
			{"", []string{"municipality_code"}},
			{"municipality_code=9999", []string{"municipality_code"}},
			{"municipality_code=2023&from_week=2026-8&to_week=v9", []string{"from_week", "to_week"}},
			{"municipality_code=2023&from_week=2026-W10&to_week=2026-W08", []string{"to_week"}},
			{"municipality_code=2023&from_week=2024-W01&to_week=2026-W08", []string{"to_week"}},
		} {
			res := anon.Get(t, "/api/v1/public/statistics?"+tt.query)
			e := webtest.APIErr(t, res)
			if res.Status != http.StatusUnprocessableEntity || !slices.Equal(slices.Sorted(maps.Keys(e.Error.Fields)), tt.fields) {
				t.Errorf("GET statistics?%s = %d %s, want 422 naming %v", tt.query, res.Status, res.Body, tt.fields)
			}
		}
		res = anon.Get(t, "/api/v1/public/statistics?municipality_code=2023&from_week=2024-W01&to_week=2026-W08")
		if e := webtest.APIErr(t, res); !strings.Contains(e.Error.Fields["to_week"], "högst 53 veckor") {
			t.Errorf("a range of more than 53 weeks: %q", e.Error.Fields["to_week"])
		}

		// Malung-Sälen: by default the last twelve published weeks, each a
		// complete table of the checklist × its areas and the rest.
		items := statisticsAPI(t, anon, "municipality_code=2023")
		areas := 1 + len(must(report.NewStore(d).Areas(context.Background(), "2023")))
		if len(items) != 12*len(report.DefaultCategories)*areas {
			t.Errorf("default statistics: %d items, want 12 weeks × %d categories × %d areas", len(items), len(report.DefaultCategories), areas)
		}
		for _, it := range items {
			if it.Suppressed != (it.Count == nil) || it.Count != nil && *it.Count < 3 {
				t.Fatalf("item %+v: a published count below 3, or suppressed with a count", it)
			}
		}
		// No sign-in needed, and signing in changes nothing.
		if signed := statisticsAPI(t, ts.API(t, webtest.AsMember), "municipality_code=2023"); !cmp.Equal(signed, items) {
			t.Errorf("the statistics differ for a signed-in user")
		}
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestStatisticsAgree: the page, the CSV and the JSON show the same
// numbers, those the reporters' reports sum to, the police events left
// out; raising the threshold hides more in all three.
func TestStatisticsAgree(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		anon := ts.NewClient(t)
		from, to := busiestRange(t, d)
		query := url.Values{"municipality_code": {"2023"}, "from_week": {from}, "to_week": {to}}.Encode()

		check := func(threshold int) {
			t.Helper()
			api := map[string]string{}
			published := 0
			for _, it := range statisticsAPI(t, anon, query) {
				api[cellKey(it.Week, it.Category, it.Area)] = it.value()
				if it.Count != nil {
					published++
					if *it.Count < threshold {
						t.Errorf("threshold %d: %+v published", threshold, it)
					}
				}
			}
			if published == 0 {
				t.Fatalf("threshold %d: nothing published in %s … %s; the test needs some numbers", threshold, from, to)
			}

			// The true sums of the reporters' reports.
			truth := map[string]int{}
			err := db.Each(context.Background(), d, `SELECT r.week, r.category, COALESCE(a.name, ''), SUM(r.count) FROM reports r
				LEFT JOIN areas a ON a.id = r.area_id
				WHERE r.municipality_code = '2023' AND r.source = 'report' AND r.week BETWEEN ? AND ?
				GROUP BY r.week, r.category, COALESCE(a.name, '')`,
				[]any{weekKey(t, from), weekKey(t, to)}, func(r db.Scanner) error {
					var week, n int
					var category, area string
					if err := r.Scan(&week, &category, &area, &n); err != nil {
						return err
					}
					truth[cellKey(report.Week{Year: week / 100, Number: week % 100}.String(), category, area)] = n
					return nil
				})
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range api {
				if v != "-" && v != strconv.Itoa(truth[k]) {
					t.Errorf("threshold %d: %s = %s, the reports sum to %d", threshold, k, v, truth[k])
				}
			}
			for k, n := range truth {
				if n < threshold && api[k] != "-" {
					t.Errorf("threshold %d: %s = %d is published as %q", threshold, k, n, api[k])
				}
			}

			// The CSV: the same cells, in the same order.
			res := anon.Get(t, "/open-data/statistics.csv?"+query)
			if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
				!strings.Contains(res.Header.Get("Content-Disposition"), "statistik-2023-"+from+"-"+to+".csv") {
				t.Fatalf("GET statistics.csv = %d %v", res.Status, res.Header)
			}
			rows := webtest.ReadCSV(t, res.Body)
			if len(rows) != len(api)+1 || !slices.Equal(rows[0], []string{"week", "category", "area", "count", "suppressed"}) {
				t.Fatalf("statistics.csv: %d rows; header %v", len(rows), rows[0])
			}
			fromCSV := map[string]string{}
			for _, row := range rows[1:] {
				v := row[3]
				if row[4] == "true" && v == "" {
					v = "-"
				} else if row[4] != "false" {
					t.Errorf("CSV row %v", row)
				}
				fromCSV[cellKey(row[0], row[1], row[2])] = v
			}
			if !maps.Equal(fromCSV, api) {
				t.Errorf("threshold %d: the CSV differs from the JSON", threshold)
			}

			// The page: every week's table, read back.
			page := anon.Get(t, "/kommun/2023/statistik?from_week="+from+"&to_week="+to)
			if page.Status != http.StatusOK {
				t.Fatalf("GET the statistics page = %d; body:\n%.1000s", page.Status, page.Body)
			}
			if fromPage := readStatisticsPage(t, page.Body); !maps.Equal(fromPage, api) {
				for k, v := range api {
					if fromPage[k] != v {
						t.Errorf("threshold %d: %s on the page = %q, in the JSON %q", threshold, k, fromPage[k], v)
					}
				}
			}
			for _, want := range []string{fmt.Sprintf("Antal under %d visas inte", threshold), `href="/open-data/statistics.csv?from_week=` + from,
				"Polisens händelser ingår inte"} {
				if !strings.Contains(page.Body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
		}
		check(3)
		res := ts.Session(t, webtest.AsCoordinator).SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023", `{"suppression_threshold": 6}`)
		if res.Status != http.StatusOK {
			t.Fatalf("PATCH threshold 6 = %d %s", res.Status, res.Body)
		}
		check(6)
	})
}

// weekKey is a week as report_weeks stores it.
func weekKey(t *testing.T, s string) int {
	t.Helper()
	w, err := report.ParseWeek(s)
	if err != nil {
		t.Fatal(err)
	}
	return w.Year*100 + w.Number
}

var (
	weekSectionRE = regexp.MustCompile(`(?s)<h2 id="w-(\d{4}-W\d\d)">.*?(?:</table>|<p class="empty-state">)`)
	headRE        = regexp.MustCompile(`(?s)<thead>(.*?)</thead>`)
	colRE         = regexp.MustCompile(`<th scope="col">([^<]*)</th>`)
	rowRE         = regexp.MustCompile(`(?s)<tr>\s*<th scope="row">([^<]*)</th>(.*?)</tr>`)
	cellRE        = regexp.MustCompile(`<td(?: data-label="[^"]*")?(?: colspan="\d+")? class="(count|suppressed)">([^<]*)</td>`)
)

// readStatisticsPage reads the tables of the statistics page back into
// cells: week|category|area → the count, or "-" for a hidden one. A week
// without a table has every cell hidden. Areas are read by their place in
// the head ("Övriga kommunen" is area "").
func readStatisticsPage(t *testing.T, body string) map[string]string {
	t.Helper()
	out := map[string]string{}
	var areas []string
	for _, sec := range weekSectionRE.FindAllStringSubmatch(body, -1) {
		week := sec[1]
		if !strings.Contains(sec[0], "<table") {
			out[week] = "all hidden"
			continue
		}
		head := headRE.FindStringSubmatch(sec[0])
		areas = nil
		for i, c := range colRE.FindAllStringSubmatch(head[1], -1) {
			if i == 0 {
				continue // the categories' column
			}
			name := html.UnescapeString(c[1])
			if name == "Övriga kommunen" || name == "Hela kommunen" {
				name = ""
			}
			areas = append(areas, name)
		}
		for _, row := range rowRE.FindAllStringSubmatch(sec[0], -1) {
			category := html.UnescapeString(row[1])
			cells := cellRE.FindAllStringSubmatch(row[2], -1)
			if len(cells) == 1 && strings.Contains(row[2], "colspan") {
				for _, a := range areas {
					out[cellKey(week, category, a)] = "-"
				}
				continue
			}
			if len(cells) != len(areas) {
				t.Fatalf("week %s, %s: %d cells for %d areas", week, category, len(cells), len(areas))
			}
			for i, c := range cells {
				v := "-"
				if c[1] == "count" {
					v = strings.Map(func(r rune) rune {
						if r >= '0' && r <= '9' {
							return r
						}
						return -1
					}, html.UnescapeString(c[2]))
				}
				out[cellKey(week, category, areas[i])] = v
			}
		}
	}
	// A week shown without a table: every cell of it hidden.
	for k, v := range maps.Clone(out) {
		if v != "all hidden" {
			continue
		}
		delete(out, k)
		for _, c := range report.DefaultCategories {
			for _, a := range areas {
				out[cellKey(k, c, a)] = "-"
			}
		}
	}
	return out
}

// TestStatisticsPage: the page explains the hiding, says when nothing is
// published yet, keeps a wrong range with a message, and answers 404 with
// a sentence where the municipality publishes nothing; the municipality's
// public page links to it.
func TestStatisticsPage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		anon := ts.NewClient(t)
		res := anon.Get(t, "/kommun/2023/statistik")
		if res.Status != http.StatusOK {
			t.Fatalf("GET /kommun/2023/statistik = %d", res.Status)
		}
		for _, want := range []string{"<h1>Rapporter i Malung-Sälen vecka för vecka</h1>", "Varför vissa antal är dolda",
			`type="week"`, `name="from_week"`, "/api/v1/public/statistics?from_week="} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if strings.Contains(res.Body, `style="`) || strings.Contains(res.Body, "<script>") {
			t.Errorf("the page has an inline style or script")
		}
		res = anon.Get(t, "/kommun/2023/statistik?from_week=2099-W01")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Ingen av de valda veckorna är publicerad än") {
			t.Errorf("weeks not yet published = %d, want an explanation", res.Status)
		}
		res = anon.Get(t, "/kommun/2023/statistik?from_week=2026-W10&to_week=2026-W02")
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#f-to-week"`) ||
			!strings.Contains(res.Body, "Till-veckan kan inte komma före från-veckan") || !strings.Contains(res.Body, `value="2026-W10"`) {
			t.Errorf("a range backwards = %d, want 422 with the message and the weeks typed", res.Status)
		}
		// A municipality that publishes none says so, and whom to ask: the
		// public bodies that take part there, by name, and the way back.
		res = anon.Get(t, "/kommun/2062/statistik")
		for _, want := range []string{"Mora publicerar ingen statistik i Samverkan.", "I Mora deltar Mora kommun och Polisen, lokalpolisområde Mora.",
			`href="/kommun/2062"`, `href="/"`, "114 14"} {
			if res.Status != http.StatusOK || !strings.Contains(res.Body, want) {
				t.Errorf("GET /kommun/2062/statistik = %d, want 200 saying %q", res.Status, want)
			}
		}
		if res := anon.Get(t, "/kommun/2023"); !strings.Contains(res.Body, `href="/kommun/2023/statistik"`) {
			t.Errorf("the public page of Malung-Sälen has no link to its statistics")
		}
		if res := anon.Get(t, "/kommun/2062"); strings.Contains(res.Body, `href="/kommun/2062/statistik"`) {
			t.Errorf("the public page of Mora links the statistics it does not publish")
		}
		if res := anon.Get(t, "/kommun/0000/statistik"); res.Status != http.StatusNotFound {
			t.Errorf("GET /kommun/0000/statistik = %d, want 404", res.Status)
		}
		if res := anon.Get(t, "/open-data/statistics.csv?municipality_code=2062"); res.Status != http.StatusNotFound {
			t.Errorf("the CSV of Mora = %d, want 404", res.Status)
		}
	})
}

// TestStatisticsSettings: the coordinator of Malung-Sälen turns the
// statistics off and on and raises the threshold, through the API and the
// settings page; a threshold below 3 is refused with a message and
// nothing stored; every change is audited; nobody else may change them.
func TestStatisticsSettings(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		anon := ts.NewClient(t)
		coord := ts.API(t, webtest.AsCoordinator)
		audits := ts.AuditCount(t, "statistics_settings")

		// Others may not.
		for _, c := range []struct {
			name   string
			c      *webtest.Client
			status int
		}{
			{"Mora's coordinator", ts.APIAs(t, webtest.MoraCoordEmail), 403},
			{"the police", ts.API(t, webtest.AsMember), 403},
			{"a reporter", ts.API(t, webtest.AsReporter), 403},
			{"a visitor", anon, 401},
		} {
			res := c.c.SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023", `{"public_statistics": false}`)
			if res.Status != c.status {
				t.Errorf("PATCH statistics as %s = %d, want %d", c.name, res.Status, c.status)
			}
			res = c.c.PostForm(t, "/municipalities/2023/statistics", url.Values{"suppression_threshold": {"3"}})
			if res.Status != c.status {
				t.Errorf("POST the statistics form as %s = %d, want %d", c.name, res.Status, c.status)
			}
		}

		// Below 3: refused, saying why; nothing stored.
		res := coord.SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023", `{"public_statistics": false, "suppression_threshold": 2}`)
		if e := webtest.APIErr(t, res); res.Status != http.StatusUnprocessableEntity ||
			e.Error.Fields["suppression_threshold"] != "Gränsen kan inte vara lägre än 3: lägre antal kan peka ut enskilda personer" {
			t.Errorf("PATCH threshold 2 = %d %s", res.Status, res.Body)
		}
		if n := ts.AuditCount(t, "statistics_settings"); n != audits {
			t.Errorf("audit entries = %d after a refused change, want %d", n, audits)
		}
		statisticsAPI(t, anon, "municipality_code=2023") // still published

		// Off: the public statistics answer 404.
		res = coord.SendJSON(t, http.MethodPatch, "/api/v1/municipalities/2023", `{"public_statistics": false}`)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `"public_statistics":false`) {
			t.Fatalf("PATCH off = %d %s", res.Status, res.Body)
		}
		if res := anon.Get(t, "/api/v1/public/statistics?municipality_code=2023"); res.Status != http.StatusNotFound {
			t.Errorf("the statistics after turning them off = %d, want 404", res.Status)
		}

		// The settings page: the form, a refusal at the field, then on at 5.
		page := ts.Session(t, webtest.AsCoordinator)
		res = page.Get(t, "/municipalities/2023/settings")
		for _, want := range []string{`id="statistics-heading"`, `action="/municipalities/2023/statistics"`, `name="public_statistics"`,
			`name="suppression_threshold" type="number" inputmode="numeric" min="3" max="100" required value="3"`, "Statistiken publiceras inte nu."} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the settings page lacks %q", want)
			}
		}
		for _, tt := range []struct{ typed, message string }{
			{"2", "Gränsen kan inte vara lägre än 3"},
			{"tre", "Ange gränsen som ett heltal från 3 till 100"},
			{"101", "Gränsen kan vara högst 100"},
		} {
			res = page.PostForm(t, "/municipalities/2023/statistics", url.Values{"public_statistics": {"on"}, "suppression_threshold": {tt.typed}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("POST threshold %q = %d, want 422", tt.typed, res.Status)
			}
			for _, want := range []string{`href="#f-suppression-threshold"`, tt.message, `value="` + tt.typed + `"`, `aria-invalid="true"`,
				`name="public_statistics" type="checkbox" checked`} {
				if !strings.Contains(res.Body, want) {
					t.Errorf("POST threshold %q: the page lacks %q", tt.typed, want)
				}
			}
		}
		if n := ts.AuditCount(t, "statistics_settings"); n != audits+1 {
			t.Errorf("audit entries = %d after refused forms, want %d", n, audits+1)
		}
		res = page.PostForm(t, "/municipalities/2023/statistics", url.Values{"public_statistics": {"on"}, "suppression_threshold": {"5"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/municipalities/2023/settings" {
			t.Fatalf("POST the statistics form = %d to %q", res.Status, res.Header.Get("Location"))
		}
		res = page.Get(t, "/municipalities/2023/settings")
		if !strings.Contains(res.Body, "Statistikinställningarna är sparade.") || !strings.Contains(res.Body, "Statistiken publiceras nu, med gränsen 5.") ||
			!strings.Contains(res.Body, `href="/kommun/2023/statistik"`) {
			t.Errorf("the settings page after saving lacks the message, the state or the link")
		}
		for _, it := range statisticsAPI(t, anon, "municipality_code=2023") {
			if it.Count != nil && *it.Count < 5 {
				t.Fatalf("at threshold 5: %+v published", it)
			}
		}
		var who, after string
		if err := d.QueryRowContext(context.Background(), `SELECT actor_label, after_json FROM audit_log WHERE entity = 'statistics_settings'
			ORDER BY id DESC LIMIT 1`).Scan(&who, &after); err != nil {
			t.Fatal(err)
		}
		if who != webtest.DemoEmail[webtest.AsCoordinator] || !strings.Contains(after, `"suppression_threshold":5`) {
			t.Errorf("the last audit entry: %s %s", who, after)
		}
		if n := ts.AuditCount(t, "statistics_settings"); n != audits+2 {
			t.Errorf("audit entries = %d, want %d", n, audits+2)
		}
	})
}
