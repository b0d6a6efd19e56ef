package web

import (
	"net/http"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/config"
)

// handlerFunc is an HTTP handler that returns its error instead of writing
// it; fail turns the error into a response in one place.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// route is one line of the route table: the pattern, the permission a
// request needs to enter, and the handler. Whether a permission reaches a
// particular record is checked again by the handler.
type route struct {
	pattern string
	perm    auth.Permission
	handle  handlerFunc
}

// routeTable is the sitemap of the product and its authorisation table.
func (s *Server) routeTable() []route {
	const (
		public   = auth.PermPublic
		signedIn = auth.PermSignedIn
	)
	return []route{
		// Public pages.
		{"GET /{$}", public, s.frontPage},
		{"GET /login", public, s.loginForm},
		{"POST /login", public, s.login},
		{"POST /logout", public, s.logout},
		{"POST /language", public, s.setLanguage},
		{"GET /static/{file...}", public, s.serveStatic},

		// The signed-in user's own pages.
		{"GET /start", signedIn, s.startPage},
		{"GET /account", signedIn, s.accountPage},
		{"POST /account/password", signedIn, s.changePassword},
		{"GET /account/tokens", signedIn, s.tokensPage},
		{"POST /account/tokens", signedIn, s.createToken},
		{"POST /account/tokens/{id}/revoke", signedIn, s.revokeToken},

		// Administration.
		{"GET /admin/organizations", auth.PermOrgManage, s.adminOrganizations},
		{"GET /admin/organizations/new", auth.PermOrgManage, s.adminNewOrganization},
		{"POST /admin/organizations", auth.PermOrgManage, s.adminCreateOrganization},
		{"GET /admin/organizations/{id}", auth.PermOrgManage, s.adminEditOrganization},
		{"POST /admin/organizations/{id}", auth.PermOrgManage, s.adminUpdateOrganization},
		{"GET /admin/users", auth.PermUserManage, s.adminUsers},
		{"GET /admin/users/new", auth.PermUserManage, s.adminNewUser},
		{"POST /admin/users", auth.PermUserManage, s.adminCreateUser},
		{"GET /admin/users/{id}", auth.PermUserManage, s.adminEditUser},
		{"POST /admin/users/{id}", auth.PermUserManage, s.adminUpdateUser},
		{"POST /admin/users/{id}/password", auth.PermUserManage, s.adminSetPassword},
		{"POST /admin/users/{id}/memberships", auth.PermUserManage, s.adminSetMembership},
		{"POST /admin/users/{id}/memberships/{org}/delete", auth.PermUserManage, s.adminRemoveMembership},
		{"GET /admin/audit", auth.PermAuditRead, s.adminAudit},

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
		{"GET /kommun/{code}", public, s.municipalityPromisesPage},
		{"GET /promises/{id}", public, s.promisePage},
		{"GET /promises/{id}/pdf", public, s.promisePDF},
		{"GET /feeds/promises.atom", public, s.promisesFeed},
		{"GET /feeds/kommun/{code}/promises.atom", public, s.municipalityPromisesFeed},
		{"GET /open-data/promises.csv", public, s.promisesCSV},

		// Reports and the weekly situational picture (issue 4). Package
		// report decides which reports a user reads (AccessOf), for which
		// organisation they report and whose picture they see.
		{"GET /reports/new", auth.PermReportCreate, s.newReportPage},
		{"POST /reports", auth.PermReportCreate, s.createReport},
		{"GET /reports", auth.PermReportRead, s.reportsPage},
		{"GET /reports/{id}", auth.PermReportRead, s.reportPage},
		{"GET /reports.csv", auth.PermReportRead, s.reportsCSV},
		{"GET /reports.geojson", auth.PermReportRead, s.reportsGeoJSON},
		{"GET /situation", auth.PermSituationRead, s.situationIndex},
		{"GET /situation/{code}", auth.PermSituationRead, s.situationPage},
		// A municipality's checklist, places and areas: its coordinators
		// and the administrators (report.CanManage decides which).
		{"GET /municipalities/{code}/settings", auth.PermMunicipalityManage, s.municipalitySettingsPage},
		{"POST /municipalities/{code}/categories", auth.PermMunicipalityManage, s.saveCategories},
		{"POST /municipalities/{code}/places", auth.PermMunicipalityManage, s.addPlace},
		{"POST /municipalities/{code}/areas", auth.PermMunicipalityManage, s.uploadAreas},

		// The JSON API.
		{"GET /api/v1/openapi.json", public, s.openAPI},
		{"GET /api/v1/municipalities", public, s.apiMunicipalities},
		{"GET /api/v1/me", signedIn, s.apiMe},
		{"GET /api/v1/organizations", auth.PermOrgRead, s.apiOrganizations},
		{"POST /api/v1/organizations", auth.PermOrgManage, s.apiCreateOrganization},
		{"GET /api/v1/organizations/{id}", auth.PermOrgRead, s.apiOrganization},
		{"PATCH /api/v1/organizations/{id}", auth.PermOrgManage, s.apiUpdateOrganization},
		{"GET /api/v1/users", auth.PermUserManage, s.apiUsers},
		{"POST /api/v1/users", auth.PermUserManage, s.apiCreateUser},
		{"GET /api/v1/users/{id}", auth.PermUserManage, s.apiUser},
		{"GET /api/v1/audit", auth.PermAuditRead, s.apiAudit},
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
		{"GET /api/v1/public/promises", public, s.apiPublicPromises},
		{"GET /api/v1/public/promises/{id}", public, s.apiPublicPromise},
		// Reports, the weekly picture, the municipalities' checklists.
		{"POST /api/v1/reports", auth.PermReportCreate, s.apiCreateReport},
		{"POST /api/v1/reports/batch", auth.PermReportCreate, s.apiCreateReports},
		{"GET /api/v1/reports", auth.PermReportRead, s.apiReports},
		{"GET /api/v1/reports/{id}", auth.PermReportRead, s.apiReport},
		{"GET /api/v1/situation", auth.PermSituationRead, s.apiSituation},
		{"GET /api/v1/municipalities/{code}", auth.PermReportCreate, s.apiMunicipality},
		{"PATCH /api/v1/municipalities/{code}", auth.PermMunicipalityManage, s.apiUpdateMunicipality},

		// Operations.
		{"GET /healthz", public, s.healthz},
		{"GET /readyz", public, s.readyz},
		{"GET /metrics", public, s.serveMetrics},
	}
}

// routes builds the handler: the route table on a ServeMux, inside the
// middleware every request passes through.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range s.routeTable() {
		mux.Handle(rt.pattern, s.endpoint(rt))
	}
	mux.Handle("/", s.endpoint(route{pattern: "/", perm: auth.PermPublic, handle: s.notFound}))

	var h http.Handler = mux
	h = s.identify(h)
	h = s.sessionsExceptStatic(h)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Refused before the session is loaded: the error page must not
		// look for one.
		state(r).sessionless = true
		s.fail(w, r, &httpError{status: http.StatusForbidden, code: "cross_origin", key: "error.cross_origin"})
	}))
	h = cop.Handler(h)
	h = s.observe(h)
	h = securityHeaders(s.sessions.Cookie.Secure, config.TileHost(s.tiles.URL), h)
	h = s.recoverPanics(h)
	return h
}

// endpoint wraps a route's handler with its permission check and the error
// mapping.
func (s *Server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r)
		st.pattern = rt.pattern
		if !st.principal.Can(rt.perm) {
			if st.principal == nil {
				s.fail(w, r, errUnauthenticated)
			} else {
				s.fail(w, r, errForbidden)
			}
			return
		}
		if err := rt.handle(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error { return errNotFound }
