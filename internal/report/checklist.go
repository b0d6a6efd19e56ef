package report

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// The weekly checklist, the EST way of reporting (Effektiv samordning för
// trygghet): once a week an organisation's reporter goes through the
// municipality's checklist of categories and says, per category and place,
// how many times they saw it that week, with a note. It lives here, beside
// the single report, because it is reports: its lines with a count above 0
// are checked by the same checker (category, place, personal data in the
// note) and stored by the same inserts into the same weekly counts, in one
// transaction with the checklist itself. A package of its own would have to
// export those.
//
// The rules:
//
//   - A checklist is one per organisation, municipality and ISO week. It
//     records that the organisation reported that week, also when every
//     count is 0: "nothing happened" is a report too.
//   - Each line with a count above 0 becomes a report with that count, its
//     note the report's description. A report of a checklist happened
//     "during the week": its occurred_at is the week's Monday 00:00 Swedish
//     time (never in the future, always in the week, so the weekly picture
//     counts it in that week), and it has no weekday or hour (stored as
//     -1): the picture's hour × weekday grid leaves it out rather than
//     piling a week's counts on Monday at midnight, and says how many it
//     left out (Situation.WeekOnly). Its Period is "week".
//   - Sending the week again replaces the checklist, atomically: a line
//     whose category and place were on the checklist before keeps its
//     report (updated, so that links to it and its place in a published
//     brief hold), lines gone lose theirs, new lines get new reports. A
//     replacement never duplicates anything.
//   - external_id, made by the client for each submission, makes sending
//     idempotent: an id the organisation has used answers with the
//     checklist as it stands and changes nothing (a phone that lost the
//     answer, a double tap). filed_at, when the reporter pressed send, keeps
//     the order of submissions that reach the server late: one filed before
//     the checklist in force is recorded as superseded and changes nothing
//     (a phone's queue sending Monday's checklist after Tuesday's
//     correction went through from another).
//   - The week is this week or one of the ChecklistWeeksBack before it; not
//     a week that has not begun.

// ChecklistWeeksBack is how many weeks before this one a checklist may be
// sent for: a reporter back from a few days in the mountains still reports
// the week they missed; older weeks are history.
const ChecklistWeeksBack = 4

// MaxChecklistLines bounds the lines of one checklist: a dozen categories
// at a few places each is far below it.
const MaxChecklistLines = 200

// Outcomes of sending a checklist.
const (
	ChecklistCreated    = "created"    // the first checklist of the week
	ChecklistReplaced   = "replaced"   // the week's checklist replaced
	ChecklistRepeat     = "repeat"     // an external_id used before: nothing changed
	ChecklistSuperseded = "superseded" // filed before the checklist in force: nothing changed
)

// PeriodWeek is the Period of a report known only by its week: a line of a
// weekly checklist.
const PeriodWeek = "week"

// ChecklistInput is a weekly checklist as a reporter sends it (POST
// /api/v1/reports/weekly).
type ChecklistInput struct {
	MunicipalityCode string               `json:"municipality_code"`
	Week             string               `json:"week"` // "2026-W50"
	Lines            []ChecklistLineInput `json:"lines"`
	// ExternalID is made by the client for each submission; sending it
	// again answers with the checklist and changes nothing.
	ExternalID string `json:"external_id"`
	// FiledAt is when the reporter pressed send (RFC 3339), for a
	// submission that reaches the server late; empty or in the future is
	// now.
	FiledAt    string `json:"filed_at"`
	Visibility string `json:"visibility"` // of its reports: "municipality" (default) or "organization"
	// Redact stores notes with the personal data package pii finds
	// replaced; without it such a note is refused.
	Redact    bool `json:"redact"`
	Synthetic bool `json:"synthetic"`
}

// ChecklistLineInput is one line: a category of the municipality's
// checklist, a named place or none, how many times this week (0 when left
// out) and a note.
type ChecklistLineInput struct {
	Category string `json:"category"`
	Place    string `json:"place"`
	Count    *int   `json:"count"`
	Note     string `json:"note"`
}

