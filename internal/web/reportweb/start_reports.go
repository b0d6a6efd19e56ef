package reportweb

import (
	"html/template"
	"net/http"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/web"
)

// startReportsView is what the start page links to of reports and the
// weekly picture, by permission, and the municipalities whose report
// settings the user manages.
type startReportsView struct {
	CanReport, CanReadReports, CanSeeSituation bool
	Manage                                     []municipality.Municipality
}

func (s *Server) startReportsSection(r *http.Request) (template.HTML, error) {
	p := web.Principal(r)
	v := startReportsView{CanReport: p.Can(auth.PermReportCreate), CanReadReports: p.Can(auth.PermReportRead), CanSeeSituation: p.Can(auth.PermSituationRead)}
	var err error
	if v.Manage, err = s.reportSettingsMunicipalities(r); err != nil {
		return "", err
	}
	if !v.CanReport && !v.CanReadReports && !v.CanSeeSituation && len(v.Manage) == 0 {
		return "", nil
	}
	return s.RenderPartial("start_reports", map[string]any{"Page": web.PageBase(r), "Reports": v})
}
