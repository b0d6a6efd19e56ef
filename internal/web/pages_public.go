package web

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
)

type frontPage struct {
	Base
	Municipalities []municipality.Municipality
}

func (s *Server) frontPage(w http.ResponseWriter, r *http.Request) error {
	ms, err := s.municipalities.InUse(r.Context())
	if err != nil {
		return err
	}
	return s.Render(w, r, "front", &frontPage{Municipalities: ms}, "front.title")
}

type loginPage struct {
	Base
	Next      string
	SignedOut bool
	Reset     bool // after a password reset: sign in with the new one
}

var loginFields = []string{"email", "password"}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := SafeNext(r.URL.Query().Get("next"))
	if Principal(r) != nil {
		if next == "" {
			next = "/start"
		}
		return Redirect(w, r, next)
	}
	p := &loginPage{Next: next, SignedOut: r.URL.Query().Get("signed_out") == "1", Reset: r.URL.Query().Get("reset") == "1"}
	p.Form.Fields = loginFields
	return s.Render(w, r, "login", p, "login.title")
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(w, r); err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	password := r.PostForm.Get("password")
	p := &loginPage{Next: SafeNext(r.PostForm.Get("next"))}
	values := r.PostForm
	values.Del("password") // never sent back to the browser

	ipKey, accountKey := "ip:"+ClientIP(r), "account:"+email
	for _, check := range []struct {
		l   *auth.Limiter
		key string
	}{{s.ipLimiter, ipKey}, {s.accountLimiter, accountKey}} {
		if ok, wait := check.l.Allowed(check.key); !ok {
			minutes := int(math.Ceil(wait.Minutes()))
			var e validation.Errors
			e.Add("email", "login.too_many", minutes)
			p.SetErrors(loginFields, values, e)
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
			return s.RenderStatus(w, r, http.StatusTooManyRequests, "login", p, "login.title")
		}
	}

	var e validation.Errors
	if email == "" {
		e.Add("email", "error.required")
	}
	if password == "" {
		e.Add("password", "error.required")
	}
	if len(e) > 0 {
		p.SetErrors(loginFields, values, e)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "login", p, "login.title")
	}
	u, err := s.users.Authenticate(r.Context(), email, password)
	if errors.Is(err, auth.ErrBadCredentials) {
		s.ipLimiter.Fail(ipKey)
		s.accountLimiter.Fail(accountKey)
		s.log.InfoContext(r.Context(), "sign-in failed")
		e.Add("email", "login.bad_credentials")
		p.SetErrors(loginFields, values, e)
		return s.RenderStatus(w, r, http.StatusUnauthorized, "login", p, "login.title")
	}
	if err != nil {
		return err
	}
	s.accountLimiter.Reset(accountKey)
	// A new session token at sign-in, so that a token planted before it
	// (session fixation) is worth nothing.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessionUserID, u.ID)
	// The session row names its user, so that a password change can end
	// the user's other sessions.
	if err := s.sessionStore.SetUser(r.Context(), s.sessions.Token(r.Context()), u.ID); err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "signed in", "user_id", u.ID)
	next := p.Next
	if next == "" {
		next = "/start"
	}
	return Redirect(w, r, next)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	return Redirect(w, r, "/login?signed_out=1")
}

func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(w, r); err != nil {
		return err
	}
	lang, ok := i18n.Parse(r.PostForm.Get("lang"))
	if !ok {
		return BadRequest("error.bad_language")
	}
	http.SetCookie(w, &http.Cookie{
		Name: langCookie, Value: string(lang), Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.sessions.Cookie.Secure,
	})
	if p := Principal(r); p != nil {
		if err := s.users.SetLocale(r.Context(), Actor(r), p.User.ID, string(lang)); err != nil {
			return err
		}
	}
	back := SafeNext(r.PostForm.Get("return"))
	if back == "" {
		back = "/"
	}
	return Redirect(w, r, back)
}

type errorPage struct {
	Base
	Message string
	Details []string
	Status  int
}

// RenewSession gives the signed-in user of r a new session token, as after
// a password change, so that a token seen before is worth nothing; the new
// session keeps naming its user.
func (s *Server) RenewSession(r *http.Request) error {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	if p := Principal(r); p != nil && !p.ViaToken {
		return s.sessionStore.SetUser(r.Context(), s.sessions.Token(r.Context()), p.User.ID)
	}
	return nil
}

// SessionToken is the token of r's session ("" for a request without
// one), for a change that must keep this session and end the others.
func (s *Server) SessionToken(r *http.Request) string {
	if state(r).sessionless {
		return ""
	}
	return s.sessions.Token(r.Context())
}
