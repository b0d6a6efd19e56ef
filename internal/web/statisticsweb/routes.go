package statisticsweb

import "github.com/samverkan/samverkan/internal/web"

// statisticsRoutes are public statistics (issue 6): the page, the CSV and
// the contract's JSON, for everyone, where the municipality publishes
// them (package statistics decides what); and the municipality's choice,
// made on its settings page by its coordinators and the administrators
// (report.CanManage decides which).
func (s *Server) statisticsRoutes() []web.Route {
	return []web.Route{
		web.Handle("GET /kommun/{code}/statistik", web.Public, s.statisticsPage),
		web.Handle("GET /open-data/statistics.csv", web.Public, s.statisticsCSV),
		web.Handle("GET /api/v1/public/statistics", web.Public, s.apiPublicStatistics),
	}
}
