package promise

import (
	"context"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// StatusInput is how far a commitment has come and, when it was not done,
// why: citizens are told both.
type StatusInput struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// CommitmentWithPromise returns a commitment and the promise it belongs
// to, or db.ErrNotFound.
func (s *Store) CommitmentWithPromise(ctx context.Context, id int64) (Commitment, Promise, error) {
	var promiseID int64
	if err := s.db.QueryRowContext(ctx, `SELECT promise_id FROM commitments WHERE id = ?`, id).Scan(&promiseID); err != nil {
		return Commitment{}, Promise{}, fmt.Errorf("commitment %d: %w", id, db.Normalize(err))
	}
	p, err := s.Promise(ctx, promiseID)
	if err != nil {
		return Commitment{}, Promise{}, err
	}
	i := slices.IndexFunc(p.Commitments, func(c Commitment) bool { return c.ID == id })
	if i < 0 {
		return Commitment{}, Promise{}, fmt.Errorf("commitment %d: %w", id, db.ErrNotFound)
	}
	return p.Commitments[i], p, nil
}

// SetStatus records the status of a commitment of a published or ended
// promise. A reason is required when it was not done, and kept only then.
func (s *Store) SetStatus(ctx context.Context, actor audit.Actor, id int64, in StatusInput) (Commitment, error) {
	var e validation.Errors
	status := CommitmentStatus(in.Status)
	names := make([]string, len(CommitmentStatuses))
	for i, st := range CommitmentStatuses {
		names[i] = string(st)
	}
	e.OneOf("status", in.Status, names)
	reason := e.Text("reason", in.Reason, status == NotDone, maxLong)
	if status != NotDone {
		reason = ""
	}
	if err := e.Err(); err != nil {
		return Commitment{}, err
	}
	var c Commitment
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var before Commitment
		var promiseStatus Status
		var promiseID int64
		err := tx.QueryRowContext(ctx, `SELECT c.promise_id, c.status, c.reason, p.status FROM commitments c
			JOIN promises p ON p.id = c.promise_id WHERE c.id = ?`, id).Scan(&promiseID, &before.Status, &before.Reason, &promiseStatus)
		if err != nil {
			return fmt.Errorf("commitment %d: %w", id, db.Normalize(err))
		}
		if promiseStatus == Draft {
			e.Add("status", "error.status_of_draft")
			return e.Err()
		}
		at := now()
		if _, err := tx.ExecContext(ctx, `UPDATE commitments SET status = ?, reason = ?, updated_at = ? WHERE id = ?`, status, reason, at, id); err != nil {
			return fmt.Errorf("set status of commitment %d: %w", id, err)
		}
		// The promise changed for its readers too: its feed entry is updated.
		if _, err := tx.ExecContext(ctx, `UPDATE promises SET updated_at = ? WHERE id = ?`, at, promiseID); err != nil {
			return fmt.Errorf("touch promise %d: %w", promiseID, err)
		}
		p, err := promiseByID(ctx, tx, promiseID)
		if err != nil {
			return err
		}
		c = p.Commitments[slices.IndexFunc(p.Commitments, func(c Commitment) bool { return c.ID == id })]
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "commitment", EntityID: audit.ID(id),
			Before: StatusInput{string(before.Status), before.Reason}, After: StatusInput{string(c.Status), c.Reason}})
	})
	return c, err
}

// CommitmentProgress is what has been done toward one commitment.
type CommitmentProgress struct {
	ID             int64            `json:"id,string"`
	OrganizationID int64            `json:"organization_id,string"`
	Text           string           `json:"text"`
	Target         *float64         `json:"target"`
	Unit           string           `json:"unit"`
	Status         CommitmentStatus `json:"status"`
	Reason         string           `json:"reason"`
	// Done counts the activities documented toward the commitment, and
	// Activities lists them. Activities link to a commitment by its id;
	// until they are recorded in the product, both are empty.
	Done       int   `json:"done"`
	Activities []any `json:"activities"`
}

// Progress is the progress of a promise, commitment by commitment.
type Progress struct {
	PromiseID   int64                `json:"promise_id,string"`
	Commitments []CommitmentProgress `json:"commitments"`
}

// ProgressOf reports the progress of p.
func ProgressOf(p Promise) Progress {
	out := Progress{PromiseID: p.ID, Commitments: make([]CommitmentProgress, len(p.Commitments))}
	for i, c := range p.Commitments {
		out.Commitments[i] = CommitmentProgress{ID: c.ID, OrganizationID: c.OrganizationID, Text: c.Text, Target: c.Target,
			Unit: c.Unit, Status: c.Status, Reason: c.Reason, Activities: []any{}}
	}
	return out
}
