package walkweb

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/walk"
)

// The area's maps are drawn by static/walk-map.js with Leaflet, when the
// binary has it: the walk's route and its numbered points on the walk's
// page (the points' table stays, the map for those who cannot see it), the
// route on the residents' page, a map to tap the point's position on in
// the point form, and one to draw the route in the walk form. Without
// JavaScript or Leaflet the forms take named places and typed coordinates,
// and the walk is made without a route.

// walkMap is what the "walk-map" partial gives walk-map.js: the tiles of
// the server's configuration, the route (a GeoJSON LineString), the
// points as [lat, lon, label] and the places that centre a map with
// neither, by municipality code.
type walkMap struct {
	Enabled     bool
	Tiles       string
	Attribution string
	ZoomIn      string
	ZoomOut     string
	Route       string
	Points      string
	Places      string
}

func (s *Server) walkMapOf(r *http.Request, route json.RawMessage, points []walk.Point, label func(int, walk.Point) string) walkMap {
	k := s.MapOf(r, "", nil)
	m := walkMap{Enabled: k.Enabled, Tiles: k.TileURL, Attribution: k.Attribution, ZoomIn: k.ZoomIn, ZoomOut: k.ZoomOut}
	if len(route) > 0 && string(route) != "null" {
		m.Route = string(route)
	}
	pins := make([][]any, 0, len(points))
	for i, pt := range points {
		pins = append(pins, []any{pt.Lat, pt.Lon, label(i, pt), "#point-" + id(pt.ID)})
	}
	b, _ := json.Marshal(pins) // floats and strings: never fails
	m.Points = string(b)
	return m
}

// withPlaces adds the named places with a position of the municipalities
// ([lat, lon, name] by code), for centring a map that has no route or
// point yet, and for showing a named place chosen in the point form.
func (s *Server) withPlaces(r *http.Request, m walkMap, codes ...string) (walkMap, error) {
	by := map[string][][]any{}
	for _, code := range codes {
		places, err := s.reports.Places(r.Context(), code)
		if err != nil {
			return m, err
		}
		for _, pl := range places {
			if pl.Lat != nil && pl.Lon != nil {
				by[code] = append(by[code], []any{*pl.Lat, *pl.Lon, pl.Name})
			}
		}
	}
	b, err := json.Marshal(by)
	if err != nil {
		return m, fmt.Errorf("places: %w", err)
	}
	m.Places = string(b)
	return m, nil
}

// pointLabel is a point's name on the maps: "2. Belysning".
func (p *page) pointLabel(i int, pt walk.Point) string {
	return fmt.Sprintf("%d. %s", i+1, p.CategoryName(pt.Category))
}

// routeKm is the length of a route in kilometres and its number of
// positions; 0, 0 for none.
func routeKm(route json.RawMessage) (float64, int) {
	var line struct {
		Coordinates [][]float64 `json:"coordinates"`
	}
	if len(route) == 0 || json.Unmarshal(route, &line) != nil {
		return 0, 0
	}
	km := 0.0
	for i := 1; i < len(line.Coordinates); i++ {
		a, b := line.Coordinates[i-1], line.Coordinates[i]
		if len(a) < 2 || len(b) < 2 {
			continue
		}
		km += metres(a[1], a[0], b[1], b[0]) / 1000
	}
	return km, len(line.Coordinates)
}

// metres is the distance between two positions on the earth (haversine).
func metres(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371000.0
	rad := math.Pi / 180
	dlat, dlon := (lat2-lat1)*rad, (lon2-lon1)*rad
	h := math.Sin(dlat/2)*math.Sin(dlat/2) + math.Cos(lat1*rad)*math.Cos(lat2*rad)*math.Sin(dlon/2)*math.Sin(dlon/2)
	return 2 * r * math.Asin(math.Sqrt(h))
}

// Km writes a length in kilometres with one decimal, in the language's
// way.
func (p *page) Km(km float64) string {
	s := strconv.FormatFloat(km, 'f', 1, 64)
	if p.Lang == "sv" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// walkSketch is the walk's map for its PDF: the route and the points,
// numbered as in the list; nil when there is neither.
func walkSketch(wk walk.Walk, caption string) *export.Sketch {
	var line struct {
		Coordinates [][]float64 `json:"coordinates"`
	}
	sk := &export.Sketch{Caption: caption}
	if len(wk.Route) > 0 && json.Unmarshal(wk.Route, &line) == nil {
		for _, c := range line.Coordinates {
			if len(c) >= 2 {
				sk.Line = append(sk.Line, export.LatLon{Lat: c[1], Lon: c[0]})
			}
		}
	}
	for i, pt := range wk.Points {
		sk.Points = append(sk.Points, export.SketchPoint{LatLon: export.LatLon{Lat: pt.Lat, Lon: pt.Lon}, Label: strconv.Itoa(i + 1)})
	}
	if len(sk.Line) == 0 && len(sk.Points) == 0 {
		return nil
	}
	return sk
}
