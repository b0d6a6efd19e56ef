package validation

import (
	"math"
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	tests := []struct {
		in       string
		required bool
		key      string
	}{
		{"2026-11-21", true, ""},
		{" 2026-11-21 ", true, ""},
		{"", false, ""},
		{"", true, "error.required"},
		{"2026-02-30", true, "error.date"},
		{"21/11/2026", true, "error.date"},
		{"2026-1-5", true, "error.date"},
	}
	for _, tt := range tests {
		var e Errors
		e.Date("d", tt.in, tt.required)
		if e["d"].Key != tt.key {
			t.Errorf("Date(%q, %v) error = %q, want %q", tt.in, tt.required, e["d"].Key, tt.key)
		}
	}
}

func TestTime(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		latest time.Time
		want   time.Time
		key    string
	}{
		{"2026-11-21T13:30", time.Time{}, time.Date(2026, 11, 21, 12, 30, 0, 0, time.UTC), ""}, // local winter time is UTC+1
		{"2026-07-01T13:30", time.Time{}, time.Date(2026, 7, 1, 11, 30, 0, 0, time.UTC), ""},   // summer time is UTC+2
		{"2026-11-21T12:05:00Z", now, time.Date(2026, 11, 21, 12, 5, 0, 0, time.UTC), ""},      // within the tolerance
		{"2026-11-21T14:00:00Z", now, time.Date(2026, 11, 21, 14, 0, 0, 0, time.UTC), "error.occurred_future"},
		{"2027-01-01T00:00", time.Time{}, time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), ""},
		{"1999-12-31T23:00:00Z", time.Time{}, time.Date(1999, 12, 31, 23, 0, 0, 0, time.UTC), "error.occurred_too_early"},
		{"igår kväll", time.Time{}, time.Time{}, "error.time_format"},
		{"", time.Time{}, time.Time{}, "error.required"},
	}
	for _, tt := range tests {
		var e Errors
		got := e.Time("t", tt.in, loc, tt.latest)
		if e["t"].Key != tt.key || (tt.key == "" && !got.Equal(tt.want)) {
			t.Errorf("Time(%q) = %v, %q; want %v, %q", tt.in, got, e["t"].Key, tt.want, tt.key)
		}
	}
}

func TestPosition(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		name     string
		lat, lon *float64
		want     map[string]string
	}{
		{"none", nil, nil, map[string]string{}},
		{"Lindvallen", f(61.16), f(12.98), map[string]string{}},
		{"lat only", f(61.16), nil, map[string]string{"lon": "error.position_pair"}},
		{"lon only", nil, f(12.98), map[string]string{"lat": "error.position_pair"}},
		{"swapped", f(12.98), f(61.16), map[string]string{"lat": "error.outside_sweden"}},
		{"out of range", f(91), f(181), map[string]string{"lat": "error.lat_range", "lon": "error.lon_range"}},
		{"not a number", f(math.NaN()), f(12.98), map[string]string{"lat": "error.lat_range"}},
	}
	for _, tt := range tests {
		var e Errors
		e.Position(tt.lat, tt.lon)
		got := map[string]string{}
		for k, m := range e {
			got[k] = m.Key
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: Position() = %v, want %v", tt.name, got, tt.want)
			continue
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s: Position() = %v, want %v", tt.name, got, tt.want)
			}
		}
	}
}
