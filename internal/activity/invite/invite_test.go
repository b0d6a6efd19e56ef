package invite_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/activity/invite"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// fixture: the police and the security guards in Malung-Sälen, and the
// municipality, with their people.
type fixture struct {
	d      *db.DB
	s      *activity.Store
	srv    *mailtest.Server
	w      *mail.Worker
	orgs   map[string]int64
	users  map[string]int64
	opts   invite.Options
	actors map[string]audit.Actor
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, s: activity.NewStore(d), orgs: map[string]int64{}, users: map[string]int64{}, actors: map[string]audit.Actor{}}
	for _, o := range []struct{ name, kind string }{{"Polisen", "police"}, {"Vakterna", "security_company"}, {"Kommunen", "municipality"}} {
		created, err := org.NewStore(d).Create(ctx, audit.System, org.Input{Name: o.name, Kind: o.kind, MunicipalityCodes: []string{"2023"}})
		if err != nil {
			t.Fatal(err)
		}
		f.orgs[o.name] = created.ID
	}
	hash, err := auth.HashPassword("korrekt häst batteri")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct{ key, name, locale, org string }{
		{"per", "Per Polis", "", "Polisen"},
		{"viktor", "Viktor Vakt", "en", "Vakterna"},
		{"vera", "Vera", "", "Vakterna"},
		{"gone", "Gustav Gått", "", "Vakterna"},
		{"sara", "Sara Samordnare", "", "Kommunen"},
	} {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			created, err := auth.CreateInTx(ctx, tx, audit.System, auth.NewUser{Email: u.key + "@example.se", Name: u.name, Locale: u.locale}, hash)
			if err != nil {
				return err
			}
			f.users[u.key] = created.ID
			f.actors[u.key] = audit.Actor{UserID: created.ID, Label: created.Email}
			return org.SetMembershipInTx(ctx, tx, audit.System, created.ID, f.orgs[u.org], auth.RoleMember)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.ExecContext(ctx, `UPDATE users SET disabled = TRUE WHERE id = ?`, f.users["gone"]); err != nil {
		t.Fatal(err)
	}
	f.srv = mailtest.Start(t, mailtest.Options{})
	sender, err := mail.NewSMTP(f.srv.URL, "Samverkan <noreply@samverkan.example>")
	if err != nil {
		t.Fatal(err)
	}
	f.w = mail.NewWorker(d, sender, nil)
	f.opts = invite.Options{BaseURL: "https://samverkan.example", UIDDomain: "samverkan.example", From: f.w.From()}
	return f
}

// in is a meeting of the police with the guards a week from now, at
// 10:00 in Sweden whatever the day the test runs.
func (f *fixture) in(title string, days int, parties ...string) activity.MeetingInput {
	now := clocktest.Now().In(clock.Zone())
	day := time.Date(now.Year(), now.Month(), now.Day()+days, 10, 0, 0, 0, clock.Zone())
	var ids []string
	for _, p := range parties {
		ids = append(ids, strconv.FormatInt(f.orgs[p], 10))
	}
	return activity.MeetingInput{Title: title, Kind: activity.MeetingCollaboration, StartsAt: day.Format(time.RFC3339),
		EndsAt: day.Add(time.Hour).Format(time.RFC3339), Place: "Polisen i Sälen; entré B", OrganizationIDs: ids,
		MunicipalityCode: "2023", Agenda: "1. Lägesbild\n2. Helgen"}
}

// sent is a message that arrived, read back, with its calendar parsed.
type sent struct {
	p     mailtest.Parsed
	event *ics.VEvent
	cal   *ics.Calendar
}

// deliver sends the outbox and returns the messages that arrived, by
// recipient; it fails the test when any does not read as an invitation.
func (f *fixture) deliver(t *testing.T) map[string]sent {
	t.Helper()
	before := len(f.srv.Messages())
	if _, err := f.w.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := map[string]sent{}
	for _, m := range f.srv.Messages()[before:] {
		p, err := mailtest.Parse(m.Data)
		if err != nil {
			t.Fatalf("an invitation does not parse: %v\n%s", err, m.Data)
		}
		if p.MediaType != "multipart/mixed" || strings.Join(p.PartTypes, ",") != "text/plain,text/html,text/calendar" {
			t.Errorf("the message to %s is %s of %v, want multipart/mixed of text, HTML and calendar", p.To.Address, p.MediaType, p.PartTypes)
		}
		if len(p.Attachments) != 1 || p.Attachments[0].Filename != "invite.ics" || p.Attachments[0].MediaType != "text/calendar" ||
			p.Attachments[0].Params["method"] != p.CalendarMethod || string(p.Attachments[0].Data) != p.Calendar {
			t.Errorf("the message to %s has attachments %+v, want the calendar as invite.ics", p.To.Address, p.Attachments)
		}
		if p.Header.Get("Auto-Submitted") != "auto-generated" || p.Header.Get("List-Unsubscribe") != "" {
			t.Errorf("the message to %s has Auto-Submitted %q and List-Unsubscribe %q", p.To.Address,
				p.Header.Get("Auto-Submitted"), p.Header.Get("List-Unsubscribe"))
		}
		cal, err := ics.ParseCalendar(strings.NewReader(p.Calendar))
		if err != nil {
			t.Fatalf("the calendar to %s is no iCalendar: %v\n%s", p.To.Address, err, p.Calendar)
		}
		if n := len(cal.Events()); n != 1 {
			t.Fatalf("the calendar to %s has %d events", p.To.Address, n)
		}
		var method string
		for _, prop := range cal.CalendarProperties {
			if prop.IANAToken == "METHOD" {
				method = prop.Value
			}
		}
		if method != p.CalendarMethod {
			t.Errorf("the calendar to %s says METHOD:%s, its part %s", p.To.Address, method, p.CalendarMethod)
		}
		out[p.To.Address] = sent{p: p, event: cal.Events()[0], cal: cal}
	}
	return out
}

