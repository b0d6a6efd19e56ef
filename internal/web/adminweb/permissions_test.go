package adminweb_test

import (
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// matrix are the permission matrix's rows of this area's routes: the
// signed-in user's own pages, the administration (administrators only) and
// the core API. The wildcards keep webtest's values: Mora kommun for an
// organisation, krog@demo.example for a user, nobody's token (999999) for
// a token, and a membership in Restaurang Kåtan.
var matrix = map[string]webtest.Access{
	"GET /account":                                    {Allowed: webtest.SignedInOnly, Status: 200},
	"POST /account/password":                          {Allowed: webtest.SignedInOnly, Status: 422},
	"GET /account/tokens":                             {Allowed: webtest.SignedInOnly, Status: 200},
	"POST /account/tokens":                            {Allowed: webtest.SignedInOnly, Status: 422},
	"POST /account/tokens/{id}/revoke":                {Allowed: webtest.SignedInOnly, Status: 404}, // nobody's token
	"POST /account/tokens/revoke-all":                 {Allowed: webtest.SignedInOnly, Status: 303},
	"GET /admin/organizations":                        {Allowed: webtest.AdminOnly, Status: 200},
	"GET /admin/organizations/new":                    {Allowed: webtest.AdminOnly, Status: 200},
	"POST /admin/organizations":                       {Allowed: webtest.AdminOnly, Status: 422},
	"GET /admin/organizations/{id}":                   {Allowed: webtest.AdminOnly, Status: 200},
	"POST /admin/organizations/{id}":                  {Allowed: webtest.AdminOnly, Status: 422},
	"GET /admin/users":                                {Allowed: webtest.AdminOnly, Status: 200},
	"GET /admin/users/new":                            {Allowed: webtest.AdminOnly, Status: 200},
	"POST /admin/users":                               {Allowed: webtest.AdminOnly, Status: 422},
	"GET /admin/users/{id}":                           {Allowed: webtest.AdminOnly, Status: 200},
	"POST /admin/users/{id}":                          {Allowed: webtest.AdminOnly, Status: 422},
	"POST /admin/users/{id}/password":                 {Allowed: webtest.AdminOnly, Status: 422},
	"POST /admin/users/{id}/memberships":              {Allowed: webtest.AdminOnly, Status: 422},
	"POST /admin/users/{id}/memberships/{org}/delete": {Allowed: webtest.AdminOnly, Status: 303},
	"GET /admin/audit":                                {Allowed: webtest.AdminOnly, Status: 200},

	// The core API.
	"GET /api/v1/municipalities":       {Allowed: webtest.AllIdentities, Status: 200},
	"GET /api/v1/me":                   {Allowed: webtest.SignedInOnly, Status: 200},
	"GET /api/v1/organizations":        {Allowed: webtest.AnyMember, Status: 200},
	"POST /api/v1/organizations":       {Allowed: webtest.AdminOnly, Status: 400}, // empty body
	"GET /api/v1/organizations/{id}":   {Allowed: webtest.AnyMember, Status: 200},
	"PATCH /api/v1/organizations/{id}": {Allowed: webtest.AdminOnly, Status: 400},
	"GET /api/v1/users":                {Allowed: webtest.AdminOnly, Status: 200},
	"POST /api/v1/users":               {Allowed: webtest.AdminOnly, Status: 400},
	"GET /api/v1/users/{id}":           {Allowed: webtest.AdminOnly, Status: 200},
	"GET /api/v1/audit":                {Allowed: webtest.AdminOnly, Status: 200},
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("admin"), matrix)
	})
}
