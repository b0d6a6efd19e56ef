package activityweb_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// parseICS reads a calendar with an iCalendar parser of its own
// (arran4/golang-ical), not the writer's code.
func parseICS(t *testing.T, res *webtest.Response) *ics.Calendar {
	t.Helper()
	if res.Status != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("calendar = %d %q; body:\n%.500s", res.Status, res.Header.Get("Content-Type"), res.Body)
	}
	cal, err := ics.ParseCalendar(strings.NewReader(res.Body))
	if err != nil {
		t.Fatalf("ics.ParseCalendar() error = %v", err)
	}
	return cal
}

// eventsBySummary are a calendar's events by their SUMMARY.
func eventsBySummary(cal *ics.Calendar) map[string]*ics.VEvent {
	out := map[string]*ics.VEvent{}
	for _, e := range cal.Events() {
		if p := e.GetProperty(ics.ComponentPropertySummary); p != nil {
			out[p.Value] = e
		}
	}
	return out
}

// TestCalendarFeedAllOrganisations: the contract's calendar holds the
// meetings of every organisation the user belongs to, through a session
// and with ?token=, and none of an organisation they do not.
func TestCalendarFeedAllOrganisations(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		// A meeting of Malung-Sälens kommun alone.
		at := time.Date(2027, 3, 4, 13, 0, 0, 0, stockholmZone(t))
		newMeeting(t, ts.API(t, webtest.AsCoordinator), fmt.Sprintf(`{"title": "Kommunens trygghetsgrupp", "kind": "other",
			"starts_at": %q, "ends_at": %q, "municipality_code": "2023", "organization_ids": [%q]}`,
			at.Format(time.RFC3339), at.Add(time.Hour).Format(time.RFC3339), ts.Org(webtest.MalungName)))
		feed := func(name string) map[string]*ics.VEvent {
			t.Helper()
			session := eventsBySummary(parseICS(t, ts.SignInAs(t, webtest.MoraCoordEmail).Get(t, "/calendar.ics")))
			token := eventsBySummary(parseICS(t, ts.NewClient(t).Get(t, "/calendar.ics?token="+url.QueryEscape(ts.APIAs(t, webtest.MoraCoordEmail).Token))))
			if len(session) != len(token) {
				t.Errorf("%s: the session's feed has %d events, the token's %d", name, len(session), len(token))
			}
			return token
		}
		mora := func(events map[string]*ics.VEvent) int {
			n := 0
			for summary := range events {
				if strings.HasPrefix(summary, "BRÅ Mora") {
					n++
				}
			}
			return n
		}

		// Mora's coordinator: Mora's council, not Malung-Sälen's meeting.
		before := feed("Mora kommun only")
		if mora(before) == 0 || before["Kommunens trygghetsgrupp"] != nil {
			t.Fatalf("the feed of Mora's coordinator has %d of Mora's council meetings and Malung-Sälen's: %v", mora(before), before["Kommunens trygghetsgrupp"] != nil)
		}
		// Also in Malung-Sälens kommun: the meetings of both.
		if err := webtest.SetMembership(ts, webtest.MoraCoordEmail, webtest.MalungName); err != nil {
			t.Fatal(err)
		}
		after := feed("Mora and Malung-Sälen")
		if mora(after) != mora(before) || after["Kommunens trygghetsgrupp"] == nil || len(after) <= len(before) {
			t.Errorf("the feed of a user in two organisations: %d of Mora's council meetings (want %d), Malung-Sälen's meeting %v, %d events (before %d)",
				mora(after), mora(before), after["Kommunens trygghetsgrupp"] != nil, len(after), len(before))
		}
	})
}

