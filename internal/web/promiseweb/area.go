// Package promiseweb is the agreements and citizen promises area of the
// product (medborgarlöften, issue 3): the coordinators' pages and API for
// agreements and promises, the parties' status of their commitments, and
// what citizens read of published promises — the municipality's page, the
// promise's page and PDF, the Atom feeds, the open-data CSV and the public
// API. Package promise decides which records a permission reaches and
// counts a commitment's progress from activities and inspections.
package promiseweb

import (
	"embed"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	clock          clock.Clock
	municipalities *municipality.Store
	orgs           *org.Store
	promises       *promise.Store
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, clock: k.Clock(), municipalities: k.Municipalities(), orgs: k.Orgs(), promises: promise.NewStore(k.DB())}
	return web.Area{Name: "promises", Routes: s.promiseRoutes(), Files: files, Limits: promise.Limits,
		Nav: []web.NavEntry{
			{Href: "/promises", Label: "nav.promises", Perm: auth.PermPromiseRead, Order: 30, Group: web.NavGroupWork},
			{Href: "/agreements", Label: "nav.agreements", Perm: auth.PermAgreementRead, Order: 29, Group: web.NavGroupWork},
		}}
}

// Base is the common part of the area's pages with the words the promise
// pages and forms use (statuses, periods, targets, rows of a form).
type Base struct{ web.Base }
