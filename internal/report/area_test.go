package report

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// box is a GeoJSON feature of a rectangle around (lat, lon).
func box(name string, lat, lon, dlat, dlon float64) string {
	return fmt.Sprintf(`{"type": "Feature", "properties": {"name": %q}, "geometry": {"type": "Polygon", "coordinates": [[[%g, %g], [%g, %g], [%g, %g], [%g, %g], [%g, %g]]]}}`,
		name, lon-dlon, lat-dlat, lon+dlon, lat-dlat, lon+dlon, lat+dlat, lon-dlon, lat+dlat, lon-dlon, lat-dlat)
}

func collection(features ...string) string {
	return `{"type": "FeatureCollection", "features": [` + strings.Join(features, ", ") + `]}`
}

func TestParseAreas(t *testing.T) {
	valid := collection(box("Noret", 61.0085, 14.58, 0.005, 0.012), box("Mora centrum", 61.007, 14.543, 0.006, 0.015))
	multi := `{"type": "Feature", "properties": {"name": "Två delar"}, "geometry": {"type": "MultiPolygon", "coordinates": [
		[[[14.5, 61.0], [14.51, 61.0], [14.51, 61.01], [14.5, 61.0]]],
		[[[14.6, 61.0], [14.61, 61.0], [14.61, 61.01], [14.6, 61.0]]]]}}`
	open := `{"type": "Feature", "properties": {"name": "Öppen"}, "geometry": {"type": "Polygon", "coordinates": [[[14.5, 61.0], [14.51, 61.0], [14.51, 61.01]]]}}`
	tests := []struct {
		name  string
		in    string
		names []string
		key   string
	}{
		{"collection", valid, []string{"Noret", "Mora centrum"}, ""},
		{"one feature", box(" Noret \t torg ", 61.0085, 14.58, 0.005, 0.012), []string{"Noret torg"}, ""},
		{"multipolygon", multi, []string{"Två delar"}, ""},
		{"ring left open", open, []string{"Öppen"}, ""},
		{"not json", "Noret", nil, "error.geojson_invalid"},
		{"a geometry only", `{"type": "Polygon", "coordinates": [[[14.5, 61.0], [14.51, 61.0], [14.51, 61.01], [14.5, 61.0]]]}`, nil, "error.geojson_invalid"},
		{"empty", collection(), nil, "error.geojson_empty"},
		{"a point", `{"type": "Feature", "properties": {"name": "P"}, "geometry": {"type": "Point", "coordinates": [14.5, 61.0]}}`, nil, "error.geojson_geometry"},
		{"no geometry", `{"type": "Feature", "properties": {"name": "P"}, "geometry": null}`, nil, "error.geojson_geometry"},
		{"no name", `{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[14.5, 61.0], [14.51, 61.0], [14.51, 61.01], [14.5, 61.0]]]}}`, nil, "error.geojson_name"},
		{"name not text", strings.Replace(box("x", 61, 14.5, 0.01, 0.01), `"x"`, `12`, 1), nil, "error.geojson_name"},
		{"name twice", collection(box("Noret", 61.0085, 14.58, 0.005, 0.012), box("NORET", 61.1, 14.58, 0.005, 0.012)), nil, "error.geojson_name_twice"},
		{"latitude first", collection(box("Noret", 14.58, 61.0085, 0.012, 0.005)), nil, "error.geojson_outside_sweden"},
		{"two points", `{"type": "Feature", "properties": {"name": "L"}, "geometry": {"type": "Polygon", "coordinates": [[[14.5, 61.0], [14.51, 61.0]]]}}`, nil, "error.geojson_ring"},
		{"flat", `{"type": "Feature", "properties": {"name": "L"}, "geometry": {"type": "Polygon", "coordinates": [[[14.5, 61.0], [14.51, 61.0], [14.52, 61.0], [14.5, 61.0]]]}}`, nil, "error.geojson_ring"},
		{"no rings", `{"type": "Feature", "properties": {"name": "L"}, "geometry": {"type": "Polygon", "coordinates": []}}`, nil, "error.geojson_ring"},
		{"too large", strings.Repeat(" ", MaxAreasBytes+1), nil, "error.geojson_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shapes, err := ParseAreas([]byte(tt.in))
			if tt.key != "" {
				if diff := cmp.Diff(map[string]string{"areas": tt.key}, fieldKeys(t, err)); diff != "" {
					t.Errorf("ParseAreas() errors (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseAreas() error = %v", err)
			}
			var names []string
			for _, s := range shapes {
				names = append(names, s.Name)
				if s.Size <= 0 {
					t.Errorf("%s: size %g", s.Name, s.Size)
				}
			}
			if diff := cmp.Diff(tt.names, names); diff != "" {
				t.Errorf("ParseAreas() names (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLocator(t *testing.T) {
	shapes, err := ParseAreas([]byte(collection(
		box("Lindvallen", 61.1619, 13.1916, 0.012, 0.025),
		box("Lindvallen torg", 61.1619, 13.1916, 0.002, 0.004), // inside Lindvallen
		box("Tandådalen", 61.1756, 13.0164, 0.01, 0.022),
	)))
	if err != nil {
		t.Fatal(err)
	}
	l := newLocator([]int64{1, 2, 3}, shapes)
	tests := []struct {
		lat, lon float64
		want     int64
	}{
		{61.1619, 13.1916, 2},  // the smaller of the nested areas
		{61.17, 13.2, 1},       // Lindvallen only
		{61.1756, 13.0164, 3},  // Tandådalen
		{61.0, 14.5, 0},        // Mora
		{61.1739, 13.1666, 1},  // on the corner: boundaries belong to the area
		{61.1739, 13.16659, 0}, // just outside
	}
	for _, tt := range tests {
		if got := l.find(tt.lat, tt.lon); got != tt.want {
			t.Errorf("find(%g, %g) = %d, want %d", tt.lat, tt.lon, got, tt.want)
		}
	}
	if got := (*locator)(nil).find(61, 14); got != 0 {
		t.Errorf("nil locator found %d", got)
	}
}

func TestUploadAreas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		areas, err := f.s.Areas(ctx, salen)
		if err != nil || len(areas) != 7 {
			t.Fatalf("Areas(Sälen) after Seed = %d, %v; want the 7 shipped", len(areas), err)
		}
		// A pin in Lindvallen's square, a report at Lindvallen without a
		// pin, and one in Sälen at no place.
		mk := func(place string, lat, lon *float64) int64 {
			r, _, err := f.s.Create(ctx, audit.System, f.guards, Input{Category: "Klotter", OccurredAt: "2026-02-20T20:00:00+01:00",
				MunicipalityCode: salen, Place: place, Lat: lat, Lon: lon})
			if err != nil {
				t.Fatal(err)
			}
			return r.ID
		}
		square := mk("Lindvallen", new(61.1600), new(13.1800))
		placeOnly := mk("Lindvallen", nil, nil)
		nowhere := mk("", new(61.3), new(13.5))
		areaOf := func(id int64) string {
			r, err := f.s.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return r.Area
		}
		if a, b, c := areaOf(square), areaOf(placeOnly), areaOf(nowhere); a != "Lindvallen" || b != "Lindvallen" || c != "" {
			t.Fatalf("areas = %q, %q, %q; want Lindvallen, Lindvallen, none", a, b, c)
		}

		// A new area inside Lindvallen takes the square's pin; a new
		// polygon for Lindvallen elsewhere leaves the place-only report
		// (whose place point is now outside it) in no area.
		upload := collection(
			box("Lindvallen torget", 61.1600, 13.1800, 0.001, 0.002),
			box("lindvallen", 61.25, 13.40, 0.01, 0.02),
		)
		got, err := f.s.UploadAreas(ctx, audit.System, salen, []byte(upload))
		if err != nil {
			t.Fatalf("UploadAreas() error = %v", err)
		}
		if len(got) != 2 || got[0].Name != "Lindvallen torget" || got[1].Name != "lindvallen" {
			t.Fatalf("UploadAreas() = %+v", got)
		}
		if a, b, c := areaOf(square), areaOf(placeOnly), areaOf(nowhere); a != "Lindvallen torget" || b != "" || c != "" {
			t.Errorf("after the upload areas = %q, %q, %q; want Lindvallen torget, none, none", a, b, c)
		}
		if areas, _ := f.s.Areas(ctx, salen); len(areas) != 8 {
			t.Errorf("%d areas after adding one and replacing one, want 8", len(areas))
		}
		var g geojson.Geometry
		if err := json.Unmarshal(got[1].Geometry, &g); err != nil || !g.Geometry().Bound().Contains(orb.Point{13.40, 61.25}) {
			t.Errorf("stored geometry %s, %v", got[1].Geometry, err)
		}
		checkWeeks(t, d)
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'area'`); n != 7+2+2 {
			t.Errorf("%d area audit entries, want %d (9 seeded, 2 uploaded)", n, 7+2+2)
		}

		// A bad upload or an unknown municipality changes nothing.
		if _, err := f.s.UploadAreas(ctx, audit.System, salen, []byte(`{"type": "FeatureCollection"}`)); err == nil {
			t.Error("UploadAreas(no features) accepted")
		}
		_, err = f.s.UploadAreas(ctx, audit.System, unknown, []byte(upload))
		if diff := cmp.Diff(map[string]string{"municipality_code": "error.municipality_unknown"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("UploadAreas(unknown municipality) errors (-want +got):\n%s", diff)
		}

		// Seeding again adds nothing.
		before := count(t, d, `SELECT COUNT(*) FROM places`)
		if err := f.s.Seed(ctx, audit.System); err != nil {
			t.Fatal(err)
		}
		if after := count(t, d, `SELECT COUNT(*) FROM places`); after != before || before != 9 {
			t.Errorf("places: %d seeded, %d after seeding again; want 9 and 9", before, after)
		}
		if areas, _ := f.s.Areas(ctx, salen); len(areas) != 8 {
			t.Errorf("%d areas after seeding again, want 8", len(areas))
		}
	})
}

func TestPlaces(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		p, err := f.s.CreatePlace(ctx, audit.System, PlaceInput{MunicipalityCode: mora, Name: " Zornmuseet ", Lat: new(61.0047), Lon: new(14.5409)})
		if err != nil || p.Name != "Zornmuseet" || p.ID == 0 {
			t.Fatalf("CreatePlace() = %+v, %v", p, err)
		}
		_, err = f.s.CreatePlace(ctx, audit.System, PlaceInput{MunicipalityCode: mora, Name: "ZORNMUSEET"})
		if diff := cmp.Diff(map[string]string{"name": "error.place_taken"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("CreatePlace(same name) errors (-want +got):\n%s", diff)
		}
		_, err = f.s.CreatePlace(ctx, audit.System, PlaceInput{MunicipalityCode: unknown, Name: "", Lat: new(1.0)})
		want := map[string]string{"municipality_code": "error.municipality_unknown", "name": "error.required", "lon": "error.position_pair"}
		if diff := cmp.Diff(want, fieldKeys(t, err)); diff != "" {
			t.Errorf("CreatePlace(bad) errors (-want +got):\n%s", diff)
		}
		ps, err := f.s.Places(ctx, mora)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range ps {
			names = append(names, p.Name)
		}
		if diff := cmp.Diff([]string{"Mora centrum", "Noret", "Zornmuseet"}, names); diff != "" {
			t.Errorf("Places(Mora) (-want +got):\n%s", diff)
		}
	})
}

// TestSeedPlacesAgree holds the shipped places to the coordinates of the
// shared places file they come from (a copy in testdata), and Noret to Mora,
// not Leksand.
func TestSeedPlacesAgree(t *testing.T) {
	f, err := os.Open("testdata/places_wgs84.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	source := map[string][2]float64{}
	for _, r := range recs[1:] {
		lat, err1 := strconv.ParseFloat(r[1], 64)
		lon, err2 := strconv.ParseFloat(r[2], 64)
		if err1 != nil || err2 != nil {
			continue // Noret has no point in the file
		}
		source[r[0]] = [2]float64{lat, lon}
	}
	names := map[string]string{"Sälen": "Sälen (village)", "Mora centrum": "Mora (town)"}
	seeds, err := SeedPlaces()
	if err != nil {
		t.Fatal(err)
	}
	if len(seeds) != 9 {
		t.Errorf("%d shipped places, want 9", len(seeds))
	}
	shapes := map[string][]Shape{}
	areaFiles, err := SeedAreas()
	if err != nil {
		t.Fatal(err)
	}
	for code, data := range areaFiles {
		if shapes[code], err = ParseAreas(data); err != nil {
			t.Fatalf("shipped areas of %s: %v", code, err)
		}
	}
	for _, p := range seeds {
		key := p.Name
		if n, ok := names[key]; ok {
			key = n
		}
		pt, ok := source[key]
		switch {
		case p.Name == "Noret":
			if p.MunicipalityCode != CodeMora || !strings.Contains(p.Source, "estimate") {
				t.Errorf("Noret = %+v; want Mora's, marked as an estimate", p)
			}
			// East of Mora's centre, not in Leksand (60.73, 14.99).
			if *p.Lon <= source["Mora (town)"][1] || math.Abs(*p.Lat-61.0) > 0.05 {
				t.Errorf("Noret at %g, %g is not just east of Mora's centre", *p.Lat, *p.Lon)
			}
		case !ok:
			t.Errorf("shipped place %s is not in places_wgs84.csv", p.Name)
		case *p.Lat != pt[0] || *p.Lon != pt[1]:
			t.Errorf("%s at %g, %g; places_wgs84.csv says %g, %g", p.Name, *p.Lat, *p.Lon, pt[0], pt[1])
		}
		// Every shipped place lies in the shipped area of its name.
		found := false
		for _, s := range shapes[p.MunicipalityCode] {
			if s.Name == p.Name && s.contains(orb.Point{*p.Lon, *p.Lat}) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s is not inside a shipped area of its name", p.Name)
		}
	}
}

// FuzzParseAreas: ParseAreas never panics, and what it accepts is named,
// in Sweden, made of closed rings, and reads back the same when written out
// as GeoJSON again.
func FuzzParseAreas(f *testing.F) {
	areas, err := SeedAreas()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(areas[CodeMora])
	for _, s := range []string{
		collection(box("Noret", 61.0085, 14.58, 0.005, 0.012)),
		box("Noret", 61.0085, 14.58, 0.005, 0.012),
		`{"type": "Feature", "properties": {"name": "M"}, "geometry": {"type": "MultiPolygon", "coordinates": [[[[14.5, 61.0], [14.51, 61.0], [14.51, 61.01]]]]}}`,
		`{"type": "Feature", "properties": {"name": "M"}, "geometry": {"type": "Polygon", "coordinates": [[]]}}`,
		`{"type": "Feature", "properties": {"name": "M"}, "geometry": {"type": "GeometryCollection", "geometries": []}}`,
		`{"type": "FeatureCollection", "features": [null]}`,
		`{"type": "FeatureCollection", "features": [{"type": "Feature"}]}`,
		`{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[1e400, 61]]]}}`,
		`[]`, `null`, `{}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		shapes, err := ParseAreas(data)
		if err != nil {
			if _, ok := fieldKeys(t, err)["areas"]; !ok {
				t.Fatalf("ParseAreas error %v is not on field areas", err)
			}
			return
		}
		if len(shapes) == 0 {
			t.Fatal("ParseAreas accepted no areas")
		}
		var features []string
		for _, s := range shapes {
			if s.Name == "" || !(s.Size > 0) {
				t.Fatalf("accepted %+v", s)
			}
			b := s.Bound
			if b.Min.Lat() < minLatSweden || b.Max.Lat() > maxLatSweden || b.Min.Lon() < minLonSweden || b.Max.Lon() > maxLonSweden {
				t.Fatalf("accepted %s outside Sweden: %v", s.Name, b)
			}
			g, err := geojson.NewGeometry(s.Geometry).MarshalJSON()
			if err != nil {
				t.Fatal(err)
			}
			name, _ := json.Marshal(s.Name)
			features = append(features, `{"type": "Feature", "properties": {"name": `+string(name)+`}, "geometry": `+string(g)+`}`)
		}
		again, err := ParseAreas([]byte(collection(features...)))
		if err != nil {
			t.Fatalf("written out again, the areas are refused: %v", err)
		}
		if len(again) != len(shapes) {
			t.Fatalf("read back %d areas of %d", len(again), len(shapes))
		}
		for i := range again {
			if again[i].Name != shapes[i].Name || again[i].Size != shapes[i].Size || !orb.Equal(again[i].Geometry, shapes[i].Geometry) {
				t.Fatalf("area %d reads back as %+v, was %+v", i, again[i], shapes[i])
			}
		}
	})
}

