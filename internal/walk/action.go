package walk

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// ActionInput turns a point into an action (the form on the walk's page;
// POST /api/v1/safety-walks/{id}/points carries none: actions are made on
// the page or by ActionInput through the store).
type ActionInput struct {
	Text           string `json:"text"`
	OrganizationID string `json:"organization_id"`
	DueOn          string `json:"due_on"`
	Status         string `json:"status"`
	ReportID       string `json:"report_id"`
	CommitmentID   string `json:"commitment_id"`
	// ReportVisible, when set, says whether the user may read a report
	// the action links to.
	ReportVisible ReportVisible `json:"-"`
	pii.Choice
}

// ActionChange is a change of an action (PATCH
// /api/v1/safety-walk-actions/{id}, or the edit form): its status, due
// date, owner, text, and links to a report and a commitment (an empty
// string or null clears a link). A status of done sets done_on to today,
// another clears it.
type ActionChange struct {
	Text           string `json:"text"`
	OrganizationID string `json:"organization_id"`
	DueOn          string `json:"due_on"`
	Status         string `json:"status"`
	ReportID       string `json:"report_id"`
	CommitmentID   string `json:"commitment_id"`
	// ReportVisible, when set, says whether the user may read a report
	// the action newly links to.
	ReportVisible ReportVisible `json:"-"`
	pii.Choice
}

// ChangeOf returns the change that leaves a as it is.
func ChangeOf(a Action) ActionChange {
	ch := ActionChange{Text: a.Text, OrganizationID: fmt.Sprint(a.OrganizationID), DueOn: a.DueOn, Status: a.Status}
	if a.ReportID != 0 {
		ch.ReportID = fmt.Sprint(a.ReportID)
	}
	if a.CommitmentID != 0 {
		ch.CommitmentID = fmt.Sprint(a.CommitmentID)
	}
	return ch
}

// checkAction checks the fields an action and its change share.
func checkAction(ctx context.Context, q db.Queryer, e *validation.Errors, guard *pii.Guard, code string, a *Action,
	text, orgID, dueOn, status, storedText string) error {
	a.Text = e.Text("text", text, true, maxActionText)
	a.Text = guard.Kept("text", a.Text, storedText, pii.WorkNotes)
	a.DueOn = e.Date("due_on", dueOn, false)
	a.Status = strings.TrimSpace(status)
	if a.Status == "" {
		a.Status = StatusOpen
	}
	e.OneOf("status", a.Status, Statuses)
	a.OrganizationID = parseID(orgID)
	if a.OrganizationID == 0 {
		e.Add("organization_id", "error.choose")
		return nil
	}
	name, err := organizationIn(ctx, q, a.OrganizationID, code)
	if err != nil {
		return err
	}
	if name == "" {
		e.Add("organization_id", "walk.error.organization_not_in_municipality")
	}
	a.OrganizationName = name
	return nil
}

// today is the date in Sweden on the transaction's clock.
func today(tx *db.Tx) string { return tx.Now().In(clock.Zone()).Format(validation.DateLayout) }

// AddAction makes an action of a point.
func (s *Store) AddAction(ctx context.Context, actor audit.Actor, pointID int64, in ActionInput) (Action, error) {
	var a Action
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var code string
		err := tx.QueryRowContext(ctx, `SELECT w.municipality_code FROM safety_walk_points p JOIN safety_walks w ON w.id = p.walk_id
			WHERE p.id = ?`, pointID).Scan(&code)
		if err != nil {
			return fmt.Errorf("point %d: %w", pointID, db.Normalize(err))
		}
		var e validation.Errors
		guard := pii.NewGuard(&e, in.Choice)
		a = Action{PointID: pointID}
		if err := checkAction(ctx, tx, &e, guard, code, &a, in.Text, in.OrganizationID, in.DueOn, in.Status, ""); err != nil {
			return err
		}
		l := linkCheck{code: code, reportID: in.ReportID, commitmentID: in.CommitmentID, reportVisible: in.ReportVisible}
		if a.ReportID, a.CommitmentID, err = checkLinks(ctx, tx, &e, l); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		if a.Status == StatusDone {
			a.DoneOn = today(tx)
		}
		a.CreatedAt, a.UpdatedAt = tx.Now(), tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO safety_walk_actions (point_id, text, organization_id, due_on, status, done_on,
			report_id, commitment_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			pointID, a.Text, a.OrganizationID, a.DueOn, a.Status, a.DoneOn, db.NullID(a.ReportID), db.NullID(a.CommitmentID),
			a.CreatedAt, a.UpdatedAt).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("add action: %w", db.Normalize(err))
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "safety_walk_action", EntityID: audit.ID(a.ID),
			After: a}); err != nil {
			return err
		}
		return guard.Review().Record(ctx, tx, actor, "safety_walk_action", a.ID)
	})
	return a, err
}

// ActionOf returns an action with the municipality of its walk and the
// walk's id, or db.ErrNotFound.
func (s *Store) ActionOf(ctx context.Context, actionID int64) (a Action, walkID int64, municipalityCode string, err error) {
	return actionByID(ctx, s.db, actionID)
}

func actionByID(ctx context.Context, q db.Queryer, actionID int64) (a Action, walkID int64, code string, err error) {
	a, w, err := actionWithWalk(ctx, q, actionID)
	return a, w.ID, w.MunicipalityCode, err
}