// Checklist is an organisation's weekly checklist as stored.
type Checklist struct {
	ID               int64  `json:"id,string"`
	OrganizationID   int64  `json:"organization_id,string"`
	MunicipalityCode string `json:"municipality_code"`
	Week             Week   `json:"week"`
	From             string `json:"from"` // the Monday, YYYY-MM-DD
	To               string `json:"to"`   // the Sunday
	Visibility       string `json:"visibility"`
	// Total is the sum of the counts: 0 is "nothing happened".
	Total            int             `json:"total"`
	Revision         int             `json:"revision"` // 1, and one more at each replacement
	Synthetic        bool            `json:"synthetic"`
	FiledAt          time.Time       `json:"filed_at"`
	SubmittedBy      int64           `json:"submitted_by,string,omitempty"`
	SubmittedByName  string          `json:"submitted_by_name,omitempty"`
	SubmittedAt      time.Time       `json:"submitted_at"`
	FirstSubmittedAt time.Time       `json:"first_submitted_at"`
	Lines            []ChecklistLine `json:"lines"`
}

// ChecklistLine is a line as stored: lines of 0 without a note are not.
type ChecklistLine struct {
	Category string `json:"category"`
	Place    string `json:"place"`
	Count    int    `json:"count"`
	Note     string `json:"note"`
	// ReportID is the line's report; none for a count of 0.
	ReportID int64 `json:"report_id,string,omitempty"`
}

// ChecklistWeekOpen reports whether a checklist may be sent for week w at
// now: this week or one of the ChecklistWeeksBack before it.
func ChecklistWeekOpen(w Week, now time.Time) bool {
	this := WeekOf(now)
	return !this.Before(w) && !w.Before(this.Add(-ChecklistWeeksBack))
}

// ChecklistWeeks are the weeks a checklist may be sent for at now, this
// week first.
func ChecklistWeeks(now time.Time) []Week {
	this := WeekOf(now)
	out := make([]Week, 0, ChecklistWeeksBack+1)
	for i := range ChecklistWeeksBack + 1 {
		out = append(out, this.Add(-i))
	}
	return out
}

// checkedChecklist is a ChecklistInput that passed the checks.
type checkedChecklist struct {
	municipality string
	week         Week
	lines        []checkedLine
	externalID   string
	filedAt      time.Time
	visibility   string
	synthetic    bool
	total        int
}

type checkedLine struct {
	row  row // the report of a count above 0, as checked; its count is the line's
	note string
}

// key is what makes a line itself: category and place.
func (l *checkedLine) key() lineKey { return lineKey{l.row.category, l.row.placeID} }

type lineKey struct {
	category string
	place    int64
}

