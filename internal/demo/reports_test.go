package demo

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
)

func TestLoadReports(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := municipality.NewStore(d).Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(ctx, d); err != nil {
			t.Fatalf("Load() error = %v", err)
		}
		count := func(where string) int {
			t.Helper()
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE `+where).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Every Dalarna event of the shipped file, summaries kept apart.
		if got := count(`source = 'polisen'`); got != 3563 {
			t.Errorf("police events stored = %d, want 3563", got)
		}
		if got := count(`source = 'polisen' AND is_summary`); got != 1120 {
			t.Errorf("police summaries = %d, want 1120", got)
		}
		// Synthetic reports in both municipalities, every one labelled.
		for _, code := range []string{report.CodeMalungSalen, report.CodeMora} {
			if got := count(`synthetic AND municipality_code = '` + code + `'`); got < 100 {
				t.Errorf("synthetic reports in %s = %d, want a season's worth", code, got)
			}
		}
		if got := count(`source = 'report' AND NOT synthetic`); got != 0 {
			t.Errorf("%d demo reports are not labelled synthetic", got)
		}

		// Loading again adds nothing: the reports have external ids.
		ids := map[string]int64{}
		rows, err := d.QueryContext(ctx, `SELECT id, name FROM organizations`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				t.Fatal(err)
			}
			ids[name] = id
		}
		rows.Close()
		before := count(`1 = 1`)
		sum, err := loadReports(ctx, d, audit.Actor{Label: "demo"}, ids, clocktest.Now())
		if err != nil {
			t.Fatal(err)
		}
		if after := count(`1 = 1`); after != before || sum.Police.Duplicates != 3563 {
			t.Errorf("second load: %d → %d reports, %+v", before, after, sum.Police)
		}
	})
}
