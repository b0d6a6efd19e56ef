package walkweb

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/web"
)

// serviceWorker serves the kernel's form worker at /safety-walks/sw.js,
// whose scope, /safety-walks/, holds the point forms, so that a walk goes
// on without coverage (walk-offline.js keeps the points until they can be
// sent).
func (s *Server) serviceWorker(w http.ResponseWriter, r *http.Request) error {
	return s.ServeFormWorker(w, web.FormWorker{Scope: "/safety-walks/", Prefix: "samverkan-walk-",
		Forms: []string{`^/safety-walks/\d+/points/new$`},
		Files: []string{"style.css", "favicon.svg", "locate.js", "walk-offline.js", "walk-map.js", "counter.js",
			"vendor/leaflet.js", "vendor/leaflet.css"}})
}
