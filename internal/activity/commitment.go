package activity

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/promise"
)

// CommitmentRef is a commitment as the activity log shows it: what was
// promised, by whom, in which promise. An activity counts toward one.
type CommitmentRef struct {
	ID               int64
	OrganizationID   int64
	Text             string
	Target           *float64
	Unit             string
	PromiseID        int64
	PromiseTitle     string
	MunicipalityCode string
	PromiseStatus    promise.Status
	PromiseEndsOn    string
}

// IsOver reports whether the commitment's promise is over on the date
// today (promise.IsOver): a form does not offer it for new work.
func (c CommitmentRef) IsOver(today string) bool {
	return promise.IsOver(c.PromiseStatus, c.PromiseEndsOn, today)
}

const commitmentRefQuery = `SELECT c.id, c.organization_id, c.text, c.target, c.unit, p.id, p.title, p.municipality_code,
	p.status, p.ends_on FROM commitments c JOIN promises p ON p.id = c.promise_id`

func scanCommitmentRef(sc db.Scanner) (CommitmentRef, error) {
	var c CommitmentRef
	var target sql.NullFloat64
	err := sc.Scan(&c.ID, &c.OrganizationID, &c.Text, &target, &c.Unit, &c.PromiseID, &c.PromiseTitle, &c.MunicipalityCode,
		&c.PromiseStatus, &c.PromiseEndsOn)
	c.Target = db.FloatPtr(target)
	return c, err
}

// Commitment returns the commitment with the id, or db.ErrNotFound.
func (s *Store) Commitment(ctx context.Context, id int64) (CommitmentRef, error) {
	c, err := scanCommitmentRef(s.db.QueryRowContext(ctx, commitmentRefQuery+` WHERE c.id = ?`, id))
	if err != nil {
		return CommitmentRef{}, fmt.Errorf("commitment %d: %w", id, db.Normalize(err))
	}
	return c, nil
}

// CommitmentsOf returns the commitments the organisations made, which
// their activities and meetings may count toward: the latest promise
// first, each promise's commitments in their order. all returns every
// organisation's (an administrator's choice).
func (s *Store) CommitmentsOf(ctx context.Context, organizationIDs []int64, all bool) ([]CommitmentRef, error) {
	out := []CommitmentRef{}
	query, args := commitmentRefQuery, []any(nil)
	if !all {
		if len(organizationIDs) == 0 {
			return out, nil
		}
		query += ` WHERE c.organization_id IN (` + db.Placeholders(len(organizationIDs)) + `)`
		args = db.IDArgs(organizationIDs)
	}
	query += ` ORDER BY p.starts_on DESC, p.id DESC, c.position`
	err := db.Each(ctx, s.db, query, args, func(sc db.Scanner) error {
		c, err := scanCommitmentRef(sc)
		if err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("commitments: %w", err)
	}
	return out, nil
}
