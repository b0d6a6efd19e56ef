package web

import "net/http"

// startBriefs returns what the start page shows of the latest weekly
// briefs the user receives and of their own reports in them, for the
// partial "start_briefs"; nil when there is nothing to show.
func (s *Server) startBriefs(r *http.Request) (any, error) {
	return nil, nil
}
