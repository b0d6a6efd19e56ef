package report

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"math"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"
	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Area is a named polygon of a municipality, such as the resort
// Lindvallen or the Noret shopping area. A report lies in the smallest area
// that holds its pin (or its place's point), so areas may nest.
type Area struct {
	ID               int64  `json:"id,string"`
	MunicipalityCode string `json:"municipality_code"`
	Name             string `json:"name"`
	// Geometry is the polygon or multipolygon as GeoJSON, longitude first.
	Geometry json.RawMessage `json:"geometry"`
}

// Shape is one area read from a GeoJSON upload.
type Shape struct {
	Name     string
	Geometry orb.Geometry // orb.Polygon or orb.MultiPolygon, longitude first
	Bound    orb.Bound
	Size     float64 // planar area in square degrees, to find the smallest of nested areas
}

// Limits on an upload of areas: far beyond the few dozen areas with a few
// hundred points each that a municipality draws, and low enough that a
// point-in-polygon test per report stays cheap.
const (
	MaxAreasBytes  = 4 << 20
	maxAreas       = 200
	maxAreaPoints  = 50_000
	maxAreaNameLen = 100
)

// ParseAreas reads a GeoJSON FeatureCollection (or a single Feature) of
// Polygon and MultiPolygon features, each named by its "name" property.
// It returns a *validation.Error on field "areas" for anything else: a
// feature without a name or with another geometry, a ring that is not a
// ring, coordinates outside Sweden (often latitude and longitude swapped:
// GeoJSON puts longitude first), or a name used twice.
func ParseAreas(data []byte) ([]Shape, error) {
	const field = "areas"
	var e validation.Errors
	fail := func(key string, args ...any) ([]Shape, error) {
		e.Add(field, key, args...)
		return nil, e.Err()
	}
	if len(data) > MaxAreasBytes {
		return fail("error.geojson_too_large", MaxAreasBytes>>20)
	}
	features, ok := decodeFeatures(data)
	if !ok {
		return fail("error.geojson_invalid")
	}
	if len(features) == 0 {
		return fail("error.geojson_empty")
	}
	if len(features) > maxAreas {
		return fail("error.geojson_too_many", maxAreas)
	}
	var shapes []Shape
	seen := map[string]bool{}
	points := 0
	for i, f := range features {
		n := i + 1 // people count features from 1
		if f == nil {
			return fail("error.geojson_geometry", n)
		}
		name, _ := f.Properties["name"].(string)
		name = strings.Join(strings.Fields(norm.NFC.String(name)), " ")
		if name == "" || len([]rune(name)) > maxAreaNameLen || strings.ContainsRune(name, 0) {
			return fail("error.geojson_name", n)
		}
		if seen[fold(name)] {
			return fail("error.geojson_name_twice", name)
		}
		seen[fold(name)] = true
		var g orb.Geometry
		switch geom := f.Geometry.(type) {
		case orb.Polygon:
			g = geom
		case orb.MultiPolygon:
			g = geom
		default:
			return fail("error.geojson_geometry", n)
		}
		g, count, ok := cleanGeometry(g)
		if !ok {
			return fail("error.geojson_ring", n)
		}
		points += count
		if points > maxAreaPoints {
			return fail("error.geojson_too_many_points", maxAreaPoints)
		}
		b := g.Bound()
		if b.Min.Lat() < minLatSweden || b.Max.Lat() > maxLatSweden || b.Min.Lon() < minLonSweden || b.Max.Lon() > maxLonSweden {
			return fail("error.geojson_outside_sweden", n)
		}
		size := math.Abs(planar.Area(g))
		if !(size > 0) {
			return fail("error.geojson_ring", n)
		}
		shapes = append(shapes, Shape{Name: name, Geometry: g, Bound: b, Size: size})
	}
	return shapes, nil
}

// decodeFeatures reads a FeatureCollection or a single Feature. orb's
// decoder is lenient about what it finds inside; cleanGeometry checks it.
func decodeFeatures(data []byte) (features []*geojson.Feature, ok bool) {
	defer func() {
		// orb's decoder is not ours: should it ever panic on hostile input
		// (fuzzing found no such input), the upload is refused rather
		// than the server taken down.
		if recover() != nil {
			features, ok = nil, false
		}
	}()
	var probe struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, false
	}
	switch probe.Type {
	case "FeatureCollection":
		fc, err := geojson.UnmarshalFeatureCollection(data)
		if err != nil {
			return nil, false
		}
		return fc.Features, true
	case "Feature":
		f, err := geojson.UnmarshalFeature(data)
		if err != nil {
			return nil, false
		}
		return []*geojson.Feature{f}, true
	}
	return nil, false
}

