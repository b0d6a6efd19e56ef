package walk

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Categories are the kinds of problem a point notes: lighting, vegetation
// blocking sight lines, littering, graffiti and vandalism, traffic, places
// where people gather, other.
var Categories = []string{"lighting", "vegetation", "littering", "graffiti_vandalism", "traffic", "gathering", "other"}

// Statuses of an action: open, in progress, done.
var Statuses = []string{StatusOpen, StatusInProgress, StatusDone}

const (
	StatusOpen       = "open"
	StatusInProgress = "in_progress"
	StatusDone       = "done"
)

// Limits of the free texts and lists.
const (
	maxArea        = 200
	maxNotes       = 5000
	maxDescription = 2000
	maxActionText  = 2000
	maxPlace       = 100
	maxResidents   = 10000
	maxParties     = 50
	maxRouteBytes  = 100_000
	maxRoutePoints = 2000
)

// Limits are the most characters each free text takes, by field name, for
// the forms to say while one types.
var Limits = map[string]int{"area": maxArea, "notes": maxNotes, "description": maxDescription, "text": maxActionText}

// Party is an organisation taking part in a walk.
type Party struct {
	ID   int64  `json:"id,string"`
	Name string `json:"name"`
}

// Walk is one safety walk with its points, each with its actions.
type Walk struct {
	ID               int64  `json:"id,string"`
	MunicipalityCode string `json:"municipality_code"`
	HeldOn           string `json:"held_on"`
	Area             string `json:"area"`
	// Route is a GeoJSON LineString, or null.
	Route          json.RawMessage `json:"route"`
	ResidentsCount int             `json:"residents_count"`
	Notes          string          `json:"notes"`
	Organizations  []Party         `json:"organizations"`
	Points         []Point         `json:"points"`
	Synthetic      bool            `json:"synthetic"`
	// Public says whether a coordinator has published the walk's action
	// list to the residents (PublicWalk).
	Public bool `json:"public"`
	// Commitments are the commitments of promises its points and actions
	// link to, with their text and promise.
	Commitments []Commitment `json:"commitments"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// Point is what the walk noted at one place.
type Point struct {
	ID          int64   `json:"id,string"`
	WalkID      int64   `json:"walk_id,string"`
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	Place       string  `json:"place"`
	Category    string  `json:"category"`
	Description string  `json:"description"`
	// HasPhoto says whether the point has a photo; its bytes are read
	// with Store.Photo, never with the point.
	HasPhoto     bool      `json:"has_photo"`
	ReportID     int64     `json:"report_id,string,omitempty"`
	CommitmentID int64     `json:"commitment_id,string,omitempty"`
	Actions      []Action  `json:"actions"`
	CreatedAt    time.Time `json:"created_at"`
}

// Action is what one organisation is to do about a point, by when.
type Action struct {
	ID               int64     `json:"id,string"`
	PointID          int64     `json:"point_id,string"`
	Text             string    `json:"text"`
	OrganizationID   int64     `json:"organization_id,string"`
	OrganizationName string    `json:"organization_name"`
	DueOn            string    `json:"due_on"`
	Status           string    `json:"status"`
	DoneOn           string    `json:"done_on"`
	ReportID         int64     `json:"report_id,string,omitempty"`
	CommitmentID     int64     `json:"commitment_id,string,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// Open reports whether the action is not done.
func (a Action) Open() bool { return a.Status != StatusDone }

// Actions returns every action of the walk, point by point.
func (w Walk) Actions() []Action {
	var out []Action
	for _, p := range w.Points {
		out = append(out, p.Actions...)
	}
	return out
}

// Store reads and writes safety walks.
type Store struct{ db *db.DB }

// NewStore returns a store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// --- Walks ---------------------------------------------------------------

// Input is a walk as a client gives it (POST /api/v1/safety-walks).
type Input struct {
	MunicipalityCode string          `json:"municipality_code"`
	HeldOn           string          `json:"held_on"`
	Area             string          `json:"area"`
	Route            json.RawMessage `json:"route"`
	ResidentsCount   int             `json:"residents_count"`
	// ResidentsText is the count as a form's field gives it; when set it
	// is read instead of ResidentsCount.
	ResidentsText   string   `json:"-"`
	Notes           string   `json:"notes"`
	OrganizationIDs []string `json:"organization_ids"`
	Synthetic       bool     `json:"synthetic"`
	// Personal data in the notes is refused unless Redact asks for it
	// masked (pii.WorkNotes: every party reads a walk).
	pii.Choice
}

// validate checks a walk; storedNotes are the notes before a change
// (personal data already accepted in them is not asked about again).
func (in Input) validate(ctx context.Context, q db.Queryer, storedNotes string) (Walk, pii.Review, error) {
	var e validation.Errors
	guard := pii.NewGuard(&e, in.Choice)
	w := Walk{
		MunicipalityCode: strings.TrimSpace(in.MunicipalityCode),
		HeldOn:           e.Date("held_on", in.HeldOn, true),
		Area:             e.Text("area", in.Area, true, maxArea),
		Notes:            e.Text("notes", in.Notes, false, maxNotes),
		Synthetic:        in.Synthetic,
		Organizations:    []Party{},
		Points:           []Point{},
		Commitments:      []Commitment{},
	}
	w.Notes = guard.Kept("notes", w.Notes, storedNotes, pii.WorkNotes)
	w.ResidentsCount = in.ResidentsCount
	if t := strings.TrimSpace(in.ResidentsText); t != "" {
		n, err := strconv.Atoi(t)
		if err != nil {
			e.Add("residents_count", "error.number")
		}
		w.ResidentsCount = n
	}
	if !e.Has("residents_count") && (w.ResidentsCount < 0 || w.ResidentsCount > maxResidents) {
		e.Add("residents_count", "walk.error.residents_range", maxResidents)
	}
	if !e.Has("held_on") && w.HeldOn < "2000-01-01" {
		e.Add("held_on", "error.occurred_too_early")
	}
	var err error
	if w.Route, err = checkRoute(&e, in.Route); err != nil {
		return w, pii.Review{}, err
	}
	if err := municipality.Check(ctx, q, &e, "municipality_code", w.MunicipalityCode); err != nil {
		return w, pii.Review{}, err
	}
	if len(in.OrganizationIDs) > maxParties {
		e.Add("organization_ids", "error.too_many", maxParties)
	}
	seen := map[int64]bool{}
	for _, s := range in.OrganizationIDs {
		if strings.TrimSpace(s) == "" || e.Has("organization_ids") {
			continue
		}
		id := parseID(s)
		name, err := organizationIn(ctx, q, id, w.MunicipalityCode)
		if err != nil {
			return w, pii.Review{}, err
		}
		switch {
		case name == "":
			e.Add("organization_ids", "walk.error.organization_not_in_municipality")
		case !seen[id]:
			seen[id] = true
			w.Organizations = append(w.Organizations, Party{ID: id, Name: name})
		}
	}
	return w, guard.Review(), e.Err()
}

// organizationIn returns the name of the organisation when it works in
// the municipality, "" when it does not or does not exist.
func organizationIn(ctx context.Context, q db.Queryer, id int64, code string) (string, error) {
	if id <= 0 || code == "" {
		return "", nil
	}
	var name string
	err := q.QueryRowContext(ctx, `SELECT o.name FROM organizations o JOIN organization_municipalities om ON om.organization_id = o.id
		WHERE o.id = ? AND om.municipality_code = ?`, id, code).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("organisation %d: %w", id, err)
	}
	return name, nil
}