func TestCalendarFeed(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.API(t, webtest.AsMember)
		// A meeting in summer time and one in winter time.
		summer := time.Date(2027, 6, 10, 13, 0, 0, 0, stockholmZone(t))
		winter := time.Date(2027, 2, 15, 10, 0, 0, 0, stockholmZone(t))
		newMeeting(t, police, guardMeeting(ts, winter))
		newMeeting(t, police, strings.Replace(guardMeeting(ts, summer), "Samverkansmöte vecka 7", "Sommarmöte; polis, vakter", 1))

		// The police's feed, through a session and through ?token=, parses
		// in an independent parser with the times in Europe/Stockholm.
		session := parseICS(t, ts.SignIn(t, webtest.AsMember).Get(t, "/calendar.ics"))
		anon := ts.NewClient(t)
		res := anon.Get(t, "/calendar.ics?"+url.Values{"token": {police.Token}}.Encode())
		cal := parseICS(t, res)
		if len(cal.Events()) != len(session.Events()) {
			t.Errorf("the token's feed has %d events, the session's %d", len(cal.Events()), len(session.Events()))
		}
		var zones []string
		for _, c := range cal.Components {
			if tz, ok := c.(*ics.VTimezone); ok {
				zones = append(zones, tz.GetProperty(ics.ComponentPropertyTzid).Value)
			}
		}
		if len(zones) != 1 || zones[0] != "Europe/Stockholm" {
			t.Errorf("VTIMEZONE ids = %v, want [Europe/Stockholm]", zones)
		}
		events := eventsBySummary(cal)
		for _, c := range []struct {
			summary     string
			start       time.Time
			local, utc  string
			description string
		}{
			{"Samverkansmöte vecka 7", winter, "20270215T100000", "2027-02-15T09:00:00Z", "1. Lägesbild\n2. Helgen"},
			{"Sommarmöte; polis, vakter", summer, "20270610T130000", "2027-06-10T11:00:00Z", "Lägesbild"},
		} {
			e := events[c.summary]
			if e == nil {
				t.Errorf("no event %q in the feed", c.summary)
				continue
			}
			start := e.GetProperty(ics.ComponentPropertyDtStart)
			if start.Value != c.local || len(start.ICalParameters["TZID"]) != 1 || start.ICalParameters["TZID"][0] != "Europe/Stockholm" {
				t.Errorf("%s DTSTART = %q %v, want %s with TZID=Europe/Stockholm", c.summary, start.Value, start.ICalParameters, c.local)
			}
			at, err := e.GetStartAt()
			if err != nil || !at.Equal(c.start) || at.UTC().Format(time.RFC3339) != c.utc {
				t.Errorf("%s starts at %v (%v), want %s", c.summary, at, err, c.utc)
			}
			end, err := e.GetEndAt()
			if err != nil || !end.Equal(c.start.Add(time.Hour)) {
				t.Errorf("%s ends at %v (%v)", c.summary, end, err)
			}
			if !strings.Contains(e.GetProperty(ics.ComponentPropertyDescription).Value, c.description) {
				t.Errorf("%s DESCRIPTION = %q", c.summary, e.GetProperty(ics.ComponentPropertyDescription).Value)
			}
			if loc := e.GetProperty(ics.ComponentPropertyLocation); loc == nil || loc.Value != "Polisen i Sälen" {
				t.Errorf("%s LOCATION = %v", c.summary, loc)
			}
			if u := e.GetProperty(ics.ComponentPropertyUrl); u == nil || !regexp.MustCompile(`/meetings/\d+$`).MatchString(u.Value) {
				t.Errorf("%s URL = %v", c.summary, u)
			}
		}
		// The demo's meetings of the police are there too: Mora's council.
		if !strings.Contains(res.Body, "BRÅ Mora") {
			t.Error("the police's feed lacks Mora's council meetings")
		}

		// Another user's feed has their meetings, not the police's with the
		// guards.
		mora := parseICS(t, anon.Get(t, "/calendar.ics?token="+url.QueryEscape(ts.APIAs(t, webtest.MoraCoordEmail).Token)))
		moraEvents := eventsBySummary(mora)
		if moraEvents["Samverkansmöte vecka 7"] != nil || len(mora.Events()) == 0 {
			t.Errorf("Mora's feed has %d events, the police's meeting with the guards among them: %v", len(mora.Events()), moraEvents["Samverkansmöte vecka 7"] != nil)
		}
		for summary := range moraEvents {
			if !strings.HasPrefix(summary, "BRÅ Mora") {
				t.Errorf("Mora's feed has %q", summary)
			}
		}

		// A bad or revoked token is refused, whoever is signed in.
		for _, tok := range []string{"svk_nosuchtoken", "", "x"} {
			res := ts.SignIn(t, webtest.AsMember).Get(t, "/calendar.ics?token="+url.QueryEscape(tok))
			if res.Status != http.StatusUnauthorized || strings.Contains(res.Body, "BEGIN:VCALENDAR") {
				t.Errorf("GET /calendar.ics?token=%s = %d, want 401", tok, res.Status)
			}
		}
		// Without a session or a token: sign in first.
		if res := anon.Get(t, "/calendar.ics"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("GET /calendar.ics anonymously = %d to %q", res.Status, res.Header.Get("Location"))
		}

		// A meeting's own file.
		m := newMeeting(t, police, strings.Replace(guardMeeting(ts, winter), "Samverkansmöte vecka 7", "Ett enda möte", 1))
		one := parseICS(t, ts.SignIn(t, webtest.AsReporter).Get(t, "/meetings/"+m.ID+"/ics"))
		if evs := one.Events(); len(evs) != 1 || evs[0].GetProperty(ics.ComponentPropertySummary).Value != "Ett enda möte" {
			t.Errorf("the meeting's .ics has %d events", len(evs))
		}
		if res := ts.SignInAs(t, webtest.MoraCoordEmail).Get(t, "/meetings/"+m.ID+"/ics"); res.Status != http.StatusNotFound {
			t.Errorf("GET the meeting's .ics as Mora = %d, want 404", res.Status)
		}
	})
}

