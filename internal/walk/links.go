package walk

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/db"
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
	err := db.Each(ctx, s.db, `SELECT c.id, p.id, p.title, c.text FROM commitments c JOIN promises p ON p.id = c.promise_id
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
