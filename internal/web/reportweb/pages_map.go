package reportweb

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
)

// Maps. A map is drawn by static/map.js with Leaflet, from the rows of a
// table of its points that the page shows anyway: without JavaScript,
// without Leaflet in the binary (static/vendor is copied at build time)
// or without tiles, the table is the map. Police events are never put on
// a map: the position the police give is the centre of the municipality,
// not where it happened.

// reportPoints returns the points of reports on a map: each report at its
// pin, or at its named place. Reports with neither, and police events, are
// not on the map.
func (s *Server) reportPoints(r *http.Request, reports []report.Report) ([]web.MapPoint, error) {
	loc := web.Loc(r)
	b := &web.Base{Localizer: loc}
	places := map[string]map[string]report.Place{} // municipality → place name → place
	var out []web.MapPoint
	for _, rep := range reports {
		if rep.Source == report.SourcePolisen {
			continue
		}
		label := rep.Category + ", " + reportWhen(b, rep)
		if rep.Lat != nil && rep.Lon != nil {
			out = append(out, web.MapPoint{Label: label, Href: reportURL(rep.ID), Lat: *rep.Lat, Lon: *rep.Lon, Count: rep.Count})
			continue
		}
		if rep.Place == "" || rep.MunicipalityCode == "" {
			continue
		}
		byName, ok := places[rep.MunicipalityCode]
		if !ok {
			list, err := s.reports.Places(r.Context(), rep.MunicipalityCode)
			if err != nil {
				return nil, err
			}
			byName = map[string]report.Place{}
			for _, p := range list {
				byName[p.Name] = p
			}
			places[rep.MunicipalityCode] = byName
		}
		if p, ok := byName[rep.Place]; ok && p.Lat != nil && p.Lon != nil {
			out = append(out, web.MapPoint{Label: label + " (" + rep.Place + ")", Href: reportURL(rep.ID), Lat: *p.Lat, Lon: *p.Lon, Count: rep.Count})
		}
	}
	return out, nil
}