// checkRoute checks an optional GeoJSON LineString in Sweden and returns
// it compacted, nil for none.
func checkRoute(e *validation.Errors, raw json.RawMessage) (json.RawMessage, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" || s == `""` {
		return nil, nil
	}
	if len(s) > maxRouteBytes {
		e.Add("route", "error.too_long", maxRouteBytes)
		return nil, nil
	}
	// A form sends the GeoJSON as a string.
	if strings.HasPrefix(s, `"`) {
		var inner string
		if json.Unmarshal([]byte(s), &inner) == nil {
			s = strings.TrimSpace(inner)
		}
	}
	var line struct {
		Type        string       `json:"type"`
		Coordinates [][]*float64 `json:"coordinates"`
	}
	if err := json.Unmarshal([]byte(s), &line); err != nil || line.Type != "LineString" || len(line.Coordinates) < 2 ||
		len(line.Coordinates) > maxRoutePoints {
		e.Add("route", "walk.error.route")
		return nil, nil
	}
	for _, c := range line.Coordinates {
		if len(c) < 2 || c[0] == nil || c[1] == nil || !inSweden(*c[1], *c[0]) {
			e.Add("route", "walk.error.route")
			return nil, nil
		}
	}
	out, err := json.Marshal(line)
	return out, err
}

