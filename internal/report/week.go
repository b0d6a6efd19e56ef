package report

import (
	"errors"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
)

// Week is an ISO 8601 week in Europe/Stockholm: "2026-W08" runs from
// Monday 16 February 2026 00:00 to Sunday 22 February 24:00 Swedish time.
type Week struct {
	Year   int // the ISO week-numbering year, which differs from the calendar year around New Year
	Number int // 1–53
}

// ErrWeek is returned by ParseWeek for anything but an existing ISO week.
var ErrWeek = errors.New("not an ISO week such as 2026-W08")

// ParseWeek reads "2026-W08". The week must exist: 2026-W53 does, 2025-W53
// does not.
func ParseWeek(s string) (Week, error) {
	if len(s) != 8 || s[4] != '-' || s[5] != 'W' {
		return Week{}, ErrWeek
	}
	year, ok1 := digits(s[0:4])
	num, ok2 := digits(s[6:8])
	w := Week{Year: year, Number: num}
	if !ok1 || !ok2 || !w.Valid() {
		return Week{}, ErrWeek
	}
	return w, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// WeekOf returns the week t falls in, in Swedish time.
func WeekOf(t time.Time) Week {
	y, w := t.In(zone()).ISOWeek()
	return Week{Year: y, Number: w}
}

// Valid reports whether the week exists.
func (w Week) Valid() bool {
	if w.Year < 1000 || w.Year > 9999 || w.Number < 1 || w.Number > 53 {
		return false
	}
	return WeekOf(w.Start()) == w
}

// String returns "2026-W08".
func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Number) }

// MarshalText writes the week as "2026-W08", so that it is a string in JSON.
func (w Week) MarshalText() ([]byte, error) { return []byte(w.String()), nil }

// UnmarshalText reads "2026-W08".
func (w *Week) UnmarshalText(b []byte) error {
	v, err := ParseWeek(string(b))
	if err != nil {
		return err
	}
	*w = v
	return nil
}

// key is the week as stored: year*100 + number, 202608. Keys sort as weeks
// do, and a range of weeks is a range of keys.
func (w Week) key() int { return w.Year*100 + w.Number }

// monday returns the civil date of the week's Monday, as midnight UTC, for
// date arithmetic that daylight saving time cannot disturb.
func (w Week) monday() time.Time {
	// 4 January is always in week 1.
	jan4 := time.Date(w.Year, time.January, 4, 0, 0, 0, 0, time.UTC)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return jan4.AddDate(0, 0, -offset+7*(w.Number-1))
}

// Start returns Monday 00:00 of the week in Swedish time.
func (w Week) Start() time.Time {
	m := w.monday()
	return time.Date(m.Year(), m.Month(), m.Day(), 0, 0, 0, 0, zone())
}

// End returns the Monday 00:00 after the week, in Swedish time.
func (w Week) End() time.Time { return w.Add(1).Start() }

// Add returns the week n weeks later (earlier for negative n).
func (w Week) Add(n int) Week {
	m := w.monday().AddDate(0, 0, 7*n)
	y, num := m.ISOWeek()
	return Week{Year: y, Number: num}
}

// Before reports whether w comes before v.
func (w Week) Before(v Week) bool { return w.key() < v.key() }

// inYear returns the week with w's number in another ISO year: week 53 of
// a year without one is its week 52.
func (w Week) inYear(year int) Week {
	v := Week{Year: year, Number: w.Number}
	if !v.Valid() {
		v.Number = 52
	}
	return v
}

// dateLayout is how the contract writes dates.
const dateLayout = "2006-01-02"

// localTime is where a moment falls in the weekly grid: its week, its day
// (0 Monday … 6 Sunday) and its hour (0–23), all in Swedish time. They are
// stored with every report so that the weekly picture is an indexed GROUP
// BY rather than time-zone arithmetic in SQL, which the two dialects do
// differently.
type localTime struct {
	week    Week
	weekday int
	hour    int
}

func localOf(t time.Time) localTime {
	l := t.In(zone())
	y, w := l.ISOWeek()
	return localTime{week: Week{Year: y, Number: w}, weekday: (int(l.Weekday()) + 6) % 7, hour: l.Hour()}
}

// zone is the time zone of dates, weeks, seasons and years.
func zone() *time.Location { return clock.Zone() }
