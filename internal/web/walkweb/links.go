package walkweb

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/samverkan/samverkan/internal/walk"
	"github.com/samverkan/samverkan/internal/web"
)

// Links of points and actions to the municipality's commitments of
// promises and to reports. The commitments are read through package walk
// (SQL there), never through the promise area; a report's link is shown
// to everyone who reads the walk and the report's page decides who may
// read the report.

// commitmentOptions are the commitments a point or an action of the walk
// may link to, grouped by promise, after "none": those of promises in
// force on the walk's date or today.
func (s *Server) commitmentOptions(r *http.Request, p *page, wk walk.Walk) ([]web.Option, error) {
	days := []string{wk.HeldOn}
	if t := web.Today(r); t != wk.HeldOn {
		days = append(days, t)
	}
	list, err := s.walks.CommitmentChoices(r.Context(), wk.MunicipalityCode, days...)
	if err != nil {
		return nil, err
	}
	out := []web.Option{{Value: "", Label: p.T("walk.link.no_commitment")}}
	for _, c := range list {
		out = append(out, web.Option{Value: id(c.ID), Label: c.Text, Group: c.PromiseTitle})
	}
	return out, nil
}

// ReportURL is the page of a linked report.
func (p *page) ReportURL(reportID int64) string { return "/reports/" + id(reportID) }

// PromiseURL is the page of the promise of a linked commitment.
func (p *page) PromiseURL(c walk.Commitment) string { return "/promises/" + id(c.PromiseID) }

// pdfLinks are the lines of the PDF that name a point's or an action's
// report and commitment.
func pdfLinks(t func(string, ...any) string, wk walk.Walk, reportID, commitmentID int64) []string {
	var out []string
	if commitmentID != 0 {
		if c, ok := wk.Commitment(commitmentID); ok {
			out = append(out, t("walk.link.commitment_line", c.Text, c.PromiseTitle, "/promises/"+id(c.PromiseID)))
		}
	}
	if reportID != 0 {
		out = append(out, t("walk.link.report_line", id(reportID), "/reports/"+id(reportID)))
	}
	return out
}

func publicURL(code string, walkID int64) string {
	return "/kommun/" + strings.TrimSpace(code) + "/safety-walks/" + id(walkID)
}

// publicSection lists the municipality's published walks on its public
// page (web.Area.Public).
func (s *Server) publicSection(r *http.Request, code string) (template.HTML, error) {
	walks, err := s.walks.Published(r.Context(), code)
	if err != nil || len(walks) == 0 {
		return "", err
	}
	pg := newPage(r)
	var links []web.Option
	for _, w := range walks {
		links = append(links, web.Option{Value: publicURL(code, w.ID), Label: pg.T("walk.view.title", w.Area, w.HeldOn)})
	}
	return s.RenderPartial("walk-public-section", map[string]any{"Page": &pg, "Links": links})
}
