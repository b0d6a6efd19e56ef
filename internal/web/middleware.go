package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
)

// requestState is what the middleware learns about a request and the
// handlers need: who is asking, in which language, and (for the metrics
// and the log) which route answered.
type requestState struct {
	principal *auth.Principal
	loc       *i18n.Localizer
	pattern   string
	// now is the instant the request is handled, read once from the
	// server's clock, so that one page never straddles two days.
	now time.Time
	// sessionless requests (static files, health, metrics) carry no
	// session, so identify must not look for one.
	sessionless bool
}

type stateKey struct{}

// state returns the request's state, made by observe, the outermost
// middleware but two.
func state(r *http.Request) *requestState {
	if st, ok := r.Context().Value(stateKey{}).(*requestState); ok {
		return st
	}
	panic("web: request without state; is observe missing from the chain?")
}

func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

func Principal(r *http.Request) *auth.Principal { return state(r).principal }

// Loc is the localiser of the request's language.
func Loc(r *http.Request) *i18n.Localizer { return state(r).loc }

// Now is the instant the request is handled, on the server's clock.
func Now(r *http.Request) time.Time { return state(r).now }

// Actor is who the audit trail names for a change made by this request.
func Actor(r *http.Request) audit.Actor {
	p := Principal(r)
	if p == nil {
		return audit.Actor{Label: "anonymous"}
	}
	return audit.Actor{UserID: p.User.ID, Label: p.User.Email}
}

// identify finds out who is asking (a bearer token or the session) and in
// which language to answer.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		var err error
		st.principal, err = s.principalOf(w, r)
		st.loc = s.i18n.For(s.chooseLang(r, st.principal))
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) principalOf(w http.ResponseWriter, r *http.Request) (*auth.Principal, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		secret, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return nil, ErrUnauthenticated
		}
		// Only api tokens: a calendar token (auth.ScopeCalendar) is refused
		// like an unknown one, since it only reads /calendar.ics?token=.
		userID, err := s.tokens.Authenticate(ctx, strings.TrimSpace(secret))
		if errors.Is(err, auth.ErrBadToken) {
			return nil, ErrUnauthenticated
		}
		if err != nil {
			return nil, err
		}
		p, err := s.loadPrincipal(ctx, userID)
		if err != nil || p == nil {
			return nil, errors.Join(ErrUnauthenticated, err)
		}
		p.ViaToken = true
		return p, nil
	}
	if state(r).sessionless {
		return nil, nil
	}
	userID := s.sessions.GetInt64(ctx, sessionUserID)
	if userID == 0 {
		return nil, nil
	}
	p, err := s.loadPrincipal(ctx, userID)
	if err != nil {
		return nil, err
	}
	if p == nil {
		// The account is gone or disabled: the session ends with it.
		_ = s.sessions.Destroy(ctx)
	}
	return p, nil
}

// loadPrincipal returns the user with their memberships, or nil when the
// user does not exist or is disabled.
func (s *Server) loadPrincipal(ctx context.Context, userID int64) (*auth.Principal, error) {
	u, err := s.users.ByID(ctx, userID)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, nil
	}
	ms, err := s.orgs.MembershipsOf(ctx, userID)
	if err != nil {
		return nil, err
	}
	return &auth.Principal{User: u, Memberships: ms}, nil
}

const langCookie = "samverkan_lang"

// chooseLang: the user's own choice, then the language cookie, then the
// browser's Accept-Language, then Swedish.
func (s *Server) chooseLang(r *http.Request, p *auth.Principal) i18n.Lang {
	if p != nil {
		if l, ok := i18n.Parse(p.User.Locale); ok {
			return l
		}
	}
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	return s.i18n.Match(r.Header.Get("Accept-Language"))
}

// sessionsExceptStatic loads and saves the session, except for static
// files and the operational endpoints, which never need one.
func (s *Server) sessionsExceptStatic(next http.Handler) http.Handler {
	withSession := s.sessions.LoadAndSave(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if strings.HasPrefix(p, "/static/") || p == "/healthz" || p == "/readyz" || p == "/metrics" {
			state(r).sessionless = true
			next.ServeHTTP(w, r)
			return
		}
		withSession.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (rec *statusRecorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *statusRecorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(b)
	rec.bytes += n
	return n, err
}

func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// observe logs each request and counts it in the metrics. The log names
// the route pattern, never the path or query, which may hold personal
// data or a token.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		st := &requestState{pattern: "unmatched", loc: s.i18n.For(i18n.Swedish), now: s.clock.Now()}
		id := requestID(r)
		w.Header().Set(requestIDHeader, id)
		ctx := context.WithValue(context.WithValue(r.Context(), stateKey{}, st), requestIDKey{}, id)
		next.ServeHTTP(rec, r.WithContext(ctx))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		elapsed := time.Since(start)
		pattern := st.pattern
		s.metrics.observe(r.Method, pattern, rec.status, elapsed)
		s.log.LogAttrs(ctx, levelFor(rec.status), "request",
			slog.String("method", r.Method), slog.String("route", pattern), slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes), slog.Duration("duration", elapsed))
	})
}

// securityHeaders sets the headers every response carries: a strict
// Content-Security-Policy (no inline script or style anywhere), no
// framing, no sniffing, no referrer to other sites. tileHost, the map
// tile server as a CSP source ("https://tile.openstreetmap.org"), is
// allowed for images and nothing else; "" allows no other host.
func securityHeaders(secure bool, tileHost string, next http.Handler) http.Handler {
	img := "img-src 'self' data:"
	if tileHost != "" {
		img += " " + tileHost
	}
	csp := "default-src 'none'; script-src 'self'; style-src 'self'; " + img + "; font-src 'self'; " +
		"connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "geolocation=(self), camera=(), microphone=(), payment=()")
		if secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a logged 500 instead of a dropped
// connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
