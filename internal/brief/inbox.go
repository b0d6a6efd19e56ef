package brief

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
)

// What comes back to each recipient: the briefs delivered to them, read or
// not, and what became of their own and their organisation's reports.

// InboxItem is a brief delivered to a user.
type InboxItem struct {
	Brief
	Read bool
	// OrgReports are the reports of the user's organisations that went
	// into the brief; OwnReports those the user made.
	OrgReports, OwnReports int
}

// Inbox returns the latest briefs delivered to the user, at most limit,
// with how many of the reports of orgIDs and of the user went into each.
func (s *Store) Inbox(ctx context.Context, userID int64, orgIDs []int64, limit int) ([]InboxItem, error) {
	var out []InboxItem
	err := db.Each(ctx, s.db, `SELECT `+briefColumns+`, d.read_at FROM brief_deliveries d JOIN briefs b ON b.id = d.brief_id
		WHERE d.user_id = ? ORDER BY b.week DESC, b.id DESC LIMIT ?`, []any{userID, limit}, func(row db.Scanner) error {
		var read sql.NullTime
		b, err := scanBrief(row, &read)
		out = append(out, InboxItem{Brief: b, Read: read.Valid})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("briefs of user %d: %w", userID, err)
	}
	if len(out) == 0 || len(orgIDs) == 0 {
		return out, nil
	}
	ids := make([]int64, len(out))
	for i, it := range out {
		ids[i] = it.ID
	}
	byBrief := map[int64]*InboxItem{}
	for i := range out {
		byBrief[out[i].ID] = &out[i]
	}
	args := append(append([]any{userID}, db.IDArgs(ids)...), db.IDArgs(orgIDs)...)
	err = db.Each(ctx, s.db, `SELECT br.brief_id, COUNT(*), SUM(CASE WHEN r.created_by = ? THEN 1 ELSE 0 END)
		FROM brief_reports br JOIN reports r ON r.id = br.report_id
		WHERE br.brief_id IN (`+db.Placeholders(len(ids))+`) AND r.organization_id IN (`+db.Placeholders(len(orgIDs))+`)
		GROUP BY br.brief_id`, args, func(row db.Scanner) error {
		var id int64
		var org, own int
		if err := row.Scan(&id, &org, &own); err != nil {
			return err
		}
		if it := byBrief[id]; it != nil {
			it.OrgReports, it.OwnReports = org, own
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reports in the briefs of user %d: %w", userID, err)
	}
	return out, nil
}

// Unread says whether the brief was delivered to the user and not read.
func (s *Store) Unread(ctx context.Context, briefID, userID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM brief_deliveries WHERE brief_id = ? AND user_id = ? AND read_at IS NULL`,
		briefID, userID).Scan(&n)
	return n > 0, err
}

// MarkRead marks the brief read by the user, if it was delivered to them.
// A read mark is not a change of the brief and is not in the audit trail,
// as the last use of a token is not.
func (s *Store) MarkRead(ctx context.Context, briefID, userID int64) error {
	_, err := s.db.ExecContext(ctx, `UPDATE brief_deliveries SET read_at = ? WHERE brief_id = ? AND user_id = ? AND read_at IS NULL`,
		s.now().UTC().Truncate(time.Microsecond), briefID, userID)
	if err != nil {
		return fmt.Errorf("mark brief %d read: %w", briefID, err)
	}
	return nil
}

// OwnReport is one of the user's reports that went into a brief.
type OwnReport struct {
	ID         int64
	Category   string
	Place      string
	OccurredAt time.Time
}

// Feedback is what the brief page tells a user of their reports in it.
type Feedback struct {
	// Organizations are the user's organisations with reports in the
	// brief, and how many.
	Organizations []OrgCount
	// Own are the reports the user made, at most 50, in time order;
	// OwnTotal counts them all.
	Own      []OwnReport
	OwnTotal int
}

// OrgCount is an organisation and a count.
type OrgCount struct {
	OrgRef
	Count int
}

// FeedbackFor says which reports of the user and of orgs went into the
// brief.
func (s *Store) FeedbackFor(ctx context.Context, briefID, userID int64, orgs []OrgRef) (Feedback, error) {
	var f Feedback
	counts, err := linkedCounts(ctx, s.db, briefID)
	if err != nil {
		return f, err
	}
	for _, o := range orgs {
		if n := counts.byOrg[o.ID]; n > 0 {
			f.Organizations = append(f.Organizations, OrgCount{OrgRef: o, Count: n})
		}
	}
	f.OwnTotal = counts.byUser[userID]
	if f.OwnTotal == 0 {
		return f, nil
	}
	err = db.Each(ctx, s.db, `SELECT r.id, r.category, COALESCE(p.name, ''), r.occurred_at FROM brief_reports br
		JOIN reports r ON r.id = br.report_id LEFT JOIN places p ON p.id = r.place_id
		WHERE br.brief_id = ? AND r.created_by = ? ORDER BY r.occurred_at, r.id LIMIT 50`, []any{briefID, userID},
		func(row db.Scanner) error {
			var o OwnReport
			if err := row.Scan(&o.ID, &o.Category, &o.Place, &o.OccurredAt); err != nil {
				return err
			}
			f.Own = append(f.Own, o)
			return nil
		})
	if err != nil {
		return f, fmt.Errorf("own reports in brief %d: %w", briefID, err)
	}
	return f, nil
}

// Delivery is how a brief reached one recipient: in the product (read or
// not), and by e-mail when one was queued.
type Delivery struct {
	UserID int64
	Name   string
	Email  string
	ReadAt *time.Time
	// Mail is the e-mail's outbox row, nil when none was queued (no
	// address, or e-mail not set up); Attempts its attempts.
	Mail     *mail.Item
	Attempts []mail.Attempt
}

// Deliveries returns every recipient of a brief with the state of the
// delivery to them, by name.
func (s *Store) Deliveries(ctx context.Context, briefID int64) ([]Delivery, error) {
	var out []Delivery
	err := db.Each(ctx, s.db, `SELECT u.id, u.name, u.email, d.read_at FROM brief_deliveries d JOIN users u ON u.id = d.user_id
		WHERE d.brief_id = ? ORDER BY u.name, u.id`, []any{briefID}, func(row db.Scanner) error {
		var d Delivery
		var read sql.NullTime
		if err := row.Scan(&d.UserID, &d.Name, &d.Email, &read); err != nil {
			return err
		}
		if read.Valid {
			t := read.Time.UTC()
			d.ReadAt = &t
		}
		out = append(out, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("deliveries of brief %d: %w", briefID, err)
	}
	items, err := s.outbox.ByRef(ctx, "brief", briefID)
	if err != nil {
		return nil, err
	}
	byUser := map[int64]*mail.Item{}
	ids := make([]int64, 0, len(items))
	for i := range items {
		byUser[items[i].UserID] = &items[i]
		ids = append(ids, items[i].ID)
	}
	attempts, err := s.outbox.Attempts(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		if it := byUser[out[i].UserID]; it != nil {
			out[i].Mail = it
			out[i].Attempts = attempts[it.ID]
		}
	}
	return out, nil
}

// MailOf returns the outbox row mailID of a brief's e-mail, or
// db.ErrNotFound when it is not one of the brief's.
func (s *Store) MailOf(ctx context.Context, briefID, mailID int64) (mail.Item, error) {
	it, err := s.outbox.Get(ctx, mailID)
	if err != nil {
		return mail.Item{}, err
	}
	if it.Kind != "brief" || it.RefID != briefID {
		return mail.Item{}, fmt.Errorf("mail %d of brief %d: %w", mailID, briefID, db.ErrNotFound)
	}
	return it, nil
}

// Season is a reporting season in Sweden: winter from 1 December to 30
// April (Sälen's ski season), summer from 1 May to 30 November.
type Season struct {
	Winter bool
	From   time.Time // the first day, 00:00 in Sweden
	To     time.Time // the day after the last, 00:00 in Sweden
}

// SeasonOf returns the season t falls in, in Swedish time.
func SeasonOf(t time.Time) Season {
	zone := clock.Zone()
	t = t.In(zone)
	y := t.Year()
	switch {
	case t.Month() >= time.December:
		return Season{Winter: true, From: time.Date(y, time.December, 1, 0, 0, 0, 0, zone), To: time.Date(y+1, time.May, 1, 0, 0, 0, 0, zone)}
	case t.Month() <= time.April:
		return Season{Winter: true, From: time.Date(y-1, time.December, 1, 0, 0, 0, 0, zone), To: time.Date(y, time.May, 1, 0, 0, 0, 0, zone)}
	}
	return Season{From: time.Date(y, time.May, 1, 0, 0, 0, 0, zone), To: time.Date(y, time.December, 1, 0, 0, 0, 0, zone)}
}

// Last is the season's last day.
func (s Season) Last() time.Time { return s.To.AddDate(0, 0, -1) }

// SeasonCounts returns how many reports each of the organisations sent
// in the season (by when they happened), police events aside.
func (s *Store) SeasonCounts(ctx context.Context, orgIDs []int64, season Season) (map[int64]int, error) {
	out := map[int64]int{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	args := append(db.IDArgs(orgIDs), season.From.UTC(), season.To.UTC())
	err := db.Each(ctx, s.db, `SELECT organization_id, COUNT(*) FROM reports WHERE organization_id IN (`+
		db.Placeholders(len(orgIDs))+`) AND occurred_at >= ? AND occurred_at < ? GROUP BY organization_id`, args,
		func(row db.Scanner) error {
			var id int64
			var n int
			if err := row.Scan(&id, &n); err != nil {
				return err
			}
			out[id] = n
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("reports of the season: %w", err)
	}
	return out, nil
}

// RetryMail makes the e-mail mailID of the brief due at once, whether it
// waits for its next attempt or was given up (mail.Outbox.RetryNow).
func (s *Store) RetryMail(ctx context.Context, actor audit.Actor, briefID, mailID int64) (mail.Item, error) {
	if _, err := s.MailOf(ctx, briefID, mailID); err != nil {
		return mail.Item{}, err
	}
	return s.outbox.RetryNow(ctx, actor, mailID)
}

// UnreadAmong returns which of the briefs ids were delivered to the user
// and are not read.
func (s *Store) UnreadAmong(ctx context.Context, userID int64, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	err := db.Each(ctx, s.db, `SELECT brief_id FROM brief_deliveries WHERE user_id = ? AND read_at IS NULL AND brief_id IN (`+
		db.Placeholders(len(ids))+`)`, append([]any{userID}, db.IDArgs(ids)...), func(row db.Scanner) error {
		var id int64
		if err := row.Scan(&id); err != nil {
			return err
		}
		out[id] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("unread briefs of user %d: %w", userID, err)
	}
	return out, nil
}
