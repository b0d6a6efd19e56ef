package web

import (
	"net/http"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/config"
)

// HandlerFunc is an HTTP handler that returns its error instead of writing
// it; fail turns the error into a response in one place.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one line of the route table: the pattern, the permission a
// request needs to enter, and the handler. Whether a permission reaches a
// particular record is checked again by the handler.
type Route struct {
	Pattern string
	Perm    auth.Permission
	Handle  HandlerFunc
}

// Shorthands of the route tables.
const (
	Public   = auth.PermPublic
	SignedIn = auth.PermSignedIn
)

// routeTable is the sitemap of the product and its authorisation table:
// the core routes here, each area's in the routes_*.go file of its own.
func (s *Server) routeTable() []Route {
	table := s.coreRoutes()
	for _, a := range s.areas {
		table = append(table, a.Routes...)
	}
	return table
}

// coreRoutes are the public pages, the start page, the API's document and
// operations.
func (s *Server) coreRoutes() []Route {
	return []Route{
		// Public pages.
		{"GET /{$}", Public, s.frontPage},
		{"GET /login", Public, s.loginForm},
		{"POST /login", Public, s.login},
		{"POST /logout", Public, s.logout},
		{"POST /language", Public, s.setLanguage},
		{"GET /password/forgot", Public, s.forgotPasswordForm},
		{"POST /password/forgot", Public, s.forgotPassword},
		{"GET /password/reset", Public, s.resetPasswordForm},
		{"POST /password/reset", Public, s.resetPassword},
		{"GET /static/{file...}", Public, s.serveStatic},

		// The signed-in user's start page.
		{"GET /start", SignedIn, s.startPage},

		// The JSON API's document.
		{"GET /api/v1/openapi.json", Public, s.openAPI},
		// Operations.
		{"GET /healthz", Public, s.healthz},
		{"GET /readyz", Public, s.readyz},
		{"GET /metrics", Public, s.serveMetrics},
	}
}

// routes builds the handler: the route table on a ServeMux, inside the
// middleware every request passes through.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		mux.Handle(rt.Pattern, s.endpoint(rt))
	}
	mux.Handle("/", s.endpoint(Route{Pattern: "/", Perm: auth.PermPublic, Handle: s.notFound}))

	var h http.Handler = mux
	h = s.identify(h)
	h = s.sessionsExceptStatic(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Refused before the session is loaded: the error page must not
		// look for one.
		state(r).sessionless = true
		s.Fail(w, r, &HTTPError{Status: http.StatusForbidden, Code: "cross_origin", Key: "error.cross_origin"})
	}))
	h = cop.Handler(h)
	h = s.observe(h)
	h = securityHeaders(s.sessions.Cookie.Secure, config.TileHost(s.tiles.URL), h)
	h = s.recoverPanics(h)
	return h
}

// endpoint wraps a route's handler with its permission check and the error
// mapping.
func (s *Server) endpoint(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		st.pattern = rt.Pattern
		if !st.principal.Can(rt.Perm) {
			if st.principal == nil {
				s.Fail(w, r, ErrUnauthenticated)
			} else {
				s.Fail(w, r, ErrForbidden)
			}
			return
		}
		if err := rt.Handle(w, r); err != nil {
			s.Fail(w, r, err)
		}
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error { return ErrNotFound }

// Routes is the route table of the kernel and the mounted areas, for the
// tests of the permission matrix and the API document.
func (s *Server) Routes() []Route { return s.routeTable() }

// AreaRoutes are the routes of the mounted area name, or of the kernel
// itself for "", for the permission matrix of each.
func (s *Server) AreaRoutes(name string) []Route {
	if name == "" {
		return s.coreRoutes()
	}
	for _, a := range s.areas {
		if a.Name == name {
			return a.Routes
		}
	}
	return nil
}

// Handle is a line of an area's route table: the pattern, the permission
// a request needs to enter, and the handler.
func Handle(pattern string, perm auth.Permission, h HandlerFunc) Route {
	return Route{Pattern: pattern, Perm: perm, Handle: h}
}
