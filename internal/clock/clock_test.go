package clock

import (
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2026-12-07T10:00:00+01:00", "2026-12-07T10:00:00+01:00"},
		{"2026-12-07T10:00:00Z", "2026-12-07T10:00:00Z"},
		{"2026-12-07T10:00", "2026-12-07T10:00:00+01:00"},
		{"2026-07-01T10:00:30", "2026-07-01T10:00:30+02:00"},
		{"2026-12-07", "2026-12-07T12:00:00+01:00"},
	} {
		got, err := Parse(tt.in)
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("Parse(%q) = %s, %v; want %s", tt.in, got.Format(time.RFC3339), err, tt.want)
		}
	}
	for _, bad := range []string{"", "i morgon", "2026-13-01", "2026-12-07 10:00", "7/12/2026"} {
		_, err := Parse(bad)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) error = %v, want a ParseError", bad, err)
		}
	}
}

func TestClocks(t *testing.T) {
	at := time.Date(2026, 12, 7, 10, 0, 0, 0, Zone())
	if got := Fixed(at).Now(); !got.Equal(at) {
		t.Errorf("Fixed(%s).Now() = %s", at, got)
	}
	// A clock started at a day runs on from it: its first reading is the
	// day itself, give or take the time this test takes.
	c := StartingAt(at)
	if d := c.Now().Sub(at); d < 0 || d > time.Minute {
		t.Errorf("StartingAt(%s).Now() is %s after it, want about none", at, d)
	}
	if got := Today(Fixed(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC))); got != "2027-01-01" {
		t.Errorf("Today(23:30 UTC on 31 December) = %s, want 2027-01-01 in Sweden", got)
	}
	if got := DBNow(Fixed(time.Date(2026, 12, 7, 10, 0, 0, 123456789, Zone()))); got.Location() != time.UTC || got.Nanosecond() != 123456000 {
		t.Errorf("DBNow = %s, want UTC to the microsecond", got)
	}
}
