package web

import "github.com/samverkan/samverkan/internal/auth"

// reportRoutes are reports, the weekly situational picture and the
// municipalities' report settings (issue 4).
func (s *Server) reportRoutes() []Route {
	return []Route{
		// Reports and the weekly situational picture (issue 4). Package
		// report decides which reports a user reads (AccessOf), for which
		// organisation they report and whose picture they see.
		{"GET /reports/new", auth.PermReportCreate, s.newReportPage},
		// The service worker that keeps the form for a phone without
		// coverage (report-offline.js): a script, for everyone, served
		// at the form's level so that its scope covers it.
		{"GET /reports/sw.js", Public, s.reportServiceWorker},
		{"POST /reports", auth.PermReportCreate, s.createReport},
		{"GET /reports", auth.PermReportRead, s.reportsPage},
		{"GET /reports/{id}", auth.PermReportRead, s.reportPage},
		{"GET /reports.csv", auth.PermReportRead, s.reportsCSV},
		{"GET /reports.geojson", auth.PermReportRead, s.reportsGeoJSON},
		{"GET /situation", auth.PermSituationRead, s.situationIndex},
		{"GET /situation/{code}", auth.PermSituationRead, s.situationPage},
		// A municipality's checklist, places and areas: its coordinators
		// and the administrators (report.CanManage decides which).
		{"GET /municipalities/{code}/settings", auth.PermMunicipalityManage, s.municipalitySettingsPage},
		{"POST /municipalities/{code}/categories", auth.PermMunicipalityManage, s.saveCategories},
		{"POST /municipalities/{code}/places", auth.PermMunicipalityManage, s.addPlace},
		{"POST /municipalities/{code}/areas", auth.PermMunicipalityManage, s.uploadAreas},
		// Whether the municipality publishes statistics (package statistics
		// publishes them; the choice is part of the settings).
		{"POST /municipalities/{code}/statistics", auth.PermMunicipalityManage, s.saveStatisticsSettings},

		// Reports, the weekly picture, the municipalities' checklists.
		{"POST /api/v1/reports", auth.PermReportCreate, s.apiCreateReport},
		{"POST /api/v1/reports/batch", auth.PermReportCreate, s.apiCreateReports},
		{"GET /api/v1/reports", auth.PermReportRead, s.apiReports},
		{"GET /api/v1/reports/{id}", auth.PermReportRead, s.apiReport},
		{"GET /api/v1/situation", auth.PermSituationRead, s.apiSituation},
		{"GET /api/v1/municipalities/{code}", auth.PermReportCreate, s.apiMunicipality},
		{"PATCH /api/v1/municipalities/{code}", auth.PermMunicipalityManage, s.apiUpdateMunicipality},
	}
}
