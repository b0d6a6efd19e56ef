package report

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestSyntheticPatterns(t *testing.T) {
	opts := SyntheticOptions{Seed: 42}
	ins := Synthetic(opts)
	if diff := cmp.Diff(ins, Synthetic(opts)); diff != "" {
		t.Fatalf("Synthetic is not deterministic:\n%s", diff)
	}
	if other := Synthetic(SyntheticOptions{Seed: 43}); cmp.Equal(ins, other) {
		t.Fatal("Synthetic(seed 43) = Synthetic(seed 42)")
	}

	type tally struct{ all, afterSki, barClosing, saturday, otherDays, lindvallenTandadalen, friSatEvening, noret int }
	var s, m tally
	salenFrom := time.Date(2024, 12, 1, 0, 0, 0, 0, zone())
	salenTo := time.Date(2026, 4, 21, 0, 0, 0, 0, zone())
	moraFrom := time.Date(2025, 6, 1, 0, 0, 0, 0, zone())
	moraTo := time.Date(2026, 6, 1, 0, 0, 0, 0, zone())
	seasons := map[int]int{}
	for _, in := range ins {
		if !in.Synthetic || !strings.HasPrefix(in.Description, "Syntetisk: ") || !strings.HasPrefix(in.ExternalID, "synthetic-42-") {
			t.Fatalf("report %+v is not labelled synthetic", in)
		}
		when, err := time.Parse(time.RFC3339, in.OccurredAt)
		if err != nil {
			t.Fatal(err)
		}
		l := when.In(zone())
		wd := (int(l.Weekday()) + 6) % 7
		switch in.MunicipalityCode {
		case CodeMalungSalen:
			s.all++
			if l.Before(salenFrom) || !l.Before(salenTo) || (l.Month() > time.April && l.Month() < time.December) {
				t.Errorf("Sälen report outside the winter seasons: %s", in.OccurredAt)
			}
			season := l.Year()
			if l.Month() <= time.April {
				season--
			}
			seasons[season]++
			switch h := l.Hour(); {
			case h >= 15 && h < 19:
				s.afterSki++
			case h >= 1 && h < 4:
				s.barClosing++
			}
			if wd == 5 {
				s.saturday++
			} else {
				s.otherDays++
			}
			if in.Place == "Lindvallen" || in.Place == "Tandådalen" {
				s.lindvallenTandadalen++
			}
		case CodeMora:
			m.all++
			if l.Before(moraFrom) || !l.Before(moraTo.Add(24*time.Hour)) {
				t.Errorf("Mora report outside its year: %s", in.OccurredAt)
			}
			h := l.Hour()
			if (wd == 4 || wd == 5) && h >= 19 || (wd == 5 || wd == 6) && h < 2 {
				m.friSatEvening++
			}
			if in.Place == "Noret" {
				m.noret++
			}
		default:
			t.Fatalf("report in municipality %s", in.MunicipalityCode)
		}
	}
	t.Logf("Sälen %+v, seasons %v; Mora %+v", s, seasons, m)
	checks := []struct {
		what string
		ok   bool
	}{
		{"two Sälen seasons, 2024–25 and 2025–26", len(seasons) == 2 && seasons[2024] > 500 && seasons[2025] > 500},
		{"after-ski and bar closing are half of Sälen's reports", s.afterSki+s.barClosing > s.all/2},
		{"Saturdays busier than the average other day", float64(s.saturday) > 1.3*float64(s.otherDays)/6},
		{"Lindvallen and Tandådalen have more than half", s.lindvallenTandadalen > s.all/2},
		{"Mora has a year of reports", m.all > 300},
		{"Friday and Saturday evenings are most of Mora's", m.friSatEvening > m.all*6/10},
		{"Noret has most of Mora's", m.noret > m.all*7/10},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("pattern broken: %s", c.what)
		}
	}
}

