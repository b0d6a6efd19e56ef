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
