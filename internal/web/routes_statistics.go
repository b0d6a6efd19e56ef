package web

// statisticsRoutes are public statistics (issue 6).
func (s *Server) statisticsRoutes() []route {
	return []route{}
}
