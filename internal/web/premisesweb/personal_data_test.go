package premisesweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii/piitest"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// The protocol goes to the licence holder: the form warns about personal
// data in the remarks and a check's note, offers the masked text and
// never to save it as written; the API refuses the same way and takes
// "redact".
func TestInspectionPersonalData(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		sv, _ := webtest.Catalogue(t)
		c := ts.SignInAs(t, alcoholOfficerEmail)
		stoten := premisesByName(ts, t, notVisitedStoten)
		form := url.Values{"premises_id": {stoten}, "kind": {"on_site"}, "mode": {"open"}, "conducted_at": {"2018-03-16T21:30"},
			"organization_ids": {ts.OrgID(webtest.DemoMalung)}, "recorded": {"on"}, "protocol.remarks": {piitest.Text},
			"check.on_site.0": {"Ålderskontroller"}, "result.on_site.0": {"deficiency"}, "note.on_site.0": {piitest.Text}}
		before, audits := ts.Count(t, "inspections"), ts.Count(t, "audit_log")
		res := c.PostForm(t, "/inspections", form)
		webtest.PersonalData(t, res, "inspection-form", false, "f-protocol.remarks", "f-note-on-site-0")
		if !strings.Contains(res.Body, webtest.Says(sv, "error.personal_data_protocol")) {
			t.Errorf("the fields do not say why the protocol may not hold personal data")
		}
		if ts.Count(t, "inspections") != before || ts.Count(t, "audit_log") != audits {
			t.Fatalf("a refused inspection was stored")
		}
		// Confirming changes nothing here.
		form.Set("confirm_personal_data", "1")
		if res := c.PostForm(t, "/inspections", form); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST confirmed personal data = %d, want 422", res.Status)
		}
		form.Del("confirm_personal_data")

		// Masked, and refused for something else: the form shows what will
		// be saved.
		form.Set("redact", "1")
		form.Set("follow_up_on", "2018-04-01")
		res = c.PostForm(t, "/inspections", form)
		if res.Status != http.StatusUnprocessableEntity || strings.Contains(res.Body, "pii-warning") ||
			!strings.Contains(res.Body, `value="`+piitest.Masked+`"`) || strings.Contains(res.Body, "811228-9874") {
			t.Errorf("POST masked with a follow-up date and no follow-up = %d, want 422 showing the masked texts; body:\n%.3000s", res.Status, res.Body)
		}
		form.Del("follow_up_on")
		res = c.PostForm(t, "/inspections", form)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST masked = %d, want 303; body:\n%.1000s", res.Status, res.Body)
		}
		var stored inspectionJSON
		api := ts.APIAs(t, alcoholOfficerEmail)
		webtest.DecodeBody(t, api.Get(t, "/api/v1"+res.Header.Get("Location")), &stored)
		if stored.Protocol.Remarks != piitest.Masked || len(stored.Protocol.Items) != 1 || stored.Protocol.Items[0].Note != piitest.Masked {
			t.Errorf("stored = %+v, want the remarks and the note masked", stored)
		}

		// The API: 422 naming the field, then "redact".
		body := strings.Replace(inspectionBody(ts, stoten, "2018-03-17T22:00:00+01:00"), `"Samtal med serveringsansvarig"`,
			fmt.Sprintf("%q", piitest.Text), 1)
		res = api.SendJSON(t, http.MethodPost, "/api/v1/inspections", body)
		if e := webtest.APIErr(t, res); res.Status != http.StatusUnprocessableEntity ||
			e.Error.Fields["protocol.remarks"] != sv.T("error.personal_data_protocol") {
			t.Errorf("POST /api/v1/inspections with personal data = %d %+v, want 422 on protocol.remarks", res.Status, e)
		}
		res = api.SendJSON(t, http.MethodPost, "/api/v1/inspections", strings.Replace(body, "{", `{"confirm_personal_data": true, `, 1))
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST /api/v1/inspections confirmed = %d, want 422", res.Status)
		}
		res = api.SendJSON(t, http.MethodPost, "/api/v1/inspections", strings.Replace(body, "{", `{"redact": true, `, 1))
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/inspections with redact = %d %s", res.Status, res.Body)
		}
		webtest.DecodeBody(t, res, &stored)
		if stored.Protocol.Remarks != piitest.Masked {
			t.Errorf("remarks stored %q, want %q", stored.Protocol.Remarks, piitest.Masked)
		}
		path := "/api/v1/inspections/" + stored.ID
		res = api.SendJSON(t, http.MethodPatch, path, fmt.Sprintf(`{"follow_up": %q}`, piitest.Text))
		if e := webtest.APIErr(t, res); res.Status != http.StatusUnprocessableEntity || e.Error.Fields["follow_up"] == "" {
			t.Errorf("PATCH the follow-up with personal data = %d %+v, want 422 on follow_up", res.Status, e)
		}
		res = api.SendJSON(t, http.MethodPatch, path, fmt.Sprintf(`{"follow_up": %q, "redact": true}`, piitest.Text))
		if webtest.DecodeBody(t, res, &stored); res.Status != http.StatusOK || stored.FollowUp != piitest.Masked {
			t.Errorf("PATCH the follow-up with redact = %d, follow-up %q", res.Status, stored.FollowUp)
		}
		if regexp.MustCompile(`811228`).MatchString(stored.Protocol.Remarks + stored.FollowUp) {
			t.Errorf("personal data stored")
		}
	})
}
