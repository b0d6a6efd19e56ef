// Package adminweb is the administration and the user's own account: the
// pages of organisations, users and their memberships, the audit trail,
// the account page (language, password change), personal API tokens, and
// the core JSON API of the same things (municipalities, me, organisations,
// users, audit).
package adminweb

import (
	"embed"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	audit          *audit.Log
	municipalities *municipality.Store
	orgs           *org.Store
	tokens         *auth.Tokens
	users          *auth.Users
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, audit: k.Audit(), municipalities: k.Municipalities(), orgs: k.Orgs(), tokens: k.Tokens(), users: k.Users()}
	return web.Area{Name: "admin", Routes: s.routes(), Files: files,
		// A user's name; an organisation's and a token's pages say their own.
		Limits: map[string]int{"name": auth.MaxUserName},
		Nav: []web.NavEntry{
			{Href: "/admin/organizations", Label: "nav.organizations", Perm: auth.PermOrgManage, Order: 80, Group: web.NavGroupAdmin},
			{Href: "/admin/users", Label: "nav.users", Perm: auth.PermUserManage, Order: 81, Group: web.NavGroupAdmin},
			{Href: "/admin/audit", Label: "nav.audit", Perm: auth.PermAuditRead, Order: 82, Group: web.NavGroupAdmin},
			{Href: "/account", Label: "nav.account", Perm: auth.PermSignedIn, Order: 90, Group: web.NavGroupAccount},
		}}
}
