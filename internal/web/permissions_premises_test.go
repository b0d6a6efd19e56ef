package web

import "strings"

// premisesReaders hold premises:read, premises:write and inspection:write:
// coordinators and members (the municipality and the police), never
// reporters. Which municipality's register a holder reaches is decided in
// package premises and tested in premises_test.go; the matrix asks for
// records that do not exist (404 for every holder), for the municipality
// 2023 where a read is asked of one (the demo coordinator and the police
// both work there), and sends empty forms and bodies.
var premisesReaders = []who{asAdmin, asCoordinator, asMember}

// premisesMatrix are the permission matrix's rows of this area's routes (see
// permissionMatrix).
var premisesMatrix = map[string]access{
	// Without a municipality the administrator and the police (two
	// municipalities) choose one; the coordinator (one) sees it.
	"GET /premises":           {allowed: premisesReaders, status: 200},
	"GET /premises/new":       {allowed: premisesReaders, status: 200}, // the police: "kept by the municipality"
	"POST /premises":          {allowed: premisesReaders, status: 422},
	"GET /premises/import":    {allowed: premisesReaders, status: 200},
	"POST /premises/import":   {allowed: premisesReaders, status: 422}, // no file
	"GET /premises/{id}":      {allowed: premisesReaders, status: 404},
	"GET /premises/{id}/edit": {allowed: premisesReaders, status: 404},
	"POST /premises/{id}":     {allowed: premisesReaders, status: 404},

	"GET /premises/coverage":     {allowed: premisesReaders, status: 200},
	"GET /premises/planning":     {allowed: premisesReaders, status: 200},
	"GET /premises/summary":      {allowed: premisesReaders, status: 200},
	"GET /premises/summary.xlsx": {allowed: premisesReaders, status: anyAnswer}, // a workbook, or the page to choose on
	"GET /premises/checklists":   {allowed: premisesReaders, status: 200},
	"POST /premises/checklists":  {allowed: premisesReaders, status: 422},

	"GET /inspections/new":               {allowed: premisesReaders, status: 200},
	"POST /inspections":                  {allowed: premisesReaders, status: 422},
	"GET /inspections/{id}":              {allowed: premisesReaders, status: 404},
	"GET /inspections/{id}/protocol.pdf": {allowed: premisesReaders, status: 404},
	"GET /inspections/{id}/edit":         {allowed: premisesReaders, status: 404},
	"POST /inspections/{id}":             {allowed: premisesReaders, status: 404},
	"POST /inspections/{id}/delete":      {allowed: premisesReaders, status: 404},

	"POST /api/v1/premises":                               {allowed: premisesReaders, status: 400}, // empty body
	"GET /api/v1/premises":                                {allowed: premisesReaders, status: 422}, // no municipality
	"POST /api/v1/premises/import":                        {allowed: premisesReaders, status: 415}, // JSON, not CSV
	"GET /api/v1/premises/coverage":                       {allowed: premisesReaders, status: 422},
	"GET /api/v1/premises/planning":                       {allowed: premisesReaders, status: 422},
	"GET /api/v1/premises/summary":                        {allowed: premisesReaders, status: 422},
	"GET /api/v1/premises/{id}":                           {allowed: premisesReaders, status: 404},
	"PATCH /api/v1/premises/{id}":                         {allowed: premisesReaders, status: 404},
	"GET /api/v1/premises/{id}/history":                   {allowed: premisesReaders, status: 404},
	"GET /api/v1/municipalities/{code}/checklists":        {allowed: premisesReaders, status: 200}, // 2023
	"PUT /api/v1/municipalities/{code}/checklists/{kind}": {allowed: premisesReaders, status: 404}, // no such municipality
	"POST /api/v1/inspections":                            {allowed: premisesReaders, status: 400},
	"GET /api/v1/inspections":                             {allowed: premisesReaders, status: 422},
	"GET /api/v1/inspections/{id}":                        {allowed: premisesReaders, status: 404},
	"PATCH /api/v1/inspections/{id}":                      {allowed: premisesReaders, status: 404},
	"DELETE /api/v1/inspections/{id}":                     {allowed: premisesReaders, status: 404},
}

// premisesTarget gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func premisesTarget(ts *testServer, path string) map[string]string {
	switch {
	case strings.HasSuffix(path, "/checklists/{kind}"):
		return map[string]string{"{code}": "9999", "{kind}": "on_site"} // a code of no municipality
	case strings.HasSuffix(path, "/checklists"):
		return map[string]string{"{code}": "2023"}
	case strings.HasPrefix(path, "/premises/") || strings.HasPrefix(path, "/inspections/") ||
		strings.HasPrefix(path, "/api/v1/premises/") || strings.HasPrefix(path, "/api/v1/inspections/"):
		return map[string]string{"{id}": "999999"} // nobody's: see premisesMatrix
	}
	return nil
}