// TestReplacePlaces: a list of places replaces a municipality's named
// places. A place named in the list (as reports compare names) keeps its
// id and so its reports, and takes the new spelling and position, its
// reports moving to the area of the new point; the others are added and
// those left out removed, unless reports were made there; a wrong list
// changes nothing and says every error at once.
func TestReplacePlaces(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		// A report at Noret without a pin: its area is Noret's, from the
		// place's point.
		r, _, err := f.s.Create(ctx, audit.System, f.mora, Input{Category: "Klotter", OccurredAt: "2026-02-20T21:00:00+01:00",
			MunicipalityCode: mora, Place: "Noret"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Area != "Noret" {
			t.Fatalf("the report at Noret is in area %q, want Noret", r.Area)
		}
		before, err := f.s.Places(ctx, mora)
		if err != nil {
			t.Fatal(err)
		}
		idOf := func(ps []Place, name string) int64 {
			for _, p := range ps {
				if p.Name == name {
					return p.ID
				}
			}
			return 0
		}
		noret := idOf(before, "Noret")
		audits := count(t, d, `SELECT COUNT(*) FROM audit_log`)

		// Wrong lists: nothing changes, every error is said.
		for _, tt := range []struct {
			name string
			in   []PlaceInput
			want map[string]string
		}{
			{"wrong rows", []PlaceInput{{Name: "Noret"}, {Name: " noret "}, {Name: " "}, {Name: "Zornmuseet", Lat: new(61.0)}, {Name: "Oslo", Lat: new(59.91), Lon: new(10.75)}},
				map[string]string{"places.1.name": "error.place_twice", "places.2.name": "error.required", "places.3.lon": "error.position_pair",
					"places.4.lat": "error.outside_sweden"}},
			{"a place with reports left out", []PlaceInput{{Name: "Mora centrum"}}, map[string]string{"places": "error.place_in_use"}},
		} {
			var e validation.Errors
			if err := f.s.CheckPlaces(ctx, &e, mora, tt.in); err != nil {
				t.Fatal(err)
			}
			_, err := f.s.ReplacePlaces(ctx, audit.System, mora, tt.in)
			if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
				t.Errorf("%s: ReplacePlaces() errors (-want +got):\n%s", tt.name, diff)
			}
			if diff := cmp.Diff(tt.want, fieldKeys(t, e.Err())); diff != "" {
				t.Errorf("%s: CheckPlaces() errors (-want +got):\n%s", tt.name, diff)
			}
		}
		if after, _ := f.s.Places(ctx, mora); !cmp.Equal(before, after) || count(t, d, `SELECT COUNT(*) FROM audit_log`) != audits {
			t.Fatalf("a refused list changed the places or the audit trail: %+v", after)
		}

		// Noret kept under a new spelling with its point in the town
		// centre, Mora centrum (no reports) removed, Zornmuseet added.
		got, err := f.s.ReplacePlaces(ctx, audit.Actor{Label: "samordnare"}, mora,
			[]PlaceInput{{Name: "Zornmuseet", Lat: new(61.0047), Lon: new(14.5409)}, {Name: "NORET ", Lat: new(61.00704), Lon: new(14.54316)}})
		if err != nil {
			t.Fatalf("ReplacePlaces() error = %v", err)
		}
		var names []string
		for _, p := range got {
			names = append(names, p.Name)
		}
		if diff := cmp.Diff([]string{"NORET", "Zornmuseet"}, names); diff != "" || idOf(got, "NORET") != noret || idOf(got, "Zornmuseet") == 0 {
			t.Errorf("ReplacePlaces() = %+v; want NORET (id %d kept) and Zornmuseet (-want +got):\n%s", got, noret, diff)
		}
		if p := got[0]; p.Source != "" || *p.Lat != 61.00704 {
			t.Errorf("a moved place = %+v, want the new point without the old source", p)
		}
		read, err := f.s.Get(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if read.Place != "NORET" || read.Area != "Mora centrum" {
			t.Errorf("the report after the move: place %q, area %q; want NORET in Mora centrum", read.Place, read.Area)
		}
		checkWeeks(t, d)
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'places' AND entity_id = ?`, mora); n != 1 {
			t.Errorf("%d audit entries of the places, want 1", n)
		}
		// The same list again, without a source: the source stays and the
		// places are the same.
		again, err := f.s.ReplacePlaces(ctx, audit.System, mora, []PlaceInput{{Name: "Zornmuseet", Lat: new(61.0047), Lon: new(14.5409), Source: "OSM"},
			{Name: "NORET", Lat: new(61.00704), Lon: new(14.54316)}})
		if err != nil || again[1].ID != idOf(got, "Zornmuseet") || again[1].Source != "OSM" {
			t.Errorf("ReplacePlaces(again) = %+v, %v", again, err)
		}
		// Other municipalities are untouched; an empty list is refused only
		// for the place with reports.
		if ps, _ := f.s.Places(ctx, salen); len(ps) != 7 {
			t.Errorf("Sälen has %d places, want its 7", len(ps))
		}
		if _, err := f.s.ReplacePlaces(ctx, audit.System, mora, []PlaceInput{}); fieldKeys(t, err)["places"] != "error.place_in_use" {
			t.Errorf("ReplacePlaces(none) error = %v, want NORET in use", err)
		}
		if _, err := f.s.ReplacePlaces(ctx, audit.System, unknown, nil); fieldKeys(t, err)["municipality_code"] != "error.municipality_unknown" {
			t.Errorf("ReplacePlaces(unknown municipality) error = %v", err)
		}
	})
}
