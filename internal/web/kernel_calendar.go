package web

import (
	"context"
	"net/http"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/i18n"
)

// What the kernel lends the calendar feed of the activities area: a
// calendar program brings a token in the address instead of a session, so
// the feed finds its owner and their language itself, as the middleware
// does for a signed-in request.

// LoadPrincipal is the user userID with their memberships, or nil when the
// user does not exist or is disabled.
func (s *Server) LoadPrincipal(ctx context.Context, userID int64) (*auth.Principal, error) {
	return s.loadPrincipal(ctx, userID)
}

// ChooseLang is the language of p (their own choice), or else the one r
// asks for (the language cookie, Accept-Language).
func (s *Server) ChooseLang(r *http.Request, p *auth.Principal) i18n.Lang {
	return s.chooseLang(r, p)
}
