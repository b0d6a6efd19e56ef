package words

import (
	"testing"

	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/report"
)

func TestWords(t *testing.T) {
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	sv, en := b.For(i18n.Swedish), b.For(i18n.English)
	flag := report.Flag{Category: "Berusade personer", Place: "Lindvallen", Count: 14, BaselineMean: 3.25, BaselineWeeks: 8, PValue: 0.00002}
	for _, tt := range []struct {
		loc        *i18n.Localizer
		mean, pval string
	}{{sv, "3,3", "< 0,0001"}, {en, "3.3", "< 0.0001"}} {
		got := Flags(tt.loc, []report.Flag{flag})
		want := tt.loc.T("situation.flag.increase", tt.loc.T("situation.flag.at", flag.Category, flag.Place), 14, tt.mean)
		if len(got) != 1 || got[0].Sentence != want {
			t.Errorf("Flags(%s) = %+v, want the sentence %q", tt.loc.Lang, got, want)
		}
		if s := FlagSentences(tt.loc, []report.Flag{flag}); len(s) != 1 || s[0] != want {
			t.Errorf("FlagSentences(%s) = %q, want %q", tt.loc.Lang, s, want)
		}
		if p := PValue(tt.loc, flag.PValue); p != tt.pval {
			t.Errorf("PValue(%s) = %q, want %q", tt.loc.Lang, p, tt.pval)
		}
	}
	if got, want := PValue(sv, 0.0123), "= 0,0123"; got != want {
		t.Errorf("PValue(0.0123) = %q, want %q", got, want)
	}
	for _, tt := range []struct {
		now, before int
		key         string
		arg         int
	}{{5, 3, "situation.change.up", 2}, {3, 5, "situation.change.down", 2}, {4, 4, "situation.change.same", 0}} {
		want := sv.T(tt.key, tt.arg)
		if tt.key == "situation.change.same" {
			want = sv.T(tt.key)
		}
		if got := Change(sv, tt.now, tt.before); got != want {
			t.Errorf("Change(%d, %d) = %q, want %q", tt.now, tt.before, got, want)
		}
	}
}
