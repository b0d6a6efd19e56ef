package brief

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Statuses of a brief.
const (
	StatusDraft     = "draft"
	StatusPublished = "published"
)

// Brief is the weekly brief of a municipality.
type Brief struct {
	ID               int64       `json:"id,string"`
	MunicipalityCode string      `json:"municipality_code"`
	Week             report.Week `json:"week"`
	Status           string      `json:"status"`
	Analysis         string      `json:"analysis"`
	Actions          string      `json:"actions"`
	// Snapshot is the week's picture as it was at publication; nil for a
	// draft, and left out of lists.
	Snapshot *Snapshot `json:"snapshot,omitempty"`
	// Total, Recipients and ReportCount are kept from the publication: the
	// picture's total, how many received the brief, and how many of the
	// organisations' reports went into it.
	Total       int        `json:"total"`
	Recipients  int        `json:"recipients"`
	ReportCount int        `json:"report_count"`
	Synthetic   bool       `json:"synthetic"` // made up, for the demonstration
	CreatedBy   int64      `json:"-"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at"`
}

// Published reports whether the brief has been published.
func (b Brief) Published() bool { return b.Status == StatusPublished }

// Snapshot is the picture a brief was published with.
type Snapshot struct {
	TakenAt   time.Time        `json:"taken_at"`
	Situation report.Situation `json:"situation"`
	// Areas are the key figures of each area of the municipality, for the
	// recipients who chose areas.
	Areas []AreaFigures `json:"areas"`
}

// AreaFigures are an area's key figures of the week.
type AreaFigures struct {
	Area         string                 `json:"area"`
	Total        int                    `json:"total"`
	PreviousWeek int                    `json:"previous_week"`
	Categories   []report.CategoryCount `json:"categories"` // this week's, most first, at most five
	Flags        []report.Flag          `json:"flags"`
}

// Area returns the figures of the area called name.
func (s *Snapshot) Area(name string) (AreaFigures, bool) {
	for _, a := range s.Areas {
		if a.Area == name {
			return a, true
		}
	}
	return AreaFigures{}, false
}

// PreviousTotal is the picture's total of the week before.
func (s *Snapshot) PreviousTotal() int {
	if n := len(s.Situation.Trend); n >= 2 {
		return s.Situation.Trend[n-2].Count
	}
	return 0
}

// Input is what a coordinator writes (POST /api/v1/briefs).
type Input struct {
	MunicipalityCode string `json:"municipality_code"`
	Week             string `json:"week"` // "2026-W08"
	Analysis         string `json:"analysis"`
	Actions          string `json:"actions"`
	// Synthetic marks a brief made up for the demonstration.
	Synthetic bool `json:"-"`
	// The brief is e-mailed to every subscriber: personal data in the
	// analysis and the actions is refused unless Redact asks for it masked
	// (pii.BriefText).
	pii.Choice
}

// Patch changes a draft: the fields given change, the rest keep their
// value.
type Patch struct {
	Analysis *string `json:"analysis"`
	Actions  *string `json:"actions"`
	pii.Choice
}

// Limits of the texts: a brief is read on a phone.
const (
	MaxAnalysis = 10000
	MaxActions  = 10000
)

// Limits are MaxAnalysis and MaxActions by the field's name, for the form
// to say while one types.
var Limits = map[string]int{"analysis": MaxAnalysis, "actions": MaxActions}

// ErrPublished is a change to, or a second publication of, a brief that
// is published: a published brief never changes.
var ErrPublished = errors.New("the brief is published and cannot change")

// Store reads and writes briefs, their deliveries and subscriptions.
type Store struct {
	db      *db.DB
	reports *report.Store
	outbox  *mail.Outbox
	now     func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, reports: report.NewStore(d), outbox: mail.NewOutbox(d), now: d.Clock().Now}
}

// weekKey is a week as stored: year*100 + number, as reports store it.
func weekKey(w report.Week) int { return w.Year*100 + w.Number }

func weekOfKey(k int) report.Week { return report.Week{Year: k / 100, Number: k % 100} }

// checkText validates the analysis and the actions, and returns them as
// they are stored (masked when asked) and what was decided about the
// personal data in them.
func checkText(e *validation.Errors, c pii.Choice, analysis, actions string) (string, string, pii.Review) {
	guard := pii.NewGuard(e, c)
	analysis = guard.Text("analysis", e.Text("analysis", analysis, true, MaxAnalysis), pii.BriefText)
	actions = guard.Text("actions", e.Text("actions", actions, false, MaxActions), pii.BriefText)
	return analysis, actions, guard.Review()
}

