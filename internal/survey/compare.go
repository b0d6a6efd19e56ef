package survey

import (
	"context"
	"math"

	"github.com/samverkan/samverkan/internal/validation"
)

// MinComparable is the fewest answers on either side of a comparison (a
// survey, or one question of it) for which a change is read without a
// caution. With 30 answers one answer moves a share by more than three
// percentage points, and the margin of error of a share near 50 % is
// about ±18 points (95 %): a change smaller than that says little. The
// page and the API say so instead of leaving it to the reader.
const MinComparable = 30

// Comparison is the same template run twice: per question key present in
// both, the number who answered and the share of each option in each and
// the change in percentage points. Both sides are counted as results are
// for everyone but the coordinators: a background option or group below
// the municipality's suppression threshold (on either side) is hidden, and
// no free text or pin is part of it.
type Comparison struct {
	Earlier   CompareSide `json:"earlier"`
	Later     CompareSide `json:"later"`
	Threshold int         `json:"suppression_threshold"`
	// Floor is MinComparable; Caution is set when either survey has
	// fewer answers than it.
	Floor     int                  `json:"floor"`
	Caution   bool                 `json:"caution"`
	Questions []QuestionComparison `json:"questions"`
}

// CompareSide is one of the two surveys compared.
type CompareSide struct {
	SurveyID int64  `json:"survey_id,string"`
	Title    string `json:"title"`
	OpensOn  string `json:"opens_on"`
	ClosesOn string `json:"closes_on"`
	Answers  int    `json:"answers"`
}

// QuestionComparison is one question (by its stable key) in both surveys;
// the wording is the later survey's.
type QuestionComparison struct {
	Key             string         `json:"key"`
	Kind            string         `json:"kind"`
	Section         string         `json:"section"`
	Text            string         `json:"text"`
	TextEn          string         `json:"text_en"`
	EarlierAnswered int            `json:"earlier_answered"`
	LaterAnswered   int            `json:"later_answered"`
	Options         []OptionChange `json:"options,omitempty"`
	// EarlierUnsafe, LaterUnsafe and UnsafeChange are NTU's headline of a
	// safety scale ("mycket eller ganska otrygg") and its change in
	// percentage points.
	EarlierUnsafe *float64      `json:"earlier_unsafe_share,omitempty"`
	LaterUnsafe   *float64      `json:"later_unsafe_share,omitempty"`
	UnsafeChange  *float64      `json:"unsafe_change,omitempty"`
	Groups        []GroupChange `json:"groups,omitempty"`
	// Caution is set when either side has fewer answers to the question
	// than MinComparable, or a group or option of it is hidden.
	Caution bool `json:"caution"`
}

// In returns the question's text in lang.
func (q QuestionComparison) In(lang string) string {
	if lang == "en" && q.TextEn != "" {
		return q.TextEn
	}
	return q.Text
}

// OptionChange is one option in both surveys; Change is in percentage
// points. A suppressed option (below the threshold on either side) has no
// counts, shares or change.
type OptionChange struct {
	Option
	EarlierCount int     `json:"earlier_count"`
	LaterCount   int     `json:"later_count"`
	EarlierShare float64 `json:"earlier_share"`
	LaterShare   float64 `json:"later_share"`
	Change       float64 `json:"change"`
	Suppressed   bool    `json:"suppressed,omitempty"`
}

// GroupChange is the safety scale's headline within one background group
// in both surveys; a group below the threshold on either side is hidden.
type GroupChange struct {
	Dimension       string   `json:"dimension"`
	Group           string   `json:"group"`
	Label           string   `json:"label"`
	LabelEn         string   `json:"label_en,omitempty"`
	EarlierAnswered int      `json:"earlier_answered"`
	LaterAnswered   int      `json:"later_answered"`
	EarlierUnsafe   *float64 `json:"earlier_unsafe_share,omitempty"`
	LaterUnsafe     *float64 `json:"later_unsafe_share,omitempty"`
	Change          *float64 `json:"change,omitempty"`
	Suppressed      bool     `json:"suppressed"`
}

// points is the change from a to b in percentage points, one decimal.
func points(a, b float64) float64 { return math.Round((b-a)*1000) / 10 }

