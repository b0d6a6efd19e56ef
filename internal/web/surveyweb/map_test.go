package surveyweb_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestMapPins: a citizen answers a place question with two map pins, each
// with its own why. Refused for a missing answer, the form comes back with
// both pins and their whys; refused for personal data in the second why,
// the warning names that pin and nothing is stored; sent whole, each pin
// keeps its own why. The results page has the map's data for the
// coordinator (exact pins with their positions) and no exact pin for the
// police.
func TestMapPins(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord := ts.SignIn(t, webtest.AsCoordinator)
		res := coord.PostForm(t, "/surveys", url.Values{"municipality_code": {"2023"}, "template": {"citizen_safety"},
			"title": {"Kartan i Sälen"}, "opens_on": {day(0)}, "closes_on": {day(30)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /surveys = %d %s", res.Status, res.Body)
		}
		base := strings.TrimSuffix(res.Header.Get("Location"), "/edit")
		if res := coord.PostForm(t, base+"/publish", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("publish = %d", res.Status)
		}
		m := publicLink.FindStringSubmatch(coord.Get(t, base).Body)
		if m == nil {
			t.Fatal("no public link")
		}
		link := m[1]
		maps := ts.Srv.HasStatic("vendor/leaflet.js")

		citizen := ts.NewClient(t)
		page := citizen.Get(t, link)
		if maps && (!strings.Contains(page.Body, `data-survey-pick="q-avoid-place"`) || !strings.Contains(page.Body, "survey-map.")) {
			t.Errorf("the place question has no map")
		}
		answer := url.Values{
			"q.avoid_place.pin":     {"61.16000,13.26500", "61.15500,12.91000"},
			"q.avoid_place.pin_why": {"Mörkt vid busshållplatsen", "Stökigt vid liften"},
			"q.when_unsafe":         {"6.evening"},
		}
		// The required safety question left out: both pins come back.
		res = citizen.PostForm(t, link, answer)
		if res.Status != 422 {
			t.Fatalf("an answer without the required question = %d, want 422", res.Status)
		}
		for _, want := range []string{`name="q.avoid_place.pin" value="61.16000,13.26500"`, `name="q.avoid_place.pin" value="61.15500,12.91000"`,
			`data-lat="61.160000" data-lon="13.265000"`, ">Mörkt vid busshållplatsen</textarea>", ">Stökigt vid liften</textarea>",
			`id="q-avoid-place-pin-2-why" name="q.avoid_place.pin_why"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the form shown again lacks %s", want)
			}
		}
		// Personal data in the second pin's why: the warning names that
		// pin, and nothing is stored.
		before := ts.Count(t, "survey_responses")
		answer.Set("q.safety_evening", "fairly_unsafe")
		answer["q.avoid_place.pin_why"] = []string{"Mörkt vid busshållplatsen", "Kalle Karlsson 070-123 45 67 bråkar"}
		res = citizen.PostForm(t, link, answer)
		if res.Status != 422 || !strings.Contains(res.Body, "pii-warning") || !strings.Contains(res.Body, "Varför? (nål 2)") ||
			!strings.Contains(res.Body, `href="#q-avoid-place-pin-2-why"`) {
			t.Fatalf("personal data in a pin's why = %d, want 422 with the warning naming pin 2", res.Status)
		}
		if n := ts.Count(t, "survey_responses"); n != before {
			t.Errorf("a refused answer stored a response: %d, was %d", n, before)
		}
		answer["q.avoid_place.pin_why"] = []string{"Mörkt vid busshållplatsen", "Stökigt vid liften"}
		if res := citizen.PostForm(t, link, answer); res.Status != http.StatusSeeOther {
			t.Fatalf("the answer = %d %s", res.Status, res.Body)
		}
		for _, why := range []string{"Mörkt vid busshållplatsen", "Stökigt vid liften"} {
			var n int
			if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM survey_pins WHERE why = ? AND lat IS NOT NULL`, why).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 1 {
				t.Errorf("pins with why %q: %d, want 1", why, n)
			}
		}

		// The coordinator's results carry the exact pins for the map; the
		// police's carry none.
		results := coord.Get(t, base+"/results")
		if maps && !strings.Contains(results.Body, "data-survey-results") {
			t.Errorf("the coordinator's results have no map")
		}
		if !strings.Contains(results.Body, `data-lat="61.160000" data-lon="13.265000"`) || !strings.Contains(results.Body, `data-heat="`) {
			t.Errorf("the coordinator's results lack the exact pin or the grid's heat classes")
		}
		police := ts.SignIn(t, webtest.AsMember).Get(t, base+"/results")
		if police.Status != 200 || strings.Contains(police.Body, "61.160000") || strings.Contains(police.Body, "Stökigt vid liften") ||
			strings.Contains(police.Body, "-pins\" ") {
			t.Errorf("the police's results = %d, want no exact pin", police.Status)
		}
	})
}
