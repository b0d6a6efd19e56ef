package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestFieldLimits: a field with a limit says it under the field, for
// every reader and without a script, and the page loads the script that
// counts down while one types; a page without such a field does not.
func TestFieldLimits(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.Session(t, webtest.AsCoordinator)
		for _, tt := range []struct {
			path   string
			fields map[string]string // id → its limit, as said
		}{
			{"/reports/new", map[string]string{"f-description": "2\u00a0000", "f-assessment": "200"}},
			{"/promises/new", map[string]string{"f-title": "200", "f-problem": "10\u00a0000", "f-commitments.0.text": "10\u00a0000", "f-commitments.0.unit": "200"}},
			{"/account/tokens", map[string]string{"f-name": "100"}},
		} {
			res := c.Get(t, tt.path)
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s = %d", tt.path, res.Status)
			}
			for id, limit := range tt.fields {
				for _, want := range []string{
					`id="` + id + `-limit" data-left=`, ">Högst " + limit + " tecken.</p>",
					`id="` + id + `" `, `data-maxlength="` + strings.ReplaceAll(limit, "\u00a0", "") + `"`,
				} {
					if !strings.Contains(res.Body, want) {
						t.Errorf("GET %s: %s lacks %q", tt.path, id, want)
					}
				}
				if !strings.Contains(res.Body, id+`-limit"`) || !strings.Contains(res.Body, `aria-describedby="`) {
					t.Errorf("GET %s: %s is not described by its limit", tt.path, id)
				}
			}
			if !strings.Contains(res.Body, `/static/counter.`) {
				t.Errorf("GET %s does not load the counter", tt.path)
			}
		}
		if res := c.Get(t, "/start"); strings.Contains(res.Body, "/static/counter.") {
			t.Errorf("GET /start loads the counter without a field to count")
		}
	})
}

// TestChoiceAndTimeWords: a group of choices left empty says "choose",
// not "fill in"; a time the form could not read is said with a date and a
// time as the field takes them, not in the API's words.
func TestChoiceAndTimeWords(t *testing.T) {
	t.Parallel()
	sv, _ := webtest.Catalogue(t)
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		var premisesID string
		if err := d.QueryRowContext(t.Context(), `SELECT CAST(MIN(id) AS TEXT) FROM premises WHERE municipality_code = '2023'`).Scan(&premisesID); err != nil {
			t.Fatal(err)
		}
		c := ts.SignInAs(t, "alkohol@demo.example")
		res := c.PostForm(t, "/inspections", url.Values{"premises_id": {premisesID}, "conducted_at": {"i går kväll"}, "inspectors": {"Alva"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /inspections without a kind = %d, want 422", res.Status)
		}
		for _, want := range []string{
			`<a href="#f-kind">`, sv.T("error.choose") + "</a>",
			sv.T("error.form_time"),
		} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("POST /inspections: the page lacks %q", want)
			}
		}
		for _, never := range []string{"RFC 3339", sv.T("error.required")} {
			if strings.Contains(res.Body, never) {
				t.Errorf("POST /inspections: the page says %q", never)
			}
		}
	})
}
