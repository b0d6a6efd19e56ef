// Package municipality owns Sweden's 290 municipalities (kommuner) with
// their codes, shipped with the product from SCB's list, and which of them
// use the service.
package municipality

import (
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

//go:embed kommuner.csv
var kommunerCSV string

// Municipality is a Swedish kommun.
type Municipality struct {
	Code       string // kommunkod, four digits: Mora 2062
	Name       string
	CountyCode string // länskod, two digits: Dalarna 20
	CountyName string
}

var codePattern = regexp.MustCompile(`^[0-9]{4}$`)

// ValidCode reports whether code has the form of a kommunkod.
func ValidCode(code string) bool { return codePattern.MatchString(code) }

// All parses the shipped list. It fails only if the shipped file is broken,
// which a test guards against.
func All() ([]Municipality, error) {
	r := csv.NewReader(strings.NewReader(kommunerCSV))
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("kommuner.csv: %w", err)
	}
	if strings.Join(header, ",") != "kommunkod,kommun,lanskod,lan" {
		return nil, fmt.Errorf("kommuner.csv: unexpected header %q", header)
	}
	var all []Municipality
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return all, nil
		}
		if err != nil {
			return nil, fmt.Errorf("kommuner.csv: %w", err)
		}
		all = append(all, Municipality{Code: rec[0], Name: rec[1], CountyCode: rec[2], CountyName: rec[3]})
	}
}

// Store reads and writes municipalities.
type Store struct {
	db *db.DB
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Sync makes the municipalities table hold the shipped list. It runs at
// every start and changes nothing when the list is already there.
func (s *Store) Sync(ctx context.Context) error {
	all, err := All()
	if err != nil {
		return err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM municipalities").Scan(&n); err != nil {
		return fmt.Errorf("count municipalities: %w", err)
	}
	if n == len(all) {
		return nil
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, m := range all {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO municipalities (code, name, county_code, county_name) VALUES (?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name = excluded.name,
					county_code = excluded.county_code, county_name = excluded.county_name`,
				m.Code, m.Name, m.CountyCode, m.CountyName)
			if err != nil {
				return fmt.Errorf("insert municipality %s: %w", m.Code, err)
			}
		}
		return nil
	})
}

// List returns every municipality ordered by name.
func (s *Store) List(ctx context.Context) ([]Municipality, error) {
	return s.query(ctx, `SELECT code, name, county_code, county_name FROM municipalities ORDER BY code`)
}

// InUse returns the municipalities where at least one organisation works,
// ordered by name: the ones that use the service.
func (s *Store) InUse(ctx context.Context) ([]Municipality, error) {
	return s.query(ctx, `
		SELECT m.code, m.name, m.county_code, m.county_name FROM municipalities m
		WHERE EXISTS (SELECT 1 FROM organization_municipalities om WHERE om.municipality_code = m.code)
		ORDER BY m.code`)
}

// ByCode returns one municipality, or db.ErrNotFound.
func (s *Store) ByCode(ctx context.Context, code string) (Municipality, error) {
	var m Municipality
	err := s.db.QueryRowContext(ctx, `SELECT code, name, county_code, county_name FROM municipalities WHERE code = ?`, code).
		Scan(&m.Code, &m.Name, &m.CountyCode, &m.CountyName)
	if err != nil {
		return Municipality{}, fmt.Errorf("municipality %s: %w", code, db.Normalize(err))
	}
	return m, nil
}

func (s *Store) query(ctx context.Context, q string, args ...any) ([]Municipality, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list municipalities: %w", err)
	}
	defer rows.Close()
	var out []Municipality
	for rows.Next() {
		var m Municipality
		if err := rows.Scan(&m.Code, &m.Name, &m.CountyCode, &m.CountyName); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Check checks that code, given in field, is a municipality of the list,
// recording what is wrong in e.
func Check(ctx context.Context, q db.Queryer, e *validation.Errors, field, code string) error {
	if code == "" {
		e.Add(field, "error.choose")
		return nil
	}
	if !ValidCode(code) {
		e.Add(field, "error.municipality_unknown", code)
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, code).Scan(&n); err != nil {
		return fmt.Errorf("municipality %s: %w", code, err)
	}
	if n == 0 {
		e.Add(field, "error.municipality_unknown", code)
	}
	return nil
}
