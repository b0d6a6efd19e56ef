package briefweb

import (
	"errors"
	"net/http"

	"github.com/samverkan/samverkan/internal/brief"
)

// Unsubscribing from a municipality's brief by the link in its e-mail,
// without signing in (package brief signs and checks the links):
//
//   - GET /unsubscribe/{token} shows what the link would end, with a
//     button. A GET never unsubscribes: mail filters and link checkers
//     open every link in a message.
//   - POST /unsubscribe/{token} unsubscribes at once and answers 200: the
//     button, and the one-click POST of a mail system (RFC 8058), which
//     sends "List-Unsubscribe=One-Click" and nothing else. The signed
//     token is the authority, so it needs no session and no form token;
//     a mail system's POST carries no Origin or Sec-Fetch-Site header,
//     which the kernel's cross-origin protection lets through, while a
//     browser's cross-site POST is refused there like any other.

type unsubscribePage struct {
	Base
	Token        string
	Municipality string
	// State is "ask" (the button), "done" (unsubscribed now), "already"
	// (was not subscribed) or "broken" (no such link).
	State string
}

func (s *Server) unsubscribeLink(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	u, err := s.briefs.UnsubscribeLink(r.Context(), token)
	page := &unsubscribePage{Token: token, Municipality: u.MunicipalityName, State: "ask"}
	if !u.Subscribed {
		page.State = "already"
	}
	return s.renderUnsubscribe(w, r, page, err)
}

func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	// The body says "List-Unsubscribe=One-Click" (urlencoded or
	// multipart); it is read, bounded, and not required: the POST to the
	// signed address is the act.
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	_ = r.ParseMultipartForm(64 << 10)
	token := r.PathValue("token")
	u, err := s.briefs.Unsubscribe(r.Context(), token)
	page := &unsubscribePage{Token: token, Municipality: u.MunicipalityName, State: "done"}
	if err == nil && !u.Subscribed {
		page.State = "already"
	}
	return s.renderUnsubscribe(w, r, page, err)
}

// renderUnsubscribe shows the page, or the page of a link that does not
// work (404) when err says so.
func (s *Server) renderUnsubscribe(w http.ResponseWriter, r *http.Request, page *unsubscribePage, err error) error {
	status := http.StatusOK
	switch {
	case errors.Is(err, brief.ErrUnsubscribeLink):
		status, page.State, page.Token = http.StatusNotFound, "broken", ""
	case err != nil:
		return err
	}
	return s.RenderStatus(w, r, status, "unsubscribe", page, "brief.unsubscribe.title")
}
