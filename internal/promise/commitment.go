package promise

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// StatusInput is how far a commitment has come and, when it was not done,
// why: citizens are told both.
type StatusInput struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
	// The reason is published with the promise: personal data in it is
	// refused unless Redact asks for it masked (pii.PublicText).
	pii.Choice
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
	guard := pii.NewGuard(&e, in.Choice)
	reason = guard.Text("reason", reason, pii.PublicText)
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
		at := tx.Now()
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
		type state struct {
			Status string `json:"status"`
			Reason string `json:"reason"`
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "commitment", EntityID: audit.ID(id),
			Before: state{string(before.Status), before.Reason}, After: state{string(c.Status), c.Reason}}); err != nil {
			return err
		}
		return guard.Review().Record(ctx, tx, actor, "commitment", id)
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
	Measure        Measure          `json:"measure"`
	Status         CommitmentStatus `json:"status"`
	Reason         string           `json:"reason"`
	// Done counts the activities documented toward the commitment, and
	// Activities lists them, the earliest first.
	Done       int              `json:"done"`
	Activities []LinkedActivity `json:"activities"`
	// Coverage is, for a commitment measured by MeasurePremisesCoverage,
	// how many of the municipality's premises had a recorded visit in the
	// promise's period: its progress, rather than Done.
	Coverage *Coverage `json:"coverage,omitempty"`
}

// Coverage is the premises coverage of a commitment's period.
type Coverage struct {
	From            string `json:"from"`
	To              string `json:"to"`
	PremisesTotal   int    `json:"premises_total"`
	PremisesVisited int    `json:"premises_visited"`
}

// LinkedActivity is something done toward a commitment: an activity of
// the log, or an inspection or a meeting linked to the commitment, which
// count as the activities they are (a bar check, a meeting).
type LinkedActivity struct {
	ID             int64              `json:"id,string"`
	Source         string             `json:"source"` // activity, inspection or meeting: where ID points
	Kind           string             `json:"kind"`   // an activity kind
	OrganizationID int64              `json:"organization_id,string"`
	StartedAt      time.Time          `json:"started_at"`
	EndedAt        *time.Time         `json:"ended_at"`
	Place          string             `json:"place"`
	Counts         map[string]float64 `json:"counts"`
}

// Progress is the progress of a promise, commitment by commitment.
type Progress struct {
	PromiseID   int64                `json:"promise_id,string"`
	Commitments []CommitmentProgress `json:"commitments"`
}

// ProgressOf reports the progress of p as far as p itself says it: the
// commitments and their statuses, with nothing done. Store.Progress adds
// the activities.
func ProgressOf(p Promise) Progress {
	out := Progress{PromiseID: p.ID, Commitments: make([]CommitmentProgress, len(p.Commitments))}
	for i, c := range p.Commitments {
		out.Commitments[i] = CommitmentProgress{ID: c.ID, OrganizationID: c.OrganizationID, Text: c.Text, Target: c.Target,
			Unit: c.Unit, Measure: c.Measure, Status: c.Status, Reason: c.Reason, Activities: []LinkedActivity{}}
	}
	return out
}

