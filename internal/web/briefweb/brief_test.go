package briefweb_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/briefweb"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// briefJSON is a brief as the API answers it.
type briefJSON struct {
	ID               string `json:"id"`
	MunicipalityCode string `json:"municipality_code"`
	Week             string `json:"week"`
	Status           string `json:"status"`
	Analysis         string `json:"analysis"`
	Actions          string `json:"actions"`
	Snapshot         *struct {
		Situation struct {
			Total int    `json:"total"`
			Week  string `json:"week"`
		} `json:"situation"`
		Areas []struct {
			Area string `json:"area"`
		} `json:"areas"`
	} `json:"snapshot"`
	Total       int     `json:"total"`
	Recipients  int     `json:"recipients"`
	ReportCount int     `json:"report_count"`
	PublishedAt *string `json:"published_at"`
}

// thisWeek is the week now, which the demo has no brief of.
func thisWeek() string { return report.WeekOf(clocktest.Now()).String() }

func createBrief(t *testing.T, c *webtest.Client, code, week, analysis string) briefJSON {
	t.Helper()
	body := fmt.Sprintf(`{"municipality_code":%q,"week":%q,"analysis":%q,"actions":"Fler ordningsvakter vid stängning\nTrafikkontroll lördag"}`,
		code, week, analysis)
	res := c.SendJSON(t, http.MethodPost, "/api/v1/briefs", body)
	if res.Status != http.StatusCreated {
		t.Fatalf("POST /api/v1/briefs = %d, want 201; body:\n%s", res.Status, res.Body)
	}
	var b briefJSON
	webtest.DecodeBody(t, res, &b)
	return b
}

// newReport makes a report through the API, for a brief to count.
func newReport(t *testing.T, c *webtest.Client, body string) {
	t.Helper()
	res := c.SendJSON(t, http.MethodPost, "/api/v1/reports", body)
	if res.Status != http.StatusCreated {
		t.Fatalf("POST /api/v1/reports %s = %d, want 201; body:\n%s", body, res.Status, res.Body)
	}
}

