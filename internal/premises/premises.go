package premises

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
)

// Licence types (serveringstillstånd), by whom the premises may serve and
// for how long.
const (
	PermanentPublic  = "permanent_public"  // stadigvarande till allmänheten
	PermanentPrivate = "permanent_private" // stadigvarande till slutet sällskap
	TemporaryPublic  = "temporary_public"  // tillfälligt till allmänheten
	TemporaryPrivate = "temporary_private" // tillfälligt till slutet sällskap
	Catering         = "catering"          // stadigvarande till slutet sällskap, catering
)

// LicenceTypes lists the licence types in the order they are shown.
var LicenceTypes = []string{PermanentPublic, PermanentPrivate, TemporaryPublic, TemporaryPrivate, Catering}

// ParseLicenceType reads a licence type as a code of LicenceTypes or as a
// Swedish register writes it ("Stadigvarande tillstånd till allmänheten").
func ParseLicenceType(s string) (string, bool) {
	v := strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
	if slices.Contains(LicenceTypes, v) {
		return v, true
	}
	if strings.Contains(v, "catering") {
		return Catering, true
	}
	permanent := strings.HasPrefix(v, "stadigvarande")
	temporary := strings.HasPrefix(v, "tillfällig")
	public := strings.Contains(v, "allmänhet")
	private := strings.Contains(v, "slutet sällskap") || strings.Contains(v, "slutna sällskap")
	switch {
	case permanent && public && !private:
		return PermanentPublic, true
	case permanent && private && !public:
		return PermanentPrivate, true
	case temporary && public && !private:
		return TemporaryPublic, true
	case temporary && private && !public:
		return TemporaryPrivate, true
	}
	return "", false
}

// Statuses of a premises: open, or closed (kept in the register with its
// history, no longer supervised).
const (
	Open   = "open"
	Closed = "closed"
)

// Statuses lists the statuses.
var Statuses = []string{Open, Closed}

