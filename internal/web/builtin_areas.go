package web

import (
	"html/template"
	"net/http"
)

// BuiltinAreas are the areas that still live in this package, on their way
// to packages of their own under internal/web.
func (s *Server) BuiltinAreas() []Area {
	return []Area{}
}

// section renders a start section from the view data a function makes, with
// the partial name given the data as key; nil data leaves it out.
func section(s *Server, partial, key string, view func(*http.Request) (any, error)) func(*http.Request) (template.HTML, error) {
	return func(r *http.Request) (template.HTML, error) {
		v, err := view(r)
		if err != nil || v == nil {
			return "", err
		}
		return s.RenderPartial(partial, map[string]any{"Page": PageBase(r), key: v})
	}
}
