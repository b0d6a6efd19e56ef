package promise

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// AmendmentInput is a change to a published promise: a new end of the
// period, new parties, new commitments, or any of them together. Mora's
// promise of 2016 was extended to 2017-05-31 with the commitments of two
// businesses at Noret, which became parties by it.
type AmendmentInput struct {
	DecidedOn   string            `json:"decided_on"`
	Description string            `json:"description"`
	EndsOn      string            `json:"ends_on"`
	PartyIDs    []string          `json:"party_ids"`
	Parties     []PartyInput      `json:"parties"`
	Commitments []CommitmentInput `json:"commitments"`
	// Personal data in the description and the new commitments is refused
	// unless Redact asks for it masked (pii.PublicText).
	pii.Choice
}

// Amend records an amendment to a published promise.
func (s *Store) Amend(ctx context.Context, actor audit.Actor, id int64, in AmendmentInput) (Promise, error) {
	var p Promise
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := promiseByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var e validation.Errors
		guard := pii.NewGuard(&e, in.Choice)
		if before.Status != Published {
			e.Add("status", "error.not_published")
		}
		a := Amendment{
			DecidedOn:      checkDate(&e, "decided_on", in.DecidedOn, true),
			Description:    guard.Text("description", e.Text("description", in.Description, true, maxLong), pii.PublicText),
			PreviousEndsOn: before.EndsOn,
			EndsOn:         checkDate(&e, "ends_on", in.EndsOn, false),
		}
		if a.EndsOn == "" {
			a.EndsOn = before.EndsOn
		} else if a.EndsOn < before.StartsOn {
			e.Add("ends_on", "error.ends_before_start")
		}
		newParties := []Party{}
		if len(in.PartyIDs) > 0 || hasPartyRows(in.Parties) {
			if newParties, err = checkParties(ctx, tx, &e, in.PartyIDs, in.Parties, 0); err != nil {
				return err
			}
		}
		for i, np := range newParties {
			if _, ok := before.Party(np.OrganizationID); ok {
				e.Add(row("parties", i, "organization_id"), "error.party_already")
			}
		}
		commitments := checkCommitments(&e, guard, "commitments", in.Commitments, append(before.Parties[:len(before.Parties):len(before.Parties)], newParties...), true)
		if !e.Has("ends_on") && a.EndsOn == before.EndsOn && len(commitments) == 0 && len(newParties) == 0 {
			e.Add("ends_on", "error.amendment_empty")
		}
		if err := e.Err(); err != nil {
			return err
		}
		a.CreatedAt = tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO promise_amendments (promise_id, decided_on, description, previous_ends_on, ends_on, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, id, a.DecidedOn, a.Description, a.PreviousEndsOn, a.EndsOn, a.CreatedAt).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("add amendment: %w", db.Normalize(err))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE promises SET ends_on = ?, updated_at = ? WHERE id = ?`, a.EndsOn, a.CreatedAt, id); err != nil {
			return fmt.Errorf("extend promise %d: %w", id, err)
		}
		if err := promiseParties.add(ctx, tx, id, newParties, len(before.Parties)); err != nil {
			return err
		}
		for i := range commitments {
			if err := insertCommitment(ctx, tx, id, len(before.Commitments)+i, a.ID, &commitments[i]); err != nil {
				return err
			}
		}
		if p, err = promiseByID(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "amend", Entity: "promise", EntityID: audit.ID(id), Before: before, After: p}); err != nil {
			return err
		}
		return guard.Review().Record(ctx, tx, actor, "promise", id)
	})
	return p, err
}
