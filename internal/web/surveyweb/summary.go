package surveyweb

import (
	"html/template"
	"net/http"

	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/web"
)

// The public summary of a survey's results (/kommun/{code}/surveys/{id}):
// shown without sign-in once the municipality's coordinator has chosen to
// publish it; package survey leaves out free texts, pins and every count
// below the suppression threshold.

// summaryURL is where a survey's public summary is read.
func summaryURL(v survey.Survey) string { return "/kommun/" + v.MunicipalityCode + surveyURL(v.ID) }

// setPublicSummary publishes or withdraws the summary.
func (s *Server) setPublicSummary(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	on := web.Checkbox(r.PostForm.Get("public_summary"))
	if _, err := s.surveys.SetPublicSummary(r.Context(), web.Actor(r), v.ID, on); err != nil {
		return err
	}
	if on {
		s.Flash(r, "survey.flash.summary_on")
	} else {
		s.Flash(r, "survey.flash.summary_off")
	}
	return web.Redirect(w, r, surveyURL(v.ID))
}

type summaryPage struct {
	Base
	Municipality string
	Summary      survey.Summary
	// Map: the counts per named place on a map (survey-map.js), from the
	// table; nothing but those counts.
	Map pickMap
	namedPlaces
}

func (s *Server) summaryPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.PublicMunicipality(r)
	if err != nil {
		return err
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.surveys.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	if v.MunicipalityCode != m.Code {
		return web.ErrNotFound
	}
	sum, err := s.surveys.Summary(r.Context(), v)
	if err != nil {
		return err
	}
	p := &summaryPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Municipality: m.Name, Summary: sum,
		Map: pickMap{Enabled: s.HasStatic("vendor/leaflet.js"), TileURL: s.TileURL(), Attribution: s.TileAttribution()}}
	if p.namedPlaces, err = s.loadPlaces(r, v.MunicipalityCode); err != nil {
		return err
	}
	return s.Render(w, r, "survey_summary", p, "survey.summary.title", v.Title)
}

// publicSection lists the municipality's surveys whose summary the
// coordinators have published, on its public page (web.Area.Public).
func (s *Server) publicSection(r *http.Request, code string) (template.HTML, error) {
	all, err := s.surveys.List(r.Context(), code)
	if err != nil {
		return "", err
	}
	var links []web.Option
	for _, v := range all {
		if v.PublicSummary && v.Status != survey.Draft {
			links = append(links, web.Option{Value: summaryURL(v), Label: v.Title})
		}
	}
	if len(links) == 0 {
		return "", nil
	}
	return s.RenderPartial("survey-public-section", map[string]any{"Page": &Base{web.Base{Localizer: web.Loc(r)}}, "Links": links})
}