// checkChecklist validates in. Problems go to e, the lines' under
// "lines.3.count" and so on; the error is for the database failing.
func (c *checker) checkChecklist(e *validation.Errors, in ChecklistInput) (checkedChecklist, error) {
	out := checkedChecklist{synthetic: in.Synthetic}

	out.municipality = strings.TrimSpace(in.MunicipalityCode)
	var m *muniInfo
	if out.municipality == "" {
		e.Add("municipality_code", "error.required")
	} else {
		var err error
		if m, err = c.municipality(out.municipality); err != nil {
			return out, err
		}
		switch {
		case !m.known:
			e.Add("municipality_code", "error.municipality_unknown", out.municipality)
			m = nil
		case c.orgID != 0 && !c.orgMunis[out.municipality]:
			e.Add("municipality_code", "error.organization_not_in_municipality")
		}
	}

	this := WeekOf(c.now)
	week, err := ParseWeek(strings.TrimSpace(in.Week))
	switch {
	case strings.TrimSpace(in.Week) == "":
		e.Add("week", "error.required")
	case err != nil:
		e.Add("week", "error.week")
	case !ChecklistWeekOpen(week, c.now):
		e.Add("week", "error.weekly_week", this.Add(-ChecklistWeeksBack).String(), this.String())
	}
	out.week = week
	if e.Has("week") {
		week = this // the lines are checked all the same
	}

	out.visibility = cmp.Or(in.Visibility, VisibilityMunicipality)
	e.OneOf("visibility", out.visibility, Visibilities)
	out.externalID = e.Text("external_id", in.ExternalID, false, maxExternalID)
	out.filedAt = c.now.UTC().Truncate(time.Second)
	if s := strings.TrimSpace(in.FiledAt); s != "" {
		t, err := time.Parse(time.RFC3339, s)
		switch {
		case err != nil:
			e.Add("filed_at", "error.time_format")
		case t.Before(out.filedAt):
			out.filedAt = t.UTC().Truncate(time.Second)
		}
	}

	if len(in.Lines) > MaxChecklistLines {
		e.Add("lines", "error.weekly_too_many_lines", MaxChecklistLines)
		return out, nil
	}
	seen := map[lineKey]bool{}
	for i, l := range in.Lines {
		prefix := fmt.Sprintf("lines.%d.", i)
		count := 0
		if l.Count != nil {
			count = *l.Count
		}
		note := strings.TrimSpace(l.Note)
		if strings.TrimSpace(l.Category) == "" && strings.TrimSpace(l.Place) == "" && count == 0 && note == "" {
			continue // a spare line of the form, left empty
		}
		if count < 0 || count > MaxCount {
			e.Add(prefix+"count", "error.weekly_count_range", MaxCount)
		}
		if m == nil {
			continue // nothing to check a category or a place against
		}
		// The line as a report: the checker says what is wrong with its
		// category, place and note (as a description).
		var le validation.Errors
		r, err := c.check(&le, prefix, Input{Category: l.Category, OccurredAt: week.Start().Format(time.RFC3339),
			MunicipalityCode: out.municipality, Place: l.Place, Count: new(1), Description: note,
			Visibility: VisibilityMunicipality, Redact: in.Redact, Synthetic: in.Synthetic})
		if err != nil {
			return out, err
		}
		for field, msg := range le {
			switch strings.TrimPrefix(field, prefix) {
			case "category", "place":
				e.Add(field, msg.Key, msg.Args...)
			case "description":
				e.Add(prefix+"note", msg.Key, msg.Args...)
			}
			// Municipality, time and visibility are the checklist's,
			// said once above.
		}
		r.count, r.visibility = count, out.visibility
		r.local.weekday, r.local.hour = -1, -1
		line := checkedLine{row: r, note: r.description}
		if r.category != "" && !le.Has(prefix+"place") {
			if seen[line.key()] {
				e.Add(prefix+"place", "error.weekly_line_twice")
			}
			seen[line.key()] = true
		}
		if count == 0 && line.note == "" {
			continue // "none of that this week": the checklist says so
		}
		out.total += max(count, 0)
		out.lines = append(out.lines, line)
	}
	return out, nil
}

// CheckChecklist says what is wrong with in without storing anything, as
// SubmitChecklist would. orgID 0 leaves out whether the organisation works
// in the municipality, for a request whose organisation is itself in
// question.
func (s *Store) CheckChecklist(ctx context.Context, orgID int64, in ChecklistInput) (validation.Errors, error) {
	c, err := newChecker(ctx, s.db, orgID, s.now())
	if err != nil {
		return nil, err
	}
	var e validation.Errors
	if _, err := c.checkChecklist(&e, in); err != nil {
		return nil, err
	}
	return e, nil
}

// SubmitChecklist stores a weekly checklist in the name of organisation
// orgID, or replaces the one it sent for the week, in one transaction with
// its reports, the weekly counts and the audit entry. outcome says what
// happened: ChecklistCreated, ChecklistReplaced, or ChecklistRepeat and
// ChecklistSuperseded when nothing changed; the checklist is the week's as
// it stands afterwards.
func (s *Store) SubmitChecklist(ctx context.Context, actor audit.Actor, orgID int64, in ChecklistInput) (cl Checklist, outcome string, err error) {
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		cl, outcome, err = s.submitChecklistTx(ctx, tx, actor, orgID, in)
		return err
	})
	return cl, outcome, err
}

