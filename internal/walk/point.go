package walk

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// PointInput is a point as a client gives it (POST
// /api/v1/safety-walks/{id}/points, or the phone's form). The position is
// Lat and Lon, or the named place of the municipality in Place, whose
// position is taken when no Lat and Lon are given.
type PointInput struct {
	Lat   *float64 `json:"lat"`
	Lon   *float64 `json:"lon"`
	Place string   `json:"place"`
	// LatText and LonText are the position as a form's fields give it
	// (a decimal comma is read as a point); when either is set they are
	// read instead of Lat and Lon.
	LatText     string `json:"-"`
	LonText     string `json:"-"`
	Category    string `json:"category"`
	Description string `json:"description"`
	// Photo is an optional JPEG or PNG (base64 in JSON), at most
	// MaxPhotoBytes; it is stored re-encoded, without its metadata.
	Photo        []byte `json:"photo"`
	ReportID     string `json:"report_id"`
	CommitmentID string `json:"commitment_id"`
	// ReportVisible, when set, says whether the user may read a report
	// the point newly links to.
	ReportVisible ReportVisible `json:"-"`
	// ExternalID, made by the client for each point (the phone's queue
	// makes one when the point is begun), makes sending it again harmless:
	// a repeat within the walk is answered with the point first stored.
	ExternalID string `json:"external_id"`
	pii.Choice
}

// PointChange is a change of a point (PATCH /api/v1/safety-walk-points/{id},
// or the edit form): its fields as PointInput has them, where a Photo
// replaces the stored one and RemovePhoto drops it; without either the
// photo stays.
type PointChange struct {
	PointInput
	RemovePhoto bool `json:"remove_photo"`
}

// PointChangeOf returns the change that leaves p as it is.
func PointChangeOf(p Point) PointChange {
	lat, lon := p.Lat, p.Lon
	ch := PointChange{PointInput: PointInput{Lat: &lat, Lon: &lon, Place: p.Place, Category: p.Category, Description: p.Description}}
	if p.ReportID != 0 {
		ch.ReportID = strconv.FormatInt(p.ReportID, 10)
	}
	if p.CommitmentID != 0 {
		ch.CommitmentID = strconv.FormatInt(p.CommitmentID, 10)
	}
	return ch
}

// maxExternalID bounds a client's id of a point.
const maxExternalID = 100

// point is a checked point with its cleaned photo.
type point struct {
	Point
	photo     []byte
	photoType string
}