// userInMora makes a reporter of Mora kommun and returns an API client
// of theirs.
func userInMora(ts *webtest.TestServer, t *testing.T) *webtest.Client {
	t.Helper()
	ctx := context.Background()
	hash, err := auth.HashPassword(demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = ts.DB.InTx(ctx, func(tx *db.Tx) error {
		u, err := auth.CreateInTx(ctx, tx, audit.System, auth.NewUser{Email: "faltare@mora.example", Name: "Fältarbetare Mora"}, hash)
		id = u.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	ts.UserID["faltare@mora.example"] = id
	if err := webtest.SetMembership(ts, "faltare@mora.example", "Mora kommun"); err != nil {
		t.Fatal(err)
	}
	return ts.APIAs(t, "faltare@mora.example")
}

// TestAPIBriefs: the contract's briefs API: a coordinator writes and
// publishes; validation stores nothing; a second publication is refused;
// drafts are for writers only; a reporter of the municipality reads the
// published brief, one of another municipality never sees it.
func TestAPIBriefs(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord := ts.API(t, webtest.AsCoordinator)
		before := ts.Count(t, "briefs")

		// Bad input: every error at once, nothing stored.
		for _, tc := range []struct {
			body   string
			fields []string
		}{
			{`{}`, []string{"municipality_code", "week", "analysis"}},
			{`{"municipality_code":"2023","week":"2026-53","analysis":"x"}`, []string{"week"}},
			{`{"municipality_code":"2023","week":"` + report.WeekOf(clocktest.Now()).Add(2).String() + `","analysis":"x"}`, []string{"week"}},
			{`{"municipality_code":"2023","week":"2026-W08","analysis":"  "}`, []string{"analysis"}},
			{`{"municipality_code":"2062","week":"2026-W08","analysis":"x"}`, []string{"municipality_code"}}, // not theirs
			{`{"municipality_code":"2023","week":"2026-W08","analysis":"x","snapshot":{}}`, []string{"snapshot"}},
			{`{"municipality_code":2023}`, []string{"municipality_code"}},
		} {
			res := coord.SendJSON(t, http.MethodPost, "/api/v1/briefs", tc.body)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("POST %s = %d, want 422; body:\n%s", tc.body, res.Status, res.Body)
				continue
			}
			e := webtest.APIErr(t, res)
			for _, f := range tc.fields {
				if e.Error.Fields[f] == "" {
					t.Errorf("POST %s: no error on %s in %v", tc.body, f, e.Error.Fields)
				}
			}
		}
		// The demo briefs are of the last season's sports holidays.
		res := coord.SendJSON(t, http.MethodPost, "/api/v1/briefs", `{"municipality_code":"2023","week":"`+demoBriefWeek(t, ts)+`","analysis":"igen"}`)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(webtest.APIErr(t, res).Error.Fields["week"], "finns redan") {
			t.Errorf("POST a second brief of a week = %d %s, want 422 on week", res.Status, res.Body)
		}
		if n := ts.Count(t, "briefs"); n != before {
			t.Fatalf("briefs after refused requests = %d, want %d", n, before)
		}

		b := createBrief(t, coord, webtest.Salen, thisWeek(), "Lugn vecka i Sälen.")
		if b.Status != "draft" || b.Snapshot != nil || b.Week != thisWeek() {
			t.Errorf("created = %+v, want a draft of this week without snapshot", b)
		}
		path := "/api/v1/briefs/" + b.ID

		// Drafts are for writers only.
		vakt := ts.API(t, webtest.AsReporter)
		for _, c := range []struct {
			name string
			c    *webtest.Client
		}{{"member", ts.API(t, webtest.AsMember)}, {"reporter", vakt}, {"Mora's coordinator", ts.APIAs(t, webtest.MoraCoordEmail)}} {
			if res := c.c.Get(t, path); res.Status != http.StatusNotFound {
				t.Errorf("GET the draft as %s = %d, want 404", c.name, res.Status)
			}
			if ids := listBriefIDs(t, c.c, "/api/v1/briefs"); strings.Contains(ids, b.ID+",") {
				t.Errorf("the draft is listed for %s", c.name)
			}
		}
		if res := ts.API(t, webtest.AsMember).SendJSON(t, http.MethodPost, path+"/publish", ""); res.Status != http.StatusForbidden {
			t.Errorf("POST publish as a member = %d, want 403", res.Status)
		}

		// PATCH a draft.
		res = coord.SendJSON(t, http.MethodPatch, path, `{"analysis":"Stökig fredag vid Lindvallen."}`)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Stökig fredag") || !strings.Contains(res.Body, "Trafikkontroll") {
			t.Errorf("PATCH = %d %s", res.Status, res.Body)
		}

		// Publish.
		res = coord.SendJSON(t, http.MethodPost, path+"/publish", "")
		if res.Status != http.StatusOK {
			t.Fatalf("POST publish = %d, want 200; body:\n%s", res.Status, res.Body)
		}
		var pub briefJSON
		webtest.DecodeBody(t, res, &pub)
		if pub.Status != "published" || pub.Snapshot == nil || pub.Snapshot.Situation.Week != thisWeek() || pub.PublishedAt == nil ||
			pub.Recipients != webtest.SalenRecipients || len(pub.Snapshot.Areas) == 0 || pub.Total != pub.Snapshot.Situation.Total {
			t.Errorf("published = %+v, want published to %d with the snapshot of the week and its areas", pub, webtest.SalenRecipients)
		}
		// Once.
		res = coord.SendJSON(t, http.MethodPost, path+"/publish", "")
		if res.Status != http.StatusConflict || webtest.APIErr(t, res).Error.Code != "already_published" {
			t.Errorf("second publish = %d %s, want 409 already_published", res.Status, res.Body)
		}
		res = coord.SendJSON(t, http.MethodPatch, path, `{"analysis":"i efterhand"}`)
		if res.Status != http.StatusConflict {
			t.Errorf("PATCH a published brief = %d, want 409", res.Status)
		}
		if n := ts.Count(t, "brief_deliveries WHERE brief_id = "+b.ID); n != webtest.SalenRecipients {
			t.Errorf("deliveries after a refused second publication = %d, want %d", n, webtest.SalenRecipients)
		}

		// The reporter of Malung-Sälen reads it; one of Mora never sees it.
		if res := vakt.Get(t, path); res.Status != http.StatusOK || !strings.Contains(res.Body, `"snapshot"`) {
			t.Errorf("GET as the reporter = %d, want 200 with the snapshot", res.Status)
		}
		if !strings.Contains(listBriefIDs(t, vakt, "/api/v1/briefs?municipality_code=2023"), b.ID+",") {
			t.Errorf("the published brief is not listed for the reporter")
		}
		mora := userInMora(ts, t)
		if res := mora.Get(t, path); res.Status != http.StatusNotFound {
			t.Errorf("GET as a reporter of Mora = %d, want 404", res.Status)
		}
		if ids := listBriefIDs(t, mora, "/api/v1/briefs"); ids != "" {
			t.Errorf("a reporter of Mora lists briefs %s, want none", ids)
		}

		// The delivery status, for the coordinator: in the product only.
		res = coord.Get(t, path+"/deliveries")
		if res.Status != http.StatusOK {
			t.Fatalf("GET deliveries = %d", res.Status)
		}
		var ds web.ListResponse[briefweb.DeliveryJSON]
		webtest.DecodeBody(t, res, &ds)
		if len(ds.Items) != webtest.SalenRecipients || ds.Items[0].EmailStatus != "none" {
			t.Errorf("deliveries = %+v, want %d without e-mail", ds.Items, webtest.SalenRecipients)
		}
		if res := vakt.Get(t, path+"/deliveries"); res.Status != http.StatusForbidden {
			t.Errorf("GET deliveries as the reporter = %d, want 403", res.Status)
		}
	})
}

