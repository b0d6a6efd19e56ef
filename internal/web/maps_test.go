package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestMapsWithAndWithoutLeaflet: the map is drawn by Leaflet only when the
// binary has it (static/vendor is copied at build time); the points are a
// table either way. The tile server is allowed for images and nothing
// else. The maps are the kernel's; the test looks at them on the weekly
// picture's page (reports area), which every demo has.
func TestMapsWithAndWithoutLeaflet(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d, func(o *web.Options) {
			o.TileURL, o.TileAttribution = "https://{s}.tiles.example.se/{z}/{x}/{y}.png", "© Exempelkartor"
		})
		c := ts.SignInAs(t, webtest.MoraCoordEmail)
		week := report.WeekOf(clocktest.Now()).Add(-6).String()
		res := c.Get(t, "/situation/2062?week="+week)
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "img-src 'self' data: https://*.tiles.example.se;") || strings.Count(csp, "tiles.example.se") != 1 {
			t.Errorf("CSP %q: want the tile host in img-src only", csp)
		}
		if !strings.Contains(res.Body, `<table class="map-points stack" id="week-map-points">`) || !strings.Contains(res.Body, `data-lat="61.0`) {
			t.Fatalf("the week's map has no table of points; body:\n%.500s", res.Body)
		}
		if ts.Srv.HasStatic("vendor/leaflet.js") {
			if !strings.Contains(res.Body, `id="week-map"`) || !strings.Contains(res.Body, `data-tiles="https://{s}.tiles.example.se/{z}/{x}/{y}.png"`) ||
				!strings.Contains(res.Body, "/static/vendor/leaflet.") || !strings.Contains(res.Body, "© Exempelkartor") {
				t.Errorf("with Leaflet in the binary the page has no map")
			}
			// The vendored files are served like any static file.
			url := ts.Srv.StaticURL("vendor/leaflet.js")
			if res := c.Get(t, url); res.Status != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "javascript") {
				t.Errorf("GET %s = %d %q", url, res.Status, res.Header.Get("Content-Type"))
			}
		}
		// Without Leaflet: no map element, no script, the table still.
		ts.Srv.ForgetStatic("vendor/")
		res = c.Get(t, "/situation/2062?week="+week)
		if strings.Contains(res.Body, `id="week-map"`) || strings.Contains(res.Body, "vendor/leaflet") || strings.Contains(res.Body, "map.js") {
			t.Errorf("without Leaflet the page still has a map")
		}
		if !strings.Contains(res.Body, `id="week-map-points"`) {
			t.Errorf("without Leaflet the page lost the table of points")
		}
	})
}
