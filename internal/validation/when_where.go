package validation

import (
	"math"
	"strings"
	"time"
)

// DateLayout is how dates are written everywhere: 2026-11-21.
const DateLayout = "2006-01-02"

// Date checks a date field (YYYY-MM-DD) and returns it trimmed.
func (e *Errors) Date(field, value string, required bool) string {
	v := strings.TrimSpace(value)
	if v == "" {
		if required {
			e.Add(field, "error.required")
		}
		return ""
	}
	if t, err := time.Parse(DateLayout, v); err != nil || t.Format(DateLayout) != v {
		e.Add(field, "error.date")
	}
	return v
}

// earliest is the earliest time accepted: anything before is a typo.
var earliest = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// futureTolerance allows for clocks that run a little fast.
const futureTolerance = 10 * time.Minute

// ParseTime reads a time as RFC 3339, or as a local time in loc the way a
// form's datetime-local field sends it (2017-01-13T21:30).
func ParseTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Time checks a required time field (see ParseTime), not before 2000 and,
// when latest is not zero, not after latest (a few minutes' tolerance for
// fast clocks). It returns the time in UTC, to the second.
func (e *Errors) Time(field, value string, loc *time.Location, latest time.Time) time.Time {
	if strings.TrimSpace(value) == "" {
		e.Add(field, "error.required")
		return time.Time{}
	}
	t, ok := ParseTime(value, loc)
	switch {
	case !ok:
		e.Add(field, "error.time_format")
	case t.Before(earliest):
		e.Add(field, "error.occurred_too_early")
	case !latest.IsZero() && t.After(latest.Add(futureTolerance)):
		e.Add(field, "error.occurred_future")
	}
	return t.UTC().Truncate(time.Second)
}

// Sweden's bounding box, with a margin: a position outside it is a typo or
// latitude and longitude swapped.
const (
	minLatSweden, maxLatSweden = 55.0, 69.2
	minLonSweden, maxLonSweden = 10.9, 24.3
)

// Position checks an optional pin in the fields "lat" and "lon": both or
// neither, and in Sweden.
func (e *Errors) Position(lat, lon *float64) {
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