// demoBriefWeek is the week of one of the demo's published briefs.
func demoBriefWeek(t *testing.T, ts *webtest.TestServer) string {
	t.Helper()
	var week int
	if err := ts.DB.QueryRowContext(context.Background(), `SELECT MIN(week) FROM briefs WHERE municipality_code = '2023'`).Scan(&week); err != nil {
		t.Fatalf("demo briefs: %v", err)
	}
	return report.Week{Year: week / 100, Number: week % 100}.String()
}

// listBriefIDs walks every page of a list and returns the ids, each
// followed by a comma.
func listBriefIDs(t *testing.T, c *webtest.Client, path string) string {
	t.Helper()
	var ids strings.Builder
	for pages := 0; pages < 200; pages++ { // a guard against a cursor that never ends
		res := c.Get(t, path)
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s = %d; body:\n%s", path, res.Status, res.Body)
		}
		var page web.ListResponse[briefJSON]
		webtest.DecodeBody(t, res, &page)
		for _, b := range page.Items {
			ids.WriteString(b.ID + ",")
			if b.Snapshot != nil {
				t.Errorf("GET %s: a list item has its snapshot", path)
			}
		}
		if page.NextCursor == "" {
			return ids.String()
		}
		u, err := url.Parse(path)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("cursor", page.NextCursor)
		u.RawQuery = q.Encode()
		path = u.String()
	}
	t.Fatalf("GET %s: too many pages", path)
	return ""
}

// TestBriefNewDefaultsToLastWeek: the composer without a week is for last
// week: the coordinator of one municipality is led to last week's brief
// when there is one (the demo writes one for every week of the season up
// to last week), else gets the form; the administrator, of every
// municipality, chooses first.
func TestBriefNewDefaultsToLastWeek(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		last := report.WeekOf(clocktest.Now()).Add(-1)
		var id int64
		err := d.QueryRowContext(context.Background(), `SELECT id FROM briefs WHERE municipality_code = '2023' AND week = ?`,
			last.Year*100+last.Number).Scan(&id)
		if err != nil && !errors.Is(db.Normalize(err), db.ErrNotFound) {
			t.Fatal(err)
		}
		res := ts.SignIn(t, webtest.AsCoordinator).Get(t, "/briefs/new")
		switch {
		case id != 0 && (res.Status != http.StatusSeeOther || res.Header.Get("Location") != fmt.Sprintf("/briefs/%d", id)):
			t.Errorf("GET /briefs/new with a brief of %s = %d to %q, want 303 to /briefs/%d", last, res.Status, res.Header.Get("Location"), id)
		case id == 0 && (res.Status != http.StatusOK || !strings.Contains(res.Body, `value="`+last.String()+`"`)):
			t.Errorf("GET /briefs/new without a brief of %s = %d, want the form for that week", last, res.Status)
		}
		y := activity.DemoSeason(last.Start())
		inSeason := !last.Before(report.WeekOf(time.Date(y, time.December, 1, 12, 0, 0, 0, time.UTC))) &&
			!report.WeekOf(time.Date(y+1, time.April, 19, 12, 0, 0, 0, time.UTC)).Before(last)
		if inSeason != (id != 0) {
			t.Errorf("last week %s: a week of the season %v, the demo's brief %d", last, inSeason, id)
		}
		if res := ts.SignIn(t, webtest.AsAdmin).Get(t, "/briefs/new"); res.Status != http.StatusOK || !strings.Contains(res.Body, `name="municipality_code"`) {
			t.Errorf("GET /briefs/new as the administrator = %d, want the choice of municipality", res.Status)
		}
	})
}

