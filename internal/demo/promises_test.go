package demo

import (
	"context"
	"testing"

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
		agreements, err := store.Agreements(ctx, promise.AgreementFilter{Scope: promise.Scope{All: true}})
		if err != nil || len(agreements.Items) != 1 || len(agreements.Items[0].FocusAreas) != 5 || noret.AgreementID != agreements.Items[0].ID {
			t.Errorf("Mora agreement = %+v, %v; want one with 5 focus areas that the Noret promise belongs to", agreements.Items, err)
		}
	})
}
