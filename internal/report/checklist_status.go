package report

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/validation"
)

// Who has sent the week's checklist, and the coordinator's reminder to
// those who have not.
//
// The reporting organisations of a municipality in a week are those that
// work there and have a reporter (a user with the reporter role, not
// disabled), and those that sent a checklist there in the week or the
// checklistHabitWeeks before it (a party whose members report, not its
// reporters). Their reporters are their users with the reporter role.
//
// A reminder goes to the organisations that have not sent the week's
// checklist, at most once per organisation and week (a second press of
// the button reminds only those not yet reminded): a notice on the start
// page of its reporters (of everyone in it when it has no reporter) until
// the organisation sends the week or the week closes, and, when the
// product sends e-mail, an e-mail to each of them through the outbox, in
// their language. Opting out of a municipality's weekly brief does not
// stop a reminder: the brief is news, the reminder is the reporter's own
// part of the work.

// checklistHabitWeeks is how far back a checklist makes its organisation
// one of the reporting organisations.
const checklistHabitWeeks = 8

// ChecklistStatus is who has sent a municipality's checklist of a week.
type ChecklistStatus struct {
	MunicipalityCode string `json:"municipality_code"`
	Week             Week   `json:"week"`
	From             string `json:"from"`
	To               string `json:"to"`
	// Open says whether checklists and reminders may still be sent for
	// the week (ChecklistWeekOpen).
	Open          bool               `json:"open"`
	Organizations []OrganizationWeek `json:"organizations"`
}

