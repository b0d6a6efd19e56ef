package brief

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/report"
)

// PublishOptions say how a brief goes out.
type PublishOptions struct {
	// Mail queues an e-mail to every recipient with an address: set when
	// the product has a mail server.
	Mail bool
	// BaseURL is where the product is reached ("https://samverkan.mora.se"),
	// for the links in the e-mail.
	BaseURL string
	// At is the time of publication; zero is now. The demonstration
	// publishes its briefs back in time.
	At time.Time
}

// Recipient is someone a brief goes to.
type Recipient struct {
	UserID int64
	Email  string
	Name   string
	Locale string
	// Organizations are the recipient's organisations that work in the
	// municipality, by name.
	Organizations []OrgRef
	// Areas are the areas the recipient chose, by name; none is the whole
	// municipality.
	Areas []string
}

// OrgRef names an organisation.
type OrgRef struct {
	ID   int64
	Name string
}

// Publish publishes a draft: it freezes the week's picture into the
// brief, delivers it in the product to every recipient, queues an e-mail
// to each when opts.Mail is set, and links the organisations' reports of
// the week to it, all in one transaction. The e-mail is sent by the mail
// worker afterwards: publication never waits for a mail server. A brief
// that is published already is ErrPublished.
func (s *Store) Publish(ctx context.Context, actor audit.Actor, id int64, opts PublishOptions) (Brief, error) {
	b, err := s.Get(ctx, id)
	if err != nil {
		return Brief{}, err
	}
	if b.Published() {
		return Brief{}, ErrPublished
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	at := now
	if !opts.At.IsZero() {
		at = opts.At.UTC().Truncate(time.Microsecond)
	}

	// The picture is computed before the transaction, from what is
	// committed. Reports stored while it is computed may count in it
	// without being linked (the links take the reports up to the last id
	// seen before), never the other way round.
	var lastReport int64
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM reports`).Scan(&lastReport); err != nil {
		return Brief{}, fmt.Errorf("publish brief %d: %w", id, err)
	}
	snap, err := s.snapshot(ctx, b, at)
	if err != nil {
		return Brief{}, err
	}
	snapJSON, err := json.Marshal(snap)
	if err != nil {
		return Brief{}, err
	}
	name, err := municipalityName(ctx, s.db, b.MunicipalityCode)
	if err != nil {
		return Brief{}, err
	}

	var emails int
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE briefs SET status = ?, snapshot_json = ?, total = ?, published_by = ?,
			published_at = ?, updated_at = ? WHERE id = ? AND status = ?`,
			StatusPublished, string(snapJSON), snap.Situation.Total, db.NullID(actor.UserID), at, now, id, StatusDraft)
		if err != nil {
			return fmt.Errorf("publish brief %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrPublished // published by someone else meanwhile
		}
		recipients, err := recipientsOf(ctx, tx, b.MunicipalityCode)
		if err != nil {
			return err
		}
		if err := insertDeliveries(ctx, tx, id, recipients); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO brief_reports (brief_id, report_id)
			SELECT CAST(? AS BIGINT), id FROM reports WHERE municipality_code = ? AND week = ? AND source = ? AND NOT is_summary
			AND organization_id IS NOT NULL AND id <= ?`,
			id, b.MunicipalityCode, weekKey(b.Week), report.SourceReport, lastReport); err != nil {
			return fmt.Errorf("link reports to brief %d: %w", id, err)
		}
		counts, err := linkedCounts(ctx, tx, id)
		if err != nil {
			return err
		}
		b.Status, b.Snapshot, b.Total, b.PublishedAt, b.UpdatedAt = StatusPublished, &snap, snap.Situation.Total, &at, now
		b.Recipients, b.ReportCount = len(recipients), counts.total
		if opts.Mail {
			key, err := db.Secret(ctx, tx, unsubscribeSecret)
			if err != nil {
				return err
			}
			replyTo, err := replyAddress(ctx, tx, actor.UserID)
			if err != nil {
				return err
			}
			for _, r := range recipients {
				if r.Email == "" {
					continue
				}
				m, err := composeEmail(b, name, r, counts, opts.BaseURL, replyTo, unsubscribeToken(key, r.UserID, b.MunicipalityCode))
				if err != nil {
					return err
				}
				if _, err := mail.Enqueue(ctx, tx, "brief", id, r.UserID, m, now); err != nil {
					return err
				}
				emails++
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE briefs SET recipients = ?, report_count = ? WHERE id = ?`,
			b.Recipients, b.ReportCount, id); err != nil {
			return fmt.Errorf("publish brief %d: %w", id, err)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "publish", Entity: "brief", EntityID: audit.ID(id),
			Before: map[string]any{"status": StatusDraft},
			After: map[string]any{"status": StatusPublished, "published_at": at, "total": b.Total, "recipients": b.Recipients,
				"emails": emails, "reports": b.ReportCount}})
	})
	if err != nil {
		return Brief{}, err
	}
	return b, nil
}

// replyAddress is whom replies to a brief's e-mail reach: the coordinator
// who published it, when they have an address; none for a brief the
// product published by itself (the demonstration's).
func replyAddress(ctx context.Context, q db.Queryer, userID int64) (mail.Address, error) {
	var a mail.Address
	if userID == 0 {
		return a, nil
	}
	err := db.Normalize(q.QueryRowContext(ctx, `SELECT email, name FROM users WHERE id = ?`, userID).Scan(&a.Email, &a.Name))
	if errors.Is(err, db.ErrNotFound) {
		return mail.Address{}, nil
	}
	if err != nil {
		return a, fmt.Errorf("the publisher's address: %w", err)
	}
	return a, nil
}

