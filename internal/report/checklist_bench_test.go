package report

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// BenchmarkChecklist measures sending a weekly checklist of the whole
// default checklist (12 lines, 8 with a count) against its floor in the
// same run: CreateBatch of the same 8 reports (the same checks, inserts,
// weekly counts and audit entry, without the checklist's lines, its lock
// and what it replaces), alternating which goes first.
//
//   - replace/floor: each submission replaces the week's checklist with
//     other counts and places (updates, deletes and inserts reports);
//
//   - repeat/floor: the same submission sent again (nothing changes).
//
//     go test -run '^$' -bench Checklist -benchtime 200x ./internal/report/
//
// The PostgreSQL half needs SAMVERKAN_TEST_POSTGRES_URL.
func BenchmarkChecklist(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchChecklist(b, dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchChecklist(b, dbtest.Postgres(b)) })
}

func benchChecklist(b *testing.B, d *db.DB) {
	ctx := context.Background()
	s, orgID := benchSetup(b, d)
	now := time.Date(2026, 2, 21, 12, 0, 0, 0, time.UTC)
	s.now = func() time.Time { return now }
	week := WeekOf(now)
	places := []string{"", "Noret"}
	lines := func(i int) []ChecklistLineInput {
		out := make([]ChecklistLineInput, len(DefaultCategories))
		for j, c := range DefaultCategories {
			out[j] = ChecklistLineInput{Category: c, Count: new(0)}
			if j%3 != 2 {
				out[j] = ChecklistLineInput{Category: c, Place: places[(i+j)%2], Count: new(1 + (i+j)%5), Note: "Lugnt, men några ungdomar vid parkeringen sent."}
			}
		}
		return out
	}
	asReports := func(ls []ChecklistLineInput) []Input {
		var out []Input
		for _, l := range ls {
			if *l.Count > 0 {
				out = append(out, Input{Category: l.Category, Place: l.Place, Count: l.Count, Description: l.Note,
					MunicipalityCode: CodeMora, OccurredAt: week.Start().Format(time.RFC3339)})
			}
		}
		return out
	}
	actor := audit.Actor{Label: "bench"}
	submit := func(i int, ext string) time.Duration {
		start := time.Now()
		if _, _, err := s.SubmitChecklist(ctx, actor, orgID, ChecklistInput{MunicipalityCode: CodeMora, Week: week.String(),
			Lines: lines(i), ExternalID: ext}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	batch := func(i int) time.Duration {
		start := time.Now()
		if _, _, err := s.CreateBatch(ctx, actor, orgID, asReports(lines(i))); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	submit(0, "first")
	var replace, repeat, floor time.Duration
	b.ResetTimer()
	for i := range b.N {
		ext := fmt.Sprintf("bench-%d", i)
		if i%2 == 0 {
			replace += submit(i+1, ext)
			floor += batch(i + 1)
		} else {
			floor += batch(i + 1)
			replace += submit(i+1, ext)
		}
		repeat += submit(i+1, ext)
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
	b.ReportMetric(ms(replace), "ms/replace")
	b.ReportMetric(ms(repeat), "ms/repeat")
	b.ReportMetric(ms(floor), "ms/floor")
	b.ReportMetric(float64(replace)/float64(floor), "replace/floor")
	b.ReportMetric(float64(repeat)/float64(floor), "repeat/floor")
}
