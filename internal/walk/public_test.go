package walk

import (
	"context"
	"errors"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/promise"
)

// TestCommitmentChoices: the forms offer the commitments of the
// municipality's published promises in force on the walk's date or today;
// not drafts, not ended periods, not another municipality's.
func TestCommitmentChoices(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		ps := promise.NewStore(d)
		mk := func(title, code string, org int64, from, to int) int64 {
			p, err := ps.Create(ctx, actor, promise.Input{Title: title, MunicipalityCode: code, Problem: "p", Effect: "e",
				StartsOn: day(from), EndsOn: day(to), Commitments: []promise.CommitmentInput{{OrganizationID: sid(org), Text: title + " åtagande"}}})
			if err != nil {
				t.Fatalf("create promise %s: %v", title, err)
			}
			if _, err := ps.Publish(ctx, actor, p.ID); err != nil {
				t.Fatalf("publish %s: %v", title, err)
			}
			return p.Commitments[0].ID
		}
		current := mk("Gäller", "2062", f.mora, -100, 300)
		walkDay := mk("Vandringens tid", "2062", f.mora, -60, -10)
		mk("Förr", "2062", f.mora, -400, -200)
		mk("Sälen nu", "2023", f.salen, -100, 300)
		got, err := f.s.CommitmentChoices(ctx, "2062", day(-25), day(0))
		if err != nil {
			t.Fatal(err)
		}
		ids := map[int64]bool{}
		for _, c := range got {
			ids[c.ID] = true
		}
		if len(got) != 2 || !ids[current] || !ids[walkDay] || ids[f.commitment] {
			t.Errorf("CommitmentChoices() = %+v, want the two published promises in force (%d, %d)", got, current, walkDay)
		}
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddPoint(ctx, actor, w.ID, PointInput{Place: "Noret", Category: "lighting", Description: "Mörkt",
			CommitmentID: sid(current)}); err != nil {
			t.Fatal(err)
		}
		read, err := f.s.Walk(ctx, w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c, ok := read.Commitment(current); !ok || c.Text != "Gäller åtagande" || c.PromiseTitle != "Gäller" {
			t.Errorf("the walk's linked commitment = %+v, %v", c, ok)
		}
	})
}

// TestPublicWalk: nothing is public until a coordinator publishes the
// walk; then the residents' view has the actions with status and category
// and nothing of the descriptions or photos.
func TestPublicWalk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		w, err := f.s.CreateWalk(ctx, actor, f.noret())
		if err != nil {
			t.Fatal(err)
		}
		pt, err := f.s.AddPoint(ctx, actor, w.ID, PointInput{Place: "Noret", Category: "lighting", Description: "Mörkt vid porten",
			Photo: photoJPEG(t)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddAction(ctx, actor, pt.ID, ActionInput{Text: "Byt armaturer", OrganizationID: sid(f.mora), Status: StatusDone}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Public(ctx, "2062", w.ID); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("Public() before publishing: error = %v, want not found", err)
		}
		audits := count(t, d, "audit_log")
		if err := f.s.SetPublic(ctx, actor, w.ID, true); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "audit_log"); n != audits+1 {
			t.Errorf("SetPublic wrote %d audit entries, want 1", n-audits)
		}
		if _, err := f.s.Public(ctx, "2023", w.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Public() under another municipality: error = %v, want not found", err)
		}
		pw, err := f.s.Public(ctx, "2062", w.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := PublicAction{Text: "Byt armaturer", Category: "lighting", Place: "Noret", Organization: "Mora kommun", Status: StatusDone, DoneOn: day(0)}
		if len(pw.Actions) != 1 || pw.Actions[0] != want || pw.ResidentsCount != 7 || len(pw.Organizations) != 3 {
			t.Errorf("Public() = %+v, want one action %+v, 7 residents, 3 organisations", pw, want)
		}
		if err := f.s.SetPublic(ctx, actor, w.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Public(ctx, "2062", w.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Public() after taking it back: error = %v, want not found", err)
		}
	})
}
