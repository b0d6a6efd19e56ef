package survey

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Adding questions to a draft and moving them. A new question gets a key
// made from its Swedish text, unique in the survey and never changed
// afterwards (a template's questions keep theirs, and the keys of the
// survey's template are kept for its questions even when removed), so
// that results stay comparable. A published survey keeps its questions.

// Sections lists the sections a question may be in, in the order the
// templates use them.
var Sections = []string{SectionSafety, SectionProblems, SectionPlaces, SectionCauses, SectionOpen, SectionBackground}

// Limits of a new question's options.
const (
	maxOptions     = 30
	maxOptionLabel = 200
	maxKey         = 40
)

// ErrNotDraft is a change of the questions of a survey that is no longer
// a draft.
var ErrNotDraft = fmt.Errorf("%w: a published survey keeps its questions", db.ErrConflict)

// NewQuestion is a question to add to a draft.
type NewQuestion struct {
	Kind     string `json:"kind"`
	Section  string `json:"section"`
	Text     string `json:"text"`
	TextEn   string `json:"text_en"`
	Required bool   `json:"required"`
	// Options are the choices of a single or multiple choice question
	// (2–30); a value left out is made from the label. Other kinds have
	// none of their own.
	Options []Option `json:"options"`
	// Position is the place in the section, 1 first; 0 (or more than
	// the section has) puts it last.
	Position int `json:"position"`
	// Personal data in the texts is refused unless asked for masked
	// (pii.SurveyText: everyone who answers reads them).
	pii.Choice
}

