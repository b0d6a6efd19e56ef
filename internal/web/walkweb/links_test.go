package walkweb_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/testenv"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// queryID returns the first id a query finds, failing the test when none.
func queryID(t *testing.T, d *db.DB, what, query string, args ...any) string {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return strconv.FormatInt(id, 10)
}

// newWalk records a walk in Mora as its coordinator and returns its id.
func newWalk(t *testing.T, c *webtest.Client, ts *webtest.TestServer) string {
	t.Helper()
	res := c.PostForm(t, "/safety-walks", url.Values{"municipality_code": {"2062"}, "held_on": {day(-4)},
		"area": {"Noret, parkeringarna"}, "residents_count": {"8"}, "organization_ids": {ts.OrgID(webtest.DemoPolice)}})
	m := walkPath.FindStringSubmatch(res.Header.Get("Location"))
	if res.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("POST /safety-walks = %d to %q; body:\n%s", res.Status, res.Header.Get("Location"), res.Body)
	}
	return m[1]
}

// TestLinksInTheForms: the point and action forms offer Mora's
// commitments of promises in force and take a report's number; the links
// are stored and shown on the walk's page (to the promise's and the
// report's pages), in its PDF and its JSON; a commitment of another
// municipality is refused with a message and nothing is stored.
func TestLinksInTheForms(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		mora := ts.SignInAs(t, moraCoordinator)
		// The demo's Noret promise is over: Mora gets one in force.
		text := "Kommunen ser över belysningen på Norets parkeringar"
		ps := promise.NewStore(d)
		p, err := ps.Create(context.Background(), audit.Actor{Label: "test"}, promise.Input{Title: "Trygga Noret", MunicipalityCode: "2062",
			Problem: "Otrygga parkeringar", Effect: "Fler känner sig trygga", StartsOn: day(-30), EndsOn: day(300),
			Commitments: []promise.CommitmentInput{{OrganizationID: ts.OrgID(webtest.DemoPolice), Text: text}}})
		if err != nil {
			t.Fatalf("create a promise in force: %v", err)
		}
		if _, err := ps.Publish(context.Background(), audit.Actor{Label: "test"}, p.ID); err != nil {
			t.Fatalf("publish it: %v", err)
		}
		commitment, promiseID := strconv.FormatInt(p.Commitments[0].ID, 10), strconv.FormatInt(p.ID, 10)
		elsewhere := queryID(t, d, "a commitment of another municipality", `SELECT c.id FROM commitments c
			JOIN promises p ON p.id = c.promise_id WHERE p.municipality_code <> '2062' ORDER BY c.id LIMIT 1`)
		report := queryID(t, d, "a report in Mora", `SELECT id FROM reports WHERE municipality_code = '2062' ORDER BY id LIMIT 1`)

		walk := newWalk(t, mora, ts)
		form := mora.Get(t, "/safety-walks/"+walk+"/points/new")
		if form.Status != http.StatusOK || !strings.Contains(form.Body, `<option value="`+commitment+`"`) ||
			strings.Contains(form.Body, `<option value="`+elsewhere+`"`) || !strings.Contains(form.Body, `name="report_id"`) {
			t.Fatalf("the point form = %d, want Mora's commitment %s offered, not %s, and a report field", form.Status, commitment, elsewhere)
		}

		points := ts.Count(t, "safety_walk_points")
		res := postMultipart(t, mora, "/safety-walks/"+walk+"/points", url.Values{"category": {"lighting"},
			"description": {"Mörkt vid gångvägen"}, "place": {"Noret"}, "commitment_id": {elsewhere}}, nil)
		if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "commitment-id") ||
			!strings.Contains(res.Body, "Det finns inget sådant åtagande i kommunens medborgarlöften") {
			t.Fatalf("POST a point linked to another municipality's commitment = %d, want 422 with the message; body:\n%s", res.Status, res.Body)
		}
		if n := ts.Count(t, "safety_walk_points"); n != points {
			t.Fatalf("a refused point stored %d rows", n-points)
		}
		res = postMultipart(t, mora, "/safety-walks/"+walk+"/points", url.Values{"category": {"lighting"},
			"description": {"Mörkt vid gångvägen"}, "place": {"Noret"}, "commitment_id": {commitment}, "report_id": {report}}, nil)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST a linked point = %d; body:\n%s", res.Status, res.Body)
		}
		point := strings.TrimPrefix(res.Header.Get("Location"), "/safety-walks/"+walk+"#point-")
		stored := queryID(t, d, "the point's commitment", `SELECT commitment_id FROM safety_walk_points WHERE id = ?`, point)
		if stored != commitment {
			t.Errorf("the point's stored commitment = %s, want %s", stored, commitment)
		}

		if f := mora.Get(t, "/safety-walk-points/"+point+"/actions/new"); !strings.Contains(f.Body, `<option value="`+commitment+`" selected`) {
			t.Errorf("the action form does not start from the point's commitment")
		}
		actions := ts.Count(t, "safety_walk_actions")
		res = mora.PostForm(t, "/safety-walk-points/"+point+"/actions", url.Values{"text": {"Sätt upp belysning längs gångvägen"},
			"organization_id": {ts.OrgID(webtest.DemoPolice)}, "status": {"open"}, "commitment_id": {elsewhere}})
		if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "commitment-id") ||
			!strings.Contains(res.Body, "Det finns inget sådant åtagande i kommunens medborgarlöften") {
			t.Fatalf("POST an action linked to another municipality's commitment = %d, want 422 with the message", res.Status)
		}
		if n := ts.Count(t, "safety_walk_actions"); n != actions {
			t.Fatalf("a refused action stored %d rows", n-actions)
		}
		res = mora.PostForm(t, "/safety-walk-points/"+point+"/actions", url.Values{"text": {"Sätt upp belysning längs gångvägen"},
			"organization_id": {ts.OrgID(webtest.DemoPolice)}, "status": {"open"}, "commitment_id": {commitment}, "report_id": {report}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST a linked action = %d; body:\n%s", res.Status, res.Body)
		}
		action := strings.TrimPrefix(res.Header.Get("Location"), "/safety-walks/"+walk+"#action-")
		if got := queryID(t, d, "the action's report", `SELECT report_id FROM safety_walk_actions WHERE id = ?`, action); got != report {
			t.Errorf("the action's stored report = %s, want %s", got, report)
		}

		page := mora.Get(t, "/safety-walks/"+walk)
		if n := strings.Count(page.Body, `href="/promises/`+promiseID+`"`); n != 2 {
			t.Errorf("the walk's page links the promise %d times, want 2 (point and action)", n)
		}
		if n := strings.Count(page.Body, `href="/reports/`+report+`"`); n != 2 {
			t.Errorf("the walk's page links the report %d times, want 2", n)
		}
		if !strings.Contains(page.Body, template(text)) {
			t.Errorf("the walk's page lacks the commitment's text %q", text)
		}
		pdf := mora.Get(t, "/safety-walks/"+walk+"/report.pdf")
		if pdf.Status != http.StatusOK {
			t.Fatalf("GET the PDF = %d", pdf.Status)
		}
		if txt := strings.Join(strings.Fields(pdfText(t, []byte(pdf.Body))), " "); !strings.Contains(txt, "/promises/"+promiseID) ||
			!strings.Contains(txt, "/reports/"+report) || !strings.Contains(txt, text) {
			t.Errorf("the PDF lacks the commitment or the links to the promise and the report; text:\n%s", txt)
		}
		api := ts.APIAs(t, moraCoordinator).Get(t, "/api/v1/safety-walks/"+walk)
		if !strings.Contains(api.Body, `"commitment_id":"`+commitment+`"`) || !strings.Contains(api.Body, `"promise_id":"`+promiseID+`"`) {
			t.Errorf("the API's walk lacks the linked commitment; body:\n%s", api.Body)
		}
	})
}

