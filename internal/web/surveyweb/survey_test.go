package surveyweb_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var publicLink = regexp.MustCompile(`href="(/s/[a-z0-9]+)"`)

// TestSurveyEndToEnd: Sälen's coordinator makes a survey from the
// template, edits a question and publishes it; a visitor without
// JavaScript answers it, first with a mistake (the form keeps what was
// typed), then completely; the results show the counts, the free text to
// the coordinator and not to the police.
func TestSurveyEndToEnd(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord := ts.SignIn(t, webtest.AsCoordinator)
		if res := coord.Get(t, "/surveys/new"); res.Status != 200 || !strings.Contains(res.Body, "citizen_safety") {
			t.Fatalf("GET /surveys/new = %d", res.Status)
		}
		// A mistake first: closing before opening; the form keeps the title.
		res := coord.PostForm(t, "/surveys", url.Values{"municipality_code": {"2023"}, "template": {"citizen_safety"},
			"title": {"Trygghet i Sälen"}, "opens_on": {day(0)}, "closes_on": {day(-6)}})
		if res.Status != 422 || !strings.Contains(res.Body, `value="Trygghet i Sälen"`) || !webtest.HasFieldError(res.Body, "closes_on") {
			t.Fatalf("POST /surveys with dates reversed = %d, want 422 keeping the title", res.Status)
		}
		res = coord.PostForm(t, "/surveys", url.Values{"municipality_code": {"2023"}, "template": {"citizen_safety"},
			"title": {"Trygghet i Sälen"}, "opens_on": {day(0)}, "closes_on": {day(55)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /surveys = %d %s", res.Status, res.Body)
		}
		edit := res.Header.Get("Location")
		page := coord.Get(t, edit)
		if page.Status != 200 || !strings.Contains(page.Body, "Hur trygg skulle du känna dig") {
			t.Fatalf("GET %s = %d", edit, page.Status)
		}
		base := strings.TrimSuffix(edit, "/edit")
		form := url.Values{"title": {"Trygghet i Sälen"}, "intro": {"Svara gärna!"}, "opens_on": {day(0)}, "closes_on": {day(55)},
			"questions.0.key": {"safety_evening"}, "questions.0.text": {""}}
		if res := coord.PostForm(t, base, form); res.Status != 422 || !strings.Contains(res.Body, "Svara gärna!") {
			t.Errorf("an emptied question = %d, want 422 keeping the intro", res.Status)
		}
		form.Set("questions.0.text", "Hur trygg känner du dig i Sälen en kväll?")
		form.Set("questions.0.required", "on")
		if res := coord.PostForm(t, base, form); res.Status != http.StatusSeeOther {
			t.Fatalf("POST %s = %d %s", base, res.Status, res.Body)
		}
		if res := coord.PostForm(t, base+"/publish", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("publish = %d", res.Status)
		}
		view := coord.Get(t, base)
		m := publicLink.FindStringSubmatch(view.Body)
		if m == nil {
			t.Fatalf("the survey's page has no public link:\n%s", view.Body)
		}
		link := m[1]

		citizen := ts.NewClient(t)
		page = citizen.Get(t, link)
		if page.Status != 200 || !strings.Contains(page.Body, "Hur trygg känner du dig i Sälen en kväll?") ||
			!strings.Contains(page.Body, `value="6.evening"`) || !strings.Contains(page.Body, "Lindvallen") {
			t.Fatalf("GET %s = %d, want the form with the when grid and the named places", link, page.Status)
		}
		place := regexp.MustCompile(`name="q.avoid_place" value="(\d+)"`).FindStringSubmatch(page.Body)
		if place == nil {
			t.Fatal("no named place to choose")
		}
		before := ts.Count(t, "survey_responses")
		answer := url.Values{"q.avoid_place": {place[1]}, "q.avoid_place.why": {"Mörkt vid liften"}, "q.when_unsafe": {"6.evening", "6.night"},
			"q.improve": {"Bättre belysning"}, "q.worry_crime": {"sometimes"}}
		// The required safety question is left out: everything else is kept.
		res = citizen.PostForm(t, link, answer)
		if res.Status != 422 || !strings.Contains(res.Body, "Mörkt vid liften") || !strings.Contains(res.Body, `value="6.evening" checked`) ||
			!strings.Contains(res.Body, `href="#q-safety-evening"`) {
			t.Fatalf("an answer without the required question = %d, want 422 keeping what was typed", res.Status)
		}
		if n := ts.Count(t, "survey_responses"); n != before {
			t.Errorf("a refused answer stored a response: %d, was %d", n, before)
		}
		answer.Set("q.safety_evening", "fairly_unsafe")
		res = citizen.PostForm(t, link, answer)
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != link+"/thanks" {
			t.Fatalf("the answer = %d → %s", res.Status, res.Header.Get("Location"))
		}
		if res := citizen.Get(t, link+"/thanks"); res.Status != 200 {
			t.Errorf("thanks = %d", res.Status)
		}
		// The same browser again is told so.
		if res := citizen.PostForm(t, link, answer); res.Status != 422 {
			t.Errorf("a second answer from one browser = %d, want 422", res.Status)
		}

		results := coord.Get(t, base+"/results")
		if results.Status != 200 || !strings.Contains(results.Body, "Bättre belysning") || !strings.Contains(results.Body, "Mörkt vid liften") {
			t.Errorf("the coordinator's results = %d, want the free text and the why", results.Status)
		}
		police := ts.SignIn(t, webtest.AsMember)
		results = police.Get(t, base+"/results")
		if results.Status != 200 || strings.Contains(results.Body, "Bättre belysning") || !strings.Contains(results.Body, "Ganska otrygg") {
			t.Errorf("the police's results = %d, want counts without the free text", results.Status)
		}
		if res := ts.SignIn(t, webtest.AsReporter).Get(t, base+"/results"); res.Status != 403 {
			t.Errorf("a reporter's results = %d, want 403", res.Status)
		}
		// In English.
		if res := citizen.Get(t, link, "Accept-Language", "en"); !strings.Contains(res.Body, "How safe would you feel") && !strings.Contains(res.Body, "Send the answers") {
			t.Errorf("the English page says neither the question nor the button in English")
		}
		// Closed: the form is gone.
		if res := coord.PostForm(t, base+"/close", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("close = %d", res.Status)
		}
		if res := ts.NewClient(t).Get(t, link); strings.Contains(res.Body, `id="survey-form"`) {
			t.Errorf("a closed survey still shows its form")
		}
	})
}

// day is the date offset days from the tests' day (clocktest), so that the
// tests hold on any day scripts/test-days runs them on.
func day(offset int) string {
	return clocktest.Now().In(clock.Zone()).AddDate(0, 0, offset).Format(time.DateOnly)
}
