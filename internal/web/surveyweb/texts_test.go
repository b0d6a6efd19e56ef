package surveyweb_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestTextsPage: Mora's coordinator reads the demo dialogue's free texts,
// filters them by a word (in another case) and an area, gets the empty
// state for a word nobody wrote and a clear message for a group the survey
// does not have; the police, who read the counted results, are refused,
// as is Sälen's coordinator.
func TestTextsPage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		var id int64
		if err := d.QueryRowContext(context.Background(), `SELECT id FROM surveys WHERE title = ?`, "Trygghetsdialog Mora (demo)").Scan(&id); err != nil {
			t.Fatal(err)
		}
		base := "/surveys/" + strconv.FormatInt(id, 10)
		var all, noret int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
			WHERE q.survey_id = ? AND q.key = 'improve' AND a.text IS NOT NULL`, id).Scan(&all); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
			JOIN survey_backgrounds b ON b.response_id = a.response_id
			WHERE q.survey_id = ? AND q.key = 'improve' AND a.text LIKE '%Noret%' AND b.residence = 'Noret'`, id).Scan(&noret); err != nil {
			t.Fatal(err)
		}
		coord := ts.SignInAs(t, webtest.MoraCoordEmail)
		res := coord.Get(t, base+"/results")
		if res.Status != 200 || !strings.Contains(res.Body, `href="`+base+`/texts?question=improve"`) {
			t.Fatalf("the results page = %d, want a link to the free texts", res.Status)
		}
		res = coord.Get(t, base+"/texts")
		if res.Status != 200 || strings.Count(res.Body, `class="survey-text"`) != min(all, 50) || !strings.Contains(res.Body, strconv.Itoa(all)+" svar") {
			t.Fatalf("the texts = %d with %d texts, want %d", res.Status, strings.Count(res.Body, `class="survey-text"`), all)
		}
		res = coord.Get(t, base+"/texts?"+url.Values{"q": {"NORET"}, "residence": {"Noret"}, "question": {"improve"}}.Encode())
		if res.Status != 200 || strings.Count(res.Body, `class="survey-text"`) != noret ||
			!strings.Contains(res.Body, strconv.Itoa(noret)+" av "+strconv.Itoa(all)+" svar") || !strings.Contains(res.Body, `value="NORET"`) {
			t.Errorf("filtered = %d with %d texts, want %d of %d", res.Status, strings.Count(res.Body, `class="survey-text"`), noret, all)
		}
		// The month of the newest answer: as many as were answered that
		// month (counted here, in Swedish time, from the stored times), of
		// all. On some days the demo's answers span two months.
		month, inMonth := "", 0
		if err := db.Each(context.Background(), d, `SELECT r.submitted_at FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
			JOIN survey_responses r ON r.id = a.response_id WHERE q.survey_id = ? AND q.key = 'improve' AND a.text IS NOT NULL
			ORDER BY r.submitted_at DESC`, []any{id}, func(sc db.Scanner) error {
			var at time.Time
			if err := sc.Scan(&at); err != nil {
				return err
			}
			m := clock.Local(at).Format("2006-01")
			if month == "" {
				month = m
			}
			if m == month {
				inMonth++
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		res = coord.Get(t, base+"/texts?month="+month)
		if res.Status != 200 || !strings.Contains(res.Body, strconv.Itoa(inMonth)+" av "+strconv.Itoa(all)+" svar") ||
			!strings.Contains(res.Body, `<option value="`+month+`" selected>`) {
			t.Errorf("the month %s = %d, want %d of %d, the month chosen", month, res.Status, inMonth, all)
		}
		if res := coord.Get(t, base+"/texts?month=2020-01"); res.Status != 200 || !strings.Contains(res.Body, "survey-texts-empty") {
			t.Errorf("a month without answers = %d, want the empty state", res.Status)
		}
		if res := coord.Get(t, base+"/texts?month=2020-13"); res.Status != 422 || !webtest.HasFieldError(res.Body, "month") {
			t.Errorf("month 13 = %d, want 422", res.Status)
		}
		res = coord.Get(t, base+"/texts?q=cykelst%C3%B6ld")
		if res.Status != 200 || !strings.Contains(res.Body, "survey-texts-empty") {
			t.Errorf("a word nobody wrote = %d, want the empty state", res.Status)
		}
		res = coord.Get(t, base+"/texts?age_band=12_15&page=x")
		if res.Status != 422 || !strings.Contains(res.Body, "error-summary") || !webtest.HasFieldError(res.Body, "age_band") {
			t.Errorf("an unknown group = %d, want 422 with the error", res.Status)
		}
		if res := ts.SignIn(t, webtest.AsMember).Get(t, base+"/texts"); res.Status != 403 {
			t.Errorf("the police = %d, want 403", res.Status)
		}
		if res := ts.SignIn(t, webtest.AsCoordinator).Get(t, base+"/texts"); res.Status != 404 {
			t.Errorf("Sälen's coordinator = %d, want 404", res.Status)
		}
	})
}

// TestTextsPages: more texts than a page; the next link keeps the filter,
// the second page holds the rest and links back.
func TestTextsPages(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		ctx := context.Background()
		store := survey.NewStore(d)
		var id int64
		if err := d.QueryRowContext(ctx, `SELECT id FROM surveys WHERE title = ?`, "Trygghetsdialog Mora (demo)").Scan(&id); err != nil {
			t.Fatal(err)
		}
		for i := range 60 {
			if _, err := store.Submit(ctx, id, survey.Answer{BrowserToken: "texts-pages-browser-" + strconv.Itoa(i),
				Items: map[string]survey.Item{survey.KeySafetyEvening: {Options: []string{"fairly_safe"}},
					"improve": {Text: "Fler lampor i Älvparken nr " + strconv.Itoa(i)}}}); err != nil {
				t.Fatalf("Submit %d: %v", i, err)
			}
		}
		base := "/surveys/" + strconv.FormatInt(id, 10) + "/texts"
		coord := ts.SignInAs(t, webtest.MoraCoordEmail)
		res := coord.Get(t, base+"?q=%C3%A4lvparken")
		if res.Status != 200 || strings.Count(res.Body, `class="survey-text"`) != 50 || !strings.Contains(res.Body, "60 av ") {
			t.Fatalf("page 1 = %d with %d texts", res.Status, strings.Count(res.Body, `class="survey-text"`))
		}
		next := `href="` + base + `?page=2&amp;q=%C3%A4lvparken"`
		if !strings.Contains(res.Body, next) {
			t.Fatalf("page 1 has no link %s", next)
		}
		res = coord.Get(t, base+"?page=2&q=%C3%A4lvparken")
		if res.Status != 200 || strings.Count(res.Body, `class="survey-text"`) != 10 || strings.Contains(res.Body, `rel="next"`) ||
			!strings.Contains(res.Body, `href="`+base+`?q=%C3%A4lvparken" rel="prev"`) {
			t.Errorf("page 2 = %d with %d texts", res.Status, strings.Count(res.Body, `class="survey-text"`))
		}
	})
}
