package survey

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// BenchmarkResults times the results of a citizen survey with 50,000
// answers and 20,000 pins against its floor, the bare SQL aggregates it
// reads (each query run and its rows read, nothing assembled), alternating
// the two, and prints the ratio. On PostgreSQL with
// SAMVERKAN_TEST_POSTGRES_URL set:
//
//	go test -run '^$' -bench BenchmarkResults -benchtime 20x ./internal/survey/
func BenchmarkResults(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var d *db.DB
			if dialect == "sqlite" {
				d = dbtest.SQLite(b)
			} else {
				d = dbtest.Postgres(b)
			}
			f := setup(b, d)
			ctx := context.Background()
			fill(b, d, f, 50_000, 20_000)
			v, err := f.s.ByID(ctx, f.survey.ID)
			if err != nil {
				b.Fatal(err)
			}
			var results, floor time.Duration
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				run := func(first bool) {
					start := time.Now()
					if first {
						if _, err := f.s.Results(ctx, v, false); err != nil {
							b.Fatal(err)
						}
						results += time.Since(start)
						return
					}
					for _, q := range aggregateQueries {
						rows, err := d.QueryContext(ctx, q, v.ID)
						if err != nil {
							b.Fatal(err)
						}
						cols, _ := rows.Columns()
						dst := make([]any, len(cols))
						for j := range dst {
							dst[j] = new(any)
						}
						for rows.Next() {
							if err := rows.Scan(dst...); err != nil {
								b.Fatal(err)
							}
						}
						if err := rows.Close(); err != nil {
							b.Fatal(err)
						}
					}
					floor += time.Since(start)
				}
				run(i%2 == 0)
				run(i%2 != 0)
			}
			b.StopTimer()
			k := float64(b.N)
			b.ReportMetric(float64(results.Microseconds())/k/1000, "results-ms")
			b.ReportMetric(float64(floor.Microseconds())/k/1000, "floor-ms")
			b.ReportMetric(float64(results)/float64(floor), "results/floor")
			b.Logf("%s: %d answers", dialect, v.Answers)
		})
	}
}

// fill stores n synthetic answers to the fixture's survey, pins of them
// with a pin near Noret, straight into the tables in batches.
func fill(b *testing.B, d *db.DB, f fixture, n, pins int) {
	b.Helper()
	ctx := context.Background()
	v := f.survey
	qid := map[string]int64{}
	for _, q := range v.Questions {
		qid[q.Key] = q.ID
	}
	rng := rand.New(rand.NewPCG(1, 2))
	safety := []string{"very_safe", "fairly_safe", "fairly_unsafe", "very_unsafe", "never_out", "dont_know"}
	problem := []string{"none", "small", "fairly_big", "very_big"}
	ages := []string{"under_20", "20_34", "35_64", "65_plus"}
	parts := Parts
	const batch = 500
	err := d.InTx(ctx, func(tx *db.Tx) error {
		var first int64
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM survey_responses`).Scan(&first); err != nil {
			return err
		}
		exec := func(table, cols string, per int, rows [][]any) error {
			if len(rows) == 0 {
				return nil
			}
			ph := "(" + strings.TrimSuffix(strings.Repeat("?, ", per), ", ") + ")"
			var args []any
			for _, r := range rows {
				args = append(args, r...)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+cols+`) VALUES `+strings.TrimSuffix(strings.Repeat(ph+", ", len(rows)), ", "), args...)
			return err
		}
		now := tx.Now()
		for start := 0; start < n; start += batch {
			var resp, ans, pin, cell, bg [][]any
			for i := start; i < min(start+batch, n); i++ {
				id := first + int64(i) + 1
				resp = append(resp, []any{id, v.ID, fmt.Sprintf("bench-%d", i), now})
				ans = append(ans, []any{id, qid[KeySafetyEvening], safety[rng.IntN(len(safety))]},
					[]any{id, qid["problem_youth_groups"], problem[rng.IntN(len(problem))]},
					[]any{id, qid[KeyWorryCrime], "sometimes"})
				bg = append(bg, []any{id, v.ID, ages[rng.IntN(len(ages))], "", ""})
				if i < pins {
					lat, lon := noretish(rng)
					pin = append(pin, []any{id, qid[KeyAvoidPlace], lat, lon, f.noret, "Noret", "mörkt"})
					cell = append(cell, []any{id, qid[KeyWhenUnsafe], 5 + rng.IntN(3), parts[2+rng.IntN(2)]})
				}
			}
			if err := exec("survey_responses", "id, survey_id, browser_hash, submitted_at", 4, resp); err != nil {
				return err
			}
			if err := exec("survey_answers", "response_id, question_id, option", 3, ans); err != nil {
				return err
			}
			if err := exec("survey_backgrounds", "response_id, survey_id, age_band, gender, residence", 5, bg); err != nil {
				return err
			}
			if err := exec("survey_pins", "response_id, question_id, lat, lon, place_id, place_name, why", 7, pin); err != nil {
				return err
			}
			if err := exec("survey_when_cells", "response_id, question_id, weekday, part", 4, cell); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if d.Dialect() == db.Postgres {
		if _, err := d.ExecContext(ctx, `SELECT setval('survey_responses_id_seq', (SELECT MAX(id) FROM survey_responses))`); err != nil {
			b.Fatal(err)
		}
		if _, err := d.ExecContext(ctx, `ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
}

func noretish(rng *rand.Rand) (float64, float64) {
	return 61.0085 + (rng.Float64()-0.5)*0.01, 14.58 + (rng.Float64()-0.5)*0.02
}