// validate checks a point of a walk in the municipality; stored is the
// point before a change (nil for a new one) and days the walk's date and
// today, for the commitments in force.
func (in PointInput) validate(ctx context.Context, q db.Queryer, code string, stored *Point, days ...string) (point, pii.Review, error) {
	var e validation.Errors
	guard := pii.NewGuard(&e, in.Choice)
	p := point{Point: Point{
		Category:    strings.TrimSpace(in.Category),
		Description: e.Text("description", in.Description, true, maxDescription),
		Place:       e.Text("place", in.Place, false, maxPlace),
		Actions:     []Action{},
	}}
	var storedText string
	l := linkCheck{code: code, reportID: in.ReportID, commitmentID: in.CommitmentID, reportVisible: in.ReportVisible, days: days}
	if stored != nil {
		storedText, l.storedReport, l.storedCommitment, l.change = stored.Description, stored.ReportID, stored.CommitmentID, true
	}
	p.Description = guard.Kept("description", p.Description, storedText, pii.WorkNotes)
	e.OneOf("category", p.Category, Categories)

	lat, lon := in.Lat, in.Lon
	if strings.TrimSpace(in.LatText+in.LonText) != "" {
		lat, lon = readCoordinate(&e, "lat", in.LatText), readCoordinate(&e, "lon", in.LonText)
	}
	if !e.Has("lat") && !e.Has("lon") {
		e.Position(lat, lon)
	}
	if lat == nil && lon == nil && !e.Has("lat") && !e.Has("lon") {
		switch {
		case p.Place == "":
			e.Add("place", "walk.error.where")
		case !e.Has("place"):
			var plat, plon sql.NullFloat64
			err := q.QueryRowContext(ctx, `SELECT lat, lon FROM places WHERE municipality_code = ? AND name = ?`, code, p.Place).Scan(&plat, &plon)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				e.Add("place", "error.place_unknown")
			case err != nil:
				return p, pii.Review{}, fmt.Errorf("place %q: %w", p.Place, err)
			case !plat.Valid || !plon.Valid:
				e.Add("place", "walk.error.place_without_position")
			default:
				p.Lat, p.Lon = plat.Float64, plon.Float64
			}
		}
	} else if lat != nil && lon != nil {
		p.Lat, p.Lon = *lat, *lon
	}
	if len(in.Photo) > 0 {
		var refusal string
		if p.photo, p.photoType, refusal = CleanPhoto(in.Photo); refusal == "walk.error.photo_too_large" {
			e.Add("photo", refusal, MaxPhotoBytes>>20)
		} else if refusal != "" {
			e.Add("photo", refusal)
		}
		p.HasPhoto = p.photo != nil
	}
	var err error
	if p.ReportID, p.CommitmentID, err = checkLinks(ctx, q, &e, l); err != nil {
		return p, pii.Review{}, err
	}
	return p, guard.Review(), e.Err()
}

// readCoordinate reads a coordinate typed in a form: "61,0085" or
// "61.0085"; nil when empty.
func readCoordinate(e *validation.Errors, field, s string) *float64 {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		key := "error.lat_number"
		if field == "lon" {
			key = "error.lon_number"
		}
		e.Add(field, key)
		return nil
	}
	return &v
}

// CheckPoint validates a point of the walk as AddPoint would, storing
// nothing.
func (s *Store) CheckPoint(ctx context.Context, walkID int64, in PointInput) error {
	w, err := walkByID(ctx, s.db, walkID)
	if err != nil {
		return err
	}
	_, _, err = in.validate(ctx, s.db, w.MunicipalityCode, nil)
	return err
}

// AddPoint adds a point to a walk. A refused point stores nothing, its
// photo included. A point whose ExternalID the walk has already is not
// stored again: the first one is returned (see SubmitPoint).
func (s *Store) AddPoint(ctx context.Context, actor audit.Actor, walkID int64, in PointInput) (Point, error) {
	p, _, err := s.SubmitPoint(ctx, actor, walkID, in)
	return p, err
}