// Compare compares two runs of the same template: earlier and later are
// taken as given (the caller orders them). Surveys of different templates
// or municipalities, or a survey with itself, are refused with a
// validation error of "with".
func (s *Store) Compare(ctx context.Context, earlier, later Survey) (Comparison, error) {
	var e validation.Errors
	switch {
	case earlier.ID == later.ID:
		e.Add("with", "error.survey_compare_same")
	case earlier.Template != later.Template:
		e.Add("with", "error.survey_compare_template")
	case earlier.MunicipalityCode != later.MunicipalityCode:
		e.Add("with", "error.survey_compare_municipality")
	}
	if err := e.Err(); err != nil {
		return Comparison{}, err
	}
	a, err := s.Results(ctx, earlier, false)
	if err != nil {
		return Comparison{}, err
	}
	b, err := s.Results(ctx, later, false)
	if err != nil {
		return Comparison{}, err
	}
	out := Comparison{Threshold: b.Threshold, Floor: MinComparable,
		Earlier: side(earlier), Later: side(later),
		Caution: earlier.Answers < MinComparable || later.Answers < MinComparable}
	before := map[string]QuestionResult{}
	for _, q := range a.Questions {
		before[q.Key] = q
	}
	for _, lq := range b.Questions {
		eq, ok := before[lq.Key]
		if !ok || eq.Kind != lq.Kind {
			continue
		}
		out.Questions = append(out.Questions, compareQuestion(eq, lq))
	}
	return out, nil
}

func side(v Survey) CompareSide {
	return CompareSide{SurveyID: v.ID, Title: v.Title, OpensOn: v.OpensOn, ClosesOn: v.ClosesOn, Answers: v.Answers}
}

func compareQuestion(eq, lq QuestionResult) QuestionComparison {
	c := QuestionComparison{Key: lq.Key, Kind: lq.Kind, Section: lq.Section, Text: lq.Text, TextEn: lq.TextEn,
		EarlierAnswered: eq.Answered, LaterAnswered: lq.Answered,
		Caution: eq.Answered < MinComparable || lq.Answered < MinComparable}
	earlierOpt := map[string]OptionCount{}
	for _, o := range eq.Options {
		earlierOpt[o.Value] = o
	}
	for _, lo := range lq.Options {
		eo, ok := earlierOpt[lo.Value]
		if !ok {
			continue
		}
		oc := OptionChange{Option: lo.Option}
		if eo.Suppressed || lo.Suppressed {
			oc.Suppressed, c.Caution = true, true
		} else {
			oc.EarlierCount, oc.LaterCount, oc.EarlierShare, oc.LaterShare = eo.Count, lo.Count, eo.Share, lo.Share
			oc.Change = points(eo.Share, lo.Share)
		}
		c.Options = append(c.Options, oc)
	}
	if eq.UnsafeShare != nil && lq.UnsafeShare != nil {
		ch := points(*eq.UnsafeShare, *lq.UnsafeShare)
		c.EarlierUnsafe, c.LaterUnsafe, c.UnsafeChange = eq.UnsafeShare, lq.UnsafeShare, &ch
	}
	earlierGroup := map[[2]string]GroupResult{}
	for _, g := range eq.Groups {
		earlierGroup[[2]string{g.Dimension, g.Group}] = g
	}
	for _, lg := range lq.Groups {
		eg, ok := earlierGroup[[2]string{lg.Dimension, lg.Group}]
		if !ok {
			// A group missing earlier had no answers: as small as can be.
			eg = GroupResult{Suppressed: true}
		}
		g := GroupChange{Dimension: lg.Dimension, Group: lg.Group, Label: lg.Label, LabelEn: lg.LabelEn}
		if eg.Suppressed || lg.Suppressed {
			g.Suppressed, c.Caution = true, true
		} else {
			g.EarlierAnswered, g.LaterAnswered, g.EarlierUnsafe, g.LaterUnsafe = eg.Answered, lg.Answered, eg.UnsafeShare, lg.UnsafeShare
			if eg.UnsafeShare != nil && lg.UnsafeShare != nil {
				ch := points(*eg.UnsafeShare, *lg.UnsafeShare)
				g.Change = &ch
			}
		}
		c.Groups = append(c.Groups, g)
	}
	return c
}
