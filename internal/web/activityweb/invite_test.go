package activityweb_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var (
	uidRE      = regexp.MustCompile(`(?m)^UID:(.+)\r$`)
	sequenceRE = regexp.MustCompile(`(?m)^SEQUENCE:(\d+)\r$`)
)

// TestMeetingInvitationsByMail: on a server that sends e-mail, a meeting
// made through the API reaches everyone of its parties as an invitation
// whose event is the one of the meeting's .ics file (same UID); a change
// through the API sends the next SEQUENCE, deleting it on its page a
// CANCEL. A server without e-mail queues nothing.
func TestMeetingInvitationsByMail(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{})
		sender, err := mail.NewSMTP(srv.URL, "Samverkan <noreply@samverkan.example>")
		if err != nil {
			t.Fatal(err)
		}
		w := mail.NewWorker(d, sender, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		ts := webtest.NewServer(t, d, func(o *web.Options) { o.Mail = w; o.PublicURL = "https://samverkan.example" })

		var members int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(DISTINCT u.id) FROM users u JOIN memberships m ON m.user_id = u.id
			WHERE m.organization_id IN (?, ?) AND NOT u.disabled AND u.email <> ''`,
			ts.OrgIDs[webtest.PoliceName], ts.OrgIDs[webtest.GuardsName]).Scan(&members); err != nil || members < 2 {
			t.Fatalf("members of the police and the guards = %d, %v", members, err)
		}
		police := ts.API(t, webtest.AsMember)
		starts := clocktest.Now().AddDate(0, 0, 7).Truncate(time.Hour)
		m := newMeeting(t, police, guardMeeting(ts, starts))
		file := ts.Session(t, webtest.AsMember).Get(t, "/meetings/"+m.ID+"/ics")
		uid := uidRE.FindStringSubmatch(file.Body)
		if file.Status != http.StatusOK || uid == nil {
			t.Fatalf("GET /meetings/%s/ics = %d without a UID:\n%s", m.ID, file.Status, file.Body)
		}

		// arrived waits for n more messages and reads them.
		seen := 0
		arrived := func(n int) []mailtest.Parsed {
			t.Helper()
			msgs := srv.Wait(t, seen+n, 10*time.Second)
			var out []mailtest.Parsed
			for _, msg := range msgs[seen:] {
				p, err := mailtest.Parse(msg.Data)
				if err != nil {
					t.Fatalf("an invitation does not parse: %v\n%s", err, msg.Data)
				}
				out = append(out, p)
			}
			seen = len(msgs)
			return out
		}
		check := func(what string, ps []mailtest.Parsed, method string, sequence int) {
			t.Helper()
			for _, p := range ps {
				cal := p.Calendar
				if p.CalendarMethod != method || !strings.Contains(cal, "METHOD:"+method+"\r\n") || len(p.Attachments) != 1 ||
					string(p.Attachments[0].Data) != cal {
					t.Errorf("%s: the message to %s is %q with %d attachments, want %s as alternative and attachment",
						what, p.To.Address, p.CalendarMethod, len(p.Attachments), method)
				}
				if got := uidRE.FindStringSubmatch(cal); got == nil || got[1] != uid[1] {
					t.Errorf("%s: the calendar to %s has UID %v, want the .ics file's %s", what, p.To.Address, got, uid[1])
				}
				if got := sequenceRE.FindStringSubmatch(cal); got == nil || got[1] != strconv.Itoa(sequence) {
					t.Errorf("%s: the calendar to %s has SEQUENCE %v, want %d", what, p.To.Address, got, sequence)
				}
				if !strings.Contains(p.Text, "https://samverkan.example/meetings/"+m.ID) {
					t.Errorf("%s: the message to %s does not link the meeting:\n%s", what, p.To.Address, p.Text)
				}
			}
		}
		made := arrived(members)
		check("made", made, "REQUEST", 0)
		for _, p := range made {
			if p.ReplyTo == nil || p.ReplyTo.Address != webtest.DemoEmail[webtest.AsMember] {
				t.Errorf("the invitation to %s has Reply-To %v, want the police officer who made it", p.To.Address, p.ReplyTo)
			}
		}

		// An hour later.
		later := starts.Add(time.Hour)
		res := police.SendJSON(t, http.MethodPatch, "/api/v1/meetings/"+m.ID, `{"starts_at": "`+later.Format(time.RFC3339)+
			`", "ends_at": "`+later.Add(time.Hour).Format(time.RFC3339)+`"}`)
		if res.Status != http.StatusOK {
			t.Fatalf("PATCH = %d; body:\n%s", res.Status, res.Body)
		}
		check("changed", arrived(members), "REQUEST", 1)

		// Deleted on its page.
		res = ts.Session(t, webtest.AsMember).PostForm(t, "/meetings/"+m.ID+"/delete", url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /meetings/%s/delete = %d", m.ID, res.Status)
		}
		check("deleted", arrived(members), "CANCEL", 2)

		// Without e-mail: nothing queued.
		plain := webtest.NewServer(t, d)
		before := plain.Count(t, "mail_outbox")
		newMeeting(t, plain.API(t, webtest.AsMember), guardMeeting(plain, starts))
		if n := plain.Count(t, "mail_outbox"); n != before {
			t.Errorf("a server without e-mail queued %d invitations", n-before)
		}
	})
}
