package web

import (
	"net/http"
	"strconv"
)

// MapView is what the "map" partial draws.
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

// MapPoint is one point of a map: a report at a pin, or the reports at a
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
