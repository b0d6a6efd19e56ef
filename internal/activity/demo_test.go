package activity

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/promise"
)

// demoSetup makes the demo organisations and a Sälen promise with the
// commitments of the source document (their words shortened), as the demo
// loader does.
func demoSetup(t *testing.T, d *db.DB) (map[string]int64, promise.Promise) {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatal(err)
	}
	orgs := org.NewStore(d)
	ids := map[string]int64{}
	for _, o := range []struct {
		name, kind string
		codes      []string
	}{
		{demoPolice, "police", []string{"2062", "2034", "2039", "2023"}},
		{demoMora, "municipality", []string{"2062"}},
		{demoMalung, "municipality", []string{"2023"}},
		{demoDestination, "company", []string{"2023"}},
		{demoGuards, "security_company", []string{"2023"}},
	} {
		created, err := orgs.Create(ctx, actor, org.Input{Name: o.name, Kind: o.kind, MunicipalityCodes: o.codes})
		if err != nil {
			t.Fatal(err)
		}
		ids[o.name] = created.ID
	}
	one := 1.0
	id := func(name string) string { return sid(ids[name]) }
	ps := promise.NewStore(d)
	p, err := ps.Create(ctx, actor, promise.Input{Title: SalenPromiseTitle, MunicipalityCode: "2023", Problem: "p", Effect: "e",
		StartsOn: "2016-12-09", EndsOn: "2018-04-30", Commitments: []promise.CommitmentInput{
			{OrganizationID: id(demoPolice), Text: "Att genomföra Trafikkontroller i anslutning till Sälenfjällen."},
			{OrganizationID: id(demoPolice), Text: "I syfte att ha en gemensam lägesbild kommer samverkansmöten att ske."},
			{OrganizationID: id(demoMalung), Text: "Krog tillsyn ska planeras av polisen tillsammans med kommunens alkoholhandläggare."},
			{OrganizationID: id(demoMalung), Text: "Alkoholhandläggare skall göra minst ett protokollfört besök på varje serveringsställe.", Target: &one, Unit: "besök"},
			{OrganizationID: id(demoMalung), Text: "Samverkar i utbildningen för Ansvarsfull Alkoholservering."},
			{OrganizationID: id(demoDestination), Text: "Att informera inför och under högsäsong om aktiviteter."},
		}})
	if err != nil {
		t.Fatal(err)
	}
	if p, err = ps.Publish(ctx, actor, p.ID); err != nil {
		t.Fatal(err)
	}
	return ids, p
}

func TestGenerateDemo(t *testing.T) {
	orgs := map[string]int64{demoPolice: 1, demoMora: 2, demoMalung: 3, demoDestination: 4, demoGuards: 5}
	c := DemoCommitments{TrafficControls: 11, GuardMeetings: 12, BarSupervision: 13, RecordedVisits: 14, Training: 15, Destination: 16}
	first, err := GenerateDemo(orgs, c)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := GenerateDemo(orgs, c)
	if diff := cmp.Diff(first, again); diff != "" {
		t.Fatalf("GenerateDemo() differs between runs (-first +again):\n%s", diff)
	}
	for _, p := range first.Premises {
		if !p.Synthetic || !strings.HasSuffix(p.Name, "(demo)") || !strings.HasSuffix(p.HolderName, "(demo)") {
			t.Errorf("premises %q is not labelled synthetic", p.Name)
		}
	}
	kinds := map[string]int{}
	for _, a := range first.Activities {
		kinds[a.Input.Kind]++
		if !a.Input.Synthetic || !strings.Contains(a.Input.Notes, "(demo)") {
			t.Errorf("activity %+v is not labelled synthetic", a.Input)
		}
		if a.Input.Kind == KindTrafficControl && (a.Input.CommitmentID != "11" || !strings.Contains(a.Input.Place, "Riksväg 66") && !strings.Contains(a.Input.Place, "Riksväg 71")) {
			t.Errorf("traffic control %+v is not on road 66 or 71 toward the commitment", a.Input)
		}
	}
	if kinds[KindTrafficControl] < 30 || kinds[KindBarCheck] < 2 || kinds[KindTraining] != 2 || kinds[KindInformation] != 4 {
		t.Errorf("activities by kind = %v", kinds)
	}
	meetings := map[string]int{}
	for _, m := range first.Meetings {
		meetings[m.Kind]++
		if !m.Synthetic || !strings.HasSuffix(m.Title, "(demo)") {
			t.Errorf("meeting %q is not labelled synthetic", m.Title)
		}
	}
	if meetings[MeetingCouncil] != 12 || meetings[MeetingForum] != 2 || meetings[MeetingCollaboration] < 10 {
		t.Errorf("meetings by kind = %v", meetings)
	}
	delete(orgs, demoGuards)
	if _, err := GenerateDemo(orgs, c); err == nil || !strings.Contains(err.Error(), demoGuards) {
		t.Errorf("GenerateDemo(without the guards) error = %v", err)
	}
	if got := easter(2017).Format("2006-01-02") + " " + easter(2018).Format("2006-01-02"); got != "2017-04-16 2018-04-01" {
		t.Errorf("easter() = %s", got)
	}
}

func TestLoadDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ids, _ := demoSetup(t, d)
		salen, err := FindSalenPromise(ctx, promise.NewStore(d))
		if err != nil {
			t.Fatalf("FindSalenPromise() error = %v", err)
		}
		sum, err := LoadDemo(ctx, d, actor, Demo{Orgs: ids, Salen: salen.Commitments})
		if err != nil {
			t.Fatalf("LoadDemo() error = %v", err)
		}
		data, _ := GenerateDemo(ids, SalenCommitments(ids, salen.Commitments))
		want := DemoSummary{len(data.Premises), len(data.Inspections), len(data.Activities), len(data.Meetings)}
		if sum != want || sum.Premises != 14 {
			t.Errorf("LoadDemo() = %v, want %v", sum, want)
		}

		// Every premises had its recorded visit in the first season; two
		// are still waiting in the second.
		ps := premises.NewStore(d)
		for _, tt := range []struct {
			season     int
			notVisited []string
		}{
			{2016, []string{}},
			{2017, []string{"Catering Sälenfjällen (demo)", "Stötens Värdshus (demo)"}},
		} {
			cov, err := ps.Coverage(ctx, "2023", premises.WinterSeason(tt.season))
			if err != nil {
				t.Fatal(err)
			}
			names := []string{}
			for _, r := range cov.NotVisited {
				names = append(names, r.Name)
			}
			if diff := cmp.Diff(tt.notVisited, names); diff != "" || cov.PremisesTotal != 14 || cov.RecordedVisits < 12 {
				t.Errorf("Coverage(%d) = %d of %d visited, %d visits; not visited (-want +got):\n%s", tt.season, cov.PremisesVisited,
					cov.PremisesTotal, cov.RecordedVisits, diff)
			}
		}

		// The traffic controls count toward the police's commitment, the
		// recorded visits toward the municipality's.
		progress, err := promise.NewStore(d).Progress(ctx, salen)
		if err != nil {
			t.Fatal(err)
		}
		done := map[string]int{}
		for _, c := range progress.Commitments {
			done[string([]rune(c.Text)[:20])] = c.Done
		}
		controls := 0
		for _, a := range data.Activities {
			if a.Input.Kind == KindTrafficControl {
				controls++
			}
		}
		if done["Att genomföra Trafik"] != controls || done["Alkoholhandläggare s"] < 26 || done["I syfte att ha en ge"] < 10 ||
			done["Samverkar i utbildni"] != 2 || done["Att informera inför "] != 6 {
			t.Errorf("done per commitment = %v (%d traffic controls)", done, controls)
		}

		// The history's action items are all done: nothing of 2016–2018
		// is overdue on a start page.
		s := NewStore(d)
		for _, name := range []string{demoGuards, demoPolice, demoMora, demoDestination} {
			open, err := s.OpenActions(ctx, []int64{ids[name]})
			if err != nil || len(open) != 0 {
				t.Errorf("OpenActions(%s) = %d, %v; want none", name, len(open), err)
			}
		}
		trained, err := s.TrainedPremises(ctx, "2023", time.Time{})
		if err != nil || len(trained) != 14 || trained[9].Trainings == 0 || trained[10].Trainings != 0 {
			t.Errorf("TrainedPremises() = %d, %v", len(trained), err)
		}
	})
}