func TestAPIBriefsPaginate(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.API(t, webtest.AsReporter)
		res := c.Get(t, "/api/v1/briefs?municipality_code=2023&limit=1")
		var first web.ListResponse[briefJSON]
		webtest.DecodeBody(t, res, &first)
		if len(first.Items) != 1 || first.NextCursor == "" {
			t.Fatalf("first page = %+v, want 1 item and a cursor", first)
		}
		all := listBriefIDs(t, c, "/api/v1/briefs?municipality_code=2023&limit=1")
		if n := strings.Count(all, ","); n != ts.Count(t, "briefs WHERE municipality_code = '2023' AND status = 'published'") || n < 2 {
			t.Errorf("pages list %d briefs, want every published one of 2023 (the demo's, at least 2)", n)
		}
		if res := c.Get(t, "/api/v1/briefs?cursor=nonsense"); res.Status != http.StatusBadRequest {
			t.Errorf("GET with a bad cursor = %d, want 400", res.Status)
		}
		if res := c.Get(t, "/api/v1/briefs?municipality_code=abc"); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("GET with a bad municipality = %d, want 422", res.Status)
		}
	})
}

// runWorker makes the worker of d and runs it until the test ends.
func runWorker(t *testing.T, d *db.DB, smtpURL string) *mail.Worker {
	t.Helper()
	sender, err := mail.NewSMTP(smtpURL, "Samverkan <noreply@samverkan.example>")
	if err != nil {
		t.Fatal(err)
	}
	sender.Timeout = 5 * time.Second
	w := mail.NewWorker(d, sender, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return w
}

// waitFor polls until cond holds, failing the test after ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited ten seconds for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// publishInBrowser writes and publishes a brief of the week through the
// pages, as the coordinator, and returns its id.
func publishInBrowser(t *testing.T, ts *webtest.TestServer, week string) string {
	t.Helper()
	c := ts.Session(t, webtest.AsCoordinator)
	res := c.PostForm(t, "/briefs", url.Values{"municipality_code": {webtest.Salen}, "week": {week},
		"analysis": {"Stökigt vid stängning i Lindvallen."}, "actions": {"Två ordningsvakter till vid stängning"}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("POST /briefs = %d, want 303; body:\n%.1000s", res.Status, res.Body)
	}
	loc := res.Header.Get("Location")
	id := strings.TrimPrefix(loc, "/briefs/")
	res = c.PostForm(t, loc+"/publish", url.Values{})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != loc {
		t.Fatalf("POST %s/publish = %d to %q, want 303 to the brief; body:\n%.1000s", loc, res.Status, res.Header.Get("Location"), res.Body)
	}
	return id
}

// TestBriefByMail: a publication reaches every recipient through a real
// SMTP server, each in their language, as a message a mail client reads.
func TestBriefByMail(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{STARTTLS: true})
		ctx := context.Background()
		if err := auth.NewUsers(d).SetLocale(ctx, audit.System, userIDOf(t, d, webtest.KrogEmail), "en"); err != nil {
			t.Fatal(err)
		}
		sender, err := mail.NewSMTP(srv.URL, "Samverkan Malung-Sälen <noreply@samverkan.example>")
		if err != nil {
			t.Fatal(err)
		}
		sender.TLS = srv.ClientTLS()
		// Longer than the test waits for the publication below: a
		// publication that waited for the held server could not answer.
		sender.Timeout = time.Minute
		w := mail.NewWorker(d, sender, nil)
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { w.Run(runCtx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		ts := webtest.NewServer(t, d, func(o *web.Options) { o.Mail = w; o.PublicURL = "https://samverkan.example" })

		// The reporter reports this week, so that their report goes in.
		newReport(t, ts.API(t, webtest.AsReporter), fmt.Sprintf(`{"category":"Ordningsstörning","occurred_at":%q,"municipality_code":"2023"}`, webtest.Occurred(1)))
		// Publication never waits for the mail server: it answers while
		// the server holds every message unanswered.
		srv.Hold()
		var id string
		published := make(chan struct{})
		go func() { id = publishInBrowser(t, ts, thisWeek()); close(published) }()
		waitFor(t, "the publication while the mail server holds every message", func() bool {
			select {
			case <-published:
				return true
			default:
				return false
			}
		})
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages arrived while the server held them", n)
		}
		srv.Release()
		msgs := srv.Wait(t, webtest.SalenRecipients, 10*time.Second)
		byTo := map[string]mailtest.Parsed{}
		for _, m := range msgs {
			if !m.TLS {
				t.Errorf("a message came without TLS")
			}
			p, err := mailtest.Parse(m.Data)
			if err != nil {
				t.Fatalf("message does not parse: %v\n%s", err, m.Data)
			}
			if len(p.PartTypes) != 2 || p.Text == "" || p.HTML == "" {
				t.Errorf("message to %s has parts %v, want plain text and HTML", p.To.Address, p.PartTypes)
			}
			byTo[p.To.Address] = p
		}
		if len(byTo) != webtest.SalenRecipients {
			t.Errorf("messages went to %d addresses, want %d", len(byTo), webtest.SalenRecipients)
		}
		link := "https://samverkan.example/briefs/" + id
		week := report.WeekOf(clocktest.Now())
		krog, vakt := byTo[webtest.KrogEmail], byTo[webtest.DemoEmail[webtest.AsReporter]]
		if want := fmt.Sprintf("Weekly brief Malung-Sälen, week %d, %d", week.Number, week.Year); krog.Subject != want {
			t.Errorf("the restaurant's subject = %q, want %q (English, their saved language)", krog.Subject, want)
		}
		if want := fmt.Sprintf("Veckobrev Malung-Sälen, vecka %d, %d", week.Number, week.Year); vakt.Subject != want {
			t.Errorf("the guard's subject = %q, want %q", vakt.Subject, want)
		}
		for _, p := range []mailtest.Parsed{krog, vakt} {
			for _, part := range []string{p.Text, p.HTML} {
				if !strings.Contains(part, link) || !strings.Contains(part, "Stökigt vid stängning i Lindvallen.") ||
					!strings.Contains(part, "Två ordningsvakter till vid stängning") {
					t.Errorf("the message to %s lacks the link, the analysis or the actions:\n%s", p.To.Address, part)
				}
			}
		}
		if !strings.Contains(vakt.Text, "Av dem var 1 din. Tack!") {
			t.Errorf("the guard's e-mail does not say their report went in:\n%s", vakt.Text)
		}
		if !strings.Contains(krog.HTML, `lang="en"`) || !strings.Contains(vakt.HTML, `lang="sv"`) {
			t.Errorf("the HTML parts are not in the recipients' languages")
		}
		// The delivery status says sent, for everyone.
		waitFor(t, "every row sent", func() bool {
			return ts.Count(t, "mail_outbox WHERE status = 'sent'") == webtest.SalenRecipients
		})
		page := ts.Session(t, webtest.AsCoordinator).Get(t, "/briefs/"+id+"/deliveries")
		if page.Status != http.StatusOK || strings.Count(page.Body, `class="mail-status mail-sent"`) != webtest.SalenRecipients {
			t.Errorf("GET deliveries = %d with %d sent, want %d; body:\n%.2000s", page.Status,
				strings.Count(page.Body, `class="mail-status mail-sent"`), webtest.SalenRecipients, page.Body)
		}
	})
}