// pdfText is the text a PDF shows, read back with poppler's pdftotext.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(testenv.Program(t, "pdftotext", "poppler-utils"), "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// template escapes s as html/template writes text.
func template(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

// TestPublicWalkPage: a visitor sees nothing of a walk until Mora's
// coordinator publishes it (a member may not); then the page shows the
// actions with their status and category, in Swedish and in English, and
// never the point's description, photo or position.
func TestPublicWalkPage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		mora := ts.SignInAs(t, moraCoordinator)
		walk := newWalk(t, mora, ts)
		res := postMultipart(t, mora, "/safety-walks/"+walk+"/points", url.Values{"category": {"lighting"},
			"description": {"Trasig lampa vid porten till nummer sju"}, "lat": {"61,00871"}, "lon": {"14,58052"}}, photoWithPosition(t))
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST a point = %d; body:\n%s", res.Status, res.Body)
		}
		point := strings.TrimPrefix(res.Header.Get("Location"), "/safety-walks/"+walk+"#point-")
		for _, a := range []url.Values{
			{"text": {"Byt armaturen vid gångvägen"}, "organization_id": {ts.OrgID(webtest.DemoPolice)}, "status": {"done"}},
			{"text": {"Klipp häcken vid parkeringen"}, "organization_id": {ts.OrgID(webtest.DemoPolice)}, "status": {"in_progress"}},
		} {
			if res := mora.PostForm(t, "/safety-walk-points/"+point+"/actions", a); res.Status != http.StatusSeeOther {
				t.Fatalf("POST an action = %d; body:\n%s", res.Status, res.Body)
			}
		}
		public := "/kommun/2062/safety-walks/" + walk
		visitor := ts.NewClient(t)
		if res := visitor.Get(t, public); res.Status != http.StatusNotFound {
			t.Fatalf("GET %s before publishing = %d, want 404", public, res.Status)
		}
		if m := visitor.Get(t, "/kommun/2062"); strings.Contains(m.Body, `href="`+public+`"`) {
			t.Error("Mora's public page links the walk before it is published")
		}
		if res := ts.SignIn(t, webtest.AsMember).PostForm(t, "/safety-walks/"+walk+"/public", url.Values{"public": {"true"}}); res.Status != http.StatusForbidden {
			t.Errorf("POST publish as the police's member = %d, want 403", res.Status)
		}
		if res := visitor.Get(t, public); res.Status != http.StatusNotFound {
			t.Fatalf("GET %s after a refused publish = %d, want 404", public, res.Status)
		}
		if res := mora.PostForm(t, "/safety-walks/"+walk+"/public", url.Values{"public": {"true"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("POST publish as Mora's coordinator = %d", res.Status)
		}
		if page := mora.Get(t, "/safety-walks/"+walk); !strings.Contains(page.Body, `href="`+public+`"`) {
			t.Error("the walk's page does not link its public page")
		}
		// Mora's public page lists it among the published walks.
		if m := visitor.Get(t, "/kommun/2062"); !strings.Contains(m.Body, `href="`+public+`"`) {
			t.Error("Mora's public page does not link the published walk")
		}
		page := visitor.Get(t, public)
		if page.Status != http.StatusOK {
			t.Fatalf("GET %s = %d", public, page.Status)
		}
		for _, want := range []string{"Noret, parkeringarna", day(-4), "Byt armaturen vid gångvägen", "Klipp häcken vid parkeringen",
			"Klar", "Pågår", "Belysning"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the public page lacks %q", want)
			}
		}
		for _, never := range []string{"Trasig lampa", "/photo", "<img", "61.0087", "61,0087", "14.5805"} {
			if strings.Contains(page.Body, never) {
				t.Errorf("the public page shows %q", never)
			}
		}
		en := visitor.Get(t, public, "Accept-Language", "en")
		if !strings.Contains(en.Body, "Done") || !strings.Contains(en.Body, "In progress") || !strings.Contains(en.Body, "Lighting") {
			t.Errorf("the public page in English lacks the statuses and the category; body:\n%s", en.Body)
		}
		if res := visitor.Get(t, "/kommun/2023/safety-walks/"+walk); res.Status != http.StatusNotFound {
			t.Errorf("GET the walk under another municipality = %d, want 404", res.Status)
		}
		if res := mora.PostForm(t, "/safety-walks/"+walk+"/public", url.Values{"public": {"false"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("POST unpublish = %d", res.Status)
		}
		if res := visitor.Get(t, public); res.Status != http.StatusNotFound {
			t.Errorf("GET %s after unpublishing = %d, want 404", public, res.Status)
		}
	})
}