// cleanGeometry checks every ring (at least three distinct points, finite
// coordinates) and closes rings left open, as GeoJSON writers sometimes do.
// It returns the geometry and its number of points.
func cleanGeometry(g orb.Geometry) (orb.Geometry, int, bool) {
	count := 0
	cleanPolygon := func(p orb.Polygon) (orb.Polygon, bool) {
		if len(p) == 0 {
			return nil, false
		}
		out := make(orb.Polygon, 0, len(p))
		for _, r := range p {
			for _, pt := range r {
				if math.IsNaN(pt[0]) || math.IsNaN(pt[1]) || math.IsInf(pt[0], 0) || math.IsInf(pt[1], 0) {
					return nil, false
				}
			}
			if len(r) > 0 && r[0] != r[len(r)-1] {
				r = append(slices.Clone(r), r[0])
			}
			if len(r) < 4 {
				return nil, false
			}
			count += len(r)
			out = append(out, r)
		}
		return out, true
	}
	switch v := g.(type) {
	case orb.Polygon:
		p, ok := cleanPolygon(v)
		return p, count, ok
	case orb.MultiPolygon:
		if len(v) == 0 {
			return nil, 0, false
		}
		mp := make(orb.MultiPolygon, 0, len(v))
		for _, p := range v {
			c, ok := cleanPolygon(p)
			if !ok {
				return nil, 0, false
			}
			mp = append(mp, c)
		}
		return mp, count, true
	}
	return nil, 0, false
}

// contains reports whether the shape holds the point (boundary included).
func (s Shape) contains(p orb.Point) bool {
	if !s.Bound.Contains(p) {
		return false
	}
	switch g := s.Geometry.(type) {
	case orb.Polygon:
		return planar.PolygonContains(g, p)
	case orb.MultiPolygon:
		return planar.MultiPolygonContains(g, p)
	}
	return false
}

// locator finds the area of a point among a municipality's areas, smallest
// first so that the most specific of nested areas wins.
type locator struct {
	ids    []int64
	shapes []Shape
}

func newLocator(ids []int64, shapes []Shape) *locator {
	l := &locator{ids: ids, shapes: shapes}
	sort.Sort(bySize{l})
	return l
}

type bySize struct{ *locator }

func (b bySize) Len() int           { return len(b.ids) }
func (b bySize) Less(i, j int) bool { return b.shapes[i].Size < b.shapes[j].Size }
func (b bySize) Swap(i, j int) {
	b.ids[i], b.ids[j] = b.ids[j], b.ids[i]
	b.shapes[i], b.shapes[j] = b.shapes[j], b.shapes[i]
}

// find returns the id of the smallest area holding (lat, lon), or 0.
func (l *locator) find(lat, lon float64) int64 {
	if l == nil {
		return 0
	}
	p := orb.Point{lon, lat}
	for i, s := range l.shapes {
		if s.contains(p) {
			return l.ids[i]
		}
	}
	return 0
}

// loadLocator reads the areas of a municipality for point-in-polygon tests.
func loadLocator(ctx context.Context, q db.Queryer, code string) (*locator, error) {
	areas, err := areasOf(ctx, q, code)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(areas))
	shapes := make([]Shape, 0, len(areas))
	for _, a := range areas {
		g, err := geojson.UnmarshalGeometry(a.Geometry)
		if err != nil {
			return nil, fmt.Errorf("area %d: stored geometry: %w", a.ID, err)
		}
		geom := g.Geometry()
		ids = append(ids, a.ID)
		shapes = append(shapes, Shape{Name: a.Name, Geometry: geom, Bound: geom.Bound(), Size: math.Abs(planar.Area(geom))})
	}
	return newLocator(ids, shapes), nil
}

// Areas returns the areas of a municipality, by name.
func (s *Store) Areas(ctx context.Context, municipalityCode string) ([]Area, error) {
	return areasOf(ctx, s.db, municipalityCode)
}

