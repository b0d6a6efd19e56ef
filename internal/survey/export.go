package survey

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// The exports of a survey's results: one table (CSV and Excel) and the
// places as GeoJSON. Both are made from Results, so they hold exactly what
// the reader may see on the results page: counts below the suppression
// threshold hidden, and the free texts and exact pins only when the
// results are raw (the municipality's coordinators: CanReadRaw).

// Row types of the results table.
const (
	RowOption = "option" // an option counted
	RowGroup  = "group"  // the safety scale in a background group
	RowNumber = "number" // a number question summed up
	RowPlace  = "place"  // a named place counted
	RowCell   = "cell"   // a grid cell counted
	RowWhen   = "when"   // a weekday × part of the day counted
	RowText   = "text"   // a free text (raw only)
	RowPin    = "pin"    // an exact pin (raw only)
	// RowPlaceReason is a place question's follow-up option counted: over
	// all places (value "<option>") or at one named place
	// ("<place>:<option>", the label "<place>: <option's label>").
	RowPlaceReason = "place_reason"
)

// Row is one line of the results table. Count and Share are nil where they
// do not apply; a suppressed count says so instead.
type Row struct {
	QuestionKey string
	Section     string
	Kind        string
	Question    string
	Type        string
	Value       string
	Label       string
	Answered    int
	Count       *int
	Share       *float64
	Suppressed  bool
	Lat, Lon    *float64
}

// RowColumns are the results table's column names, for a header row.
var RowColumns = []string{"question_key", "section", "kind", "question", "row_type", "value", "label", "answered", "count",
	"share", "suppressed", "lat", "lon"}

func intp(n int) *int { return &n }

// Rows flattens the results into one table, the question's text and the
// options' labels in lang ("en" or Swedish); weekdays and parts of the day
// are written as their keys ("6.evening").
func (res Results) Rows(lang string) []Row {
	var out []Row
	for _, q := range res.Questions {
		base := Row{QuestionKey: q.Key, Section: q.Section, Kind: q.Kind, Question: q.In(lang), Answered: q.Answered}
		add := func(r Row) { out = append(out, r) }
		if len(q.Options) == 0 && q.Number == nil && len(q.Places) == 0 && len(q.Grid) == 0 && len(q.When) == 0 &&
			len(q.Texts) == 0 && len(q.Pins) == 0 && len(q.Reasons) == 0 {
			add(base) // the question with the number who answered
			continue
		}
		for _, o := range q.Options {
			r := base
			r.Type, r.Value, r.Label = RowOption, o.Value, o.In(lang)
			if o.Suppressed {
				r.Suppressed = true
			} else {
				share := o.Share
				r.Count, r.Share = intp(o.Count), &share
			}
			add(r)
		}
		for _, g := range q.Groups {
			r := base
			r.Type, r.Value, r.Label = RowGroup, g.Dimension+"."+g.Group, Option{Label: g.Label, LabelEn: g.LabelEn}.In(lang)
			if g.Suppressed {
				r.Suppressed = true
			} else {
				r.Count, r.Share = intp(g.Answered), g.UnsafeShare
			}
			add(r)
		}
		if n := q.Number; n != nil {
			for _, v := range []struct {
				key string
				val float64
			}{{"mean", n.Mean}, {"min", n.Min}, {"max", n.Max}} {
				r := base
				val := v.val
				r.Type, r.Value, r.Count, r.Share = RowNumber, v.key, intp(n.Count), &val
				add(r)
			}
		}
		for _, p := range q.Places {
			r := base
			r.Type, r.Value, r.Label, r.Count = RowPlace, p.Name, p.Name, intp(p.Count)
			add(r)
		}
		for _, rc := range append(slices.Clone(q.Reasons), q.PlaceReasons...) {
			r := base
			r.Type, r.Value, r.Label, r.Count = RowPlaceReason, rc.Value, rc.In(lang), intp(rc.Count)
			if rc.Place != "" {
				r.Value, r.Label = rc.Place+":"+rc.Value, rc.Place+": "+rc.In(lang)
			}
			add(r)
		}
		for _, c := range q.Grid {
			r := base
			lat, lon := c.Lat, c.Lon
			r.Type, r.Value, r.Count, r.Lat, r.Lon = RowCell, cellKey(c), intp(c.Count), &lat, &lon
			add(r)
		}
		for _, w := range q.When {
			for i, n := range w.Counts {
				r := base
				r.Type, r.Value, r.Count = RowWhen, strconv.Itoa(w.Weekday)+"."+Parts[i], intp(n)
				add(r)
			}
		}
		for _, t := range q.Texts {
			r := base
			r.Type, r.Label = RowText, t
			add(r)
		}
		for _, p := range q.Pins {
			r := base
			r.Type, r.Value, r.Label, r.Lat, r.Lon = RowPin, p.PlaceName, p.Why, p.Lat, p.Lon
			add(r)
		}
	}
	return out
}

