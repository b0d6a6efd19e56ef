package web

// premisesRoutes are the register of licensed premises, inspections and coverage (issue 5).
func (s *Server) premisesRoutes() []route {
	return []route{}
}