func userIDOf(t *testing.T, d *db.DB, email string) int64 {
	t.Helper()
	var id int64
	if err := d.QueryRowContext(context.Background(), `SELECT id FROM users WHERE email = ?`, email).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// TestBriefMailRetried: a server that refuses at first is retried, the
// failed attempt is visible to the coordinator with its reason, and
// "retry now" sends it at once.
func TestBriefMailRetried(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{})
		w := runWorker(t, d, srv.URL)
		ts := webtest.NewServer(t, d, func(o *web.Options) { o.Mail = w })
		srv.Refuse(1, 451)
		id := publishInBrowser(t, ts, thisWeek())
		srv.Wait(t, webtest.SalenRecipients-1, 10*time.Second)
		var mailID int64
		waitFor(t, "the refused row to wait", func() bool {
			err := d.QueryRowContext(context.Background(), `SELECT id FROM mail_outbox WHERE status = 'waiting' AND attempts = 1`).Scan(&mailID)
			return err == nil
		})
		coord := ts.Session(t, webtest.AsCoordinator)
		page := coord.Get(t, "/briefs/"+id+"/deliveries")
		if !strings.Contains(page.Body, "451") || !strings.Contains(page.Body, "mailtest refuses this message") ||
			!strings.Contains(page.Body, fmt.Sprintf("/mail/%d/retry", mailID)) {
			t.Errorf("the deliveries page does not show the refusal and a retry button; body:\n%.3000s", page.Body)
		}
		res := coord.PostForm(t, fmt.Sprintf("/briefs/%s/mail/%d/retry", id, mailID), url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST retry = %d; body:\n%.1000s", res.Status, res.Body)
		}
		srv.Wait(t, webtest.SalenRecipients, 10*time.Second)
		waitFor(t, "the retried row sent", func() bool {
			var status string
			var attempts int
			_ = d.QueryRowContext(context.Background(), `SELECT status, attempts FROM mail_outbox WHERE id = ?`, mailID).Scan(&status, &attempts)
			return status == "sent" && attempts == 2
		})
		if n := ts.Count(t, fmt.Sprintf("mail_attempts WHERE outbox_id = %d", mailID)); n != 2 {
			t.Errorf("attempts recorded = %d, want 2", n)
		}
		if n := ts.Count(t, fmt.Sprintf("audit_log WHERE entity = 'mail' AND action = 'retry' AND entity_id = '%d'", mailID)); n != 1 {
			t.Errorf("audit entries of the retry = %d, want 1", n)
		}
		// A sent row is not retried.
		if res := coord.PostForm(t, fmt.Sprintf("/briefs/%s/mail/%d/retry", id, mailID), url.Values{}); res.Status != http.StatusConflict {
			t.Errorf("POST retry of a sent e-mail = %d, want 409", res.Status)
		}
		// Not another brief's e-mail.
		if res := coord.PostForm(t, fmt.Sprintf("/briefs/%s/mail/%d/retry", demoBriefID(t, ts), mailID), url.Values{}); res.Status != http.StatusNotFound {
			t.Errorf("POST retry through another brief = %d, want 404", res.Status)
		}
	})
}

