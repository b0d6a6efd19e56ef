package surveyweb_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var firstPlace = regexp.MustCompile(`name="q.avoid_place" value="(\d+)"`)

// TestPlaceReasons: a citizen ticks a named place with two follow-up
// reasons (the fieldset for every ticked place) and a map pin with its
// own. Refused for a missing answer, the form keeps every tick; an unknown
// reason is refused on the fieldset and nothing is stored; sent whole,
// the reasons are stored and the coordinator's results and CSV count them.
func TestPlaceReasons(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord := ts.SignIn(t, webtest.AsCoordinator)
		res := coord.PostForm(t, "/surveys", url.Values{"municipality_code": {"2023"}, "template": {"citizen_safety"},
			"title": {"Skälen i Sälen"}, "opens_on": {day(0)}, "closes_on": {day(30)}})
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
		citizen := ts.NewClient(t)
		page := citizen.Get(t, link)
		if !strings.Contains(page.Body, "Vad gör platserna otrygga?") {
			t.Fatal("the place question has no reasons fieldset")
		}
		pm := firstPlace.FindStringSubmatch(page.Body)
		if pm == nil {
			t.Fatal("no named place")
		}
		answer := url.Values{
			"q.avoid_place":            {pm[1]},
			"q.avoid_place.reason":     {"lighting", "gathering"},
			"q.avoid_place.pin":        {"61.16000,13.26500"},
			"q.avoid_place.pin_why":    {""},
			"q.avoid_place.pin_reason": {"0:traffic"},
		}
		res = citizen.PostForm(t, link, answer)
		if res.Status != 422 {
			t.Fatalf("an answer without the required question = %d, want 422", res.Status)
		}
		for _, want := range []string{`name="q.avoid_place.reason" value="lighting" checked`, `name="q.avoid_place.reason" value="gathering" checked`,
			`name="q.avoid_place.pin_reason" value="0:traffic" data-reason="traffic" checked`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the form shown again lacks %s", want)
			}
		}
		if strings.Contains(res.Body, `value="hidden" checked`) {
			t.Error("a reason not ticked came back ticked")
		}
		answer.Set("q.safety_evening", "fairly_unsafe")
		before := ts.Count(t, "survey_pin_reasons")
		answer["q.avoid_place.reason"] = []string{"lighting", "aliens"}
		res = citizen.PostForm(t, link, answer)
		if res.Status != 422 || !strings.Contains(res.Body, "Välj bland svarsalternativen för vad som gör platserna otrygga") ||
			!strings.Contains(res.Body, `href="#q-avoid-place-reason"`) {
			t.Fatalf("an unknown reason = %d, want 422 with the message linked", res.Status)
		}
		if n := ts.Count(t, "survey_pin_reasons"); n != before {
			t.Errorf("a refused answer stored reasons: %d, was %d", n, before)
		}
		answer["q.avoid_place.reason"] = []string{"lighting", "gathering"}
		if res := citizen.PostForm(t, link, answer); res.Status != http.StatusSeeOther {
			t.Fatalf("the answer = %d %s", res.Status, res.Body)
		}
		if n := ts.Count(t, "survey_pin_reasons"); n != before+3 {
			t.Errorf("stored reasons = %d, want %d", n, before+3)
		}
		results := coord.Get(t, base+"/results")
		if !strings.Contains(results.Body, "Varför platserna känns otrygga") || !strings.Contains(results.Body, `data-reason="lighting"`) ||
			!strings.Contains(results.Body, `data-reason="traffic"`) {
			t.Errorf("the coordinator's results lack the reasons")
		}
		csv := coord.Get(t, base+"/results.csv")
		if !strings.Contains(csv.Body, "place_reason;lighting;Dålig belysning;1;1;") {
			t.Errorf("the CSV lacks the place_reason rows")
		}
		// One answer is below the suppression threshold: the police see no count.
		police := ts.SignIn(t, webtest.AsMember).Get(t, base+"/results")
		if police.Status != 200 || strings.Contains(police.Body, `data-reason="`) {
			t.Errorf("the police's results = %d, want no reason below the threshold", police.Status)
		}
	})
}
