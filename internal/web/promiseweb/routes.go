package promiseweb

import (
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/web"
)

// promiseRoutes are agreements and citizen promises (issue 3).
func (s *Server) promiseRoutes() []web.Route {
	return []web.Route{
		// Agreements and citizen promises (issue 3). Coordinators make them
		// for the municipalities they work in, the parties record the status
		// of their own commitments; package promise decides which records a
		// permission reaches.
		web.Handle("GET /agreements", auth.PermAgreementRead, s.agreementsPage),
		web.Handle("GET /agreements/new", auth.PermAgreementWrite, s.newAgreementPage),
		web.Handle("POST /agreements", auth.PermAgreementWrite, s.createAgreement),
		web.Handle("GET /agreements/{id}", auth.PermAgreementRead, s.agreementPage),
		web.Handle("GET /agreements/{id}/edit", auth.PermAgreementWrite, s.editAgreementPage),
		web.Handle("POST /agreements/{id}", auth.PermAgreementWrite, s.updateAgreement),
		web.Handle("GET /agreements/{id}/history", auth.PermAgreementRead, s.agreementHistoryPage),
		web.Handle("GET /promises", auth.PermPromiseRead, s.promisesPage),
		web.Handle("GET /promises/new", auth.PermPromiseWrite, s.newPromisePage),
		web.Handle("POST /promises", auth.PermPromiseWrite, s.createPromise),
		web.Handle("GET /promises/{id}/edit", auth.PermPromiseWrite, s.editPromisePage),
		web.Handle("POST /promises/{id}", auth.PermPromiseWrite, s.updatePromise),
		web.Handle("POST /promises/{id}/publish", auth.PermPromiseWrite, s.publishPromise),
		web.Handle("POST /promises/{id}/end", auth.PermPromiseWrite, s.endPromise),
		web.Handle("GET /promises/{id}/amend", auth.PermPromiseWrite, s.amendPromisePage),
		web.Handle("POST /promises/{id}/amendments", auth.PermPromiseWrite, s.amendPromise),
		web.Handle("GET /commitments/{id}/status", auth.PermCommitmentUpdate, s.commitmentStatusPage),
		web.Handle("POST /commitments/{id}/status", auth.PermCommitmentUpdate, s.setCommitmentStatus),
		// Public: only published and ended promises, drafts to their readers.
		web.Handle("GET /kommun/{code}", web.Public, s.municipalityPromisesPage),
		web.Handle("GET /promises/{id}", web.Public, s.promisePage),
		web.Handle("GET /promises/{id}/pdf", web.Public, s.promisePDF),
		web.Handle("GET /feeds/promises.atom", web.Public, s.promisesFeed),
		web.Handle("GET /feeds/kommun/{code}/promises.atom", web.Public, s.municipalityPromisesFeed),
		web.Handle("GET /open-data/promises.csv", web.Public, s.promisesCSV),

		// Agreements and citizen promises.
		web.Handle("GET /api/v1/agreements", auth.PermAgreementRead, s.apiAgreements),
		web.Handle("POST /api/v1/agreements", auth.PermAgreementWrite, s.apiCreateAgreement),
		web.Handle("GET /api/v1/agreements/{id}", auth.PermAgreementRead, s.apiAgreement),
		web.Handle("PATCH /api/v1/agreements/{id}", auth.PermAgreementWrite, s.apiUpdateAgreement),
		web.Handle("GET /api/v1/agreements/{id}/versions", auth.PermAgreementRead, s.apiAgreementVersions),
		web.Handle("GET /api/v1/promises", auth.PermPromiseRead, s.apiPromises),
		web.Handle("POST /api/v1/promises", auth.PermPromiseWrite, s.apiCreatePromise),
		web.Handle("GET /api/v1/promises/{id}", auth.PermPromiseRead, s.apiPromise),
		web.Handle("PATCH /api/v1/promises/{id}", auth.PermPromiseWrite, s.apiUpdatePromise),
		web.Handle("POST /api/v1/promises/{id}/publish", auth.PermPromiseWrite, s.apiPublishPromise),
		web.Handle("POST /api/v1/promises/{id}/end", auth.PermPromiseWrite, s.apiEndPromise),
		web.Handle("POST /api/v1/promises/{id}/amendments", auth.PermPromiseWrite, s.apiAmendPromise),
		web.Handle("GET /api/v1/promises/{id}/progress", auth.PermPromiseRead, s.apiPromiseProgress),
		web.Handle("PATCH /api/v1/commitments/{id}", auth.PermCommitmentUpdate, s.apiUpdateCommitment),
		web.Handle("GET /api/v1/public/promises", web.Public, s.apiPublicPromises),
		web.Handle("GET /api/v1/public/promises/{id}", web.Public, s.apiPublicPromise),
	}
}