// Progress reports the progress of p with what was done toward each
// commitment: the activities linked to it, and the inspections and
// meetings linked to it, that have started by now. A commitment's Done
// counts them, so that "3 av 10 kontroller" is Done against Target (one
// measured by the premises' coverage needs SetCoverage besides).
func (s *Store) Progress(ctx context.Context, p Promise) (Progress, error) {
	out := ProgressOf(p)
	if len(p.Commitments) == 0 {
		return out, nil
	}
	index := make(map[int64]*CommitmentProgress, len(out.Commitments))
	args := make([]any, len(out.Commitments))
	for i := range out.Commitments {
		index[out.Commitments[i].ID], args[i] = &out.Commitments[i], out.Commitments[i].ID
	}
	// What is planned is not done: only what has started counts.
	in := ` IN (` + db.Placeholders(len(args)) + `)`
	args = append(args, s.db.Now())
	// The tables of packages activity and premises, read here because
	// those packages build on this one.
	queries := []string{
		`SELECT a.commitment_id, 'activity', a.id, a.kind, a.organization_id, a.started_at, a.ended_at, a.place
			FROM activities a WHERE a.commitment_id` + in + ` AND a.started_at <= ?`,
		`SELECT i.commitment_id, 'inspection', i.id, 'bar_check', c.organization_id, i.conducted_at, NULL, pr.name
			FROM inspections i JOIN premises pr ON pr.id = i.premises_id JOIN commitments c ON c.id = i.commitment_id
			WHERE i.commitment_id` + in + ` AND i.conducted_at <= ?`,
		`SELECT m.commitment_id, 'meeting', m.id, 'meeting', m.organization_id, m.starts_at, m.ends_at, m.place
			FROM meetings m WHERE m.commitment_id` + in + ` AND m.starts_at <= ?`,
	}
	activities := map[int64]*LinkedActivity{}
	for _, q := range queries {
		err := each(ctx, s.db, q, args, func(sc scanner) error {
			var commitmentID int64
			var a LinkedActivity
			var ended sql.NullTime
			if err := sc.Scan(&commitmentID, &a.Source, &a.ID, &a.Kind, &a.OrganizationID, &a.StartedAt, &ended, &a.Place); err != nil {
				return err
			}
			a.StartedAt = a.StartedAt.UTC()
			if ended.Valid {
				t := ended.Time.UTC()
				a.EndedAt = &t
			}
			a.Counts = map[string]float64{}
			c := index[commitmentID]
			c.Activities = append(c.Activities, a)
			return nil
		})
		if err != nil {
			return out, fmt.Errorf("progress of promise %d: %w", p.ID, err)
		}
	}
	for i := range out.Commitments {
		c := &out.Commitments[i]
		for j := range c.Activities {
			if a := &c.Activities[j]; a.Source == "activity" {
				activities[a.ID] = a
			}
		}
	}
	if len(activities) > 0 {
		ids := make([]any, 0, len(activities))
		for id := range activities {
			ids = append(ids, id)
		}
		err := each(ctx, s.db, `SELECT activity_id, name, value FROM activity_counts WHERE activity_id IN (`+
			db.Placeholders(len(ids))+`)`, ids, func(sc scanner) error {
			var id int64
			var name string
			var v float64
			if err := sc.Scan(&id, &name, &v); err != nil {
				return err
			}
			activities[id].Counts[name] = v
			return nil
		})
		if err != nil {
			return out, fmt.Errorf("progress of promise %d: counts: %w", p.ID, err)
		}
	}
	for i := range out.Commitments {
		c := &out.Commitments[i]
		slices.SortFunc(c.Activities, func(a, b LinkedActivity) int {
			if n := a.StartedAt.Compare(b.StartedAt); n != 0 {
				return n
			}
			if n := strings.Compare(a.Source, b.Source); n != 0 {
				return n
			}
			return cmp.Compare(a.ID, b.ID)
		})
		c.Done = len(c.Activities)
	}
	return out, nil
}

// NeedsCoverage reports whether a commitment of the progress is measured
// by the premises' coverage, which SetCoverage then gives.
func (pr Progress) NeedsCoverage() bool {
	return slices.ContainsFunc(pr.Commitments, func(c CommitmentProgress) bool { return c.Measure == MeasurePremisesCoverage })
}

// SetCoverage gives the commitments measured by the premises' coverage
// the coverage of the promise's period in its municipality. Package
// premises reports it (premises.Store.Coverage); it builds on this
// package, so the caller asks it.
func (pr *Progress) SetCoverage(c Coverage) {
	for i := range pr.Commitments {
		if pr.Commitments[i].Measure == MeasurePremisesCoverage {
			pr.Commitments[i].Coverage = &c
		}
	}
}
