package activityweb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// meetingJSON is a meeting as the API answers it.
type meetingJSON struct {
	ID               string   `json:"id"`
	Kind             string   `json:"kind"`
	Title            string   `json:"title"`
	OrganizationID   string   `json:"organization_id"`
	MunicipalityCode string   `json:"municipality_code"`
	StartsAt         string   `json:"starts_at"`
	OrganizationIDs  []string `json:"organization_ids"`
	Minutes          string   `json:"minutes"`
	Sequence         int      `json:"sequence"`
	Synthetic        bool     `json:"synthetic"`
	Actions          []struct {
		ID             string `json:"id"`
		Text           string `json:"text"`
		OrganizationID string `json:"organization_id"`
		DueOn          string `json:"due_on"`
		DoneOn         string `json:"done_on"`
	} `json:"actions"`
}

// guardMeeting is a collaboration meeting of the police with the security
// guards in Sälen, as a JSON body, at a time given as RFC 3339.
func guardMeeting(ts *webtest.TestServer, starts time.Time) string {
	return fmt.Sprintf(`{"title": "Samverkansmöte vecka 7", "kind": "collaboration", "starts_at": %q, "ends_at": %q,
		"place": "Polisen i Sälen", "municipality_code": "2023", "organization_ids": [%q],
		"attendees": [{"name": "Kommunpolisen", "organization_id": %q}, {"name": "Vaktchefen", "organization_id": %q}],
		"agenda": "1. Lägesbild\n2. Helgen", "minutes": "Lugn vecka.", "decisions": "Förstärkning på lördag.",
		"actions": [{"text": "Två extra vakter på lördag", "organization_id": %q, "due_on": %q},
			{"text": "Trafikkontroll på ankomstdagen", "organization_id": %q, "due_on": %q}]}`,
		starts.Format(time.RFC3339), starts.Add(time.Hour).Format(time.RFC3339), ts.Org(webtest.GuardsName),
		ts.Org(webtest.PoliceName), ts.Org(webtest.GuardsName), ts.Org(webtest.GuardsName), starts.AddDate(0, 0, 5).Format("2006-01-02"),
		ts.Org(webtest.PoliceName), starts.AddDate(0, 0, 5).Format("2006-01-02"))
}

func newMeeting(t *testing.T, c *webtest.Client, body string) meetingJSON {
	t.Helper()
	res := c.SendJSON(t, http.MethodPost, "/api/v1/meetings", body)
	if res.Status != http.StatusCreated {
		t.Fatalf("POST /api/v1/meetings = %d, want 201; body:\n%s", res.Status, res.Body)
	}
	var m meetingJSON
	webtest.DecodeBody(t, res, &m)
	return m
}

