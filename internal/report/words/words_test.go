package words

import (
	"strings"
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
	// Odds as people say them, for the figures behind a flag.
	for _, tt := range []struct {
		p    float64
		want string
	}{{0.004, "1 på 250"}, {0.01, "1 på 100"}, {0.00002, "under 1 på 10 000"}, {0.0001, "1 på 10 000"}} {
		if got := Chance(sv, tt.p); got != tt.want {
			t.Errorf("Chance(%g) = %q, want %q", tt.p, got, tt.want)
		}
	}
	// One report is one report.
	one := report.Flag{Category: "Rån", Count: 1, BaselineMean: 0.1}
	if got, want := FlagSentence(sv, one), "Rån: 1 rapport, normalt 0,1 i veckan"; got != want {
		t.Errorf("FlagSentence(1) = %q, want %q", got, want)
	}
	// The method says its numbers and names no file; the sentence every
	// reader gets has no statistics in it.
	method := strings.Join(Method(sv), " ")
	for _, want := range []string{"minst 3 rapporter", "minst 4 veckor", "de 8 föregående veckorna", "1 på 100", "p < 0,01"} {
		if !strings.Contains(method, want) {
			t.Errorf("Method lacks %q: %s", want, method)
		}
	}
	if strings.Contains(method, "docs/") || strings.Contains(method, ".md") {
		t.Errorf("Method names a file of the documentation: %s", method)
	}
	for _, loc := range []*i18n.Localizer{sv, en} {
		if s := FlagSentence(loc, flag); strings.Contains(s, "p ") || strings.Contains(strings.ToLower(s), "baseline") || strings.Contains(s, "baslinje") {
			t.Errorf("FlagSentence(%s) = %q: statistics in the plain sentence", loc.Lang, s)
		}
		if d := FlagDetail(loc, flag); !strings.Contains(d, "p < 0") || !strings.Contains(d, "8") {
			t.Errorf("FlagDetail(%s) = %q, want the weeks and the p-value", loc.Lang, d)
		}
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
