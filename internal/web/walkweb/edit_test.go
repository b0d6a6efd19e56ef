package walkweb_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var actionAnchor = regexp.MustCompile(`#action-([0-9]+)$`)

// TestEditing: a coordinator edits a walk (a wrong count first: the form
// keeps what was typed and nothing is stored), edits a point's link to a
// report chosen in the select of recent reports, cannot delete the point
// while its action is open, removes the action, then deletes the point;
// another municipality's coordinator reaches none of it; every change has
// its audit entry.
func TestEditing(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		mora := ts.SignInAs(t, moraCoordinator)
		walk := newWalk(t, mora, ts)
		audits := ts.Count(t, "audit_log")

		res := mora.Get(t, "/safety-walks/"+walk+"/edit")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `value="Noret, parkeringarna"`) ||
			!strings.Contains(res.Body, `action="/safety-walks/`+walk+`"`) {
			t.Fatalf("GET the walk's edit form = %d, want it filled in; body:\n%s", res.Status, res.Body)
		}
		res = mora.PostForm(t, "/safety-walks/"+walk, url.Values{"held_on": {day(-5)}, "area": {"Noret och Strandvägen"},
			"residents_count": {"tolv"}, "organization_ids": {ts.OrgID(webtest.DemoPolice)}})
		if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "residents-count") ||
			!strings.Contains(res.Body, `value="Noret och Strandvägen"`) || !strings.Contains(res.Body, `value="tolv"`) {
			t.Fatalf("POST the walk with a wrong count = %d, want 422 keeping what was typed; body:\n%s", res.Status, res.Body)
		}
		if n := ts.Count(t, "audit_log"); n != audits {
			t.Fatalf("a refused change wrote %d audit entries", n-audits)
		}
		res = mora.PostForm(t, "/safety-walks/"+walk, url.Values{"held_on": {day(-5)}, "area": {"Noret och Strandvägen"},
			"residents_count": {"12"}, "organization_ids": {ts.OrgID(webtest.DemoPolice)}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/safety-walks/"+walk {
			t.Fatalf("POST the walk = %d to %q; body:\n%s", res.Status, res.Header.Get("Location"), res.Body)
		}
		if page := mora.Get(t, "/safety-walks/"+walk); !strings.Contains(page.Body, "Noret och Strandvägen") || !strings.Contains(page.Body, day(-5)) {
			t.Errorf("the walk's page does not show the change")
		}

		// A point, and an action of it.
		res = postMultipart(t, mora, "/safety-walks/"+walk+"/points", url.Values{"category": {"lighting"},
			"description": {"Trasig belysning"}, "place": {"Noret"}}, photoWithPosition(t))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST a point = %d; body:\n%s", res.Status, res.Body)
		}
		point := strings.TrimPrefix(res.Header.Get("Location"), "/safety-walks/"+walk+"#point-")
		res = mora.PostForm(t, "/safety-walk-points/"+point+"/actions", url.Values{"text": {"Byt armatur"},
			"organization_id": {ts.OrgID(webtest.DemoPolice)}, "status": {"open"}})
		m := actionAnchor.FindStringSubmatch(res.Header.Get("Location"))
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("POST an action = %d; body:\n%s", res.Status, res.Body)
		}
		action := m[1]

		// The point's form offers Mora's recent reports, the newest first.
		recent := queryID(t, d, "Mora's newest report", `SELECT id FROM reports WHERE municipality_code = '2062'
			ORDER BY occurred_at DESC, id DESC LIMIT 1`)
		res = mora.Get(t, "/safety-walk-points/"+point+"/edit")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `name="recent_report"`) ||
			!strings.Contains(res.Body, `<option value="`+recent+`"`) || !strings.Contains(res.Body, `name="remove_photo"`) ||
			!strings.Contains(res.Body, "Trasig belysning") {
			t.Fatalf("GET the point's edit form = %d, want it filled in with report %s offered; body:\n%s", res.Status, recent, res.Body)
		}
		edit := url.Values{"category": {"lighting"}, "description": {"Trasig belysning vid infarten"}, "place": {"Noret"},
			"lat": {""}, "lon": {""}, "recent_report": {recent}, "report_id": {"1"}}
		res = postMultipart(t, mora, "/safety-walk-points/"+point, edit, nil)
		if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "report-id") ||
			!strings.Contains(res.Body, "Trasig belysning vid infarten") {
			t.Fatalf("POST the point naming two reports = %d, want 422; body:\n%s", res.Status, res.Body)
		}
		edit.Set("report_id", "")
		res = postMultipart(t, mora, "/safety-walk-points/"+point, edit, nil)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST the point = %d; body:\n%s", res.Status, res.Body)
		}
		page := mora.Get(t, "/safety-walks/"+walk)
		if !strings.Contains(page.Body, `href="/reports/`+recent+`"`) || !strings.Contains(page.Body, "Trasig belysning vid infarten") ||
			!strings.Contains(page.Body, "/safety-walk-points/"+point+"/photo") {
			t.Errorf("the walk's page does not show the changed point with its report and photo")
		}
		if res := mora.Get(t, "/safety-walk-points/"+point+"/edit"); !regexp.MustCompile(`<option value="` + recent + `" selected>`).MatchString(res.Body) {
			t.Errorf("the edit form does not show the linked report chosen")
		}

		// The action's form: a wrong owner first, what was typed kept.
		if res := mora.Get(t, "/safety-walk-actions/"+action+"/edit"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Byt armatur") ||
			!strings.Contains(res.Body, `action="/safety-walk-actions/`+action+`"`) {
			t.Fatalf("GET the action's edit form = %d; body:\n%s", res.Status, res.Body)
		}
		res = mora.PostForm(t, "/safety-walk-actions/"+action, url.Values{"text": {"Byt armaturerna"}, "organization_id": {"0"},
			"status": {"in_progress"}, "recent_report": {recent}})
		if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "organization-id") ||
			!strings.Contains(res.Body, "Byt armaturerna") {
			t.Fatalf("POST the action without an owner = %d, want 422 keeping the text; body:\n%s", res.Status, res.Body)
		}
		res = mora.PostForm(t, "/safety-walk-actions/"+action, url.Values{"text": {"Byt armaturerna"}, "status": {"in_progress"},
			"organization_id": {ts.OrgID(webtest.DemoPolice)}, "recent_report": {recent}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/safety-walks/"+walk+"#action-"+action {
			t.Fatalf("POST the action = %d to %q; body:\n%s", res.Status, res.Header.Get("Location"), res.Body)
		}

		// The action's link: cleared through the API.
		api := ts.APIAs(t, moraCoordinator)
		if res := api.Get(t, "/api/v1/safety-walks/"+walk); !strings.Contains(res.Body, `"text":"Byt armaturerna"`) {
			t.Errorf("the action's change is not in the API: %s", res.Body)
		}
		res = api.SendJSON(t, http.MethodPatch, "/api/v1/safety-walk-actions/"+action, `{"report_id": null}`)
		if res.Status != http.StatusOK || strings.Contains(res.Body, `"report_id"`) {
			t.Errorf("PATCH the action's report to null = %d: %s", res.Status, res.Body)
		}
		res = api.SendJSON(t, http.MethodPatch, "/api/v1/safety-walk-points/"+point, `{"description": "Mörkt", "remove_photo": true}`)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `"has_photo":false`) || !strings.Contains(res.Body, `"report_id":"`+recent+`"`) {
			t.Errorf("PATCH the point = %d: %s", res.Status, res.Body)
		}
		res = api.SendJSON(t, http.MethodPatch, "/api/v1/safety-walks/"+walk, `{"area": "Strandvägen", "municipality_code": "2023"}`)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "municipality_code") {
			t.Errorf("PATCH the walk to another municipality = %d: %s", res.Status, res.Body)
		}
		res = api.SendJSON(t, http.MethodPatch, "/api/v1/safety-walks/"+walk, `{"area": "Strandvägen"}`)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `"area":"Strandvägen"`) || !strings.Contains(res.Body, `"residents_count":12`) {
			t.Errorf("PATCH the walk = %d: %s", res.Status, res.Body)
		}

		// Another municipality's coordinator reaches nothing of it.
		salen := ts.SignIn(t, webtest.AsCoordinator)
		for _, path := range []string{"/safety-walks/" + walk + "/edit", "/safety-walk-points/" + point + "/edit",
			"/safety-walk-points/" + point + "/delete", "/safety-walk-actions/" + action + "/edit", "/safety-walk-actions/" + action + "/delete"} {
			if res := salen.Get(t, path); res.Status != http.StatusNotFound {
				t.Errorf("GET %s as Malung-Sälen's coordinator = %d, want 404", path, res.Status)
			}
		}
		if res := salen.PostForm(t, "/safety-walk-actions/"+action+"/delete", url.Values{}); res.Status != http.StatusNotFound {
			t.Errorf("POST the action's delete as Malung-Sälen's coordinator = %d, want 404", res.Status)
		}

		// The point has an open action: it is not deleted.
		res = mora.Get(t, "/safety-walk-points/"+point+"/delete")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Byt armatur") || strings.Contains(res.Body, `action="/safety-walk-points/`+point+`/delete"`) ||
			strings.Contains(res.Body, "%!") {
			t.Errorf("GET the point's delete page = %d, want the open action named and no button; body:\n%s", res.Status, res.Body)
		}
		if res := mora.PostForm(t, "/safety-walk-points/"+point+"/delete", url.Values{}); res.Status != http.StatusConflict {
			t.Errorf("POST the point's delete with an open action = %d, want 409", res.Status)
		}
		if res := api.Do(t, http.MethodDelete, "/api/v1/safety-walk-points/"+point, nil); res.Status != http.StatusConflict ||
			!strings.Contains(res.Body, "open_actions") {
			t.Errorf("DELETE the point with an open action = %d: %s", res.Status, res.Body)
		}
		if ts.Count(t, "safety_walk_points") == 0 {
			t.Fatal("the point was deleted")
		}
		res = mora.Get(t, "/safety-walk-actions/"+action+"/delete")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `action="/safety-walk-actions/`+action+`/delete"`) {
			t.Errorf("GET the action's delete page = %d", res.Status)
		}
		if res := mora.PostForm(t, "/safety-walk-actions/"+action+"/delete", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("POST the action's delete = %d", res.Status)
		}
		if res := mora.PostForm(t, "/safety-walk-points/"+point+"/delete", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("POST the point's delete = %d", res.Status)
		}
		if res := mora.Get(t, "/safety-walk-points/"+point+"/edit"); res.Status != http.StatusNotFound {
			t.Errorf("GET the deleted point's form = %d, want 404", res.Status)
		}
		var n int
		if err := d.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM audit_log WHERE entity LIKE 'safety_walk%' AND action IN ('update', 'delete')`).
			Scan(&n); err != nil {
			t.Fatal(err)
		}
		// The walk by the form and by the API, the point by the form and
		// by the API, the action by the form and by the API, then the
		// action's and the point's deletes; none of the refused requests.
		if n != 8 {
			t.Errorf("%d update and delete entries, want 8", n)
		}
	})
}

// TestReportLinkVisibility: a report kept to its organisation is not
// offered to, and cannot be linked by, a member of another organisation
// of the municipality (the police), though it is in the municipality;
// Mora's coordinator, who reads it, may link it.
func TestReportLinkVisibility(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		mora := ts.SignInAs(t, moraCoordinator)
		walk := newWalk(t, mora, ts)
		res := postMultipart(t, mora, "/safety-walks/"+walk+"/points", url.Values{"category": {"lighting"},
			"description": {"Mörkt"}, "place": {"Noret"}}, nil)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST a point = %d; body:\n%s", res.Status, res.Body)
		}
		point := strings.TrimPrefix(res.Header.Get("Location"), "/safety-walks/"+walk+"#point-")
		orgID, err := strconv.ParseInt(ts.OrgID(webtest.MoraName), 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		kept, _, err := report.NewStore(d).Create(t.Context(), audit.Actor{Label: "test"}, orgID, report.Input{
			Category: report.DefaultCategories[0], OccurredAt: clocktest.Now().AddDate(0, 0, -2).Format(time.RFC3339),
			MunicipalityCode: "2062", Place: "Noret", Visibility: report.VisibilityOrganization})
		if err != nil {
			t.Fatalf("create a report kept to Mora kommun: %v", err)
		}
		id := strconv.FormatInt(kept.ID, 10)

		police := ts.SignInAs(t, "polis@demo.example")
		if res := police.Get(t, "/safety-walk-points/"+point+"/edit"); res.Status != http.StatusOK || strings.Contains(res.Body, `<option value="`+id+`"`) {
			t.Errorf("the police's point form = %d, offering the report kept to Mora kommun: %v", res.Status, strings.Contains(res.Body, id))
		}
		res = ts.APIAs(t, "polis@demo.example").SendJSON(t, http.MethodPatch, "/api/v1/safety-walk-points/"+point, `{"report_id": "`+id+`"}`)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "report_id") {
			t.Errorf("PATCH by the police linking a report they may not read = %d: %s", res.Status, res.Body)
		}
		if res := mora.Get(t, "/safety-walk-points/"+point+"/edit"); !strings.Contains(res.Body, `<option value="`+id+`"`) {
			t.Errorf("Mora's coordinator is not offered the report")
		}
		res = ts.APIAs(t, moraCoordinator).SendJSON(t, http.MethodPatch, "/api/v1/safety-walk-points/"+point, `{"report_id": "`+id+`"}`)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `"report_id":"`+id+`"`) {
			t.Errorf("PATCH by Mora's coordinator = %d: %s", res.Status, res.Body)
		}
	})
}
