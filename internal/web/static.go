package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
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

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{byHashed: map[string]staticFile{}, hashed: map[string]string{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, styleParts) {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		if p == "static/style.css" {
			if b, err = joinStyles(b); err != nil {
				return err
			}
		}
		name := strings.TrimPrefix(p, "static/")
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
	return sf, err
}

// joinStyles appends the areas' style sheets to the common one.
func joinStyles(common []byte) ([]byte, error) {
	parts, err := fs.Glob(staticFS, styleParts+"*.css")
	if err != nil {
		return nil, err
	}
	out := slices.Clone(common)
	for _, p := range parts { // fs.Glob returns the names sorted
		b, err := staticFS.ReadFile(p)
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