// Premises is a licensed serving premises (serveringsställe).
type Premises struct {
	ID               int64  `json:"id,string"`
	MunicipalityCode string `json:"municipality_code"`
	// RestaurantNumber is the municipality's number of the premises: its
	// kommunkod and four digits, 20230001.
	RestaurantNumber string `json:"restaurant_number"`
	Name             string `json:"name"`
	// OrganizationNumber is the licence holder's, as NNNNNN-NNNN.
	OrganizationNumber string `json:"organization_number"`
	HolderName         string `json:"holder_name"`
	// Address is the street address, postal code and area on one line.
	Address       string    `json:"address"`
	StreetAddress string    `json:"street_address"`
	PostalCode    string    `json:"postal_code"` // "780 67"
	PostalArea    string    `json:"postal_area"`
	Lat           *float64  `json:"lat"`
	Lon           *float64  `json:"lon"`
	LicenceType   string    `json:"licence_type"`
	ServingHours  string    `json:"serving_hours"` // as the licence says it: "11.00–01.00"
	Status        string    `json:"status"`
	Synthetic     bool      `json:"synthetic"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Ref names a premises in lists such as the premises not yet visited.
type Ref struct {
	ID   int64  `json:"id,string"`
	Name string `json:"name"`
}

// Input is a premises as a client gives it (POST /api/v1/premises).
// Address is the street address in one field; a client that has the
// parts gives StreetAddress, PostalCode and PostalArea instead.
type Input struct {
	Name               string   `json:"name"`
	RestaurantNumber   string   `json:"restaurant_number"`
	OrganizationNumber string   `json:"organization_number"`
	HolderName         string   `json:"holder_name"`
	Address            string   `json:"address"`
	StreetAddress      string   `json:"street_address"`
	PostalCode         string   `json:"postal_code"`
	PostalArea         string   `json:"postal_area"`
	MunicipalityCode   string   `json:"municipality_code"`
	Lat                *float64 `json:"lat"`
	Lon                *float64 `json:"lon"`
	LicenceType        string   `json:"licence_type"`
	ServingHours       string   `json:"serving_hours"`
	Status             string   `json:"status"` // open (the default) or closed
	Synthetic          bool     `json:"synthetic"`
}

// InputOf returns the input that would make p as it is, as the start of a
// change.
func InputOf(p Premises) Input {
	return Input{Name: p.Name, RestaurantNumber: p.RestaurantNumber, OrganizationNumber: p.OrganizationNumber,
		HolderName: p.HolderName, StreetAddress: p.StreetAddress, PostalCode: p.PostalCode, PostalArea: p.PostalArea,
		MunicipalityCode: p.MunicipalityCode, Lat: p.Lat, Lon: p.Lon, LicenceType: p.LicenceType,
		ServingHours: p.ServingHours, Status: p.Status, Synthetic: p.Synthetic}
}

// check checks what can be checked of in without the database and
// returns the premises it describes.
func (in Input) check(e *validation.Errors) Premises {
	p := Premises{
		Name:             e.Text("name", norm.NFC.String(in.Name), true, maxShort),
		HolderName:       e.Text("holder_name", norm.NFC.String(in.HolderName), true, maxShort),
		StreetAddress:    e.Text("street_address", norm.NFC.String(in.StreetAddress), false, maxShort),
		PostalArea:       e.Text("postal_area", norm.NFC.String(in.PostalArea), false, maxTiny),
		ServingHours:     e.Text("serving_hours", in.ServingHours, false, maxTiny),
		MunicipalityCode: strings.TrimSpace(in.MunicipalityCode),
		RestaurantNumber: strings.TrimSpace(in.RestaurantNumber),
		Lat:              in.Lat,
		Lon:              in.Lon,
		Status:           strings.TrimSpace(in.Status),
		Synthetic:        in.Synthetic,
	}
	address := e.Text("address", norm.NFC.String(in.Address), false, maxShort)
	switch {
	case p.StreetAddress == "":
		p.StreetAddress = address
	case address != "" && address != p.StreetAddress:
		e.Add("address", "error.address_twice")
	}
	p.PostalCode = checkPostalCode(e, in.PostalCode)

	switch {
	case p.RestaurantNumber == "":
		e.Add("restaurant_number", "error.required")
	case !validRestaurantNumber(p.RestaurantNumber):
		e.Add("restaurant_number", "error.restaurant_number")
	case p.MunicipalityCode != "" && p.RestaurantNumber[:4] != p.MunicipalityCode:
		e.Add("restaurant_number", "error.restaurant_number_municipality", p.MunicipalityCode)
	}
	if strings.TrimSpace(in.OrganizationNumber) == "" {
		e.Add("organization_number", "error.required")
	} else {
		n, err := ParseOrganizationNumber(in.OrganizationNumber)
		switch {
		case errors.Is(err, ErrOrganizationNumberCheck):
			e.Add("organization_number", "error.organization_number_check")
		case err != nil:
			e.Add("organization_number", "error.organization_number")
		}
		p.OrganizationNumber = n
	}
	if strings.TrimSpace(in.LicenceType) == "" {
		e.Add("licence_type", "error.choose")
	} else if lt, ok := ParseLicenceType(in.LicenceType); ok {
		p.LicenceType = lt
	} else {
		e.Add("licence_type", "error.one_of", strings.Join(LicenceTypes, ", "))
	}
	if p.Status == "" {
		p.Status = Open
	}
	e.OneOf("status", p.Status, Statuses)
	e.Position(p.Lat, p.Lon)
	return p
}

// checkPostalCode reads a Swedish postal code, five digits, and writes it
// as the post does: "780 67".
func checkPostalCode(e *validation.Errors, s string) string {
	v := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	if v == "" {
		return ""
	}
	if len(v) != 5 || strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		e.Add("postal_code", "error.postal_code")
		return strings.TrimSpace(s)
	}
	return v[:3] + " " + v[3:]
}

// address writes the address on one line.
func (p *Premises) setAddress() {
	postal := strings.TrimSpace(p.PostalCode + " " + p.PostalArea)
	switch {
	case p.StreetAddress == "":
		p.Address = postal
	case postal == "":
		p.Address = p.StreetAddress
	default:
		p.Address = p.StreetAddress + ", " + postal
	}
}

// validate checks in against the database as well: the municipality
// exists and the restaurant number is not another premises'.
func (in Input) validate(ctx context.Context, q db.Queryer, id int64) (Premises, error) {
	var e validation.Errors
	p := in.check(&e)
	if err := municipality.Check(ctx, q, &e, "municipality_code", p.MunicipalityCode); err != nil {
		return p, err
	}
	if !e.Has("restaurant_number") {
		var other int64
		err := q.QueryRowContext(ctx, `SELECT id FROM premises WHERE restaurant_number = ?`, p.RestaurantNumber).Scan(&other)
		switch err = db.Normalize(err); {
		case errors.Is(err, db.ErrNotFound):
		case err != nil:
			return p, fmt.Errorf("restaurant number: %w", err)
		case other != id:
			e.Add("restaurant_number", "error.restaurant_number_taken")
		}
	}
	p.setAddress()
	return p, e.Err()
}

// CheckInput checks a premises as Create (id 0) or Update (the id of the
// premises) would, without storing anything: a form shows every error at
// once with it.
func (s *Store) CheckInput(ctx context.Context, in Input, id int64) error {
	_, err := in.validate(ctx, s.db, id)
	return err
}

// Store reads and writes the premises register and its supervision.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d, now: d.Clock().Now} }

// Create adds a premises to the register.
func (s *Store) Create(ctx context.Context, actor audit.Actor, in Input) (Premises, error) {
	var p Premises
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if p, err = in.validate(ctx, tx, 0); err != nil {
			return err
		}
		return insert(ctx, tx, actor, &p)
	})
	return p, err
}

func insert(ctx context.Context, tx *db.Tx, actor audit.Actor, p *Premises) error {
	p.CreatedAt, p.UpdatedAt, p.Version = tx.Now(), tx.Now(), 1
	err := tx.QueryRowContext(ctx, `INSERT INTO premises (municipality_code, restaurant_number, name, organization_number,
		holder_name, street_address, postal_code, postal_area, lat, lon, licence_type, serving_hours, status, synthetic,
		version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.MunicipalityCode, p.RestaurantNumber, p.Name, p.OrganizationNumber, p.HolderName, p.StreetAddress, p.PostalCode,
		p.PostalArea, p.Lat, p.Lon, p.LicenceType, p.ServingHours, p.Status, p.Synthetic, p.Version, p.CreatedAt,
		p.UpdatedAt).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("create premises: %w", db.Normalize(err))
	}
	if err := saveVersion(ctx, tx, actor, *p); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "premises", EntityID: audit.ID(p.ID), After: p})
}

