package web

// statisticsRoutes are public statistics (issue 6): the page, the CSV and
// the contract's JSON, for everyone, where the municipality publishes
// them (package statistics decides what); and the municipality's choice,
// made on its settings page by its coordinators and the administrators
// (report.CanManage decides which).
func (s *Server) statisticsRoutes() []Route {
	return []Route{
		{"GET /kommun/{code}/statistik", Public, s.statisticsPage},
		{"GET /open-data/statistics.csv", Public, s.statisticsCSV},
		{"GET /api/v1/public/statistics", Public, s.apiPublicStatistics},
	}
}
