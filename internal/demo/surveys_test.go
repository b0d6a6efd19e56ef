package demo

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/survey"
)

// TestLoadSurveys: Mora's dialogues reproduce the agreement's finding:
// the places answered are Noret's, the times evenings and weekends, and
// young people gathering is the problem seen most.
func TestLoadSurveys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := municipality.NewStore(d).Sync(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := Load(ctx, d); err != nil {
			t.Fatalf("Load() error = %v", err)
		}
		store := survey.NewStore(d)
		list, err := store.List(ctx, "2062")
		if err != nil || len(list) != 2 {
			t.Fatalf("Mora's surveys = %+v, %v; want the citizen and staff dialogues", list, err)
		}
		for _, v := range list {
			if !v.Synthetic || !strings.Contains(v.Title, "(demo)") || v.Answers < 30 {
				t.Errorf("demo survey %q = %+v, want synthetic, labelled (demo), with answers", v.Title, v)
			}
			full, err := store.ByID(ctx, v.ID)
			if err != nil {
				t.Fatal(err)
			}
			res, err := store.Results(ctx, full, false)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range res.Questions {
				switch q.Kind {
				case survey.Place:
					if len(q.Places) == 0 || q.Places[0].Name != "Noret" || len(q.Grid) == 0 {
						t.Errorf("%s %s: places %+v grid %d cells, want Noret first and a grid", v.Title, q.Key, q.Places, len(q.Grid))
					}
				case survey.When:
					// The most ticked cells are Friday and Saturday evenings
					// and nights.
					best, at := 0, ""
					for _, row := range q.When {
						for p, n := range row.Counts {
							if n > best {
								best, at = n, survey.Parts[p]
								if row.Weekday < 5 {
									at = "weekday"
								}
							}
						}
					}
					if at != "evening" && at != "night" {
						t.Errorf("%s %s: the most ticked cell is %q, want a weekend evening or night", v.Title, q.Key, at)
					}
				}
				if q.Key == "problems_seen" {
					top := slices.MaxFunc(q.Options, func(a, b survey.OptionCount) int { return a.Count - b.Count })
					if top.Value != "gatherings" {
						t.Errorf("the problem staff see most = %s, want young people gathering", top.Value)
					}
				}
				// Every citizen says how big each problem of NTU's list
				// is: an empty question reads as a fault of the survey.
				if q.Kind == survey.ProblemScale && q.Answered != res.Answers {
					t.Errorf("%s %s: answered by %d of %d", v.Title, q.Key, q.Answered, res.Answers)
				}
				if q.Key == "problem_youth_groups" {
					big := 0
					for _, o := range q.Options {
						if o.Value == "fairly_big" || o.Value == "very_big" {
							big += o.Count
						}
					}
					if big*2 < q.Answered {
						t.Errorf("youth groups a fairly or very big problem for %d of %d, want most", big, q.Answered)
					}
				}
			}
		}
	})
}
