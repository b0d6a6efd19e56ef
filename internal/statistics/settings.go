package statistics

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// The suppression threshold: a count below it is never published. The
// contract's default is the floor. A coordinator may raise it (a small
// municipality, a sensitive category) but not lower it: at 1 or 2 a
// published count can point at the one or two people involved, and the
// threshold is the municipality's promise to its reporters, not a setting
// to tune for nicer tables. Above MaxThreshold almost nothing would show.
const (
	MinThreshold = 3
	MaxThreshold = 100
)

// Settings is whether a municipality publishes statistics and at which
// threshold. A municipality that has never changed them publishes nothing
// at the default threshold.
type Settings struct {
	MunicipalityCode string `json:"municipality_code"`
	Public           bool   `json:"public_statistics"`
	Threshold        int    `json:"suppression_threshold"`
}

// Change is a change of settings: the fields given change, nil keeps.
type Change struct {
	Public    *bool
	Threshold *int
}

// Store reads and writes the settings and the published statistics.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d, now: d.Clock().Now} }

// Settings returns the municipality's settings, the defaults when it has
// none.
func (s *Store) Settings(ctx context.Context, municipalityCode string) (Settings, error) {
	return settingsOf(ctx, s.db, municipalityCode)
}

func settingsOf(ctx context.Context, q db.Queryer, code string) (Settings, error) {
	out := Settings{MunicipalityCode: code, Threshold: MinThreshold}
	err := q.QueryRowContext(ctx, `SELECT public_statistics, suppression_threshold FROM statistics_settings
		WHERE municipality_code = ?`, code).Scan(&out.Public, &out.Threshold)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	}
	if err != nil {
		return Settings{}, fmt.Errorf("statistics settings of %s: %w", code, err)
	}
	return out, nil
}

// Check adds to e what is wrong with c, under the API's field names, so
// that a request changing more than the statistics can report every error
// before it stores anything.
func (c Change) Check(e *validation.Errors) {
	if c.Threshold == nil {
		return
	}
	switch t := *c.Threshold; {
	case t < MinThreshold:
		e.Add("suppression_threshold", "error.suppression_threshold_min", MinThreshold)
	case t > MaxThreshold:
		e.Add("suppression_threshold", "error.suppression_threshold_max", MaxThreshold)
	}
}

// Update changes the municipality's settings and records the change in
// the audit trail. Nothing is stored when anything is wrong.
func (s *Store) Update(ctx context.Context, actor audit.Actor, municipalityCode string, c Change) (Settings, error) {
	var e validation.Errors
	c.Check(&e)
	var out Settings
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, municipalityCode).Scan(&n); err != nil {
			return fmt.Errorf("municipality %s: %w", municipalityCode, err)
		}
		if n == 0 {
			e.Add("municipality_code", "error.municipality_unknown", municipalityCode)
		}
		if err := e.Err(); err != nil {
			return err
		}
		before, err := settingsOf(ctx, tx, municipalityCode)
		if err != nil {
			return err
		}
		out = before
		if c.Public != nil {
			out.Public = *c.Public
		}
		if c.Threshold != nil {
			out.Threshold = *c.Threshold
		}
		if out == before {
			return nil // nothing changes: nothing to record
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO statistics_settings (municipality_code, public_statistics, suppression_threshold, updated_at)
			VALUES (?, ?, ?, ?)
			ON CONFLICT (municipality_code) DO UPDATE SET public_statistics = excluded.public_statistics,
				suppression_threshold = excluded.suppression_threshold, updated_at = excluded.updated_at`,
			municipalityCode, out.Public, out.Threshold, s.now().UTC().Truncate(time.Microsecond))
		if err != nil {
			return fmt.Errorf("store statistics settings: %w", db.Normalize(err))
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "statistics_settings",
			EntityID: municipalityCode, Before: before, After: out})
	})
	if err != nil {
		return Settings{}, err
	}
	return out, nil
}
