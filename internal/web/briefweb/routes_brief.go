package briefweb

import (
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/web"
)

// briefRoutes are the weekly brief and subscriptions to it (issue 6).
// Whether a permission reaches a municipality's brief is brief.CanRead and
// brief.CanWrite, asked again by every handler.
func (s *Server) briefRoutes() []web.Route {
	return []web.Route{
		// The archive, the brief, and what became of the reader's reports.
		web.Handle("GET /briefs", auth.PermBriefRead, s.briefList),
		web.Handle("GET /briefs/{id}", auth.PermBriefRead, s.briefView),
		// Writing, publishing and following the delivery: coordinators.
		web.Handle("GET /briefs/new", auth.PermBriefWrite, s.briefNew),
		web.Handle("POST /briefs", auth.PermBriefWrite, s.briefCreate),
		web.Handle("GET /briefs/{id}/edit", auth.PermBriefWrite, s.briefEdit),
		web.Handle("POST /briefs/{id}", auth.PermBriefWrite, s.briefUpdate),
		web.Handle("GET /briefs/{id}/publish", auth.PermBriefWrite, s.briefPublishConfirm),
		web.Handle("POST /briefs/{id}/publish", auth.PermBriefWrite, s.briefPublish),
		web.Handle("GET /briefs/{id}/deliveries", auth.PermBriefWrite, s.briefDeliveries),
		web.Handle("POST /briefs/{id}/mail/{mail}/retry", auth.PermBriefWrite, s.briefRetryMail),
		// Which briefs the user gets: every signed-in user.
		web.Handle("GET /account/subscriptions", web.SignedIn, s.subscriptionsPage),
		web.Handle("POST /account/subscriptions", web.SignedIn, s.saveSubscriptions),
		// Unsubscribing by the link in a brief's e-mail: no sign-in, the
		// signed token in the path is the authority (pages_unsubscribe.go).
		web.Handle("GET /unsubscribe/{token}", web.Public, s.unsubscribeLink),
		web.Handle("POST /unsubscribe/{token}", web.Public, s.unsubscribe),

		// The JSON API.
		web.Handle("GET /api/v1/briefs", auth.PermBriefRead, s.apiBriefs),
		web.Handle("POST /api/v1/briefs", auth.PermBriefWrite, s.apiCreateBrief),
		web.Handle("GET /api/v1/briefs/{id}", auth.PermBriefRead, s.apiBrief),
		web.Handle("PATCH /api/v1/briefs/{id}", auth.PermBriefWrite, s.apiUpdateBrief),
		web.Handle("POST /api/v1/briefs/{id}/publish", auth.PermBriefWrite, s.apiPublishBrief),
		web.Handle("GET /api/v1/briefs/{id}/deliveries", auth.PermBriefWrite, s.apiBriefDeliveries),
	}
}
