package report

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Place is a named place of a municipality that reports can be made at:
// "Lindvallen" in Malung-Sälen, "Noret" in Mora.
type Place struct {
	ID               int64    `json:"id,string"`
	MunicipalityCode string   `json:"municipality_code"`
	Name             string   `json:"name"`
	Lat              *float64 `json:"lat"`
	Lon              *float64 `json:"lon"`
	// Source says where the coordinates come from and how far to trust them.
	Source string `json:"source"`
}

// PlaceInput is what a coordinator gives to add a place.
type PlaceInput struct {
	MunicipalityCode string   `json:"municipality_code"`
	Name             string   `json:"name"`
	Lat              *float64 `json:"lat"`
	Lon              *float64 `json:"lon"`
	Source           string   `json:"source"`
}

// Sweden's bounding box, with a margin: a position outside it is a typo or
// latitude and longitude swapped.
const (
	minLatSweden, maxLatSweden = 55.0, 69.2
	minLonSweden, maxLonSweden = 10.9, 24.3
)

// checkPosition checks an optional pin: both or neither, in range, in
// Sweden.
func checkPosition(e *validation.Errors, prefix string, lat, lon *float64) {
	switch {
	case lat == nil && lon == nil:
		return
	case lat == nil:
		e.Add(prefix+"lat", "error.position_pair")
		return
	case lon == nil:
		e.Add(prefix+"lon", "error.position_pair")
		return
	}
	la, lo := *lat, *lon
	bad := false
	if math.IsNaN(la) || la < -90 || la > 90 {
		e.Add(prefix+"lat", "error.lat_range")
		bad = true
	}
	if math.IsNaN(lo) || lo < -180 || lo > 180 {
		e.Add(prefix+"lon", "error.lon_range")
		bad = true
	}
	if !bad && (la < minLatSweden || la > maxLatSweden || lo < minLonSweden || lo > maxLonSweden) {
		e.Add(prefix+"lat", "error.outside_sweden")
	}
}

// Places returns the named places of a municipality, by name.
func (s *Store) Places(ctx context.Context, municipalityCode string) ([]Place, error) {
	return places(ctx, s.db, municipalityCode)
}

func places(ctx context.Context, q db.Queryer, code string) ([]Place, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, municipality_code, name, lat, lon, source FROM places
		WHERE municipality_code = ? ORDER BY name_key, id`, code)
	if err != nil {
		return nil, fmt.Errorf("places of %s: %w", code, err)
	}
	defer rows.Close()
	var out []Place
	for rows.Next() {
		var p Place
		var lat, lon sql.NullFloat64
		if err := rows.Scan(&p.ID, &p.MunicipalityCode, &p.Name, &lat, &lon, &p.Source); err != nil {
			return nil, err
		}
		p.Lat, p.Lon = floatPtr(lat), floatPtr(lon)
		out = append(out, p)
	}
	return out, rows.Err()
}

// CreatePlace adds a named place to a municipality.
func (s *Store) CreatePlace(ctx context.Context, actor audit.Actor, in PlaceInput) (Place, error) {
	var p Place
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		p, err = createPlace(ctx, tx, actor, in)
		return err
	})
	return p, err
}

func createPlace(ctx context.Context, tx *db.Tx, actor audit.Actor, in PlaceInput) (Place, error) {
	var e validation.Errors
	name := strings.Join(strings.Fields(e.Text("name", norm.NFC.String(in.Name), true, maxPlaceLength)), " ")
	source := e.Text("source", in.Source, false, maxPlaceSource)
	checkPosition(&e, "", in.Lat, in.Lon)
	if _, err := municipalityOf(ctx, tx, in.MunicipalityCode, &e, "municipality_code"); err != nil {
		return Place{}, err
	}
	if err := e.Err(); err != nil {
		return Place{}, err
	}
	p := Place{MunicipalityCode: in.MunicipalityCode, Name: name, Lat: in.Lat, Lon: in.Lon, Source: source}
	err := tx.QueryRowContext(ctx, `INSERT INTO places (municipality_code, name, name_key, lat, lon, source, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.MunicipalityCode, p.Name, fold(p.Name), p.Lat, p.Lon, p.Source, tx.Now()).Scan(&p.ID)
	if err = db.Normalize(err); errors.Is(err, db.ErrConflict) {
		e.Add("name", "error.place_taken")
		return Place{}, e.Err()
	}
	if err != nil {
		return Place{}, fmt.Errorf("insert place: %w", err)
	}
	return p, audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "place", EntityID: audit.ID(p.ID), After: p})
}

