package activity

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/promise"
)

// cycleDays are the days the current cycle is checked on: the tests' own
// day (which SAMVERKAN_TEST_NOW moves), the awkward days of
// scripts/test-days, and the edges of a season.
func cycleDays(t *testing.T) []time.Time {
	out := []time.Time{clocktest.Now()}
	for _, s := range []string{
		"2027-01-01T00:30:00+01:00", "2027-01-03T23:30:00+01:00", "2027-03-28T03:30:00+02:00", "2026-10-25T02:30:00+01:00",
		"2027-07-01T12:00:00+02:00", "2026-11-30T23:30:00+01:00", "2027-12-07T10:00:00+01:00",
		"2026-12-01T00:10:00+01:00", "2027-04-30T23:00:00+02:00", "2027-05-01T08:00:00+02:00", "2028-02-29T12:00:00+01:00",
	} {
		day, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, day)
	}
	return out
}

func cycleOrgs() map[string]int64 {
	orgs := map[string]int64{demoMora: 100}
	for i, name := range cycleOrganisations {
		orgs[name] = int64(i + 1)
	}
	return orgs
}

var cycleCommitments = DemoCommitments{TrafficControls: 21, GuardMeetings: 22, BarSupervision: 23, RecordedVisits: 24, Training: 25,
	Destination: 26, Forum: 27, Rescue: 28, HealthCentre: 29, Ambulance: 30}

func TestDemoSeason(t *testing.T) {
	for at, want := range map[string]int{
		"2026-12-01T00:10:00+01:00": 2026, // the season under way
		"2027-04-30T23:00:00+02:00": 2026,
		"2027-05-01T08:00:00+02:00": 2027, // between seasons: the coming one
		"2026-11-30T23:30:00+01:00": 2026,
		"2026-11-30T23:30:00Z":      2026, // 00:30 on 1 December in Sweden
		"2027-04-30T22:30:00Z":      2027, // 00:30 on 1 May in Sweden
	} {
		day, _ := time.Parse(time.RFC3339, at)
		if got := DemoSeason(day); got != want {
			t.Errorf("DemoSeason(%s) = %d, want %d", at, got, want)
		}
	}
}

