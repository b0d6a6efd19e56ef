package walk

import (
	"context"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Commitment is a commitment of a citizen promise that a point or an
// action may link to: what the forms offer and what the walk's page shows
// (its text, with a link to the promise's public page).
type Commitment struct {
	ID           int64  `json:"id,string"`
	PromiseID    int64  `json:"promise_id,string"`
	PromiseTitle string `json:"promise_title"`
	Text         string `json:"text"`
}

// Commitment returns the walk's linked commitment of that id.
func (w Walk) Commitment(id int64) (Commitment, bool) {
	for _, c := range w.Commitments {
		if c.ID == id {
			return c, true
		}
	}
	return Commitment{}, false
}

// CommitmentChoices returns the commitments a point or an action of a walk
// in the municipality may link to: those of its published promises whose
// period holds one of the days (the walk's date, today), by promise and
// position. The read is SQL of this package: a walk does not ask the
// promise area.
func (s *Store) CommitmentChoices(ctx context.Context, code string, days ...string) ([]Commitment, error) {
	return commitmentChoices(ctx, s.db, code, days...)
}

func commitmentChoices(ctx context.Context, q db.Queryer, code string, days ...string) ([]Commitment, error) {
	out := []Commitment{}
	if len(days) == 0 {
		return out, nil
	}
	conds, args := "", []any{code}
	for i, d := range days {
		if i > 0 {
			conds += " OR "
		}
		conds += "(p.starts_on <= ? AND p.ends_on >= ?)"
		args = append(args, d, d)
	}
	err := db.Each(ctx, q, `SELECT c.id, p.id, p.title, c.text FROM commitments c JOIN promises p ON p.id = c.promise_id
		WHERE p.municipality_code = ? AND p.status = 'published' AND (`+conds+`) ORDER BY p.title, p.id, c.position, c.id`, args,
		appendCommitment(&out))
	if err != nil {
		return nil, fmt.Errorf("commitments of %s: %w", code, err)
	}
	return out, nil
}

// linkedCommitments returns the commitments the walk's points and actions
// link to.
func linkedCommitments(ctx context.Context, q db.Queryer, walkID int64) ([]Commitment, error) {
	out := []Commitment{}
	err := db.Each(ctx, q, `SELECT c.id, p.id, p.title, c.text FROM commitments c JOIN promises p ON p.id = c.promise_id
		WHERE c.id IN (SELECT pt.commitment_id FROM safety_walk_points pt WHERE pt.walk_id = ? AND pt.commitment_id IS NOT NULL)
		OR c.id IN (SELECT a.commitment_id FROM safety_walk_actions a JOIN safety_walk_points pt ON pt.id = a.point_id
			WHERE pt.walk_id = ? AND a.commitment_id IS NOT NULL)
		ORDER BY c.id`, []any{walkID, walkID}, appendCommitment(&out))
	if err != nil {
		return nil, fmt.Errorf("walk %d commitments: %w", walkID, err)
	}
	return out, nil
}

// appendCommitment scans a row of (commitment id, promise id, promise
// title, commitment text) onto out.
func appendCommitment(out *[]Commitment) func(db.Scanner) error {
	return func(sc db.Scanner) error {
		var c Commitment
		if err := sc.Scan(&c.ID, &c.PromiseID, &c.PromiseTitle, &c.Text); err != nil {
			return err
		}
		*out = append(*out, c)
		return nil
	}
}

// Links are the report and commitment a point or an action names, as a
// client gives them, with what is stored before a change.
type linkCheck struct {
	code                   string
	reportID, commitmentID string
	storedReport           int64
	storedCommitment       int64
	change                 bool
	days                   []string
	reportVisible          ReportVisible
}

// ReportVisible tells whether the user may read a report: the web layer
// asks the report area (report.AccessOf) and gives the answer to the
// store, which does not import it. Nil means any report of the
// municipality.
type ReportVisible func(reportID int64) (bool, error)

// checkLinks checks the optional report and commitment a point or an
// action names: they must exist in the walk's municipality, and a report
// newly named must be one the user may read (when the caller says which).
// A change that sets another commitment must name one the forms offer: of
// a published promise of the municipality in force on the walk's date or
// today; a link already stored may stay as it is.
func checkLinks(ctx context.Context, q db.Queryer, e *validation.Errors, l linkCheck) (int64, int64, error) {
	report, commitment := parseID(l.reportID), parseID(l.commitmentID)
	exists := func(query string, args ...any) (bool, error) {
		var n int
		if err := q.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
			return false, fmt.Errorf("link: %w", err)
		}
		return n > 0, nil
	}
	if report != 0 {
		ok, err := exists(`SELECT COUNT(*) FROM reports WHERE id = ? AND municipality_code = ?`, max(report, 0), l.code)
		if err != nil {
			return 0, 0, err
		}
		if ok && report != l.storedReport && l.reportVisible != nil {
			if ok, err = l.reportVisible(report); err != nil {
				return 0, 0, err
			}
		}
		if !ok {
			e.Add("report_id", "walk.error.report_unknown")
		}
	}
	if commitment != 0 {
		ok, err := exists(`SELECT COUNT(*) FROM commitments c JOIN promises p ON p.id = c.promise_id WHERE c.id = ? AND p.municipality_code = ?`,
			max(commitment, 0), l.code)
		if err != nil {
			return 0, 0, err
		}
		if !ok {
			e.Add("commitment_id", "walk.error.commitment_unknown")
		} else if l.change && commitment != l.storedCommitment {
			choices, err := commitmentChoices(ctx, q, l.code, l.days...)
			if err != nil {
				return 0, 0, err
			}
			if !slices.ContainsFunc(choices, func(c Commitment) bool { return c.ID == commitment }) {
				e.Add("commitment_id", "walk.error.commitment_not_in_force")
			}
		}
	}
	return max(report, 0), max(commitment, 0), nil
}
