// Package words says the weekly picture in words, in the reader's
// language: the flags of an unusual week, the change from the week before,
// the strength of the evidence. It is the one home of these sentences, so
// that the picture's page, the brief's page, the brief's e-mail and, later,
// situation reports and the season's follow-up say the same thing the same
// way.
package words

import (
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/report"
)

// Flag is a flag of the picture said in words: the sentence every reader
// gets, and the method's figures for those who want them.
type Flag struct {
	Sentence string
	Detail   string
}

// Flags says each flag of a picture.
func Flags(loc *i18n.Localizer, flags []report.Flag) []Flag {
	out := make([]Flag, 0, len(flags))
	for _, f := range flags {
		out = append(out, Flag{Sentence: FlagSentence(loc, f),
			Detail: loc.T("situation.flag.detail", loc.Decimal(f.BaselineMean, 2), f.BaselineWeeks, PValue(loc, f.PValue))})
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
// rapporter, mot vanligtvis 3,2 i veckan."
func FlagSentence(loc *i18n.Localizer, f report.Flag) string {
	subject := f.Category
	if f.Place != "" {
		subject = loc.T("situation.flag.at", f.Category, f.Place)
	}
	return loc.T("situation.flag.increase", subject, f.Count, loc.Decimal(f.BaselineMean, 1))
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
