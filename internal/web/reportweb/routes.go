package reportweb

import (
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/web"
)

// reportRoutes are reports, the weekly situational picture and the
// municipalities' report settings (issue 4).
func (s *Server) reportRoutes() []web.Route {
	return []web.Route{
		// Reports and the weekly situational picture (issue 4). Package
		// report decides which reports a user reads (AccessOf), for which
		// organisation they report and whose picture they see.
		web.Handle("GET /reports/new", auth.PermReportCreate, s.newReportPage),
		// The service worker that keeps the form for a phone without
		// coverage (report-offline.js): a script, for everyone, served
		// at the form's level so that its scope covers it.
		web.Handle("GET /reports/sw.js", web.Public, s.reportServiceWorker),
		web.Handle("POST /reports", auth.PermReportCreate, s.createReport),
		// The weekly checklist (EST), beside the single report and under
		// the same service worker; package report decides for which
		// organisation and week.
		web.Handle("GET /reports/week", auth.PermReportCreate, s.checklistPage),
		web.Handle("POST /reports/week", auth.PermReportCreate, s.submitChecklist),
		web.Handle("GET /reports", auth.PermReportRead, s.reportsPage),
		web.Handle("GET /reports/{id}", auth.PermReportRead, s.reportPage),
		web.Handle("GET /reports.csv", auth.PermReportRead, s.reportsCSV),
		web.Handle("GET /reports.geojson", auth.PermReportRead, s.reportsGeoJSON),
		web.Handle("GET /situation", auth.PermSituationRead, s.situationIndex),
		web.Handle("GET /situation/{code}", auth.PermSituationRead, s.situationPage),
		// A municipality's checklist, places and areas: its coordinators
		// and the administrators (report.CanManage decides which).
		web.Handle("GET /municipalities/{code}/settings", auth.PermMunicipalityManage, s.municipalitySettingsPage),
		web.Handle("POST /municipalities/{code}/categories", auth.PermMunicipalityManage, s.saveCategories),
		web.Handle("POST /municipalities/{code}/places", auth.PermMunicipalityManage, s.addPlace),
		web.Handle("POST /municipalities/{code}/areas", auth.PermMunicipalityManage, s.uploadAreas),
		// Whether the municipality publishes statistics (package statistics
		// publishes them; the choice is part of the settings).
		web.Handle("POST /municipalities/{code}/statistics", auth.PermMunicipalityManage, s.saveStatisticsSettings),
		// Who has sent the week's checklist, and the reminder to those who
		// have not: the municipality's coordinators and the administrators.
		web.Handle("GET /municipalities/{code}/weekly", auth.PermMunicipalityManage, s.checklistStatusPage),
		web.Handle("POST /municipalities/{code}/weekly/reminders", auth.PermMunicipalityManage, s.remindChecklists),

		// Reports, the weekly picture, the municipalities' checklists.
		web.Handle("POST /api/v1/reports", auth.PermReportCreate, s.apiCreateReport),
		web.Handle("POST /api/v1/reports/batch", auth.PermReportCreate, s.apiCreateReports),
		web.Handle("POST /api/v1/reports/weekly", auth.PermReportCreate, s.apiSubmitChecklist),
		// Who has sent the week: the municipality's coordinators and the
		// administrators (package report's CanManage, asked again inside).
		web.Handle("GET /api/v1/reports/weekly", auth.PermMunicipalityManage, s.apiChecklistStatus),
		web.Handle("GET /api/v1/reports", auth.PermReportRead, s.apiReports),
		web.Handle("GET /api/v1/reports/{id}", auth.PermReportRead, s.apiReport),
		web.Handle("GET /api/v1/situation", auth.PermSituationRead, s.apiSituation),
		web.Handle("GET /api/v1/municipalities/{code}", auth.PermReportCreate, s.apiMunicipality),
		web.Handle("PATCH /api/v1/municipalities/{code}", auth.PermMunicipalityManage, s.apiUpdateMunicipality),
	}
}