func demoBriefID(t *testing.T, ts *webtest.TestServer) string {
	t.Helper()
	var id int64
	if err := ts.DB.QueryRowContext(context.Background(), `SELECT MIN(id) FROM briefs`).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(id)
}

// TestBriefPublishedWhileMailIsDown: with the mail server down the brief
// is published and delivered in the product at once; the e-mail waits.
func TestBriefPublishedWhileMailIsDown(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		w := runWorker(t, d, "smtp://"+addr)
		ts := webtest.NewServer(t, d, func(o *web.Options) { o.Mail = w })
		id := publishInBrowser(t, ts, thisWeek())
		var status string
		if err := d.QueryRowContext(context.Background(), `SELECT status FROM briefs WHERE id = ?`, id).Scan(&status); err != nil || status != "published" {
			t.Errorf("brief status = %q, %v; want published", status, err)
		}
		if n := ts.Count(t, "brief_deliveries WHERE brief_id = "+id); n != webtest.SalenRecipients {
			t.Errorf("deliveries = %d, want %d", n, webtest.SalenRecipients)
		}
		waitFor(t, "every e-mail to have failed once", func() bool {
			return ts.Count(t, "mail_outbox WHERE status = 'waiting' AND attempts = 1 AND last_error <> ''") == webtest.SalenRecipients
		})
		// The reporter has it in the product.
		start := ts.Session(t, webtest.AsReporter).Get(t, "/start")
		if !strings.Contains(start.Body, `href="/briefs/`+id+`"`) {
			t.Errorf("the reporter's start page does not list the brief; body:\n%.2000s", start.Body)
		}
	})
}