// TestSyntheticSeasonUnderWay: on a day in a season, Sälen has the two
// seasons over and the one under way up to that moment, nothing later;
// between seasons, the two over. The same season looks the same whatever
// day it is cut at. The guards file most of Sälen's reports, the other
// parties some; Mora's are its field workers'.
func TestSyntheticSeasonUnderWay(t *testing.T) {
	seasonOf := func(l time.Time) int {
		if l.Month() <= time.April {
			return l.Year() - 1
		}
		return l.Year()
	}
	for _, tt := range []struct {
		end     time.Time
		seasons []int
	}{
		{time.Date(2026, 12, 7, 10, 0, 0, 0, zone()), []int{2024, 2025, 2026}},
		{time.Date(2027, 1, 1, 0, 30, 0, 0, zone()), []int{2024, 2025, 2026}},
		{time.Date(2027, 4, 20, 12, 0, 0, 0, zone()), []int{2024, 2025, 2026}},
		{time.Date(2027, 7, 1, 12, 0, 0, 0, zone()), []int{2025, 2026}},
		{time.Date(2026, 11, 30, 23, 30, 0, 0, zone()), []int{2024, 2025}},
	} {
		reports := SyntheticReports(SyntheticOptions{Seed: 2016, End: tt.end})
		seasons := map[int]int{}
		reporters := map[string]int{}
		var latest time.Time
		for _, r := range reports {
			when, err := time.Parse(time.RFC3339, r.OccurredAt)
			if err != nil {
				t.Fatal(err)
			}
			if !when.Before(tt.end) {
				t.Errorf("End %s: a report at %s", tt.end, r.OccurredAt)
			}
			if r.MunicipalityCode == CodeMora {
				if r.Reporter != "" {
					t.Errorf("End %s: a report of Mora's by %q", tt.end, r.Reporter)
				}
				continue
			}
			seasons[seasonOf(when.In(zone()))]++
			reporters[r.Reporter]++
			if when.After(latest) {
				latest = when
			}
		}
		var got []int
		for y := range seasons {
			got = append(got, y)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.seasons) {
			t.Errorf("End %s: Sälen's seasons %v, want %v", tt.end, seasons, tt.seasons)
		}
		// A season under way has reports up to its last day or two.
		if n := len(tt.seasons); tt.seasons[n-1] == seasonOf(tt.end) && tt.end.Sub(latest) > 48*time.Hour {
			t.Errorf("End %s: the latest report of the season under way is at %s", tt.end, latest)
		}
		total := len(reports)
		if reporters[""] < total/2 || reporters[ReporterRestaurant] == 0 || reporters[ReporterDestination] == 0 ||
			reporters[ReporterMunicipality] == 0 || reporters[ReporterPolice] == 0 {
			t.Errorf("End %s: Sälen's reports by reporter %v", tt.end, reporters)
		}
	}
	// The season under way is the same, cut later.
	early := SyntheticReports(SyntheticOptions{Seed: 2016, End: time.Date(2026, 12, 20, 10, 0, 0, 0, zone())})
	later := SyntheticReports(SyntheticOptions{Seed: 2016, End: time.Date(2027, 1, 10, 10, 0, 0, 0, zone())})
	salen := func(rs []SyntheticReport, before time.Time) []SyntheticReport {
		var out []SyntheticReport
		for _, r := range rs {
			when, _ := time.Parse(time.RFC3339, r.OccurredAt)
			if r.MunicipalityCode == CodeMalungSalen && when.Before(before) {
				r.ExternalID = ""
				out = append(out, r)
			}
		}
		return out
	}
	cut := time.Date(2026, 12, 20, 10, 0, 0, 0, zone())
	if diff := cmp.Diff(salen(early, cut), salen(later, cut)); diff != "" {
		t.Errorf("Sälen's reports before %s differ by the day they are cut at (-early +later):\n%s", cut, diff)
	}
}

