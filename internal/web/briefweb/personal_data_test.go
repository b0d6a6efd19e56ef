package briefweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/report/pii/piitest"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// The brief is e-mailed to every subscriber: the composer warns about
// personal data and offers the masked text, never "save as written"; the
// API refuses the same way and takes "redact".
func TestBriefPersonalData(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord := ts.Session(t, webtest.AsCoordinator)
		week := thisWeek()
		form := url.Values{"municipality_code": {webtest.Salen}, "week": {week}, "analysis": {piitest.Text}, "actions": {piitest.Text}}
		before := ts.Count(t, "briefs")
		webtest.PersonalData(t, coord.PostForm(t, "/briefs", form), "brief-form", false, "f-analysis", "f-actions")
		if ts.Count(t, "briefs") != before {
			t.Fatal("a refused brief was stored")
		}
		form.Set("redact", "1")
		res := coord.PostForm(t, "/briefs", form)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /briefs with redact = %d; body:\n%.1000s", res.Status, res.Body)
		}
		path := res.Header.Get("Location")
		var b briefJSON
		api := ts.API(t, webtest.AsCoordinator)
		webtest.DecodeBody(t, api.Get(t, "/api/v1"+path), &b)
		if b.Analysis != piitest.Masked || b.Actions != piitest.Masked {
			t.Errorf("stored %q, %q; want both masked", b.Analysis, b.Actions)
		}

		// Changing the draft: the same warning, and the API's 422 naming
		// the field.
		res = coord.PostForm(t, path, url.Values{"analysis": {piitest.Text}, "actions": {"Fler vakter"}})
		webtest.PersonalData(t, res, "brief-form", false, "f-analysis")
		res = api.SendJSON(t, http.MethodPatch, "/api/v1"+path, fmt.Sprintf(`{"actions": %q}`, piitest.Text))
		if e := webtest.APIErr(t, res); res.Status != http.StatusUnprocessableEntity || e.Error.Fields["actions"] == "" {
			t.Errorf("PATCH the actions with personal data = %d %v, want 422 on actions", res.Status, e.Error.Fields)
		}
		res = api.SendJSON(t, http.MethodPatch, "/api/v1"+path, fmt.Sprintf(`{"actions": %q, "redact": true}`, piitest.Text))
		if webtest.DecodeBody(t, res, &b); res.Status != http.StatusOK || b.Actions != piitest.Masked {
			t.Errorf("PATCH the actions with redact = %d, actions %q", res.Status, b.Actions)
		}
		// A week long ago, which has no brief.
		body := fmt.Sprintf(`{"municipality_code": "2023", "week": %q, "analysis": %q}`,
			report.WeekOf(clocktest.Now()).Add(-1000).String(), piitest.Text)
		if res := api.SendJSON(t, http.MethodPost, "/api/v1/briefs", body); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, `"analysis"`) {
			t.Errorf("POST /api/v1/briefs with personal data = %d %s, want 422 on analysis", res.Status, res.Body)
		}
		res = api.SendJSON(t, http.MethodPost, "/api/v1/briefs", strings.Replace(body, "{", `{"redact": true, `, 1))
		if webtest.DecodeBody(t, res, &b); res.Status != http.StatusCreated || b.Analysis != piitest.Masked {
			t.Errorf("POST /api/v1/briefs with redact = %d, analysis %q", res.Status, b.Analysis)
		}
	})
}