func (s *Store) submitChecklistTx(ctx context.Context, tx *db.Tx, actor audit.Actor, orgID int64, in ChecklistInput) (Checklist, string, error) {
	now := s.now()
	c, err := newChecker(ctx, tx, orgID, now)
	if err != nil {
		return Checklist{}, "", err
	}
	var e validation.Errors
	cc, err := c.checkChecklist(&e, in)
	if err != nil {
		return Checklist{}, "", err
	}
	if err := e.Err(); err != nil {
		return Checklist{}, "", err
	}
	at := c.createdAt

	// The week's checklist, made empty (revision 0) when there is none:
	// the upsert takes the row's lock on PostgreSQL, so that two
	// submissions of the same week follow one another (SQLite's writer is
	// one at a time anyway).
	var id int64
	var revision int
	var filedAt time.Time
	err = tx.QueryRowContext(ctx, `INSERT INTO report_checklists (organization_id, municipality_code, week, visibility,
		total, revision, synthetic, filed_at, submitted_by, submitted_at, first_submitted_at)
		VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?)
		ON CONFLICT (organization_id, municipality_code, week) DO UPDATE SET revision = report_checklists.revision
		RETURNING id, revision, filed_at`,
		orgID, cc.municipality, cc.week.key(), cc.visibility, cc.synthetic, cc.filedAt, db.NullID(actor.UserID), at, at).
		Scan(&id, &revision, &filedAt)
	if err != nil {
		return Checklist{}, "", fmt.Errorf("weekly checklist: %w", db.Normalize(err))
	}

	// A submission sent before: nothing changes. Looked up under the lock,
	// so that the same submission sent twice at once is a repeat too.
	if cc.externalID != "" {
		var earlier int64
		err := tx.QueryRowContext(ctx, `SELECT checklist_id FROM report_checklist_submissions
			WHERE organization_id = ? AND external_id = ?`, orgID, cc.externalID).Scan(&earlier)
		switch {
		case err == nil:
			if revision == 0 { // the id was used for another week
				if _, err := tx.ExecContext(ctx, `DELETE FROM report_checklists WHERE id = ?`, id); err != nil {
					return Checklist{}, "", fmt.Errorf("weekly checklist: %w", err)
				}
			}
			cl, err := checklistByID(ctx, tx, earlier)
			return cl, ChecklistRepeat, err
		case !errors.Is(db.Normalize(err), db.ErrNotFound):
			return Checklist{}, "", fmt.Errorf("weekly checklist submissions: %w", err)
		}
	}

	outcome := ChecklistCreated
	switch {
	case revision > 0 && filedAt.After(cc.filedAt):
		outcome = ChecklistSuperseded
	case revision > 0:
		outcome = ChecklistReplaced
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO report_checklist_submissions (checklist_id, organization_id, external_id,
		outcome, filed_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		id, orgID, nullString(cc.externalID), outcome, cc.filedAt, db.NullID(actor.UserID), at); err != nil {
		return Checklist{}, "", fmt.Errorf("weekly checklist submission: %w", err)
	}
	if outcome == ChecklistSuperseded {
		cl, err := checklistByID(ctx, tx, id)
		if err != nil {
			return Checklist{}, "", err
		}
		return cl, outcome, audit.Record(ctx, tx, actor, audit.Entry{Action: "supersede", Entity: "report_checklist",
			EntityID: audit.ID(id), After: map[string]any{"external_id": cc.externalID, "filed_at": cc.filedAt,
				"in_force_filed_at": filedAt}})
	}

	var before *Checklist
	if revision > 0 {
		b, err := checklistByID(ctx, tx, id)
		if err != nil {
			return Checklist{}, "", err
		}
		before = &b
	}
	if err := replaceChecklistReports(ctx, tx, id, &cc, actor.UserID); err != nil {
		return Checklist{}, "", err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE report_checklists SET visibility = ?, total = ?, revision = revision + 1,
		synthetic = ?, filed_at = ?, submitted_by = ?, submitted_at = ? WHERE id = ?`,
		cc.visibility, cc.total, cc.synthetic, cc.filedAt, db.NullID(actor.UserID), at, id); err != nil {
		return Checklist{}, "", fmt.Errorf("weekly checklist: %w", err)
	}
	cl, err := checklistByID(ctx, tx, id)
	if err != nil {
		return Checklist{}, "", err
	}
	action := "create"
	if outcome == ChecklistReplaced {
		action = "replace"
	}
	entry := audit.Entry{Action: action, Entity: "report_checklist", EntityID: audit.ID(id), After: cl}
	if before != nil {
		entry.Before = before
	}
	return cl, outcome, audit.Record(ctx, tx, actor, entry)
}

// replaceChecklistReports makes the reports of checklist id what cc says,
// and its lines: a line whose category and place had a report keeps it,
// with the new count and note; the other old reports go; new lines get new
// reports. The weekly counts follow.
func replaceChecklistReports(ctx context.Context, tx *db.Tx, id int64, cc *checkedChecklist, userID int64) error {
	type old struct {
		id, area int64
		count    int
	}
	olds := map[lineKey]old{}
	err := db.Each(ctx, tx, `SELECT r.id, r.category, COALESCE(r.place_id, 0), COALESCE(r.area_id, 0), r.count
		FROM report_checklist_lines l JOIN reports r ON r.id = l.report_id WHERE l.checklist_id = ?`, []any{id},
		func(row db.Scanner) error {
			var o old
			var k lineKey
			if err := row.Scan(&o.id, &k.category, &k.place, &o.area, &o.count); err != nil {
				return err
			}
			olds[k] = o
			return nil
		})
	if err != nil {
		return fmt.Errorf("weekly checklist's reports: %w", err)
	}

	// The weekly counts change by what goes and what comes.
	deltas := map[weekKey]int{}
	wk := cc.week.key()
	reportIDs := make([]int64, len(cc.lines))
	var fresh []row
	var freshAt []int
	for i := range cc.lines {
		l := &cc.lines[i]
		if l.row.count == 0 {
			continue
		}
		l.row.createdBy = userID
		deltas[weekKey{cc.municipality, wk, l.row.areaID, l.row.placeID, l.row.category}] += l.row.count
		o, ok := olds[l.key()]
		if !ok {
			fresh = append(fresh, l.row)
			freshAt = append(freshAt, i)
			continue
		}
		delete(olds, l.key())
		deltas[weekKey{cc.municipality, wk, o.area, l.row.placeID, l.row.category}] -= o.count
		if _, err := tx.ExecContext(ctx, `UPDATE reports SET count = ?, description = ?, visibility = ?, area_id = ?,
			synthetic = ? WHERE id = ?`, l.row.count, l.row.description, l.row.visibility, nullInt(l.row.areaID),
			l.row.synthetic, o.id); err != nil {
			return fmt.Errorf("weekly checklist's report %d: %w", o.id, err)
		}
		reportIDs[i] = o.id
	}
	var gone []int64
	for k, o := range olds {
		deltas[weekKey{cc.municipality, wk, o.area, k.place, k.category}] -= o.count
		gone = append(gone, o.id)
	}
	// The lines go first: they name the reports that go. The new reports
	// come before the old go, so that SQLite, which numbers a row one past
	// the largest, never gives a new report the number of one just gone.
	if _, err := tx.ExecContext(ctx, `DELETE FROM report_checklist_lines WHERE checklist_id = ?`, id); err != nil {
		return fmt.Errorf("weekly checklist's lines: %w", err)
	}
	ids, err := insertRows(ctx, tx, fresh, false)
	if err != nil {
		return err
	}
	for k, i := range freshAt {
		reportIDs[i] = ids[k]
	}
	slices.Sort(gone)
	for chunk := range slices.Chunk(gone, 500) {
		if _, err := tx.ExecContext(ctx, `DELETE FROM reports WHERE id IN (`+db.Placeholders(len(chunk))+`)`,
			db.IDArgs(chunk)...); err != nil {
			return fmt.Errorf("weekly checklist's old reports: %w", err)
		}
	}
	if err := changeWeeks(ctx, tx, deltas); err != nil {
		return err
	}

	// One INSERT for the lines: 7 × 200 arguments stay under both
	// dialects' limits.
	for start := 0; start < len(cc.lines); start += MaxChecklistLines {
		chunk := cc.lines[start:min(start+MaxChecklistLines, len(cc.lines))]
		args := make([]any, 0, 7*len(chunk))
		for i := range chunk {
			l := &chunk[i]
			args = append(args, id, start+i, l.row.category, nullInt(l.row.placeID), l.row.count, l.note,
				nullInt(reportIDs[start+i]))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO report_checklist_lines (checklist_id, position, category, place_id,
			count, note, report_id) VALUES `+valuesList(len(chunk), 7), args...); err != nil {
			return fmt.Errorf("weekly checklist's lines: %w", err)
		}
	}
	return nil
}

