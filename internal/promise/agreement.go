package promise

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// AgreementInput is what a coordinator gives to make or change an
// agreement. Parties are given as ids (party_ids), as rows with their
// signatories (parties), or both.
type AgreementInput struct {
	Title            string           `json:"title"`
	MunicipalityCode string           `json:"municipality_code"`
	PartyIDs         []string         `json:"party_ids"`
	Parties          []PartyInput     `json:"parties"`
	SignedOn         string           `json:"signed_on"`
	SignedPlace      string           `json:"signed_place"`
	StartsOn         string           `json:"starts_on"`
	EndsOn           string           `json:"ends_on"`
	Purpose          string           `json:"purpose"`
	Collaboration    string           `json:"collaboration"`
	Problem          string           `json:"problem"`
	Documentation    string           `json:"documentation"`
	FollowUp         string           `json:"follow_up"`
	FocusAreas       []FocusAreaInput `json:"focus_areas"`
	// Personal data in the texts is refused unless Redact asks for it
	// masked (pii.AgreementText).
	pii.Choice
}

// FocusAreaInput is a focus area as given by a client.
type FocusAreaInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
}

// validate checks in and returns the agreement it describes, without ids,
// and what was decided about personal data in its texts.
func (in AgreementInput) validate(ctx context.Context, q db.Queryer) (Agreement, pii.Review, error) {
	var e validation.Errors
	guard := pii.NewGuard(&e, in.Choice)
	a := Agreement{
		Title:         e.Text("title", in.Title, true, maxShort),
		SignedPlace:   e.Text("signed_place", in.SignedPlace, false, maxShort),
		Purpose:       e.Text("purpose", in.Purpose, true, maxLong),
		Collaboration: e.Text("collaboration", in.Collaboration, false, maxLong),
		Problem:       e.Text("problem", in.Problem, false, maxLong),
		Documentation: e.Text("documentation", in.Documentation, false, maxLong),
		FollowUp:      e.Text("follow_up", in.FollowUp, false, maxLong),
		StartsOn:      in.StartsOn,
		EndsOn:        in.EndsOn,
	}
	for _, f := range []struct {
		name string
		text *string
	}{{"purpose", &a.Purpose}, {"collaboration", &a.Collaboration}, {"problem", &a.Problem},
		{"documentation", &a.Documentation}, {"follow_up", &a.FollowUp}} {
		*f.text = guard.Text(f.name, *f.text, pii.AgreementText)
	}
	var err error
	if a.MunicipalityCode, err = checkMunicipality(ctx, q, &e, in.MunicipalityCode); err != nil {
		return a, pii.Review{}, err
	}
	if a.Parties, err = checkParties(ctx, q, &e, in.PartyIDs, in.Parties, 2); err != nil {
		return a, pii.Review{}, err
	}
	a.SignedOn = checkDate(&e, "signed_on", in.SignedOn, false)
	checkPeriod(&e, &a.StartsOn, &a.EndsOn)
	a.FocusAreas = []FocusArea{}
	for i, f := range in.FocusAreas {
		if f.Title == "" && f.Description == "" {
			continue // an empty row of a form
		}
		field := row("focus_areas", i, "description")
		a.FocusAreas = append(a.FocusAreas, FocusArea{
			Title:       e.Text(row("focus_areas", i, "title"), f.Title, true, maxShort),
			Description: guard.Text(field, e.Text(field, f.Description, false, maxLong), pii.AgreementText),
		})
	}
	return a, guard.Review(), e.Err()
}

// CreateAgreement adds an agreement as its version 1.
func (s *Store) CreateAgreement(ctx context.Context, actor audit.Actor, in AgreementInput) (Agreement, error) {
	var a Agreement
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var review pii.Review
		var err error
		if a, review, err = in.validate(ctx, tx); err != nil {
			return err
		}
		a.Version = 1
		a.CreatedAt, a.UpdatedAt = tx.Now(), tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO agreements (municipality_code, title, signed_on, signed_place, starts_on, ends_on,
			purpose, collaboration, problem, documentation, follow_up, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.MunicipalityCode, a.Title, a.SignedOn, a.SignedPlace, a.StartsOn, a.EndsOn, a.Purpose, a.Collaboration,
			a.Problem, a.Documentation, a.FollowUp, a.Version, a.CreatedAt, a.UpdatedAt).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("create agreement: %w", db.Normalize(err))
		}
		if err := s.writeAgreementParts(ctx, tx, &a); err != nil {
			return err
		}
		if err := s.recordVersion(ctx, tx, actor, "create", nil, a); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "agreement", a.ID)
	})
	return a, err
}

