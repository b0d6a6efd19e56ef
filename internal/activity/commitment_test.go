package activity

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestCommitmentsOf(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		police, err := f.s.CommitmentsOf(ctx, []int64{f.police}, false)
		if err != nil {
			t.Fatal(err)
		}
		// The latest promise first: Sälen (2016-12-09) before Noret
		// (2016-10-01).
		var ids []int64
		for _, c := range police {
			ids = append(ids, c.ID)
		}
		if diff := cmp.Diff([]int64{f.traffic, f.moraPolice}, ids); diff != "" {
			t.Errorf("CommitmentsOf(police) (-want +got):\n%s", diff)
		}
		if c := police[0]; c.Text != "Trafikkontroller" || c.Target == nil || *c.Target != 10 || c.Unit != "kontroller" ||
			c.PromiseTitle != "Sälen" || c.MunicipalityCode != "2023" || c.OrganizationID != f.police {
			t.Errorf("CommitmentsOf(police)[0] = %+v", c)
		}
		all, err := f.s.CommitmentsOf(ctx, nil, true)
		if err != nil || len(all) != 6 {
			t.Errorf("CommitmentsOf(all) = %d, %v; want 6", len(all), err)
		}
		if none, err := f.s.CommitmentsOf(ctx, nil, false); err != nil || none == nil || len(none) != 0 {
			t.Errorf("CommitmentsOf(nobody) = %#v, %v", none, err)
		}
		c, err := f.s.Commitment(ctx, f.moraFieldWork)
		if err != nil || c.Text != "Fältarbetare" || c.Target != nil || c.PromiseTitle != "Noret" {
			t.Errorf("Commitment() = %+v, %v", c, err)
		}
		if _, err := f.s.Commitment(ctx, 99999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Commitment(unknown) error = %v", err)
		}
	})
}

func TestCheckStoresNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		good := Input{Kind: KindPatrol, OrganizationID: sid(f.police), MunicipalityCode: "2023", StartedAt: "2017-02-11T21:00:00+01:00"}
		if err := f.s.Check(ctx, good); err != nil {
			t.Errorf("Check(good) = %v", err)
		}
		bad := good
		bad.Counts = map[string]float64{"vehicles_checked": 3}
		if err := f.s.Check(ctx, bad); fields(t, err)["counts.vehicles_checked"] != "error.counter_not_of_kind" {
			t.Errorf("Check(bad) = %v", err)
		}
		if err := f.s.CheckMeeting(ctx, MeetingInput{Kind: MeetingCouncil}); fields(t, err)["title"] != "error.required" {
			t.Errorf("CheckMeeting(no title) = %v", err)
		}
		if err := f.s.CheckMeeting(ctx, f.guardMeeting()); err != nil {
			t.Errorf("CheckMeeting(good) = %v", err)
		}
		if n := count(t, d, "activities"); n != 0 {
			t.Errorf("Check stored %d activities", n)
		}
		if n := count(t, d, "meetings"); n != 0 {
			t.Errorf("CheckMeeting stored %d meetings", n)
		}
	})
}

func TestPremisesIn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		got, err := f.s.PremisesIn(ctx, []string{"2023", "2062"})
		if err != nil {
			t.Fatal(err)
		}
		want := []PremisesChoice{{ID: f.noretgrillen, Name: "Noretgrillen", MunicipalityCode: "2062", Open: true},
			{ID: f.kataan, Name: "Restaurang Kåtan", MunicipalityCode: "2023", Open: true}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("PremisesIn() (-want +got):\n%s", diff)
		}
		if none, err := f.s.PremisesIn(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("PremisesIn(none) = %v, %v", none, err)
		}
	})
}

// TestOpenActionsNameTheOrganiser: a start page decides from an open item
// alone whether its user may mark it done.
func TestOpenActionsNameTheOrganiser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		if _, err := f.s.CreateMeeting(ctx, actor, f.guardMeeting()); err != nil {
			t.Fatal(err)
		}
		open, err := f.s.OpenActions(ctx, []int64{f.guards})
		if err != nil || len(open) != 1 {
			t.Fatalf("OpenActions(guards) = %+v, %v", open, err)
		}
		m := open[0].Meeting()
		if open[0].MeetingOrganizationID != f.police || m.OrganizationID != f.police || m.ID != open[0].MeetingID {
			t.Errorf("OpenActions(guards)[0] = %+v, meeting %+v", open[0], m)
		}
		for name, want := range map[string]bool{"police": true, "guard": false, "municipality": false} {
			// principals() names the police 10, the guards 12.
			p := principals()[name]
			a := open[0].Action
			a.OrganizationID = 12
			if got := CanMarkAction(p, Meeting{OrganizationID: 10}, a); got != want {
				t.Errorf("CanMarkAction(%s) = %v, want %v", name, got, want)
			}
		}
		// A calendar lists the earliest first.
		later := f.guardMeeting()
		later.Title, later.StartsAt, later.EndsAt = "Vecka 8", "2017-02-20T10:00:00+01:00", "2017-02-20T11:00:00+01:00"
		later.Actions[0].DueOn, later.Actions[1].DueOn = "2017-02-25", "2017-02-25"
		if _, err := f.s.CreateMeeting(ctx, actor, later); err != nil {
			t.Fatal(err)
		}
		cal, err := f.s.MeetingsOf(ctx, []int64{f.guards}, time.Time{})
		if err != nil || len(cal) != 2 || cal[0].Title != "Samverkansmöte vecka 7" || cal[1].Title != "Vecka 8" {
			t.Errorf("MeetingsOf(guards) = %d meetings, %v", len(cal), err)
		}
	})
}