// TestGenerateCycle: on any day, the current cycle is the season before
// complete and the season under way (or coming) up to that moment, every
// piece labelled as made up; nothing of it lies later than now but the
// next meeting of each series, planned; action items are open until their
// day and done after it, so that some are open and none overdue; every
// commitment of the renewed promise has work counted toward it; the
// season before ends with all premises but two visited, the season under
// way is on its way there.
func TestGenerateCycle(t *testing.T) {
	orgs := cycleOrgs()
	for _, now := range cycleDays(t) {
		today := now.In(zone()).Format(dateLayout)
		data, err := GenerateCycle(orgs, cycleCommitments, now)
		if err != nil {
			t.Fatalf("GenerateCycle(%s) error = %v", now, err)
		}
		again, _ := GenerateCycle(orgs, cycleCommitments, now)
		if diff := cmp.Diff(data, again); diff != "" {
			t.Fatalf("GenerateCycle(%s) differs between runs:\n%s", now, diff)
		}
		before := func(at string) bool {
			when, err := time.Parse(time.RFC3339, at)
			if err != nil {
				t.Fatalf("time %q: %v", at, err)
			}
			return when.Before(now)
		}

		counted := map[string]int{}
		for _, a := range data.Activities {
			if !a.Input.Synthetic || !strings.Contains(a.Input.Notes, "(demo)") {
				t.Errorf("%s: activity %+v is not labelled synthetic", today, a.Input)
			}
			if !before(a.Input.StartedAt) {
				t.Errorf("%s: activity %s at %s is still to come", today, a.Input.Kind, a.Input.StartedAt)
			}
			counted[a.Input.CommitmentID]++
		}
		recorded := map[int]map[int]bool{} // season → premises visited
		season := DemoSeason(now)
		for _, in := range data.Inspections {
			if !in.Input.Synthetic || !strings.Contains(in.Input.Inspectors, "(demo)") {
				t.Errorf("%s: inspection %+v is not labelled synthetic", today, in.Input)
			}
			if !before(in.Input.ConductedAt) {
				t.Errorf("%s: inspection at %s is still to come", today, in.Input.ConductedAt)
			}
			counted[in.Input.CommitmentID]++
			when, _ := time.Parse(time.RFC3339, in.Input.ConductedAt)
			if _, inSeason := premises.SeasonOf(when); inSeason && in.Input.Recorded {
				y := DemoSeason(when)
				if recorded[y] == nil {
					recorded[y] = map[int]bool{}
				}
				recorded[y][in.Premises] = true
			}
		}
		planned := map[string]int{}
		open := map[string]int{}
		for _, m := range data.Meetings {
			if !m.Synthetic || !strings.HasSuffix(m.Title, "(demo)") {
				t.Errorf("%s: meeting %q is not labelled synthetic", today, m.Title)
			}
			if !before(m.StartsAt) {
				planned[m.Kind]++
				if m.Minutes != "" || len(m.Actions) != 0 {
					t.Errorf("%s: the planned meeting %q has minutes or action items", today, m.Title)
				}
				continue
			}
			counted[m.CommitmentID]++
			for _, a := range m.Actions {
				switch {
				case a.DoneOn == "" && a.DueOn < today:
					t.Errorf("%s: %q of %q is overdue (due %s)", today, a.Text, m.Title, a.DueOn)
				case a.DoneOn == "":
					open[a.OrganizationID]++
				case a.DoneOn > today || a.DoneOn < m.StartsAt[:10]:
					t.Errorf("%s: %q of %q done on %s", today, a.Text, m.Title, a.DoneOn)
				}
			}
		}
		for kind, n := range planned {
			if n > 1 {
				t.Errorf("%s: %d planned meetings of kind %s, want at most the next", today, n, kind)
			}
		}
		// The council's items are open until its next meeting, always.
		if open[id(orgs[demoMalung])] == 0 || open[id(orgs[demoPolice])] == 0 {
			t.Errorf("%s: open action items by organisation %v, want the municipality's and the police's", today, open)
		}
		for _, c := range []int64{cycleCommitments.TrafficControls, cycleCommitments.GuardMeetings, cycleCommitments.BarSupervision,
			cycleCommitments.RecordedVisits, cycleCommitments.Training, cycleCommitments.Destination, cycleCommitments.Forum,
			cycleCommitments.Rescue, cycleCommitments.HealthCentre, cycleCommitments.Ambulance} {
			if counted[id(c)] == 0 {
				t.Errorf("%s: nothing counts toward commitment %d", today, c)
			}
		}
		// The season before: all but its two.
		var missing []int
		for i := range demoPremises {
			if !recorded[season-1][i] {
				missing = append(missing, i)
			}
		}
		if want := notVisitedInSeason(season - 1); !slices.Equal(missing, slices.Sorted(slices.Values(want))) {
			t.Errorf("%s: the season %d–%d left %v unvisited, want %v", today, season-1, season, missing, want)
		}
		// The season under way: some visited a week in, never all.
		n := len(recorded[season])
		if _, in := premises.SeasonOf(now); in && now.Sub(time.Date(season, time.December, 8, 0, 0, 0, 0, zone())) > 0 && n < 4 || n > 12 {
			t.Errorf("%s: %d premises visited in the season under way", today, n)
		}
	}
}

// TestCycleSeasonStable: a season of the current cycle looks the same
// whichever day it is cut at.
func TestCycleSeasonStable(t *testing.T) {
	orgs := cycleOrgs()
	early := time.Date(2027, 1, 20, 10, 0, 0, 0, zone())
	later := time.Date(2027, 3, 2, 10, 0, 0, 0, zone())
	a, _ := GenerateCycle(orgs, cycleCommitments, early)
	b, _ := GenerateCycle(orgs, cycleCommitments, later)
	cut := func(d DemoData) ([]DemoActivity, []DemoInspection) {
		var acts []DemoActivity
		var insps []DemoInspection
		for _, x := range d.Activities {
			if at, _ := time.Parse(time.RFC3339, x.Input.StartedAt); at.Before(early) {
				acts = append(acts, x)
			}
		}
		for _, x := range d.Inspections {
			if at, _ := time.Parse(time.RFC3339, x.Input.ConductedAt); at.Before(early) {
				insps = append(insps, x)
			}
		}
		return acts, insps
	}
	aActs, aInsps := cut(a)
	bActs, bInsps := cut(b)
	if diff := cmp.Diff(aActs, bActs); diff != "" {
		t.Errorf("the activities before %s differ by the day the cycle is cut at:\n%s", early, diff)
	}
	if diff := cmp.Diff(aInsps, bInsps); diff != "" {
		t.Errorf("the inspections before %s differ by the day the cycle is cut at:\n%s", early, diff)
	}
	delete(orgs, demoAmbulance)
	if _, err := GenerateCycle(orgs, cycleCommitments, early); err == nil || !strings.Contains(err.Error(), demoAmbulance) {
		t.Errorf("GenerateCycle(without the ambulance) error = %v", err)
	}
}