// UpdateAgreement replaces the agreement with id by in, as a new version.
// A change that changes nothing makes no version.
func (s *Store) UpdateAgreement(ctx context.Context, actor audit.Actor, id int64, in AgreementInput) (Agreement, error) {
	var a Agreement
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := agreementByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var review pii.Review
		if a, review, err = in.validate(ctx, tx); err != nil {
			return err
		}
		a.ID, a.CreatedAt, a.Version, a.UpdatedAt = before.ID, before.CreatedAt, before.Version, before.UpdatedAt
		if len(Changes(before, a)) == 0 {
			a = before
			return nil
		}
		a.Version, a.UpdatedAt = before.Version+1, tx.Now()
		_, err = tx.ExecContext(ctx, `UPDATE agreements SET municipality_code = ?, title = ?, signed_on = ?, signed_place = ?,
			starts_on = ?, ends_on = ?, purpose = ?, collaboration = ?, problem = ?, documentation = ?, follow_up = ?,
			version = ?, updated_at = ? WHERE id = ?`,
			a.MunicipalityCode, a.Title, a.SignedOn, a.SignedPlace, a.StartsOn, a.EndsOn, a.Purpose, a.Collaboration,
			a.Problem, a.Documentation, a.FollowUp, a.Version, a.UpdatedAt, id)
		if err != nil {
			return fmt.Errorf("update agreement %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM agreement_focus_areas WHERE agreement_id = ?`, id); err != nil {
			return fmt.Errorf("clear focus areas: %w", err)
		}
		if err := s.writeAgreementParts(ctx, tx, &a); err != nil {
			return err
		}
		if err := s.recordVersion(ctx, tx, actor, "update", &before, a); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "agreement", id)
	})
	return a, err
}

// writeAgreementParts stores the parties and focus areas of a, giving the
// focus areas their new ids.
func (s *Store) writeAgreementParts(ctx context.Context, tx *db.Tx, a *Agreement) error {
	if err := agreementParties.replace(ctx, tx, a.ID, a.Parties); err != nil {
		return err
	}
	a.PartyIDs = partyIDs(a.Parties)
	for i := range a.FocusAreas {
		f := &a.FocusAreas[i]
		err := tx.QueryRowContext(ctx, `INSERT INTO agreement_focus_areas (agreement_id, position, title, description)
			VALUES (?, ?, ?, ?) RETURNING id`, a.ID, i, f.Title, f.Description).Scan(&f.ID)
		if err != nil {
			return fmt.Errorf("add focus area: %w", db.Normalize(err))
		}
	}
	return nil
}

