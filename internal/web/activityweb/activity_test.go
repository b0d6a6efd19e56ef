package activityweb_test

import (
	"bytes"
	"context"
	"fmt"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/demo"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web/activityweb"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// activityJSON is an activity as the API answers it.
type activityJSON struct {
	ID               string             `json:"id"`
	Kind             string             `json:"kind"`
	OrganizationID   string             `json:"organization_id"`
	OrganizationName string             `json:"organization_name"`
	MunicipalityCode string             `json:"municipality_code"`
	CommitmentID     string             `json:"commitment_id"`
	StartedAt        string             `json:"started_at"`
	EndedAt          *string            `json:"ended_at"`
	Place            string             `json:"place"`
	Lat              *float64           `json:"lat"`
	Lon              *float64           `json:"lon"`
	Counts           map[string]float64 `json:"counts"`
	Notes            string             `json:"notes"`
	PartnerIDs       []string           `json:"partner_ids"`
	Topic            string             `json:"topic"`
	Participants     []struct {
		PremisesID string `json:"premises_id"`
		Count      int    `json:"count"`
	} `json:"participants"`
}

// salenCommitment is the id of the commitment of the demo's Sälen promise
// whose text starts with start.
func salenCommitment(ts *webtest.TestServer, t *testing.T, start string) int64 {
	t.Helper()
	var id int64
	err := ts.DB.QueryRowContext(context.Background(), `SELECT c.id FROM commitments c JOIN promises p ON p.id = c.promise_id
		WHERE p.title = 'Medborgarlöfte i Sälen 2016–2018' AND c.text LIKE ?`, start+"%").Scan(&id)
	if err != nil {
		t.Fatalf("commitment %q: %v", start, err)
	}
	return id
}

// trafficControl is a traffic control of the police toward the Sälen
// commitment, as a JSON body.
func trafficControl(ts *webtest.TestServer, t *testing.T, started string) string {
	t.Helper()
	start, err := time.Parse(time.RFC3339, started)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`{"kind": "traffic_control", "commitment_id": "%d", "started_at": %q,
		"ended_at": %q, "place": "Riksväg 71 vid Sälens by", "lat": 61.15, "lon": 13.275,
		"counts": {"vehicles_checked": 120, "breath_tests": 118, "offences": 3}, "notes": "Ankomstdag."}`,
		salenCommitment(ts, t, "Att genomföra Trafikkontroller"), started, start.Add(4*time.Hour+30*time.Minute).Format(time.RFC3339))
}

