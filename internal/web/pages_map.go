package web

import (
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan/internal/report"
)

// Maps. A map is drawn by static/map.js with Leaflet, from the rows of a
// table of its points that the page shows anyway: without JavaScript,
// without Leaflet in the binary (static/vendor is copied at build time)
// or without tiles, the table is the map. Police events are never put on
// a map: the position the police give is the centre of the municipality,
// not where it happened.

// mapView is what the "map" partial draws.
type MapView struct {
	ID string
	// Enabled when the binary has Leaflet: the map's element is there,
	// hidden until map.js shows it.
	Enabled         bool
	TileURL         string
	Attribution     string
	Points          []MapPoint
	Unplaced        int // reports without a position, said under the table
	ZoomIn, ZoomOut string
	ReportsLabel    string // "%d rapporter", for the markers' names
	ReportLabel     string // "1 rapport"
	Label           string // the map's name for screen readers
	Caption         string // the table's caption
	PlaceHeading    string
	CountHeading    string
	PositionHeading string
	// Collapsed puts the table in a <details>, where the page lists the
	// same reports otherwise.
	Collapsed  bool
	TableLabel string
}

// mapPoint is one point of a map: a report at a pin, or the reports at a
// named place.
type MapPoint struct {
	Label    string
	Href     string
	Lat, Lon float64
	Count    int
	// Position is the coordinates as the user's language writes them.
	Position string
}

// LatText and LonText are the coordinates for map.js, with a point.
func (m MapPoint) LatText() string { return strconv.FormatFloat(m.Lat, 'f', 6, 64) }
func (m MapPoint) LonText() string { return strconv.FormatFloat(m.Lon, 'f', 6, 64) }

func (s *Server) MapOf(r *http.Request, id string, points []MapPoint) MapView {
	loc := Loc(r)
	m := MapView{
		ID: id, Enabled: s.static.has("vendor/leaflet.js"), TileURL: s.tiles.URL, Attribution: s.tiles.Attribution,
		Points: points, ZoomIn: loc.T("map.zoom_in"), ZoomOut: loc.T("map.zoom_out"),
		ReportsLabel: loc.T("map.reports"), ReportLabel: loc.T("map.report"), Label: loc.T("map.label"),
		Caption: loc.T("map.caption"), PlaceHeading: loc.T("map.place"), CountHeading: loc.T("map.count"),
		PositionHeading: loc.T("map.position"), TableLabel: loc.T("map.table"),
	}
	b := &Base{Localizer: loc}
	for i := range m.Points {
		p := &m.Points[i]
		p.Position = b.Coordinate(&p.Lat) + ", " + b.Coordinate(&p.Lon)
	}
	return m
}

// reportPoints returns the points of reports on a map: each report at its
// pin, or at its named place. Reports with neither, and police events, are
// not on the map.
func (s *Server) reportPoints(r *http.Request, reports []report.Report) ([]MapPoint, error) {
	loc := Loc(r)
	b := &Base{Localizer: loc}
	places := map[string]map[string]report.Place{} // municipality → place name → place
	var out []MapPoint
	for _, rep := range reports {
		if rep.Source == report.SourcePolisen {
			continue
		}
		label := rep.Category + ", " + b.DateTime(rep.OccurredAt)
		if rep.Lat != nil && rep.Lon != nil {
			out = append(out, MapPoint{Label: label, Href: reportURL(rep.ID), Lat: *rep.Lat, Lon: *rep.Lon, Count: rep.Count})
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
			out = append(out, MapPoint{Label: label + " (" + rep.Place + ")", Href: reportURL(rep.ID), Lat: *p.Lat, Lon: *p.Lon, Count: rep.Count})
		}
	}
	return out, nil
}
