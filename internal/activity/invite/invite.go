// Package invite sends meeting invitations by e-mail: when a meeting is
// made, changed or deleted, everyone in the organisations at it who has an
// address gets a message through the outbox of package mail, in their
// language, with the meeting as an iCalendar invitation (iTIP, RFC 5546)
// that calendar programs add, update or remove: METHOD:REQUEST with the
// meeting's UID and SEQUENCE when it is made or changed, METHOD:CANCEL
// when it is deleted or a party is no longer at it.
//
// Only a meeting that has not ended is worth a message (minutes written
// afterwards are not), and only a change that a calendar shows (the
// title, the time, the place, the parties, the agenda, the decisions);
// minutes and action items change nothing in anyone's calendar. The
// messages are queued in the transaction of the change (an
// activity.AfterMeetingChange), so a meeting is never saved without its
// invitations or the other way round.
package invite

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
)

// Options say where an invitation's links lead and whom it comes from.
type Options struct {
	// BaseURL is where the product is reached, for the meeting's page.
	BaseURL string
	// UIDDomain is the host in the events' UIDs: the same as the .ics
	// file and the calendar feed write, so that a calendar sees one event.
	UIDDomain string
	// From is the service's own address, named as the organiser when the
	// person who made the meeting has none.
	From mail.Address
}

// Kinds of message: an invitation, a change of it (both REQUEST), the
// meeting called off, and a party no longer at it (both CANCEL).
const (
	kindNew       = "new"
	kindChanged   = "changed"
	kindCancelled = "cancelled"
	kindRemoved   = "removed"
)

// Queue returns the work that queues the invitations a change of a
// meeting calls for, to be done in its transaction.
func Queue(opts Options) activity.AfterMeetingChange {
	return func(ctx context.Context, tx *db.Tx, actor audit.Actor, before, after *activity.Meeting) error {
		return queue(ctx, tx, actor, before, after, opts)
	}
}

func queue(ctx context.Context, tx *db.Tx, actor audit.Actor, before, after *activity.Meeting, opts Options) error {
	now := tx.Now()
	upcoming := func(m *activity.Meeting) bool { return m != nil && m.EndsAt.After(now) }
	var sends []send
	switch {
	case after == nil:
		if !upcoming(before) {
			return nil
		}
		sends = append(sends, send{meeting: *before, kind: kindCancelled, sequence: before.Sequence + 1, orgs: partyIDs(*before)})
	case before == nil:
		if !upcoming(after) {
			return nil
		}
		sends = append(sends, send{meeting: *after, kind: kindNew, sequence: after.Sequence, orgs: partyIDs(*after)})
	default:
		if (!upcoming(before) && !upcoming(after)) || !calendarChanged(*before, *after) {
			return nil
		}
		parties := partyIDs(*after)
		var gone []int64
		for _, id := range partyIDs(*before) {
			if !slices.Contains(parties, id) {
				gone = append(gone, id)
			}
		}
		sends = append(sends, send{meeting: *after, kind: kindChanged, sequence: after.Sequence, orgs: parties},
			send{meeting: *after, kind: kindRemoved, sequence: after.Sequence, orgs: gone, except: parties})
	}
	m := sends[0].meeting
	organiser, err := organiserOf(ctx, tx, m.CreatedBy, actor.UserID, opts.From)
	if err != nil {
		return err
	}
	counts := map[string]int{}
	for _, s := range sends {
		n, err := s.queue(ctx, tx, organiser, now, opts)
		if err != nil {
			return err
		}
		counts[s.kind] += n
	}
	invitations, cancellations := counts[kindNew]+counts[kindChanged], counts[kindCancelled]+counts[kindRemoved]
	if invitations+cancellations == 0 {
		return nil
	}
	return audit.Record(ctx, tx, actor, audit.Entry{Action: "invite", Entity: "meeting", EntityID: audit.ID(m.ID),
		After: map[string]any{"sequence": sends[0].sequence, "invitations": invitations, "cancellations": cancellations}})
}

