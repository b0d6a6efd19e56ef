package activity

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
)

// Limits of the free texts.
const (
	maxShort = 200
	maxLong  = 5000
)

const dateLayout = "2006-01-02"

// stockholm is the time zone of dates, seasons and years. The binary
// embeds time/tzdata; a library should not, so a host without zoneinfo
// gets an error rather than a wrong day.
var stockholm = sync.OnceValues(func() (*time.Location, error) {
	return time.LoadLocation("Europe/Stockholm")
})

func zone() *time.Location {
	loc, err := stockholm()
	if err != nil {
		panic(fmt.Sprintf("activity: time zone Europe/Stockholm: %v", err))
	}
	return loc
}

// now is the time stored for a change, at the precision both databases keep.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// parseID reads an id given as a string; 0 means none given, -1 one that
// cannot be an id.
func parseID(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return -1
	}
	return id
}

// checkMunicipality checks that code is a municipality of the list.
func checkMunicipality(ctx context.Context, q db.Queryer, e *validation.Errors, field, code string) error {
	if code == "" {
		e.Add(field, "error.required")
		return nil
	}
	if !municipality.ValidCode(code) {
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

func floatPtr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
}

// nullID stores 0 as NULL.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// scanner is a row or rows.
type scanner interface{ Scan(...any) error }

// each runs query and calls fn for every row.
func each(ctx context.Context, q db.Queryer, query string, args []any, fn func(scanner) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func idArgs(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// checkTime checks a required time field, not before 2000. Activities and
// meetings may be in the future: they are planned.
func checkTime(e *validation.Errors, field, value string) time.Time {
	return e.Time(field, value, zone(), time.Time{})
}
