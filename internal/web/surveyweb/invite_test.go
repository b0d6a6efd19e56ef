package surveyweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var codeOnPage = regexp.MustCompile(`<span class="survey-code-value">([A-Z0-9]{4}-[A-Z0-9]{4})</span>`)

// TestAddQuestionAndInvitationCodes: Sälen's coordinator adds a question
// to a new draft (a mistake first: the form keeps what was typed), moves
// it, publishes, requires invitation codes and makes three, shown once and
// downloaded as CSV; a respondent answers with a code from the link, a
// second answer with the same code is refused with the Swedish message;
// the counts follow. A published survey takes no new question (409).
func TestAddQuestionAndInvitationCodes(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord := ts.SignIn(t, webtest.AsCoordinator)
		res := coord.PostForm(t, "/surveys", url.Values{"municipality_code": {"2023"}, "template": {"citizen_safety"},
			"title": {"Personaldialog i Sälen"}, "opens_on": {day(0)}, "closes_on": {day(30)}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /surveys = %d", res.Status)
		}
		base := strings.TrimSuffix(res.Header.Get("Location"), "/edit")
		page := coord.Get(t, base+"/edit")
		if page.Status != 200 || !strings.Contains(page.Body, `id="question-form"`) {
			t.Fatalf("the edit page has no form to add a question: %d", page.Status)
		}
		before := ts.Count(t, "survey_questions")
		add := url.Values{"question_kind": {"single"}, "question_section": {"safety"}, "question_text": {"Var arbetar du mest?"},
			"question_text_en": {"Where do you mostly work?"}, "question_options": {"Skidbacken\n"}, "question_required": {"on"}}
		res = coord.PostForm(t, base+"/questions", add)
		if res.Status != 422 || !strings.Contains(res.Body, "Var arbetar du mest?") || !strings.Contains(res.Body, "Where do you mostly work?") ||
			!webtest.HasFieldError(res.Body, "question_options") || !strings.Contains(res.Body, "Skriv minst två svarsalternativ") {
			t.Fatalf("one option = %d, want 422 keeping what was typed", res.Status)
		}
		if ts.Count(t, "survey_questions") != before {
			t.Fatal("a refused question was stored")
		}
		add.Set("question_options", "Skidbacken\nByn\r\nKontoret")
		add.Set("question_options_en", "The slopes\nThe village")
		add.Set("question_position", "1")
		res = coord.PostForm(t, base+"/questions", add)
		if res.Status != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/edit#question-var-arbetar-du-mest") {
			t.Fatalf("add = %d → %s", res.Status, res.Header.Get("Location"))
		}
		page = coord.Get(t, base+"/edit")
		first := strings.Index(page.Body, `id="question-var-arbetar-du-mest"`)
		if first < 0 || first > strings.Index(page.Body, `id="question-safety-evening"`) {
			t.Errorf("the new question is not first in its section")
		}
		if res := coord.PostForm(t, base+"/questions/move", url.Values{"move": {"var_arbetar_du_mest.down"}}); res.Status != http.StatusSeeOther {
			t.Errorf("move = %d", res.Status)
		}
		page = coord.Get(t, base+"/edit")
		if strings.Index(page.Body, `id="question-var-arbetar-du-mest"`) < strings.Index(page.Body, `id="question-safety-evening"`) {
			t.Errorf("the question did not move down")
		}
		if res := coord.PostForm(t, base+"/publish", url.Values{}); res.Status != http.StatusSeeOther {
			t.Fatalf("publish = %d", res.Status)
		}
		id := strings.TrimPrefix(base, "/surveys/")
		api := ts.API(t, webtest.AsCoordinator)
		if res := api.SendJSON(t, "POST", "/api/v1/surveys/"+id+"/questions", `{"kind": "text", "text": "Sent påkommet"}`); res.Status != 409 {
			t.Errorf("a question added to a published survey = %d, want 409", res.Status)
		}

		// Codes: none made yet is a mistake, then three.
		if res := coord.PostForm(t, base+"/invitation-required", url.Values{"invitation_required": {"on"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("require codes = %d", res.Status)
		}
		if res := coord.PostForm(t, base+"/invitations", url.Values{"invitation_count": {"1001"}}); res.Status != 422 ||
			!webtest.HasFieldError(res.Body, "invitation_count") || !strings.Contains(res.Body, `value="1001"`) {
			t.Errorf("1001 codes = %d, want 422 keeping the number", res.Status)
		}
		res = coord.PostForm(t, base+"/invitations", url.Values{"invitation_count": {"3"}})
		codes := codeOnPage.FindAllStringSubmatch(res.Body, -1)
		if res.Status != 200 || len(codes) != 3 || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("make 3 codes = %d with %d codes", res.Status, len(codes))
		}
		form := url.Values{"code": {codes[0][1], codes[1][1], codes[2][1], "ABCD-EFGH"}}
		csv := coord.PostForm(t, base+"/invitations.csv", form)
		rows := webtest.ReadCSV(t, csv.Body)
		if csv.Status != 200 || len(rows) != 4 || rows[0][0] != "Kod" || rows[1][0] != codes[0][1] ||
			!strings.HasSuffix(rows[1][1], "?code="+codes[0][1]) {
			t.Errorf("the CSV = %d %q", csv.Status, rows)
		}
		view := coord.Get(t, base)
		if !strings.Contains(view.Body, "Utdelade koder: 3, använda: 0.") {
			t.Errorf("the survey's page does not count the codes")
		}
		link := publicLink.FindStringSubmatch(view.Body)[1]

		// A respondent follows a link with the code in lower case.
		one := ts.NewClient(t)
		lower := strings.ToLower(strings.ReplaceAll(codes[0][1], "-", ""))
		page = one.Get(t, link+"?code="+lower)
		if page.Status != 200 || !strings.Contains(page.Body, `name="invitation_code" type="text" value="`+codes[0][1]+`"`) {
			t.Fatalf("the form does not hold the link's code: %d", page.Status)
		}
		answer := url.Values{"q.safety_evening": {"fairly_safe"}, "q.var_arbetar_du_mest": {"byn"}}
		if res := one.PostForm(t, link, answer); res.Status != 422 || !strings.Contains(res.Body, "Skriv inbjudningskoden du fick") ||
			!strings.Contains(res.Body, `href="#f-invitation-code"`) || !strings.Contains(res.Body, `value="byn" checked`) {
			t.Errorf("an answer without a code = %d, want 422 keeping what was chosen", res.Status)
		}
		responses := ts.Count(t, "survey_responses")
		answer.Set("invitation_code", lower)
		if res := one.PostForm(t, link, answer); res.Status != http.StatusSeeOther {
			t.Fatalf("an answer with the code = %d %s", res.Status, res.Body)
		}
		two := ts.NewClient(t)
		res = two.PostForm(t, link, answer)
		if res.Status != 422 || !strings.Contains(res.Body, "Koden har redan använts") {
			t.Errorf("a second answer with the code = %d, want 422 saying it is used", res.Status)
		}
		// The API takes the code too.
		body := `{"browser_token": "invite-test-browser-01", "invitation_code": "` + codes[1][1] + `",
			"answers": {"safety_evening": {"options": ["very_safe"]}, "var_arbetar_du_mest": {"options": ["kontoret"]}}}`
		if res := ts.NewClient(t).SendJSON(t, "POST", "/api/v1/surveys/"+id+"/answers", body); res.Status != 201 {
			t.Errorf("an API answer with a code = %d %s", res.Status, res.Body)
		}
		body = strings.Replace(body, "-01", "-02", 1)
		if res := ts.NewClient(t).SendJSON(t, "POST", "/api/v1/surveys/"+id+"/answers", body); res.Status != 422 {
			t.Errorf("an API answer with a used code = %d, want 422", res.Status)
		}
		if n := ts.Count(t, "survey_responses"); n != responses+2 {
			t.Errorf("responses %d → %d, want two more", responses, n)
		}
		if view := coord.Get(t, base); !strings.Contains(view.Body, "Utdelade koder: 3, använda: 2.") {
			t.Errorf("the survey's page does not count the used codes")
		}
		// The API makes codes once, 1–1000.
		if res := api.SendJSON(t, "POST", "/api/v1/surveys/"+id+"/invitations", `{"count": 0}`); res.Status != 422 {
			t.Errorf("0 codes by the API = %d", res.Status)
		}
		res = api.SendJSON(t, "POST", "/api/v1/surveys/"+id+"/invitations", `{"count": 2}`)
		var out struct {
			Codes       []string
			Invitations struct{ Issued, Used int }
		}
		webtest.DecodeBody(t, res, &out)
		if res.Status != 201 || len(out.Codes) != 2 || out.Invitations.Issued != 5 || out.Invitations.Used != 2 {
			t.Errorf("2 codes by the API = %d %+v", res.Status, out)
		}
	})
}

