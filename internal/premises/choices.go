package premises

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/promise"
)

// CommitmentChoice is a commitment of a promise that an inspection may
// count toward, as a form offers it.
type CommitmentChoice struct {
	ID               int64  `json:"id,string"`
	OrganizationID   int64  `json:"organization_id,string"`
	OrganizationName string `json:"organization_name"`
	Text             string `json:"text"`
	PromiseID        int64  `json:"promise_id,string"`
	PromiseTitle     string `json:"promise_title"`
	// The promise's status and end say whether it is over (IsOver).
	PromiseStatus promise.Status `json:"-"`
	PromiseEndsOn string         `json:"-"`
}

// IsOver reports whether the commitment's promise is over on the date
// today (promise.IsOver): a form does not offer it for a new visit.
func (c CommitmentChoice) IsOver(today string) bool {
	return promise.IsOver(c.PromiseStatus, c.PromiseEndsOn, today)
}

// Commitments lists the commitments of the municipality's published and
// ended promises, the latest promise first, each promise's in its order.
// (Drafts are left out: what is done is counted toward what was promised.)
func (s *Store) Commitments(ctx context.Context, code string) ([]CommitmentChoice, error) {
	var out []CommitmentChoice
	err := db.Each(ctx, s.db, `SELECT c.id, c.organization_id, o.name, c.text, p.id, p.title, p.status, p.ends_on FROM commitments c
		JOIN promises p ON p.id = c.promise_id JOIN organizations o ON o.id = c.organization_id
		WHERE p.municipality_code = ? AND p.status <> 'draft' ORDER BY p.starts_on DESC, p.id DESC, c.position`,
		[]any{code}, func(sc db.Scanner) error {
			var c CommitmentChoice
			if err := sc.Scan(&c.ID, &c.OrganizationID, &c.OrganizationName, &c.Text, &c.PromiseID, &c.PromiseTitle, &c.PromiseStatus,
				&c.PromiseEndsOn); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("commitments of %s: %w", code, err)
	}
	return out, nil
}

// LastCommitment returns the commitment that the latest inspection in the
// municipality counted toward, 0 if none did or its promise is over on the
// date today (promise.IsOver): the form's suggestion, since visits of a
// season count toward the same commitment, but never toward a promise
// that has ended.
func (s *Store) LastCommitment(ctx context.Context, code, today string) (int64, error) {
	var id sql.NullInt64
	var status promise.Status
	var endsOn string
	err := s.db.QueryRowContext(ctx, `SELECT i.commitment_id, pr.status, pr.ends_on FROM inspections i
		JOIN premises p ON p.id = i.premises_id JOIN commitments c ON c.id = i.commitment_id JOIN promises pr ON pr.id = c.promise_id
		WHERE p.municipality_code = ? ORDER BY i.conducted_at DESC, i.id DESC LIMIT 1`,
		code).Scan(&id, &status, &endsOn)
	if err = db.Normalize(err); errors.Is(err, db.ErrNotFound) {
		return 0, nil
	} else if err != nil {
		return 0, fmt.Errorf("last commitment of %s: %w", code, err)
	}
	if promise.IsOver(status, endsOn, today) {
		return 0, nil
	}
	return id.Int64, nil
}