// SubmitPoint is AddPoint saying whether the point was made (true) or is
// a repeat of an ExternalID of the walk (false, the first point returned
// whatever this one says: it is the same point sent again).
func (s *Store) SubmitPoint(ctx context.Context, actor audit.Actor, walkID int64, in PointInput) (Point, bool, error) {
	ext := strings.TrimSpace(in.ExternalID)
	if len(ext) > maxExternalID {
		var e validation.Errors
		e.Add("external_id", "error.too_long", maxExternalID)
		return Point{}, false, e.Err()
	}
	var p point
	repeat := int64(0)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var code string
		if err := tx.QueryRowContext(ctx, `SELECT municipality_code FROM safety_walks WHERE id = ?`, walkID).Scan(&code); err != nil {
			return fmt.Errorf("walk %d: %w", walkID, db.Normalize(err))
		}
		if ext != "" {
			err := tx.QueryRowContext(ctx, `SELECT id FROM safety_walk_points WHERE walk_id = ? AND external_id = ?`, walkID, ext).Scan(&repeat)
			if err == nil {
				return nil
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("point %q: %w", ext, err)
			}
		}
		var review pii.Review
		var err error
		if p, review, err = in.validate(ctx, tx, code, nil); err != nil {
			return err
		}
		p.WalkID, p.CreatedAt = walkID, tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO safety_walk_points (walk_id, lat, lon, place, category, description, photo,
			photo_content_type, report_id, commitment_id, external_id, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			walkID, p.Lat, p.Lon, p.Place, p.Category, p.Description, p.photo, p.photoType, db.NullID(p.ReportID),
			db.NullID(p.CommitmentID), nullText(ext), db.NullID(actor.UserID), p.CreatedAt).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("add point: %w", db.Normalize(err))
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_walks SET updated_at = ? WHERE id = ?`, tx.Now(), walkID); err != nil {
			return fmt.Errorf("walk %d: %w", walkID, err)
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "safety_walk_point", EntityID: audit.ID(p.ID),
			After: p.Point}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "safety_walk_point", p.ID)
	})
	if errors.Is(err, db.ErrConflict) && ext != "" {
		// The same point sent twice at once: the other request stored it.
		err = s.db.QueryRowContext(ctx, `SELECT id FROM safety_walk_points WHERE walk_id = ? AND external_id = ?`, walkID, ext).Scan(&repeat)
		if err != nil {
			return Point{}, false, fmt.Errorf("point %q: %w", ext, db.Normalize(err))
		}
	}
	if err != nil {
		return Point{}, false, err
	}
	if repeat != 0 {
		w, err := s.Walk(ctx, walkID)
		if err != nil {
			return Point{}, false, err
		}
		for _, pt := range w.Points {
			if pt.ID == repeat {
				return pt, false, nil
			}
		}
		return Point{}, false, fmt.Errorf("point %d: %w", repeat, db.ErrNotFound)
	}
	return p.Point, true, nil
}

// nullText is NULL for an empty text.
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Photo is a point's stored photo with the municipality of its walk, for
// the check of who may see it.
type Photo struct {
	Data             []byte
	ContentType      string
	MunicipalityCode string
}

// Photo returns the photo of a point, or db.ErrNotFound when the point
// does not exist or has none.
func (s *Store) Photo(ctx context.Context, pointID int64) (Photo, error) {
	var ph Photo
	err := s.db.QueryRowContext(ctx, `SELECT p.photo, p.photo_content_type, w.municipality_code FROM safety_walk_points p
		JOIN safety_walks w ON w.id = p.walk_id WHERE p.id = ? AND p.photo_content_type <> ''`, pointID).
		Scan(&ph.Data, &ph.ContentType, &ph.MunicipalityCode)
	if err != nil {
		return Photo{}, fmt.Errorf("photo of point %d: %w", pointID, db.Normalize(err))
	}
	return ph, nil
}

// PointOf returns a point with its actions, the walk's id and
// municipality, or db.ErrNotFound.
func (s *Store) PointOf(ctx context.Context, pointID int64) (p Point, walkID int64, municipalityCode string, err error) {
	p, w, err := pointByID(ctx, s.db, pointID)
	return p, w.ID, w.MunicipalityCode, err
}

// pointByID returns a point with its actions and its walk's id, date and
// municipality.
func pointByID(ctx context.Context, q db.Queryer, pointID int64) (Point, Walk, error) {
	var w Walk
	p, err := scanPoint(q.QueryRowContext(ctx, `SELECT `+pointColumns+`, w.id, w.held_on, w.municipality_code FROM safety_walk_points p
		JOIN safety_walks w ON w.id = p.walk_id WHERE p.id = ?`, pointID), &w.ID, &w.HeldOn, &w.MunicipalityCode)
	if err != nil {
		return Point{}, Walk{}, fmt.Errorf("point %d: %w", pointID, db.Normalize(err))
	}
	err = db.Each(ctx, q, `SELECT `+actionColumns+` FROM safety_walk_actions a JOIN organizations o ON o.id = a.organization_id
		WHERE a.point_id = ? ORDER BY a.id`, []any{pointID}, func(sc db.Scanner) error {
		a, err := scanAction(sc)
		if err != nil {
			return err
		}
		p.Actions = append(p.Actions, a)
		return nil
	})
	if err != nil {
		return Point{}, Walk{}, fmt.Errorf("point %d actions: %w", pointID, err)
	}
	return p, w, nil
}

// UpdatePoint changes a point: category, description, position or place,
// links, and its photo (replaced by a new one, removed, or kept). A
// refused change stores nothing, the photo included.
func (s *Store) UpdatePoint(ctx context.Context, actor audit.Actor, pointID int64, ch PointChange) (Point, error) {
	var out Point
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, w, err := pointByID(ctx, tx, pointID)
		if err != nil {
			return err
		}
		p, review, err := ch.validate(ctx, tx, w.MunicipalityCode, &before, w.HeldOn, today(tx))
		if err != nil {
			return err
		}
		photo := ""
		switch {
		case p.photo != nil:
			photo = "replaced"
			if _, err := tx.ExecContext(ctx, `UPDATE safety_walk_points SET photo = ?, photo_content_type = ? WHERE id = ?`,
				p.photo, p.photoType, pointID); err != nil {
				return fmt.Errorf("point %d photo: %w", pointID, err)
			}
		case ch.RemovePhoto && before.HasPhoto:
			photo = "removed"
			if _, err := tx.ExecContext(ctx, `UPDATE safety_walk_points SET photo = NULL, photo_content_type = '' WHERE id = ?`,
				pointID); err != nil {
				return fmt.Errorf("point %d photo: %w", pointID, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_walk_points SET lat = ?, lon = ?, place = ?, category = ?, description = ?,
			report_id = ?, commitment_id = ? WHERE id = ?`, p.Lat, p.Lon, p.Place, p.Category, p.Description, db.NullID(p.ReportID),
			db.NullID(p.CommitmentID), pointID); err != nil {
			return fmt.Errorf("update point %d: %w", pointID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_walks SET updated_at = ? WHERE id = ?`, tx.Now(), w.ID); err != nil {
			return fmt.Errorf("walk %d: %w", w.ID, err)
		}
		if out, _, err = pointByID(ctx, tx, pointID); err != nil {
			return err
		}
		// The entry says whether the photo was replaced or removed; its
		// bytes are never in the trail.
		after := struct {
			Point
			Photo string `json:"photo,omitempty"`
		}{out, photo}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "safety_walk_point", EntityID: audit.ID(pointID),
			Before: before, After: after}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "safety_walk_point", pointID)
	})
	return out, err
}

// ErrOpenActions refuses to delete a point whose actions are not all
// done: an organisation is working on them and sees them on its start
// page. Remove those actions first (or mark them done).
var ErrOpenActions = errors.New("the point has actions that are not done")

// DeletePoint deletes a point with its photo and its done actions, each
// with an audit entry. A point with an action not done is refused with
// ErrOpenActions and nothing is deleted.
func (s *Store) DeletePoint(ctx context.Context, actor audit.Actor, pointID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, w, err := pointByID(ctx, tx, pointID)
		if err != nil {
			return err
		}
		for _, a := range before.Actions {
			if a.Open() {
				return ErrOpenActions
			}
		}
		for _, a := range before.Actions {
			if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "delete", Entity: "safety_walk_action", EntityID: audit.ID(a.ID),
				Before: a}); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM safety_walk_actions WHERE point_id = ?`, pointID); err != nil {
			return fmt.Errorf("point %d actions: %w", pointID, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM safety_walk_points WHERE id = ?`, pointID); err != nil {
			return fmt.Errorf("delete point %d: %w", pointID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_walks SET updated_at = ? WHERE id = ?`, tx.Now(), w.ID); err != nil {
			return fmt.Errorf("walk %d: %w", w.ID, err)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "delete", Entity: "safety_walk_point", EntityID: audit.ID(pointID),
			Before: before})
	})
}
