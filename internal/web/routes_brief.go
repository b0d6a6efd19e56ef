package web

// briefRoutes are the weekly brief and subscriptions to it (issue 6).
func (s *Server) briefRoutes() []route {
	return []route{}
}