func TestAPIActivityLifecycle(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.API(t, webtest.AsMember)
		commitment := salenCommitment(ts, t, "Att genomföra Trafikkontroller")

		// The organisation and the municipality come from the user and the
		// commitment.
		res := police.SendJSON(t, http.MethodPost, "/api/v1/activities", trafficControl(ts, t, "2026-02-21T10:00:00+01:00"))
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/activities = %d, want 201; body:\n%s", res.Status, res.Body)
		}
		var a activityJSON
		webtest.DecodeBody(t, res, &a)
		if res.Header.Get("Location") != "/api/v1/activities/"+a.ID {
			t.Errorf("Location = %q, want /api/v1/activities/%s", res.Header.Get("Location"), a.ID)
		}
		if a.OrganizationID != ts.Org(webtest.PoliceName) || a.MunicipalityCode != "2023" || a.CommitmentID != strconv.FormatInt(commitment, 10) ||
			a.StartedAt != "2026-02-21T09:00:00Z" || a.Counts["breath_tests"] != 118 || len(a.Counts) != 3 {
			t.Errorf("created = %+v", a)
		}

		// Read, change the fields given, read the change.
		if res := police.Get(t, "/api/v1/activities/"+a.ID); res.Status != http.StatusOK || !strings.Contains(res.Body, `"vehicles_checked":120`) {
			t.Errorf("GET = %d %s", res.Status, res.Body)
		}
		res = police.SendJSON(t, http.MethodPatch, "/api/v1/activities/"+a.ID, `{"counts": {"vehicles_checked": 130, "breath_tests": 128}, "place": "Riksväg 66"}`)
		if res.Status != http.StatusOK {
			t.Fatalf("PATCH = %d; body:\n%s", res.Status, res.Body)
		}
		var changed activityJSON
		webtest.DecodeBody(t, res, &changed)
		if changed.Place != "Riksväg 66" || changed.Counts["vehicles_checked"] != 130 || len(changed.Counts) != 2 ||
			changed.CommitmentID != a.CommitmentID || changed.Notes != "Ankomstdag." {
			t.Errorf("PATCH = %+v", changed)
		}

		// The list: filters and pages.
		var list struct {
			Items      []activityJSON `json:"items"`
			NextCursor string         `json:"next_cursor"`
		}
		q := url.Values{"kind": {"traffic_control"}, "commitment_id": {a.CommitmentID}, "from": {"2026-02-21"}, "to": {"2026-02-21"}}
		res = police.Get(t, "/api/v1/activities?"+q.Encode())
		webtest.DecodeBody(t, res, &list)
		if res.Status != http.StatusOK || len(list.Items) != 1 || list.Items[0].ID != a.ID || list.NextCursor != "" {
			t.Errorf("GET /api/v1/activities?%s = %d, %d items", q.Encode(), res.Status, len(list.Items))
		}
		seen := map[string]bool{}
		pages := 0
		for cursor := ""; ; pages++ {
			res := police.Get(t, "/api/v1/activities?municipality_code=2023&kind=traffic_control&limit=20&cursor="+url.QueryEscape(cursor))
			if res.Status != http.StatusOK {
				t.Fatalf("page %d = %d; body:\n%s", pages, res.Status, res.Body)
			}
			list.Items, list.NextCursor = nil, ""
			webtest.DecodeBody(t, res, &list)
			for _, it := range list.Items {
				if seen[it.ID] || it.Kind != "traffic_control" || it.MunicipalityCode != "2023" {
					t.Fatalf("page %d has %+v (seen before: %v)", pages, it, seen[it.ID])
				}
				seen[it.ID] = true
			}
			if cursor = list.NextCursor; cursor == "" {
				break
			}
		}
		var want int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM activities WHERE kind = 'traffic_control' AND municipality_code = '2023'`).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if len(seen) != want || pages < 2 {
			t.Errorf("the pages held %d activities in %d pages, want %d in more than one", len(seen), pages+1, want)
		}

		// Delete.
		if res := police.Do(t, http.MethodDelete, "/api/v1/activities/"+a.ID, nil); res.Status != http.StatusNoContent {
			t.Errorf("DELETE = %d; body:\n%s", res.Status, res.Body)
		}
		if res := police.Get(t, "/api/v1/activities/"+a.ID); res.Status != http.StatusNotFound {
			t.Errorf("GET after DELETE = %d, want 404", res.Status)
		}
	})
}

func TestAPIActivityRefusesBadInput(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.API(t, webtest.AsMember)
		guardsCommitment := salenCommitment(ts, t, "Krog tillsyn") // the municipality's
		before := ts.Count(t, "activities")
		audits := ts.Count(t, "audit_log")
		tests := []struct {
			name, body string
			status     int
			fields     []string
		}{
			{"not JSON", `{"kind": `, 400, nil},
			{"empty", ``, 400, nil},
			{"unknown field", `{"kind": "patrol", "started_at": "2026-02-21T10:00:00+01:00", "colour": "blue"}`, 422, []string{"colour"}},
			{"wrong type", `{"kind": "patrol", "started_at": "2026-02-21T10:00:00+01:00", "counts": {"hours": "two"}}`, 422, []string{"counts"}},
			{"nothing", `{}`, 422, []string{"kind", "started_at", "municipality_code"}},
			{"unknown kind and bad times", `{"kind": "raid", "started_at": "21/2 10.00", "ended_at": "yesterday", "municipality_code": "2023"}`,
				422, []string{"kind", "started_at", "ended_at"}},
			{"counters of another kind, negative, not whole", `{"kind": "traffic_control", "municipality_code": "2023",
				"started_at": "2026-02-21T10:00:00+01:00", "counts": {"hours": 2, "offences": -1, "vehicles_checked": 2.5}}`,
				422, []string{"counts.hours", "counts.offences", "counts.vehicles_checked"}},
			{"ends before it starts, outside Sweden", `{"kind": "patrol", "municipality_code": "2023", "started_at": "2026-02-21T10:00:00+01:00",
				"ended_at": "2026-02-21T09:00:00+01:00", "lat": 48.85, "lon": 2.35}`, 422, []string{"ended_at", "lat"}},
			{"another party's commitment", fmt.Sprintf(`{"kind": "patrol", "started_at": "2026-02-21T10:00:00+01:00", "commitment_id": "%d"}`, guardsCommitment),
				422, []string{"commitment_id"}},
			{"a training's fields on a patrol", `{"kind": "patrol", "municipality_code": "2023", "started_at": "2026-02-21T10:00:00+01:00",
				"topic": "narcotics", "participants": [{"premises_id": "1", "count": 3}]}`, 422, []string{"topic", "participants"}},
			{"a municipality the police do not work in", `{"kind": "patrol", "municipality_code": "2080", "started_at": "2026-02-21T10:00:00+01:00"}`,
				422, []string{"organization_id"}},
			{"another organisation", fmt.Sprintf(`{"kind": "patrol", "organization_id": "%s", "municipality_code": "2023",
				"started_at": "2026-02-21T10:00:00+01:00"}`, ts.Org(webtest.MalungName)), 403, nil},
		}
		for _, tt := range tests {
			res := police.SendJSON(t, http.MethodPost, "/api/v1/activities", tt.body)
			if res.Status != tt.status {
				t.Errorf("%s: status = %d, want %d; body:\n%s", tt.name, res.Status, tt.status, res.Body)
				continue
			}
			e := webtest.APIErr(t, res)
			for _, f := range tt.fields {
				if e.Error.Fields[f] == "" {
					t.Errorf("%s: no error for %s in %v", tt.name, f, e.Error.Fields)
				}
			}
		}
		if n := ts.Count(t, "activities"); n != before {
			t.Errorf("%d activities stored by refused requests", n-before)
		}
		if n := ts.Count(t, "audit_log"); n != audits {
			t.Errorf("%d audit entries written by refused requests", n-audits)
		}
		// A filter that cannot be read is refused too.
		for _, q := range []string{"kind=raid", "from=21/2", "municipality_code=abc", "organization_id=x", "limit=0", "cursor=nonsense"} {
			if res := police.Get(t, "/api/v1/activities?"+q); res.Status != http.StatusUnprocessableEntity && res.Status != http.StatusBadRequest {
				t.Errorf("GET /api/v1/activities?%s = %d, want 400 or 422", q, res.Status)
			}
		}
	})
}

// TestActivityEachPartyItsOwn: the parties of a municipality read each
// other's activities and change only their own; others do not see them.
func TestActivityEachPartyItsOwn(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		res := ts.API(t, webtest.AsMember).SendJSON(t, http.MethodPost, "/api/v1/activities", trafficControl(ts, t, "2026-02-21T10:00:00+01:00"))
		if res.Status != http.StatusCreated {
			t.Fatalf("POST = %d; body:\n%s", res.Status, res.Body)
		}
		var a activityJSON
		webtest.DecodeBody(t, res, &a)
		path := "/api/v1/activities/" + a.ID
		salen := ts.API(t, webtest.AsCoordinator)   // the municipality's coordinator, another party in Sälen
		mora := ts.APIAs(t, webtest.MoraCoordEmail) // Mora's, where the police work too but not this activity
		guard := ts.API(t, webtest.AsReporter)      // a reporter: no activity:read
		checks := []struct {
			c            *webtest.Client
			name, method string
			body         string
			want         int
		}{
			{salen, "the municipality reads", http.MethodGet, "", 200},
			{salen, "the municipality does not change", http.MethodPatch, `{"place": "x"}`, 403},
			{salen, "the municipality does not delete", http.MethodDelete, "", 403},
			{mora, "Mora does not see it", http.MethodGet, "", 404},
			{mora, "Mora does not change it", http.MethodPatch, `{"place": "x"}`, 404},
			{guard, "a reporter does not read activities", http.MethodGet, "", 403},
		}
		for _, c := range checks {
			var res *webtest.Response
			if c.body != "" {
				res = c.c.SendJSON(t, c.method, path, c.body)
			} else {
				res = c.c.Do(t, c.method, path, nil)
			}
			if res.Status != c.want {
				t.Errorf("%s: %s %s = %d, want %d; body:\n%s", c.name, c.method, path, res.Status, c.want, res.Body)
			}
		}
		// The pages say the same.
		page := "/activities/" + a.ID
		coord := ts.SignIn(t, webtest.AsCoordinator)
		if res := coord.Get(t, page); res.Status != 200 || strings.Contains(res.Body, page+"/edit") {
			t.Errorf("GET %s as the municipality = %d (an edit link: %v)", page, res.Status, strings.Contains(res.Body, page+"/edit"))
		}
		for _, p := range []string{page + "/edit", page + "/delete"} {
			if res := coord.Get(t, p); res.Status != http.StatusForbidden {
				t.Errorf("GET %s as the municipality = %d, want 403", p, res.Status)
			}
		}
		if res := coord.PostForm(t, page+"/delete", nil); res.Status != http.StatusForbidden {
			t.Errorf("POST %s/delete as the municipality = %d, want 403", page, res.Status)
		}
		if res := ts.SignInAs(t, webtest.MoraCoordEmail).Get(t, page); res.Status != http.StatusNotFound {
			t.Errorf("GET %s as Mora = %d, want 404", page, res.Status)
		}
		if n := ts.Count(t, "activities WHERE id = "+a.ID); n != 1 {
			t.Errorf("the activity is gone")
		}
	})
}

// activityForm is a filled-in traffic control as the form posts it.
func activityForm(commitment int64) url.Values {
	return url.Values{
		"kind": {"traffic_control"}, "commitment_id": {strconv.FormatInt(commitment, 10)},
		"started_at": {"2026-02-21T10:00"}, "ended_at": {"2026-02-21T14:30"}, "place": {"Riksväg 71"},
		"lat": {"61,15"}, "lon": {"13,275"},
		"counts.traffic_control.vehicles_checked": {"120"}, "counts.traffic_control.breath_tests": {"118"},
		"counts.patrol.hours": {""}, "participants.0.premises_id": {""}, "participants.0.count": {""},
		"notes": {"Ankomstdag."},
	}
}

func TestActivityFormFlow(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.SignIn(t, webtest.AsMember)
		commitment := salenCommitment(ts, t, "Att genomföra Trafikkontroller")
		before := ts.Count(t, "activities")

		// A bad form: every error at once, what was typed kept, nothing
		// stored.
		bad := activityForm(commitment)
		bad.Set("started_at", "i går")
		bad.Set("counts.traffic_control.offences", "tre")
		bad.Set("counts.patrol.hours", "2") // another kind's counter
		bad.Set("lat", "61,15,2")
		res := police.PostForm(t, "/activities", bad)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /activities (bad) = %d, want 422", res.Status)
		}
		for _, f := range []string{"started_at", "counts.traffic_control.offences", "counts.patrol.hours", "lat"} {
			if !webtest.HasFieldError(res.Body, f) {
				t.Errorf("no error shown for %s", f)
			}
		}
		for _, v := range []string{`value="i går"`, `value="Riksväg 71"`, `value="tre"`, "Ankomstdag."} {
			if !strings.Contains(res.Body, v) {
				t.Errorf("the form did not keep %s", v)
			}
		}
		if !strings.Contains(res.Body, `href="#f-counts.traffic-control.offences"`) {
			t.Error("the error summary does not link to the counter")
		}
		if n := ts.Count(t, "activities"); n != before {
			t.Fatalf("a refused form stored %d activities", n-before)
		}

		// A good one is stored and shown.
		res = police.PostForm(t, "/activities", activityForm(commitment))
		if res.Status != http.StatusSeeOther || !regexp.MustCompile(`^/activities/\d+$`).MatchString(res.Header.Get("Location")) {
			t.Fatalf("POST /activities = %d to %q; body:\n%.2000s", res.Status, res.Header.Get("Location"), res.Body)
		}
		page := res.Header.Get("Location")
		res = police.Get(t, page)
		for _, want := range []string{"Trafikkontroll, Riksväg 71", "Kontrollerade fordon", "120", "Ankomstdag.", "Att genomföra Trafikkontroller"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("GET %s lacks %q", page, want)
			}
		}

		// Changed through the form that shows it as it is.
		res = police.Get(t, page+"/edit")
		if res.Status != 200 || !strings.Contains(res.Body, `value="120"`) || !strings.Contains(res.Body, `value="2026-02-21T10:00"`) {
			t.Fatalf("GET %s/edit = %d, without the values", page, res.Status)
		}
		f := activityForm(commitment)
		f.Set("counts.traffic_control.vehicles_checked", "125")
		if res := police.PostForm(t, page, f); res.Status != http.StatusSeeOther {
			t.Fatalf("POST %s = %d; body:\n%.2000s", page, res.Status, res.Body)
		}
		if res := police.Get(t, page); !strings.Contains(res.Body, "125") {
			t.Error("the change does not show")
		}

		// Deleted after a confirmation.
		if res := police.Get(t, page+"/delete"); res.Status != 200 || !strings.Contains(res.Body, `action="`+page+`/delete"`) {
			t.Errorf("GET %s/delete = %d", page, res.Status)
		}
		if res := police.PostForm(t, page+"/delete", nil); res.Status != http.StatusSeeOther {
			t.Errorf("POST %s/delete = %d", page, res.Status)
		}
		if n := ts.Count(t, "activities"); n != before {
			t.Errorf("after the deletion %d activities more than before", n-before)
		}
	})
}

func TestActivityTrainingForm(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		alcohol := ts.SignInAs(t, "alkohol@demo.example")
		var premisesID int64
		if err := d.QueryRowContext(context.Background(), `SELECT id FROM premises WHERE name = 'Fjällkrogen Kläppen (demo)'`).Scan(&premisesID); err != nil {
			t.Fatal(err)
		}
		// Fjällkrogen Kläppen has no trained staff in the demo.
		row := regexp.MustCompile(`(?s)<tr class="(is-trained|not-trained)">\s*<td>Fjällkrogen Kläppen \(demo\)`)
		res := alcohol.Get(t, "/trainings?municipality_code=2023")
		if m := row.FindStringSubmatch(res.Body); res.Status != 200 || m == nil || m[1] != "not-trained" {
			t.Fatalf("GET /trainings = %d; Fjällkrogen Kläppen: %v", res.Status, m)
		}
		// "More rows" adds rows without storing anything.
		f := url.Values{"kind": {"training"}, "topic": {"narcotics"}, "started_at": {"2026-11-05T13:00"}, "more": {"1"},
			"participants.0.premises_id": {strconv.FormatInt(premisesID, 10)}, "participants.0.count": {"3"}}
		res = alcohol.PostForm(t, "/activities", f)
		if res.Status != 200 || !strings.Contains(res.Body, `name="participants.3.premises_id"`) {
			t.Errorf("more rows = %d, rows: %d", res.Status, strings.Count(res.Body, `-premises-id"`))
		}
		f.Del("more")
		res = alcohol.PostForm(t, "/activities", f)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /activities (training) = %d; body:\n%.3000s", res.Status, res.Body)
		}
		res = alcohol.Get(t, "/trainings?municipality_code=2023")
		if m := row.FindStringSubmatch(res.Body); m == nil || m[1] != "is-trained" {
			t.Errorf("after the training Fjällkrogen Kläppen: %v", m)
		}
		var trained struct {
			Items []struct {
				Name         string `json:"name"`
				Trainings    int    `json:"trainings"`
				Participants int    `json:"participants"`
			} `json:"items"`
		}
		res = ts.APIAs(t, "alkohol@demo.example").Get(t, "/api/v1/trained-premises?municipality_code=2023&since=2026-11-01")
		webtest.DecodeBody(t, res, &trained)
		i := slices.IndexFunc(trained.Items, func(it struct {
			Name         string `json:"name"`
			Trainings    int    `json:"trainings"`
			Participants int    `json:"participants"`
		}) bool {
			return it.Name == "Fjällkrogen Kläppen (demo)"
		})
		if res.Status != 200 || i < 0 || trained.Items[i].Trainings != 1 || trained.Items[i].Participants != 3 {
			t.Errorf("GET /api/v1/trained-premises = %d %+v; want Fjällkrogen Kläppen with the one training", res.Status, trained.Items)
		}
		// Mora's coordinator reads Mora's, not Malung-Sälen's.
		if res := ts.APIAs(t, webtest.MoraCoordEmail).Get(t, "/api/v1/trained-premises?municipality_code=2023"); res.Status != http.StatusForbidden {
			t.Errorf("GET /api/v1/trained-premises of Malung-Sälen as Mora = %d, want 403", res.Status)
		}
		if res := alcohol.Get(t, "/trainings?municipality_code=2062"); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("GET /trainings of Mora as Malung-Sälen's alcohol officer = %d, want 422", res.Status)
		}
	})
}