// AddQuestion adds a question to a draft survey and returns it.
func (s *Store) AddQuestion(ctx context.Context, actor audit.Actor, id int64, in NewQuestion) (Question, error) {
	var out Question
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if v.Status != Draft {
			return ErrNotDraft
		}
		var e validation.Errors
		guard := pii.NewGuard(&e, in.Choice)
		q := Question{Kind: strings.TrimSpace(in.Kind), Section: strings.TrimSpace(in.Section), Required: in.Required}
		e.OneOf("kind", q.Kind, QuestionKinds)
		if q.Section == "" {
			q.Section = SectionOpen
		}
		e.OneOf("section", q.Section, Sections)
		q.Text = e.Text("text", norm.NFC.String(in.Text), true, maxQuestion)
		q.Text = guard.Text("text", q.Text, pii.SurveyText)
		q.TextEn = e.Text("text_en", norm.NFC.String(in.TextEn), false, maxQuestion)
		q.TextEn = guard.Text("text_en", q.TextEn, pii.SurveyText)
		if in.Position < 0 {
			e.Add("position", "error.survey_position")
		}
		q.Options = []Option{}
		if q.Kind == Single || q.Kind == Multiple {
			q.Options = checkOptions(&e, guard, in.Options)
		}
		if err := e.Err(); err != nil {
			return err
		}
		q.Key = newKey(q.Text, reservedKeys(v))
		order := placeQuestion(v.Questions, q, in.Position)
		for i := range order {
			pos := i + 1
			switch {
			case order[i].ID == 0:
				order[i].Position = pos
				if err := insertQuestion(ctx, tx, id, &order[i]); err != nil {
					return err
				}
				out = order[i]
			case order[i].Position != pos:
				order[i].Position = pos
				if _, err := tx.ExecContext(ctx, `UPDATE survey_questions SET position = ? WHERE id = ?`, pos, order[i].ID); err != nil {
					return fmt.Errorf("survey question position: %w", db.Normalize(err))
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE surveys SET updated_at = ? WHERE id = ?`, tx.Now(), id); err != nil {
			return fmt.Errorf("survey: %w", db.Normalize(err))
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "add_question", Entity: "survey", EntityID: audit.ID(id),
			After: out}); err != nil {
			return err
		}
		return guard.Review().Record(ctx, tx, actor, "survey", id)
	})
	return out, err
}

// checkOptions checks the options of a choice question and makes the
// values left out from the labels.
func checkOptions(e *validation.Errors, guard *pii.Guard, in []Option) []Option {
	var out []Option
	for i, o := range in {
		if strings.TrimSpace(o.Label) == "" && strings.TrimSpace(o.LabelEn) == "" && strings.TrimSpace(o.Value) == "" {
			continue
		}
		field := "options." + strconv.Itoa(i) + "."
		o.Label = e.Text(field+"label", norm.NFC.String(o.Label), true, maxOptionLabel)
		o.Label = guard.Text(field+"label", o.Label, pii.SurveyText)
		o.LabelEn = e.Text(field+"label_en", norm.NFC.String(o.LabelEn), false, maxOptionLabel)
		o.LabelEn = guard.Text(field+"label_en", o.LabelEn, pii.SurveyText)
		o.Value = strings.TrimSpace(o.Value)
		if o.Value != "" && (slug(o.Value, maxKey) != o.Value) {
			e.Add(field+"value", "error.survey_option_value")
		}
		out = append(out, o)
	}
	switch {
	case len(out) < 2:
		e.Add("options", "error.survey_options_few")
	case len(out) > maxOptions:
		e.Add("options", "error.survey_options_many", maxOptions)
	}
	taken := map[string]bool{}
	for i := range out {
		if out[i].Value != "" {
			if taken[out[i].Value] {
				e.Add("options."+strconv.Itoa(i)+".value", "error.survey_option_twice")
			}
			taken[out[i].Value] = true
		}
	}
	for i := range out {
		if out[i].Value == "" {
			out[i].Value = unique(slug(out[i].Label, maxKey), "option", taken)
			taken[out[i].Value] = true
		}
	}
	return out
}

// reservedKeys are the keys a new question may not take: the survey's,
// and every key of its template and of the background questions, so that
// a key keeps one meaning across runs of the template.
func reservedKeys(v Survey) map[string]bool {
	out := map[string]bool{KeyAgeBand: true, KeyGender: true, KeyResidence: true}
	for _, q := range v.Questions {
		out[q.Key] = true
	}
	if t, ok := TemplateOf(v.Template); ok {
		for _, q := range t.Questions {
			out[q.Key] = true
		}
	}
	return out
}

// newKey makes a question's key from its text: "hur_trygg_ar_du_pa",
// unique among taken.
func newKey(text string, taken map[string]bool) string {
	return unique(slug(text, maxKey-3), "question", taken)
}

// unique returns base, or base with the first free number ("base_2"),
// or fallback when base is empty.
func unique(base, fallback string, taken map[string]bool) string {
	if base == "" {
		base = fallback
	}
	if !taken[base] {
		return base
	}
	for n := 2; ; n++ {
		if k := base + "_" + strconv.Itoa(n); !taken[k] {
			return k
		}
	}
}

// slug writes s in lower-case ASCII letters and digits joined by "_", at
// most max characters, cut at a word where it can be.
func slug(s string, max int) string {
	var b strings.Builder
	gap := false
	for _, r := range strings.ToLower(norm.NFC.String(s)) {
		switch r {
		case 'å', 'ä', 'à', 'á', 'â', 'æ':
			r = 'a'
		case 'ö', 'ø', 'ó', 'ò', 'ô':
			r = 'o'
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'ü', 'ú':
			r = 'u'
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r)
			gap = false
			continue
		}
		gap = true
	}
	out := b.String()
	if len(out) > max {
		out = out[:max]
		if i := strings.LastIndexByte(out, '_'); i > max/2 {
			out = out[:i]
		}
		out = strings.Trim(out, "_")
	}
	return out
}

// placeQuestion returns the questions with q in its place: at position
// (1 first) of its section or last in it; a section the survey does not
// have yet comes before the background questions, or last.
func placeQuestion(qs []Question, q Question, position int) []Question {
	var in []int
	for i, x := range qs {
		if x.Section == q.Section {
			in = append(in, i)
		}
	}
	at := len(qs)
	switch {
	case len(in) > 0 && position >= 1 && position <= len(in):
		at = in[position-1]
	case len(in) > 0:
		at = in[len(in)-1] + 1
	default:
		if i := slices.IndexFunc(qs, func(x Question) bool { return x.Section == SectionBackground }); i >= 0 {
			at = i
		}
	}
	return slices.Insert(slices.Clone(qs), at, q)
}

// Directions of a move.
const (
	Up   = "up"
	Down = "down"
)

// MoveQuestion moves a draft's question one step up or down within its
// section; at the section's end it stays where it is.
func (s *Store) MoveQuestion(ctx context.Context, actor audit.Actor, id int64, key, direction string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		if v.Status != Draft {
			return ErrNotDraft
		}
		var e validation.Errors
		e.OneOf("direction", direction, []string{Up, Down})
		i := slices.IndexFunc(v.Questions, func(q Question) bool { return q.Key == key })
		if i < 0 {
			e.Add("key", "error.survey_unknown_question")
		}
		if err := e.Err(); err != nil {
			return err
		}
		j := i - 1
		if direction == Down {
			j = i + 1
		}
		if j < 0 || j >= len(v.Questions) || v.Questions[j].Section != v.Questions[i].Section {
			return nil
		}
		qs := v.Questions
		qs[i], qs[j] = qs[j], qs[i]
		for k := range qs {
			if qs[k].Position != k+1 {
				if _, err := tx.ExecContext(ctx, `UPDATE survey_questions SET position = ? WHERE id = ?`, k+1, qs[k].ID); err != nil {
					return fmt.Errorf("survey question position: %w", db.Normalize(err))
				}
			}
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "move_question", Entity: "survey", EntityID: audit.ID(id),
			After: map[string]string{"key": key, "direction": direction}})
	})
}
