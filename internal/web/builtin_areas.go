package web

import (
	"html/template"
	"net/http"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
)

// BuiltinAreas are the areas that still live in this package, on their way
// to packages of their own under internal/web.
func (s *Server) BuiltinAreas() []Area {
	return []Area{
		{Name: "reports", Routes: s.reportRoutes(), StartOrder: 40, Start: s.startReportsSection,
			Nav: []NavEntry{
				{"/reports/new", "nav.report", auth.PermReportCreate, 10},
				{"/reports", "nav.reports", auth.PermReportRead, 11},
				{"/situation", "nav.situation", auth.PermSituationRead, 12},
			}},
	}
}

// section renders a start section from the view data a function makes, with
// the partial name given the data as key; nil data leaves it out.
func section(s *Server, partial, key string, view func(*http.Request) (any, error)) func(*http.Request) (template.HTML, error) {
	return func(r *http.Request) (template.HTML, error) {
		v, err := view(r)
		if err != nil || v == nil {
			return "", err
		}
		return s.RenderPartial(partial, map[string]any{"Page": PageBase(r), key: v})
	}
}

// startReportsView is what the start page links to of reports and the
// weekly picture, by permission, and the municipalities whose report
// settings the user manages.
type startReportsView struct {
	CanReport, CanReadReports, CanSeeSituation bool
	Manage                                     []municipality.Municipality
}

func (s *Server) startReportsSection(r *http.Request) (template.HTML, error) {
	p := Principal(r)
	v := startReportsView{CanReport: p.Can(auth.PermReportCreate), CanReadReports: p.Can(auth.PermReportRead), CanSeeSituation: p.Can(auth.PermSituationRead)}
	var err error
	if v.Manage, err = s.reportSettingsMunicipalities(r); err != nil {
		return "", err
	}
	if !v.CanReport && !v.CanReadReports && !v.CanSeeSituation && len(v.Manage) == 0 {
		return "", nil
	}
	return s.RenderPartial("start_reports", map[string]any{"Page": PageBase(r), "Reports": v})
}