// TestLoadDemoCycle stores the history and the current cycle through the
// stores, on both databases: every rule holds for them.
func TestLoadDemoCycle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ids, salen := demoSetup(t, d)
		for _, o := range []struct{ name, kind string }{{demoRescue, "rescue_service"}, {demoHealthCentre, "healthcare"}, {demoAmbulance, "healthcare"}} {
			created, err := org.NewStore(d).Create(ctx, actor, org.Input{Name: o.name, Kind: o.kind, MunicipalityCodes: []string{"2023"}})
			if err != nil {
				t.Fatal(err)
			}
			ids[o.name] = created.ID
		}
		id := func(name string) string { return sid(ids[name]) }
		// The database's clock: the stores refuse visits later than it.
		now := d.Clock().Now()
		season := DemoSeason(now)
		today := now.In(zone()).Format(dateLayout)
		ps := promise.NewStore(d)
		renewed, err := ps.Create(ctx, actor, promise.Input{Title: "Medborgarlöfte i Sälen (demo)", MunicipalityCode: "2023", Problem: "p", Effect: "e",
			StartsOn: fmt.Sprintf("%d-12-01", season-1), EndsOn: fmt.Sprintf("%d-04-30", season+1), Commitments: []promise.CommitmentInput{
				{OrganizationID: id(demoPolice), Text: "Trafikkontroller på tillfartsvägarna."},
				{OrganizationID: id(demoPolice), Text: "Ett samverkansmöte med ordningsvakterna varje vecka."},
				{OrganizationID: id(demoMalung), Text: "Krogtillsynen planeras med polisen."},
				{OrganizationID: id(demoMalung), Text: "Minst ett protokollfört besök på varje serveringsställe."},
				{OrganizationID: id(demoMalung), Text: "Utbildning i Ansvarsfull alkoholservering."},
				{OrganizationID: id(demoDestination), Text: "Destinationen informerar besökarna."},
				{OrganizationID: id(demoDestination), Text: "Destinationen samlar samverkansforumet."},
				{OrganizationID: id(demoRescue), Text: "Brandskydd på nattklubbarna."},
				{OrganizationID: id(demoHealthCentre), Text: "Information om vård."},
				{OrganizationID: id(demoAmbulance), Text: "Framkomlighet på ankomstdagar."},
			}})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := LoadDemo(ctx, d, actor, Demo{Orgs: ids, Salen: salen.Commitments, Renewed: renewed.Commitments, Now: now})
		if err != nil {
			t.Fatalf("LoadDemo(with the cycle) error = %v", err)
		}
		history, _ := GenerateDemo(ids, SalenCommitments(ids, salen.Commitments))
		cycle, _ := GenerateCycle(ids, RenewedCommitments(ids, renewed.Commitments), now)
		want := DemoSummary{14, len(history.Inspections) + len(cycle.Inspections), len(history.Activities) + len(cycle.Activities),
			len(history.Meetings) + len(cycle.Meetings)}
		if sum != want {
			t.Errorf("LoadDemo() = %v, want %v", sum, want)
		}
		// Every commitment of the renewed promise is found by its words.
		c := RenewedCommitments(ids, renewed.Commitments)
		for i, got := range []int64{c.TrafficControls, c.GuardMeetings, c.BarSupervision, c.RecordedVisits, c.Training, c.Destination,
			c.Forum, c.Rescue, c.HealthCentre, c.Ambulance} {
			if got != renewed.Commitments[i].ID {
				t.Errorf("RenewedCommitments() picks %d for %q", got, renewed.Commitments[i].Text)
			}
		}
		// The season before: all premises but two visited; the forum
		// with its six parties.
		cov, err := premises.NewStore(d).Coverage(ctx, "2023", premises.WinterSeason(season-1))
		if err != nil || cov.PremisesVisited != 12 || cov.PremisesTotal != 14 {
			t.Errorf("Coverage(%d) on %s = %d of %d visited, %v; want 12 of 14", season-1, now, cov.PremisesVisited, cov.PremisesTotal, err)
		}
		var forumParties int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_organizations mo JOIN meetings m ON m.id = mo.meeting_id
			WHERE m.kind = 'forum' AND m.title LIKE ?`, fmt.Sprintf("%%inför säsongen %d%%", season-1)).Scan(&forumParties); err != nil || forumParties != 6 {
			t.Errorf("the forum before the season %d has %d parties, %v; want 6", season-1, forumParties, err)
		}
		open, err := NewStore(d).OpenActions(ctx, []int64{ids[demoMalung], ids[demoPolice], ids[demoGuards]})
		if err != nil || len(open) == 0 {
			t.Errorf("OpenActions() = %d, %v; want some", len(open), err)
		}
		for _, a := range open {
			if a.DueOn < today {
				t.Errorf("action item %q is overdue: due %s", a.Text, a.DueOn)
			}
		}
	})
}
