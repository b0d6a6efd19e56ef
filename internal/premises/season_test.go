package premises

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/promise"
)

func TestSeasonOf(t *testing.T) {
	tests := []struct {
		at     string
		want   Period
		inside bool
	}{
		{"2017-12-01 00:00", WinterSeason(2017), true},
		{"2018-01-15 12:00", WinterSeason(2017), true},
		{"2018-04-30 23:59", WinterSeason(2017), true},
		{"2018-05-01 00:00", WinterSeason(2017), false}, // after it: the one that ended
		{"2018-11-30 23:59", WinterSeason(2017), false},
		{"2018-12-01 00:00", WinterSeason(2018), true},
	}
	for _, tt := range tests {
		got, inside := SeasonOf(at(tt.at))
		if got != tt.want || inside != tt.inside {
			t.Errorf("SeasonOf(%s) = %v, %v, want %v, %v", tt.at, got, inside, tt.want, tt.inside)
		}
	}
	// The day in Sweden decides: 23:30 UTC on 30 November is 1 December.
	if got, inside := SeasonOf(at("2017-12-01 00:30").UTC()); got != WinterSeason(2017) || !inside {
		t.Errorf("SeasonOf(UTC) = %v, %v, want the season 2017–18", got, inside)
	}
}

func TestDefaultSeasonSeasonsAndYears(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		ps := f.register(t, "Kåtan", "Puben")
		now := at("2021-09-15 12:00") // between seasons

		// Nothing recorded: the last season, and only it.
		got, err := f.s.DefaultSeason(ctx, "2023", now)
		if err != nil || got != WinterSeason(2020) {
			t.Errorf("DefaultSeason(nothing) = %v, %v, want 2020–21", got, err)
		}
		seasons, err := f.s.Seasons(ctx, "2023", now)
		if err != nil || !cmp.Equal(seasons, []Period{WinterSeason(2020)}) {
			t.Errorf("Seasons(nothing) = %v, %v", seasons, err)
		}
		years, latest, err := f.s.Years(ctx, "2023", now)
		if err != nil || !cmp.Equal(years, []int{2021}) || latest != 2021 {
			t.Errorf("Years(nothing) = %v, %d, %v, want [2021], 2021", years, latest, err)
		}

		f.inspect(t, ps[0], "2016-12-20 21:00", OnSite, true, "")
		f.inspect(t, ps[1], "2018-02-10 22:00", OnSite, true, "")
		f.inspect(t, ps[1], "2019-10-10 10:00", Register, false, "") // not recorded, between seasons
		f.inspect(t, ps[1], "2019-05-10 10:00", OnSite, true, "")    // recorded, but between seasons

		// Between seasons: the latest season with a recorded visit.
		got, err = f.s.DefaultSeason(ctx, "2023", now)
		if err != nil || got != WinterSeason(2017) {
			t.Errorf("DefaultSeason(between) = %v, %v, want 2017–18", got, err)
		}
		// In a season: that season, visited or not.
		got, err = f.s.DefaultSeason(ctx, "2023", at("2022-01-05 10:00"))
		if err != nil || got != WinterSeason(2021) {
			t.Errorf("DefaultSeason(in a season) = %v, %v, want 2021–22", got, err)
		}
		// Another municipality's visits do not count.
		got, err = f.s.DefaultSeason(ctx, "2062", now)
		if err != nil || got != WinterSeason(2020) {
			t.Errorf("DefaultSeason(2062) = %v, %v, want 2020–21", got, err)
		}
		seasons, err = f.s.Seasons(ctx, "2023", now)
		want := []Period{WinterSeason(2020), WinterSeason(2019), WinterSeason(2018), WinterSeason(2017), WinterSeason(2016)}
		if err != nil || !cmp.Equal(seasons, want) {
			t.Errorf("Seasons() = %v, %v, want %v", seasons, err, want)
		}
		years, latest, err = f.s.Years(ctx, "2023", now)
		if err != nil || !cmp.Equal(years, []int{2021, 2020, 2019, 2018, 2017, 2016}) || latest != 2019 {
			t.Errorf("Years() = %v, %d, %v, want 2021…2016 and 2019", years, latest, err)
		}
		// What is planned later than now is not counted yet.
		years, latest, err = f.s.Years(ctx, "2023", at("2018-03-01 00:00"))
		if err != nil || !cmp.Equal(years, []int{2018, 2017, 2016}) || latest != 2018 {
			t.Errorf("Years(2018) = %v, %d, %v", years, latest, err)
		}
	})
}

