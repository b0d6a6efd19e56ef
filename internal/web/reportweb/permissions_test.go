package reportweb_test

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// matrix are the permission matrix's rows of this area's routes.
var matrix = map[string]webtest.Access{
	// The report form's service worker, which came with offline
	// reporting; whether a municipality publishes statistics (its
	// coordinators and the administrators; an empty form has no threshold).
	"GET /reports/sw.js":                     {Allowed: webtest.AllIdentities, Status: 200},
	"POST /municipalities/{code}/statistics": {Allowed: webtest.MunicipalityManagers, Status: 422},

	// Reports and the weekly picture: everyone in an organisation reports
	// and reads (package report decides which reports: the matrix asks
	// for one that does not exist), coordinators and members see the
	// picture, coordinators change their municipality's checklist. The
	// picture is asked for Malung-Sälen (2023), where the demo
	// coordinator and the police both work.
	"GET /reports/new":                    {Allowed: webtest.ReportUsers, Status: 200},
	"POST /reports":                       {Allowed: webtest.ReportUsers, Status: 422}, // empty form
	"GET /reports":                        {Allowed: webtest.ReportUsers, Status: 200},
	"GET /reports/{id}":                   {Allowed: webtest.ReportUsers, Status: 404},
	"GET /reports.csv":                    {Allowed: webtest.ReportUsers, Status: 200},
	"GET /reports.geojson":                {Allowed: webtest.ReportUsers, Status: 200},
	"GET /situation":                      {Allowed: webtest.SituationReaders, Status: webtest.AnyAnswer}, // one municipality: a redirect to it
	"GET /situation/{code}":               {Allowed: webtest.SituationReaders, Status: 200},
	"POST /api/v1/reports":                {Allowed: webtest.ReportUsers, Status: 400}, // empty body
	"POST /api/v1/reports/batch":          {Allowed: webtest.ReportUsers, Status: 400},
	"GET /api/v1/reports":                 {Allowed: webtest.ReportUsers, Status: 200},
	"GET /api/v1/reports/{id}":            {Allowed: webtest.ReportUsers, Status: 404},
	"GET /api/v1/situation":               {Allowed: webtest.SituationReaders, Status: 422}, // no municipality
	"GET /api/v1/municipalities/{code}":   {Allowed: webtest.ReportUsers, Status: 200},
	"PATCH /api/v1/municipalities/{code}": {Allowed: webtest.MunicipalityManagers, Status: 400},
	// A municipality's report settings: its coordinators and the
	// administrators. Empty forms are refused.
	"GET /municipalities/{code}/settings":    {Allowed: webtest.MunicipalityManagers, Status: 200},
	"POST /municipalities/{code}/categories": {Allowed: webtest.MunicipalityManagers, Status: 422},
	"POST /municipalities/{code}/places":     {Allowed: webtest.MunicipalityManagers, Status: 422},
	"POST /municipalities/{code}/areas":      {Allowed: webtest.MunicipalityManagers, Status: 422},

	// The weekly checklist: everyone who reports fills it in (the
	// administrator, in no organisation, is told so; an empty form is
	// refused); who has sent it, and the reminder, are the municipality's
	// coordinators' and the administrators' (a reminder without a week
	// is a bad request; the status without a municipality is refused).
	"GET /reports/week":                            {Allowed: webtest.ReportUsers, Status: 200},
	"POST /reports/week":                           {Allowed: webtest.ReportUsers, Status: 422},
	"POST /api/v1/reports/weekly":                  {Allowed: webtest.ReportUsers, Status: 400},
	"GET /api/v1/reports/weekly":                   {Allowed: webtest.MunicipalityManagers, Status: 422},
	"GET /municipalities/{code}/weekly":            {Allowed: webtest.MunicipalityManagers, Status: 200},
	"POST /municipalities/{code}/weekly/reminders": {Allowed: webtest.MunicipalityManagers, Status: 400},
}

// target gives the wildcards of this area's paths the values they are
// requested with in the permission matrix: a report nobody has (999999),
// and Malung-Sälen (2023) for the picture and the settings.
func target(ts *webtest.TestServer, path string) map[string]string {
	out := map[string]string{}
	if strings.Contains(path, "/reports/") {
		out["{id}"] = "999999"
	}
	if strings.HasPrefix(path, "/situation/") || strings.HasPrefix(path, "/api/v1/municipalities/") || strings.HasPrefix(path, "/municipalities/") {
		out["{code}"] = "2023"
	}
	return out
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("reports"), matrix, target)
	})
}
