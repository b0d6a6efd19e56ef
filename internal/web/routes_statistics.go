package web

import "github.com/samverkan/samverkan/internal/auth"

// statisticsRoutes are public statistics (issue 6): the page, the CSV and
// the contract's JSON, for everyone, where the municipality publishes
// them (package statistics decides what); and the municipality's choice,
// made on its settings page by its coordinators and the administrators
// (report.CanManage decides which).
func (s *Server) statisticsRoutes() []route {
	return []route{
		{"GET /kommun/{code}/statistik", public, s.statisticsPage},
		{"GET /open-data/statistics.csv", public, s.statisticsCSV},
		{"GET /api/v1/public/statistics", public, s.apiPublicStatistics},
		{"POST /municipalities/{code}/statistics", auth.PermMunicipalityManage, s.saveStatisticsSettings},
	}
}
