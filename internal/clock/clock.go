// Package clock is the one place the product learns what time it is, and
// the one home of the time zone its users live in.
//
// Nothing else reads the wall clock: a server is built with one Clock,
// tests with a fixed one (see clocktest), and a demonstration may start
// the clock at a chosen instant (serve --now). Measuring how long
// something took (request latency, a timeout) is not reading the date and
// may use the runtime's monotonic clock directly.
package clock

import (
	"sync"
	"time"
	_ "time/tzdata" // the zone below must load on a machine without tzdata
)

// Clock tells the current time.
type Clock interface {
	Now() time.Time
}

// System is the machine's clock.
var System Clock = systemClock{}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// Fixed returns a clock that always tells t.
func Fixed(t time.Time) Clock { return fixed{t} }

type fixed struct{ t time.Time }

func (f fixed) Now() time.Time { return f.t }

// StartingAt returns a clock that tells start now and then runs on with the
// machine's clock: a demonstration or a browser test set on a chosen day
// whose sessions still expire and whose timestamps still move.
func StartingAt(start time.Time) Clock {
	return &shifted{offset: time.Until(start)}
}

type shifted struct{ offset time.Duration }

func (s *shifted) Now() time.Time { return time.Now().Add(s.offset) }

var zone = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		// Unreachable: time/tzdata is embedded above.
		panic("clock: " + err.Error())
	}
	return loc
})

// Zone is Europe/Stockholm, the time zone of every municipality the
// product serves: weeks, seasons, "today" and local times are reckoned in it.
func Zone() *time.Location { return zone() }

// Local returns t in Zone.
func Local(t time.Time) time.Time { return t.In(zone()) }

// Today is the date of c's now in Zone, as YYYY-MM-DD.
func Today(c Clock) string { return c.Now().In(zone()).Format(time.DateOnly) }

// DBNow is c's now as the database stores timestamps: UTC, to the
// microsecond (PostgreSQL keeps no finer).
func DBNow(c Clock) time.Time { return c.Now().UTC().Truncate(time.Microsecond) }

// Parse reads an instant given on a command line or in the environment:
// RFC 3339 ("2026-12-07T10:00:00+01:00"), a local time without an offset
// ("2026-12-07T10:00") or a date ("2026-12-07", read as noon), the last
// two in Zone.
func Parse(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.ParseInLocation(layout, s, zone()); err == nil {
			return t, nil
		}
	}
	d, err := time.ParseInLocation(time.DateOnly, s, zone())
	if err != nil {
		return time.Time{}, &ParseError{Value: s}
	}
	return d.Add(12 * time.Hour), nil
}

// ParseError is an instant that Parse could not read.
type ParseError struct{ Value string }

func (e *ParseError) Error() string {
	return "cannot read " + quote(e.Value) + " as a time: write it as 2026-12-07, 2026-12-07T10:00 or 2026-12-07T10:00:00+01:00"
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return `"` + s + `"`
}