// recordVersion keeps the agreement as it is now as a version, and writes
// the change to the audit trail.
func (s *Store) recordVersion(ctx context.Context, tx *db.Tx, actor audit.Actor, action string, before *Agreement, a Agreement) error {
	snapshot, err := json.Marshal(a)
	if err != nil {
		return err
	}
	var actorID sql.NullInt64
	if actor.UserID != 0 {
		actorID = sql.NullInt64{Int64: actor.UserID, Valid: true}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO agreement_versions (agreement_id, version, at, actor_id, actor_label, snapshot_json)
		VALUES (?, ?, ?, ?, ?, ?)`, a.ID, a.Version, a.UpdatedAt, actorID, actor.Label, string(snapshot))
	if err != nil {
		return fmt.Errorf("agreement version: %w", err)
	}
	entry := audit.Entry{Action: action, Entity: "agreement", EntityID: audit.ID(a.ID), After: a}
	if before != nil {
		entry.Before = *before
	}
	return audit.Record(ctx, tx, actor, entry)
}

func partyIDs(parties []Party) []string {
	ids := make([]string, len(parties))
	for i, p := range parties {
		ids[i] = strconv.FormatInt(p.OrganizationID, 10)
	}
	return ids
}

const agreementColumns = `a.id, a.municipality_code, a.title, a.signed_on, a.signed_place, a.starts_on, a.ends_on, a.purpose,
	a.collaboration, a.problem, a.documentation, a.follow_up, a.version, a.created_at, a.updated_at`

func scanAgreement(sc interface{ Scan(...any) error }, a *Agreement) error {
	return sc.Scan(&a.ID, &a.MunicipalityCode, &a.Title, &a.SignedOn, &a.SignedPlace, &a.StartsOn, &a.EndsOn, &a.Purpose,
		&a.Collaboration, &a.Problem, &a.Documentation, &a.FollowUp, &a.Version, &a.CreatedAt, &a.UpdatedAt)
}

// Agreement returns one agreement, or db.ErrNotFound.
func (s *Store) Agreement(ctx context.Context, id int64) (Agreement, error) {
	return agreementByID(ctx, s.db, id)
}

func agreementByID(ctx context.Context, q db.Queryer, id int64) (Agreement, error) {
	var a Agreement
	if err := scanAgreement(q.QueryRowContext(ctx, `SELECT `+agreementColumns+` FROM agreements a WHERE a.id = ?`, id), &a); err != nil {
		return Agreement{}, fmt.Errorf("agreement %d: %w", id, db.Normalize(err))
	}
	list := []Agreement{a}
	if err := fillAgreements(ctx, q, list); err != nil {
		return Agreement{}, err
	}
	return list[0], nil
}

// fillAgreements reads the parties and focus areas of the agreements.
func fillAgreements(ctx context.Context, q db.Queryer, list []Agreement) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	args := make([]any, len(list))
	for i, a := range list {
		ids[i], args[i] = a.ID, a.ID
	}
	parties, err := agreementParties.of(ctx, q, ids)
	if err != nil {
		return err
	}
	areas := map[int64][]FocusArea{}
	rows, err := q.QueryContext(ctx, `SELECT agreement_id, id, title, description FROM agreement_focus_areas
		WHERE agreement_id IN (`+db.Placeholders(len(ids))+`) ORDER BY agreement_id, position`, args...)
	if err != nil {
		return fmt.Errorf("focus areas: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var f FocusArea
		if err := rows.Scan(&id, &f.ID, &f.Title, &f.Description); err != nil {
			return err
		}
		areas[id] = append(areas[id], f)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range list {
		a := &list[i]
		a.Parties = parties[a.ID]
		a.PartyIDs = partyIDs(a.Parties)
		a.FocusAreas = areas[a.ID]
		if a.FocusAreas == nil {
			a.FocusAreas = []FocusArea{}
		}
	}
	return nil
}

// AgreementFilter narrows a listing of agreements.
type AgreementFilter struct {
	Scope            Scope
	MunicipalityCode string
	Cursor           string
	Limit            int
}

// Agreements lists the agreements in the scope, the latest period first.
func (s *Store) Agreements(ctx context.Context, f AgreementFilter) (db.Page[Agreement], error) {
	cur, err := db.DecodeCursor(f.Cursor)
	if err != nil {
		return db.Page[Agreement]{}, err
	}
	limit := db.Limit(f.Limit, 50, 500)
	cond, args := f.Scope.where("a", agreementParties)
	q := `SELECT ` + agreementColumns + ` FROM agreements a WHERE ` + cond
	if f.MunicipalityCode != "" {
		q += ` AND a.municipality_code = ?`
		args = append(args, f.MunicipalityCode)
	}
	if cur.ID != 0 {
		q += ` AND (a.starts_on < ? OR (a.starts_on = ? AND a.id < ?))`
		args = append(args, cur.Key, cur.Key, cur.ID)
	}
	q += ` ORDER BY a.starts_on DESC, a.id DESC LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return db.Page[Agreement]{}, fmt.Errorf("list agreements: %w", err)
	}
	var page db.Page[Agreement]
	for rows.Next() {
		var a Agreement
		if err := scanAgreement(rows, &a); err != nil {
			rows.Close()
			return db.Page[Agreement]{}, err
		}
		page.Items = append(page.Items, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.Page[Agreement]{}, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = db.Cursor{Key: last.StartsOn, ID: last.ID}.Encode()
	}
	return page, fillAgreements(ctx, s.db, page.Items)
}

// Versions returns every version of the agreement, the newest first.
func (s *Store) Versions(ctx context.Context, id int64) ([]Version, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT version, at, actor_id, actor_label, snapshot_json FROM agreement_versions
		WHERE agreement_id = ? ORDER BY version DESC`, id)
	if err != nil {
		return nil, fmt.Errorf("agreement versions: %w", err)
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var actorID sql.NullInt64
		var snapshot string
		if err := rows.Scan(&v.Version, &v.At, &actorID, &v.ActorLabel, &snapshot); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(snapshot), &v.Agreement); err != nil {
			return nil, fmt.Errorf("agreement %d version %d: %w", id, v.Version, err)
		}
		v.ActorID = actorID.Int64
		out = append(out, v)
	}
	return out, rows.Err()
}

// AgreementInputOf returns the input that would make a as it is, as the
// start of a change.
func AgreementInputOf(a Agreement) AgreementInput {
	in := AgreementInput{
		Title: a.Title, MunicipalityCode: a.MunicipalityCode, Parties: partyInputs(a.Parties), SignedOn: a.SignedOn,
		SignedPlace: a.SignedPlace, StartsOn: a.StartsOn, EndsOn: a.EndsOn, Purpose: a.Purpose, Collaboration: a.Collaboration,
		Problem: a.Problem, Documentation: a.Documentation, FollowUp: a.FollowUp,
	}
	for _, f := range a.FocusAreas {
		in.FocusAreas = append(in.FocusAreas, FocusAreaInput{Title: f.Title, Description: f.Description})
	}
	return in
}