// Update changes a premises; the register keeps every earlier state. A
// premises stays in its municipality.
func (s *Store) Update(ctx context.Context, actor audit.Actor, id int64, in Input) (Premises, error) {
	var p Premises
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		// Every error at once: a premises stays in its municipality too.
		var e validation.Errors
		p, err = in.validate(ctx, tx, id)
		if ve, ok := errors.AsType[*validation.Error](err); ok {
			e = ve.Fields
		} else if err != nil {
			return err
		}
		if p.MunicipalityCode != before.MunicipalityCode && !e.Has("municipality_code") {
			e.Add("municipality_code", "error.municipality_fixed")
		}
		if err := e.Err(); err != nil {
			return err
		}
		_, err = update(ctx, tx, actor, before, &p)
		return err
	})
	return p, err
}

// same reports whether a and b hold the same data.
func same(a, b Premises) bool {
	eq := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.MunicipalityCode == b.MunicipalityCode && a.RestaurantNumber == b.RestaurantNumber && a.Name == b.Name &&
		a.OrganizationNumber == b.OrganizationNumber && a.HolderName == b.HolderName && a.StreetAddress == b.StreetAddress &&
		a.PostalCode == b.PostalCode && a.PostalArea == b.PostalArea && eq(a.Lat, b.Lat) && eq(a.Lon, b.Lon) &&
		a.LicenceType == b.LicenceType && a.ServingHours == b.ServingHours && a.Status == b.Status && a.Synthetic == b.Synthetic
}

