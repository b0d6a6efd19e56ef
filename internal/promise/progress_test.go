package promise_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/promise"
)

var actor = audit.Actor{Label: "test"}

func sid(id int64) string { return strconv.FormatInt(id, 10) }

// TestProgress counts what was done toward each commitment: the linked
// activities, and the inspections and meetings linked to it as the bar
// checks and meetings they are.
func TestProgress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := municipality.NewStore(d).Sync(ctx); err != nil {
			t.Fatal(err)
		}
		orgs := org.NewStore(d)
		mk := func(name, kind string) int64 {
			o, err := orgs.Create(ctx, actor, org.Input{Name: name, Kind: kind, MunicipalityCodes: []string{"2023"}})
			if err != nil {
				t.Fatal(err)
			}
			return o.ID
		}
		police, malung := mk("Polisen", "police"), mk("Malung-Sälens kommun", "municipality")
		ps := promise.NewStore(d)
		ten := 10.0
		p, err := ps.Create(ctx, actor, promise.Input{Title: "Sälen", MunicipalityCode: "2023", Problem: "p", Effect: "e",
			StartsOn: "2016-12-09", EndsOn: "2018-04-30", Commitments: []promise.CommitmentInput{
				{OrganizationID: sid(police), Text: "Trafikkontroller", Target: &ten, Unit: "kontroller"},
				{OrganizationID: sid(malung), Text: "Protokollförda besök"},
				{OrganizationID: sid(police), Text: "Samverkansmöten"},
				{OrganizationID: sid(malung), Text: "Publicera löftet"},
			}})
		if err != nil {
			t.Fatal(err)
		}
		traffic, visits, meetings, publish := p.Commitments[0].ID, p.Commitments[1].ID, p.Commitments[2].ID, p.Commitments[3].ID

		as := activity.NewStore(d)
		control := func(start string, commitment int64, vehicles float64) int64 {
			in := activity.Input{Kind: activity.KindTrafficControl, OrganizationID: sid(police), MunicipalityCode: "2023", StartedAt: start,
				Counts: map[string]float64{"vehicles_checked": vehicles}}
			if commitment != 0 {
				in.CommitmentID = sid(commitment)
			}
			a, err := as.Create(ctx, actor, in)
			if err != nil {
				t.Fatal(err)
			}
			return a.ID
		}
		second := control("2017-02-18T15:30:00+01:00", traffic, 90)
		first := control("2017-01-07T10:00:00+01:00", traffic, 120)
		third := control("2017-02-25T10:00:00+01:00", traffic, 200)
		control("2017-03-04T10:00:00+01:00", 0, 50)                                 // toward nothing
		control(clocktest.Now().Add(48*time.Hour).Format(time.RFC3339), traffic, 0) // planned, not done

		pr := premises.NewStore(d)
		kataan, err := pr.Create(ctx, actor, premises.Input{Name: "Kåtan", RestaurantNumber: "20230001", OrganizationNumber: "556012-5790",
			HolderName: "AB", MunicipalityCode: "2023", LicenceType: premises.PermanentPublic})
		if err != nil {
			t.Fatal(err)
		}
		visit, err := pr.CreateInspection(ctx, actor, premises.InspectionInput{PremisesID: sid(kataan.ID), Kind: premises.Joint,
			ConductedAt: "2017-02-18T23:00:00+01:00", OrganizationIDs: []string{sid(malung), sid(police)}, Recorded: true,
			Protocol: premises.Protocol{Items: []premises.Check{{Check: "Ålderskontroller", Result: premises.ResultOK}}}, CommitmentID: sid(visits)})
		if err != nil {
			t.Fatal(err)
		}
		meeting, err := as.CreateMeeting(ctx, actor, activity.MeetingInput{Title: "Samverkansmöte", Kind: activity.MeetingCollaboration,
			OrganizationIDs: []string{sid(police)}, MunicipalityCode: "2023", CommitmentID: sid(meetings),
			StartsAt: "2017-02-13T10:00:00+01:00", EndsAt: "2017-02-13T11:00:00+01:00", Place: "Polisen i Sälen"})
		if err != nil {
			t.Fatal(err)
		}

		progress, err := ps.Progress(ctx, p)
		if err != nil {
			t.Fatalf("Progress() error = %v", err)
		}
		type row struct {
			ID   int64
			Done int
			Of   []string
		}
		var got []row
		for _, c := range progress.Commitments {
			r := row{ID: c.ID, Done: c.Done, Of: []string{}}
			for _, a := range c.Activities {
				r.Of = append(r.Of, a.Source+" "+sid(a.ID)+" "+a.Kind)
			}
			got = append(got, r)
		}
		want := []row{
			{traffic, 3, []string{"activity " + sid(first) + " traffic_control", "activity " + sid(second) + " traffic_control",
				"activity " + sid(third) + " traffic_control"}},
			{visits, 1, []string{"inspection " + sid(visit.ID) + " bar_check"}},
			{meetings, 1, []string{"meeting " + sid(meeting.ID) + " meeting"}},
			{publish, 0, []string{}},
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Progress() (-want +got):\n%s", diff)
		}

		// The JSON of the contract: done, and the activities with what
		// they counted.
		raw, err := json.Marshal(progress.Commitments[0].Activities[0])
		if err != nil {
			t.Fatal(err)
		}
		wantJSON := `{"id":"` + sid(first) + `","source":"activity","kind":"traffic_control","organization_id":"` + sid(police) +
			`","started_at":"2017-01-07T09:00:00Z","ended_at":null,"place":"","counts":{"vehicles_checked":120}}`
		if string(raw) != wantJSON {
			t.Errorf("activity JSON = %s\nwant %s", raw, wantJSON)
		}
		raw, _ = json.Marshal(progress.Commitments[1].Activities[0])
		if want := `"organization_id":"` + sid(malung) + `","started_at":"2017-02-18T22:00:00Z","ended_at":null,"place":"Kåtan","counts":{}}`; !json.Valid(raw) ||
			string(raw[len(raw)-len(want):]) != want {
			t.Errorf("inspection JSON = %s", raw)
		}
		if got := progress.Commitments[2].Activities[0]; got.EndedAt == nil || !got.EndedAt.Equal(time.Date(2017, 2, 13, 10, 0, 0, 0, time.UTC)) {
			t.Errorf("meeting's end = %v", got.EndedAt)
		}
		// What the promise itself says counts nothing yet.
		if base := promise.ProgressOf(p); base.Commitments[0].Done != 0 || len(base.Commitments[0].Activities) != 0 {
			t.Errorf("ProgressOf() = %+v", base.Commitments[0])
		}

		// A commitment taken out of a draft leaves its activities, linked
		// to nothing.
		in := promise.InputOf(p)
		in.Commitments = in.Commitments[1:]
		p, err = ps.Update(ctx, actor, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		a, err := as.ByID(ctx, first)
		if err != nil || a.CommitmentID != 0 {
			t.Errorf("activity of a removed commitment = %d, %v", a.CommitmentID, err)
		}
		progress, err = ps.Progress(ctx, p)
		if err != nil || len(progress.Commitments) != 3 || progress.Commitments[0].Done != 1 {
			t.Errorf("Progress() after the change = %+v, %v", progress, err)
		}
	})
}
