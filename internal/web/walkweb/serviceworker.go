package walkweb

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/samverkan/samverkan/internal/web"
)

// serviceWorker serves static/walk-sw.js at /safety-walks/sw.js, whose
// scope, /safety-walks/, holds the point forms, with the addresses of the
// files the form needs put in front, so that the worker can keep them for
// a walk without coverage (as reportweb's reportServiceWorker). The list
// names the files by their hashed names: a new version of any of them is
// a new worker, and the old cache goes.
func (s *Server) serviceWorker(w http.ResponseWriter, r *http.Request) error {
	src, err := fs.ReadFile(files, "static/walk-sw.js")
	if err != nil {
		return web.ErrNotFound
	}
	var precache []string
	for _, name := range []string{"style.css", "favicon.svg", "locate.js", "walk-offline.js", "walk-map.js", "counter.js",
		"vendor/leaflet.js", "vendor/leaflet.css"} {
		if s.HasStatic(name) {
			precache = append(precache, s.StaticURL(name))
		}
	}
	list, err := json.Marshal(precache)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(append(list, src...))
	var body bytes.Buffer
	fmt.Fprintf(&body, "const VERSION = %q;\nconst PRECACHE = %s;\n", hex.EncodeToString(sum[:6]), list)
	body.Write(src)
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	// Browsers ask again at every visit of the form; no-cache lets them.
	h.Set("Cache-Control", "no-cache")
	h.Set("Service-Worker-Allowed", "/safety-walks/")
	_, err = w.Write(body.Bytes())
	return err
}