func TestAPIMeetingLifecycle(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.API(t, webtest.AsMember)
		starts := time.Date(2027, 2, 15, 10, 0, 0, 0, time.FixedZone("CET", 3600))
		m := newMeeting(t, police, guardMeeting(ts, starts))
		// The police organise (the user's only organisation) and are present.
		if m.OrganizationID != ts.Org(webtest.PoliceName) || len(m.OrganizationIDs) != 2 || m.OrganizationIDs[0] != ts.Org(webtest.PoliceName) ||
			len(m.Actions) != 2 || m.Actions[0].DoneOn != "" || m.StartsAt != "2027-02-15T09:00:00Z" {
			t.Fatalf("created = %+v", m)
		}
		path := "/api/v1/meetings/" + m.ID

		// The security guards, reporters at the meeting, read it; the
		// municipality's coordinator reads it as a party of Sälen; Mora's
		// does not see it.
		for _, c := range []struct {
			name string
			c    *webtest.Client
			want int
		}{{"guard", ts.API(t, webtest.AsReporter), 200}, {"Sälen", ts.API(t, webtest.AsCoordinator), 200}, {"Mora", ts.APIAs(t, webtest.MoraCoordEmail), 404}} {
			if res := c.c.Get(t, path); res.Status != c.want {
				t.Errorf("GET %s as %s = %d, want %d", path, c.name, res.Status, c.want)
			}
		}
		// Only the organiser changes it.
		if res := ts.API(t, webtest.AsCoordinator).SendJSON(t, http.MethodPatch, path, `{"minutes": "x"}`); res.Status != http.StatusForbidden {
			t.Errorf("PATCH as the municipality = %d, want 403", res.Status)
		}
		if res := ts.API(t, webtest.AsReporter).SendJSON(t, http.MethodPatch, path, `{"minutes": "x"}`); res.Status != http.StatusForbidden {
			t.Errorf("PATCH as a guard = %d, want 403", res.Status)
		}
		res := police.SendJSON(t, http.MethodPatch, path, `{"minutes": "Genomgång av helgen."}`)
		var changed meetingJSON
		webtest.DecodeBody(t, res, &changed)
		if res.Status != http.StatusOK || changed.Minutes != "Genomgång av helgen." || changed.Sequence != 1 || len(changed.Actions) != 2 ||
			changed.Actions[0].ID != m.Actions[0].ID {
			t.Errorf("PATCH = %d %+v", res.Status, changed)
		}

		// An action item: the guards' reporters may not mark theirs (a
		// reporter writes nothing), the police organise and may.
		action := "/api/v1/meeting-actions/" + m.Actions[0].ID + "/done"
		if res := ts.API(t, webtest.AsReporter).SendJSON(t, http.MethodPost, action, ``); res.Status != http.StatusForbidden {
			t.Errorf("POST %s as a guard = %d, want 403", action, res.Status)
		}
		if res := ts.API(t, webtest.AsCoordinator).SendJSON(t, http.MethodPost, action, ``); res.Status != http.StatusForbidden {
			t.Errorf("POST %s as the municipality = %d, want 403", action, res.Status)
		}
		if res := police.SendJSON(t, http.MethodPost, action, `{"done_on": "igår"}`); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST %s with a bad date = %d, want 422", action, res.Status)
		}
		res = police.SendJSON(t, http.MethodPost, action, ``)
		today := clocktest.Now().In(stockholmZone(t)).Format("2006-01-02")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `"done_on":"`+today+`"`) {
			t.Errorf("POST %s = %d %s, want done today", action, res.Status, res.Body)
		}
		if res := police.SendJSON(t, http.MethodPost, action, `{"done_on": ""}`); !strings.Contains(res.Body, `"done_on":""`) {
			t.Errorf("POST %s opening it again = %d %s", action, res.Status, res.Body)
		}

		// The list, filtered.
		var list struct {
			Items []meetingJSON `json:"items"`
		}
		// The day has the demo's Monday meeting of the guards too, once
		// the clock has passed it (the demo's cycle): the test's is the
		// one not made up.
		res = police.Get(t, "/api/v1/meetings?kind=collaboration&from=2027-02-15&to=2027-02-15")
		webtest.DecodeBody(t, res, &list)
		var mine []string
		for _, it := range list.Items {
			if !it.Synthetic {
				mine = append(mine, it.ID)
			}
			if it.Kind != "collaboration" || !strings.HasPrefix(it.StartsAt, "2027-02-15") {
				t.Errorf("GET /api/v1/meetings (collaboration, 2027-02-15) has %+v", it)
			}
		}
		if res.Status != 200 || len(mine) != 1 || mine[0] != m.ID || len(list.Items) > 2 {
			t.Errorf("GET /api/v1/meetings = %d, %d items, the test's %v", res.Status, len(list.Items), mine)
		}

		if res := ts.API(t, webtest.AsCoordinator).Do(t, http.MethodDelete, path, nil); res.Status != http.StatusForbidden {
			t.Errorf("DELETE as the municipality = %d, want 403", res.Status)
		}
		if res := police.Do(t, http.MethodDelete, path, nil); res.Status != http.StatusNoContent {
			t.Errorf("DELETE = %d", res.Status)
		}
		if res := police.Get(t, path); res.Status != http.StatusNotFound {
			t.Errorf("GET after DELETE = %d", res.Status)
		}
	})
}

func stockholmZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestAPIMeetingRefusesBadInput(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.API(t, webtest.AsMember)
		before, actions := ts.Count(t, "meetings"), ts.Count(t, "meeting_actions")
		tests := []struct {
			name, body string
			status     int
			fields     []string
		}{
			{"nothing", `{}`, 422, []string{"title", "kind", "starts_at", "ends_at"}},
			{"ends first, a day too long", `{"title": "x", "kind": "council", "municipality_code": "2062", "starts_at": "2027-02-15T10:00:00+01:00",
				"ends_at": "2027-02-15T09:00:00+01:00"}`, 422, []string{"ends_at"}},
			{"an action item of a party not present, due before the meeting", fmt.Sprintf(`{"title": "x", "kind": "council",
				"municipality_code": "2062", "starts_at": "2027-02-15T10:00:00+01:00", "ends_at": "2027-02-15T11:00:00+01:00",
				"actions": [{"text": "Göra något", "organization_id": %q, "due_on": "2027-02-01"}, {"text": "", "organization_id": %q}]}`,
				ts.Org(webtest.GuardsName), ts.Org(webtest.PoliceName)), 422, []string{"actions.0.organization_id", "actions.0.due_on", "actions.1.text"}},
			{"organised by another party", fmt.Sprintf(`{"title": "x", "kind": "council", "organization_id": %q,
				"starts_at": "2027-02-15T10:00:00+01:00", "ends_at": "2027-02-15T11:00:00+01:00"}`, ts.Org(webtest.MoraName)), 403, nil},
			{"not JSON", `[`, 400, nil},
		}
		for _, tt := range tests {
			res := police.SendJSON(t, http.MethodPost, "/api/v1/meetings", tt.body)
			if res.Status != tt.status {
				t.Errorf("%s: status = %d, want %d; body:\n%s", tt.name, res.Status, tt.status, res.Body)
				continue
			}
			e := webtest.APIErr(t, res)
			for _, f := range tt.fields {
				if e.Error.Fields[f] == "" {
					t.Errorf("%s: no error for %s in %v", tt.name, f, e.Error.Fields)
				}
			}
		}
		if ts.Count(t, "meetings") != before || ts.Count(t, "meeting_actions") != actions {
			t.Error("refused requests stored meetings or action items")
		}
	})
}