// Create makes a draft. One brief per municipality and week: a second is
// a validation error on week, naming the week.
func (s *Store) Create(ctx context.Context, actor audit.Actor, in Input) (Brief, error) {
	var e validation.Errors
	code, week, analysis, actions, review, err := s.check(ctx, &e, in)
	if err != nil {
		return Brief{}, err
	}
	if err := e.Err(); err != nil {
		return Brief{}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	b := Brief{MunicipalityCode: code, Week: week, Status: StatusDraft, Analysis: analysis, Actions: actions,
		Synthetic: in.Synthetic, CreatedBy: actor.UserID, CreatedAt: now, UpdatedAt: now}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM briefs WHERE municipality_code = ? AND week = ?`,
			code, weekKey(week)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			e.Add("week", "error.brief_exists", week.Number, week.Year)
			return e.Err()
		}
		err := db.Normalize(tx.QueryRowContext(ctx, `INSERT INTO briefs
			(municipality_code, week, status, analysis, actions, synthetic, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			code, weekKey(week), StatusDraft, analysis, actions, in.Synthetic, db.NullID(actor.UserID), now, now).Scan(&b.ID))
		if errors.Is(err, db.ErrConflict) {
			// Made by someone else since the check above.
			e.Add("week", "error.brief_exists", week.Number, week.Year)
			return e.Err()
		}
		if err != nil {
			return fmt.Errorf("insert brief: %w", err)
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "brief", EntityID: audit.ID(b.ID), After: b}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "brief", b.ID)
	})
	if err != nil {
		return Brief{}, err
	}
	return b, nil
}

// Check returns what is wrong with in, as Create would say it, without
// storing anything; nil when nothing is (a brief of the week may still
// exist).
func (s *Store) Check(ctx context.Context, in Input) error {
	var e validation.Errors
	if _, _, _, _, _, err := s.check(ctx, &e, in); err != nil {
		return err
	}
	return e.Err()
}

func (s *Store) check(ctx context.Context, e *validation.Errors, in Input) (code string, week report.Week, analysis, actions string,
	review pii.Review, err error) {
	code = strings.TrimSpace(in.MunicipalityCode)
	if err := municipality.Check(ctx, s.db, e, "municipality_code", code); err != nil {
		return "", week, "", "", review, err
	}
	week = s.checkWeek(e, in.Week)
	analysis, actions, review = checkText(e, in.Choice, in.Analysis, in.Actions)
	return code, week, analysis, actions, review, nil
}

// checkWeek reads an ISO week that is not after this one: a brief is
// about a week that has begun.
func (s *Store) checkWeek(e *validation.Errors, text string) report.Week {
	text = strings.TrimSpace(text)
	if text == "" {
		e.Add("week", "error.required")
		return report.Week{}
	}
	w, err := report.ParseWeek(text)
	if err != nil {
		e.Add("week", "error.week")
		return report.Week{}
	}
	if report.WeekOf(s.now()).Before(w) {
		e.Add("week", "error.brief_future_week")
	}
	return w
}

// Update changes a draft's analysis and actions.
func (s *Store) Update(ctx context.Context, actor audit.Actor, id int64, p Patch) (Brief, error) {
	var out Brief
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if before.Published() {
			return ErrPublished
		}
		analysis, actions := before.Analysis, before.Actions
		if p.Analysis != nil {
			analysis = *p.Analysis
		}
		if p.Actions != nil {
			actions = *p.Actions
		}
		var e validation.Errors
		var review pii.Review
		analysis, actions, review = checkText(&e, p.Choice, analysis, actions)
		if err := e.Err(); err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		res, err := tx.ExecContext(ctx, `UPDATE briefs SET analysis = ?, actions = ?, updated_at = ? WHERE id = ? AND status = ?`,
			analysis, actions, now, id, StatusDraft)
		if err != nil {
			return fmt.Errorf("update brief %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrPublished
		}
		out = before
		out.Analysis, out.Actions, out.UpdatedAt = analysis, actions, now
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "brief", EntityID: audit.ID(id),
			Before: map[string]string{"analysis": before.Analysis, "actions": before.Actions},
			After:  map[string]string{"analysis": analysis, "actions": actions}}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "brief", id)
	})
	return out, err
}

const briefColumns = `b.id, b.municipality_code, b.week, b.status, b.analysis, b.actions, b.total, b.recipients,
	b.report_count, b.synthetic, b.created_by, b.created_at, b.updated_at, b.published_at`

