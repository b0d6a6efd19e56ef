package walk

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
)

// Telling the residents what was done: a coordinator of the municipality
// publishes a walk, and its public page shows what PublicWalk returns.

// CanPublish reports whether p may publish the municipality's walks or
// take them back: its coordinators, and administrators.
func CanPublish(p *auth.Principal, municipalityCode string) bool {
	return p.CoordinatesMunicipality(municipalityCode)
}

// SetPublic publishes a walk to the residents, or takes it back.
func (s *Store) SetPublic(ctx context.Context, actor audit.Actor, walkID int64, public bool) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var before bool
		if err := tx.QueryRowContext(ctx, `SELECT public FROM safety_walks WHERE id = ?`, walkID).Scan(&before); err != nil {
			return fmt.Errorf("walk %d: %w", walkID, db.Normalize(err))
		}
		if before == public {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE safety_walks SET public = ?, updated_at = ? WHERE id = ?`, public, tx.Now(), walkID); err != nil {
			return fmt.Errorf("walk %d: %w", walkID, err)
		}
		action := "publish"
		if !public {
			action = "unpublish"
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: action, Entity: "safety_walk", EntityID: audit.ID(walkID),
			Before: map[string]bool{"public": before}, After: map[string]bool{"public": public}})
	})
}

// PublicWalk is what the residents see of a published walk: no notes, no
// descriptions, no photos, no positions of points, no names of people.
// The route the walk took (streets walked by a group) is shown.
type PublicWalk struct {
	ID               int64  `json:"id,string"`
	MunicipalityCode string `json:"municipality_code"`
	HeldOn           string `json:"held_on"`
	Area             string `json:"area"`
	// Route is the walk's GeoJSON LineString, or null.
	Route          json.RawMessage `json:"route"`
	ResidentsCount int             `json:"residents_count"`
	Organizations  []string        `json:"organizations"`
	Actions        []PublicAction  `json:"actions"`
	Synthetic      bool            `json:"synthetic"`
}

// PublicAction is an action as the residents see it: the text staff
// wrote for it, the category and named place of its point, the owner and
// the status.
type PublicAction struct {
	Text         string `json:"text"`
	Category     string `json:"category"`
	Place        string `json:"place"`
	Organization string `json:"organization"`
	Status       string `json:"status"`
	DoneOn       string `json:"done_on"`
}

// Public returns the published walk of the municipality, or
// db.ErrNotFound when it does not exist there or is not published.
func (s *Store) Public(ctx context.Context, code string, walkID int64) (PublicWalk, error) {
	w := PublicWalk{Organizations: []string{}, Actions: []PublicAction{}}
	var route sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, municipality_code, held_on, area, route, residents_count, synthetic FROM safety_walks
		WHERE id = ? AND municipality_code = ? AND public`, walkID, code).
		Scan(&w.ID, &w.MunicipalityCode, &w.HeldOn, &w.Area, &route, &w.ResidentsCount, &w.Synthetic)
	if err != nil {
		return PublicWalk{}, fmt.Errorf("public walk %d: %w", walkID, db.Normalize(err))
	}
	if route.Valid && route.String != "" {
		w.Route = json.RawMessage(route.String)
	}
	err = db.Each(ctx, s.db, `SELECT o.name FROM safety_walk_organizations wo JOIN organizations o ON o.id = wo.organization_id
		WHERE wo.walk_id = ? ORDER BY wo.position`, []any{walkID}, func(sc db.Scanner) error {
		var name string
		if err := sc.Scan(&name); err != nil {
			return err
		}
		w.Organizations = append(w.Organizations, name)
		return nil
	})
	if err != nil {
		return PublicWalk{}, fmt.Errorf("public walk %d parties: %w", walkID, err)
	}
	err = db.Each(ctx, s.db, `SELECT a.text, p.category, p.place, o.name, a.status, a.done_on FROM safety_walk_actions a
		JOIN safety_walk_points p ON p.id = a.point_id JOIN organizations o ON o.id = a.organization_id
		WHERE p.walk_id = ? ORDER BY p.id, a.id`, []any{walkID}, func(sc db.Scanner) error {
		var a PublicAction
		if err := sc.Scan(&a.Text, &a.Category, &a.Place, &a.Organization, &a.Status, &a.DoneOn); err != nil {
			return err
		}
		w.Actions = append(w.Actions, a)
		return nil
	})
	if err != nil {
		return PublicWalk{}, fmt.Errorf("public walk %d actions: %w", walkID, err)
	}
	return w, nil
}

// PublishedWalk is a published walk in the municipality's list.
type PublishedWalk struct {
	ID     int64
	HeldOn string
	Area   string
}

// maxPublished is how many published walks a municipality's public page
// lists, the latest first.
const maxPublished = 20

// Published returns the municipality's published walks, the latest first.
func (s *Store) Published(ctx context.Context, code string) ([]PublishedWalk, error) {
	var out []PublishedWalk
	err := db.Each(ctx, s.db, `SELECT id, held_on, area FROM safety_walks WHERE municipality_code = ? AND public
		ORDER BY held_on DESC, id DESC LIMIT ?`, []any{code, maxPublished}, func(sc db.Scanner) error {
		var w PublishedWalk
		if err := sc.Scan(&w.ID, &w.HeldOn, &w.Area); err != nil {
			return err
		}
		out = append(out, w)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("published walks of %s: %w", code, err)
	}
	return out, nil
}