// TestCodeGuessesAreLimited: answers refused for an unknown code count
// against the address's answers an hour, so codes cannot be guessed
// faster than people answer; a used code's refusal does not count.
func TestCodeGuessesAreLimited(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		v := answeredSurvey(t, d)
		if _, err := survey.NewStore(d).SetInvitationRequired(t.Context(), audit.System, v.ID, true); err != nil {
			t.Fatal(err)
		}
		client := ts.NewClient(t)
		id := strconv.FormatInt(v.ID, 10)
		for i := range survey.AnswersPerHour {
			body := fmt.Sprintf(`{"browser_token": "guess-browser-%03d", "invitation_code": "ABCD-EF%02d",
				"answers": {"safety_evening": {"options": ["fairly_safe"]}}}`, i, 22+i%8)
			if res := client.SendJSON(t, "POST", "/api/v1/surveys/"+id+"/answers", body); res.Status != 422 {
				t.Fatalf("guess %d = %d %s", i+1, res.Status, res.Body)
			}
		}
		res := client.SendJSON(t, "POST", "/api/v1/surveys/"+id+"/answers",
			`{"browser_token": "guess-browser-last", "invitation_code": "ABCD-EFGH", "answers": {"safety_evening": {"options": ["fairly_safe"]}}}`)
		if res.Status != http.StatusTooManyRequests {
			t.Errorf("guess %d = %d, want 429", survey.AnswersPerHour+1, res.Status)
		}
		page := ts.NewClient(t)
		page.Get(t, v.PublicPath())
		if res := page.PostForm(t, v.PublicPath(), url.Values{"q.safety_evening": {"very_safe"}, "invitation_code": {"ABCD-EFGH"}}); res.Status != http.StatusTooManyRequests {
			t.Errorf("a guess by the page after the limit = %d, want 429", res.Status)
		}
	})
}
