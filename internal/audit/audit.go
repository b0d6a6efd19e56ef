// Package audit owns the append-only audit trail: who changed what, when,
// and the record before and after. Entries are written with the same
// transaction as the change they record, so neither exists without the other.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/db"
)

// Actor is who made a change: a signed-in user, or the system itself (the
// command line, the demo loader), which has no user id.
type Actor struct {
	UserID int64
	Label  string // the user's e-mail, or "system", "cli"
}

// System is the actor for changes the product makes by itself.
var System = Actor{Label: "system"}

// Entry is one change to record. Before and After are marshalled to JSON;
// they must not hold secrets such as password hashes.
type Entry struct {
	Action   string // create, update, delete, or a verb such as publish
	Entity   string // organization, user, membership, api_token, …
	EntityID string
	Before   any
	After    any
}

// Record writes e in tx.
func Record(ctx context.Context, tx *db.Tx, actor Actor, e Entry) error {
	before, err := marshal(e.Before)
	if err != nil {
		return err
	}
	after, err := marshal(e.After)
	if err != nil {
		return err
	}
	var actorID sql.NullInt64
	if actor.UserID != 0 {
		actorID = sql.NullInt64{Int64: actor.UserID, Valid: true}
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO audit_log (at, actor_id, actor_label, action, entity, entity_id, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.Now(), actorID, actor.Label, e.Action, e.Entity, e.EntityID, before, after)
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", e.Action, e.Entity, err)
	}
	return nil
}

// ID formats a numeric id for EntityID.
func ID(id int64) string { return strconv.FormatInt(id, 10) }

func marshal(v any) (sql.NullString, error) {
	if v == nil {
		return sql.NullString{}, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return sql.NullString{}, fmt.Errorf("audit: marshal: %w", err)
	}
	return sql.NullString{String: string(b), Valid: true}, nil
}

// Item is an entry as read back from the trail.
type Item struct {
	ID         int64
	At         time.Time
	ActorID    int64
	ActorLabel string
	Action     string
	Entity     string
	EntityID   string
	Before     string // JSON, "" when there was nothing before
	After      string // JSON, "" when there is nothing after
}

// Filter narrows a listing of the trail.
type Filter struct {
	Entity   string
	EntityID string
	ActorID  int64
	Cursor   string
	Limit    int
}

// Log reads the trail.
type Log struct {
	db *db.DB
}

// NewLog returns a Log on d.
func NewLog(d *db.DB) *Log { return &Log{db: d} }

// List returns the newest entries first, a page at a time.
func (l *Log) List(ctx context.Context, f Filter) (db.Page[Item], error) {
	cur, err := db.DecodeCursor(f.Cursor)
	if err != nil {
		return db.Page[Item]{}, err
	}
	limit := db.Limit(f.Limit, 50, 200)
	q := `SELECT id, at, actor_id, actor_label, action, entity, entity_id, before_json, after_json FROM audit_log WHERE 1 = 1`
	var args []any
	if f.Entity != "" {
		q += " AND entity = ?"
		args = append(args, f.Entity)
	}
	if f.EntityID != "" {
		q += " AND entity_id = ?"
		args = append(args, f.EntityID)
	}
	if f.ActorID != 0 {
		q += " AND actor_id = ?"
		args = append(args, f.ActorID)
	}
	if cur.ID != 0 {
		q += " AND id < ?"
		args = append(args, cur.ID)
	}
	q += " ORDER BY id DESC LIMIT ?"
	args = append(args, limit+1)
	rows, err := l.db.QueryContext(ctx, q, args...)
	if err != nil {
		return db.Page[Item]{}, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var page db.Page[Item]
	for rows.Next() {
		var it Item
		var actorID sql.NullInt64
		var before, after sql.NullString
		if err := rows.Scan(&it.ID, &it.At, &actorID, &it.ActorLabel, &it.Action, &it.Entity, &it.EntityID, &before, &after); err != nil {
			return db.Page[Item]{}, err
		}
		it.ActorID, it.Before, it.After = actorID.Int64, before.String, after.String
		page.Items = append(page.Items, it)
	}
	if err := rows.Err(); err != nil {
		return db.Page[Item]{}, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.Next = db.Cursor{ID: page.Items[limit-1].ID}.Encode()
	}
	return page, nil
}
