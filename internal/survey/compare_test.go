package survey

import (
	"context"
	"errors"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// submitN answers survey id n times, answer(i) changing the fixture's
// complete answer; the tokens start at from.
func (f fixture) submitN(t *testing.T, id int64, from, n int, change func(i int, a Answer)) {
	t.Helper()
	for i := range n {
		a := f.answer(from + i)
		change(i, a)
		if _, err := f.s.Submit(context.Background(), id, a); err != nil {
			t.Fatalf("Submit %d to %d: %v", i, id, err)
		}
	}
}

func (f fixture) published(t *testing.T, template string) Survey {
	t.Helper()
	ctx := context.Background()
	v, err := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: template})
	if err != nil {
		t.Fatal(err)
	}
	if v, err = f.s.SetStatus(ctx, actor, v.ID, Published); err != nil {
		t.Fatal(err)
	}
	return v
}

func (f fixture) reload(t *testing.T, id int64) Survey {
	t.Helper()
	v, err := f.s.ByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCompare(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		earlier := f.published(t, TemplateCitizen)
		// Earlier: 12 of 30 fairly unsafe (40 %), all 20–34.
		f.submitN(t, earlier.ID, 0, 30, func(i int, a Answer) {
			if i >= 12 {
				a.Items[KeySafetyEvening] = Item{Options: []string{"very_safe"}}
			}
		})
		// Later: 9 of 30 (30 %); one answer 65 or older, a group of one.
		f.submitN(t, f.survey.ID, 100, 30, func(i int, a Answer) {
			if i >= 9 {
				a.Items[KeySafetyEvening] = Item{Options: []string{"very_safe"}}
			}
			if i == 29 {
				a.Items[KeyAgeBand] = Item{Options: []string{"65_plus"}}
			}
		})
		c, err := f.s.Compare(ctx, f.reload(t, earlier.ID), f.reload(t, f.survey.ID))
		if err != nil {
			t.Fatalf("Compare: %v", err)
		}
		if c.Caution || c.Earlier.Answers != 30 || c.Later.Answers != 30 || c.Floor != MinComparable || c.Threshold != 3 {
			t.Errorf("comparison = %+v, want 30 answers each and no caution", c)
		}
		byKey := map[string]QuestionComparison{}
		for _, q := range c.Questions {
			byKey[q.Key] = q
		}
		safety := byKey[KeySafetyEvening]
		if safety.EarlierUnsafe == nil || *safety.EarlierUnsafe != 0.4 || *safety.LaterUnsafe != 0.3 || *safety.UnsafeChange != -10 {
			t.Errorf("safety headline = %v → %v (%v), want 40 %% → 30 %% (−10 points)", safety.EarlierUnsafe, safety.LaterUnsafe, safety.UnsafeChange)
		}
		if safety.EarlierAnswered != 30 || safety.LaterAnswered != 30 {
			t.Errorf("safety answered = %d, %d", safety.EarlierAnswered, safety.LaterAnswered)
		}
		for _, o := range safety.Options {
			if o.Value == "very_safe" && (o.EarlierCount != 18 || o.LaterCount != 21 || o.Change != 10) {
				t.Errorf("very safe = %+v, want 18 → 21, +10 points", o)
			}
		}
		// The 65+ group is a group of one: hidden, and the question says
		// to read it with care; the group of 20–34 is shown.
		if !safety.Caution {
			t.Error("a hidden group gives no caution")
		}
		var shown, hidden int
		for _, g := range safety.Groups {
			switch {
			case g.Group == "65_plus" && g.Suppressed && g.LaterAnswered == 0 && g.LaterUnsafe == nil:
				hidden++
			case g.Group == "20_34" && !g.Suppressed && g.EarlierAnswered == 30 && g.LaterAnswered == 29 && g.Change != nil:
				shown++
			}
		}
		if shown != 1 || hidden != 1 {
			t.Errorf("groups = %+v, want 20–34 shown and 65+ hidden", safety.Groups)
		}
		for _, o := range byKey[KeyAgeBand].Options {
			if o.Value == "65_plus" && (!o.Suppressed || o.LaterCount != 0) {
				t.Errorf("the background option of one answer = %+v, want hidden", o)
			}
		}
		if q := byKey[KeyWorryCrime]; q.Caution || q.EarlierAnswered != 30 || q.Options[1].Change != 0 {
			t.Errorf("worry = %+v, want 30 each, no change, no caution", q)
		}
		if _, ok := byKey["improve"]; !ok {
			t.Error("the free-text question's answered count is left out")
		} else if q := byKey["improve"]; len(q.Options) != 0 || q.LaterAnswered != 30 {
			t.Errorf("free text = %+v, want only the count", q)
		}

		// Few answers: a caution for the whole.
		small := f.published(t, TemplateCitizen)
		f.submitN(t, small.ID, 300, 4, func(int, Answer) {})
		c, err = f.s.Compare(ctx, f.reload(t, small.ID), f.reload(t, f.survey.ID))
		if err != nil || !c.Caution || !c.Questions[0].Caution {
			t.Errorf("a comparison with 4 answers = caution %v, %v; want a caution", c.Caution, err)
		}

		// Another template, or the survey with itself, is refused.
		youth := f.published(t, TemplateYouth)
		for _, pair := range [][2]Survey{{youth, f.survey}, {f.survey, f.survey}} {
			_, err := f.s.Compare(ctx, pair[0], pair[1])
			if ve, ok := errors.AsType[*validation.Error](err); !ok || !ve.Fields.Has("with") {
				t.Errorf("Compare(%s, %s) = %v, want a refusal of with", pair[0].Template, pair[1].Template, err)
			}
		}
	})
}