func TestActivityExports(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.SignIn(t, webtest.AsMember)
		var want int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM activities WHERE kind = 'bar_check' AND municipality_code = '2023'`).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if want == 0 {
			t.Fatal("the demo has no bar checks; the test proves nothing")
		}
		q := "?kind=bar_check&municipality_code=2023"
		res := police.Get(t, "/activities.csv"+q)
		if res.Status != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(res.Header.Get("Content-Disposition"), ".csv") {
			t.Fatalf("GET /activities.csv = %d %q", res.Status, res.Header.Get("Content-Type"))
		}
		rows := webtest.ReadCSV(t, res.Body)
		if len(rows) != want+1 || rows[0][0] != "id" || rows[0][1] != "kind" {
			t.Fatalf("CSV has %d rows (header %v), want %d", len(rows), rows[0], want+1)
		}
		col := map[string]int{}
		for i, c := range rows[0] {
			col[c] = i
		}
		// The police are at every bar check; on a season's opening night
		// the rescue service too (a joint visit), partners in their order.
		partners := map[string]int{}
		for _, r := range rows[1:] {
			partners[r[col["partners"]]]++
			if r[col["kind"]] != "bar_check" || r[col["municipality_code"]] != "2023" || r[col["premises_checked"]] == "" {
				t.Errorf("CSV row %v", r)
			}
		}
		if partners[webtest.PoliceName] == 0 || partners[webtest.PoliceName+"; Räddningstjänsten Malung-Sälen"] == 0 || len(partners) != 2 {
			t.Errorf("the bar checks' partners = %v, want the police, and the police with the rescue service", partners)
		}

		res = police.Get(t, "/activities.xlsx"+q)
		if res.Status != 200 || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("GET /activities.xlsx = %d %q", res.Status, res.Header.Get("Content-Type"))
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(res.Body)))
		if err != nil {
			t.Fatal(err)
		}
		defer x.Close()
		sheet := x.GetSheetName(0)
		xrows, err := x.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if sheet != "Insatser" || len(xrows) != want+1 || xrows[0][1] != "Typ" || xrows[1][1] != "Krogkontroll" {
			t.Errorf("sheet %q has %d rows, header %v, first %v", sheet, len(xrows), xrows[0], xrows[1])
		}
		// A bad filter is refused, not exported whole.
		if res := police.Get(t, "/activities.csv?from=yesterday"); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("GET /activities.csv?from=yesterday = %d, want 422", res.Status)
		}
	})
}

// TestActivityPagesBothLanguages renders every page of the area in
// Swedish and English: no message key shows as it is, and the list, the
// calendar and the map hold the demo's work.
func TestActivityPagesBothLanguages(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		var trainingID, controlID, meetingID int64
		if err := d.QueryRowContext(context.Background(), `SELECT id FROM activities WHERE kind = 'training' ORDER BY id LIMIT 1`).Scan(&trainingID); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRowContext(context.Background(), `SELECT id FROM activities WHERE kind = 'traffic_control' ORDER BY id LIMIT 1`).Scan(&controlID); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRowContext(context.Background(), `SELECT id FROM meetings WHERE kind = 'collaboration' ORDER BY id LIMIT 1`).Scan(&meetingID); err != nil {
			t.Fatal(err)
		}
		rawKey := regexp.MustCompile(`>\s*(activity|meeting|calendar|public|error|field)\.[a-z0-9_.]+\s*<|"(activity|meeting|calendar)\.[a-z_]+\.[a-z0-9_.]+"`)
		pages := []struct{ path, want string }{
			{"/activities", "Riksväg"},
			{"/activities?kind=training", "Kommunens lokaler i Sälen"},
			{"/activities/new", `name="counts.traffic_control.vehicles_checked"`},
			{fmt.Sprintf("/activities/%d", trainingID), "Restaurang Kåtan"},
			{fmt.Sprintf("/activities/%d/edit", controlID), `name="counts.traffic_control.vehicles_checked" type="text" value="`},
			{"/activities/map?municipality_code=2023", `data-lat="61.`},
			{"/trainings?municipality_code=2023", "Restaurang Kåtan"},
			{"/meetings", "BråMS"}, // the latest meetings: the current cycle's council is among them on any day
			{"/meetings/new", `name="actions.2.text"`},
			{fmt.Sprintf("/meetings/%d", meetingID), "Ordningsvaktchef"},
			{fmt.Sprintf("/meetings/%d/edit", meetingID), `name="actions.0.id"`},
			{"/calendar?month=2017-02", "Samverkansmöte polis och ordningsvakter"},
			{"/calendar", ""},
			{"/calendar/feed", `action="/calendar/feed"`},
			{"/start", "Redovisa polisens insatser i Sälenfjällen till nästa BråMS"}, // the council's item, open until its next meeting
		}
		for _, lang := range []string{"sv", "en"} {
			c := ts.SignIn(t, webtest.AsMember)
			if res := c.PostForm(t, "/language", url.Values{"lang": {lang}, "return": {"/start"}}); res.Status != http.StatusSeeOther {
				t.Fatalf("POST /language %s = %d", lang, res.Status)
			}
			for _, p := range pages {
				res := c.Get(t, p.path)
				if res.Status != 200 {
					t.Errorf("%s GET %s = %d; body:\n%.1000s", lang, p.path, res.Status, res.Body)
					continue
				}
				if m := rawKey.FindString(res.Body); m != "" {
					t.Errorf("%s GET %s shows the message key %s", lang, p.path, m)
				}
				if !strings.Contains(res.Body, p.want) {
					t.Errorf("%s GET %s lacks %q", lang, p.path, p.want)
				}
				if lang == "en" && strings.Contains(res.Body, "Dokumentera en aktivitet") {
					t.Errorf("GET %s in English has Swedish words", p.path)
				}
			}
		}
	})
}