// checklistColumns are the columns scanChecklist reads, of report_checklists
// c and users u.
const checklistColumns = `c.id, c.organization_id, c.municipality_code, c.week, c.visibility, c.total, c.revision,
	c.synthetic, c.filed_at, c.submitted_by, COALESCE(u.name, ''), c.submitted_at, c.first_submitted_at`

const checklistFrom = ` FROM report_checklists c LEFT JOIN users u ON u.id = c.submitted_by`

func scanChecklist(row db.Scanner) (Checklist, error) {
	var cl Checklist
	var week int
	var by sql.NullInt64
	if err := row.Scan(&cl.ID, &cl.OrganizationID, &cl.MunicipalityCode, &week, &cl.Visibility, &cl.Total,
		&cl.Revision, &cl.Synthetic, &cl.FiledAt, &by, &cl.SubmittedByName, &cl.SubmittedAt, &cl.FirstSubmittedAt); err != nil {
		return Checklist{}, err
	}
	cl.Week = Week{Year: week / 100, Number: week % 100}
	cl.From = cl.Week.monday().Format(dateLayout)
	cl.To = cl.Week.monday().AddDate(0, 0, 6).Format(dateLayout)
	cl.SubmittedBy = by.Int64
	cl.FiledAt, cl.SubmittedAt, cl.FirstSubmittedAt = cl.FiledAt.UTC(), cl.SubmittedAt.UTC(), cl.FirstSubmittedAt.UTC()
	cl.Lines = []ChecklistLine{}
	return cl, nil
}

