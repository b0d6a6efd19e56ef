package survey

import (
	"context"
	"math"
	"slices"

	"github.com/samverkan/samverkan/internal/db"
)

// Summary is what a visitor reads of a survey whose coordinator has
// published its summary (Survey.PublicSummary): the number who answered
// and, per question of options, the count and share of each option; per
// place question the counts per named place; the safety scale's headline
// per background group. Every count below the municipality's suppression
// threshold is hidden (and one more where the hidden one could be worked
// out from the total); no free text, number, pin, grid cell or
// weekday × part of day is part of it.
type Summary struct {
	Survey    Survey            `json:"-"`
	Answers   int               `json:"answers"`
	Threshold int               `json:"suppression_threshold"`
	Questions []SummaryQuestion `json:"questions"`
}

// SummaryQuestion is one question summed up. TooFew is set when fewer
// than the threshold answered it: nothing else is shown.
type SummaryQuestion struct {
	Key         string        `json:"key"`
	Kind        string        `json:"kind"`
	Text        string        `json:"text"`
	TextEn      string        `json:"text_en"`
	Answered    int           `json:"answered"`
	TooFew      bool          `json:"too_few,omitempty"`
	Options     []OptionCount `json:"options,omitempty"`
	UnsafeShare *float64      `json:"unsafe_share,omitempty"`
	Groups      []GroupResult `json:"groups,omitempty"`
	Places      []PlaceCount  `json:"places,omitempty"`
}

// In returns the question's text in lang.
func (q SummaryQuestion) In(lang string) string {
	if lang == "en" && q.TextEn != "" {
		return q.TextEn
	}
	return q.Text
}

// Summary returns the public summary of the survey; a survey whose summary
// is not published is not found.
func (s *Store) Summary(ctx context.Context, v Survey) (Summary, error) {
	if !v.PublicSummary || v.Status == Draft {
		return Summary{}, db.ErrNotFound
	}
	res, err := s.Results(ctx, v, false)
	if err != nil {
		return Summary{}, err
	}
	return summarize(v, res), nil
}

func summarize(v Survey, res Results) Summary {
	t := res.Threshold
	out := Summary{Survey: v, Answers: res.Answers, Threshold: t}
	for _, q := range res.Questions {
		switch q.Kind {
		case SafetyScale, ProblemScale, Single, Multiple, Place:
		default:
			continue // free text, numbers and times are not summed up
		}
		sq := SummaryQuestion{Key: q.Key, Kind: q.Kind, Text: q.Text, TextEn: q.TextEn, Answered: q.Answered}
		if q.Answered < t {
			sq.TooFew = true
			out.Questions = append(out.Questions, sq)
			continue
		}
		if q.Kind == Place {
			for _, p := range q.Places {
				if p.Name != "" && p.Count >= t {
					sq.Places = append(sq.Places, p)
				}
			}
			out.Questions = append(out.Questions, sq)
			continue
		}
		sq.Options = slices.Clone(q.Options)
		hidden := 0
		for i, o := range sq.Options {
			if o.Suppressed || (o.Count > 0 && o.Count < t) {
				sq.Options[i].Count, sq.Options[i].Share, sq.Options[i].Suppressed = 0, 0, true
				hidden++
			}
		}
		// One hidden count of a single answer is the total less the
		// others: hide the smallest shown one too.
		if hidden == 1 && q.Kind != Multiple {
			j := -1
			for i, o := range sq.Options {
				if !o.Suppressed && o.Count > 0 && (j < 0 || o.Count < sq.Options[j].Count) {
					j = i
				}
			}
			if j >= 0 {
				sq.Options[j].Count, sq.Options[j].Share, sq.Options[j].Suppressed = 0, 0, true
			}
		}
		if u := q.UnsafeShare; u != nil {
			if n := int(math.Round(*u * float64(q.Answered))); n == 0 || n >= t {
				sq.UnsafeShare = u
			}
		}
		for _, g := range q.Groups {
			if g.Suppressed || g.UnsafeShare == nil {
				continue
			}
			// The group's unsafe count is its share of its answers: a
			// small one is hidden with the group.
			if n := int(math.Round(*g.UnsafeShare * float64(g.Answered))); n > 0 && n < t {
				continue
			}
			sq.Groups = append(sq.Groups, g)
		}
		out.Questions = append(out.Questions, sq)
	}
	return out
}
