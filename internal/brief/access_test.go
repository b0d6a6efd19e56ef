package brief_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestAccess: who reads and writes which brief, and the list's SQL says
// the same as CanRead.
func TestAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		draft := f.create(t, "2023", week)
		published := f.create(t, "2023", week.Add(-1))
		if _, err := f.s.Publish(ctx, f.actor("coord"), published.ID, brief.PublishOptions{}); err != nil {
			t.Fatal(err)
		}
		// Mora's brief, written by an administrator.
		moraBrief, err := f.s.Create(ctx, f.actor("admin"), brief.Input{MunicipalityCode: "2062", Week: week.String(), Analysis: "Noret."})
		if err != nil {
			t.Fatal(err)
		}
		if moraBrief, err = f.s.Publish(ctx, f.actor("admin"), moraBrief.ID, brief.PublishOptions{}); err != nil {
			t.Fatal(err)
		}
		draft, _ = f.s.Get(ctx, draft.ID)
		published, _ = f.s.Get(ctx, published.ID)
		all := []brief.Brief{draft, published, moraBrief}
		names := map[int64]string{draft.ID: "draft 2023", published.ID: "published 2023", moraBrief.ID: "published 2062"}

		for _, tc := range []struct {
			user  string
			reads []string
			write []string // municipalities written
		}{
			{"coord", []string{"draft 2023", "published 2023"}, []string{"2023"}},
			{"guard", []string{"published 2023"}, nil},
			{"police", []string{"published 2023", "published 2062"}, nil},
			{"mora", []string{"published 2062"}, nil},
			{"gone", nil, nil},
			{"admin", []string{"draft 2023", "published 2023", "published 2062"}, []string{"2023", "2062"}},
		} {
			p := f.principals[tc.user]
			if tc.user == "gone" {
				p.User.Disabled = true
			}
			var reads []string
			for _, b := range all {
				if brief.CanRead(p, b) {
					reads = append(reads, names[b.ID])
				}
			}
			if diff := cmp.Diff(tc.reads, reads); diff != "" {
				t.Errorf("%s reads (-want +got):\n%s", tc.user, diff)
			}
			var writes []string
			for _, code := range []string{"2023", "2062"} {
				if brief.CanWrite(p, code) {
					writes = append(writes, code)
				}
			}
			if diff := cmp.Diff(tc.write, writes); diff != "" {
				t.Errorf("%s writes (-want +got):\n%s", tc.user, diff)
			}
			page, err := f.s.List(ctx, brief.ScopeOf(p), brief.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var listed []string
			for _, b := range page.Items {
				listed = append(listed, names[b.ID])
				if b.Snapshot != nil {
					t.Errorf("a list item has its snapshot")
				}
			}
			slices.Sort(listed)
			want := slices.Clone(tc.reads)
			slices.Sort(want)
			if diff := cmp.Diff(want, listed); diff != "" {
				t.Errorf("%s lists (-CanRead +List):\n%s", tc.user, diff)
			}
		}
	})
}

// TestListPages: the latest week first, a page at a time.
func TestListPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		var want []int64
		for i := range 5 {
			want = append(want, f.create(t, "2023", week.Add(-i)).ID)
		}
		other := f.create(t, "2062", week) // the admin's scope sees it; the filter leaves it out
		scope := brief.ScopeOf(f.principals["admin"])
		var got []int64
		cursor := ""
		for pages := 0; pages < 10; pages++ {
			page, err := f.s.List(ctx, scope, brief.Filter{MunicipalityCode: "2023", Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range page.Items {
				got = append(got, b.ID)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("pages differ (-want +got):\n%s", diff)
		}
		if slices.Contains(got, other.ID) {
			t.Errorf("the filter let Mora's brief through")
		}
		if _, err := f.s.List(ctx, scope, brief.Filter{Cursor: "not-a-cursor"}); err == nil {
			t.Errorf("List() with a bad cursor = nil error")
		}
	})
}
