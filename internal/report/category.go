package report

import (
	"context"
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// DefaultCategories is the checklist a municipality starts with, from the
// EST method's weekly report form. A municipality may replace it with its
// own (SetCategories); reports then choose from that list.
var DefaultCategories = []string{
	"Ordningsstörning",
	"Berusade personer",
	"Misstänkt narkotika",
	"Skadegörelse",
	"Klotter",
	"Nedskräpning",
	"Hot eller våld",
	"Ungdomsgrupper som samlas",
	"Buskörning/A-traktor",
	"Vårdslös trafik",
	"Otrygg plats (belysning, skymd sikt)",
	"Övrigt",
}

const (
	maxCategories     = 50
	maxCategoryLength = 100
)

// fold is a name as compared: Unicode-normalised, lower case, inner white
// space collapsed. SQLite's lower() knows only ASCII, so this is done in Go
// for both dialects alike.
func fold(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

// Categories returns the municipality's checklist: its own, or the default.
func (s *Store) Categories(ctx context.Context, municipalityCode string) ([]string, error) {
	return categories(ctx, s.db, municipalityCode)
}

func categories(ctx context.Context, q db.Queryer, code string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM report_categories WHERE municipality_code = ? ORDER BY position`, code)
	if err != nil {
		return nil, fmt.Errorf("categories of %s: %w", code, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		out = append(out, DefaultCategories...)
	}
	return out, nil
}

// SetCategories replaces the municipality's checklist. Reports already made
// keep their category. An empty list is refused; to go back to the default,
// give the default.
func (s *Store) SetCategories(ctx context.Context, actor audit.Actor, municipalityCode string, names []string) ([]string, error) {
	var e validation.Errors
	clean := checkCategories(&e, names)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := municipalityOf(ctx, tx, municipalityCode, &e, "municipality_code"); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		before, err := categories(ctx, tx, municipalityCode)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_categories WHERE municipality_code = ?`, municipalityCode); err != nil {
			return fmt.Errorf("replace categories: %w", err)
		}
		for i, n := range clean {
			if _, err := tx.ExecContext(ctx, `INSERT INTO report_categories (municipality_code, position, name) VALUES (?, ?, ?)`,
				municipalityCode, i, n); err != nil {
				return fmt.Errorf("insert category: %w", err)
			}
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "report_categories", EntityID: municipalityCode,
			Before: before, After: clean})
	})
	if err != nil {
		return nil, err
	}
	return clean, nil
}

// municipalityOf returns the county of the municipality with code, or adds
// an error on field when there is no such municipality.
func municipalityOf(ctx context.Context, q db.Queryer, code string, e *validation.Errors, field string) (county string, err error) {
	if code == "" {
		e.Add(field, "error.choose")
		return "", nil
	}
	err = q.QueryRowContext(ctx, `SELECT county_code FROM municipalities WHERE code = ?`, code).Scan(&county)
	if err = db.Normalize(err); err != nil {
		if isNotFound(err) {
			e.Add(field, "error.municipality_unknown", code)
			return "", nil
		}
		return "", fmt.Errorf("municipality %s: %w", code, err)
	}
	return county, nil
}

// CheckCategories adds to e what is wrong with a checklist, as
// SetCategories would refuse it, without storing anything: so that a
// request that changes more than the checklist says every error at once.
func CheckCategories(e *validation.Errors, names []string) {
	checkCategories(e, names)
}

// checkCategories returns the checklist cleaned: names trimmed, empty
// rows left out, each name once.
func checkCategories(e *validation.Errors, names []string) []string {
	var clean []string
	seen := map[string]bool{}
	for i, n := range names {
		// Empty rows, as a form with spare rows sends them, are left out.
		n = e.Text(fmt.Sprintf("categories.%d", i), norm.NFC.String(n), false, maxCategoryLength)
		n = strings.Join(strings.Fields(n), " ")
		if n == "" {
			continue
		}
		if seen[fold(n)] {
			e.Add("categories", "error.category_twice", n)
			continue
		}
		seen[fold(n)] = true
		clean = append(clean, n)
	}
	switch {
	case len(clean) == 0 && !e.Has("categories"):
		e.Add("categories", "error.categories_empty")
	case len(clean) > maxCategories:
		e.Add("categories", "error.categories_too_many", maxCategories)
	}
	return clean
}