// TestBriefPages: the composer keeps what was typed on error, the draft is
// the coordinator's, publication goes through a confirmation, and the
// reporter finds the brief on the start page with "din rapport ingick".
func TestBriefPages(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		sv := i18nFor(t, i18n.Swedish)
		coord := ts.Session(t, webtest.AsCoordinator)
		vakt := ts.Session(t, webtest.AsReporter)
		week := thisWeek()

		// The reporter reports this week.
		newReport(t, ts.API(t, webtest.AsReporter), fmt.Sprintf(`{"category":"Berusade personer","occurred_at":%q,"municipality_code":"2023"}`, webtest.Occurred(2)))

		// The archive: the demo's briefs, new to the reporter.
		res := vakt.Get(t, "/briefs")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, sv.T("brief.unread")) || strings.Contains(res.Body, sv.T("brief.list.new")) {
			t.Errorf("GET /briefs as the reporter = %d: want the demo's briefs marked new and no composer link", res.Status)
		}

		// The composer beside the week's picture.
		res = coord.Get(t, "/briefs/new?municipality_code=2023&week="+week)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, sv.T("brief.figures.live_heading")) ||
			!strings.Contains(res.Body, `name="analysis"`) {
			t.Fatalf("GET /briefs/new = %d, want the form and the live picture; body:\n%.2000s", res.Status, res.Body)
		}
		// Bad input: the errors, what was typed kept, nothing stored.
		before := ts.Count(t, "briefs")
		res = coord.PostForm(t, "/briefs", url.Values{"municipality_code": {webtest.Salen}, "week": {week}, "analysis": {"  "},
			"actions": {"Trafikkontroll på väg 71 <lördag>"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "error-summary") ||
			!strings.Contains(res.Body, "Trafikkontroll på väg 71 &lt;lördag&gt;") || !strings.Contains(res.Body, sv.T("brief.field.analysis")) {
			t.Errorf("POST /briefs without analysis = %d, want 422 with the summary and the actions kept; body:\n%.3000s", res.Status, res.Body)
		}
		if n := ts.Count(t, "briefs"); n != before {
			t.Errorf("briefs after a refused form = %d, want %d", n, before)
		}
		// Another municipality's coordinator may not.
		mora := ts.SignInAs(t, webtest.MoraCoordEmail)
		if res := mora.PostForm(t, "/briefs", url.Values{"municipality_code": {webtest.Salen}, "week": {week}, "analysis": {"x"}}); res.Status != http.StatusForbidden {
			t.Errorf("POST /briefs for Sälen as Mora's coordinator = %d, want 403", res.Status)
		}

		res = coord.PostForm(t, "/briefs", url.Values{"municipality_code": {webtest.Salen}, "week": {week}, "analysis": {"Stökig helg.\n\nMest vid stängning."},
			"actions": {"- Fler vakter\n- Belysning"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /briefs = %d; body:\n%.2000s", res.Status, res.Body)
		}
		path := res.Header.Get("Location")
		if res := coord.Get(t, path); res.Status != http.StatusOK || !strings.Contains(res.Body, sv.T("brief.view.draft_note")) {
			t.Errorf("GET the draft = %d, want the draft note", res.Status)
		}
		if res := vakt.Get(t, path); res.Status != http.StatusNotFound {
			t.Errorf("GET the draft as the reporter = %d, want 404", res.Status)
		}
		// The composer of a week that has a brief leads to it.
		if res := coord.Get(t, "/briefs/new?municipality_code=2023&week="+week); res.Status != http.StatusSeeOther || res.Header.Get("Location") != path {
			t.Errorf("GET /briefs/new of a week with a brief = %d to %q, want 303 to %s", res.Status, res.Header.Get("Location"), path)
		}
		// Edit.
		if res := coord.Get(t, path+"/edit"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Mest vid stängning.") {
			t.Errorf("GET edit = %d", res.Status)
		}
		if res := coord.PostForm(t, path, url.Values{"analysis": {"Stökig helg i Lindvallen."}, "actions": {"- Fler vakter"}}); res.Status != http.StatusSeeOther {
			t.Errorf("POST edit = %d", res.Status)
		}

		// Publish, after the confirmation.
		res = coord.Get(t, path+"/publish")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, sv.T("brief.publish.to", webtest.SalenRecipients, "Malung-Sälen")) ||
			!strings.Contains(res.Body, sv.T("brief.publish.no_mail")) {
			t.Errorf("GET publish = %d, want the number of recipients and no e-mail; body:\n%.2000s", res.Status, res.Body)
		}
		if res := coord.PostForm(t, path+"/publish", nil); res.Status != http.StatusSeeOther {
			t.Fatalf("POST publish = %d", res.Status)
		}
		if res := coord.PostForm(t, path+"/publish", nil); res.Status != http.StatusConflict {
			t.Errorf("POST publish again = %d, want 409", res.Status)
		}
		if res := coord.Get(t, path+"/edit"); res.Status != http.StatusConflict {
			t.Errorf("GET edit of a published brief = %d, want 409", res.Status)
		}

		// The reporter: on the start page, new, with their report in it.
		start := vakt.Get(t, "/start")
		if !strings.Contains(start.Body, `href="`+path+`"`) || !strings.Contains(start.Body, sv.T("brief.start.own_one")) ||
			!strings.Contains(start.Body, sv.T("brief.start.season_heading")) {
			t.Errorf("the reporter's start page lacks the brief or the note of their report; body:\n%.3000s", start.Body)
		}
		res = vakt.Get(t, path)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, sv.T("brief.feedback.own_heading")) ||
			!strings.Contains(res.Body, "Berusade personer") || !strings.Contains(res.Body, "Stökig helg i Lindvallen.") {
			t.Errorf("GET the brief as the reporter = %d, want their report in it; body:\n%.3000s", res.Status, res.Body)
		}
		// Read now: no longer marked new.
		start = vakt.Get(t, "/start")
		item := regexp.MustCompile(`(?s)<li class="brief-item( unread)?">\s*<p class="brief-item-title"><a href="` + regexp.QuoteMeta(path) + `"`).FindStringSubmatch(start.Body)
		if item == nil || item[1] != "" {
			t.Errorf("after reading, the brief on the start page = %q, want it listed and not unread", item)
		}
		// The coordinator follows the delivery.
		res = coord.Get(t, path+"/deliveries")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Viktor Vakt (demo)") || !strings.Contains(res.Body, sv.T("brief.deliveries.mail_off")) {
			t.Errorf("GET deliveries = %d; body:\n%.2000s", res.Status, res.Body)
		}
		if res := vakt.Get(t, path+"/deliveries"); res.Status != http.StatusForbidden {
			t.Errorf("GET deliveries as the reporter = %d, want 403", res.Status)
		}
	})
}