// TestCalendarToken: the feed page makes a token whose address gives the
// user's feed, and the token is revoked like any other.
func TestCalendarToken(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		guard := ts.SignIn(t, webtest.AsReporter)
		res := guard.PostForm(t, "/calendar/feed", nil)
		m := regexp.MustCompile(`value="(https?://[^"]+/calendar\.ics\?token=(svk_[^"&]+))"`).FindStringSubmatch(res.Body)
		if res.Status != http.StatusCreated || m == nil {
			t.Fatalf("POST /calendar/feed = %d, no feed address; body:\n%.2000s", res.Status, res.Body)
		}
		feed := strings.TrimPrefix(m[1], ts.HTTP.URL)
		cal := parseICS(t, ts.NewClient(t).Get(t, strings.ReplaceAll(feed, "&amp;", "&")))
		if len(cal.Events()) == 0 {
			t.Error("the guard's feed is empty; the demo's guards are at the collaboration meetings")
		}
		for summary := range eventsBySummary(cal) {
			if strings.HasPrefix(summary, "BRÅ Mora") {
				t.Errorf("the guard's feed has Mora's council: %q", summary)
			}
		}
		// Revoked on the tokens page, the address stops working.
		tokens := guard.Get(t, "/account/tokens")
		revoke := regexp.MustCompile(`action="(/account/tokens/\d+/revoke)"`).FindStringSubmatch(tokens.Body)
		if revoke == nil {
			t.Fatal("the calendar token is not on the tokens page")
		}
		if res := guard.PostForm(t, revoke[1], nil); res.Status != http.StatusSeeOther {
			t.Fatalf("POST %s = %d", revoke[1], res.Status)
		}
		if res := ts.NewClient(t).Get(t, feed); res.Status != http.StatusUnauthorized {
			t.Errorf("the revoked token's feed = %d, want 401", res.Status)
		}
	})
}

