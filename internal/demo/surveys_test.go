package demo

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
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
		if err != nil || len(list) != 3 {
			t.Fatalf("Mora's surveys = %+v, %v; want the citizen dialogue, the one a year before and the staff dialogue", list, err)
		}
		checkEarlierCitizen(t, store, list)
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
		checkVisitorSurvey(t, d)
	})
}

// checkVisitorSurvey: Sälen's visitor survey is of the latest high season
// on the clock (on the tests' day in December, the sports holidays of
// February–March the same year, closed), synthetic and labelled, with
// 80–150 answers dated to evenings of the season; the places answered are
// Sälen's resorts, Lindvallen most, the times Friday and Saturday evenings
// and nights, and drunk people what happened most.
func checkVisitorSurvey(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	store := survey.NewStore(d)
	list, err := store.List(ctx, "2023")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(list, func(v survey.Survey) bool { return v.Kind == survey.Visitor })
	if i < 0 {
		t.Fatalf("Sälen has no visitor survey among %d", len(list))
	}
	v := list[i]
	opens, closes := highSeason(d.Clock().Now())
	if !v.Synthetic || !strings.Contains(v.Title, "(demo)") || v.Answers < 80 || v.Answers > 150 || v.Template != survey.TemplateVisitor ||
		v.OpensOn != opens.Format(time.DateOnly) || v.ClosesOn != closes.Format(time.DateOnly) {
		t.Errorf("Sälen's visitor survey = %+v, want synthetic, (demo), 80–150 answers, %s – %s", v, opens.Format(time.DateOnly), closes.Format(time.DateOnly))
	}
	today := clock.Today(d.Clock())
	if today > v.ClosesOn && v.Status != survey.Closed {
		t.Errorf("a visitor survey of a past season is %s, want closed", v.Status)
	}
	err = db.Each(ctx, d, `SELECT submitted_at FROM survey_responses WHERE survey_id = ?`, []any{v.ID}, func(sc db.Scanner) error {
		var at time.Time
		if err := sc.Scan(&at); err != nil {
			return err
		}
		local := at.In(clock.Zone())
		if day := local.Format(time.DateOnly); day < v.OpensOn || day > v.ClosesOn || at.After(d.Clock().Now()) {
			t.Errorf("an answer of %s is outside the season %s – %s", day, v.OpensOn, v.ClosesOn)
		} else if local.Hour() < 19 {
			t.Errorf("an answer at %s, want an evening", local.Format(time.TimeOnly))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	full, err := store.ByID(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	res, err := store.Results(ctx, full, false)
	if err != nil {
		t.Fatal(err)
	}
	resorts := []string{"Lindvallen", "Tandådalen", "Högfjället", "Sälen"}
	for _, q := range res.Questions {
		switch q.Key {
		case survey.KeyUnsafePlace:
			if len(q.Places) < 3 || q.Places[0].Name != "Lindvallen" || len(q.Grid) == 0 {
				t.Errorf("visitors' places %+v, grid %d cells; want Lindvallen first and a grid", q.Places, len(q.Grid))
			}
			for _, p := range q.Places {
				if !slices.Contains(resorts, p.Name) {
					t.Errorf("a visitor's place %q is not one of Sälen's resorts", p.Name)
				}
			}
		case survey.KeyUnsafeWhen:
			best, at := 0, ""
			for _, row := range q.When {
				for p, n := range row.Counts {
					if n > best {
						best, at = n, strconv.Itoa(row.Weekday)+"."+survey.Parts[p]
					}
				}
			}
			if !slices.Contains([]string{"5.evening", "6.evening", "5.night", "6.night"}, at) {
				t.Errorf("the visitors' most ticked time is %s, want a Friday or Saturday evening or night", at)
			}
		case survey.KeyWhatHappened:
			top := slices.MaxFunc(q.Options, func(a, b survey.OptionCount) int { return a.Count - b.Count })
			if top.Value != "intoxicated" {
				t.Errorf("what happened to visitors most = %s, want drunk people", top.Value)
			}
		case survey.KeySafetyOverall:
			if q.Answered != res.Answers || q.UnsafeShare == nil {
				t.Errorf("the overall safety answered by %d of %d", q.Answered, res.Answers)
			}
		}
	}
}

// TestHighSeason: the visitor survey's season is the latest sports
// holidays that have begun: in December the last February's, in the
// holidays themselves the current ones.
func TestHighSeason(t *testing.T) {
	for _, tt := range []struct{ now, opens, closes string }{
		{"2026-12-07T10:00:00+01:00", "2026-02-01", "2026-03-15"},
		{"2027-01-31T23:00:00+01:00", "2026-02-01", "2026-03-15"},
		{"2027-02-01T00:30:00+01:00", "2027-02-01", "2027-03-15"},
		{"2027-02-20T12:00:00+01:00", "2027-02-01", "2027-03-15"},
		{"2027-07-01T12:00:00+02:00", "2027-02-01", "2027-03-15"},
	} {
		now, err := time.Parse(time.RFC3339, tt.now)
		if err != nil {
			t.Fatal(err)
		}
		opens, closes := highSeason(now)
		if opens.Format(time.DateOnly) != tt.opens || closes.Format(time.DateOnly) != tt.closes {
			t.Errorf("highSeason(%s) = %s – %s, want %s – %s", tt.now, opens.Format(time.DateOnly), closes.Format(time.DateOnly), tt.opens, tt.closes)
		}
	}
}

// checkEarlierCitizen: the citizen dialogue a year before the current one
// is closed, has fewer answers, and compares with it as a similar picture:
// the unsafe share a few points apart, no caution.
func checkEarlierCitizen(t *testing.T, store *survey.Store, list []survey.Survey) {
	t.Helper()
	ctx := context.Background()
	var current, earlier survey.Survey
	for _, v := range list {
		if v.Template != survey.TemplateCitizen {
			continue
		}
		if v.Status == survey.Closed {
			earlier = v
		} else {
			current = v
		}
	}
	yearAgo := clocktest.Now().In(clock.Zone()).AddDate(-1, 0, 0).Format(time.DateOnly)
	if earlier.ID == 0 || current.ID == 0 || earlier.Answers >= current.Answers || earlier.OpensOn > yearAgo ||
		earlier.OpensOn < clocktest.Now().In(clock.Zone()).AddDate(-1, 0, -40).Format(time.DateOnly) || earlier.ClosesOn >= current.OpensOn {
		t.Fatalf("earlier %+v, current %+v: want a closed citizen dialogue a year before with fewer answers", earlier, current)
	}
	a, err := store.ByID(ctx, earlier.ID)
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.ByID(ctx, current.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := store.Compare(ctx, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Caution || len(c.Questions) != len(b.Questions) {
		t.Errorf("comparison caution %v, %d questions of %d; want every question and no caution", c.Caution, len(c.Questions), len(b.Questions))
	}
	for _, q := range c.Questions {
		if q.Key == survey.KeySafetyEvening && (q.UnsafeChange == nil || *q.UnsafeChange < -15 || *q.UnsafeChange > 15) {
			t.Errorf("the unsafe share changed %v points, want a modest change", q.UnsafeChange)
		}
	}
}
