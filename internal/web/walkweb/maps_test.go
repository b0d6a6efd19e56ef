package walkweb_test

import (
	"bytes"
	"encoding/json"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

const route = `{"type":"LineString","coordinates":[[14.5801,61.0081],[14.5812,61.0089],[14.5825,61.0093]]}`

// postQueued sends the point form as the phone's queue does
// (walk-offline.js): multipart, asking for JSON, without a photo.
func postQueued(t *testing.T, c *webtest.Client, path string, fields url.Values) *webtest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return c.Do(t, http.MethodPost, path, &body, "Content-Type", mw.FormDataContentType(), "Accept", "application/json")
}

// TestRouteInTheForm: the walk form takes the route drawn on its map (a
// GeoJSON LineString in the field "route"); one not understood is refused
// on the field with nothing stored and is not kept in the form; without a
// route (the form without JavaScript) the walk is made as before. The
// walk's page, the point form and the residents' page carry the route for
// walk-map.js, the residents' page never the points.
func TestRouteInTheForm(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		mora := ts.SignInAs(t, moraCoordinator)
		if res := mora.Get(t, "/safety-walks/new"); res.Status != http.StatusOK || !strings.Contains(res.Body, `name="route"`) ||
			!strings.Contains(res.Body, `data-walk-map="route"`) {
			t.Fatalf("GET /safety-walks/new = %d without the route's field and map", res.Status)
		}
		walks := ts.Count(t, "safety_walks")
		form := url.Values{"municipality_code": {"2062"}, "held_on": {day(-1)}, "area": {"Noret, rutten"}, "residents_count": {"4"}}
		for _, bad := range []string{"norr", `{"type":"LineString","coordinates":[[14.58,61.0]]}`,
			`{"type":"LineString","coordinates":[[2.35,48.85],[2.36,48.86]]}`, `{"type":"Point","coordinates":[14.58,61.0]}`} {
			f := url.Values{}
			for k, v := range form {
				f[k] = v
			}
			f.Set("route", bad)
			res := mora.PostForm(t, "/safety-walks", f)
			if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "route") ||
				!strings.Contains(res.Body, `id="f-route-value" value=""`) || !strings.Contains(res.Body, `value="Noret, rutten"`) {
				t.Fatalf("POST /safety-walks with route %q = %d, want 422 on the route, the route not kept; body:\n%s", bad, res.Status, res.Body)
			}
		}
		if n := ts.Count(t, "safety_walks"); n != walks {
			t.Fatalf("refused routes stored %d walks", n-walks)
		}

		// Without JavaScript: no route.
		res := mora.PostForm(t, "/safety-walks", form)
		m := walkPath.FindStringSubmatch(res.Header.Get("Location"))
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("POST /safety-walks without a route = %d; body:\n%s", res.Status, res.Body)
		}
		var got struct {
			Route json.RawMessage `json:"route"`
		}
		webtest.DecodeBody(t, mora.Get(t, "/api/v1/safety-walks/"+m[1]), &got)
		if string(got.Route) != "null" {
			t.Fatalf("a walk without a route has route %s", got.Route)
		}
		if res := mora.Get(t, m[0]); strings.Contains(res.Body, `data-walk-map="view"`) {
			t.Fatal("a walk without route or points shows a map")
		}

		// With the route drawn.
		form.Set("route", route)
		res = mora.PostForm(t, "/safety-walks", form)
		m = walkPath.FindStringSubmatch(res.Header.Get("Location"))
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("POST /safety-walks with a route = %d; body:\n%s", res.Status, res.Body)
		}
		webtest.DecodeBody(t, mora.Get(t, "/api/v1/safety-walks/"+m[1]), &got)
		if string(got.Route) != route {
			t.Fatalf("route stored as %s, want %s", got.Route, route)
		}
		page := mora.Get(t, m[0])
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `data-walk-map="view"`) || !strings.Contains(page.Body, "LineString") ||
			!strings.Contains(page.Body, "Rutten: 0,2 km, 3 positioner.") {
			t.Fatalf("the walk's page does not draw the route; body:\n%s", page.Body)
		}
		pdf := mora.Get(t, m[0]+"/report.pdf")
		if pdf.Status != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("GET the PDF of a walk with a route = %d", pdf.Status)
		}
		// The edit form starts from the stored route, on its map: saved as
		// it came (with JavaScript or without), the route stays.
		edit := mora.Get(t, m[0]+"/edit")
		field := regexp.MustCompile(`id="f-route-value" value="([^"]*)"`).FindStringSubmatch(edit.Body)
		if edit.Status != http.StatusOK || field == nil || html.UnescapeString(field[1]) != route || !strings.Contains(edit.Body, `data-walk-map="route"`) {
			t.Fatalf("GET the walk's edit form = %d without the stored route on its map; body:\n%s", edit.Status, edit.Body)
		}
		form.Set("route", html.UnescapeString(field[1]))
		form.Set("area", "Noret, rutten ändrad")
		if res := mora.PostForm(t, m[0], form); res.Status != http.StatusSeeOther {
			t.Fatalf("POST the edit form = %d; body:\n%s", res.Status, res.Body)
		}
		webtest.DecodeBody(t, mora.Get(t, "/api/v1/safety-walks/"+m[1]), &got)
		if string(got.Route) != route {
			t.Fatalf("after an edit the route is %s, want %s", got.Route, route)
		}
		if res := mora.Get(t, m[0]+"/points/new"); !strings.Contains(res.Body, `data-walk-map="point"`) || !strings.Contains(res.Body, "LineString") ||
			!strings.Contains(res.Body, `name="external_id"`) {
			t.Fatalf("the point form has no map with the route, or no external_id; body:\n%s", res.Body)
		}
		res = postQueued(t, mora, m[0]+"/points", url.Values{"category": {"lighting"}, "description": {"Mörkt vid tunneln"},
			"lat": {"61,00912"}, "lon": {"14,58123"}})
		if res.Status != http.StatusCreated {
			t.Fatalf("POST a point = %d; body:\n%s", res.Status, res.Body)
		}

		// The residents' page: the route, never the points' positions.
		if res := mora.PostForm(t, m[0]+"/public", url.Values{"public": {"true"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("publish = %d", res.Status)
		}
		pub := ts.NewClient(t).Get(t, "/kommun/2062/safety-walks/"+m[1])
		if pub.Status != http.StatusOK || !strings.Contains(pub.Body, "LineString") || !strings.Contains(pub.Body, "ungefär 0,2 km") {
			t.Fatalf("the residents' page does not show the route; body:\n%s", pub.Body)
		}
		if strings.Contains(pub.Body, "61.00912") || strings.Contains(pub.Body, "61,00912") || strings.Contains(pub.Body, "14.58123") {
			t.Fatal("the residents' page shows a point's position")
		}
	})
}

