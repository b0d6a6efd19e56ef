package web

// activityRoutes are activities, trainings and meetings (issue 5).
func (s *Server) activityRoutes() []route {
	return []route{}
}
