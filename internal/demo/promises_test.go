package demo

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/promise"
)

func TestLoadPromises(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := municipality.NewStore(d).Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(ctx, d); err != nil {
			t.Fatalf("Load() error = %v", err)
		}
		store := promise.NewStore(d)
		page, err := store.List(ctx, promise.PublicFilter("", "", 10))
		if err != nil {
			t.Fatal(err)
		}
		byTitle := map[string]promise.Promise{}
		for _, p := range page.Items {
			byTitle[p.Title] = p
		}
		salen, ok := byTitle["Medborgarlöfte i Sälen 2016–2018"]
		if !ok || salen.Status != promise.Published || len(salen.Parties) != 3 || len(salen.Commitments) != 10 {
			t.Fatalf("Sälen promise = %+v", salen)
		}
		perParty := map[string]int{}
		for _, c := range salen.Commitments {
			perParty[c.OrganizationName]++
		}
		if perParty[police] != 4 || perParty[malung] != 4 || perParty[destination] != 2 {
			t.Errorf("Sälen commitments per party = %v, want 4, 4 and 2", perParty)
		}
		if c := salen.Commitments[6]; c.Target == nil || *c.Target != 1 || c.Unit != "protokollfört besök per serveringsställe" {
			t.Errorf("the alcohol officer's commitment = %+v, want a target of one recorded visit per premises", c)
		}
		if salen.Parties[2].SignatoryName != "Charlotte Skott" || salen.SignedOn != "2016-12-09" {
			t.Errorf("Sälen signatories = %+v, signed %s", salen.Parties, salen.SignedOn)
		}
		noret, ok := byTitle["Medborgarlöfte i Mora 2016: tryggare kvällar vid Noret"]
		if !ok || noret.EndsOn != "2017-05-31" || len(noret.Amendments) != 1 || len(noret.Parties) != 4 || len(noret.Commitments) != 6 {
			t.Fatalf("Noret promise = %+v", noret)
		}
		if c := noret.Commitments[3]; c.Status != promise.NotDone || c.Reason == "" {
			t.Errorf("Noret lighting commitment = %+v, want not done with a reason", c)
		}
		// The renewed promise: in force on the day the demo is loaded,
		// for the season under way or coming and the one before, with
		// the forum's parties as parties that commit.
		now := d.Clock().Now()
		today := now.In(clock.Zone()).Format("2006-01-02")
		renewed, ok := byTitle[RenewedTitle(now)]
		if !ok || renewed.Status != promise.Published || renewed.IsOver(today) || renewed.StartsOn > today {
			t.Fatalf("the renewed promise %q = %+v, want it published and in force on %s", RenewedTitle(now), renewed, today)
		}
		season := activity.DemoSeason(now)
		if renewed.StartsOn != fmt.Sprintf("%d-12-01", season-1) || renewed.EndsOn != fmt.Sprintf("%d-04-30", season+1) || renewed.SignedOn >= renewed.StartsOn {
			t.Errorf("the renewed promise runs %s–%s, signed %s; want the seasons %d–%d and %d–%d, signed before", renewed.StartsOn,
				renewed.EndsOn, renewed.SignedOn, season-1, season, season, season+1)
		}
		parties := map[string]int{}
		for _, c := range renewed.Commitments {
			parties[c.OrganizationName]++
			if !strings.HasSuffix(c.Text, "(demo)") || c.Status != promise.InProgress {
				t.Errorf("renewed commitment %q (%s) is not labelled or not under way", c.Text, c.Status)
			}
		}
		want := map[string]int{police: 2, malung: 3, destination: 2, rescue: 1, healthCentre: 1, ambulance: 1}
		if diff := cmp.Diff(want, parties); diff != "" || len(renewed.Parties) != 6 {
			t.Errorf("renewed commitments per party (-want +got), %d parties:\n%s", len(renewed.Parties), diff)
		}
		// Its visits to every premises are measured as the 2016–18
		// promise's: by the register's coverage in the season.
		coverage := 0
		for _, c := range renewed.Commitments {
			if c.Measure == promise.MeasurePremisesCoverage {
				coverage++
			}
		}
		if coverage != 1 {
			t.Errorf("the renewed promise has %d commitments measured by the premises' coverage, want 1", coverage)
		}
		if !strings.HasSuffix(renewed.Title, "(demo)") || !strings.Contains(renewed.Problem, "(demo)") {
			t.Errorf("the renewed promise is not labelled: %q", renewed.Title)
		}
		agreements, err := store.Agreements(ctx, promise.AgreementFilter{Scope: promise.Scope{All: true}})
		if err != nil || len(agreements.Items) != 1 || len(agreements.Items[0].FocusAreas) != 5 || noret.AgreementID != agreements.Items[0].ID {
			t.Errorf("Mora agreement = %+v, %v; want one with 5 focus areas that the Noret promise belongs to", agreements.Items, err)
		}
	})
}
