package web

import "strings"

var (
	briefReaders = []who{asAdmin, asCoordinator, asMember, asReporter} // brief:read
	briefWriters = []who{asAdmin, asCoordinator}                       // brief:write
)

// briefMatrix are the permission matrix's rows of this area's routes (see
// permissionMatrix). Everyone in an organisation reads briefs and
// coordinators write them; which municipality's is package brief's to
// decide, so the matrix asks for a brief that does not exist: an allowed
// identity passes the route and gets 404, a refused one never reaches the
// handler. Every signed-in user chooses their subscriptions.
var briefMatrix = map[string]access{
	"GET /briefs":                         {allowed: briefReaders, status: 200},
	"GET /briefs/{id}":                    {allowed: briefReaders, status: 404},
	"GET /briefs/new":                     {allowed: briefWriters, status: 200},
	"POST /briefs":                        {allowed: briefWriters, status: 422}, // empty form
	"GET /briefs/{id}/edit":               {allowed: briefWriters, status: 404},
	"POST /briefs/{id}":                   {allowed: briefWriters, status: 404},
	"GET /briefs/{id}/publish":            {allowed: briefWriters, status: 404},
	"POST /briefs/{id}/publish":           {allowed: briefWriters, status: 404},
	"GET /briefs/{id}/deliveries":         {allowed: briefWriters, status: 404},
	"POST /briefs/{id}/mail/{mail}/retry": {allowed: briefWriters, status: 404},
	"GET /account/subscriptions":          {allowed: signedInOnly, status: 200},
	"POST /account/subscriptions":         {allowed: signedInOnly, status: 303}, // nothing shown: nothing changes
	"GET /api/v1/briefs":                  {allowed: briefReaders, status: 200},
	"POST /api/v1/briefs":                 {allowed: briefWriters, status: 400}, // empty body
	"GET /api/v1/briefs/{id}":             {allowed: briefReaders, status: 404},
	"PATCH /api/v1/briefs/{id}":           {allowed: briefWriters, status: 404},
	"POST /api/v1/briefs/{id}/publish":    {allowed: briefWriters, status: 404},
	"GET /api/v1/briefs/{id}/deliveries":  {allowed: briefWriters, status: 404},
}

// briefTarget gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func briefTarget(ts *testServer, path string) map[string]string {
	if strings.HasPrefix(path, "/briefs/") || strings.HasPrefix(path, "/api/v1/briefs/") {
		return map[string]string{"{id}": "999999", "{mail}": "999999"}
	}
	return nil
}
