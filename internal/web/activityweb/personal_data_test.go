package activityweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii/piitest"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// An activity's notes: the warning and the masked text, never "save as
// written"; the API refuses the same way and takes "redact".
func TestActivityPersonalData(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.SignIn(t, webtest.AsMember)
		f := activityForm(salenCommitment(ts, t, "Att genomföra Trafikkontroller"))
		f.Set("notes", piitest.Text)
		before := ts.Count(t, "activities")
		webtest.PersonalData(t, police.PostForm(t, "/activities", f), "activity-form", false, "f-notes")
		if ts.Count(t, "activities") != before {
			t.Fatal("a refused activity was stored")
		}
		f.Set("redact", "1")
		res := police.PostForm(t, "/activities", f)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /activities with redact = %d; body:\n%.1000s", res.Status, res.Body)
		}
		if page := police.Get(t, res.Header.Get("Location")).Body; !strings.Contains(page, piitest.Masked) || strings.Contains(page, "Anna Andersson") {
			t.Errorf("the activity does not show its notes masked")
		}

		api := ts.API(t, webtest.AsMember)
		sv, _ := webtest.Catalogue(t)
		body := strings.Replace(trafficControl(ts, t, "2026-02-21T10:00:00+01:00"), `"Ankomstdag."`, fmt.Sprintf("%q", piitest.Text), 1)
		for flag, want := range map[string]int{"": http.StatusUnprocessableEntity, `"confirm_personal_data": true, `: http.StatusUnprocessableEntity,
			`"redact": true, `: http.StatusCreated} {
			res := api.SendJSON(t, http.MethodPost, "/api/v1/activities", strings.Replace(body, "{", "{"+flag, 1))
			if res.Status != want {
				t.Errorf("POST /api/v1/activities %s= %d, want %d", flag, res.Status, want)
			}
			if want == http.StatusUnprocessableEntity {
				if e := webtest.APIErr(t, res); e.Error.Fields["notes"] != sv.T("error.personal_data_notes") {
					t.Errorf("POST /api/v1/activities %s: fields = %v, want notes refused", flag, e.Error.Fields)
				}
			} else if !strings.Contains(res.Body, piitest.Masked) {
				t.Errorf("POST /api/v1/activities with redact stored %s", res.Body)
			}
		}
	})
}

// A meeting's minutes and action items may name people once confirmed:
// the warning offers it, and the text confirmed is not asked about again.
func TestMeetingPersonalData(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.SignIn(t, webtest.AsMember)
		f := url.Values{
			"title": {"Samverkansmöte inför sportlovet"}, "kind": {"collaboration"}, "starts_at": {"2027-02-15T10:00"},
			"ends_at": {"2027-02-15T11:00"}, "place": {"Polisen i Sälen"}, "municipality_code": {"2023"},
			"organization_ids": {ts.Org(webtest.GuardsName)}, "agenda": {"1. Lägesbild"}, "minutes": {piitest.Text}, "decisions": {""},
			"actions.0.text": {piitest.Text}, "actions.0.organization_id": {ts.Org(webtest.GuardsName)}, "actions.0.due_on": {"2027-02-20"},
		}
		before := ts.Count(t, "meetings")
		webtest.PersonalData(t, police.PostForm(t, "/meetings", f), "meeting-form", true, "f-minutes", "f-actions.0.text")
		if ts.Count(t, "meetings") != before {
			t.Fatal("a refused meeting was stored")
		}
		f.Set("confirm_personal_data", "1")
		res := police.PostForm(t, "/meetings", f)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /meetings confirmed = %d; body:\n%.1000s", res.Status, res.Body)
		}
		id := strings.TrimPrefix(res.Header.Get("Location"), "/meetings/")
		var m meetingJSON
		api := ts.API(t, webtest.AsMember)
		webtest.DecodeBody(t, api.Get(t, "/api/v1/meetings/"+id), &m)
		if m.Minutes != piitest.Text || len(m.Actions) != 1 || m.Actions[0].Text != piitest.Text {
			t.Fatalf("stored = %+v, want the minutes and the action item as written", m)
		}

		// Changed later, the confirmed texts are not asked about again,
		// nor masked with a new text.
		path := "/api/v1/meetings/" + id
		if res := api.SendJSON(t, http.MethodPatch, path, `{"place": "Kommunhuset"}`); res.Status != http.StatusOK {
			t.Errorf("PATCH the place = %d %s, want 200", res.Status, res.Body)
		}
		res = api.SendJSON(t, http.MethodPatch, path, fmt.Sprintf(`{"decisions": %q}`, piitest.Text))
		if e := webtest.APIErr(t, res); res.Status != http.StatusUnprocessableEntity || len(e.Error.Fields) != 1 || e.Error.Fields["decisions"] == "" {
			t.Errorf("PATCH decisions with personal data = %d %v, want 422 on decisions alone", res.Status, e.Error.Fields)
		}
		res = api.SendJSON(t, http.MethodPatch, path, fmt.Sprintf(`{"decisions": %q, "redact": true}`, piitest.Text))
		if webtest.DecodeBody(t, res, &m); res.Status != http.StatusOK || m.Minutes != piitest.Text || !strings.Contains(res.Body, `"decisions":"`+piitest.Masked) {
			t.Errorf("PATCH decisions with redact = %d %s, want the decisions masked and the minutes kept", res.Status, res.Body)
		}

		// The API takes the same choice when the meeting is made.
		body := strings.Replace(guardMeeting(ts, time.Date(2027, 2, 22, 10, 0, 0, 0, time.UTC)), `"Lugn vecka."`, fmt.Sprintf("%q", piitest.Text), 1)
		if res := api.SendJSON(t, http.MethodPost, "/api/v1/meetings", body); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST /api/v1/meetings with personal data = %d, want 422", res.Status)
		}
		if m := newMeeting(t, api, strings.Replace(body, "{", `{"redact": true, `, 1)); m.Minutes != piitest.Masked {
			t.Errorf("POST /api/v1/meetings with redact: minutes %q", m.Minutes)
		}
	})
}