func TestCalendarPage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.SignIn(t, webtest.AsMember)
		res := police.Get(t, "/calendar?month=2017-02&municipality_code=2023")
		if res.Status != 200 {
			t.Fatalf("GET /calendar = %d", res.Status)
		}
		// February 2017 in Sälen: weekly meetings with the guards in the
		// sports holidays, traffic controls; each on its day.
		day := regexp.MustCompile(`(?s)<time class="day-name" datetime="2017-02-13">.*?</li>`).FindString(res.Body)
		if !strings.Contains(day, "Samverkansmöte polis och ordningsvakter, vecka 7 (demo)") || !strings.Contains(day, "10:00") {
			t.Errorf("Monday 13 February 2017 lacks the guard meeting at 10:00:\n%s", day)
		}
		if !strings.Contains(res.Body, "Trafikkontroll") || !strings.Contains(res.Body, `href="/calendar?month=2017-01&amp;municipality_code=2023"`) ||
			!strings.Contains(res.Body, `href="/calendar?month=2017-03&amp;municipality_code=2023"`) {
			t.Error("the month lacks its traffic controls or the links to the months around it")
		}
		// An empty month leads to the latest with something: the demo's
		// latest activity or meeting (the next meeting, planned), all of
		// which the police see.
		var meeting, activity time.Time
		if err := d.QueryRowContext(context.Background(), `SELECT starts_at FROM meetings ORDER BY starts_at DESC LIMIT 1`).Scan(&meeting); err != nil {
			t.Fatal(err)
		}
		if err := d.QueryRowContext(context.Background(), `SELECT started_at FROM activities ORDER BY started_at DESC LIMIT 1`).Scan(&activity); err != nil {
			t.Fatal(err)
		}
		latest := meeting
		if activity.After(meeting) {
			latest = activity
		}
		res = police.Get(t, "/calendar?month=2030-01")
		if want := `href="/calendar?month=` + latest.In(stockholmZone(t)).Format("2006-01") + `"`; res.Status != 200 || !strings.Contains(res.Body, want) {
			t.Errorf("GET /calendar?month=2030-01 = %d without a link to the latest month (%s)", res.Status, want)
		}
		if res := police.Get(t, "/calendar?month=februari"); res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "month") {
			t.Errorf("GET /calendar?month=februari = %d", res.Status)
		}
		// A reporter sees the meetings only.
		res = ts.SignIn(t, webtest.AsReporter).Get(t, "/calendar?month=2017-02")
		if res.Status != 200 || strings.Contains(res.Body, "Trafikkontroll") || !strings.Contains(res.Body, "Samverkansmöte polis och ordningsvakter") {
			t.Errorf("the guard's calendar = %d (traffic controls shown: %v)", res.Status, strings.Contains(res.Body, "Trafikkontroll"))
		}
	})
}

