package surveyweb

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// Adding a question to a draft, from the form under the questions of the
// edit page (no JavaScript: the options are a textarea, one a line), and
// moving a question up or down in its section. A published survey keeps
// its questions: the page is not offered and a form sent anyway is sent
// back to the survey's page.

// addFields are the fields of the form that adds a question, in order.
var addFields = []string{"question_kind", "question_section", "question_text", "question_text_en", "question_options",
	"question_options_en", "question_position", "question_required"}

// addField is the form's field of the store's field name: "text" is
// "question_text", an option's label is in "question_options".
func addField(name string) string {
	switch {
	case strings.HasPrefix(name, "options.") && strings.HasSuffix(name, ".label_en"):
		return "question_options_en"
	case strings.HasPrefix(name, "options"):
		return "question_options"
	}
	return "question_" + name
}

// lines are the lines of a textarea with text, trimmed.
func lines(s string) []string {
	var out []string
	for l := range strings.Lines(s) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// formQuestion reads the form into a new question: the options are the
// Swedish lines, each with the English line of the same number.
func formQuestion(f url.Values) survey.NewQuestion {
	in := survey.NewQuestion{Kind: f.Get("question_kind"), Section: f.Get("question_section"), Text: f.Get("question_text"),
		TextEn: f.Get("question_text_en"), Required: web.Checkbox(f.Get("question_required")),
		Choice: pii.Choice{Redact: f.Get("redact") != ""}}
	if p := strings.TrimSpace(f.Get("question_position")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			n = -1 // refused by the store, with the other mistakes
		}
		in.Position = n
	}
	sv, en := lines(f.Get("question_options")), lines(f.Get("question_options_en"))
	for i := range max(len(sv), len(en)) {
		var o survey.Option
		if i < len(sv) {
			o.Label = sv[i]
		}
		if i < len(en) {
			o.LabelEn = en[i]
		}
		in.Options = append(in.Options, o)
	}
	return in
}

func (s *Server) addQuestion(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if v.Status != survey.Draft {
		s.Flash(r, "survey.flash.not_draft")
		return web.Redirect(w, r, surveyURL(v.ID))
	}
	f := r.PostForm
	values := editValues(v)
	for _, k := range addFields {
		values.Set(k, f.Get(k))
	}
	q, err := s.surveys.AddQuestion(r.Context(), web.Actor(r), v.ID, formQuestion(f))
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		// The store names the fields as the API does; the form's are
		// "question_…", an option's mistake said at its textarea.
		errs := validation.Errors{}
		for _, name := range slices.Sorted(maps.Keys(ve.Fields)) {
			errs.Add(addField(name), ve.Fields[name].Key, ve.Fields[name].Args...)
		}
		return s.renderEdit(w, r, http.StatusUnprocessableEntity, v, values, errs)
	}
	if errors.Is(err, survey.ErrNotDraft) {
		s.Flash(r, "survey.flash.not_draft")
		return web.Redirect(w, r, surveyURL(v.ID))
	}
	if err != nil {
		return err
	}
	s.Flash(r, "survey.flash.question_added")
	return web.Redirect(w, r, surveyURL(v.ID)+"/edit#"+questionAnchor(q.Key))
}

// questionAnchor is the element id of a question's block on the edit
// page.
func questionAnchor(key string) string { return "question-" + strings.ReplaceAll(key, "_", "-") }

// moveQuestion moves a question one step: the button's value is
// "<key>.up" or "<key>.down".
func (s *Server) moveQuestion(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	key, dir, _ := strings.Cut(r.PostForm.Get("move"), ".")
	err = s.surveys.MoveQuestion(r.Context(), web.Actor(r), v.ID, key, dir)
	if errors.Is(err, survey.ErrNotDraft) {
		s.Flash(r, "survey.flash.not_draft")
		return web.Redirect(w, r, surveyURL(v.ID))
	}
	if err != nil {
		return err
	}
	return web.Redirect(w, r, surveyURL(v.ID)+"/edit#"+questionAnchor(key))
}

// apiAddQuestion adds a question to a draft: 201 with the question, 409
// once published.
func (s *Server) apiAddQuestion(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	var in survey.NewQuestion
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	q, err := s.surveys.AddQuestion(r.Context(), web.Actor(r), v.ID, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1"+surveyURL(v.ID))
	web.WriteJSON(w, http.StatusCreated, q)
	return nil
}