func areasOf(ctx context.Context, q db.Queryer, code string) ([]Area, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, municipality_code, name, geometry FROM areas
		WHERE municipality_code = ? ORDER BY name_key, id`, code)
	if err != nil {
		return nil, fmt.Errorf("areas of %s: %w", code, err)
	}
	defer rows.Close()
	var out []Area
	for rows.Next() {
		var a Area
		var geometry string
		if err := rows.Scan(&a.ID, &a.MunicipalityCode, &a.Name, &geometry); err != nil {
			return nil, err
		}
		a.Geometry = json.RawMessage(geometry)
		out = append(out, a)
	}
	return out, rows.Err()
}

// areaByName returns the id of the municipality's area called name, or 0.
func areaByName(ctx context.Context, q db.Queryer, code, name string) (int64, string, error) {
	var id int64
	var stored string
	err := db.Normalize(q.QueryRowContext(ctx, `SELECT id, name FROM areas WHERE municipality_code = ? AND name_key = ?`,
		code, fold(name)).Scan(&id, &stored))
	if isNotFound(err) {
		return 0, "", nil
	}
	return id, stored, err
}

// UploadAreas reads a GeoJSON upload (ParseAreas) and stores its areas in
// the municipality: an area with the name of one already there replaces
// its polygon, the others are added, and areas not in the upload stay.
// Every report of the municipality with a position is then placed again,
// and the weekly counts rebuilt, in the same transaction.
func (s *Store) UploadAreas(ctx context.Context, actor audit.Actor, municipalityCode string, data []byte) ([]Area, error) {
	shapes, err := ParseAreas(data)
	if err != nil {
		return nil, err
	}
	var out []Area
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var e validation.Errors
		if _, err := municipalityOf(ctx, tx, municipalityCode, &e, "municipality_code"); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		now := tx.Now()
		for _, sh := range shapes {
			geometry, err := geojson.NewGeometry(sh.Geometry).MarshalJSON()
			if err != nil {
				return fmt.Errorf("area %s: %w", sh.Name, err)
			}
			b := sh.Bound
			id, _, err := areaByName(ctx, tx, municipalityCode, sh.Name)
			if err != nil {
				return err
			}
			action := "update"
			if id == 0 {
				action = "create"
				err = tx.QueryRowContext(ctx, `INSERT INTO areas (municipality_code, name, name_key, geometry,
					min_lat, min_lon, max_lat, max_lon, size, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
					municipalityCode, sh.Name, fold(sh.Name), string(geometry),
					b.Min.Lat(), b.Min.Lon(), b.Max.Lat(), b.Max.Lon(), sh.Size, now, now).Scan(&id)
			} else {
				_, err = tx.ExecContext(ctx, `UPDATE areas SET name = ?, geometry = ?, min_lat = ?, min_lon = ?,
					max_lat = ?, max_lon = ?, size = ?, updated_at = ? WHERE id = ?`,
					sh.Name, string(geometry), b.Min.Lat(), b.Min.Lon(), b.Max.Lat(), b.Max.Lon(), sh.Size, now, id)
			}
			if err != nil {
				return fmt.Errorf("store area %s: %w", sh.Name, db.Normalize(err))
			}
			a := Area{ID: id, MunicipalityCode: municipalityCode, Name: sh.Name, Geometry: geometry}
			if err := audit.Record(ctx, tx, actor, audit.Entry{Action: action, Entity: "area", EntityID: audit.ID(id),
				After: map[string]any{"municipality_code": municipalityCode, "name": sh.Name}}); err != nil {
				return err
			}
			out = append(out, a)
		}
		return relocate(ctx, tx, municipalityCode)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// relocate places every report of the municipality that has a position
// (its pin, else its place's point) in its area again, and rebuilds the
// municipality's weekly counts.
func relocate(ctx context.Context, tx *db.Tx, code string) error {
	loc, err := loadLocator(ctx, tx, code)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT r.id, COALESCE(r.lat, p.lat), COALESCE(r.lon, p.lon), COALESCE(r.area_id, 0)
		FROM reports r LEFT JOIN places p ON p.id = r.place_id
		WHERE r.municipality_code = ? AND (r.lat IS NOT NULL OR p.lat IS NOT NULL)`, code)
	if err != nil {
		return fmt.Errorf("reports to place in areas: %w", err)
	}
	moves := map[int64][]any{} // new area id → report ids
	for rows.Next() {
		var id, area int64
		var lat, lon float64
		if err := rows.Scan(&id, &lat, &lon, &area); err != nil {
			rows.Close()
			return err
		}
		if now := loc.find(lat, lon); now != area {
			moves[now] = append(moves[now], id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for area, ids := range moves {
		var target any
		if area != 0 {
			target = area
		}
		for chunk := range slices.Chunk(ids, 500) {
			args := append([]any{target}, chunk...)
			if _, err := tx.ExecContext(ctx, `UPDATE reports SET area_id = ? WHERE id IN (`+db.Placeholders(len(chunk))+`)`, args...); err != nil {
				return fmt.Errorf("move reports to area %d: %w", area, err)
			}
		}
	}
	return rebuildWeeks(ctx, tx, code)
}

//go:embed data/areas_*.geojson
var areaFiles embed.FS

// SeedAreas returns the areas the product ships with, as GeoJSON by
// municipality code: the resorts of Sälen and Noret and the centre of Mora.
// They are rough boxes around the points of SeedPlaces, drawn so that the
// picture can be shown per resort from the start; a municipality replaces
// them by uploading its own polygons under the same names.
func SeedAreas() (map[string][]byte, error) {
	files, err := areaFiles.ReadDir("data")
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for _, f := range files {
		code, ok := strings.CutPrefix(strings.TrimSuffix(f.Name(), ".geojson"), "areas_")
		if !ok {
			continue
		}
		b, err := areaFiles.ReadFile(path.Join("data", f.Name()))
		if err != nil {
			return nil, err
		}
		out[code] = bytes.Clone(b)
	}
	return out, nil
}
