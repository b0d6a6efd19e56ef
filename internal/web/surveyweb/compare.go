package surveyweb

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The comparison of two runs of one template (/surveys/{id}/compare?with=
// and its API): for those who read results, counted as for everyone but
// the coordinators (package survey hides the small groups).

// sameTemplate returns the municipality's other surveys of v's template
// that have answers to compare (not drafts), newest first.
func (s *Server) sameTemplate(r *http.Request, v survey.Survey) ([]survey.Survey, error) {
	list, err := s.surveys.List(r.Context(), v.MunicipalityCode)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(list, func(o survey.Survey) bool {
		return o.ID == v.ID || o.Template != v.Template || o.Status == survey.Draft
	}), nil
}

// comparison compares the survey of the path with the one of ?with=, the
// earlier opened first. Another municipality's survey is not told apart
// from one that does not exist.
func (s *Server) comparison(r *http.Request) (survey.Survey, survey.Comparison, error) {
	v, err := s.readableSurvey(r)
	if err != nil {
		return v, survey.Comparison{}, err
	}
	var e validation.Errors
	with := strings.TrimSpace(r.URL.Query().Get("with"))
	id, perr := strconv.ParseInt(with, 10, 64)
	switch {
	case with == "":
		e.Add("with", "error.required")
	case perr != nil || id <= 0:
		e.Add("with", "error.survey_compare_unknown")
	}
	if err := e.Err(); err != nil {
		return v, survey.Comparison{}, err
	}
	other, err := s.surveys.ByID(r.Context(), id)
	if errors.Is(err, db.ErrNotFound) || (err == nil && (other.MunicipalityCode != v.MunicipalityCode || other.Status == survey.Draft)) {
		e.Add("with", "error.survey_compare_unknown")
		return v, survey.Comparison{}, e.Err()
	}
	if err != nil {
		return v, survey.Comparison{}, err
	}
	earlier, later := other, v
	if v.OpensOn < other.OpensOn || (v.OpensOn == other.OpensOn && v.ID < other.ID) {
		earlier, later = v, other
	}
	c, err := s.surveys.Compare(r.Context(), earlier, later)
	return v, c, err
}

type comparePage struct {
	Base
	Survey       survey.Survey
	Municipality string
	Comparison   survey.Comparison
}

// Points writes a change in percentage points with its sign.
func (b *Base) Points(p float64) string {
	s := b.Decimal(p, 1)
	if p > 0 {
		s = "+" + s
	}
	return b.T("survey.compare.points", s)
}

// PercentOf writes a share that may be missing ("–").
func (b *Base) PercentOf(share *float64) string {
	if share == nil {
		return "–"
	}
	return b.Percent(*share)
}

// PointsOf writes a change that may be missing ("–").
func (b *Base) PointsOf(p *float64) string {
	if p == nil {
		return "–"
	}
	return b.Points(*p)
}

// ChangeLabel is a group of a comparison in the page's language.
func (b *Base) ChangeLabel(g survey.GroupChange) string {
	return survey.Option{Label: g.Label, LabelEn: g.LabelEn}.In(b.Lang())
}

func (s *Server) comparePage(w http.ResponseWriter, r *http.Request) error {
	v, c, err := s.comparison(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	p := &comparePage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v, Municipality: names[v.MunicipalityCode], Comparison: c}
	return s.Render(w, r, "survey_compare", p, "survey.compare.title", c.Earlier.Title, c.Later.Title)
}

func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request) error {
	_, c, err := s.comparison(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, c)
	return nil
}