func scanBrief(row db.Scanner, extra ...any) (Brief, error) {
	var b Brief
	var week int
	var createdBy sql.NullInt64
	var published sql.NullTime
	dest := append([]any{&b.ID, &b.MunicipalityCode, &week, &b.Status, &b.Analysis, &b.Actions, &b.Total, &b.Recipients,
		&b.ReportCount, &b.Synthetic, &createdBy, &b.CreatedAt, &b.UpdatedAt, &published}, extra...)
	if err := row.Scan(dest...); err != nil {
		return Brief{}, db.Normalize(err)
	}
	b.Week = weekOfKey(week)
	b.CreatedBy = createdBy.Int64
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	if published.Valid {
		t := published.Time.UTC()
		b.PublishedAt = &t
	}
	return b, nil
}

// Get returns a brief with its snapshot, or db.ErrNotFound. Whether the
// caller may read it is CanRead.
func (s *Store) Get(ctx context.Context, id int64) (Brief, error) { return get(ctx, s.db, id) }

func get(ctx context.Context, q db.Queryer, id int64) (Brief, error) {
	var snapshot sql.NullString
	b, err := scanBrief(q.QueryRowContext(ctx, `SELECT `+briefColumns+`, b.snapshot_json FROM briefs b WHERE b.id = ?`, id), &snapshot)
	if err != nil {
		return Brief{}, fmt.Errorf("brief %d: %w", id, err)
	}
	if snapshot.Valid {
		b.Snapshot = &Snapshot{}
		if err := json.Unmarshal([]byte(snapshot.String), b.Snapshot); err != nil {
			return Brief{}, fmt.Errorf("brief %d: snapshot: %w", id, err)
		}
	}
	return b, nil
}

// ByWeek returns the brief of a municipality and week, or db.ErrNotFound.
func (s *Store) ByWeek(ctx context.Context, code string, w report.Week) (Brief, error) {
	var id int64
	err := db.Normalize(s.db.QueryRowContext(ctx, `SELECT id FROM briefs WHERE municipality_code = ? AND week = ?`,
		code, weekKey(w)).Scan(&id))
	if err != nil {
		return Brief{}, fmt.Errorf("brief of %s %s: %w", code, w, err)
	}
	return s.Get(ctx, id)
}

// Filter narrows a list of briefs.
type Filter struct {
	MunicipalityCode string
	Cursor           string
	Limit            int
}

// List returns the briefs scope reaches, the latest week first, a page at
// a time, without their snapshots.
func (s *Store) List(ctx context.Context, scope Scope, f Filter) (db.Page[Brief], error) {
	cur, err := db.DecodeCursor(f.Cursor)
	if err != nil {
		return db.Page[Brief]{}, err
	}
	curWeek := 0
	if cur.ID != 0 {
		if curWeek, err = strconv.Atoi(cur.Key); err != nil {
			return db.Page[Brief]{}, db.ErrBadCursor
		}
	}
	limit := db.Limit(f.Limit, 20, 200)
	cond, args := scope.where()
	q := `SELECT ` + briefColumns + ` FROM briefs b WHERE ` + cond
	if f.MunicipalityCode != "" {
		q += ` AND b.municipality_code = ?`
		args = append(args, f.MunicipalityCode)
	}
	if cur.ID != 0 {
		q += ` AND (b.week < ? OR (b.week = ? AND b.id < ?))`
		args = append(args, curWeek, curWeek, cur.ID)
	}
	q += ` ORDER BY b.week DESC, b.id DESC LIMIT ?`
	args = append(args, limit+1)
	var items []Brief
	err = db.Each(ctx, s.db, q, args, func(row db.Scanner) error {
		b, err := scanBrief(row)
		items = append(items, b)
		return err
	})
	if err != nil {
		return db.Page[Brief]{}, fmt.Errorf("list briefs: %w", err)
	}
	page := db.Page[Brief]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		last := page.Items[limit-1]
		page.Next = db.Cursor{Key: strconv.Itoa(weekKey(last.Week)), ID: last.ID}.Encode()
	}
	if page.Items == nil {
		page.Items = []Brief{}
	}
	return page, nil
}

// municipalityName returns the name of the municipality with code.
func municipalityName(ctx context.Context, q db.Queryer, code string) (string, error) {
	var name string
	if err := db.Normalize(q.QueryRowContext(ctx, `SELECT name FROM municipalities WHERE code = ?`, code).Scan(&name)); err != nil {
		return "", fmt.Errorf("municipality %s: %w", code, err)
	}
	return name, nil
}