// TestQueuedPointOnce: a point carries the external_id the phone made; sent
// again (the answer lost, two tabs) it is stored once, by the form (JSON
// answers for the phone's queue) and by the API: 201 the first time, 200
// with the same point after. A refused point is a JSON 422 with the
// fields' messages and stores nothing; points without an external_id are
// stored each time, as before.
func TestQueuedPointOnce(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		// The kernel's form worker, for the point forms and their files.
		sw := ts.NewClient(t).Get(t, "/safety-walks/sw.js")
		if sw.Status != http.StatusOK || sw.Header.Get("Service-Worker-Allowed") != "/safety-walks/" ||
			!strings.Contains(sw.Body, `const FORMS = ["^/safety-walks/\\d+/points/new$"]`) ||
			!strings.Contains(sw.Body, `const PREFIX = "samverkan-walk-"`) || !strings.Contains(sw.Body, ts.Srv.StaticURL("walk-offline.js")) {
			t.Errorf("GET /safety-walks/sw.js = %d %v\n%.600s", sw.Status, sw.Header, sw.Body)
		}
		mora := ts.SignInAs(t, moraCoordinator)
		res := mora.PostForm(t, "/safety-walks", url.Values{"municipality_code": {"2062"}, "held_on": {day(-1)}, "area": {"Noret"},
			"residents_count": {"2"}})
		m := walkPath.FindStringSubmatch(res.Header.Get("Location"))
		if m == nil {
			t.Fatalf("POST /safety-walks = %d; body:\n%s", res.Status, res.Body)
		}
		path := m[0] + "/points"
		points, audits := ts.Count(t, "safety_walk_points"), ts.AuditCount(t, "safety_walk_point")
		ext := "6f1c2a7e-8d3b-4c5a-9e0f-1a2b3c4d5e6f"
		fields := url.Values{"category": {"littering"}, "description": {"Skräp vid bänken"}, "lat": {"61,0090"}, "lon": {"14,5810"},
			"external_id": {ext}, "queued": {"1"}}

		// Refused: JSON, nothing stored.
		bad := url.Values{"category": {"littering"}, "description": {""}, "lat": {"61,0090"}, "lon": {"14,5810"}, "external_id": {ext}}
		res = postQueued(t, mora, path, bad)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST a point without description = %d, want 422; body:\n%s", res.Status, res.Body)
		}
		if e := webtest.APIErr(t, res); e.Error.Fields["description"] == "" {
			t.Fatalf("the refusal names no description: %s", res.Body)
		}

		var first, again struct {
			ID          string `json:"id"`
			Description string `json:"description"`
		}
		res = postQueued(t, mora, path, fields)
		if res.Status != http.StatusCreated || !strings.HasPrefix(res.Header.Get("Location"), m[0]+"#point-") {
			t.Fatalf("POST a queued point = %d (%q); body:\n%s", res.Status, res.Header.Get("Location"), res.Body)
		}
		webtest.DecodeBody(t, res, &first)
		res = postQueued(t, mora, path, fields)
		if res.Status != http.StatusOK {
			t.Fatalf("POST the same point again = %d, want 200; body:\n%s", res.Status, res.Body)
		}
		webtest.DecodeBody(t, res, &again)
		if again.ID != first.ID {
			t.Fatalf("the repeat answered point %s, want %s", again.ID, first.ID)
		}
		// A page post (without JavaScript's Accept) of the same id leads to
		// the point stored.
		res = postMultipart(t, mora, path, fields, nil)
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != m[0]+"#point-"+first.ID {
			t.Fatalf("POST the form again = %d to %q", res.Status, res.Header.Get("Location"))
		}
		// The API takes the same id.
		api := ts.APIAs(t, moraCoordinator)
		res = api.SendJSON(t, http.MethodPost, "/api/v1/safety-walks/"+m[1]+"/points",
			`{"category":"littering","description":"Skräp vid bänken","lat":61.009,"lon":14.581,"external_id":"`+ext+`"}`)
		if res.Status != http.StatusOK {
			t.Fatalf("POST the API with the same external_id = %d, want 200; body:\n%s", res.Status, res.Body)
		}
		webtest.DecodeBody(t, res, &again)
		if again.ID != first.ID {
			t.Fatalf("the API's repeat answered point %s, want %s", again.ID, first.ID)
		}
		if n := ts.Count(t, "safety_walk_points"); n != points+1 {
			t.Fatalf("a point sent four times stored %d points, want 1", n-points)
		}
		if n := ts.AuditCount(t, "safety_walk_point"); n != audits+1 {
			t.Fatalf("a point sent four times wrote %d audit entries, want 1", n-audits)
		}
		// Another id, and the API's own: new points.
		res = api.SendJSON(t, http.MethodPost, "/api/v1/safety-walks/"+m[1]+"/points",
			`{"category":"littering","description":"Skräp vid bänken","lat":61.009,"lon":14.581,"external_id":"another"}`)
		if res.Status != http.StatusCreated {
			t.Fatalf("POST the API with another external_id = %d, want 201; body:\n%s", res.Status, res.Body)
		}
		res = api.SendJSON(t, http.MethodPost, "/api/v1/safety-walks/"+m[1]+"/points",
			`{"category":"littering","description":"Skräp vid bänken","lat":61.009,"lon":14.581,"external_id":"`+strings.Repeat("x", 101)+`"}`)
		if res.Status != http.StatusUnprocessableEntity || webtest.APIErr(t, res).Error.Fields["external_id"] == "" {
			t.Fatalf("POST an external_id of 101 characters = %d, want 422 on it; body:\n%s", res.Status, res.Body)
		}
		delete(fields, "external_id")
		postQueued(t, mora, path, fields)
		postQueued(t, mora, path, fields)
		if n := ts.Count(t, "safety_walk_points"); n != points+4 {
			t.Fatalf("points without an external_id: %d stored in all, want 4", n-points)
		}
		// The same id in another walk is another point.
		res = mora.PostForm(t, "/safety-walks", url.Values{"municipality_code": {"2062"}, "held_on": {day(-1)}, "area": {"Prästholmen"},
			"residents_count": {"2"}})
		other := walkPath.FindStringSubmatch(res.Header.Get("Location"))
		fields.Set("external_id", ext)
		if res := postQueued(t, mora, other[0]+"/points", fields); res.Status != http.StatusCreated {
			t.Fatalf("the same external_id in another walk = %d, want 201; body:\n%s", res.Status, res.Body)
		}
	})
}