// update stores p over before, unless nothing changed; changed says which.
func update(ctx context.Context, tx *db.Tx, actor audit.Actor, before Premises, p *Premises) (changed bool, err error) {
	if same(before, *p) {
		*p = before
		return false, nil
	}
	p.ID, p.CreatedAt, p.UpdatedAt, p.Version = before.ID, before.CreatedAt, tx.Now(), before.Version+1
	_, err = tx.ExecContext(ctx, `UPDATE premises SET restaurant_number = ?, name = ?, organization_number = ?,
		holder_name = ?, street_address = ?, postal_code = ?, postal_area = ?, lat = ?, lon = ?, licence_type = ?,
		serving_hours = ?, status = ?, synthetic = ?, version = ?, updated_at = ? WHERE id = ?`,
		p.RestaurantNumber, p.Name, p.OrganizationNumber, p.HolderName, p.StreetAddress, p.PostalCode, p.PostalArea,
		p.Lat, p.Lon, p.LicenceType, p.ServingHours, p.Status, p.Synthetic, p.Version, p.UpdatedAt, p.ID)
	if err != nil {
		return false, fmt.Errorf("update premises %d: %w", p.ID, err)
	}
	if err := saveVersion(ctx, tx, actor, *p); err != nil {
		return false, err
	}
	return true, audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "premises", EntityID: audit.ID(p.ID),
		Before: before, After: p})
}

