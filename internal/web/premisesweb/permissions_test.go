package premisesweb_test

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// premisesReaders hold premises:read, premises:write and inspection:write:
// coordinators and members (the municipality and the police), never
// reporters. Which municipality's register a holder reaches is decided in
// package premises and tested in premises_test.go; the matrix asks for
// records that do not exist (404 for every holder), for the municipality
// 2023 where a read is asked of one (the demo coordinator and the police
// both work there), and sends empty forms and bodies.
var premisesReaders = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator, webtest.AsMember}

// matrix are the permission matrix's rows of this area's routes.
var matrix = map[string]webtest.Access{
	// Without a municipality the administrator and the police (two
	// municipalities) choose one; the coordinator (one) sees it.
	"GET /premises":           {Allowed: premisesReaders, Status: 200},
	"GET /premises/new":       {Allowed: premisesReaders, Status: 200}, // the police: "kept by the municipality"
	"POST /premises":          {Allowed: premisesReaders, Status: 422},
	"GET /premises/import":    {Allowed: premisesReaders, Status: 200},
	"POST /premises/import":   {Allowed: premisesReaders, Status: 422}, // no file
	"GET /premises/{id}":      {Allowed: premisesReaders, Status: 404},
	"GET /premises/{id}/edit": {Allowed: premisesReaders, Status: 404},
	"POST /premises/{id}":     {Allowed: premisesReaders, Status: 404},

	"GET /premises/coverage":     {Allowed: premisesReaders, Status: 200},
	"GET /premises/planning":     {Allowed: premisesReaders, Status: 200},
	"GET /premises/summary":      {Allowed: premisesReaders, Status: 200},
	"GET /premises/summary.xlsx": {Allowed: premisesReaders, Status: webtest.AnyAnswer}, // a workbook, or the page to choose on
	"GET /premises/checklists":   {Allowed: premisesReaders, Status: 200},
	"POST /premises/checklists":  {Allowed: premisesReaders, Status: 422},

	"GET /inspections/new":               {Allowed: premisesReaders, Status: 200},
	"POST /inspections":                  {Allowed: premisesReaders, Status: 422},
	"GET /inspections/{id}":              {Allowed: premisesReaders, Status: 404},
	"GET /inspections/{id}/protocol.pdf": {Allowed: premisesReaders, Status: 404},
	"GET /inspections/{id}/edit":         {Allowed: premisesReaders, Status: 404},
	"POST /inspections/{id}":             {Allowed: premisesReaders, Status: 404},
	"POST /inspections/{id}/delete":      {Allowed: premisesReaders, Status: 404},

	"POST /api/v1/premises":                               {Allowed: premisesReaders, Status: 400}, // empty body
	"GET /api/v1/premises":                                {Allowed: premisesReaders, Status: 422}, // no municipality
	"POST /api/v1/premises/import":                        {Allowed: premisesReaders, Status: 415}, // JSON, not CSV
	"GET /api/v1/premises/coverage":                       {Allowed: premisesReaders, Status: 422},
	"GET /api/v1/premises/planning":                       {Allowed: premisesReaders, Status: 422},
	"GET /api/v1/premises/summary":                        {Allowed: premisesReaders, Status: 422},
	"GET /api/v1/premises/{id}":                           {Allowed: premisesReaders, Status: 404},
	"PATCH /api/v1/premises/{id}":                         {Allowed: premisesReaders, Status: 404},
	"GET /api/v1/premises/{id}/history":                   {Allowed: premisesReaders, Status: 404},
	"GET /api/v1/municipalities/{code}/checklists":        {Allowed: premisesReaders, Status: 200}, // 2023
	"PUT /api/v1/municipalities/{code}/checklists/{kind}": {Allowed: premisesReaders, Status: 404}, // no such municipality
	"POST /api/v1/inspections":                            {Allowed: premisesReaders, Status: 400},
	"GET /api/v1/inspections":                             {Allowed: premisesReaders, Status: 422},
	"GET /api/v1/inspections/{id}":                        {Allowed: premisesReaders, Status: 404},
	"PATCH /api/v1/inspections/{id}":                      {Allowed: premisesReaders, Status: 404},
	"DELETE /api/v1/inspections/{id}":                     {Allowed: premisesReaders, Status: 404},
}

// target gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func target(ts *webtest.TestServer, path string) map[string]string {
	switch {
	case strings.HasSuffix(path, "/checklists/{kind}"):
		return map[string]string{"{code}": "9999", "{kind}": "on_site"} // a code of no municipality
	case strings.HasSuffix(path, "/checklists"):
		return map[string]string{"{code}": "2023"}
	case strings.HasPrefix(path, "/premises/") || strings.HasPrefix(path, "/inspections/") ||
		strings.HasPrefix(path, "/api/v1/premises/") || strings.HasPrefix(path, "/api/v1/inspections/"):
		return map[string]string{"{id}": "999999"} // nobody's: see matrix
	}
	return nil
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("premises"), matrix, target)
	})
}
