package demo

import (
	"context"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/walk"
)

// TestLoadWalks: the demo has one safety walk at Noret three weeks before
// the clock's day, labelled synthetic, with lighting points at the parking
// areas, vegetation and a gathering place; their actions are owned by Mora
// kommun, the police and the property owner, one done and one overdue on
// the clock's day.
func TestLoadWalks(t *testing.T) {
	dbtest.EachSeeded(t, "demo", func(ctx context.Context, d *db.DB) error {
		if err := municipality.NewStore(d).Sync(ctx); err != nil {
			return err
		}
		_, err := Load(ctx, d)
		return err
	}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		store := walk.NewStore(d)
		page, err := store.Walks(ctx, walk.Filter{Scope: walk.Scope{All: true}})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 {
			t.Fatalf("demo walks = %d, want 1", len(page.Items))
		}
		s := page.Items[0]
		wantHeld := walk.Date(clocktest.Now().AddDate(0, 0, -21))
		if s.MunicipalityCode != "2062" || s.HeldOn != wantHeld || !s.Synthetic || !strings.Contains(s.Area, "(demo)") ||
			s.Points != 5 || s.Actions != 4 || s.OpenActions != 3 {
			t.Errorf("demo walk = %+v, want Mora's on %s, synthetic, 5 points, 4 actions of which 3 open", s, wantHeld)
		}
		w, err := store.Walk(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		categories := map[string]int{}
		owners := map[string]bool{}
		today := walk.Date(clocktest.Now())
		var done, overdue int
		for _, p := range w.Points {
			categories[p.Category]++
			if !strings.HasSuffix(p.Description, "(demo)") || p.Place != "Noret" {
				t.Errorf("point %q at %q, want labelled (demo) at Noret", p.Description, p.Place)
			}
			for _, a := range p.Actions {
				owners[a.OrganizationName] = true
				if a.Status == walk.StatusDone {
					done++
				}
				if a.Open() && a.DueOn != "" && a.DueOn < today {
					overdue++
				}
			}
		}
		if categories["lighting"] != 2 || categories["vegetation"] != 1 || categories["gathering"] != 1 {
			t.Errorf("categories = %v, want two lighting, vegetation and gathering", categories)
		}
		for _, o := range []string{"Mora kommun", "Polisen, lokalpolisområde Mora", "Noret Handel Fastigheter AB (demo)"} {
			if !owners[o] {
				t.Errorf("no action owned by %s", o)
			}
		}
		if done != 1 || overdue != 1 {
			t.Errorf("done %d, overdue %d on %s; want 1 and 1", done, overdue, today)
		}
		if w.Points[0].CommitmentID == 0 {
			t.Error("the lighting point is not linked to the Noret promise's lighting commitment")
		}
		if c, ok := w.Commitment(w.Points[0].CommitmentID); !ok || c.Text == "" {
			t.Errorf("the walk's linked commitment = %+v, %v; want its text", c, ok)
		}
		pub, err := store.Public(ctx, "2062", w.ID)
		if err != nil || len(pub.Actions) != 4 {
			t.Errorf("the demo walk's public page: %d actions, error %v; want it published with 4", len(pub.Actions), err)
		}
	})
}