// TestMeetingFormFlow: a meeting with action items made in the form, a bad
// one first; the action item then on the owner's start page until it is
// marked done there.
func TestMeetingFormFlow(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.SignIn(t, webtest.AsMember)
		before := ts.Count(t, "meetings")
		f := url.Values{
			"title": {"Samverkansmöte inför sportlovet"}, "kind": {"collaboration"}, "starts_at": {"2027-02-15T10:00"},
			"ends_at": {"2027-02-15T09:00"}, "place": {"Polisen i Sälen"}, "municipality_code": {"2023"},
			"organization_ids": {ts.Org(webtest.GuardsName)},
			"attendees.0.name": {"Vaktchefen"}, "attendees.0.organization_id": {ts.Org(webtest.GuardsName)},
			"attendees.1.name": {""}, "attendees.1.organization_id": {""},
			"agenda": {"1. Lägesbild"}, "minutes": {""}, "decisions": {""},
			"actions.0.text": {"Extra vakter vid afterski"}, "actions.0.organization_id": {ts.Org(webtest.GuardsName)}, "actions.0.due_on": {"2027-02-20"},
			"actions.1.text": {"Trafikkontroll på ankomstdagen"}, "actions.1.organization_id": {ts.Org(webtest.DestinationName)}, "actions.1.due_on": {"20 feb"},
			"actions.2.text": {""}, "actions.2.organization_id": {""}, "actions.2.due_on": {""},
		}
		res := police.PostForm(t, "/meetings", f)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /meetings (bad) = %d, want 422", res.Status)
		}
		for _, field := range []string{"ends_at", "actions.1.organization_id", "actions.1.due_on"} {
			if !webtest.HasFieldError(res.Body, field) {
				t.Errorf("no error shown for %s", field)
			}
		}
		for _, v := range []string{`value="Samverkansmöte inför sportlovet"`, "Extra vakter vid afterski", `value="20 feb"`, "Åtgärdspunkt 2: Ansvarig part"} {
			if !strings.Contains(res.Body, v) {
				t.Errorf("the page lacks %s", v)
			}
		}
		if ts.Count(t, "meetings") != before {
			t.Fatal("a refused form stored a meeting")
		}
		f.Set("ends_at", "2027-02-15T11:00")
		f.Set("actions.1.organization_id", ts.Org(webtest.PoliceName))
		f.Set("actions.1.due_on", "2027-02-20")
		res = police.PostForm(t, "/meetings", f)
		if res.Status != http.StatusSeeOther || !regexp.MustCompile(`^/meetings/\d+$`).MatchString(res.Header.Get("Location")) {
			t.Fatalf("POST /meetings = %d to %q; body:\n%.3000s", res.Status, res.Header.Get("Location"), res.Body)
		}
		page := res.Header.Get("Location")
		res = police.Get(t, page)
		for _, want := range []string{"Samverkansmöte inför sportlovet", "Vaktchefen", "Trafikkontroll på ankomstdagen", page + "/ics"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("GET %s lacks %q", page, want)
			}
		}

		// An item of the police that was due yesterday, from a meeting
		// last week.
		today := clocktest.Now().In(stockholmZone(t))
		lastWeek := time.Date(today.Year(), today.Month(), today.Day()-6, 10, 0, 0, 0, stockholmZone(t))
		yesterday := today.AddDate(0, 0, -1).Format("2006-01-02")
		newMeeting(t, ts.API(t, webtest.AsMember), strings.NewReplacer("Trafikkontroll på ankomstdagen", "Nykterhetskontroller efter afterski",
			"Två extra vakter på lördag", "Vakter vid busshållplatsen").Replace(guardMeeting(ts, lastWeek)))

		// On the police's start page, with a button; marked done there it
		// goes.
		res = police.Get(t, "/start")
		item := regexp.MustCompile(`(?s)Trafikkontroll på ankomstdagen</p>.*?action="(/meeting-actions/\d+/done)"`).FindStringSubmatch(res.Body)
		if item == nil {
			t.Fatalf("the start page does not list the action item with a button:\n%.3000s", res.Body)
		}
		// An overdue item is marked so; the demo's open items are due
		// today or later, never overdue.
		if !strings.Contains(res.Body, `<strong class="overdue">Försenad: skulle vara klar `+yesterday+`</strong>`) {
			t.Error("the start page does not mark the overdue action item")
		}
		want := 1 // and the item of the form's meeting, due 2027-02-20, once that has passed
		if "2027-02-20" < today.Format("2006-01-02") {
			want++
		}
		if n := strings.Count(res.Body, `class="overdue"`); n != want {
			t.Errorf("the start page marks %d action items overdue, want the test's %d", n, want)
		}
		// The guards' item is not the police's.
		if strings.Contains(res.Body, "Extra vakter vid afterski") {
			t.Error("the start page lists another party's action item")
		}
		res = police.PostForm(t, item[1], url.Values{"next": {"/start"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/start" {
			t.Fatalf("POST %s = %d to %q", item[1], res.Status, res.Header.Get("Location"))
		}
		if res := police.Get(t, "/start"); strings.Contains(res.Body, "Trafikkontroll på ankomstdagen") {
			t.Error("the action item is still on the start page after it was marked done")
		}
		// The guard sees the guards' item on their start page, without a
		// button (a reporter marks nothing).
		res = ts.SignIn(t, webtest.AsReporter).Get(t, "/start")
		if !strings.Contains(res.Body, "Extra vakter vid afterski") || regexp.MustCompile(`(?s)Extra vakter vid afterski</p>[^<]*<p class="meta">.*?</p>\s*<form`).MatchString(res.Body) {
			t.Errorf("the guard's start page: item listed %v", strings.Contains(res.Body, "Extra vakter vid afterski"))
		}

		// Changed in the form: the action items keep their ids.
		res = police.Get(t, page+"/edit")
		if res.Status != 200 || !strings.Contains(res.Body, `name="actions.0.id"`) || !strings.Contains(res.Body, `value="Vaktchefen"`) {
			t.Fatalf("GET %s/edit = %d", page, res.Status)
		}
		var ids []string
		for _, m := range regexp.MustCompile(`name="actions\.\d\.id" value="(\d+)"`).FindAllStringSubmatch(res.Body, -1) {
			ids = append(ids, m[1])
		}
		if len(ids) != 2 {
			t.Fatalf("the edit form has the action ids %v", ids)
		}
		f.Set("actions.0.id", ids[0])
		f.Set("actions.1.id", ids[1])
		f.Set("minutes", "Genomgång av helgen.")
		if res := police.PostForm(t, page, f); res.Status != http.StatusSeeOther {
			t.Fatalf("POST %s = %d; body:\n%.2000s", page, res.Status, res.Body)
		}
		var n int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM meeting_actions WHERE id IN (?, ?)`, ids[0], ids[1]).Scan(&n); err != nil || n != 2 {
			t.Errorf("after the change %d of the action items kept their ids (%v)", n, err)
		}
		// Deleted after a confirmation.
		if res := police.Get(t, page+"/delete"); res.Status != 200 {
			t.Errorf("GET %s/delete = %d", page, res.Status)
		}
		if res := police.PostForm(t, page+"/delete", nil); res.Status != http.StatusSeeOther || ts.Count(t, "meetings") != before+1 { // last week's stays
			t.Errorf("POST %s/delete = %d", page, res.Status)
		}
	})
}
