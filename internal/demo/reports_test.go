package demo

import (
	"context"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/premises"
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
		count := func(where string, args ...any) int {
			t.Helper()
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE `+where, args...).Scan(&n); err != nil {
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

		// The season under way has its reports up to now, by the guards
		// and the other parties too; nothing lies in the future.
		now := d.Clock().Now()
		if got := count(`synthetic AND occurred_at > ?`, now.UTC()); got != 0 {
			t.Errorf("%d synthetic reports after now", got)
		}
		if _, in := premises.SeasonOf(now); in && now.Sub(time.Date(activity.DemoSeason(now), time.December, 3, 0, 0, 0, 0, clock.Zone())) > 0 {
			if got := count(`synthetic AND municipality_code = '2023' AND occurred_at > ?`, now.Add(-72*time.Hour).UTC()); got == 0 {
				t.Errorf("no reports in Sälen in the last three days of the season under way (%s)", now)
			}
		}
		if got := count(`synthetic AND municipality_code = '2023' AND organization_id NOT IN (SELECT id FROM organizations WHERE kind = 'security_company')`); got == 0 {
			t.Error("every synthetic report of Sälen is the guards'")
		}

		// The weekly briefs: one for every week of the cycle's seasons
		// that is over, published on the Monday after at 08:30 (a draft
		// before then), each labelled as made up.
		season := activity.DemoSeason(now)
		this := report.WeekOf(now)
		var want, published int
		for year := season - 1; year <= season; year++ {
			last := report.WeekOf(time.Date(year+1, time.April, 19, 12, 0, 0, 0, clock.Zone()))
			for w := report.WeekOf(time.Date(year, time.December, 1, 0, 0, 0, 0, clock.Zone())); !last.Before(w) && w.Before(this); w = w.Add(1) {
				want++
				if !w.End().Add(8*time.Hour + 30*time.Minute).After(now) {
					published++
				}
			}
		}
		var briefs, out int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'published' THEN 1 ELSE 0 END), 0)
			FROM briefs WHERE municipality_code = '2023' AND synthetic AND analysis LIKE '%(Demo:%'`).Scan(&briefs, &out); err != nil {
			t.Fatal(err)
		}
		if briefs != want || out != published || published == 0 {
			t.Errorf("demo briefs = %d, %d published; want %d, %d published", briefs, out, want, published)
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
