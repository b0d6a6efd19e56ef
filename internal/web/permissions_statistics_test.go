package web

import "strings"

// statisticsMatrix are the permission matrix's rows of this area's routes (see
// permissionMatrix), and of the report form's service worker, which came
// with offline reporting in the same issue.
var statisticsMatrix = map[string]access{
	// Public statistics: everyone. The page is asked for Malung-Sälen,
	// which publishes them in the demo (statisticsTarget); the CSV and the
	// API are asked without a municipality and refuse that.
	"GET /kommun/{code}/statistik":  {allowed: allIdentities, status: 200},
	"GET /open-data/statistics.csv": {allowed: allIdentities, status: 422},
	"GET /api/v1/public/statistics": {allowed: allIdentities, status: 422},
	"GET /reports/sw.js":            {allowed: allIdentities, status: 200},
	// Whether a municipality publishes: its coordinators and the
	// administrators. An empty form has no threshold.
	"POST /municipalities/{code}/statistics": {allowed: municipalityManagers, status: 422},
}

// statisticsTarget gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func statisticsTarget(ts *testServer, path string) map[string]string {
	if strings.HasSuffix(path, "/statistik") {
		return map[string]string{"{code}": "2023"}
	}
	return nil
}
