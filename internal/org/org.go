// Package org owns the parties of the collaboration: organisations, the
// municipalities they work in, and the people who belong to them with a role.
package org

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
)

// MaxName is the longest name of an organisation.
const MaxName = 200

// Kinds of organisation, as in the contract.
var Kinds = []string{"police", "municipality", "security_company", "rescue_service", "healthcare", "company", "association", "other"}

// Organization is a party: the police local area, a municipality, a
// destination company, a security-guard company, a restaurant.
type Organization struct {
	ID                int64     `json:"id,string"`
	Name              string    `json:"name"`
	Kind              string    `json:"kind"`
	MunicipalityCodes []string  `json:"municipality_codes"`
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
}

// Input is what an administrator gives to create or change an organisation.
type Input struct {
	Name              string   `json:"name"`
	Kind              string   `json:"kind"`
	MunicipalityCodes []string `json:"municipality_codes"`
}

// Store reads and writes organisations and memberships.
type Store struct {
	db *db.DB
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// nameKey is the name as compared for uniqueness: Unicode-normalised, case
// folded, inner white space collapsed. SQLite's lower() knows only ASCII, so
// this is done here rather than in SQL, for both dialects alike.
func nameKey(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(name)), " "))
}

func (s *Store) validate(ctx context.Context, q db.Queryer, in *Input) error {
	var e validation.Errors
	in.Name = e.Text("name", norm.NFC.String(in.Name), true, MaxName)
	e.OneOf("kind", in.Kind, Kinds)
	codes := make([]string, 0, len(in.MunicipalityCodes))
	for _, c := range in.MunicipalityCodes {
		c = strings.TrimSpace(c)
		if c != "" && !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	in.MunicipalityCodes = codes
	if len(codes) == 0 {
		e.Add("municipality_codes", "error.municipality_required")
	}
	for _, c := range codes {
		if !municipality.ValidCode(c) {
			e.Add("municipality_codes", "error.municipality_unknown", c)
			break
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, c).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			e.Add("municipality_codes", "error.municipality_unknown", c)
			break
		}
	}
	return e.Err()
}

// Create adds an organisation.
func (s *Store) Create(ctx context.Context, actor audit.Actor, in Input) (Organization, error) {
	var o Organization
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.validate(ctx, tx, &in); err != nil {
			return err
		}
		now := tx.Now()
		err := tx.QueryRowContext(ctx, `
			INSERT INTO organizations (name, name_key, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
			RETURNING id, name, kind, created_at, updated_at`,
			in.Name, nameKey(in.Name), in.Kind, now, now).Scan(&o.ID, &o.Name, &o.Kind, &o.CreatedAt, &o.UpdatedAt)
		if err := nameTaken(db.Normalize(err)); err != nil {
			return err
		}
		if err := setMunicipalities(ctx, tx, o.ID, in.MunicipalityCodes); err != nil {
			return err
		}
		o.MunicipalityCodes = in.MunicipalityCodes
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "organization", EntityID: audit.ID(o.ID), After: o})
	})
	return o, err
}

// Update changes an organisation.
func (s *Store) Update(ctx context.Context, actor audit.Actor, id int64, in Input) (Organization, error) {
	var o Organization
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.validate(ctx, tx, &in); err != nil {
			return err
		}
		before, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `
			UPDATE organizations SET name = ?, name_key = ?, kind = ?, updated_at = ? WHERE id = ?
			RETURNING id, name, kind, created_at, updated_at`,
			in.Name, nameKey(in.Name), in.Kind, tx.Now(), id).
			Scan(&o.ID, &o.Name, &o.Kind, &o.CreatedAt, &o.UpdatedAt)
		if err := nameTaken(db.Normalize(err)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM organization_municipalities WHERE organization_id = ?`, id); err != nil {
			return err
		}
		if err := setMunicipalities(ctx, tx, id, in.MunicipalityCodes); err != nil {
			return err
		}
		o.MunicipalityCodes = in.MunicipalityCodes
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "organization", EntityID: audit.ID(id), Before: before, After: o})
	})
	return o, err
}

func nameTaken(err error) error {
	if errors.Is(err, db.ErrConflict) {
		var e validation.Errors
		e.Add("name", "error.name_taken")
		return e.Err()
	}
	if err != nil {
		return fmt.Errorf("organization: %w", err)
	}
	return nil
}

func setMunicipalities(ctx context.Context, tx *db.Tx, id int64, codes []string) error {
	for _, c := range codes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO organization_municipalities (organization_id, municipality_code) VALUES (?, ?)`, id, c); err != nil {
			return fmt.Errorf("organization %d in municipality %s: %w", id, c, err)
		}
	}
	return nil
}