// TestSubscriptionPage: a user opts out of a municipality's brief, and
// the next publication passes them by; areas put first are kept.
func TestSubscriptionPage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		sv := i18nFor(t, i18n.Swedish)
		polis := ts.Session(t, webtest.AsMember) // works in Mora and Malung-Sälen
		res := polis.Get(t, "/account/subscriptions")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `id="sub-2023"`) || !strings.Contains(res.Body, `id="sub-2062"`) ||
			!strings.Contains(res.Body, "Lindvallen") {
			t.Fatalf("GET /account/subscriptions = %d, want both municipalities and Sälen's areas; body:\n%.2000s", res.Status, res.Body)
		}
		lindvallen := regexp.MustCompile(`id="area-2023-(\d+)"[^>]*><label for="area-2023-\d+">Lindvallen<`).FindStringSubmatch(res.Body)
		if lindvallen == nil {
			t.Fatalf("no Lindvallen checkbox")
		}
		// Mora kept, Malung-Sälen dropped (its area ticked goes with it).
		res = polis.PostForm(t, "/account/subscriptions", url.Values{"shown": {"2023", "2062"}, "subscribed": {"2062"},
			"area": {"2023:" + lindvallen[1]}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /account/subscriptions = %d; body:\n%.2000s", res.Status, res.Body)
		}
		res = polis.Get(t, "/account/subscriptions")
		if !strings.Contains(res.Body, sv.T("brief.flash.subscriptions_saved")) || strings.Contains(res.Body, `value="2023" checked`) ||
			!strings.Contains(res.Body, `value="2062" checked`) {
			t.Errorf("after saving, the page does not show Malung-Sälen off and Mora on; body:\n%.2000s", res.Body)
		}
		// Another municipality than theirs is refused.
		res = polis.PostForm(t, "/account/subscriptions", url.Values{"shown": {"1480"}, "subscribed": {"1480"}})
		if res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST a subscription elsewhere = %d, want 422", res.Status)
		}
		b := createBrief(t, ts.API(t, webtest.AsCoordinator), webtest.Salen, thisWeek(), "Vecka.")
		if res := ts.API(t, webtest.AsCoordinator).SendJSON(t, http.MethodPost, "/api/v1/briefs/"+b.ID+"/publish", ""); res.Status != http.StatusOK {
			t.Fatalf("publish = %d", res.Status)
		}
		if n := ts.Count(t, fmt.Sprintf("brief_deliveries WHERE brief_id = %s AND user_id = %d", b.ID, ts.UserID[webtest.DemoEmail[webtest.AsMember]])); n != 0 {
			t.Errorf("the police got the brief they opted out of")
		}
		if n := ts.Count(t, "brief_deliveries WHERE brief_id = "+b.ID); n != webtest.SalenRecipients-1 {
			t.Errorf("deliveries = %d, want %d", n, webtest.SalenRecipients-1)
		}
		// "None": everything off.
		res = polis.PostForm(t, "/account/subscriptions", url.Values{"shown": {"2023", "2062"}, "subscribed": {"2062"}, "none": {"1"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST none = %d", res.Status)
		}
		if n := ts.Count(t, fmt.Sprintf("brief_subscriptions WHERE user_id = %d AND subscribed", ts.UserID[webtest.DemoEmail[webtest.AsMember]])); n != 0 {
			t.Errorf("after none, %d subscriptions are on", n)
		}
		// The administrator, in no organisation, is told so.
		if res := ts.Session(t, webtest.AsAdmin).Get(t, "/account/subscriptions"); res.Status != http.StatusOK ||
			!strings.Contains(res.Body, sv.T("brief.subscriptions.no_orgs")) {
			t.Errorf("GET /account/subscriptions as the administrator = %d, want the empty state", res.Status)
		}
	})
}

func i18nFor(t *testing.T, lang i18n.Lang) *i18n.Localizer {
	t.Helper()
	b := webtest.LoadBundle(t)
	return b.For(lang)
}
