package report

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestParseWeek(t *testing.T) {
	tests := []struct {
		in   string
		want Week
		ok   bool
	}{
		{"2026-W08", Week{2026, 8}, true},
		{"2026-W01", Week{2026, 1}, true},
		{"2026-W53", Week{2026, 53}, true}, // 2026 has 53 weeks: 1 January is a Thursday
		{"2020-W53", Week{2020, 53}, true},
		{"2025-W53", Week{}, false},
		{"2026-W00", Week{}, false},
		{"2026-W54", Week{}, false},
		{"2026-W8", Week{}, false},
		{"2026W08", Week{}, false},
		{"2026-w08", Week{}, false},
		{"vecka 8", Week{}, false},
		{"+026-W08", Week{}, false},
		{"", Week{}, false},
	}
	for _, tt := range tests {
		got, err := ParseWeek(tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseWeek(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
		if tt.ok && got.String() != tt.in {
			t.Errorf("ParseWeek(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestWeekBounds(t *testing.T) {
	loc := zone()
	tests := []struct {
		w          Week
		start, end time.Time
	}{
		{Week{2026, 8}, time.Date(2026, 2, 16, 0, 0, 0, 0, loc), time.Date(2026, 2, 23, 0, 0, 0, 0, loc)},
		// Week 1 of 2026 begins in 2025; week 53 of 2026 ends in 2027.
		{Week{2026, 1}, time.Date(2025, 12, 29, 0, 0, 0, 0, loc), time.Date(2026, 1, 5, 0, 0, 0, 0, loc)},
		{Week{2026, 53}, time.Date(2026, 12, 28, 0, 0, 0, 0, loc), time.Date(2027, 1, 4, 0, 0, 0, 0, loc)},
		// The weeks of the changes to and from summer time have 167 and 169 hours.
		{Week{2026, 13}, time.Date(2026, 3, 23, 0, 0, 0, 0, loc), time.Date(2026, 3, 30, 0, 0, 0, 0, loc)},
		{Week{2026, 43}, time.Date(2026, 10, 19, 0, 0, 0, 0, loc), time.Date(2026, 10, 26, 0, 0, 0, 0, loc)},
	}
	for _, tt := range tests {
		if got := tt.w.Start(); !got.Equal(tt.start) {
			t.Errorf("%v.Start() = %v, want %v", tt.w, got, tt.start)
		}
		if got := tt.w.End(); !got.Equal(tt.end) {
			t.Errorf("%v.End() = %v, want %v", tt.w, got, tt.end)
		}
		if got := WeekOf(tt.w.Start()); got != tt.w {
			t.Errorf("WeekOf(%v.Start()) = %v", tt.w, got)
		}
		if got := WeekOf(tt.w.End().Add(-time.Nanosecond)); got != tt.w {
			t.Errorf("WeekOf(%v.End() - 1ns) = %v", tt.w, got)
		}
	}
	if h := (Week{2026, 13}).End().Sub(Week{2026, 13}.Start()); h != 167*time.Hour {
		t.Errorf("week 13 of 2026 lasts %v, want 167h (summer time begins)", h)
	}
	// Monday 00.30 in Sweden is still Sunday in UTC: the week is Sweden's.
	mondayEarly := time.Date(2026, 2, 22, 23, 30, 0, 0, time.UTC) // 00.30 on Monday 23 February in Sweden
	if got := WeekOf(mondayEarly); got != (Week{2026, 9}) {
		t.Errorf("WeekOf(Monday 00.30 Swedish time) = %v, want 2026-W09", got)
	}
	if l := localOf(mondayEarly); l.weekday != 0 || l.hour != 0 {
		t.Errorf("localOf(Monday 00.30) = weekday %d hour %d, want 0, 0", l.weekday, l.hour)
	}
}

func TestWeekAdd(t *testing.T) {
	tests := []struct {
		w    Week
		n    int
		want Week
	}{
		{Week{2026, 8}, -1, Week{2026, 7}},
		{Week{2026, 1}, -1, Week{2025, 52}},
		{Week{2021, 1}, -1, Week{2020, 53}},
		{Week{2026, 52}, 1, Week{2026, 53}},
		{Week{2026, 53}, 1, Week{2027, 1}},
		{Week{2026, 8}, -52, Week{2025, 8}},
		{Week{2026, 8}, 0, Week{2026, 8}},
	}
	for _, tt := range tests {
		if got := tt.w.Add(tt.n); got != tt.want {
			t.Errorf("%v.Add(%d) = %v, want %v", tt.w, tt.n, got, tt.want)
		}
	}
	if got := (Week{2026, 53}).inYear(2025); got != (Week{2025, 52}) {
		t.Errorf("2026-W53 in 2025 = %v, want 2025-W52", got)
	}
	b, err := json.Marshal(struct{ W Week }{Week{2026, 8}})
	if err != nil || string(b) != `{"W":"2026-W08"}` {
		t.Errorf("json.Marshal(week) = %s, %v", b, err)
	}
	var back struct{ W Week }
	if err := json.Unmarshal([]byte(`{"W":"2020-W53"}`), &back); err != nil || back.W != (Week{2020, 53}) {
		t.Errorf("json.Unmarshal(2020-W53) = %v, %v", back.W, err)
	}
	if err := json.Unmarshal([]byte(`{"W":"2025-W53"}`), &back); err == nil {
		t.Error("json.Unmarshal(2025-W53) accepted a week that does not exist")
	}
}

func TestPoissonUpperTail(t *testing.T) {
	// Reference values summed independently (Python, math.lgamma).
	tests := []struct {
		k      int
		lambda float64
		want   float64
	}{
		{0, 2, 1},
		{1, 2, 1 - math.Exp(-2)},
		{9, 2, 0.0002374473},
		{3, 0.0625, 3.8829622e-05},
		{5, 5, 0.5595067},
		{2, 10, 0.9995006},
		{40, 10, 7.3416363e-13},
		{1, 0, 0},
	}
	for _, tt := range tests {
		got := PoissonUpperTail(tt.k, tt.lambda)
		if math.Abs(got-tt.want) > 1e-4*tt.want+1e-12 {
			t.Errorf("PoissonUpperTail(%d, %g) = %.10g, want %.10g", tt.k, tt.lambda, got, tt.want)
		}
	}
	// The tail shrinks as k grows, and grows with lambda.
	for k := 1; k < 60; k++ {
		if PoissonUpperTail(k+1, 7) > PoissonUpperTail(k, 7) {
			t.Fatalf("tail at %d above the tail at %d", k+1, k)
		}
		if PoissonUpperTail(k, 6) > PoissonUpperTail(k, 7) {
			t.Fatalf("tail at %d larger for lambda 6 than 7", k)
		}
	}
}