const (
	maxPlaceLength = 100
	maxPlaceSource = 500
)

//go:embed data/places.csv
var placesCSV string

// SeedPlaces returns the places the product ships with: Sälen and its ski
// resorts in Malung-Sälen, the town centre and the Noret shopping area in
// Mora. Their coordinates and how far to trust them are in data/places.csv.
func SeedPlaces() ([]PlaceInput, error) {
	r := csv.NewReader(strings.NewReader(placesCSV))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("places.csv: %w", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != "municipality_code,name,lat,lon,source" {
		return nil, errors.New("places.csv: unexpected header")
	}
	var out []PlaceInput
	for _, rec := range recs[1:] {
		lat, err1 := strconv.ParseFloat(rec[2], 64)
		lon, err2 := strconv.ParseFloat(rec[3], 64)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("places.csv: %s: bad coordinates", rec[1])
		}
		out = append(out, PlaceInput{MunicipalityCode: rec[0], Name: rec[1], Lat: &lat, Lon: &lon, Source: rec[4]})
	}
	return out, nil
}

// Seed adds the shipped places and areas (SeedPlaces, SeedAreas) that are
// not there yet, leaving alone any a coordinator has already made with the
// same name. It is safe to run on every start.
func (s *Store) Seed(ctx context.Context, actor audit.Actor) error {
	seeds, err := SeedPlaces()
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, in := range seeds {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM places WHERE municipality_code = ? AND name_key = ?`,
				in.MunicipalityCode, fold(in.Name)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				continue
			}
			if _, err := createPlace(ctx, tx, actor, in); err != nil {
				return fmt.Errorf("seed place %s: %w", in.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	areas, err := SeedAreas()
	if err != nil {
		return err
	}
	for code, data := range areas {
		have, err := s.Areas(ctx, code)
		if err != nil {
			return err
		}
		if len(have) > 0 {
			continue
		}
		if _, err := s.UploadAreas(ctx, actor, code, data); err != nil {
			return fmt.Errorf("seed areas of %s: %w", code, err)
		}
	}
	return nil
}

// checkPlaceList checks a list of places that is to be a municipality's
// named places (ReplacePlaces): each with a name, once, and a pin in
// Sweden if any. The errors are named "places.2.name" and so on.
func checkPlaceList(e *validation.Errors, code string, in []PlaceInput) []Place {
	out := make([]Place, 0, len(in))
	seen := map[string]bool{}
	for i, p := range in {
		prefix := "places." + strconv.Itoa(i) + "."
		name := strings.Join(strings.Fields(e.Text(prefix+"name", norm.NFC.String(p.Name), true, maxPlaceLength)), " ")
		source := e.Text(prefix+"source", p.Source, false, 500)
		checkPosition(e, prefix, p.Lat, p.Lon)
		if name != "" && seen[fold(name)] {
			e.Add(prefix+"name", "error.place_twice", name)
		}
		seen[fold(name)] = true
		out = append(out, Place{MunicipalityCode: code, Name: name, Lat: p.Lat, Lon: p.Lon, Source: source})
	}
	return out
}

// placeReports counts the reports that name each of the municipality's
// places.
func placeReports(ctx context.Context, q db.Queryer, code string) (map[int64]int, error) {
	out := map[int64]int{}
	err := db.Each(ctx, q, `SELECT r.place_id, COUNT(*) FROM reports r JOIN places p ON p.id = r.place_id
		WHERE p.municipality_code = ? GROUP BY r.place_id`, []any{code}, func(sc db.Scanner) error {
		var id int64
		var n int
		if err := sc.Scan(&id, &n); err != nil {
			return err
		}
		out[id] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reports by place in %s: %w", code, err)
	}
	return out, nil
}

// placesPlan is what replacing a municipality's places does: the places
// kept (with the id they have), added (id 0) and removed.
type placesPlan struct {
	before, after []Place
	removed       []Place
	moved         bool // a kept place's point changed: reports at it move
}

// planPlaces checks in against the municipality's places as they are.
// A place named by reports cannot be left out: the reports keep their
// place, so the list must keep it too.
func planPlaces(ctx context.Context, q db.Queryer, e *validation.Errors, code string, in []PlaceInput) (placesPlan, error) {
	var plan placesPlan
	if _, err := municipalityOf(ctx, q, code, e, "municipality_code"); err != nil || e.Has("municipality_code") {
		return plan, err
	}
	plan.after = checkPlaceList(e, code, in)
	var err error
	if plan.before, err = places(ctx, q, code); err != nil {
		return plan, err
	}
	used, err := placeReports(ctx, q, code)
	if err != nil {
		return plan, err
	}
	byKey := map[string]Place{}
	for _, p := range plan.before {
		byKey[fold(p.Name)] = p
	}
	kept := map[int64]bool{}
	for i, p := range plan.after {
		old, ok := byKey[fold(p.Name)]
		if !ok {
			continue
		}
		plan.after[i].ID, kept[old.ID] = old.ID, true
		if samePoint(old, p) {
			if p.Source == "" {
				plan.after[i].Source = old.Source
			}
		} else if used[old.ID] > 0 {
			plan.moved = true
		}
	}
	for _, p := range plan.before {
		if kept[p.ID] {
			continue
		}
		if n := used[p.ID]; n > 0 {
			e.Add("places", "error.place_in_use", p.Name, n)
		}
		plan.removed = append(plan.removed, p)
	}
	return plan, nil
}

// samePoint reports whether two places have the same pin, or none.
func samePoint(a, b Place) bool {
	eq := func(x, y *float64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return eq(a.Lat, b.Lat) && eq(a.Lon, b.Lon)
}

// CheckPlaces adds to e what is wrong with a list of places that is to
// replace the municipality's (ReplacePlaces), without storing anything:
// so that a request that changes more than the places says every error
// at once and is refused whole. The error is the database's.
func (s *Store) CheckPlaces(ctx context.Context, e *validation.Errors, code string, in []PlaceInput) error {
	_, err := planPlaces(ctx, s.db, e, code, in)
	return err
}

// ReplacePlaces makes in the municipality's named places, in one
// transaction: a place of the list with the name (compared as reports
// compare it) of one already there keeps its id, and so its reports, and
// takes the list's spelling and pin (and source, or the old source when
// the pin is the same); the others are added; the places left out are
// removed. A place that reports name cannot be left out (error
// "error.place_in_use"). Reports that take their position from a place
// whose pin moved are placed in their areas again.
func (s *Store) ReplacePlaces(ctx context.Context, actor audit.Actor, code string, in []PlaceInput) ([]Place, error) {
	var out []Place
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var e validation.Errors
		plan, err := planPlaces(ctx, tx, &e, code, in)
		if err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		for _, p := range plan.removed {
			if _, err := tx.ExecContext(ctx, `DELETE FROM places WHERE id = ?`, p.ID); err != nil {
				return fmt.Errorf("remove place %s: %w", p.Name, db.Normalize(err))
			}
		}
		for i, p := range plan.after {
			if p.ID != 0 {
				_, err = tx.ExecContext(ctx, `UPDATE places SET name = ?, name_key = ?, lat = ?, lon = ?, source = ? WHERE id = ?`,
					p.Name, fold(p.Name), p.Lat, p.Lon, p.Source, p.ID)
			} else {
				err = tx.QueryRowContext(ctx, `INSERT INTO places (municipality_code, name, name_key, lat, lon, source, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, code, p.Name, fold(p.Name), p.Lat, p.Lon, p.Source, tx.Now()).Scan(&plan.after[i].ID)
			}
			if err != nil {
				return fmt.Errorf("store place %s: %w", p.Name, db.Normalize(err))
			}
		}
		if plan.moved {
			if err := relocate(ctx, tx, code); err != nil {
				return err
			}
		}
		if out, err = places(ctx, tx, code); err != nil {
			return err
		}
		if out == nil {
			out = []Place{}
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "places", EntityID: code, Before: plan.before, After: out})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