// TestPromiseProgress: a commitment's progress counts its activities, on
// the public page of the promise: a traffic control logged moves it by one.
func TestPromiseProgress(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		commitment := salenCommitment(ts, t, "Att genomföra Trafikkontroller")
		var promiseID int64
		if err := d.QueryRowContext(t.Context(), `SELECT promise_id FROM commitments WHERE id = ?`, commitment).Scan(&promiseID); err != nil {
			t.Fatal(err)
		}
		page := "/promises/" + itoa(promiseID)
		done := func() string {
			t.Helper()
			res := ts.NewClient(t).Get(t, page)
			m := regexp.MustCompile(`id="c` + itoa(commitment) + `-progress">([^<]*)<`).FindStringSubmatch(res.Body)
			if res.Status != 200 || m == nil {
				t.Fatalf("GET %s = %d without the commitment's progress", page, res.Status)
			}
			return m[1]
		}
		before := done()
		var n int
		if err := d.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM activities WHERE commitment_id = ?`, commitment).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if want := itoa(int64(n)) + " aktiviteter dokumenterade"; before != want {
			t.Errorf("progress = %q, want %q", before, want)
		}
		res := ts.API(t, webtest.AsMember).SendJSON(t, http.MethodPost, "/api/v1/activities", trafficControl(ts, t, clocktest.Now().Add(-time.Hour).Format(time.RFC3339)))
		if res.Status != http.StatusCreated {
			t.Fatalf("POST = %d", res.Status)
		}
		if after, want := done(), itoa(int64(n+1))+" aktiviteter dokumenterade"; after != want {
			t.Errorf("after one more: progress = %q, want %q", after, want)
		}
		// A planned one does not count until it has started.
		ts.API(t, webtest.AsMember).SendJSON(t, http.MethodPost, "/api/v1/activities", trafficControl(ts, t, clocktest.Now().AddDate(0, 1, 0).Format(time.RFC3339)))
		if after := done(); after != itoa(int64(n+1))+" aktiviteter dokumenterade" {
			t.Errorf("a planned activity counted: %q", after)
		}

		// A commitment with a target has a bar: "1 av 10 kontroller".
		body := fmt.Sprintf(`{"title": "Tryggare påsk i Sälen", "municipality_code": "2023", "problem": "Trafik.", "effect": "Tryggare vägar.",
			"starts_on": "2026-01-01", "ends_on": "2027-12-31", "commitments": [{"organization_id": %q, "text": "Trafikkontroller på ankomstdagarna",
			"target": 10, "unit": "kontroller"}]}`, ts.Org(webtest.PoliceName))
		res = ts.API(t, webtest.AsCoordinator).SendJSON(t, http.MethodPost, "/api/v1/promises", body)
		var pr struct {
			ID          string `json:"id"`
			Commitments []struct {
				ID string `json:"id"`
			} `json:"commitments"`
		}
		webtest.DecodeBody(t, res, &pr)
		if res.Status != http.StatusCreated || len(pr.Commitments) != 1 {
			t.Fatalf("POST /api/v1/promises = %d; body:\n%s", res.Status, res.Body)
		}
		if res := ts.API(t, webtest.AsCoordinator).SendJSON(t, http.MethodPost, "/api/v1/promises/"+pr.ID+"/publish", ``); res.Status != http.StatusOK {
			t.Fatalf("publish = %d; body:\n%s", res.Status, res.Body)
		}
		patrol := `{"kind": "traffic_control", "commitment_id": "` + pr.Commitments[0].ID + `", "started_at": "2026-04-04T10:00:00+02:00"}`
		if res := ts.API(t, webtest.AsMember).SendJSON(t, http.MethodPost, "/api/v1/activities", patrol); res.Status != http.StatusCreated {
			t.Fatalf("POST = %d; body:\n%s", res.Status, res.Body)
		}
		res = ts.NewClient(t).Get(t, "/promises/"+pr.ID)
		if !strings.Contains(res.Body, `>1 av 10 kontroller<`) ||
			!strings.Contains(res.Body, `<progress max="10" value="1" aria-labelledby="c`+pr.Commitments[0].ID+`-progress">`) {
			t.Errorf("the new promise lacks 1 of 10 with a progress bar:\n%s", regexp.MustCompile(`(?s)commitment-progress.{0,400}`).FindString(res.Body))
		}
		// A target that is a rate ("4 insatser per månad") is no share of
		// what was done in all: the count, no bar.
		var noret, noretPromise int64
		if err := d.QueryRowContext(t.Context(), `SELECT id, promise_id FROM commitments WHERE unit = 'insatser per månad'`).Scan(&noret, &noretPromise); err != nil {
			t.Fatal(err)
		}
		visible := `{"kind": "patrol", "commitment_id": "` + itoa(noret) + `", "started_at": "2016-10-07T21:00:00+02:00", "counts": {"hours": 3}}`
		if res := ts.API(t, webtest.AsMember).SendJSON(t, http.MethodPost, "/api/v1/activities", visible); res.Status != http.StatusCreated {
			t.Fatalf("POST patrol = %d; body:\n%s", res.Status, res.Body)
		}
		res = ts.NewClient(t).Get(t, "/promises/"+itoa(noretPromise))
		if !strings.Contains(res.Body, `id="c`+itoa(noret)+`-progress">1 aktivitet dokumenterad<`) || strings.Contains(res.Body, "<progress") {
			t.Errorf("the Noret promise's rate target:\n%s", regexp.MustCompile(`(?s)commitment-progress.{0,400}`).FindString(res.Body))
		}
		// Signed in, a reader of activities gets a link to them.
		if res := ts.SignIn(t, webtest.AsMember).Get(t, page); !strings.Contains(res.Body, `href="/activities?commitment_id=`+itoa(commitment)+`"`) {
			t.Error("the promise page has no link to the commitment's activities for the police")
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestCalendarTokenScope: the feed page's token only reads the feed. As a
// bearer token it is refused like an unknown one; the tokens page names its
// scope, and both kinds of token are revoked there.
func TestCalendarTokenScope(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		guard := ts.SignIn(t, webtest.AsReporter)
		res := guard.PostForm(t, "/calendar/feed", nil)
		m := regexp.MustCompile(`/calendar\.ics\?token=(svk_[^"&]+)"`).FindStringSubmatch(res.Body)
		if res.Status != http.StatusCreated || m == nil {
			t.Fatalf("POST /calendar/feed = %d, no feed address; body:\n%.2000s", res.Status, res.Body)
		}
		secret := m[1]

		// Stored with the calendar scope.
		list, err := auth.NewTokens(d).List(context.Background(), ts.UserID[webtest.DemoEmail[webtest.AsReporter]])
		if err != nil || len(list) != 1 || list[0].Scope != auth.ScopeCalendar {
			t.Fatalf("the guard's tokens = %+v, %v, want one calendar token", list, err)
		}

		// The feed answers with the token in the address.
		res = ts.NewClient(t).Get(t, "/calendar.ics?"+url.Values{"token": {secret}}.Encode())
		if ct := res.Header.Get("Content-Type"); res.Status != http.StatusOK || !strings.HasPrefix(ct, "text/calendar") {
			t.Errorf("GET /calendar.ics?token=calendar token = %d %q, want 200 text/calendar", res.Status, ct)
		}
		if cal := parseICS(t, res); len(cal.Events()) == 0 {
			t.Error("the calendar token's feed is empty; the demo's guards are at the collaboration meetings")
		}

		// As a bearer token it opens nothing, not even the user's own data:
		// it is answered like an unknown token (401 under /api/, sign in on
		// a page).
		bearer, unknown := ts.NewClient(t), ts.NewClient(t)
		bearer.Token, unknown.Token = secret, "svk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
		for _, req := range []struct {
			method, path, body string
			want               int
		}{
			{http.MethodGet, "/api/v1/me", "", http.StatusUnauthorized},
			{http.MethodGet, "/api/v1/reports", "", http.StatusUnauthorized},
			{http.MethodPost, "/api/v1/reports", `{}`, http.StatusUnauthorized},
			{http.MethodGet, "/calendar.ics", "", http.StatusSeeOther},
			{http.MethodGet, "/account/tokens", "", http.StatusSeeOther},
		} {
			res := bearer.SendJSON(t, req.method, req.path, req.body)
			ref := unknown.SendJSON(t, req.method, req.path, req.body)
			if res.Status != req.want || res.Status != ref.Status {
				t.Errorf("%s %s with the calendar token as bearer = %d (an unknown token: %d), want %d; body:\n%.500s",
					req.method, req.path, res.Status, ref.Status, req.want, res.Body)
			}
		}
		// An ordinary API token keeps working in both places.
		api := ts.API(t, webtest.AsReporter)
		if res := api.Get(t, "/api/v1/me"); res.Status != http.StatusOK {
			t.Errorf("GET /api/v1/me with an API token = %d, want 200", res.Status)
		}
		if res := ts.NewClient(t).Get(t, "/calendar.ics?"+url.Values{"token": {api.Token}}.Encode()); res.Status != http.StatusOK {
			t.Errorf("GET /calendar.ics?token=API token = %d, want 200", res.Status)
		}

		// The tokens page names each token's scope.
		page := guard.Get(t, "/account/tokens")
		scopes := regexp.MustCompile(`<td data-label="Omfattning">([^<]*)</td>`).FindAllStringSubmatch(page.Body, -1)
		var got []string
		for _, s := range scopes {
			got = append(got, s[1])
		}
		if want := []string{"API", "Endast kalender"}; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("scopes on the tokens page = %q, want %q (newest first)", got, want)
		}

		if !strings.Contains(page.Body, `href="/calendar/feed"`) {
			t.Error("the tokens page does not link to the calendar link's page")
		}

		// Revoking works for both scopes.
		revokes := regexp.MustCompile(`action="(/account/tokens/\d+/revoke)"`).FindAllStringSubmatch(page.Body, -1)
		if len(revokes) != 2 {
			t.Fatalf("revoke buttons on the tokens page = %d, want 2", len(revokes))
		}
		for _, rv := range revokes {
			if res := guard.PostForm(t, rv[1], nil); res.Status != http.StatusSeeOther {
				t.Fatalf("POST %s = %d, want 303", rv[1], res.Status)
			}
		}
		for name, tok := range map[string]string{"calendar": secret, "API": api.Token} {
			if res := ts.NewClient(t).Get(t, "/calendar.ics?"+url.Values{"token": {tok}}.Encode()); res.Status != http.StatusUnauthorized {
				t.Errorf("the revoked %s token's feed = %d, want 401", name, res.Status)
			}
		}
		if res := api.Get(t, "/api/v1/me"); res.Status != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me with the revoked API token = %d, want 401", res.Status)
		}
	})
}
