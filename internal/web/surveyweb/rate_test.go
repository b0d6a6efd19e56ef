package surveyweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

func apiAnswer(t *testing.T, c *webtest.Client, id int64, browser string) *webtest.Response {
	t.Helper()
	body := fmt.Sprintf(`{"browser_token": %q, "answers": {"safety_evening": {"options": ["fairly_safe"]}}}`, browser)
	return c.SendJSON(t, "POST", "/api/v1/surveys/"+strconv.FormatInt(id, 10)+"/answers", body)
}

// TestAnswerRateLimit: one address answers a survey twenty times in an
// hour (on the test's clock: no sleeping); the next answer, by the API or
// the page, is refused with 429 and Retry-After, the page in Swedish
// keeping what was typed. In tablet mode the coordinator turns on, the
// thank-you page offers "Nästa person", which gives the browser a fresh
// token, and the same address answers on.
func TestAnswerRateLimit(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		v := answeredSurvey(t, d)
		client := ts.NewClient(t)
		for i := range survey.AnswersPerHour {
			if res := apiAnswer(t, client, v.ID, fmt.Sprintf("rate-limit-browser-%03d", i)); res.Status != http.StatusCreated {
				t.Fatalf("answer %d = %d %s", i+1, res.Status, res.Body)
			}
		}
		before := ts.Count(t, "survey_responses")
		res := apiAnswer(t, client, v.ID, "rate-limit-browser-over")
		if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "3600" ||
			webtest.APIErr(t, res).Error.Code != "too_many_requests" {
			t.Errorf("answer %d by the API = %d Retry-After %q %s; want 429 for an hour", survey.AnswersPerHour+1, res.Status,
				res.Header.Get("Retry-After"), res.Body)
		}
		page := ts.NewClient(t)
		page.Get(t, v.PublicPath())
		res = page.PostForm(t, v.PublicPath(), url.Values{"q.safety_evening": {"very_safe"}, "q.improve": {"Fler vuxna ute"}})
		if res.Status != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" ||
			!strings.Contains(res.Body, "Försök igen om 60 minuter") || !strings.Contains(res.Body, "Fler vuxna ute") {
			t.Errorf("answer by the page = %d, want 429 in Swedish keeping the text", res.Status)
		}
		if en := page.PostForm(t, v.PublicPath(), url.Values{"q.safety_evening": {"very_safe"}}, "Accept-Language", "en"); !strings.Contains(en.Body, "Try again in 60 minutes") {
			t.Errorf("the English page does not say when to try again")
		}
		if n := ts.Count(t, "survey_responses"); n != before {
			t.Errorf("refused answers stored %d responses", n-before)
		}

		// Without tablet mode there is no next person.
		if res := page.PostForm(t, v.PublicPath()+"/next", url.Values{}); res.Status != 404 {
			t.Errorf("next person outside tablet mode = %d, want 404", res.Status)
		}
		coord := ts.SignIn(t, webtest.AsCoordinator)
		base := "/surveys/" + strconv.FormatInt(v.ID, 10)
		if view := coord.Get(t, base); !strings.Contains(view.Body, `action="`+base+`/tablet"`) {
			t.Fatalf("the survey's page offers no tablet mode")
		}
		if res := coord.PostForm(t, base+"/tablet", url.Values{"tablet": {"on"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("tablet mode on = %d", res.Status)
		}
		if view := coord.Get(t, base); !strings.Contains(view.Body, "Surfplatteläget är på") {
			t.Errorf("the survey's page does not say tablet mode is on")
		}
		// The same address and browser: an answer, thanks, the next person.
		tablet := ts.NewClient(t)
		for i := range 3 {
			tablet.Get(t, v.PublicPath())
			res := tablet.PostForm(t, v.PublicPath(), url.Values{"q.safety_evening": {"fairly_safe"}})
			if res.Status != http.StatusSeeOther {
				t.Fatalf("tablet answer %d = %d", i+1, res.Status)
			}
			thanks := tablet.Get(t, v.PublicPath()+"/thanks")
			if !strings.Contains(thanks.Body, "Nästa person") || !strings.Contains(thanks.Body, `action="`+v.PublicPath()+`/next"`) {
				t.Fatalf("the thank-you page in tablet mode has no Nästa person")
			}
			// A fresh token; the next answer being taken (one per
			// browser) shows it is one.
			res = tablet.PostForm(t, v.PublicPath()+"/next", url.Values{})
			if res.Status != http.StatusSeeOther || res.Header.Get("Location") != v.PublicPath() ||
				!strings.HasPrefix(res.Header.Get("Set-Cookie"), "survey_browser=") {
				t.Fatalf("next person = %d → %s, Set-Cookie %q", res.Status, res.Header.Get("Location"), res.Header.Get("Set-Cookie"))
			}
		}
		if n := ts.Count(t, "survey_responses"); n != before+3 {
			t.Errorf("tablet answers stored = %d, want 3", n-before)
		}
		if res := apiAnswer(t, client, v.ID, "rate-limit-browser-tablet"); res.Status != http.StatusCreated {
			t.Errorf("an API answer in tablet mode = %d, want 201 under the higher limit", res.Status)
		}
		// Off again: the thank-you page no longer offers it.
		coord.PostForm(t, base+"/tablet", url.Values{"tablet": {"off"}})
		if thanks := tablet.Get(t, v.PublicPath()+"/thanks"); strings.Contains(thanks.Body, "Nästa person") {
			t.Errorf("the thank-you page offers Nästa person with tablet mode off")
		}
	})
}