func cellKey(c GridCell) string {
	return strconv.FormatFloat(c.Lat, 'f', 3, 64) + "," + strconv.FormatFloat(c.Lon, 'f', 3, 64)
}

// FeatureCollection is a GeoJSON FeatureCollection (RFC 7946).
type FeatureCollection struct {
	Type     string    `json:"type"`
	Features []Feature `json:"features"`
}

// Feature is a GeoJSON Feature.
type Feature struct {
	Type       string         `json:"type"`
	Geometry   Geometry       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

// Geometry is a GeoJSON Point ([lon, lat]) or Polygon.
type Geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// GeoJSON returns the place answers of the results as GeoJSON: each named
// place counted as a point at the place, each grid cell counted as its
// square, and, when the results are raw, each exact pin as a point. What
// Results hid (a place or cell below the threshold) is not there either.
// A named place without coordinates, and counts far from any named place,
// are only in the table.
func (s *Store) GeoJSON(ctx context.Context, v Survey, res Results) (FeatureCollection, error) {
	out := FeatureCollection{Type: "FeatureCollection", Features: []Feature{}}
	places, err := placeNames(ctx, s.db, v.MunicipalityCode)
	if err != nil {
		return out, err
	}
	at := map[string]namedPlace{}
	for _, p := range places {
		if p.Lat != nil && p.Lon != nil {
			at[strings.ToLower(p.Name)] = p
		}
	}
	for _, q := range res.Questions {
		if q.Kind != Place {
			continue
		}
		for _, p := range q.Places {
			np, ok := at[strings.ToLower(p.Name)]
			if p.Name == "" || !ok {
				continue
			}
			out.Features = append(out.Features, Feature{Type: "Feature",
				Geometry:   Geometry{Type: "Point", Coordinates: []float64{*np.Lon, *np.Lat}},
				Properties: map[string]any{"type": RowPlace, "question_key": q.Key, "name": p.Name, "count": p.Count}})
		}
		for _, c := range q.Grid {
			s, w, n, e := c.Lat, c.Lon, round6(c.Lat+GridSize), round6(c.Lon+2*GridSize)
			ring := [][]float64{{w, s}, {e, s}, {e, n}, {w, n}, {w, s}}
			out.Features = append(out.Features, Feature{Type: "Feature",
				Geometry:   Geometry{Type: "Polygon", Coordinates: [][][]float64{ring}},
				Properties: map[string]any{"type": RowCell, "question_key": q.Key, "count": c.Count}})
		}
		if !res.Raw {
			continue
		}
		for _, p := range q.Pins {
			if p.Lat == nil || p.Lon == nil {
				continue
			}
			out.Features = append(out.Features, Feature{Type: "Feature",
				Geometry:   Geometry{Type: "Point", Coordinates: []float64{*p.Lon, *p.Lat}},
				Properties: map[string]any{"type": RowPin, "question_key": q.Key, "place_name": p.PlaceName, "why": p.Why}})
		}
	}
	return out, nil
}
