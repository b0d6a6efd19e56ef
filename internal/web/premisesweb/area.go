// Package premisesweb is the area of licensed premises (serveringsställen)
// and their supervision: the register with its search, history and CSV
// import, the phone-first inspection form and its protocol PDF, the
// season's coverage, the planning list, the year's summary with its Excel
// file, the municipality's checklists, the start page's section for the
// alcohol officer and the JSON API of all these. Package premises decides
// who reads and keeps which register; this package shows it.
package premisesweb

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates static locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	clock          clock.Clock
	i18n           *i18n.Bundle
	municipalities *municipality.Store
	orgs           *org.Store
	premises       *premises.Store
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, clock: k.Clock(), i18n: k.Bundle(), municipalities: k.Municipalities(),
		orgs: k.Orgs(), premises: premises.NewStore(k.DB())}
	return web.Area{Name: "premises", Routes: s.premisesRoutes(), Files: files, Limits: premises.Limits,
		StartOrder: 30, Start: section(s, "start_premises", "Premises", s.startPremises),
		Nav: []web.NavEntry{{Href: "/premises", Label: "nav.premises", Perm: auth.PermPremisesRead, Order: 50, Group: web.NavGroupWork}}}
}

// section renders a start section from the view data a function makes, with
// the partial name given the data as key; nil data leaves it out.
func section(s *Server, partial, key string, view func(*http.Request) (any, error)) func(*http.Request) (template.HTML, error) {
	return func(r *http.Request) (template.HTML, error) {
		v, err := view(r)
		if err != nil || v == nil {
			return "", err
		}
		return s.RenderPartial(partial, map[string]any{"Page": web.PageBase(r), key: v})
	}
}

// Base is the kernel's page base with the words for the register's codes
// (premises_shared.go), which the area's templates call.
type Base struct{ web.Base }
