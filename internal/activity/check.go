package activity

import (
	"context"
	"database/sql"
	"fmt"
	"math"
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

// checkDate checks a date field and returns it trimmed.
func checkDate(e *validation.Errors, field, value string, required bool) string {
	v := strings.TrimSpace(value)
	if v == "" {
		if required {
			e.Add(field, "error.required")
		}
		return ""
	}
	if t, err := time.Parse(dateLayout, v); err != nil || t.Format(dateLayout) != v {
		e.Add(field, "error.date")
	}
	return v
}

// earliest is the earliest time accepted: anything before is a typo.
var earliest = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// parseTime reads a time as RFC 3339, or as a local time in Sweden the way
// a form's datetime-local field sends it (2017-01-13T21:30).
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, zone()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// checkTime checks a required time field, not before 2000. Activities
// and meetings may be in the future: they are planned.
func checkTime(e *validation.Errors, field, value string) time.Time {
	if strings.TrimSpace(value) == "" {
		e.Add(field, "error.required")
		return time.Time{}
	}
	t, ok := parseTime(value)
	switch {
	case !ok:
		e.Add(field, "error.time_format")
	case t.Before(earliest):
		e.Add(field, "error.occurred_too_early")
	}
	return t.UTC().Truncate(time.Second)
}

// Sweden's bounding box, with a margin: a position outside it is a typo or
// latitude and longitude swapped.
const (
	minLatSweden, maxLatSweden = 55.0, 69.2
	minLonSweden, maxLonSweden = 10.9, 24.3
)

// checkPosition checks an optional pin: both or neither, in Sweden.
func checkPosition(e *validation.Errors, lat, lon *float64) {
	switch {
	case lat == nil && lon == nil:
		return
	case lat == nil:
		e.Add("lat", "error.position_pair")
		return
	case lon == nil:
		e.Add("lon", "error.position_pair")
		return
	}
	la, lo := *lat, *lon
	bad := false
	if math.IsNaN(la) || la < -90 || la > 90 {
		e.Add("lat", "error.lat_range")
		bad = true
	}
	if math.IsNaN(lo) || lo < -180 || lo > 180 {
		e.Add("lon", "error.lon_range")
		bad = true
	}
	if !bad && (la < minLatSweden || la > maxLatSweden || lo < minLonSweden || lo > maxLonSweden) {
		e.Add("lat", "error.outside_sweden")
	}
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