func TestSummary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		// Five answers: four fairly unsafe at Noret, one very safe, 65+.
		f.submitN(t, f.survey.ID, 0, 5, func(i int, a Answer) {
			if i == 4 {
				a.Items[KeySafetyEvening] = Item{Options: []string{"very_safe"}}
				a.Items[KeyAgeBand] = Item{Options: []string{"65_plus"}}
			}
		})
		v := f.reload(t, f.survey.ID)
		if _, err := f.s.Summary(ctx, v); !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("Summary before publishing = %v, want not found", err)
		}
		draft, err := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: TemplateCitizen})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetPublicSummary(ctx, actor, draft.ID, true); err == nil {
			t.Error("a draft's summary was published")
		}
		if v, err = f.s.SetPublicSummary(ctx, actor, v.ID, true); err != nil || !v.PublicSummary {
			t.Fatalf("SetPublicSummary = %+v, %v", v.PublicSummary, err)
		}
		sum, err := f.s.Summary(ctx, f.reload(t, v.ID))
		if err != nil {
			t.Fatal(err)
		}
		if sum.Answers != 5 || sum.Threshold != 3 {
			t.Errorf("summary = %d answers, threshold %d", sum.Answers, sum.Threshold)
		}
		byKey := map[string]SummaryQuestion{}
		for _, q := range sum.Questions {
			byKey[q.Key] = q
			for _, o := range q.Options {
				if o.Count > 0 && o.Count < sum.Threshold {
					t.Errorf("%s: %s shows a count of %d", q.Key, o.Value, o.Count)
				}
			}
			for _, g := range q.Groups {
				if g.Answered < sum.Threshold {
					t.Errorf("%s: group %s of %d shown", q.Key, g.Group, g.Answered)
				}
			}
		}
		for _, k := range []string{"improve", KeyWhenUnsafe} {
			if _, ok := byKey[k]; ok {
				t.Errorf("the summary has %s", k)
			}
		}
		// The one very safe answer is hidden, and so is the four fairly
		// unsafe, which would say it as five less four.
		for _, o := range byKey[KeySafetyEvening].Options {
			if (o.Value == "very_safe" || o.Value == "fairly_unsafe") && !o.Suppressed {
				t.Errorf("safety option %+v shown", o)
			}
		}
		if p := byKey[KeyAvoidPlace].Places; len(p) != 1 || p[0].Name != "Noret" || p[0].Count != 5 {
			t.Errorf("places = %+v, want Noret 5", p)
		}
		if g := byKey[KeySafetyEvening].Groups; len(g) != 1 || g[0].Group != "20_34" {
			t.Errorf("groups = %+v, want only 20–34", g)
		}
		if _, err := f.s.SetPublicSummary(ctx, actor, v.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Summary(ctx, f.reload(t, v.ID)); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Summary after withdrawing = %v, want not found", err)
		}
	})
}
