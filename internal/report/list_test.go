package report

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		// 30 reports in Mora, one an hour from Friday 20 February 08.00
		// Swedish time, alternating categories, and three in Sälen; two
		// share a moment, so the order falls back on the id.
		var moraIDs []int64 // latest first
		start := time.Date(2026, 2, 20, 8, 0, 0, 0, zone())
		var ins []Input
		for i := range 30 {
			cat := "Klotter"
			if i%2 == 1 {
				cat = "Nedskräpning"
			}
			at := start.Add(time.Duration(i) * time.Hour)
			if i == 29 {
				at = start.Add(28 * time.Hour)
			}
			ins = append(ins, Input{Category: cat, OccurredAt: at.Format(time.RFC3339), MunicipalityCode: mora})
		}
		got, _, err := f.s.CreateBatch(ctx, audit.System, f.mora, ins)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(got) - 1; i >= 0; i-- {
			moraIDs = append(moraIDs, got[i].ID)
		}
		// Report 29 and 28 share a moment; the larger id comes first.
		for range 3 {
			if _, _, err := f.s.Create(ctx, audit.System, f.guards, Input{Category: "Klotter", OccurredAt: "2026-02-20T12:00:00+01:00", MunicipalityCode: salen}); err != nil {
				t.Fatal(err)
			}
		}
		all := Access{All: true}
		ids := func(rs []Report) []int64 {
			out := []int64{}
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}

		// Page through Mora seven at a time.
		var paged []int64
		cursor := ""
		for pages := 0; ; pages++ {
			page, err := f.s.List(ctx, all, Filter{MunicipalityCode: mora, Limit: 7, Cursor: cursor})
			if err != nil {
				t.Fatalf("List(page %d) error = %v", pages, err)
			}
			paged = append(paged, ids(page.Items)...)
			if page.Next == "" {
				break
			}
			if pages > 10 {
				t.Fatal("List never ends")
			}
			cursor = page.Next
		}
		if diff := cmp.Diff(moraIDs, paged); diff != "" {
			t.Errorf("paging through Mora (-want +got):\n%s", diff)
		}

		tests := []struct {
			name string
			f    Filter
			want int
		}{
			{"everything", Filter{Limit: 100}, 33},
			{"sälen", Filter{MunicipalityCode: salen}, 3},
			{"category", Filter{MunicipalityCode: mora, Category: " Klotter "}, 15},
			// Friday 20 February in Swedish time: 08.00 to 23.00, 16 reports.
			{"one day", Filter{MunicipalityCode: mora, From: "2026-02-20", To: "2026-02-20"}, 16},
			{"from a day", Filter{MunicipalityCode: mora, From: "2026-02-21"}, 14},
			{"until a time", Filter{MunicipalityCode: mora, To: "2026-02-20T12:00:00+01:00"}, 5},
			{"from a time", Filter{MunicipalityCode: mora, From: "2026-02-21T11:00:00+01:00"}, 3},
			{"source", Filter{Source: SourcePolisen}, 0},
		}
		for _, tt := range tests {
			tt.f.Limit = 100
			page, err := f.s.List(ctx, all, tt.f)
			if err != nil {
				t.Errorf("%s: List(%+v) error = %v", tt.name, tt.f, err)
				continue
			}
			if len(page.Items) != tt.want {
				t.Errorf("%s: List(%+v) = %d reports, want %d", tt.name, tt.f, len(page.Items), tt.want)
			}
		}

		_, err = f.s.List(ctx, all, Filter{From: "20 februari", To: "2026-02-19", Source: "x"})
		want := map[string]string{"from": "error.date_or_time", "source": "error.one_of"}
		if diff := cmp.Diff(want, fieldKeys(t, err)); diff != "" {
			t.Errorf("List(bad filter) errors (-want +got):\n%s", diff)
		}
		_, err = f.s.List(ctx, all, Filter{From: "2026-02-20", To: "2026-02-19"})
		if diff := cmp.Diff(map[string]string{"to": "error.to_before_from"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("List(to before from) errors (-want +got):\n%s", diff)
		}
		for _, c := range []string{"nonsense", db.Cursor{Key: "not a time", ID: 3}.Encode()} {
			if _, err := f.s.List(ctx, all, Filter{Cursor: c}); !errors.Is(err, db.ErrBadCursor) {
				t.Errorf("List(cursor %q) error = %v, want ErrBadCursor", c, err)
			}
		}
		page, err := f.s.List(ctx, Access{}, Filter{})
		if err != nil || len(page.Items) != 0 || page.Items == nil {
			t.Errorf("List(no access) = %v, %v; want an empty list", page.Items, err)
		}
	})
}
