package briefweb_test

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var (
	briefReaders = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator, webtest.AsMember, webtest.AsReporter} // brief:read
	briefWriters = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator}                                       // brief:write
)

// matrix are the permission matrix's rows of this area's routes. Everyone
// in an organisation reads briefs and coordinators write them; which
// municipality's is package brief's to decide, so the matrix asks for a
// brief that does not exist: an allowed identity passes the route and gets
// 404, a refused one never reaches the handler. Every signed-in user
// chooses their subscriptions.
var matrix = map[string]webtest.Access{
	"GET /briefs":                         {Allowed: briefReaders, Status: 200},
	"GET /briefs/{id}":                    {Allowed: briefReaders, Status: 404},
	"GET /briefs/new":                     {Allowed: briefWriters, Status: webtest.AnyAnswer}, // the form, or last week's brief when there is one (TestBriefNewDefaultsToLastWeek)
	"POST /briefs":                        {Allowed: briefWriters, Status: 422},               // empty form
	"GET /briefs/{id}/edit":               {Allowed: briefWriters, Status: 404},
	"POST /briefs/{id}":                   {Allowed: briefWriters, Status: 404},
	"GET /briefs/{id}/publish":            {Allowed: briefWriters, Status: 404},
	"POST /briefs/{id}/publish":           {Allowed: briefWriters, Status: 404},
	"GET /briefs/{id}/deliveries":         {Allowed: briefWriters, Status: 404},
	"POST /briefs/{id}/mail/{mail}/retry": {Allowed: briefWriters, Status: 404},
	"GET /account/subscriptions":          {Allowed: webtest.SignedInOnly, Status: 200},
	"POST /account/subscriptions":         {Allowed: webtest.SignedInOnly, Status: 303},  // nothing shown: nothing changes
	"GET /unsubscribe/{token}":            {Allowed: webtest.AllIdentities, Status: 404}, // a link the server did not make
	"POST /unsubscribe/{token}":           {Allowed: webtest.AllIdentities, Status: 404},
	"GET /api/v1/briefs":                  {Allowed: briefReaders, Status: 200},
	"POST /api/v1/briefs":                 {Allowed: briefWriters, Status: 400}, // empty body
	"GET /api/v1/briefs/{id}":             {Allowed: briefReaders, Status: 404},
	"PATCH /api/v1/briefs/{id}":           {Allowed: briefWriters, Status: 404},
	"POST /api/v1/briefs/{id}/publish":    {Allowed: briefWriters, Status: 404},
	"GET /api/v1/briefs/{id}/deliveries":  {Allowed: briefWriters, Status: 404},
}

// target gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func target(ts *webtest.TestServer, path string) map[string]string {
	if strings.HasPrefix(path, "/briefs/") || strings.HasPrefix(path, "/api/v1/briefs/") {
		return map[string]string{"{id}": "999999", "{mail}": "999999"}
	}
	if strings.HasPrefix(path, "/unsubscribe/") {
		return map[string]string{"{token}": "1.2023.AAAAAAAAAAAAAAAAAAAAAA"}
	}
	return nil
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("briefs"), matrix, target)
	})
}
