// Package crimestatsweb is the area of Brå's statistics of reported crime:
// a municipality's series per crime category beside its county and the
// country, as a table and a trend chart drawn on the server (an inline SVG
// with a text alternative, no JavaScript), the coordinators' import of
// Brå's export files, and the JSON API. Package crimestats decides who
// reads and imports what.
package crimestatsweb

import (
	"embed"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/crimestats"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates static locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	municipalities *municipality.Store
	stats          *crimestats.Store
	regions        *crimestats.Regions
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	regions, err := crimestats.LoadRegions()
	if err != nil {
		// The shipped list is checked by municipality's tests; a broken
		// one fails the start.
		panic(err)
	}
	s := &Server{Server: k, municipalities: k.Municipalities(), stats: crimestats.NewStore(k.DB()), regions: regions}
	return web.Area{Name: "crimestats", Routes: s.routes(), Files: files,
		// In the menu of those who read the weekly picture, beside it; a
		// reporter may open the page from a link but is not offered it.
		Nav: []web.NavEntry{{Href: "/crime-statistics", Label: "nav.crime_statistics", Perm: auth.PermSituationRead, Order: 16, Group: web.NavGroupPicture}}}
}

func (s *Server) routes() []web.Route {
	return []web.Route{
		// Read by everyone in an organisation of the municipality (and the
		// administrators): crimestats.CanRead.
		web.Handle("GET /crime-statistics", web.SignedIn, s.seriesPage),
		// Imported by the coordinators (of the regions they coordinate)
		// and the administrators: crimestats.ReachOf.
		web.Handle("GET /crime-statistics/import", auth.PermMunicipalityManage, s.importPage),
		web.Handle("POST /crime-statistics/import", auth.PermMunicipalityManage, s.importFile),

		web.Handle("GET /api/v1/crime-statistics", web.SignedIn, s.apiSeries),
	}
}
