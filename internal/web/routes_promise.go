package web

import "github.com/samverkan/samverkan/internal/auth"

// promiseRoutes are agreements and citizen promises (issue 3).
func (s *Server) promiseRoutes() []Route {
	return []Route{
		// Agreements and citizen promises (issue 3). Coordinators make them
		// for the municipalities they work in, the parties record the status
		// of their own commitments; package promise decides which records a
		// permission reaches.
		{"GET /agreements", auth.PermAgreementRead, s.agreementsPage},
		{"GET /agreements/new", auth.PermAgreementWrite, s.newAgreementPage},
		{"POST /agreements", auth.PermAgreementWrite, s.createAgreement},
		{"GET /agreements/{id}", auth.PermAgreementRead, s.agreementPage},
		{"GET /agreements/{id}/edit", auth.PermAgreementWrite, s.editAgreementPage},
		{"POST /agreements/{id}", auth.PermAgreementWrite, s.updateAgreement},
		{"GET /agreements/{id}/history", auth.PermAgreementRead, s.agreementHistoryPage},
		{"GET /promises", auth.PermPromiseRead, s.promisesPage},
		{"GET /promises/new", auth.PermPromiseWrite, s.newPromisePage},
		{"POST /promises", auth.PermPromiseWrite, s.createPromise},
		{"GET /promises/{id}/edit", auth.PermPromiseWrite, s.editPromisePage},
		{"POST /promises/{id}", auth.PermPromiseWrite, s.updatePromise},
		{"POST /promises/{id}/publish", auth.PermPromiseWrite, s.publishPromise},
		{"POST /promises/{id}/end", auth.PermPromiseWrite, s.endPromise},
		{"GET /promises/{id}/amend", auth.PermPromiseWrite, s.amendPromisePage},
		{"POST /promises/{id}/amendments", auth.PermPromiseWrite, s.amendPromise},
		{"GET /commitments/{id}/status", auth.PermCommitmentUpdate, s.commitmentStatusPage},
		{"POST /commitments/{id}/status", auth.PermCommitmentUpdate, s.setCommitmentStatus},
		// Public: only published and ended promises, drafts to their readers.
		{"GET /kommun/{code}", Public, s.municipalityPromisesPage},
		{"GET /promises/{id}", Public, s.promisePage},
		{"GET /promises/{id}/pdf", Public, s.promisePDF},
		{"GET /feeds/promises.atom", Public, s.promisesFeed},
		{"GET /feeds/kommun/{code}/promises.atom", Public, s.municipalityPromisesFeed},
		{"GET /open-data/promises.csv", Public, s.promisesCSV},

		// Agreements and citizen promises.
		{"GET /api/v1/agreements", auth.PermAgreementRead, s.apiAgreements},
		{"POST /api/v1/agreements", auth.PermAgreementWrite, s.apiCreateAgreement},
		{"GET /api/v1/agreements/{id}", auth.PermAgreementRead, s.apiAgreement},
		{"PATCH /api/v1/agreements/{id}", auth.PermAgreementWrite, s.apiUpdateAgreement},
		{"GET /api/v1/agreements/{id}/versions", auth.PermAgreementRead, s.apiAgreementVersions},
		{"GET /api/v1/promises", auth.PermPromiseRead, s.apiPromises},
		{"POST /api/v1/promises", auth.PermPromiseWrite, s.apiCreatePromise},
		{"GET /api/v1/promises/{id}", auth.PermPromiseRead, s.apiPromise},
		{"PATCH /api/v1/promises/{id}", auth.PermPromiseWrite, s.apiUpdatePromise},
		{"POST /api/v1/promises/{id}/publish", auth.PermPromiseWrite, s.apiPublishPromise},
		{"POST /api/v1/promises/{id}/end", auth.PermPromiseWrite, s.apiEndPromise},
		{"POST /api/v1/promises/{id}/amendments", auth.PermPromiseWrite, s.apiAmendPromise},
		{"GET /api/v1/promises/{id}/progress", auth.PermPromiseRead, s.apiPromiseProgress},
		{"PATCH /api/v1/commitments/{id}", auth.PermCommitmentUpdate, s.apiUpdateCommitment},
		{"GET /api/v1/public/promises", Public, s.apiPublicPromises},
		{"GET /api/v1/public/promises/{id}", Public, s.apiPublicPromise},
	}
}