// OrganizationWeek is one reporting organisation's week.
type OrganizationWeek struct {
	OrganizationID int64  `json:"organization_id,string"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	// Reporters are its users with the reporter role, by name.
	Reporters []Person `json:"reporters"`
	// Checklist is the week's, nil when it has not sent it (lines not
	// read: Total and the time say enough here).
	Checklist *Checklist `json:"checklist"`
	// Reminder is the week's reminder, nil when none was sent.
	Reminder *Reminder `json:"reminder"`
}

// Person is a user as others see them in a list.
type Person struct {
	ID   int64  `json:"id,string"`
	Name string `json:"name"`
}

// Reminder is a reminder sent to an organisation for a week.
type Reminder struct {
	OrganizationID   int64     `json:"organization_id,string"`
	OrganizationName string    `json:"organization_name"`
	MunicipalityCode string    `json:"municipality_code"`
	Week             Week      `json:"week"`
	Recipients       int       `json:"recipients"`
	Emails           int       `json:"emails"`
	SentBy           string    `json:"sent_by"`
	SentAt           time.Time `json:"sent_at"`
}

// Reported counts the organisations that sent the week's checklist.
func (s ChecklistStatus) Reported() int {
	n := 0
	for _, o := range s.Organizations {
		if o.Checklist != nil {
			n++
		}
	}
	return n
}

// ToRemind lists the organisations a reminder would go to now: not
// reported, not reminded.
func (s ChecklistStatus) ToRemind() []OrganizationWeek {
	var out []OrganizationWeek
	for _, o := range s.Organizations {
		if o.Checklist == nil && o.Reminder == nil {
			out = append(out, o)
		}
	}
	return out
}

// WeekStatus says which reporting organisations of the municipality have
// sent the checklist of week w. Whether the caller may see it is
// CanManage.
func (s *Store) WeekStatus(ctx context.Context, code string, w Week) (ChecklistStatus, error) {
	return weekStatus(ctx, s.db, code, w, s.now())
}

func weekStatus(ctx context.Context, q db.Queryer, code string, w Week, now time.Time) (ChecklistStatus, error) {
	st := ChecklistStatus{MunicipalityCode: code, Week: w, Open: ChecklistWeekOpen(w, now),
		From: w.monday().Format(dateLayout), To: w.monday().AddDate(0, 0, 6).Format(dateLayout),
		Organizations: []OrganizationWeek{}}
	byOrg := map[int64]int{}
	err := db.Each(ctx, q, `SELECT o.id, o.name, o.kind FROM organizations o
		JOIN organization_municipalities om ON om.organization_id = o.id AND om.municipality_code = ?
		WHERE EXISTS (SELECT 1 FROM memberships m JOIN users u ON u.id = m.user_id
			WHERE m.organization_id = o.id AND m.role = 'reporter' AND NOT u.disabled)
		OR EXISTS (SELECT 1 FROM report_checklists c WHERE c.organization_id = o.id AND c.municipality_code = ?
			AND c.week >= ? AND c.week <= ? AND c.revision > 0)
		ORDER BY o.name_key, o.id`, []any{code, code, w.Add(-checklistHabitWeeks).key(), w.key()},
		func(row db.Scanner) error {
			o := OrganizationWeek{Reporters: []Person{}}
			if err := row.Scan(&o.OrganizationID, &o.Name, &o.Kind); err != nil {
				return err
			}
			byOrg[o.OrganizationID] = len(st.Organizations)
			st.Organizations = append(st.Organizations, o)
			return nil
		})
	if err != nil {
		return st, fmt.Errorf("reporting organisations of %s: %w", code, err)
	}
	if len(st.Organizations) == 0 {
		return st, nil
	}
	ids := make([]int64, 0, len(byOrg))
	for id := range byOrg {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	err = db.Each(ctx, q, `SELECT m.organization_id, u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.role = 'reporter' AND NOT u.disabled AND m.organization_id IN (`+db.Placeholders(len(ids))+`)
		ORDER BY u.name, u.id`, db.IDArgs(ids), func(row db.Scanner) error {
		var org int64
		var p Person
		if err := row.Scan(&org, &p.ID, &p.Name); err != nil {
			return err
		}
		o := &st.Organizations[byOrg[org]]
		o.Reporters = append(o.Reporters, p)
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("reporters of %s: %w", code, err)
	}
	err = db.Each(ctx, q, `SELECT `+checklistColumns+checklistFrom+`
		WHERE c.municipality_code = ? AND c.week = ? AND c.revision > 0`, []any{code, w.key()},
		func(row db.Scanner) error {
			cl, err := scanChecklist(row)
			if err != nil {
				return err
			}
			if i, ok := byOrg[cl.OrganizationID]; ok {
				st.Organizations[i].Checklist = &cl
			}
			return nil
		})
	if err != nil {
		return st, fmt.Errorf("weekly checklists of %s: %w", code, err)
	}
	reminders, err := remindersWhere(ctx, q, `r.municipality_code = ? AND r.week = ?`, code, w.key())
	if err != nil {
		return st, err
	}
	for i := range reminders {
		if j, ok := byOrg[reminders[i].OrganizationID]; ok {
			st.Organizations[j].Reminder = &reminders[i]
		}
	}
	return st, nil
}

func remindersWhere(ctx context.Context, q db.Queryer, where string, args ...any) ([]Reminder, error) {
	var out []Reminder
	err := db.Each(ctx, q, `SELECT r.organization_id, o.name, r.municipality_code, r.week, r.recipients, r.emails,
		COALESCE(u.name, ''), r.sent_at FROM report_checklist_reminders r JOIN organizations o ON o.id = r.organization_id
		LEFT JOIN users u ON u.id = r.sent_by WHERE `+where+` ORDER BY r.week DESC, o.name_key`, args,
		func(row db.Scanner) error {
			var r Reminder
			var week int
			if err := row.Scan(&r.OrganizationID, &r.OrganizationName, &r.MunicipalityCode, &week, &r.Recipients,
				&r.Emails, &r.SentBy, &r.SentAt); err != nil {
				return err
			}
			r.Week = Week{Year: week / 100, Number: week % 100}
			r.SentAt = r.SentAt.UTC()
			out = append(out, r)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("checklist reminders: %w", err)
	}
	return out, nil
}

// PendingReminders are the reminders to organisations orgIDs for weeks
// still open that the organisation has not sent: what their start page
// shows, the latest week first.
func (s *Store) PendingReminders(ctx context.Context, orgIDs []int64) ([]Reminder, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	now := s.now()
	weeks := ChecklistWeeks(now)
	args := append(db.IDArgs(orgIDs), weeks[len(weeks)-1].key(), weeks[0].key())
	return remindersWhere(ctx, s.db, `r.organization_id IN (`+db.Placeholders(len(orgIDs))+`)
		AND r.week >= ? AND r.week <= ? AND NOT EXISTS (SELECT 1 FROM report_checklists c
			WHERE c.organization_id = r.organization_id AND c.municipality_code = r.municipality_code
			AND c.week = r.week AND c.revision > 0)`, args...)
}

// SentChecklists returns the checklists organisations orgIDs have sent
// for week w, without their lines, by organisation and municipality.
func (s *Store) SentChecklists(ctx context.Context, orgIDs []int64, w Week) ([]Checklist, error) {
	if len(orgIDs) == 0 {
		return nil, nil
	}
	var out []Checklist
	err := db.Each(ctx, s.db, `SELECT `+checklistColumns+checklistFrom+` WHERE c.organization_id IN (`+
		db.Placeholders(len(orgIDs))+`) AND c.week = ? AND c.revision > 0`, append(db.IDArgs(orgIDs), w.key()),
		func(row db.Scanner) error {
			cl, err := scanChecklist(row)
			out = append(out, cl)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("weekly checklists of week %s: %w", w, err)
	}
	return out, nil
}

// RemindOptions say how a reminder goes out.
type RemindOptions struct {
	// Mail queues an e-mail to each recipient: set when the product has a
	// mail server.
	Mail bool
	// BaseURL is where the product is reached, for the link in the e-mail.
	BaseURL string
	// SentBy is the coordinator's name, said in the e-mail.
	SentBy string
}

// RemindResult says what a reminder did.
type RemindResult struct {
	Organizations int `json:"organizations"` // reminded now
	Recipients    int `json:"recipients"`    // their people, who see the notice
	Emails        int `json:"emails"`        // e-mails queued
	// Skipped counts the organisations that had not reported but were
	// reminded before: one reminder per organisation and week.
	Skipped int `json:"skipped"`
}

// Remind reminds the reporting organisations of the municipality that
// have not sent the checklist of week w and were not reminded for it, in
// one transaction with the e-mails it queues and the audit entry. The
// week must be open.
func (s *Store) Remind(ctx context.Context, actor audit.Actor, code string, w Week, opts RemindOptions) (RemindResult, error) {
	var res RemindResult
	now := s.now()
	if !ChecklistWeekOpen(w, now) {
		this := WeekOf(now)
		var e validation.Errors
		e.Add("week", "error.weekly_week", this.Add(-ChecklistWeeksBack).String(), this.String())
		return res, e.Err()
	}
	at := now.UTC().Truncate(time.Microsecond)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res = RemindResult{}
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM municipalities WHERE code = ?`, code).Scan(&name); err != nil {
			return fmt.Errorf("remind: municipality %s: %w", code, db.Normalize(err))
		}
		st, err := weekStatus(ctx, tx, code, w, now)
		if err != nil {
			return err
		}
		var reminded []int64
		for _, o := range st.Organizations {
			switch {
			case o.Checklist != nil:
				continue
			case o.Reminder != nil:
				res.Skipped++
				continue
			}
			var id int64
			err := db.Normalize(tx.QueryRowContext(ctx, `INSERT INTO report_checklist_reminders (organization_id,
				municipality_code, week, recipients, emails, sent_by, sent_at) VALUES (?, ?, ?, 0, 0, ?, ?)
				ON CONFLICT (organization_id, municipality_code, week) DO NOTHING RETURNING id`,
				o.OrganizationID, code, w.key(), db.NullID(actor.UserID), at).Scan(&id))
			if errors.Is(err, db.ErrNotFound) {
				res.Skipped++ // reminded by someone else meanwhile
				continue
			}
			if err != nil {
				return fmt.Errorf("remind %d: %w", o.OrganizationID, err)
			}
			people, err := reminderRecipients(ctx, tx, o.OrganizationID)
			if err != nil {
				return err
			}
			emails := 0
			if opts.Mail {
				for _, p := range people {
					m, err := composeReminder(reminderMail{org: o.Name, orgID: o.OrganizationID, municipality: name,
						code: code, week: w, to: p, sentBy: opts.SentBy, baseURL: opts.BaseURL})
					if err != nil {
						return err
					}
					if _, err := mail.Enqueue(ctx, tx, "checklist_reminder", id, p.id, m, at); err != nil {
						return err
					}
					emails++
				}
			}
			if _, err := tx.ExecContext(ctx, `UPDATE report_checklist_reminders SET recipients = ?, emails = ? WHERE id = ?`,
				len(people), emails, id); err != nil {
				return fmt.Errorf("remind %d: %w", o.OrganizationID, err)
			}
			reminded = append(reminded, o.OrganizationID)
			res.Organizations++
			res.Recipients += len(people)
			res.Emails += emails
		}
		if len(reminded) == 0 {
			return nil
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "remind", Entity: "report_checklist",
			EntityID: code + "/" + w.String(), After: map[string]any{"municipality_code": code, "week": w,
				"organization_ids": reminded, "recipients": res.Recipients, "emails": res.Emails}})
	})
	return res, err
}