// calendarChanged says whether a calendar would show the change: what the
// event of the meeting says (export.MeetingEvent), not the minutes.
func calendarChanged(a, b activity.Meeting) bool {
	return a.Title != b.Title || a.Kind != b.Kind || !a.StartsAt.Equal(b.StartsAt) || !a.EndsAt.Equal(b.EndsAt) ||
		a.Place != b.Place || a.Agenda != b.Agenda || a.Decisions != b.Decisions || a.OrganizationName != b.OrganizationName ||
		!slices.Equal(a.OrganizationIDs, b.OrganizationIDs)
}

func partyIDs(m activity.Meeting) []int64 {
	ids := make([]int64, len(m.Organizations))
	for i, p := range m.Organizations {
		ids[i] = p.ID
	}
	return ids
}

// organiserOf is the person an invitation names as its organiser, whom
// replies reach: the user who made the meeting, else the one who changes
// it, else the service itself (then nobody to reply to).
func organiserOf(ctx context.Context, tx *db.Tx, createdBy, actorID int64, from mail.Address) (mail.Address, error) {
	for _, id := range []int64{createdBy, actorID} {
		if id == 0 {
			continue
		}
		var a mail.Address
		err := db.Normalize(tx.QueryRowContext(ctx, `SELECT email, name FROM users WHERE id = ? AND email <> ''`, id).Scan(&a.Email, &a.Name))
		if err == nil {
			return a, nil
		}
		if !errors.Is(err, db.ErrNotFound) {
			return a, fmt.Errorf("organiser of the meeting: %w", err)
		}
	}
	return from, nil
}

// send is one kind of message about a meeting to the members of some of
// its parties, less the members of except.
type send struct {
	meeting  activity.Meeting
	kind     string
	sequence int
	orgs     []int64
	except   []int64
}

// cancels says whether the message takes the meeting out of calendars.
func (s send) cancels() bool { return s.kind == kindCancelled || s.kind == kindRemoved }

// recipient is a member of a party of the meeting.
type recipient struct {
	userID              int64
	email, name, locale string
	orgs                []string // their organisations at the meeting
}

func (s send) recipients(ctx context.Context, tx *db.Tx) ([]recipient, error) {
	if len(s.orgs) == 0 {
		return nil, nil
	}
	query := `SELECT u.id, u.email, u.name, u.locale, o.name FROM users u
		JOIN memberships ms ON ms.user_id = u.id JOIN organizations o ON o.id = ms.organization_id
		WHERE ms.organization_id IN (` + db.Placeholders(len(s.orgs)) + `) AND NOT u.disabled AND u.email <> ''`
	args := db.IDArgs(s.orgs)
	if len(s.except) > 0 {
		query += ` AND NOT EXISTS (SELECT 1 FROM memberships x WHERE x.user_id = u.id AND x.organization_id IN (` +
			db.Placeholders(len(s.except)) + `))`
		args = append(args, db.IDArgs(s.except)...)
	}
	var out []recipient
	err := db.Each(ctx, tx, query+` ORDER BY u.id, o.name`, args, func(row db.Scanner) error {
		var r recipient
		var org string
		if err := row.Scan(&r.userID, &r.email, &r.name, &r.locale, &org); err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].userID == r.userID {
			out[n-1].orgs = append(out[n-1].orgs, org)
			return nil
		}
		r.orgs = []string{org}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("invitations of meeting %d: %w", s.meeting.ID, err)
	}
	return out, nil
}

// queue puts a message to each recipient in the outbox.
func (s send) queue(ctx context.Context, tx *db.Tx, organiser mail.Address, now time.Time, opts Options) (int, error) {
	rs, err := s.recipients(ctx, tx)
	if err != nil {
		return 0, err
	}
	for _, r := range rs {
		m, err := s.compose(r, organiser, now, opts)
		if err != nil {
			return 0, err
		}
		if _, err := mail.Enqueue(ctx, tx, "meeting", s.meeting.ID, r.userID, m, now); err != nil {
			return 0, err
		}
	}
	return len(rs), nil
}

var bundle = sync.OnceValues(func() (*i18n.Bundle, error) { return i18n.Load() })

//go:embed invite.html
var inviteHTML string

var htmlTemplate = mail.HTMLTemplate("invite", inviteHTML)

// view is what an invitation says, in its recipient's language.
type view struct {
	Lang, Title, Greeting, Intro string
	Facts                        []string
	AgendaHeading                string
	Agenda                       []string
	Link, LinkText               string
	Calendar, Why                string
	Cancelled                    bool
}

