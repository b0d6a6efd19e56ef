package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
)

// static/vendor holds third-party files copied from node_modules at build
// time by scripts/assets (Leaflet and its marker clustering); it is not in
// the repository. Without it the pages work as before, without maps.
//
//go:generate ../../scripts/assets
//go:embed static
var staticFS embed.FS

// staticFiles serves the embedded static files under names that carry a
// hash of their content (style.3fa2b1c4.css), so that browsers may keep
// them for a year and still never use an old one.
type staticFiles struct {
	byHashed map[string]staticFile // hashed name → file
	hashed   map[string]string     // plain name → hashed name
}

type staticFile struct {
	content     []byte
	contentType string
}

// The style sheet is kept in parts: static/style.css has the common
// styles and each area of the product adds its own in static/css/*.css.
// They are served as one style.css, the parts after the common styles in
// the order of their names, so a page needs one request.
const styleParts = "static/css/"

func loadStatic(areas []Area) (*staticFiles, error) {
	sf := &staticFiles{byHashed: map[string]staticFile{}, hashed: map[string]string{}}
	sources := []fs.FS{staticFS}
	for _, a := range areas {
		if a.Files != nil {
			sources = append(sources, a.Files)
		}
	}
	for _, src := range sources {
		if err := sf.add(src, sources); err != nil {
			return nil, err
		}
	}
	return sf, nil
}

// add takes the files of src's static folder; all are the sources whose
// style sheet parts join the common one.
func (sf *staticFiles) add(src fs.FS, all []fs.FS) error {
	if _, err := fs.Stat(src, "static"); err != nil {
		return nil // an area without static files
	}
	return fs.WalkDir(src, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, styleParts) {
			return err
		}
		b, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		if p == "static/style.css" {
			if b, err = joinStyles(b, all); err != nil {
				return err
			}
		}
		name := strings.TrimPrefix(p, "static/")
		if _, dup := sf.hashed[name]; dup {
			return fmt.Errorf("static file %s is defined twice", name)
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		h := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		ct := mime.TypeByExtension(ext)
		if ct == "" {
			ct = "application/octet-stream"
		}
		sf.byHashed[h] = staticFile{content: b, contentType: ct}
		sf.hashed[name] = h
		return nil
	})
}

// joinStyles appends the areas' style sheets to the common one, in the
// order of their names.
func joinStyles(common []byte, sources []fs.FS) ([]byte, error) {
	from := map[string]fs.FS{}
	for _, src := range sources {
		parts, err := fs.Glob(src, styleParts+"*.css")
		if err != nil {
			return nil, err
		}
		for _, p := range parts {
			if _, dup := from[p]; dup {
				return nil, fmt.Errorf("style sheet %s is defined twice", p)
			}
			from[p] = src
		}
	}
	out := slices.Clone(common)
	for _, p := range slices.Sorted(maps.Keys(from)) {
		b, err := fs.ReadFile(from[p], p)
		if err != nil {
			return nil, err
		}
		out = append(out, "\n/* "...)
		out = append(out, p...)
		out = append(out, " */\n"...)
		out = append(out, b...)
	}
	return out, nil
}

// url returns the address of a static file by its plain name.
func (sf *staticFiles) url(name string) string {
	if h, ok := sf.hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// has reports whether the static file with this plain name exists.
func (sf *staticFiles) has(name string) bool {
	_, ok := sf.hashed[name]
	return ok
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) error {
	f, ok := s.static.byHashed[r.PathValue("file")]
	if !ok {
		return ErrNotFound
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	_, err := w.Write(f.content)
	return err
}

// StaticURL is the address of the static file with this plain name
// ("style.css", "vendor/leaflet.js"), under its hashed name.
func (s *Server) StaticURL(name string) string { return s.static.url(name) }

// HasStatic reports whether the static file with this plain name exists:
// the maps' files are missing from a build without npm.
func (s *Server) HasStatic(name string) bool { return s.static.has(name) }
