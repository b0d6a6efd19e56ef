package walkweb_test

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// walkUsers hold walk:read and walk:write: coordinators and members;
// reporters nothing.
var walkUsers = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator, webtest.AsMember}

// matrix are the permission matrix's rows of this area's routes. Which
// municipality a permission reaches is decided in package walk, so the
// matrix asks for records that do not exist: an allowed identity passes
// the route's check and gets 404 (or the empty form's error), a refused
// one never reaches the handler.
var matrix = map[string]webtest.Access{
	"GET /safety-walks":                            {Allowed: walkUsers, Status: 200},
	"GET /safety-walks/new":                        {Allowed: walkUsers, Status: 200},
	"GET /safety-walks/sw.js":                      {Allowed: webtest.AllIdentities, Status: 200},
	"POST /safety-walks":                           {Allowed: walkUsers, Status: 422}, // empty form
	"GET /safety-walks/{id}":                       {Allowed: walkUsers, Status: 404},
	"GET /safety-walks/{id}/report.pdf":            {Allowed: walkUsers, Status: 404},
	"GET /safety-walks/{id}/points/new":            {Allowed: walkUsers, Status: 404},
	"POST /safety-walks/{id}/points":               {Allowed: walkUsers, Status: 404},
	"GET /safety-walk-points/{id}/photo":           {Allowed: walkUsers, Status: 404},
	"GET /safety-walk-points/{id}/actions/new":     {Allowed: walkUsers, Status: 404},
	"POST /safety-walk-points/{id}/actions":        {Allowed: walkUsers, Status: 404},
	"POST /safety-walk-actions/{id}/status":        {Allowed: walkUsers, Status: 404},
	"POST /safety-walks/{id}/public":               {Allowed: walkUsers, Status: 404},
	"GET /kommun/{code}/safety-walks/{id}":         {Allowed: webtest.AllIdentities, Status: 404}, // not published
	"GET /api/v1/safety-walks":                     {Allowed: walkUsers, Status: 200},
	"POST /api/v1/safety-walks":                    {Allowed: walkUsers, Status: 400}, // empty body
	"GET /api/v1/safety-walks/{id}":                {Allowed: walkUsers, Status: 404},
	"POST /api/v1/safety-walks/{id}/points":        {Allowed: walkUsers, Status: 404},
	"POST /api/v1/safety-walk-points/{id}/actions": {Allowed: walkUsers, Status: 404},
	"PATCH /api/v1/safety-walk-actions/{id}":       {Allowed: walkUsers, Status: 404},
	// Editing and deleting: the same people who may create.
	"GET /safety-walks/{id}/edit":              {Allowed: walkUsers, Status: 404},
	"POST /safety-walks/{id}":                  {Allowed: walkUsers, Status: 404},
	"GET /safety-walk-points/{id}/edit":        {Allowed: walkUsers, Status: 404},
	"POST /safety-walk-points/{id}":            {Allowed: walkUsers, Status: 404},
	"GET /safety-walk-points/{id}/delete":      {Allowed: walkUsers, Status: 404},
	"POST /safety-walk-points/{id}/delete":     {Allowed: walkUsers, Status: 404},
	"GET /safety-walk-actions/{id}/edit":       {Allowed: walkUsers, Status: 404},
	"POST /safety-walk-actions/{id}":           {Allowed: walkUsers, Status: 404},
	"GET /safety-walk-actions/{id}/delete":     {Allowed: walkUsers, Status: 404},
	"POST /safety-walk-actions/{id}/delete":    {Allowed: walkUsers, Status: 404},
	"PATCH /api/v1/safety-walks/{id}":          {Allowed: walkUsers, Status: 404},
	"POST /api/v1/safety-walks/{id}/publish":   {Allowed: walkUsers, Status: 404},
	"POST /api/v1/safety-walks/{id}/unpublish": {Allowed: walkUsers, Status: 404},
	"PATCH /api/v1/safety-walk-points/{id}":    {Allowed: walkUsers, Status: 404},
	"DELETE /api/v1/safety-walk-points/{id}":   {Allowed: walkUsers, Status: 404},
	"DELETE /api/v1/safety-walk-actions/{id}":  {Allowed: walkUsers, Status: 404},
}

func target(ts *webtest.TestServer, path string) map[string]string {
	if strings.HasPrefix(path, "/kommun/") {
		return map[string]string{"{code}": "2062", "{id}": "999999"}
	}
	for _, prefix := range []string{"/safety-walks/", "/safety-walk-points/", "/safety-walk-actions/", "/api/v1/safety-walks/",
		"/api/v1/safety-walk-points/", "/api/v1/safety-walk-actions/"} {
		if strings.HasPrefix(path, prefix) {
			return map[string]string{"{id}": "999999"} // nobody's: see matrix
		}
	}
	return nil
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("walks"), matrix, target)
	})
}
