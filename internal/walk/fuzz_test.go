package walk

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// FuzzAddPoint feeds the point's parser (position typed as text, place,
// category, description and the photo's decoder) arbitrary input: it
// never panics, a refusal is a validation error, and a refused point
// stores nothing.
func FuzzAddPoint(f *testing.F) {
	f.Add("61,0085", "14.58", "", "lighting", "Mörkt", photoJPEG(f))
	f.Add("", "", "Noret", "vegetation", "Buskar", []byte{})
	f.Add("NaN", "Inf", "Noret", "other", "x", []byte("\x89PNG\r\n\x1a\n"))
	f.Add("61", "14.5", "", "traffic", "19800101-1234", bombPNG())
	f.Add("1e400", "-0", "Noret\x00", "gathering", "\xff\xfe", []byte("\xff\xd8\xff\xe1\x00\x02"))
	d := dbtest.SQLite(f)
	ctx := context.Background()
	fx := setup(f, d)
	w, err := fx.s.CreateWalk(ctx, actor, fx.noret())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lat, lon, place, category, description string, photo []byte) {
		before := count(t, d, "safety_walk_points")
		p, err := fx.s.AddPoint(ctx, actor, w.ID, PointInput{LatText: lat, LonText: lon, Place: place, Category: category,
			Description: description, Photo: photo})
		after := count(t, d, "safety_walk_points")
		var ve *validation.Error
		switch {
		case err == nil:
			if after != before+1 || p.ID == 0 || !inSweden(p.Lat, p.Lon) {
				t.Errorf("AddPoint() stored %d points, point %+v", after-before, p)
			}
		case errors.As(err, &ve):
			if after != before {
				t.Errorf("a refused point stored %d rows: %v", after-before, err)
			}
		default:
			t.Errorf("AddPoint() error = %v, want a validation error", err)
		}
	})
}

// FuzzRoute feeds the route's parser what a form's field "route" may hold
// (walk-map.js writes a GeoJSON LineString there; anything may come): it
// never panics, it either refuses on the field "route" or gives a
// LineString of 2 to maxRoutePoints positions in Sweden, and what it
// gives is taken again unchanged.
func FuzzRoute(f *testing.F) {
	f.Add(`{"type":"LineString","coordinates":[[14.5801,61.0081],[14.5812,61.0089]]}`)
	f.Add(`"{\"type\":\"LineString\",\"coordinates\":[[14.58,61.0],[14.59,61.01]]}"`)
	f.Add(`{"type":"LineString","coordinates":[[14.58,61.0]]}`)
	f.Add(`{"type":"LineString","coordinates":[[1e400,61],[null,61]]}`)
	f.Add(`{"type":"Point","coordinates":[14.58,61.0]}`)
	f.Add("norr")
	f.Add("")
	f.Fuzz(func(t *testing.T, raw string) {
		var e validation.Errors
		out, err := checkRoute(&e, json.RawMessage(raw))
		if err != nil {
			t.Fatalf("checkRoute(%q) error = %v", raw, err)
		}
		if len(e) > 0 {
			if !e.Has("route") || out != nil {
				t.Fatalf("checkRoute(%q) refused with %v and gave %s", raw, e, out)
			}
			return
		}
		if out == nil {
			return // no route
		}
		var line struct {
			Type        string      `json:"type"`
			Coordinates [][]float64 `json:"coordinates"`
		}
		if err := json.Unmarshal(out, &line); err != nil || line.Type != "LineString" || len(line.Coordinates) < 2 ||
			len(line.Coordinates) > maxRoutePoints {
			t.Fatalf("checkRoute(%q) gave %s", raw, out)
		}
		for _, c := range line.Coordinates {
			if !inSweden(c[1], c[0]) {
				t.Fatalf("checkRoute(%q) gave a position outside Sweden: %s", raw, out)
			}
		}
		var again validation.Errors
		if out2, _ := checkRoute(&again, out); len(again) > 0 || string(out2) != string(out) {
			t.Fatalf("checkRoute(%s) = %s, %v; want it unchanged", out, out2, again)
		}
	})
}
