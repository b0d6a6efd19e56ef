package promiseweb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii/piitest"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// Promises are published and agreements name roles: the forms warn about
// personal data and offer the masked text, never "save as written"; the
// API refuses the same way and takes "redact".
func TestPromisePersonalData(t *testing.T) {
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.Session(t, webtest.AsCoordinator)
		api := ts.API(t, webtest.AsCoordinator)
		sv, _ := webtest.Catalogue(t)

		form := url.Values{
			"title": {"Påsklöfte"}, "municipality_code": {"2023"}, "agreement_id": {""},
			"problem": {piitest.Text}, "effect": {"Tryggare"}, "starts_on": {"2027-03-01"}, "ends_on": {"2027-04-10"},
			"parties.0.organization_id": {ts.OrgID(webtest.DemoPolice)}, "parties.1.organization_id": {ts.OrgID(webtest.DemoMalung)},
			"commitments.0.organization_id": {ts.OrgID(webtest.DemoPolice)}, "commitments.0.text": {piitest.Text},
		}
		before := ts.Count(t, "promises")
		res := c.PostForm(t, "/promises", form)
		webtest.PersonalData(t, res, "promise-form", false, "f-problem", "f-commitments.0.text")
		if !strings.Contains(res.Body, webtest.Says(sv, "error.personal_data_public")) || ts.Count(t, "promises") != before {
			t.Errorf("the refusal does not say the promise is published, or the promise was stored")
		}
		form.Set("redact", "1")
		res = c.PostForm(t, "/promises", form)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /promises with redact = %d; body:\n%.1000s", res.Status, res.Body)
		}
		id := strings.TrimPrefix(res.Header.Get("Location"), "/promises/")
		got := api.Get(t, "/api/v1/promises/"+id).Body
		if !strings.Contains(got, `"problem":"`+piitest.Masked) || !strings.Contains(got, `"text":"`+piitest.Masked) {
			t.Errorf("stored promise = %s, want the problem and the commitment masked", got)
		}
		res = api.SendJSON(t, http.MethodPatch, "/api/v1/promises/"+id, fmt.Sprintf(`{"follow_up": %q}`, piitest.Text))
		if e := webtest.APIErr(t, res); res.Status != http.StatusUnprocessableEntity || e.Error.Fields["follow_up"] != sv.T("error.personal_data_public") {
			t.Errorf("PATCH the follow-up with personal data = %d %v, want 422 on follow_up", res.Status, e.Error.Fields)
		}

		// An agreement.
		agreement := fmt.Sprintf(`{"title": "Samverkansavtal", "municipality_code": "2023", "party_ids": [%q, %q],
			"starts_on": "2027-01-01", "ends_on": "2029-12-31", "purpose": %q}`, ts.OrgID(webtest.DemoMalung), ts.OrgID(webtest.DemoPolice), piitest.Text)
		res = api.SendJSON(t, http.MethodPost, "/api/v1/agreements", agreement)
		if e := webtest.APIErr(t, res); res.Status != http.StatusUnprocessableEntity || e.Error.Fields["purpose"] != sv.T("error.personal_data_agreement") {
			t.Errorf("POST /api/v1/agreements with personal data = %d %v, want 422 on purpose", res.Status, e.Error.Fields)
		}
		res = api.SendJSON(t, http.MethodPost, "/api/v1/agreements", strings.Replace(agreement, "{", `{"redact": true, `, 1))
		if res.Status != http.StatusCreated || !strings.Contains(res.Body, `"purpose":"`+piitest.Masked) {
			t.Errorf("POST /api/v1/agreements with redact = %d %s", res.Status, res.Body)
		}

		// The reason a commitment was not done, published with the promise.
		var commitment int64
		if err := d.QueryRowContext(context.Background(), `SELECT MIN(c.id) FROM commitments c JOIN promises p ON p.id = c.promise_id
			WHERE p.status = 'published' AND p.municipality_code = '2023'`).Scan(&commitment); err != nil {
			t.Fatal(err)
		}
		path := "/commitments/" + strconv.FormatInt(commitment, 10) + "/status"
		status := url.Values{"status": {"not_done"}, "reason": {piitest.Text}}
		webtest.PersonalData(t, c.PostForm(t, path, status), "status-form", false, "f-reason")
		res = api.SendJSON(t, http.MethodPatch, "/api/v1/commitments/"+strconv.FormatInt(commitment, 10),
			fmt.Sprintf(`{"status": "not_done", "reason": %q, "redact": true}`, piitest.Text))
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `"reason":"`+piitest.Masked) {
			t.Errorf("PATCH the commitment with redact = %d %s", res.Status, res.Body)
		}
	})
}
