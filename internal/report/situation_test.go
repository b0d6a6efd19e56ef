package report

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/polisen"
)

// at returns a time in week w: day 0 is Monday, in Swedish time.
func at(w Week, day, hour, minute int) string {
	m := w.monday()
	return time.Date(m.Year(), m.Month(), m.Day()+day, hour, minute, 0, 0, zone()).Format(time.RFC3339)
}

func TestSituation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		w := Week{2026, 8}
		rep := func(cat string, when string, place string, n int) Input {
			return Input{Category: cat, OccurredAt: when, MunicipalityCode: mora, Place: place, Count: new(n)}
		}
		var ins []Input
		// History: vandalism at Noret and graffiti in the centre, the 8
		// weeks before and weeks 7–9 of 2025.
		vandalism := map[int]int{1: 3, 2: 2, 3: 1, 4: 2, 5: 3, 6: 2, 7: 1, 8: 2} // weeks back → count, 16 in all
		for k, n := range vandalism {
			hw := w.Add(-k)
			for range n {
				ins = append(ins, rep("Skadegörelse", at(hw, 4, 21, 0), "Noret", 1))
			}
			ins = append(ins, rep("Klotter", at(hw, 0, 10, 0), "Mora centrum", 3), rep("Klotter", at(hw, 1, 10, 0), "Mora centrum", 1))
		}
		for _, hw := range []Week{{2025, 7}, {2025, 8}, {2025, 9}} {
			ins = append(ins, rep("Skadegörelse", at(hw, 5, 1, 0), "Noret", 2), rep("Klotter", at(hw, 2, 14, 0), "Mora centrum", 4))
		}
		// This week: 9 acts of vandalism at Noret, 5 graffiti in the
		// centre, 3 of litter at Noret, the first ever.
		for i := range 5 {
			ins = append(ins, rep("Skadegörelse", at(w, 4, 21, 10*i), "Noret", 1))
		}
		for range 4 {
			ins = append(ins, rep("Skadegörelse", at(w, 5, 1, 30), "Noret", 1))
		}
		ins = append(ins, rep("Klotter", at(w, 0, 10, 0), "Mora centrum", 3), rep("Klotter", at(w, 2, 14, 0), "Mora centrum", 1),
			rep("Klotter", at(w, 2, 14, 30), "Mora centrum", 1), rep("Nedskräpning", at(w, 3, 18, 0), "Noret", 3))
		if _, _, err := f.s.CreateBatch(ctx, audit.System, f.mora, ins); err != nil {
			t.Fatal(err)
		}
		// The police: an assault this week, and a night's summary that
		// must not count.
		res, err := f.s.ImportPolisen(ctx, audit.System, []polisen.Event{
			{ID: 7001, Datetime: "2026-02-21 0:10:00 +01:00", Name: "20 februari 23.30, Misshandel, Mora", Type: "Misshandel"},
			{ID: 7002, Datetime: "2026-02-21 6:10:00 +01:00", Name: "21 februari 06.00, Sammanfattning natt, Mora", Type: "Sammanfattning natt"},
		}, nil)
		if err != nil || res.Imported != 1 || res.Summaries != 1 {
			t.Fatalf("ImportPolisen() = %+v, %v", res, err)
		}
		// Sälen's reports are another municipality's.
		if _, _, err := f.s.Create(ctx, audit.System, f.guards, validInput()); err != nil {
			t.Fatal(err)
		}
		checkWeeks(t, d)

		sit, err := f.s.Situation(ctx, SituationQuery{MunicipalityCode: mora, Week: "2026-W08"})
		if err != nil {
			t.Fatalf("Situation() error = %v", err)
		}
		var grid [7][24]int
		grid[4][21] = 5 // Friday 21–22: vandalism
		grid[5][1] = 4  // Saturday 01–02: vandalism
		grid[0][10] = 3 // Monday: graffiti, one report of 3
		grid[2][14] = 2 // Wednesday: graffiti
		grid[3][18] = 3 // Thursday: litter
		grid[4][23] = 1 // Friday 23.30: the assault
		var baseline []Week
		for k := 8; k >= 1; k-- {
			if k == 8 {
				baseline = append(baseline, Week{2025, 7}, Week{2025, 8}, Week{2025, 9})
			}
			baseline = append(baseline, w.Add(-k))
		}
		var trend []WeekCount
		for k := 11; k >= 1; k-- {
			n := 0
			if v, ok := vandalism[k]; ok {
				n = v + 4
			}
			trend = append(trend, WeekCount{w.Add(-k), n})
		}
		trend = append(trend, WeekCount{w, 18})
		pVandalism := PoissonUpperTail(9, 22.5/11)
		want := Situation{
			MunicipalityCode: mora, Week: w, From: "2026-02-16", To: "2026-02-22", Total: 18,
			ByCategory: []CategoryCount{
				{Category: "Skadegörelse", Count: 9, PreviousWeek: 3, BaselineMean: 2},
				{Category: "Klotter", Count: 5, PreviousWeek: 4, BaselineMean: 4},
				{Category: "Nedskräpning", Count: 3, PreviousWeek: 0, BaselineMean: 0},
				{Category: "Misshandel", Count: 1, PreviousWeek: 0, BaselineMean: 0},
			},
			ByPlace:     []PlaceCount{{"Noret", 12}, {"Mora centrum", 5}},
			HourWeekday: grid,
			Flags: []Flag{
				{Kind: "increase", Subject: "Skadegörelse", Category: "Skadegörelse", Count: 9, BaselineMean: 2, BaselineWeeks: 11, PValue: pVandalism},
				{Kind: "increase", Subject: "Skadegörelse, Noret", Category: "Skadegörelse", Place: "Noret", Count: 9, BaselineMean: 2, BaselineWeeks: 11, PValue: pVandalism},
			},
			Trend:         trend,
			BaselineWeeks: baseline,
		}
		if pVandalism >= FlagAlpha {
			t.Fatalf("the test's own numbers: p = %g", pVandalism)
		}
		ignoreReason := cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Reason" }, cmp.Ignore())
		if diff := cmp.Diff(want, sit, ignoreReason); diff != "" {
			t.Errorf("Situation() mismatch (-want +got):\n%s", diff)
		}
		for _, fl := range sit.Flags {
			if !strings.Contains(fl.Reason, "one-sided Poisson") || !strings.Contains(fl.Reason, "9 this week") {
				t.Errorf("flag reason %q does not state the test", fl.Reason)
			}
		}

		// The picture of the area Noret holds what lies in it.
		area, err := f.s.Situation(ctx, SituationQuery{MunicipalityCode: mora, Week: "2026-W08", Area: "noret"})
		if err != nil {
			t.Fatalf("Situation(Noret) error = %v", err)
		}
		if area.Area != "Noret" || area.Total != 12 || len(area.ByPlace) != 1 || area.ByPlace[0] != (PlaceCount{"Noret", 12}) {
			t.Errorf("Situation(Noret) = area %q total %d places %v; want Noret, 12, Noret 12", area.Area, area.Total, area.ByPlace)
		}
		if len(area.Flags) != 2 || area.Flags[0].Subject != "Skadegörelse" || area.Trend[10].Count != vandalism[1] {
			t.Errorf("Situation(Noret) flags %v, trend %v", area.Flags, area.Trend)
		}

		// A week without reports, before any.
		empty, err := f.s.Situation(ctx, SituationQuery{MunicipalityCode: mora, Week: "2020-W53"})
		if err != nil {
			t.Fatal(err)
		}
		if empty.Total != 0 || len(empty.ByCategory) != 0 || len(empty.Flags) != 0 || len(empty.BaselineWeeks) != 0 || len(empty.Trend) != 12 ||
			empty.From != "2020-12-28" || empty.To != "2021-01-03" {
			t.Errorf("Situation(empty week) = %+v", empty)
		}
		b, err := json.Marshal(empty)
		if err != nil {
			t.Fatal(err)
		}
		for _, field := range []string{`"by_category":[]`, `"by_place":[]`, `"flags":[]`, `"week":"2020-W53"`} {
			if !strings.Contains(string(b), field) {
				t.Errorf("JSON of an empty week lacks %s: %s", field, b)
			}
		}

		_, err = f.s.Situation(ctx, SituationQuery{MunicipalityCode: unknown, Week: "2026-W54"})
		if diff := cmp.Diff(map[string]string{"municipality_code": "error.municipality_unknown", "week": "error.week"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("Situation(bad) errors (-want +got):\n%s", diff)
		}
		_, err = f.s.Situation(ctx, SituationQuery{MunicipalityCode: mora, Area: "Lindvallen"})
		if diff := cmp.Diff(map[string]string{"area": "error.area_unknown", "week": "error.required"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("Situation(other municipality's area) errors (-want +got):\n%s", diff)
		}
	})
}

