package web

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/validation"
)

// Self-service password reset: a visitor gives an e-mail address and, if
// an account has it, gets a link that sets a new password once, within
// auth.PasswordResetLifetime. The answer is the same whether the address is
// known or not, so that the form cannot be used to find out who has an
// account.

type forgotPage struct {
	Base
	Sent  bool   // the request was taken: the same page for every address
	Email string // as typed, to show in the confirmation
}

var forgotFields = []string{"email"}

func (s *Server) forgotPasswordForm(w http.ResponseWriter, r *http.Request) error {
	p := &forgotPage{}
	p.Form.Fields = forgotFields
	return s.Render(w, r, "password_forgot", p, "password.forgot.title")
}

func (s *Server) forgotPassword(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(w, r); err != nil {
		return err
	}
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	p := &forgotPage{}
	var e validation.Errors
	e.Email("email", email)
	if len(e) > 0 {
		p.SetErrors(forgotFields, r.PostForm, e)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "password_forgot", p, "password.forgot.title")
	}
	// Asking costs a try of the address and of the client, like a failed
	// sign-in: enough for a person, too few to flood someone's inbox.
	ipKey, accountKey := "reset-ip:"+ClientIP(r), "reset:"+email
	if ok, _ := s.ipLimiter.Allowed(ipKey); !ok {
		e.Add("email", "password.forgot.too_many")
		p.SetErrors(forgotFields, r.PostForm, e)
		return s.RenderStatus(w, r, http.StatusTooManyRequests, "password_forgot", p, "password.forgot.title")
	}
	s.ipLimiter.Fail(ipKey)
	if ok, _ := s.resetLimiter.Allowed(accountKey); ok {
		s.resetLimiter.Fail(accountKey)
		if err := s.sendResetLink(r, email); err != nil {
			return err
		}
	} else {
		s.log.InfoContext(r.Context(), "password reset refused: too many for the address")
	}
	p.Sent, p.Email = true, email
	return s.Render(w, r, "password_forgot", p, "password.forgot.title")
}

// sendResetLink puts a reset link in the outbox for the account of email;
// for an address without an account it does nothing, and says nothing.
func (s *Server) sendResetLink(r *http.Request, email string) error {
	ctx := r.Context()
	token, u, ok, err := s.users.CreatePasswordReset(ctx, email)
	if err != nil || !ok {
		return err
	}
	loc := Loc(r)
	if l, valid := i18n.Parse(u.Locale); valid {
		loc = s.i18n.For(l)
	}
	link := s.AbsURL(r, "/password/reset?"+url.Values{"token": {token}}.Encode())
	minutes := int(auth.PasswordResetLifetime / time.Minute)
	msg := mail.Message{
		To:      mail.Address{Name: u.Name, Email: u.Email},
		Subject: loc.T("password.mail.subject"),
		Text: mail.Greeting(loc, u.Name) + "\n\n" + loc.T("password.mail.body", minutes) + "\n\n" + link + "\n\n" +
			loc.T("password.mail.not_you") + "\n",
	}
	var html bytes.Buffer
	if err := resetMailHTML.Execute(&html, map[string]any{"Greeting": mail.Greeting(loc, u.Name),
		"Body": loc.T("password.mail.body", minutes), "Link": link, "LinkText": loc.T("password.mail.link"),
		"NotYou": loc.T("password.mail.not_you"), "Lang": string(loc.Lang)}); err != nil {
		return err
	}
	msg.HTML = html.String()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := mail.Enqueue(ctx, tx, "password_reset", u.ID, u.ID, msg, tx.Now())
		return err
	})
	if err != nil {
		return err
	}
	if s.mailer == nil {
		s.log.WarnContext(ctx, "password reset asked, but the server sends no e-mail (no --smtp-url)")
		return nil
	}
	s.mailer.Wake()
	return nil
}

var resetMailHTML = template.Must(template.New("reset").Parse(`<!doctype html>
<html lang="{{.Lang}}"><body>
<p>{{.Greeting}}</p>
<p>{{.Body}}</p>
<p><a href="{{.Link}}">{{.LinkText}}</a></p>
<p>{{.NotYou}}</p>
</body></html>`))

type resetPage struct {
	Base
	Token string
	// Broken is why the link does not work ("expired", "used", "invalid"),
	// "" for a working one.
	Broken string
}

var resetFields = []string{"new_password", "confirm_password"}

// BrokenText says why the link does not work.
func (p *resetPage) BrokenText() string {
	switch p.Broken {
	case "expired":
		return p.T("password.reset.broken.expired")
	case "used":
		return p.T("password.reset.broken.used")
	}
	return p.T("password.reset.broken.invalid")
}

func (s *Server) resetPasswordForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	p := &resetPage{Token: token}
	p.Form.Fields = resetFields
	if _, err := s.users.CheckPasswordReset(r.Context(), token); err != nil {
		return s.brokenResetLink(w, r, p, err)
	}
	return s.Render(w, r, "password_reset", p, "password.reset.title")
}

func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) error {
	if err := ParseForm(w, r); err != nil {
		return err
	}
	token := r.PostForm.Get("token")
	p := &resetPage{Token: token}
	next, confirm := r.PostForm.Get("new_password"), r.PostForm.Get("confirm_password")
	if next != confirm {
		var e validation.Errors
		e.Add("confirm_password", "error.password_mismatch")
		p.SetErrors(resetFields, nil, e) // passwords are never written back
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "password_reset", p, "password.reset.title")
	}
	_, err := s.users.ResetPassword(r.Context(), token, next)
	var ve *validation.Error
	switch {
	case errors.As(err, &ve):
		p.SetErrors(resetFields, nil, ve.Fields)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "password_reset", p, "password.reset.title")
	case errors.Is(err, auth.ErrResetToken):
		return s.brokenResetLink(w, r, p, err)
	case err != nil:
		return err
	}
	return Redirect(w, r, "/login?reset=1")
}

// brokenResetLink says why a link does not work and offers a new one.
func (s *Server) brokenResetLink(w http.ResponseWriter, r *http.Request, p *resetPage, err error) error {
	switch {
	case errors.Is(err, auth.ErrResetTokenExpired):
		p.Broken = "expired"
	case errors.Is(err, auth.ErrResetTokenUsed):
		p.Broken = "used"
	case errors.Is(err, auth.ErrResetToken):
		p.Broken = "invalid"
	default:
		return err
	}
	return s.RenderStatus(w, r, http.StatusGone, "password_reset", p, "password.reset.title")
}
