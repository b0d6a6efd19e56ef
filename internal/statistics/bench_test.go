package statistics

import (
	"context"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/report"
)

// BenchmarkPublished times a year of Malung-Sälen's statistics (the demo's
// synthetic reports, its checklist and seven areas: 53 tables of 12 × 8)
// against its floor, the bare SQL of the weekly sums it reads, alternating
// the two, and prints the ratio. On PostgreSQL with
// SAMVERKAN_TEST_POSTGRES_URL set:
//
//	go test -run '^$' -bench BenchmarkPublished -benchtime 50x ./internal/statistics/
func BenchmarkPublished(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var d *db.DB
			if dialect == "sqlite" {
				d = dbtest.SQLite(b)
			} else {
				d = dbtest.Postgres(b)
			}
			ctx := context.Background()
			if err := municipality.NewStore(d).Sync(ctx); err != nil {
				b.Fatal(err)
			}
			o, err := org.NewStore(d).Create(ctx, audit.System, org.Input{Name: "Vakterna", Kind: "security_company",
				MunicipalityCodes: []string{report.CodeMalungSalen, report.CodeMora}})
			if err != nil {
				b.Fatal(err)
			}
			end := time.Date(2026, time.June, 1, 0, 0, 0, 0, time.UTC)
			n, err := report.NewStore(d).LoadSynthetic(ctx, audit.System,
				map[string]int64{report.CodeMalungSalen: o.ID, report.CodeMora: o.ID}, report.SyntheticOptions{Seed: 1, End: end})
			if err != nil {
				b.Fatal(err)
			}
			st := NewStore(d)
			st.now = func() time.Time { return end }
			on := true
			if _, err := st.Update(ctx, audit.System, report.CodeMalungSalen, Change{Public: &on}); err != nil {
				b.Fatal(err)
			}
			q := Query{MunicipalityCode: report.CodeMalungSalen, FromWeek: "2025-W20", ToWeek: "2026-W20"}
			from, to := report.Week{Year: 2025, Number: 20}, report.Week{Year: 2026, Number: 20}
			var published, floor time.Duration
			cells := 0
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				run := func(first bool) {
					start := time.Now()
					if first {
						res, err := st.Published(ctx, q)
						if err != nil {
							b.Fatal(err)
						}
						cells = len(res.Cells)
						published += time.Since(start)
						return
					}
					if _, err := weekSums(ctx, d, report.CodeMalungSalen, from, to); err != nil {
						b.Fatal(err)
					}
					floor += time.Since(start)
				}
				run(i%2 == 0)
				run(i%2 != 0)
			}
			b.StopTimer()
			k := float64(b.N)
			b.ReportMetric(float64(published.Microseconds())/k/1000, "published-ms")
			b.ReportMetric(float64(floor.Microseconds())/k/1000, "floor-ms")
			b.ReportMetric(float64(published)/float64(floor), "published/floor")
			b.Logf("%s: %d synthetic reports, %d cells a query", dialect, n, cells)
		})
	}
}