// snapshot computes the week's picture of b's municipality, and the key
// figures of each of its areas.
func (s *Store) snapshot(ctx context.Context, b Brief, at time.Time) (Snapshot, error) {
	q := report.SituationQuery{MunicipalityCode: b.MunicipalityCode, Week: b.Week.String()}
	sit, err := s.reports.Situation(ctx, q)
	if err != nil {
		return Snapshot{}, fmt.Errorf("brief %d: picture: %w", b.ID, err)
	}
	snap := Snapshot{TakenAt: at, Situation: sit, Areas: []AreaFigures{}}
	areas, err := s.reports.Areas(ctx, b.MunicipalityCode)
	if err != nil {
		return Snapshot{}, err
	}
	for _, a := range areas {
		q.Area = a.Name
		as, err := s.reports.Situation(ctx, q)
		if err != nil {
			return Snapshot{}, fmt.Errorf("brief %d: picture of %s: %w", b.ID, a.Name, err)
		}
		snap.Areas = append(snap.Areas, figuresOf(a.Name, as))
	}
	return snap, nil
}

// figuresOf keeps the key figures of an area's picture.
func figuresOf(area string, sit report.Situation) AreaFigures {
	f := AreaFigures{Area: area, Total: sit.Total, Categories: []report.CategoryCount{}, Flags: sit.Flags}
	if n := len(sit.Trend); n >= 2 {
		f.PreviousWeek = sit.Trend[n-2].Count
	}
	for _, c := range sit.ByCategory {
		if c.Count > 0 && len(f.Categories) < 5 {
			f.Categories = append(f.Categories, c)
		}
	}
	if f.Flags == nil {
		f.Flags = []report.Flag{}
	}
	return f
}

// recipientsOf returns everyone in an organisation that works in the
// municipality, less the disabled and those who opted out, with the areas
// they chose.
func recipientsOf(ctx context.Context, q db.Queryer, code string) ([]Recipient, error) {
	var out []Recipient
	err := db.Each(ctx, q, `SELECT u.id, u.email, u.name, u.locale, o.id, o.name
		FROM users u
		JOIN memberships m ON m.user_id = u.id
		JOIN organizations o ON o.id = m.organization_id
		JOIN organization_municipalities om ON om.organization_id = o.id AND om.municipality_code = ?
		WHERE NOT u.disabled AND NOT EXISTS (SELECT 1 FROM brief_subscriptions bs
			WHERE bs.user_id = u.id AND bs.municipality_code = ? AND NOT bs.subscribed)
		ORDER BY u.id, o.name`, []any{code, code}, func(row db.Scanner) error {
		var r Recipient
		var o OrgRef
		if err := row.Scan(&r.UserID, &r.Email, &r.Name, &r.Locale, &o.ID, &o.Name); err != nil {
			return err
		}
		if n := len(out); n > 0 && out[n-1].UserID == r.UserID {
			out[n-1].Organizations = append(out[n-1].Organizations, o)
			return nil
		}
		r.Organizations = []OrgRef{o}
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("recipients of %s: %w", code, err)
	}
	areas := map[int64][]string{}
	err = db.Each(ctx, q, `SELECT sa.user_id, a.name FROM brief_subscription_areas sa JOIN areas a ON a.id = sa.area_id
		WHERE sa.municipality_code = ? ORDER BY a.name_key`, []any{code}, func(row db.Scanner) error {
		var user int64
		var name string
		if err := row.Scan(&user, &name); err != nil {
			return err
		}
		areas[user] = append(areas[user], name)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("areas of the recipients of %s: %w", code, err)
	}
	for i := range out {
		out[i].Areas = areas[out[i].UserID]
	}
	return out, nil
}

// RecipientCount says how many a brief of the municipality would go to
// now, and how many of them by e-mail: what the coordinator is told
// before publishing.
func (s *Store) RecipientCount(ctx context.Context, code string) (all, withEmail int, err error) {
	rs, err := recipientsOf(ctx, s.db, code)
	if err != nil {
		return 0, 0, err
	}
	for _, r := range rs {
		if r.Email != "" {
			withEmail++
		}
	}
	return len(rs), withEmail, nil
}

func insertDeliveries(ctx context.Context, tx *db.Tx, briefID int64, rs []Recipient) error {
	for chunk := range slices.Chunk(rs, 300) {
		args := make([]any, 0, 2*len(chunk))
		values := ""
		for i, r := range chunk {
			if i > 0 {
				values += ", "
			}
			values += "(?, ?)"
			args = append(args, briefID, r.UserID)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO brief_deliveries (brief_id, user_id) VALUES `+values, args...); err != nil {
			return fmt.Errorf("deliver brief %d: %w", briefID, err)
		}
	}
	return nil
}

// reportCounts are how many of the organisations' reports went into a
// brief: in all, per organisation and per user who made them.
type reportCounts struct {
	total  int
	byOrg  map[int64]int
	byUser map[int64]int
}

func linkedCounts(ctx context.Context, q db.Queryer, briefID int64) (reportCounts, error) {
	c := reportCounts{byOrg: map[int64]int{}, byUser: map[int64]int{}}
	err := db.Each(ctx, q, `SELECT r.organization_id, COALESCE(r.created_by, 0), COUNT(*) FROM brief_reports br
		JOIN reports r ON r.id = br.report_id WHERE br.brief_id = ? GROUP BY r.organization_id, r.created_by`,
		[]any{briefID}, func(row db.Scanner) error {
			var org, user int64
			var n int
			if err := row.Scan(&org, &user, &n); err != nil {
				return err
			}
			c.total += n
			c.byOrg[org] += n
			if user != 0 {
				c.byUser[user] += n
			}
			return nil
		})
	if err != nil {
		return c, fmt.Errorf("reports of brief %d: %w", briefID, err)
	}
	return c, nil
}
