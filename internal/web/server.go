// Package web is the kernel of the web layer: the server, its middleware
// (sessions, identity, language, security headers, request ids, metrics),
// the route type whose table is also the permission table, the mapping of
// errors to responses, rendering with the layout and a Base of generic
// helpers, form and JSON helpers, static files, the merged OpenAPI
// document, sign-in and password reset, and the start page.
//
// The product's areas (reports, promises, activities, premises, briefs,
// statistics, administration) are packages of their own below this one
// (reportweb, promiseweb, …). Each gives the kernel a web.Area — routes,
// templates, static files, messages, API document part, start-page section
// and menu entries — and internal/app mounts them. The kernel never imports
// an area and no area imports another (internal/app's tests check it).

package web

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// Options is what the server is built from.
type Options struct {
	DB            *db.DB
	Logger        *slog.Logger
	SecureCookies bool
	PublicURL     string
	Version       string
	// TileURL is the map tile server ({z}/{x}/{y}), TileAttribution what
	// the maps credit it with. Without a URL maps draw no background.
	TileURL         string
	TileAttribution string
	// Mail is the e-mail worker: with one, a published brief is also
	// e-mailed; without, it is delivered in the product only.
	Mail *mail.Worker
}

// Server serves the product over HTTP.
type Server struct {
	db             *db.DB
	clock          clock.Clock // the one clock, the database's
	log            *slog.Logger
	i18n           *i18n.Bundle
	pages          *pages
	static         *staticFiles
	sessions       *scs.SessionManager
	sessionStore   *auth.SessionStore
	users          *auth.Users
	tokens         *auth.Tokens
	orgs           *org.Store
	municipalities *municipality.Store
	mailer         *mail.Worker // nil: no e-mail
	audit          *audit.Log
	ipLimiter      *auth.Limiter
	accountLimiter *auth.Limiter
	resetLimiter   *auth.Limiter // password reset links per address
	metrics        *metrics
	publicURL      string
	tiles          tiles
	handler        http.Handler
	// areas are the mounted areas (Mount), openAPIDoc the API document
	// merged from the kernel's part and theirs.
	areas      []Area
	openAPIDoc []byte
}

// tiles is the map background the pages use.
type tiles struct {
	URL, Attribution string
}

// New builds the server: it parses every template and reads the static
// files, so that a broken one fails the start rather than a request.
func New(opts Options) (*Server, error) {
	// The messages, static files and pages are loaded again with the
	// areas' parts by Mount; these serve until then.
	bundle, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	static, err := loadStatic(nil)
	if err != nil {
		return nil, err
	}
	s := &Server{
		db:             opts.DB,
		clock:          opts.DB.Clock(),
		log:            opts.Logger,
		i18n:           bundle,
		static:         static,
		sessionStore:   auth.NewSessionStore(opts.DB),
		users:          auth.NewUsers(opts.DB),
		tokens:         auth.NewTokens(opts.DB),
		orgs:           org.NewStore(opts.DB),
		municipalities: municipality.NewStore(opts.DB),
		mailer:         opts.Mail,
		audit:          audit.NewLog(opts.DB),
		// Ten failures per account and fifty per address in fifteen minutes:
		// enough for a person who mistypes, far too few for guessing.
		accountLimiter: auth.NewLimiter(opts.DB.Clock(), 10, 15*time.Minute),
		ipLimiter:      auth.NewLimiter(opts.DB.Clock(), 50, 15*time.Minute),
		// Three reset links an hour to one address: enough to get one that
		// arrives, too few to fill an inbox.
		resetLimiter: auth.NewLimiter(opts.DB.Clock(), 3, time.Hour),
		publicURL:    opts.PublicURL,
		tiles:        tiles{URL: opts.TileURL, Attribution: opts.TileAttribution},
	}
	if s.tiles.URL == "none" {
		s.tiles.URL = ""
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.log = slog.New(withRequestID{s.log.Handler()})
	s.pages, err = parsePages(s.static, nil)
	if err != nil {
		return nil, err
	}
	s.sessions = scs.New()
	s.sessions.Store = s.sessionStore
	s.sessions.Lifetime = 12 * time.Hour
	s.sessions.IdleTimeout = 4 * time.Hour
	s.sessions.Cookie.Name = "samverkan_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = opts.SecureCookies
	s.sessions.Cookie.Path = "/"
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		// The session could not be loaded or saved: the error page must
		// not use it.
		state(r).sessionless = true
		s.Fail(w, r, err)
	}
	s.metrics = newMetrics(prometheus.NewRegistry(), opts.DB, opts.Version)
	return s, nil
}

// ServeHTTP makes Server an http.Handler, once the areas are mounted.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Housekeeping removes expired sessions every interval until ctx ends.
func (s *Server) Housekeeping(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := s.sessionStore.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("delete expired sessions", "err", err)
		} else if n > 0 {
			s.log.Debug("deleted expired sessions", "count", n)
		}
		if _, err := s.users.DeleteExpiredPasswordResets(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("delete expired password reset links", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// What the kernel lends the areas. Each area builds the stores of its own
// domain from DB; these are the ones every area shares.

// DB is the database, with the server's clock (DB().Clock()).
func (s *Server) DB() *db.DB { return s.db }

// Clock is the server's one clock.
func (s *Server) Clock() clock.Clock { return s.clock }

// Logger is the server's log.
func (s *Server) Logger() *slog.Logger { return s.log }

// Bundle is the message catalogue of every language.
func (s *Server) Bundle() *i18n.Bundle { return s.i18n }

// Mailer is the e-mail worker, nil when the server sends no e-mail.
func (s *Server) Mailer() *mail.Worker { return s.mailer }

// Municipalities is the store of municipalities.
func (s *Server) Municipalities() *municipality.Store { return s.municipalities }

// Orgs is the store of organisations and memberships.
func (s *Server) Orgs() *org.Store { return s.orgs }

// Users is the store of users.
func (s *Server) Users() *auth.Users { return s.users }

// Tokens is the store of API and calendar tokens.
func (s *Server) Tokens() *auth.Tokens { return s.tokens }

// Audit is the audit trail.
func (s *Server) Audit() *audit.Log { return s.audit }

// PublicURL is the address users reach the service at, "" when not set.
func (s *Server) PublicURL() string { return s.publicURL }

// BaseURL is where users reach the service, for links in e-mail: the
// public URL, or else the address r came to.
func (s *Server) BaseURL(r *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// TileURL and TileAttribution are the map background ("" for none).
func (s *Server) TileURL() string         { return s.tiles.URL }
func (s *Server) TileAttribution() string { return s.tiles.Attribution }
