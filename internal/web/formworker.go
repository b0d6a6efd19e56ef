package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
)

// FormWorker is what an area's offline forms need of the shared service
// worker, static/form-worker.js: the scope that holds its forms, the
// prefix of its cache names (signed-out.js deletes those), the forms'
// paths and the static files they use.
type FormWorker struct {
	Scope  string   // "/reports/": the worker is served inside it
	Prefix string   // "samverkan-report-"
	Forms  []string // regular expressions of the forms' paths, as JavaScript reads them
	Files  []string // plain names of the static files the forms need; missing ones are left out
}

// ServeFormWorker serves the shared service worker for fw, with the
// hashed addresses of its files put in front, so that it can keep them for
// a phone without coverage. A new version of any file, or of the worker,
// is a new worker, and its old cache goes.
func (s *Server) ServeFormWorker(w http.ResponseWriter, fw FormWorker) error {
	src, err := fs.ReadFile(staticFS, "static/form-worker.js")
	if err != nil {
		return err
	}
	precache := []string{}
	for _, name := range fw.Files {
		if s.HasStatic(name) {
			precache = append(precache, s.StaticURL(name))
		}
	}
	head, err := json.Marshal(struct {
		Prefix   string   `json:"prefix"`
		Forms    []string `json:"forms"`
		Precache []string `json:"precache"`
	}{fw.Prefix, fw.Forms, precache})
	if err != nil {
		return err
	}
	sum := sha256.Sum256(append(head, src...))
	list, _ := json.Marshal(precache)
	prefix, _ := json.Marshal(fw.Prefix)
	forms, _ := json.Marshal(fw.Forms)
	var body bytes.Buffer
	fmt.Fprintf(&body, "const VERSION = %q;\nconst PRECACHE = %s;\nconst PREFIX = %s;\nconst FORMS = %s;\n",
		hex.EncodeToString(sum[:6]), list, prefix, forms)
	body.Write(src)
	h := w.Header()
	h.Set("Content-Type", "text/javascript; charset=utf-8")
	// Browsers ask again at every visit of the form; no-cache lets them.
	h.Set("Cache-Control", "no-cache")
	h.Set("Service-Worker-Allowed", fw.Scope)
	_, err = w.Write(body.Bytes())
	return err
}