// Sweden's bounding box with a margin, as in package report.
func inSweden(lat, lon float64) bool {
	return !math.IsNaN(lat) && !math.IsNaN(lon) && lat >= 55.0 && lat <= 69.2 && lon >= 10.9 && lon <= 24.3
}

// CheckWalk validates in as CreateWalk would, storing nothing.
func (s *Store) CheckWalk(ctx context.Context, in Input) error {
	_, _, err := in.validate(ctx, s.db, "")
	return err
}

// CreateWalk records a walk.
func (s *Store) CreateWalk(ctx context.Context, actor audit.Actor, in Input) (Walk, error) {
	var w Walk
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var review pii.Review
		var err error
		if w, review, err = in.validate(ctx, tx, ""); err != nil {
			return err
		}
		w.CreatedAt, w.UpdatedAt = tx.Now(), tx.Now()
		var route sql.NullString
		if w.Route != nil {
			route = sql.NullString{String: string(w.Route), Valid: true}
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO safety_walks (municipality_code, held_on, area, route, residents_count, notes,
			synthetic, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			w.MunicipalityCode, w.HeldOn, w.Area, route, w.ResidentsCount, w.Notes, w.Synthetic, db.NullID(actor.UserID),
			w.CreatedAt, w.UpdatedAt).Scan(&w.ID)
		if err != nil {
			return fmt.Errorf("create walk: %w", db.Normalize(err))
		}
		if err := insertParties(ctx, tx, w); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "safety_walk", EntityID: audit.ID(w.ID), After: w}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "safety_walk", w.ID)
	})
	return w, err
}

