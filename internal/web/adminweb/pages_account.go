package adminweb

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

type accountPage struct {
	web.Base
	Languages []web.Option
}

var passwordFields = []string{"current_password", "new_password", "confirm_password"}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	p := &accountPage{}
	p.Form.Fields = passwordFields
	return s.Render(w, r, "account", p, "account.title")
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	u := web.Principal(r).User
	// The user's other sessions end with the old password (a thief who
	// signed in with it is signed out); this one goes on.
	err := s.users.ChangePasswordKeepSession(r.Context(), web.Actor(r), u.ID,
		r.PostForm.Get("current_password"), r.PostForm.Get("new_password"), r.PostForm.Get("confirm_password"),
		s.SessionToken(r))
	var ve *validation.Error
	if errors.As(err, &ve) {
		p := &accountPage{}
		// Passwords are never written back into the page.
		p.SetErrors(passwordFields, nil, ve.Fields)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "account", p, "account.title")
	}
	if err != nil {
		return err
	}
	// A new session token after a password change.
	if err := s.RenewSession(r); err != nil {
		return err
	}
	s.Flash(r, "account.password_changed")
	return web.Redirect(w, r, "/account")
}

// revokeAllTokens revokes every API and calendar token of the user: what
// the account page offers after a password change, since a token made with
// the old password works without it.
func (s *Server) revokeAllTokens(w http.ResponseWriter, r *http.Request) error {
	n, err := s.tokens.RevokeAll(r.Context(), web.Actor(r), web.Principal(r).User.ID)
	if err != nil {
		return err
	}
	if n == 0 {
		s.Flash(r, "account.tokens_none_revoked")
	} else {
		s.Flash(r, "account.tokens_all_revoked")
	}
	return web.Redirect(w, r, "/account")
}

// NameLimit is the option of the name field: a token's limit.
func (*tokensPage) NameLimit() string { return fmt.Sprintf("maxlength=%d", auth.MaxTokenName) }

type tokensPage struct {
	web.Base
	Tokens    []auth.Token
	NewSecret string
	NewName   string
	// CanCalendar: the user may make a calendar link on /calendar/feed.
	CanCalendar bool
}

// ScopeName is a token's scope in words: API, or calendar only.
func (p *tokensPage) ScopeName(scope string) string { return p.T("tokens.scope." + scope) }

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request) error {
	return s.showTokens(w, r, http.StatusOK, &tokensPage{})
}

func (s *Server) showTokens(w http.ResponseWriter, r *http.Request, status int, p *tokensPage) error {
	var err error
	p.Tokens, err = s.tokens.List(r.Context(), web.Principal(r).User.ID)
	if err != nil {
		return err
	}
	p.CanCalendar = web.Principal(r).Can(auth.PermMeetingRead)
	if p.Form.Fields == nil {
		p.Form.Fields = []string{"name"}
	}
	return s.RenderStatus(w, r, status, "tokens", p, "tokens.title")
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	secret, t, err := s.tokens.Create(r.Context(), web.Actor(r), web.Principal(r).User.ID, r.PostForm.Get("name"))
	var ve *validation.Error
	if errors.As(err, &ve) {
		p := &tokensPage{}
		p.SetErrors([]string{"name"}, r.PostForm, ve.Fields)
		return s.showTokens(w, r, http.StatusUnprocessableEntity, p)
	}
	if err != nil {
		return err
	}
	// The secret is shown in this response only; it is not stored.
	return s.showTokens(w, r, http.StatusCreated, &tokensPage{NewSecret: secret, NewName: t.Name})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	err = s.tokens.Revoke(r.Context(), web.Actor(r), web.Principal(r).User.ID, id)
	if errors.Is(err, db.ErrNotFound) {
		return web.ErrNotFound
	}
	if err != nil {
		return err
	}
	s.Flash(r, "tokens.revoked")
	return web.Redirect(w, r, "/account/tokens")
}
