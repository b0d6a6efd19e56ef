// Package briefweb is the weekly brief area of the product: the archive of
// briefs, the composer where coordinators write the week's analysis and
// actions beside the week's picture, the brief as its readers see it with
// what became of their reports, publication to the parties and reporters
// (in the product and by e-mail) with the delivery's follow-up and retries,
// the JSON API of it, the subscriptions to briefs, and the start page's
// section of the latest briefs. Package brief decides who writes and reads
// which brief; package report/words says the week's picture in words.
package briefweb

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates static locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	briefs         *brief.Store
	clock          clock.Clock
	mailer         *mail.Worker // nil: no e-mail
	municipalities *municipality.Store
	publicURL      string
	reports        *report.Store
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, briefs: brief.NewStore(k.DB()), clock: k.Clock(), mailer: k.Mailer(),
		municipalities: k.Municipalities(), publicURL: k.PublicURL(), reports: report.NewStore(k.DB())}
	return web.Area{Name: "briefs", Routes: s.briefRoutes(), Files: files, Limits: brief.Limits,
		StartOrder: 20, Start: s.section("start_briefs", "Briefs", s.startBriefs),
		Nav: []web.NavEntry{{Href: "/briefs", Label: "nav.briefs", Perm: auth.PermBriefRead, Order: 20, Group: web.NavGroupPicture}}}
}

// section renders a start section from the view data a function makes, with
// the partial name given the data as key; nil data leaves it out.
func (s *Server) section(partial, key string, view func(*http.Request) (any, error)) func(*http.Request) (template.HTML, error) {
	return func(r *http.Request) (template.HTML, error) {
		v, err := view(r)
		if err != nil || v == nil {
			return "", err
		}
		return s.RenderPartial(partial, map[string]any{"Page": web.PageBase(r), key: v})
	}
}
