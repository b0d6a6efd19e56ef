package adminweb

import (
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/web"
)

// routes are the signed-in user's own pages (account, password, API
// tokens), the administration of organisations, users and memberships,
// the audit trail, and the core JSON API of the same things.
func (s *Server) routes() []web.Route {
	return []web.Route{
		// The signed-in user's own pages.
		web.Handle("GET /account", web.SignedIn, s.accountPage),
		web.Handle("POST /account/password", web.SignedIn, s.changePassword),
		web.Handle("GET /account/tokens", web.SignedIn, s.tokensPage),
		web.Handle("POST /account/tokens", web.SignedIn, s.createToken),
		web.Handle("POST /account/tokens/{id}/revoke", web.SignedIn, s.revokeToken),
		web.Handle("POST /account/tokens/revoke-all", web.SignedIn, s.revokeAllTokens),

		// Administration.
		web.Handle("GET /admin/organizations", auth.PermOrgManage, s.adminOrganizations),
		web.Handle("GET /admin/organizations/new", auth.PermOrgManage, s.adminNewOrganization),
		web.Handle("POST /admin/organizations", auth.PermOrgManage, s.adminCreateOrganization),
		web.Handle("GET /admin/organizations/{id}", auth.PermOrgManage, s.adminEditOrganization),
		web.Handle("POST /admin/organizations/{id}", auth.PermOrgManage, s.adminUpdateOrganization),
		web.Handle("GET /admin/users", auth.PermUserManage, s.adminUsers),
		web.Handle("GET /admin/users/new", auth.PermUserManage, s.adminNewUser),
		web.Handle("POST /admin/users", auth.PermUserManage, s.adminCreateUser),
		web.Handle("GET /admin/users/{id}", auth.PermUserManage, s.adminEditUser),
		web.Handle("POST /admin/users/{id}", auth.PermUserManage, s.adminUpdateUser),
		web.Handle("POST /admin/users/{id}/password", auth.PermUserManage, s.adminSetPassword),
		web.Handle("POST /admin/users/{id}/memberships", auth.PermUserManage, s.adminSetMembership),
		web.Handle("POST /admin/users/{id}/memberships/{org}/delete", auth.PermUserManage, s.adminRemoveMembership),
		web.Handle("GET /admin/audit", auth.PermAuditRead, s.adminAudit),

		// The JSON API.
		web.Handle("GET /api/v1/municipalities", web.Public, s.apiMunicipalities),
		web.Handle("GET /api/v1/me", web.SignedIn, s.apiMe),
		web.Handle("GET /api/v1/organizations", auth.PermOrgRead, s.apiOrganizations),
		web.Handle("POST /api/v1/organizations", auth.PermOrgManage, s.apiCreateOrganization),
		web.Handle("GET /api/v1/organizations/{id}", auth.PermOrgRead, s.apiOrganization),
		web.Handle("PATCH /api/v1/organizations/{id}", auth.PermOrgManage, s.apiUpdateOrganization),
		web.Handle("GET /api/v1/users", auth.PermUserManage, s.apiUsers),
		web.Handle("POST /api/v1/users", auth.PermUserManage, s.apiCreateUser),
		web.Handle("GET /api/v1/users/{id}", auth.PermUserManage, s.apiUser),
		web.Handle("GET /api/v1/audit", auth.PermAuditRead, s.apiAudit),
	}
}
