package web

import "github.com/samverkan/samverkan/internal/auth"

// briefRoutes are the weekly brief and subscriptions to it (issue 6).
// Whether a permission reaches a municipality's brief is brief.CanRead and
// brief.CanWrite, asked again by every handler.
func (s *Server) briefRoutes() []Route {
	return []Route{
		// The archive, the brief, and what became of the reader's reports.
		{"GET /briefs", auth.PermBriefRead, s.briefList},
		{"GET /briefs/{id}", auth.PermBriefRead, s.briefView},
		// Writing, publishing and following the delivery: coordinators.
		{"GET /briefs/new", auth.PermBriefWrite, s.briefNew},
		{"POST /briefs", auth.PermBriefWrite, s.briefCreate},
		{"GET /briefs/{id}/edit", auth.PermBriefWrite, s.briefEdit},
		{"POST /briefs/{id}", auth.PermBriefWrite, s.briefUpdate},
		{"GET /briefs/{id}/publish", auth.PermBriefWrite, s.briefPublishConfirm},
		{"POST /briefs/{id}/publish", auth.PermBriefWrite, s.briefPublish},
		{"GET /briefs/{id}/deliveries", auth.PermBriefWrite, s.briefDeliveries},
		{"POST /briefs/{id}/mail/{mail}/retry", auth.PermBriefWrite, s.briefRetryMail},
		// Which briefs the user gets: every signed-in user.
		{"GET /account/subscriptions", SignedIn, s.subscriptionsPage},
		{"POST /account/subscriptions", SignedIn, s.saveSubscriptions},

		// The JSON API.
		{"GET /api/v1/briefs", auth.PermBriefRead, s.apiBriefs},
		{"POST /api/v1/briefs", auth.PermBriefWrite, s.apiCreateBrief},
		{"GET /api/v1/briefs/{id}", auth.PermBriefRead, s.apiBrief},
		{"PATCH /api/v1/briefs/{id}", auth.PermBriefWrite, s.apiUpdateBrief},
		{"POST /api/v1/briefs/{id}/publish", auth.PermBriefWrite, s.apiPublishBrief},
		{"GET /api/v1/briefs/{id}/deliveries", auth.PermBriefWrite, s.apiBriefDeliveries},
	}
}
