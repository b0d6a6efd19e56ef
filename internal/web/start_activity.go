package web

import "net/http"

// startActions returns what the start page shows of the action items of
// meetings that the user's organisations own and have not done yet, for
// the partial "start_actions"; nil when there are none to show.
func (s *Server) startActions(r *http.Request) (any, error) {
	return nil, nil
}