func TestLoadSynthetic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.now = time.Date(2026, 6, 2, 0, 0, 0, 0, time.UTC)
		opts := SyntheticOptions{Seed: 7}
		// The police file their own; the other reporters of Sälen have no
		// organisation here, so the guards file theirs.
		orgs := map[string]int64{CodeMalungSalen: f.guards, CodeMora: f.mora, CodeMalungSalen + "/" + ReporterPolice: f.police}
		n, err := f.s.LoadSynthetic(ctx, audit.System, orgs, opts)
		if err != nil {
			t.Fatalf("LoadSynthetic() error = %v", err)
		}
		police := 0
		for _, r := range SyntheticReports(opts) {
			if r.Reporter == ReporterPolice {
				police++
			}
		}
		if got := count(t, d, `SELECT COUNT(*) FROM reports WHERE organization_id = ?`, f.police); got != police || police == 0 {
			t.Errorf("%d synthetic reports by the police, want %d", got, police)
		}
		if want := len(Synthetic(opts)); n != want {
			t.Errorf("LoadSynthetic() = %d, want %d", n, want)
		}
		stored := count(t, d, `SELECT COUNT(*) FROM reports WHERE synthetic`)
		if stored != n {
			t.Errorf("%d synthetic reports stored, want %d", stored, n)
		}
		if again, err := f.s.LoadSynthetic(ctx, audit.System, orgs, opts); err != nil || count(t, d, `SELECT COUNT(*) FROM reports`) != stored {
			t.Errorf("LoadSynthetic(again) = %d, %v; stored %d reports, want still %d", again, err, count(t, d, `SELECT COUNT(*) FROM reports`), stored)
		}
		// Most reports with a pin lie in the area of their place.
		if n := count(t, d, `SELECT COUNT(*) FROM reports r JOIN places p ON p.id = r.place_id JOIN areas a ON a.id = r.area_id WHERE a.name = p.name`); n < stored*9/10 {
			t.Errorf("%d of %d reports lie in the area of their place", n, stored)
		}
		checkWeeks(t, d)

		// The week of vandalism at Noret is flagged, at Noret.
		spike := WeekOf(time.Date(2026, 6, 1, 0, 0, 0, 0, zone())).Add(-6)
		sit, err := f.s.Situation(ctx, SituationQuery{MunicipalityCode: CodeMora, Week: spike.String(), Area: "Noret"})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, fl := range sit.Flags {
			if fl.Category == "Skadegörelse" && fl.Place == "Noret" && fl.Count >= 10 {
				found = true
			}
		}
		if !found {
			t.Errorf("Situation(Noret, %s) flags = %+v; want vandalism at Noret", spike, sit.Flags)
		}
		// A Saturday in the sports holidays in Sälen: after-ski and bar
		// closing stand out in the hour grid.
		sit, err = f.s.Situation(ctx, SituationQuery{MunicipalityCode: CodeMalungSalen, Week: "2026-W08"})
		if err != nil {
			t.Fatal(err)
		}
		afterSki, morning := 0, 0
		for day := range 7 {
			for h := 15; h < 19; h++ {
				afterSki += sit.HourWeekday[day][h]
			}
			for h := 6; h < 10; h++ {
				morning += sit.HourWeekday[day][h]
			}
		}
		if sit.Total < 50 || afterSki < 4*morning {
			t.Errorf("Sälen 2026-W08: total %d, after-ski %d, 06–10 %d", sit.Total, afterSki, morning)
		}
	})
}

func TestCategories(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		got, err := f.s.Categories(ctx, mora)
		if err != nil || !cmp.Equal(got, DefaultCategories) {
			t.Fatalf("Categories(Mora) = %v, %v; want the default", got, err)
		}
		set, err := f.s.SetCategories(ctx, audit.System, mora, []string{" Ungdomsgrupper  som samlas", "", "Eldning", "Klotter"})
		if err != nil {
			t.Fatalf("SetCategories() error = %v", err)
		}
		want := []string{"Ungdomsgrupper som samlas", "Eldning", "Klotter"}
		if diff := cmp.Diff(want, set); diff != "" {
			t.Errorf("SetCategories() (-want +got):\n%s", diff)
		}
		if got, _ := f.s.Categories(ctx, mora); !cmp.Equal(got, want) {
			t.Errorf("Categories(Mora) = %v, want %v", got, want)
		}
		if got, _ := f.s.Categories(ctx, salen); !cmp.Equal(got, DefaultCategories) {
			t.Errorf("Categories(Sälen) = %v, want the default still", got)
		}
		// Reports choose from the new list.
		in := Input{Category: "eldning", OccurredAt: "2026-02-20T20:00:00+01:00", MunicipalityCode: mora}
		if r, _, err := f.s.Create(ctx, audit.System, f.mora, in); err != nil || r.Category != "Eldning" {
			t.Errorf("Create(Eldning) = %q, %v", r.Category, err)
		}
		in.Category = "Skadegörelse"
		if _, _, err := f.s.Create(ctx, audit.System, f.mora, in); err == nil {
			t.Error("Create(a category no longer on the list) accepted")
		}
		tests := []struct {
			code  string
			names []string
			want  map[string]string
		}{
			{mora, nil, map[string]string{"categories": "error.categories_empty"}},
			{mora, []string{"Klotter", "KLOTTER"}, map[string]string{"categories": "error.category_twice"}},
			{mora, []string{strings.Repeat("x", 101)}, map[string]string{"categories.0": "error.too_long"}},
			{unknown, []string{"Klotter"}, map[string]string{"municipality_code": "error.municipality_unknown"}},
		}
		for _, tt := range tests {
			_, err := f.s.SetCategories(ctx, audit.System, tt.code, tt.names)
			if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
				t.Errorf("SetCategories(%s, %q) errors (-want +got):\n%s", tt.code, tt.names, diff)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'report_categories'`); n != 1 {
			t.Errorf("%d audit entries for categories, want 1", n)
		}
	})
}