// TestSituationJSON holds the picture's JSON to the contract's shape.
func TestSituationJSON(t *testing.T) {
	sit := compute(mora, Week{2026, 8}, "", situationData{plan: planHistory(Week{2026, 8}), history: map[int]map[histKey]int{},
		firstWeeks: map[string]int{"Klotter": 202608}, places: map[int64]string{4: "Noret"},
		cells: []cell{{category: "Klotter", place: 4, weekday: 6, hour: 23, count: 2}}})
	b, err := json.Marshal(sit)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"municipality_code", "week", "from", "to", "total", "by_category", "by_place", "hour_weekday", "flags"} {
		if _, ok := got[k]; !ok {
			t.Errorf("the picture's JSON lacks the contract's %q: %s", k, b)
		}
	}
	cat := got["by_category"].([]any)[0].(map[string]any)
	for _, k := range []string{"category", "count", "previous_week", "baseline_mean"} {
		if _, ok := cat[k]; !ok {
			t.Errorf("by_category items lack %q: %v", k, cat)
		}
	}
	if place := got["by_place"].([]any)[0].(map[string]any); place["place"] != "Noret" || place["count"] != 2.0 {
		t.Errorf("by_place = %v", got["by_place"])
	}
	grid := got["hour_weekday"].([]any)
	if len(grid) != 7 || len(grid[6].([]any)) != 24 || grid[6].([]any)[23] != 2.0 {
		t.Errorf("hour_weekday = %v, want 7 rows of 24 with Sunday 23 = 2", grid)
	}
	if got["week"] != "2026-W08" || got["from"] != "2026-02-16" || got["to"] != "2026-02-22" || got["total"] != 2.0 {
		t.Errorf("week, from, to, total = %v, %v, %v, %v", got["week"], got["from"], got["to"], got["total"])
	}
	fl, _ := json.Marshal(Flag{Kind: "increase", Subject: "Skadegörelse, Noret", Reason: "r"})
	var flag map[string]any
	_ = json.Unmarshal(fl, &flag)
	for _, k := range []string{"kind", "subject", "reason"} {
		if _, ok := flag[k]; !ok {
			t.Errorf("flags lack %q: %s", k, fl)
		}
	}
}

func TestFlag(t *testing.T) {
	tests := []struct {
		name       string
		k, sum, n  int
		wantFlag   bool
		wantPBelow float64
	}{
		{"far above a low baseline", 9, 16, 8, true, 0.001},
		{"at the baseline", 2, 16, 8, false, 0},
		{"never seen, three now", 3, 0, 8, true, 0.001},
		{"never seen, two now: below the minimum count", 2, 0, 8, false, 0},
		{"too little history", 9, 0, 3, false, 0},
		{"busy place, a little more", 25, 160, 8, false, 0},
		{"busy place, far more", 40, 160, 8, true, 0.001},
	}
	for _, tt := range tests {
		f, ok := flag("Skadegörelse", "", tt.k, tt.sum, tt.n)
		if ok != tt.wantFlag {
			t.Errorf("%s: flag(%d, %d over %d weeks) = %v, want %v (p = %g)", tt.name, tt.k, tt.sum, tt.n, ok, tt.wantFlag,
				PoissonUpperTail(tt.k, (float64(tt.sum)+0.5)/float64(tt.n)))
		}
		if ok && f.PValue >= tt.wantPBelow {
			t.Errorf("%s: p = %g, want below %g", tt.name, f.PValue, tt.wantPBelow)
		}
	}
}