// checklistByID returns a checklist with its lines, or db.ErrNotFound.
func checklistByID(ctx context.Context, q db.Queryer, id int64) (Checklist, error) {
	cl, err := scanChecklist(q.QueryRowContext(ctx, `SELECT `+checklistColumns+checklistFrom+` WHERE c.id = ?`, id))
	if err != nil {
		return Checklist{}, fmt.Errorf("weekly checklist %d: %w", id, db.Normalize(err))
	}
	return cl, addLines(ctx, q, []*Checklist{&cl})
}

// addLines reads the lines of the checklists, in order.
func addLines(ctx context.Context, q db.Queryer, cls []*Checklist) error {
	byID := map[int64]*Checklist{}
	ids := make([]int64, 0, len(cls))
	for _, cl := range cls {
		byID[cl.ID] = cl
		ids = append(ids, cl.ID)
	}
	for chunk := range slices.Chunk(ids, 500) {
		err := db.Each(ctx, q, `SELECT l.checklist_id, l.category, COALESCE(p.name, ''), l.count, l.note, l.report_id
			FROM report_checklist_lines l LEFT JOIN places p ON p.id = l.place_id
			WHERE l.checklist_id IN (`+db.Placeholders(len(chunk))+`) ORDER BY l.checklist_id, l.position`,
			db.IDArgs(chunk), func(row db.Scanner) error {
				var id int64
				var l ChecklistLine
				var rep sql.NullInt64
				if err := row.Scan(&id, &l.Category, &l.Place, &l.Count, &l.Note, &rep); err != nil {
					return err
				}
				l.ReportID = rep.Int64
				byID[id].Lines = append(byID[id].Lines, l)
				return nil
			})
		if err != nil {
			return fmt.Errorf("weekly checklists' lines: %w", err)
		}
	}
	return nil
}

// ChecklistOf returns the checklist organisation orgID sent for week w in
// the municipality; ok is false when it sent none.
func (s *Store) ChecklistOf(ctx context.Context, orgID int64, code string, w Week) (cl Checklist, ok bool, err error) {
	cl, err = scanChecklist(s.db.QueryRowContext(ctx, `SELECT `+checklistColumns+checklistFrom+`
		WHERE c.organization_id = ? AND c.municipality_code = ? AND c.week = ? AND c.revision > 0`, orgID, code, w.key()))
	if errors.Is(db.Normalize(err), db.ErrNotFound) {
		return Checklist{}, false, nil
	}
	if err != nil {
		return Checklist{}, false, fmt.Errorf("weekly checklist: %w", err)
	}
	return cl, true, addLines(ctx, s.db, []*Checklist{&cl})
}