// FuzzActivityForm: whatever a form posts, reading it neither panics nor
// names an error the catalogue cannot say.
func FuzzActivityForm(f *testing.F) {
	bundle := webtest.LoadBundle(f)
	f.Add("traffic_control", "120", "61,15", "2026-02-21T10:00", "0", "3")
	f.Add("training", "2,5", "", "i går", "x", "-1")
	f.Add("", "NaN", "1e400", "", "", "99999999999999999999")
	f.Fuzz(func(t *testing.T, kind, counter, lat, started, premises, count string) {
		form := url.Values{"kind": {kind}, "counts.traffic_control.vehicles_checked": {counter}, "counts.patrol.hours": {counter},
			"lat": {lat}, "lon": {lat}, "started_at": {started}, "participants.0.premises_id": {premises},
			"participants.0.count": {count}, "topic": {counter}, "channel": {lat}}
		var e validation.Errors
		in := activityweb.ActivityInputOf(form, &e)
		for field, m := range e {
			if !bundle.Has(m.Key) {
				t.Errorf("%s: message %q is not in the catalogue", field, m.Key)
			}
		}
		if in.Kind != strings.TrimSpace(kind) {
			t.Errorf("kind %q read as %q", kind, in.Kind)
		}
		var fe validation.Errors
		activityweb.ActivityFilterOf(url.Values{"from": {started}, "to": {lat}, "kind": {kind}, "organization_id": {premises}}, time.UTC, &fe)
		for field, m := range fe {
			if !bundle.Has(m.Key) {
				t.Errorf("filter %s: message %q is not in the catalogue", field, m.Key)
			}
		}
	})
}