// compose writes the message of s to r: the text, the HTML and the
// calendar.
func (s send) compose(r recipient, organiser mail.Address, now time.Time, opts Options) (mail.Message, error) {
	bnd, err := bundle()
	if err != nil {
		return mail.Message{}, err
	}
	lang, ok := i18n.Parse(r.locale)
	if !ok {
		lang = i18n.Swedish
	}
	loc := bnd.For(lang)
	m := s.meeting
	when := span(loc, m.StartsAt, m.EndsAt)
	link := strings.TrimRight(opts.BaseURL, "/") + "/meetings/" + strconv.FormatInt(m.ID, 10)
	v := view{
		Lang:      string(lang),
		Title:     loc.T("invite.subject."+s.kind, m.Title, when),
		Greeting:  mail.Greeting(loc, r.name),
		Intro:     loc.T("invite.intro."+s.kind, m.OrganizationName),
		Link:      link,
		LinkText:  loc.T("invite.link"),
		Calendar:  loc.T("invite.calendar."+s.kind, mail.CalendarFile),
		Why:       loc.T("invite.why."+s.kind, strings.Join(r.orgs, ", ")),
		Cancelled: s.cancels(),
	}
	if s.kind == kindNew && organiser.Name != "" && organiser.Email != opts.From.Email {
		v.Intro = loc.T("invite.intro_by_person", organiser.Name, m.OrganizationName)
	}
	v.Facts = append(v.Facts, m.Title, loc.T("invite.when", when))
	if m.Place != "" {
		v.Facts = append(v.Facts, loc.T("invite.where", m.Place))
	}
	v.Facts = append(v.Facts, loc.T("invite.organizer", m.OrganizationName))
	var parties []string
	for _, p := range m.Organizations {
		parties = append(parties, p.Name)
	}
	v.Facts = append(v.Facts, loc.T("invite.parties", strings.Join(parties, ", ")))
	if m.Agenda != "" && !s.cancels() {
		v.AgendaHeading = loc.T("field.agenda")
		v.Agenda = strings.Split(strings.ReplaceAll(m.Agenda, "\r\n", "\n"), "\n")
	}

	method := "REQUEST"
	if s.cancels() {
		method = "CANCEL"
	}
	ev := export.MeetingEvent(m, opts.UIDDomain, link, loc.T)
	ev.Stamp, ev.Sequence, ev.Cancelled = now, s.sequence, s.cancels()
	if organiser.Email != "" {
		ev.Organizer = &export.Person{Name: organiser.Name, Email: organiser.Email}
	}
	ev.Attendees = []export.Person{{Name: r.name, Email: r.email}}
	var ics bytes.Buffer
	if err := export.WriteICalendar(&ics, export.Calendar{Method: method, Events: []export.Event{ev}}); err != nil {
		return mail.Message{}, err
	}
	var html bytes.Buffer
	if err := htmlTemplate.Execute(&html, v); err != nil {
		return mail.Message{}, fmt.Errorf("invitation e-mail: %w", err)
	}
	msg := mail.Message{To: mail.Address{Name: r.name, Email: r.email}, Subject: v.Title, Text: v.text(), HTML: html.String(),
		Calendar: &mail.Calendar{Method: method, Data: ics.String()}}
	if organiser.Email != opts.From.Email {
		msg.ReplyTo = organiser
	}
	return msg, nil
}

// text writes the plain-text part.
func (v view) text() string {
	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(v.Greeting)
	line("")
	line(v.Intro)
	line("")
	for _, f := range v.Facts {
		line(f)
	}
	if len(v.Agenda) > 0 {
		line("")
		line(v.AgendaHeading + ":")
		for _, l := range v.Agenda {
			line(l)
		}
	}
	line("")
	line(v.LinkText + ": " + v.Link)
	line(v.Calendar)
	line("")
	line("-- ")
	line(v.Why)
	return b.String()
}

// span writes when a meeting is: "2026-12-14 10:00–11:00", or with both
// dates when it ends on another day.
func span(loc *i18n.Localizer, start, end time.Time) string {
	if loc.Date(start) == loc.Date(end) {
		return loc.DateTime(start) + "–" + end.In(loc.Zone()).Format("15:04")
	}
	return loc.DateTime(start) + " – " + loc.DateTime(end)
}