// recipient is someone a reminder goes to.
type recipient struct {
	id                  int64
	name, email, locale string
}

// reminderRecipients are an organisation's reporters, or everyone in it
// when it has none; the disabled never.
func reminderRecipients(ctx context.Context, q db.Queryer, orgID int64) ([]recipient, error) {
	var all, reporters []recipient
	err := db.Each(ctx, q, `SELECT u.id, u.name, u.email, u.locale, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = ? AND NOT u.disabled ORDER BY u.id`, []any{orgID}, func(row db.Scanner) error {
		var r recipient
		var role string
		if err := row.Scan(&r.id, &r.name, &r.email, &r.locale, &role); err != nil {
			return err
		}
		all = append(all, r)
		if role == "reporter" {
			reporters = append(reporters, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recipients of a reminder to %d: %w", orgID, err)
	}
	if len(reporters) > 0 {
		return reporters, nil
	}
	return all, nil
}

// The reminder's e-mail, in the recipient's language (their saved choice,
// Swedish by default), written when it is queued.

var catalogue = sync.OnceValues(func() (*i18n.Bundle, error) { return i18n.Load() })

//go:embed checklist_reminder.html
var reminderHTML string

var reminderTemplate = template.Must(template.New("reminder").Parse(reminderHTML))

type reminderMail struct {
	org, municipality, code, sentBy, baseURL string
	orgID                                    int64
	week                                     Week
	to                                       recipient
}

type reminderView struct {
	Lang, Title, Greeting, Body, Easy, SentBy, Link, LinkText, Why string
}

func composeReminder(rm reminderMail) (mail.Message, error) {
	b, err := catalogue()
	if err != nil {
		return mail.Message{}, err
	}
	lang, ok := i18n.Parse(rm.to.locale)
	if !ok {
		lang = i18n.Swedish
	}
	loc := b.For(lang)
	from, to := rm.week.Start(), rm.week.Start().AddDate(0, 0, 6)
	q := url.Values{"municipality_code": {rm.code}, "organization_id": {strconv.FormatInt(rm.orgID, 10)},
		"week": {rm.week.String()}}
	v := reminderView{
		Lang:     string(lang),
		Title:    loc.T("weekly.mail.subject", rm.week.Number, rm.municipality),
		Greeting: loc.T("weekly.mail.greeting", rm.to.name),
		Body: loc.T("weekly.mail.body", rm.org, rm.week.Number, loc.Date(from), loc.Date(to),
			rm.municipality),
		Easy:     loc.T("weekly.mail.easy"),
		Link:     strings.TrimRight(rm.baseURL, "/") + "/reports/week?" + q.Encode(),
		LinkText: loc.T("weekly.mail.link"),
		Why:      loc.T("weekly.mail.why", rm.org, rm.municipality),
	}
	if rm.sentBy != "" {
		v.SentBy = loc.T("weekly.mail.sent_by", rm.sentBy)
	}
	var html bytes.Buffer
	if err := reminderTemplate.Execute(&html, v); err != nil {
		return mail.Message{}, fmt.Errorf("reminder e-mail: %w", err)
	}
	text := v.Greeting + "\n\n" + v.Body + "\n" + v.Easy + "\n\n" + v.LinkText + ": " + v.Link + "\n\n"
	if v.SentBy != "" {
		text += v.SentBy + "\n\n"
	}
	text += "-- \n" + v.Why + "\n"
	return mail.Message{To: mail.Address{Name: rm.to.name, Email: rm.to.email}, Subject: v.Title, Text: text,
		HTML: html.String()}, nil
}