// TestFormsOfferCommitmentsInForce: the forms of a new activity and a new
// meeting offer the commitments of promises that are not over (the
// demo's renewed Sälen promise), not those of the ended ones (Sälen
// 2016–2018, Noret 2016–17); an activity that counts toward an ended
// promise keeps its commitment, offered and chosen, when it is changed.
func TestFormsOfferCommitmentsInForce(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.SignIn(t, webtest.AsMember)
		commitments := func(title string) []string {
			t.Helper()
			var out []string
			rows, err := d.QueryContext(context.Background(), `SELECT c.id FROM commitments c JOIN promises p ON p.id = c.promise_id
				WHERE p.title = ? AND c.organization_id = ? ORDER BY c.position`, title, ts.OrgIDs[webtest.PoliceName])
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var id int64
				if err := rows.Scan(&id); err != nil {
					t.Fatal(err)
				}
				out = append(out, strconv.FormatInt(id, 10))
			}
			if len(out) == 0 {
				t.Fatalf("the police have no commitment in %q", title)
			}
			return out
		}
		// The choice of commitment, of the form's selects.
		choice := func(body string) string {
			return regexp.MustCompile(`(?s)<select id="f-commitment-id".*?</select>`).FindString(body)
		}
		renewed := commitments(demo.RenewedTitle(clocktest.Now()))
		ended := append(commitments("Medborgarlöfte i Sälen 2016–2018"), commitments("Medborgarlöfte i Mora 2016: tryggare kvällar vid Noret")...)
		for _, path := range []string{"/activities/new", "/meetings/new"} {
			res := police.Get(t, path)
			body := choice(res.Body)
			if res.Status != http.StatusOK || body == "" {
				t.Fatalf("GET %s = %d, without the choice of commitment", path, res.Status)
			}
			for _, id := range renewed {
				if !strings.Contains(body, `<option value="`+id+`"`) {
					t.Errorf("GET %s does not offer the renewed promise's commitment %s", path, id)
				}
			}
			for _, id := range ended {
				if strings.Contains(body, `<option value="`+id+`"`) {
					t.Errorf("GET %s offers commitment %s of an ended promise", path, id)
				}
			}
			if strings.Contains(body, " selected>") && !strings.Contains(body, `<option value="" selected>`) {
				t.Errorf("GET %s chooses a commitment by default", path)
			}
		}
		// A traffic control of 2017 keeps its commitment.
		var activityID int64
		if err := d.QueryRowContext(context.Background(), `SELECT id FROM activities WHERE commitment_id = ? ORDER BY started_at LIMIT 1`,
			ended[0]).Scan(&activityID); err != nil {
			t.Fatal(err)
		}
		res := police.Get(t, fmt.Sprintf("/activities/%d/edit", activityID))
		if body := choice(res.Body); !strings.Contains(body, `<option value="`+ended[0]+`" selected>`) || strings.Contains(body, `<option value="`+ended[1]+`"`) {
			t.Errorf("GET /activities/%d/edit = %d: want its own commitment of 2016–2018 chosen, no other of that promise", activityID, res.Status)
		}
	})
}
