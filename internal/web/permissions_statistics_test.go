package web_test

import (
	"strings"

	"github.com/samverkan/samverkan/internal/web/webtest"
)

// statisticsMatrix are the permission matrix's rows of this area's routes (see
// permissionMatrix), and of the report form's service worker, which came
// with offline reporting in the same issue.
var statisticsMatrix = map[string]webtest.Access{
	// Public statistics: everyone. The page is asked for Malung-Sälen,
	// which publishes them in the demo (statisticsTarget); the CSV and the
	// API are asked without a municipality and refuse that.
	"GET /kommun/{code}/statistik":  {Allowed: webtest.AllIdentities, Status: 200},
	"GET /open-data/statistics.csv": {Allowed: webtest.AllIdentities, Status: 422},
	"GET /api/v1/public/statistics": {Allowed: webtest.AllIdentities, Status: 422},
	"GET /reports/sw.js":            {Allowed: webtest.AllIdentities, Status: 200},
	// Whether a municipality publishes: its coordinators and the
	// administrators. An empty form has no threshold.
	"POST /municipalities/{code}/statistics": {Allowed: webtest.MunicipalityManagers, Status: 422},
}

// statisticsTarget gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func statisticsTarget(ts *webtest.TestServer, path string) map[string]string {
	if strings.HasSuffix(path, "/statistik") {
		return map[string]string{"{code}": "2023"}
	}
	return nil
}