func insertParties(ctx context.Context, tx *db.Tx, w Walk) error {
	for i, o := range w.Organizations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO safety_walk_organizations (walk_id, organization_id, position) VALUES (?, ?, ?)`,
			w.ID, o.ID, i); err != nil {
			return fmt.Errorf("walk %d party %d: %w", w.ID, o.ID, err)
		}
	}
	return nil
}

// InputOf returns the input that leaves w as it is: the base of a PATCH
// and of the edit form.
func InputOf(w Walk) Input {
	in := Input{MunicipalityCode: w.MunicipalityCode, HeldOn: w.HeldOn, Area: w.Area, Route: w.Route,
		ResidentsCount: w.ResidentsCount, Notes: w.Notes, OrganizationIDs: []string{}, Synthetic: w.Synthetic}
	for _, o := range w.Organizations {
		in.OrganizationIDs = append(in.OrganizationIDs, strconv.FormatInt(o.ID, 10))
	}
	return in
}

// facts is the walk without its points, for an audit entry.
func (w Walk) facts() Walk {
	w.Points, w.Commitments = nil, nil
	return w
}

// UpdateWalk changes a walk's date, area, route, residents, notes and
// parties, as CreateWalk checks them. The municipality stays (its points'
// places, owners and links belong to it): another one is refused on the
// field. Whether it is synthetic stays too. A refused change stores
// nothing.
func (s *Store) UpdateWalk(ctx context.Context, actor audit.Actor, id int64, in Input) (Walk, error) {
	var w Walk
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := walkByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if code := strings.TrimSpace(in.MunicipalityCode); code != "" && code != before.MunicipalityCode {
			var e validation.Errors
			e.Add("municipality_code", "walk.error.municipality_fixed")
			return e.Err()
		}
		in.MunicipalityCode, in.Synthetic = before.MunicipalityCode, before.Synthetic
		changed, review, err := in.validate(ctx, tx, before.Notes)
		if err != nil {
			return err
		}
		var route sql.NullString
		if changed.Route != nil {
			route = sql.NullString{String: string(changed.Route), Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_walks SET held_on = ?, area = ?, route = ?, residents_count = ?, notes = ?,
			updated_at = ? WHERE id = ?`, changed.HeldOn, changed.Area, route, changed.ResidentsCount, changed.Notes, tx.Now(), id); err != nil {
			return fmt.Errorf("update walk %d: %w", id, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM safety_walk_organizations WHERE walk_id = ?`, id); err != nil {
			return fmt.Errorf("walk %d parties: %w", id, err)
		}
		changed.ID = id
		if err := insertParties(ctx, tx, changed); err != nil {
			return err
		}
		if w, err = walkByID(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "safety_walk", EntityID: audit.ID(id),
			Before: before.facts(), After: w.facts()}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "safety_walk", id)
	})
	return w, err
}

// Walk returns one walk with its parties, points and actions, or
// db.ErrNotFound.
func (s *Store) Walk(ctx context.Context, id int64) (Walk, error) {
	return walkByID(ctx, s.db, id)
}

func walkByID(ctx context.Context, q db.Queryer, id int64) (Walk, error) {
	var w Walk
	var route sql.NullString
	err := q.QueryRowContext(ctx, `SELECT id, municipality_code, held_on, area, route, residents_count, notes, synthetic, public,
		created_at, updated_at FROM safety_walks WHERE id = ?`, id).Scan(&w.ID, &w.MunicipalityCode, &w.HeldOn, &w.Area, &route,
		&w.ResidentsCount, &w.Notes, &w.Synthetic, &w.Public, &w.CreatedAt, &w.UpdatedAt)
	if err != nil {
		return Walk{}, fmt.Errorf("walk %d: %w", id, db.Normalize(err))
	}
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	if route.Valid {
		w.Route = json.RawMessage(route.String)
	}
	w.Organizations, w.Points, w.Commitments = []Party{}, []Point{}, []Commitment{}
	err = db.Each(ctx, q, `SELECT o.id, o.name FROM safety_walk_organizations wo JOIN organizations o ON o.id = wo.organization_id
		WHERE wo.walk_id = ? ORDER BY wo.position`, []any{id}, func(sc db.Scanner) error {
		var p Party
		if err := sc.Scan(&p.ID, &p.Name); err != nil {
			return err
		}
		w.Organizations = append(w.Organizations, p)
		return nil
	})
	if err != nil {
		return Walk{}, fmt.Errorf("walk %d parties: %w", id, err)
	}
	index := map[int64]int{}
	err = db.Each(ctx, q, `SELECT `+pointColumns+` FROM safety_walk_points p WHERE p.walk_id = ? ORDER BY p.id`, []any{id},
		func(sc db.Scanner) error {
			p, err := scanPoint(sc)
			if err != nil {
				return err
			}
			index[p.ID] = len(w.Points)
			w.Points = append(w.Points, p)
			return nil
		})
	if err != nil {
		return Walk{}, fmt.Errorf("walk %d points: %w", id, err)
	}
	err = db.Each(ctx, q, `SELECT `+actionColumns+` FROM safety_walk_actions a JOIN organizations o ON o.id = a.organization_id
		JOIN safety_walk_points p ON p.id = a.point_id WHERE p.walk_id = ? ORDER BY a.id`, []any{id}, func(sc db.Scanner) error {
		a, err := scanAction(sc)
		if err != nil {
			return err
		}
		if i, ok := index[a.PointID]; ok {
			w.Points[i].Actions = append(w.Points[i].Actions, a)
		}
		return nil
	})
	if err != nil {
		return Walk{}, fmt.Errorf("walk %d actions: %w", id, err)
	}
	if w.Commitments, err = linkedCommitments(ctx, q, id); err != nil {
		return Walk{}, err
	}
	return w, nil
}

// WalkOfPoint returns the walk a point belongs to, or db.ErrNotFound.
func (s *Store) WalkOfPoint(ctx context.Context, pointID int64) (Walk, error) {
	var walkID int64
	if err := s.db.QueryRowContext(ctx, `SELECT walk_id FROM safety_walk_points WHERE id = ?`, pointID).Scan(&walkID); err != nil {
		return Walk{}, fmt.Errorf("point %d: %w", pointID, db.Normalize(err))
	}
	return walkByID(ctx, s.db, walkID)
}

const pointColumns = `p.id, p.walk_id, p.lat, p.lon, p.place, p.category, p.description, p.photo_content_type, p.report_id,
	p.commitment_id, p.created_at`

func scanPoint(sc db.Scanner, more ...any) (Point, error) {
	var p Point
	var photoType string
	var report, commitment sql.NullInt64
	if err := sc.Scan(append([]any{&p.ID, &p.WalkID, &p.Lat, &p.Lon, &p.Place, &p.Category, &p.Description, &photoType, &report, &commitment,
		&p.CreatedAt}, more...)...); err != nil {
		return p, err
	}
	p.HasPhoto, p.ReportID, p.CommitmentID, p.CreatedAt = photoType != "", report.Int64, commitment.Int64, p.CreatedAt.UTC()
	p.Actions = []Action{}
	return p, nil
}

const actionColumns = `a.id, a.point_id, a.text, a.organization_id, o.name, a.due_on, a.status, a.done_on, a.report_id,
	a.commitment_id, a.created_at, a.updated_at`

func scanAction(sc db.Scanner, more ...any) (Action, error) {
	var a Action
	var report, commitment sql.NullInt64
	dest := append([]any{&a.ID, &a.PointID, &a.Text, &a.OrganizationID, &a.OrganizationName, &a.DueOn, &a.Status, &a.DoneOn,
		&report, &commitment, &a.CreatedAt, &a.UpdatedAt}, more...)
	if err := sc.Scan(dest...); err != nil {
		return a, err
	}
	a.ReportID, a.CommitmentID, a.CreatedAt, a.UpdatedAt = report.Int64, commitment.Int64, a.CreatedAt.UTC(), a.UpdatedAt.UTC()
	return a, nil
}

// Summary is a walk in a list: the contract's item of
// GET /api/v1/safety-walks, where points and actions are counts.
type Summary struct {
	ID               int64  `json:"id,string"`
	MunicipalityCode string `json:"municipality_code"`
	HeldOn           string `json:"held_on"`
	Area             string `json:"area"`
	Points           int    `json:"points"`
	Actions          int    `json:"actions"`
	OpenActions      int    `json:"open_actions"`
	Synthetic        bool   `json:"synthetic"`
}

// Filter narrows a list of walks.
type Filter struct {
	// Scope limits the list to the municipalities the user reaches.
	Scope            Scope
	MunicipalityCode string
	Cursor           string
	Limit            int
}

// Walks returns walks, the latest first, a page at a time.
func (s *Store) Walks(ctx context.Context, f Filter) (db.Page[Summary], error) {
	limit := db.Limit(f.Limit, 50, 500)
	var conds []string
	var args []any
	switch {
	case f.Scope.All:
	case len(f.Scope.Municipalities) == 0:
		conds = append(conds, "1 = 0")
	default:
		conds = append(conds, "w.municipality_code IN ("+db.Placeholders(len(f.Scope.Municipalities))+")")
		for _, c := range f.Scope.Municipalities {
			args = append(args, c)
		}
	}
	if f.MunicipalityCode != "" {
		conds = append(conds, "w.municipality_code = ?")
		args = append(args, f.MunicipalityCode)
	}
	cur, err := db.DecodeCursor(f.Cursor)
	if err != nil {
		return db.Page[Summary]{}, err
	}
	if cur.ID != 0 {
		conds = append(conds, "(w.held_on < ? OR (w.held_on = ? AND w.id < ?))")
		args = append(args, cur.Key, cur.Key, cur.ID)
	}
	where := "1 = 1"
	if len(conds) > 0 {
		where = strings.Join(conds, " AND ")
	}
	args = append(args, limit+1)
	var list []Summary
	err = db.Each(ctx, s.db, `SELECT w.id, w.municipality_code, w.held_on, w.area, w.synthetic,
		(SELECT COUNT(*) FROM safety_walk_points p WHERE p.walk_id = w.id),
		(SELECT COUNT(*) FROM safety_walk_actions a JOIN safety_walk_points p ON p.id = a.point_id WHERE p.walk_id = w.id),
		(SELECT COUNT(*) FROM safety_walk_actions a JOIN safety_walk_points p ON p.id = a.point_id WHERE p.walk_id = w.id AND a.status <> 'done')
		FROM safety_walks w WHERE `+where+` ORDER BY w.held_on DESC, w.id DESC LIMIT ?`, args, func(sc db.Scanner) error {
		var x Summary
		if err := sc.Scan(&x.ID, &x.MunicipalityCode, &x.HeldOn, &x.Area, &x.Synthetic, &x.Points, &x.Actions, &x.OpenActions); err != nil {
			return err
		}
		list = append(list, x)
		return nil
	})
	if err != nil {
		return db.Page[Summary]{}, fmt.Errorf("walks: %w", err)
	}
	page := db.Page[Summary]{Items: list}
	if len(list) > limit {
		page.Items = list[:limit]
		last := list[limit-1]
		page.Next = db.Cursor{Key: last.HeldOn, ID: last.ID}.Encode()
	}
	if page.Items == nil {
		page.Items = []Summary{}
	}
	return page, nil
}

// parseID reads an id given as a string; 0 means none given, -1 one that
// cannot be an id.
func parseID(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return -1
	}
	return id
}
