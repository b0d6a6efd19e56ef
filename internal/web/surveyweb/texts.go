package surveyweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The free-text answers, filtered and paged (a GET form, no JavaScript):
// raw answers, so the municipality's coordinators' and administrators'
// only, by the rule of the results page (survey.CanReadRaw).

// textFields are the filter's fields in the order of the form.
var textFields = []string{"question", "q", survey.KeyAgeBand, survey.KeyGender, survey.KeyResidence, "month", "page"}

// rawSurvey is readableSurvey for the raw answers: forbidden to those who
// read only the counted results.
func (s *Server) rawSurvey(r *http.Request) (survey.Survey, error) {
	v, err := s.readableSurvey(r)
	if err != nil {
		return v, err
	}
	if !survey.CanReadRaw(web.Principal(r), v.MunicipalityCode) {
		return v, web.ErrForbidden
	}
	return v, nil
}

// readTexts reads the filter of the request's query and the page of texts
// it takes; a bad filter is a *validation.Error.
func (s *Server) readTexts(r *http.Request, v survey.Survey) (survey.TextFilter, survey.TextPage, error) {
	f, badPage := survey.ParseTextFilter(r.URL.Query().Get)
	if badPage != "" {
		// Said with what else is wrong with the filter.
		e := validation.Errors{}
		if ve, ok := errors.AsType[*validation.Error](f.Validate(v)); ok {
			e = ve.Fields
		}
		e.Add("page", "error.survey_texts_page")
		return f, survey.TextPage{}, e.Err()
	}
	p, err := s.surveys.Texts(r.Context(), v, f)
	return f, p, err
}

type textsPage struct {
	Base
	Survey   survey.Survey
	Texts    survey.TextPage
	Filtered bool
	// Question, Backgrounds: the selects of the form.
	Questions   []web.Option
	Backgrounds []backgroundSelect
	// Months are the months the survey is open, for the month select.
	Months      []web.Option
	Prev, Next  string
	First, Last int
}

type backgroundSelect struct {
	Key     string
	Options []web.Option
}

// Labelled is a select of the form with a label of the page's own.
func (p *textsPage) Labelled(name string, options []web.Option, label string) web.FieldView {
	f := p.Select(name, options)
	f.Label = label
	return f
}

// QuestionText is a free text's question in the page's language.
func (p *textsPage) QuestionText(t survey.TextAnswer) string {
	return survey.Question{Text: t.Question, TextEn: t.QuestionEn}.In(p.Lang())
}

func (s *Server) textsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.rawSurvey(r)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	p := &textsPage{Base: Base{web.Base{Localizer: loc}}, Survey: v}
	f, page, err := s.readTexts(r, v)
	status := http.StatusOK
	var errs validation.Errors
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		status, errs = http.StatusUnprocessableEntity, ve.Fields
	} else if err != nil {
		return err
	}
	p.Texts = page
	p.Filtered = f.Question != "" || f.Words != "" || f.AgeBand != "" || f.Gender != "" || f.Residence != "" || f.Month != ""
	p.Questions = []web.Option{{Value: "", Label: loc.T("survey.texts.all_questions")}}
	for _, q := range v.TextQuestions() {
		p.Questions = append(p.Questions, web.Option{Value: q.Key, Label: q.In(p.Lang())})
	}
	for _, q := range v.BackgroundQuestions() {
		b := backgroundSelect{Key: q.Key, Options: []web.Option{{Value: "", Label: loc.T("survey.texts.all_groups")}}}
		for _, o := range q.Choices() {
			b.Options = append(b.Options, web.Option{Value: o.Value, Label: o.In(p.Lang())})
		}
		p.Backgrounds = append(p.Backgrounds, b)
	}
	p.Months = []web.Option{{Value: "", Label: loc.T("survey.texts.all_months")}}
	for _, m := range surveyMonths(v) {
		p.Months = append(p.Months, web.Option{Value: m, Label: m})
	}
	values := url.Values{"question": {f.Question}, "q": {f.Words}, survey.KeyAgeBand: {f.AgeBand}, survey.KeyGender: {f.Gender},
		survey.KeyResidence: {f.Residence}}
	values.Set("month", f.Month)
	link := func(n int) string {
		q := url.Values{}
		for k, vs := range values {
			if vs[0] != "" {
				q[k] = vs
			}
		}
		if n > 1 {
			q.Set("page", strconv.Itoa(n))
		}
		if len(q) == 0 {
			return surveyURL(v.ID) + "/texts"
		}
		return surveyURL(v.ID) + "/texts?" + q.Encode()
	}
	if errs == nil {
		if page.Page > 1 {
			p.Prev = link(min(page.Page-1, page.Pages))
		}
		if page.HasNext {
			p.Next = link(page.Page + 1)
		}
		if len(page.Texts) > 0 {
			p.First = (page.Page-1)*survey.TextsPerPage + 1
			p.Last = p.First + len(page.Texts) - 1
		}
	}
	p.SetErrors(textFields, values, errs)
	return s.RenderStatus(w, r, status, "survey_texts", p, "survey.texts.title", v.Title)
}

func (s *Server) apiTexts(w http.ResponseWriter, r *http.Request) error {
	v, err := s.rawSurvey(r)
	if err != nil {
		return err
	}
	_, page, err := s.readTexts(r, v)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, page)
	return nil
}

// surveyMonths are the months (YYYY-MM) from the survey's opening to its
// closing, at most three years of them.
func surveyMonths(v survey.Survey) []string {
	from, err1 := time.Parse(time.DateOnly, v.OpensOn)
	to, err2 := time.Parse(time.DateOnly, v.ClosesOn)
	if err1 != nil || err2 != nil {
		return nil
	}
	var out []string
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to) && len(out) < 36; m = m.AddDate(0, 1, 0) {
		out = append(out, m.Format("2006-01"))
	}
	return out
}
