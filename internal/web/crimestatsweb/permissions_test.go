package crimestatsweb_test

import (
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// Every signed-in user reads the series of the municipalities of their
// organisations (crimestats.CanRead decides which); the coordinators and
// the administrators import (crimestats.ReachOf decides which regions).
// The matrix sends an empty form and no municipality.
var matrix = map[string]webtest.Access{
	"GET /crime-statistics":         {Allowed: webtest.SignedInOnly, Status: 200},
	"GET /crime-statistics/import":  {Allowed: webtest.MunicipalityManagers, Status: 200},
	"POST /crime-statistics/import": {Allowed: webtest.MunicipalityManagers, Status: 422},
	"GET /api/v1/crime-statistics":  {Allowed: webtest.SignedInOnly, Status: 422},
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("crimestats"), matrix, func(*webtest.TestServer, string) map[string]string { return nil })
	})
}