// actionWithWalk returns an action with its walk's id, date and
// municipality.
func actionWithWalk(ctx context.Context, q db.Queryer, actionID int64) (Action, Walk, error) {
	var w Walk
	row := q.QueryRowContext(ctx, `SELECT `+actionColumns+`, w.id, w.held_on, w.municipality_code FROM safety_walk_actions a
		JOIN organizations o ON o.id = a.organization_id JOIN safety_walk_points p ON p.id = a.point_id
		JOIN safety_walks w ON w.id = p.walk_id WHERE a.id = ?`, actionID)
	a, err := scanAction(row, &w.ID, &w.HeldOn, &w.MunicipalityCode)
	if err != nil {
		return Action{}, Walk{}, fmt.Errorf("action %d: %w", actionID, db.Normalize(err))
	}
	return a, w, nil
}

// DeleteAction removes an action of a point, with an audit entry.
func (s *Store) DeleteAction(ctx context.Context, actor audit.Actor, actionID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, w, err := actionWithWalk(ctx, tx, actionID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM safety_walk_actions WHERE id = ?`, actionID); err != nil {
			return fmt.Errorf("delete action %d: %w", actionID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_walks SET updated_at = ? WHERE id = ?`, tx.Now(), w.ID); err != nil {
			return fmt.Errorf("walk %d: %w", w.ID, err)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "delete", Entity: "safety_walk_action", EntityID: audit.ID(actionID),
			Before: before})
	})
}

// UpdateAction changes an action: its status above all, as the
// responsible organisation works on it.
func (s *Store) UpdateAction(ctx context.Context, actor audit.Actor, actionID int64, ch ActionChange) (Action, error) {
	var a Action
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, w, err := actionWithWalk(ctx, tx, actionID)
		if err != nil {
			return err
		}
		var e validation.Errors
		guard := pii.NewGuard(&e, ch.Choice)
		a = before
		if err := checkAction(ctx, tx, &e, guard, w.MunicipalityCode, &a, ch.Text, ch.OrganizationID, ch.DueOn, ch.Status, before.Text); err != nil {
			return err
		}
		l := linkCheck{code: w.MunicipalityCode, reportID: ch.ReportID, commitmentID: ch.CommitmentID, reportVisible: ch.ReportVisible,
			storedReport: before.ReportID, storedCommitment: before.CommitmentID, change: true, days: []string{w.HeldOn, today(tx)}}
		if a.ReportID, a.CommitmentID, err = checkLinks(ctx, tx, &e, l); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		switch {
		case a.Status != StatusDone:
			a.DoneOn = ""
		case before.Status != StatusDone || a.DoneOn == "":
			a.DoneOn = today(tx)
		}
		a.UpdatedAt = tx.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE safety_walk_actions SET text = ?, organization_id = ?, due_on = ?, status = ?,
			done_on = ?, report_id = ?, commitment_id = ?, updated_at = ? WHERE id = ?`, a.Text, a.OrganizationID, a.DueOn, a.Status, a.DoneOn,
			db.NullID(a.ReportID), db.NullID(a.CommitmentID), a.UpdatedAt, actionID); err != nil {
			return fmt.Errorf("action %d: %w", actionID, err)
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "safety_walk_action", EntityID: audit.ID(actionID),
			Before: before, After: a}); err != nil {
			return err
		}
		return guard.Review().Record(ctx, tx, actor, "safety_walk_action", actionID)
	})
	return a, err
}

// OpenAction is an action not done, with its walk, for a start page.
type OpenAction struct {
	Action
	WalkID           int64  `json:"walk_id,string"`
	WalkArea         string `json:"walk_area"`
	WalkHeldOn       string `json:"walk_held_on"`
	MunicipalityCode string `json:"municipality_code"`
	Category         string `json:"category"`
	Place            string `json:"place"`
}

// Overdue reports whether the action is due before today (YYYY-MM-DD).
func (a OpenAction) Overdue(today string) bool { return a.DueOn != "" && a.DueOn < today }

// OpenActions returns the actions not done that the organisations own,
// those due first, then those without a date.
func (s *Store) OpenActions(ctx context.Context, organizationIDs []int64) ([]OpenAction, error) {
	out := []OpenAction{}
	if len(organizationIDs) == 0 {
		return out, nil
	}
	err := db.Each(ctx, s.db, `SELECT `+actionColumns+`, w.id, w.area, w.held_on, w.municipality_code, p.category, p.place
		FROM safety_walk_actions a JOIN organizations o ON o.id = a.organization_id JOIN safety_walk_points p ON p.id = a.point_id
		JOIN safety_walks w ON w.id = p.walk_id
		WHERE a.status <> 'done' AND a.organization_id IN (`+db.Placeholders(len(organizationIDs))+`)
		ORDER BY CASE WHEN a.due_on = '' THEN 1 ELSE 0 END, a.due_on, a.id`, db.IDArgs(organizationIDs), func(sc db.Scanner) error {
		var o OpenAction
		var err error
		o.Action, err = scanAction(sc, &o.WalkID, &o.WalkArea, &o.WalkHeldOn, &o.MunicipalityCode, &o.Category, &o.Place)
		if err != nil {
			return err
		}
		out = append(out, o)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("open walk actions: %w", err)
	}
	return out, nil
}

// Date is the day of t in Sweden, as stored dates are written.
func Date(t time.Time) string { return t.In(clock.Zone()).Format(validation.DateLayout) }
