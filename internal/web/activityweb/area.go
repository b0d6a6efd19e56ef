// Package activityweb is the activities area of the product (issue 5): the
// activity log with its map, exports and trainings, meetings with their
// minutes and action items, and the calendar (a month on a page, each
// user's meetings as an iCalendar feed, a meeting as an .ics file); the
// start page's section of open action items. Package activity decides
// which records a permission reaches; these handlers only ask it.
package activityweb

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates static locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel. The messages are the
// kernel's Bundle(), asked for when needed: Mount loads them after New,
// with every area's.
type Server struct {
	*web.Server
	clock          clock.Clock
	tokens         *auth.Tokens
	orgs           *org.Store
	municipalities *municipality.Store
	activities     *activity.Store
	promises       *promise.Store
	mailer         *mail.Worker // nil: no e-mail
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, clock: k.Clock(), tokens: k.Tokens(), orgs: k.Orgs(),
		municipalities: k.Municipalities(), activities: activity.NewStore(k.DB()), promises: promise.NewStore(k.DB()),
		mailer: k.Mailer()}
	return web.Area{Name: "activities", Routes: s.activityRoutes(), Files: files, Limits: activity.Limits,
		StartOrder: 10, Start: section(s, "start_actions", "Actions", s.startActions),
		Nav: []web.NavEntry{
			{Href: "/activities", Label: "nav.activities", Perm: auth.PermActivityRead, Order: 40, Group: web.NavGroupWork},
			{Href: "/meetings", Label: "nav.meetings", Perm: auth.PermMeetingRead, Order: 60, Group: web.NavGroupWork},
		}}
}

// Base is the kernel's Base with what the area's pages add to it.
type Base struct{ web.Base }

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