func prop(e *ics.VEvent, name ics.ComponentProperty) string {
	if p := e.GetProperty(name); p != nil {
		return p.Value
	}
	return ""
}

// TestInvitations: a meeting made, changed and deleted reaches the people
// of its parties as invitations a calendar program takes: REQUEST with
// the meeting's UID and SEQUENCE 0, then 1 with the new time, CANCEL with
// a higher SEQUENCE at the end; minutes change nothing in a calendar and
// send nothing; a party taken off the meeting gets a CANCEL.
func TestInvitations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		queue := invite.Queue(f.opts)
		m, err := f.s.CreateMeeting(ctx, f.actors["per"], f.in("Samverkansmöte inför helgen", 7, "Polisen", "Vakterna"), queue)
		if err != nil {
			t.Fatal(err)
		}
		uid := "meeting-" + strconv.FormatInt(m.ID, 10) + "@samverkan.example"
		got := f.deliver(t)
		// Not the disabled guard, not the municipality (no party).
		if len(got) != 3 {
			t.Fatalf("invitations went to %d addresses, want per, viktor and vera", len(got))
		}
		for to, s := range got {
			e := s.event
			if s.p.CalendarMethod != "REQUEST" || e.Id() != uid || prop(e, ics.ComponentPropertySequence) != "0" {
				t.Errorf("the invitation to %s is %s UID %s SEQUENCE %s; want REQUEST %s 0", to, s.p.CalendarMethod, e.Id(),
					prop(e, ics.ComponentPropertySequence), uid)
			}
			start, err := e.GetStartAt()
			if err != nil || !start.Equal(m.StartsAt) {
				t.Errorf("the invitation to %s starts %v, %v; want %v", to, start, err, m.StartsAt)
			}
			if org := e.GetProperty(ics.ComponentPropertyOrganizer); org == nil || org.Value != "mailto:per@example.se" {
				t.Errorf("the invitation to %s has ORGANIZER %+v, want the police officer who made it", to, org)
			}
			if atts := e.Attendees(); len(atts) != 1 || atts[0].Email() != to {
				t.Errorf("the invitation to %s has ATTENDEE %v, want its recipient", to, atts)
			}
			if s.p.ReplyTo == nil || s.p.ReplyTo.Address != "per@example.se" {
				t.Errorf("the invitation to %s has Reply-To %v, want who made the meeting", to, s.p.ReplyTo)
			}
			if !strings.Contains(s.p.Text, "https://samverkan.example/meetings/"+strconv.FormatInt(m.ID, 10)) ||
				!strings.Contains(s.p.Text, "Polisen i Sälen; entré B") || !strings.Contains(s.p.Text, "2. Helgen") {
				t.Errorf("the invitation to %s lacks the link, the place or the agenda:\n%s", to, s.p.Text)
			}
		}
		per, viktor, vera := got["per@example.se"].p, got["viktor@example.se"].p, got["vera@example.se"].p
		if !strings.HasPrefix(per.Subject, "Inbjudan: Samverkansmöte inför helgen, ") || !strings.HasPrefix(per.Text, "Hej Per!\n") ||
			!strings.Contains(per.Text, "Per Polis, Polisen, bjuder in till ett möte.") {
			t.Errorf("Per's invitation: %q\n%s", per.Subject, per.Text)
		}
		if !strings.HasPrefix(viktor.Subject, "Invitation: ") || !strings.HasPrefix(viktor.Text, "Hello Viktor,\n") ||
			!strings.Contains(viktor.HTML, `lang="en"`) {
			t.Errorf("Viktor's invitation is not in English: %q\n%s", viktor.Subject, viktor.Text)
		}
		if !strings.HasPrefix(vera.Text, "Hej Vera!\n") {
			t.Errorf("Vera's invitation does not greet her:\n%s", vera.Text)
		}

		// Minutes written: nothing in a calendar changes, nothing is sent.
		in := activity.MeetingInputOf(m)
		in.Minutes = "Vi pratade om helgen."
		if m, err = f.s.UpdateMeeting(ctx, f.actors["viktor"], m.ID, in, queue); err != nil {
			t.Fatal(err)
		}
		if got := f.deliver(t); len(got) != 0 {
			t.Errorf("writing minutes sent %d messages, want none", len(got))
		}

		// An hour later, and without the guards: a REQUEST with the new
		// SEQUENCE to the police, a CANCEL to the guards.
		in = activity.MeetingInputOf(m)
		in.StartsAt = m.StartsAt.Add(time.Hour).Format(time.RFC3339)
		in.EndsAt = m.EndsAt.Add(time.Hour).Format(time.RFC3339)
		in.OrganizationIDs = []string{strconv.FormatInt(f.orgs["Polisen"], 10)}
		if m, err = f.s.UpdateMeeting(ctx, f.actors["per"], m.ID, in, queue); err != nil {
			t.Fatal(err)
		}
		seq := strconv.Itoa(m.Sequence)
		got = f.deliver(t)
		if len(got) != 3 {
			t.Fatalf("a change sent %d messages, want 3", len(got))
		}
		if s := got["per@example.se"]; s.p.CalendarMethod != "REQUEST" || s.event.Id() != uid || prop(s.event, ics.ComponentPropertySequence) != seq ||
			!strings.HasPrefix(s.p.Subject, "Ändrat möte: ") {
			t.Errorf("Per got %s %q SEQUENCE %s, want REQUEST of the change with SEQUENCE %s", s.p.CalendarMethod, s.p.Subject,
				prop(s.event, ics.ComponentPropertySequence), seq)
		} else if start, _ := s.event.GetStartAt(); !start.Equal(m.StartsAt) {
			t.Errorf("the change starts %v, want %v", start, m.StartsAt)
		}
		for _, to := range []string{"viktor@example.se", "vera@example.se"} {
			s := got[to]
			if s.p.CalendarMethod != "CANCEL" || s.event.Id() != uid || prop(s.event, ics.ComponentPropertyStatus) != "CANCELLED" {
				t.Errorf("%s got %s %s, want a CANCEL of %s", to, s.p.CalendarMethod, prop(s.event, ics.ComponentPropertyStatus), uid)
			}
		}

		// Deleted: a CANCEL with a SEQUENCE above the last.
		if err := f.s.DeleteMeeting(ctx, f.actors["per"], m.ID, queue); err != nil {
			t.Fatal(err)
		}
		got = f.deliver(t)
		s := got["per@example.se"]
		if len(got) != 1 || s.p.CalendarMethod != "CANCEL" || prop(s.event, ics.ComponentPropertySequence) != strconv.Itoa(m.Sequence+1) ||
			!strings.HasPrefix(s.p.Subject, "Inställt möte: ") {
			t.Errorf("deleting sent %d messages, Per's %s %q SEQUENCE %s; want a CANCEL with SEQUENCE %d", len(got), s.p.CalendarMethod,
				s.p.Subject, prop(s.event, ics.ComponentPropertySequence), m.Sequence+1)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'meeting' AND action = 'invite' AND entity_id = ?`,
			audit.ID(m.ID)).Scan(&n); err != nil || n != 3 {
			t.Errorf("audit entries of invitations = %d, %v; want 3 (made, changed, deleted)", n, err)
		}
	})
}

// TestNoInvitations: a meeting that is over is recorded, not announced;
// without the work of Queue nothing is queued either.
func TestNoInvitations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		queue := invite.Queue(f.opts)
		past, err := f.s.CreateMeeting(ctx, f.actors["sara"], f.in("Förra veckans möte", -7, "Polisen", "Vakterna"), queue)
		if err != nil {
			t.Fatal(err)
		}
		in := activity.MeetingInputOf(past)
		in.Title = "Förra veckans möte, rättat"
		if _, err := f.s.UpdateMeeting(ctx, f.actors["sara"], past.ID, in, queue); err != nil {
			t.Fatal(err)
		}
		if err := f.s.DeleteMeeting(ctx, f.actors["sara"], past.ID, queue); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.CreateMeeting(ctx, f.actors["sara"], f.in("Utan e-post", 7, "Polisen")); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM mail_outbox`).Scan(&n); err != nil || n != 0 {
			t.Errorf("outbox rows = %d, %v; want none", n, err)
		}
	})
}

// TestInvitationWithoutPerson: a meeting made by the product itself names
// the service as its organiser and has no Reply-To.
func TestInvitationWithoutPerson(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		if _, err := f.s.CreateMeeting(context.Background(), audit.System, f.in("Möte", 3, "Polisen"), invite.Queue(f.opts)); err != nil {
			t.Fatal(err)
		}
		s := f.deliver(t)["per@example.se"]
		if s.p.ReplyTo != nil || !bytes.Contains([]byte(s.p.Calendar), []byte("ORGANIZER;CN=\"Samverkan\":mailto:noreply@samverkan.example")) ||
			!strings.Contains(s.p.Text, "Polisen bjuder in till ett möte.") {
			t.Errorf("Reply-To %v, calendar:\n%s\ntext:\n%s", s.p.ReplyTo, s.p.Calendar, s.p.Text)
		}
	})
}