func saveVersion(ctx context.Context, tx *db.Tx, actor audit.Actor, p Premises) error {
	snapshot, err := json.Marshal(p)
	if err != nil {
		return err
	}
	var actorID sql.NullInt64
	if actor.UserID != 0 {
		actorID = sql.NullInt64{Int64: actor.UserID, Valid: true}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO premises_versions (premises_id, version, at, actor_id, actor_label, snapshot_json)
		VALUES (?, ?, ?, ?, ?, ?)`, p.ID, p.Version, p.UpdatedAt, actorID, actor.Label, string(snapshot))
	if err != nil {
		return fmt.Errorf("premises %d version %d: %w", p.ID, p.Version, err)
	}
	return nil
}

// Version is one state of a premises as it was saved.
type Version struct {
	Version    int       `json:"version"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,string,omitempty"`
	ActorLabel string    `json:"actor"`
	Premises   Premises  `json:"premises"`
}

// History returns every state the premises has had, the latest first.
func (s *Store) History(ctx context.Context, id int64) ([]Version, error) {
	if _, err := byID(ctx, s.db, id); err != nil {
		return nil, err
	}
	var out []Version
	err := db.Each(ctx, s.db, `SELECT version, at, actor_id, actor_label, snapshot_json FROM premises_versions
		WHERE premises_id = ? ORDER BY version DESC`, []any{id}, func(sc db.Scanner) error {
		var v Version
		var actorID sql.NullInt64
		var snapshot string
		if err := sc.Scan(&v.Version, &v.At, &actorID, &v.ActorLabel, &snapshot); err != nil {
			return err
		}
		v.ActorID = actorID.Int64
		v.At = v.At.UTC()
		if err := json.Unmarshal([]byte(snapshot), &v.Premises); err != nil {
			return fmt.Errorf("premises %d version %d: %w", id, v.Version, err)
		}
		out = append(out, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("history of premises %d: %w", id, err)
	}
	return out, nil
}

// Change is one field of a premises that a version changed, by its JSON
// name, with the value before and after as text ("" for none). Codes
// (licence_type, status) are left as codes, for the reader's language.
type Change struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Changes lists the fields that differ between two states of a premises,
// in the order of the register's columns.
func Changes(before, after Premises) []Change {
	coord := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'f', -1, 64)
	}
	var out []Change
	for _, c := range []Change{
		{"name", before.Name, after.Name},
		{"restaurant_number", before.RestaurantNumber, after.RestaurantNumber},
		{"organization_number", before.OrganizationNumber, after.OrganizationNumber},
		{"holder_name", before.HolderName, after.HolderName},
		{"street_address", before.StreetAddress, after.StreetAddress},
		{"postal_code", before.PostalCode, after.PostalCode},
		{"postal_area", before.PostalArea, after.PostalArea},
		{"lat", coord(before.Lat), coord(after.Lat)},
		{"lon", coord(before.Lon), coord(after.Lon)},
		{"licence_type", before.LicenceType, after.LicenceType},
		{"serving_hours", before.ServingHours, after.ServingHours},
		{"status", before.Status, after.Status},
	} {
		if c.Before != c.After {
			out = append(out, c)
		}
	}
	return out
}

const premisesColumns = `p.id, p.municipality_code, p.restaurant_number, p.name, p.organization_number, p.holder_name,
	p.street_address, p.postal_code, p.postal_area, p.lat, p.lon, p.licence_type, p.serving_hours, p.status,
	p.synthetic, p.version, p.created_at, p.updated_at`

func scanPremises(sc db.Scanner, p *Premises) error {
	var lat, lon sql.NullFloat64
	err := sc.Scan(&p.ID, &p.MunicipalityCode, &p.RestaurantNumber, &p.Name, &p.OrganizationNumber, &p.HolderName,
		&p.StreetAddress, &p.PostalCode, &p.PostalArea, &lat, &lon, &p.LicenceType, &p.ServingHours, &p.Status,
		&p.Synthetic, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	p.Lat, p.Lon = db.FloatPtr(lat), db.FloatPtr(lon)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	p.setAddress()
	return err
}

// ByID returns one premises, or db.ErrNotFound.
func (s *Store) ByID(ctx context.Context, id int64) (Premises, error) { return byID(ctx, s.db, id) }

func byID(ctx context.Context, q db.Queryer, id int64) (Premises, error) {
	var p Premises
	if err := scanPremises(q.QueryRowContext(ctx, `SELECT `+premisesColumns+` FROM premises p WHERE p.id = ?`, id), &p); err != nil {
		return Premises{}, fmt.Errorf("premises %d: %w", id, db.Normalize(err))
	}
	return p, nil
}

// ByRestaurantNumber returns the premises with the number, or
// db.ErrNotFound.
func (s *Store) ByRestaurantNumber(ctx context.Context, number string) (Premises, error) {
	var p Premises
	err := scanPremises(s.db.QueryRowContext(ctx, `SELECT `+premisesColumns+` FROM premises p WHERE p.restaurant_number = ?`,
		number), &p)
	if err != nil {
		return Premises{}, fmt.Errorf("premises %s: %w", number, db.Normalize(err))
	}
	return p, nil
}

// Filter narrows a listing of premises.
type Filter struct {
	MunicipalityCode string // required
	Status           string // "" for every status
	// Query finds premises by a part of the name, the restaurant number,
	// the licence holder's name or organisation number, in any case.
	Query  string
	Cursor string
	Limit  int
}

// searchKey is text folded for a search: NFC, Unicode lower case, white
// space collapsed. SQLite's LOWER folds ASCII only ("Åre" would not find
// "åre"), so the folding is done here for both databases.
func searchKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

// digits keeps the digits of s: "559900-1212" is found as "5599001212".
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// Matches reports whether p is found by the search query (see
// Filter.Query); the empty query finds everything.
func (p Premises) Matches(query string) bool {
	q := searchKey(query)
	if q == "" {
		return true
	}
	for _, v := range []string{p.Name, p.HolderName, p.RestaurantNumber, p.OrganizationNumber, p.Address} {
		if strings.Contains(searchKey(v), q) {
			return true
		}
	}
	// A number typed without its hyphen or with spaces: "5599001212".
	if d := digits(q); len(d) >= 3 && len(d) == len(strings.NewReplacer("-", "", " ", "").Replace(q)) {
		return strings.Contains(digits(p.OrganizationNumber), d) || strings.Contains(p.RestaurantNumber, d)
	}
	return false
}

// List returns a municipality's premises in the order of their restaurant
// numbers, a page at a time.
func (s *Store) List(ctx context.Context, f Filter) (db.Page[Premises], error) {
	cur, err := db.DecodeCursor(f.Cursor)
	if err != nil {
		return db.Page[Premises]{}, err
	}
	limit := db.Limit(f.Limit, 100, 1000)
	if strings.TrimSpace(f.Query) != "" {
		return s.search(ctx, f, cur, limit)
	}
	q := `SELECT ` + premisesColumns + ` FROM premises p WHERE p.municipality_code = ?`
	args := []any{f.MunicipalityCode}
	if f.Status != "" {
		q += ` AND p.status = ?`
		args = append(args, f.Status)
	}
	if cur.ID != 0 {
		q += ` AND p.restaurant_number > ?`
		args = append(args, cur.Key)
	}
	q += ` ORDER BY p.restaurant_number LIMIT ?`
	args = append(args, limit+1)
	var page db.Page[Premises]
	err = db.Each(ctx, s.db, q, args, func(sc db.Scanner) error {
		var p Premises
		if err := scanPremises(sc, &p); err != nil {
			return err
		}
		page.Items = append(page.Items, p)
		return nil
	})
	if err != nil {
		return db.Page[Premises]{}, fmt.Errorf("list premises: %w", err)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = db.Cursor{Key: last.RestaurantNumber, ID: last.ID}.Encode()
	}
	return page, nil
}

// search is List with a query. A municipality's register is a few
// hundred premises at most (Stockholm's, the largest, some two thousand),
// so it is read whole and searched here, with the same keyset pages.
func (s *Store) search(ctx context.Context, f Filter, cur db.Cursor, limit int) (db.Page[Premises], error) {
	list, err := all(ctx, s.db, f.MunicipalityCode, f.Status)
	if err != nil {
		return db.Page[Premises]{}, err
	}
	var page db.Page[Premises]
	for _, p := range list {
		if (cur.ID != 0 && p.RestaurantNumber <= cur.Key) || !p.Matches(f.Query) {
			continue
		}
		if len(page.Items) == limit {
			last := page.Items[limit-1]
			page.Next = db.Cursor{Key: last.RestaurantNumber, ID: last.ID}.Encode()
			break
		}
		page.Items = append(page.Items, p)
	}
	return page, nil
}

// All returns every premises of a municipality, for forms and maps.
func (s *Store) All(ctx context.Context, municipalityCode string) ([]Premises, error) {
	return all(ctx, s.db, municipalityCode, "")
}

func all(ctx context.Context, q db.Queryer, code, status string) ([]Premises, error) {
	query := `SELECT ` + premisesColumns + ` FROM premises p WHERE p.municipality_code = ?`
	args := []any{code}
	if status != "" {
		query += ` AND p.status = ?`
		args = append(args, status)
	}
	var out []Premises
	err := db.Each(ctx, q, query+` ORDER BY p.restaurant_number`, args, func(sc db.Scanner) error {
		var p Premises
		if err := scanPremises(sc, &p); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("premises of %s: %w", code, err)
	}
	return out, nil
}
