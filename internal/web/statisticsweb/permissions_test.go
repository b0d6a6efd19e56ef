package statisticsweb_test

import (
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// matrix are the permission matrix's rows of this area's routes.
var matrix = map[string]webtest.Access{
	// Public statistics: everyone. The page is asked for Malung-Sälen,
	// which publishes them in the demo (target); the CSV and the
	// API are asked without a municipality and refuse that.
	"GET /kommun/{code}/statistik":  {Allowed: webtest.AllIdentities, Status: 200},
	"GET /open-data/statistics.csv": {Allowed: webtest.AllIdentities, Status: 422},
	"GET /api/v1/public/statistics": {Allowed: webtest.AllIdentities, Status: 422},
}

// target gives the wildcards of this area's paths the values they are
// requested with in the permission matrix; nil keeps the core's.
func target(ts *webtest.TestServer, path string) map[string]string {
	if strings.HasSuffix(path, "/statistik") {
		return map[string]string{"{code}": "2023"}
	}
	return nil
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("statistics"), matrix, target)
	})
}
