// Package words says the weekly picture in words, in the reader's
// language: the flags of an unusual week, the change from the week before,
// the strength of the evidence and how it is weighed. It is the one home
// of these sentences, so that the picture's page, the brief's page, the
// brief's e-mail and, later, situation reports and the season's follow-up
// say the same thing the same way.
//
// Everyone reads the sentences; they are plain words, without the
// statistics. The figures of the test and the method are for those who
// weigh the picture (the coordinators), one click away on the pages.
package words

import (
	"math"

	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/report"
)

// Flag is a flag of the picture said in words: the sentence every reader
// gets, and the test's figures for those who want them.
type Flag struct {
	Sentence string
	Detail   string
}

// Flags says each flag of a picture.
func Flags(loc *i18n.Localizer, flags []report.Flag) []Flag {
	out := make([]Flag, 0, len(flags))
	for _, f := range flags {
		out = append(out, Flag{Sentence: FlagSentence(loc, f), Detail: FlagDetail(loc, f)})
	}
	return out
}

// FlagSentences are the sentences of the flags, without the details (the
// e-mail's list).
func FlagSentences(loc *i18n.Localizer, flags []report.Flag) []string {
	out := make([]string, 0, len(flags))
	for _, f := range flags {
		out = append(out, FlagSentence(loc, f))
	}
	return out
}

// FlagSentence says one flag: "Berusade personer vid Lindvallen: 14
// rapporter, normalt 3,2 i veckan."
func FlagSentence(loc *i18n.Localizer, f report.Flag) string {
	return loc.TN("situation.flag.increase", f.Count, subject(loc, f), f.Count, loc.Decimal(f.BaselineMean, 1))
}

// FlagDetail gives the figures behind one flag, for those who weigh it:
// the weeks compared and how rarely chance gives as many.
func FlagDetail(loc *i18n.Localizer, f report.Flag) string {
	return loc.T("situation.flag.detail", subject(loc, f), f.BaselineWeeks, Chance(loc, f.PValue), PValue(loc, f.PValue))
}

func subject(loc *i18n.Localizer, f report.Flag) string {
	if f.Place != "" {
		return loc.T("situation.flag.at", f.Category, f.Place)
	}
	return f.Category
}

// Method explains in a few paragraphs how the flags are set, with the
// numbers the test uses.
func Method(loc *i18n.Localizer) []string {
	return []string{
		loc.T("situation.method.compare", report.BaselineRecentWeeks, report.BaselineSeasons),
		loc.T("situation.method.flag", report.FlagMinCount, report.FlagMinBaselineWeeks, Chance(loc, report.FlagAlpha), loc.Decimal(report.FlagAlpha, 2)),
		loc.T("situation.method.caveat"),
	}
}

// Change says how a count moved from the week before.
func Change(loc *i18n.Localizer, now, before int) string {
	switch {
	case now > before:
		return loc.T("situation.change.up", now-before)
	case now < before:
		return loc.T("situation.change.down", before-now)
	}
	return loc.T("situation.change.same")
}

// PValue writes a p-value readably: 0,0004 or 3·10⁻⁷ as "< 0,0001".
func PValue(loc *i18n.Localizer, p float64) string {
	if p < 0.0001 {
		return "< " + loc.Decimal(0.0001, 4)
	}
	return "= " + loc.Decimal(p, 4)
}

// Chance says a probability as people say odds: "1 på 250", or "under
// 1 på 10 000" for the smallest.
func Chance(loc *i18n.Localizer, p float64) string {
	if p < 0.0001 {
		return loc.T("situation.chance.below", loc.Number(10000))
	}
	return loc.T("situation.chance.one_in", loc.Number(int(math.Round(1/p))))
}