func TestCommitmentChoices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		// Drafts offer nothing.
		if got, err := f.s.Commitments(ctx, "2023"); err != nil || len(got) != 0 {
			t.Errorf("Commitments(draft) = %v, %v, want none", got, err)
		}
		if _, err := promise.NewStore(d).Publish(ctx, actor, f.salenPromise); err != nil {
			t.Fatal(err)
		}
		got, err := f.s.Commitments(ctx, "2023")
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, c := range got {
			ids = append(ids, c.ID)
			if c.PromiseTitle != "Sälen" || c.OrganizationName == "" || c.Text == "" {
				t.Errorf("choice %+v lacks its promise, party or text", c)
			}
		}
		if want := []int64{f.visitsCommitment, f.policeCommitment, f.destinationCommitment}; !cmp.Equal(ids, want) {
			t.Errorf("Commitments() = %v, want %v", ids, want)
		}
		if got, err := f.s.Commitments(ctx, "2062"); err != nil || len(got) != 0 {
			t.Errorf("Commitments(2062) = %v, %v, want none (a draft)", got, err)
		}

		// The latest inspection's commitment is the suggestion.
		if id, err := f.s.LastCommitment(ctx, "2023", "2018-03-01"); err != nil || id != 0 {
			t.Errorf("LastCommitment(none) = %d, %v", id, err)
		}
		ps := f.register(t, "Kåtan")
		for _, c := range []struct {
			when       string
			commitment int64
		}{{"2018-01-10 21:00", f.visitsCommitment}, {"2017-12-10 21:00", 0}, {"2018-02-10 21:00", 0}} {
			in := InspectionInput{PremisesID: sid(ps[0].ID), Kind: OnSite, ConductedAt: at(c.when).Format("2006-01-02T15:04:05Z07:00"),
				OrganizationIDs: []string{sid(f.malung)}}
			if c.commitment != 0 {
				in.CommitmentID = sid(c.commitment)
			}
			if _, err := f.s.CreateInspection(ctx, actor, in); err != nil {
				t.Fatal(err)
			}
		}
		if id, err := f.s.LastCommitment(ctx, "2023", "2018-03-01"); err != nil || id != f.visitsCommitment {
			t.Errorf("LastCommitment() = %d, %v, want %d", id, err, f.visitsCommitment)
		}
		// Never a commitment of a promise that is over: its period past
		// (the promise ran to 2018-04-30), or ended by the coordinator.
		for today, want := range map[string]int64{"2018-04-30": f.visitsCommitment, "2018-05-01": 0} {
			if id, err := f.s.LastCommitment(ctx, "2023", today); err != nil || id != want {
				t.Errorf("LastCommitment(on %s) = %d, %v, want %d", today, id, err, want)
			}
		}
		if _, err := promise.NewStore(d).End(ctx, actor, f.salenPromise); err != nil {
			t.Fatal(err)
		}
		if id, err := f.s.LastCommitment(ctx, "2023", "2018-03-01"); err != nil || id != 0 {
			t.Errorf("LastCommitment(ended promise) = %d, %v, want 0", id, err)
		}
		// The choices say which are over, by the same rule.
		got, err = f.s.Commitments(ctx, "2023")
		if err != nil || len(got) != 3 || !got[0].IsOver("2018-03-01") {
			t.Errorf("Commitments(ended promise) = %+v, %v; want 3, over", got, err)
		}
	})
}
