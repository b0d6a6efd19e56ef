package survey

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

func TestTexts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		v := f.reload(t, f.survey.ID)
		res, ok := v.Question(KeyResidence)
		if !ok || len(res.Choices()) < 2 {
			t.Fatalf("the residence question %+v has too few options", res)
		}
		areas := []string{res.Choices()[0].Value, res.Choices()[1].Value}
		ages := []string{"20_34", "65_plus", "35_64"}
		// 130 answers: every third says "Ökad BELYSNING", the others
		// "trygghet"; ages and areas cycle; every seventh has no text.
		type sent struct{ text, age, area string }
		var all []sent
		f.submitN(t, v.ID, 0, 130, func(i int, a Answer) {
			s := sent{text: fmt.Sprintf("Mer trygghet nr %d", i), age: ages[i%3], area: areas[i%2]}
			if i%3 == 0 {
				s.text = fmt.Sprintf("Ökad BELYSNING vid Älvstranden %d", i)
			}
			a.Items[KeyAgeBand] = Item{Options: []string{s.age}}
			a.Items[KeyResidence] = Item{Options: []string{s.area}}
			if i%7 == 6 {
				delete(a.Items, "improve")
				return
			}
			a.Items["improve"] = Item{Text: s.text}
			all = append(all, s)
		})
		count := func(keep func(s sent) bool) int {
			n := 0
			for _, s := range all {
				if keep(s) {
					n++
				}
			}
			return n
		}
		for _, c := range []struct {
			name   string
			filter TextFilter
			keep   func(s sent) bool
		}{
			{"all", TextFilter{}, func(sent) bool { return true }},
			{"question", TextFilter{Question: "improve"}, func(sent) bool { return true }},
			{"a word in another case, with ö", TextFilter{Words: "ökad belysning"}, func(s sent) bool { return strings.HasPrefix(s.text, "Ökad") }},
			{"å ä ö upper in the filter", TextFilter{Words: "ÄLVSTRANDEN"}, func(s sent) bool { return strings.HasPrefix(s.text, "Ökad") }},
			{"age", TextFilter{AgeBand: "65_plus"}, func(s sent) bool { return s.age == "65_plus" }},
			{"area and word", TextFilter{Residence: areas[1], Words: "trygghet"}, func(s sent) bool {
				return s.area == areas[1] && strings.Contains(s.text, "trygghet")
			}},
			{"a word no text has", TextFilter{Words: "cykelstöld"}, func(sent) bool { return false }},
			{"this month", TextFilter{Month: f.s.Today()[:7]}, func(sent) bool { return true }},
		} {
			want := count(c.keep)
			p, err := f.s.Texts(ctx, v, c.filter)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if p.Total != want || p.All != len(all) || len(p.Texts) != min(want, TextsPerPage) || p.HasNext != (want > TextsPerPage) {
				t.Errorf("%s: total %d of %d, %d on the page, next %v; want %d of %d", c.name, p.Total, p.All, len(p.Texts), p.HasNext, want, len(all))
			}
			for _, tx := range p.Texts {
				if tx.QuestionKey != "improve" || len(tx.Day) != 10 {
					t.Errorf("%s: text %+v", c.name, tx)
				}
			}
		}
		// Newest first, and the pages cover every text once.
		seen := map[string]bool{}
		for page := 1; ; page++ {
			p, err := f.s.Texts(ctx, v, TextFilter{Page: page})
			if err != nil {
				t.Fatal(err)
			}
			for _, tx := range p.Texts {
				if seen[tx.Text] {
					t.Errorf("page %d repeats %q", page, tx.Text)
				}
				seen[tx.Text] = true
			}
			if page == 1 && (len(p.Texts) == 0 || p.Texts[0].Text != all[len(all)-1].text) {
				t.Errorf("the first text = %+v, want the newest %q", p.Texts[0], all[len(all)-1].text)
			}
			if !p.HasNext {
				if page != p.Pages || p.Pages != 3 {
					t.Errorf("the last page %d of %d, want 3", page, p.Pages)
				}
				break
			}
		}
		if len(seen) != len(all) {
			t.Errorf("the pages hold %d texts, want %d", len(seen), len(all))
		}
		// A page past the end is empty, not an error.
		if p, err := f.s.Texts(ctx, v, TextFilter{Page: 9}); err != nil || len(p.Texts) != 0 || p.Total != len(all) {
			t.Errorf("page 9 = %+v, %v", p, err)
		}

		for _, c := range []struct {
			filter TextFilter
			field  string
		}{
			{TextFilter{Question: "nope"}, "question"},
			{TextFilter{Question: KeySafetyEvening}, "question"},
			{TextFilter{AgeBand: "12_15"}, KeyAgeBand},
			{TextFilter{Gender: "x"}, KeyGender},
			{TextFilter{Residence: "Atlantis"}, KeyResidence},
			{TextFilter{Month: "2026-13"}, "month"},
			{TextFilter{Page: -1}, "page"},
			{TextFilter{Words: strings.Repeat("a", 201)}, "q"},
		} {
			_, err := f.s.Texts(ctx, v, c.filter)
			if ve, ok := errors.AsType[*validation.Error](err); !ok || !ve.Fields.Has(c.field) {
				t.Errorf("%+v = %v, want an error of %s", c.filter, err, c.field)
			}
		}
	})
}

func FuzzParseTextFilter(f *testing.F) {
	for _, s := range []string{"", "1", "-3", "x", "99999999999999999999"} {
		f.Add("improve", "öl", s)
	}
	f.Fuzz(func(t *testing.T, question, q, page string) {
		vals := map[string]string{"question": question, "q": q, "page": page}
		tf, bad := ParseTextFilter(func(k string) string { return vals[k] })
		if bad == "" {
			var v Survey
			_ = tf.Validate(v)
		}
	})
}