// ByID returns one organisation, or db.ErrNotFound.
func (s *Store) ByID(ctx context.Context, id int64) (Organization, error) {
	return byID(ctx, s.db, id)
}

func byID(ctx context.Context, q db.Queryer, id int64) (Organization, error) {
	var o Organization
	err := q.QueryRowContext(ctx, `SELECT id, name, kind, created_at, updated_at FROM organizations WHERE id = ?`, id).
		Scan(&o.ID, &o.Name, &o.Kind, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return Organization{}, fmt.Errorf("organization %d: %w", id, db.Normalize(err))
	}
	codes, err := municipalitiesOf(ctx, q, []int64{id})
	if err != nil {
		return Organization{}, err
	}
	o.MunicipalityCodes = codes[id]
	return o, nil
}

// ByName returns the organisation with this name (compared as for
// uniqueness), or db.ErrNotFound.
func (s *Store) ByName(ctx context.Context, name string) (Organization, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM organizations WHERE name_key = ?`, nameKey(name)).Scan(&id)
	if err != nil {
		return Organization{}, fmt.Errorf("organization %q: %w", name, db.Normalize(err))
	}
	return s.ByID(ctx, id)
}

// Filter narrows a listing of organisations.
type Filter struct {
	MunicipalityCode string
	Cursor           string
	Limit            int
}

// List returns organisations ordered by name, a page at a time.
func (s *Store) List(ctx context.Context, f Filter) (db.Page[Organization], error) {
	cur, err := db.DecodeCursor(f.Cursor)
	if err != nil {
		return db.Page[Organization]{}, err
	}
	limit := db.Limit(f.Limit, 50, 500)
	q := `SELECT o.id, o.name, o.kind, o.created_at, o.updated_at, o.name_key FROM organizations o WHERE 1 = 1`
	var args []any
	if f.MunicipalityCode != "" {
		q += ` AND EXISTS (SELECT 1 FROM organization_municipalities om WHERE om.organization_id = o.id AND om.municipality_code = ?)`
		args = append(args, f.MunicipalityCode)
	}
	if cur.ID != 0 {
		q += ` AND (o.name_key > ? OR (o.name_key = ? AND o.id > ?))`
		args = append(args, cur.Key, cur.Key, cur.ID)
	}
	q += ` ORDER BY o.name_key, o.id LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return db.Page[Organization]{}, fmt.Errorf("list organizations: %w", err)
	}
	defer rows.Close()
	var page db.Page[Organization]
	var keys []string
	for rows.Next() {
		var o Organization
		var key string
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.CreatedAt, &o.UpdatedAt, &key); err != nil {
			return db.Page[Organization]{}, err
		}
		page.Items = append(page.Items, o)
		keys = append(keys, key)
	}
	if err := rows.Err(); err != nil {
		return db.Page[Organization]{}, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.Next = db.Cursor{Key: keys[limit-1], ID: page.Items[limit-1].ID}.Encode()
	}
	ids := make([]int64, len(page.Items))
	for i, o := range page.Items {
		ids[i] = o.ID
	}
	codes, err := municipalitiesOf(ctx, s.db, ids)
	if err != nil {
		return db.Page[Organization]{}, err
	}
	for i := range page.Items {
		page.Items[i].MunicipalityCodes = codes[page.Items[i].ID]
	}
	return page, nil
}

func municipalitiesOf(ctx context.Context, q db.Queryer, ids []int64) (map[int64][]string, error) {
	out := make(map[int64][]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
		out[id] = []string{}
	}
	rows, err := q.QueryContext(ctx, `SELECT organization_id, municipality_code FROM organization_municipalities
		WHERE organization_id IN (`+db.Placeholders(len(ids))+`) ORDER BY municipality_code`, args...)
	if err != nil {
		return nil, fmt.Errorf("municipalities of organizations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		out[id] = append(out[id], code)
	}
	return out, rows.Err()
}
