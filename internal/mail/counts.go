package mail

import (
	"context"
	"time"

	"github.com/samverkan/samverkan/internal/db"
)

// Counts is the outbox at a glance, for the server's metrics: the messages
// by status, and how long the oldest waiting one has waited.
type Counts struct {
	ByStatus      map[string]int
	OldestWaiting time.Duration
}

// Counts counts the outbox's messages by status at now.
func (o *Outbox) Counts(ctx context.Context) (Counts, error) {
	c := Counts{ByStatus: map[string]int{StatusWaiting: 0, StatusSent: 0, StatusFailed: 0}}
	rows, err := o.db.QueryContext(ctx, `SELECT status, COUNT(*) FROM mail_outbox GROUP BY status`)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int
		if err := rows.Scan(&status, &n); err != nil {
			return c, err
		}
		c.ByStatus[status] = n
	}
	if err := rows.Err(); err != nil {
		return c, err
	}
	var raw any
	if err := o.db.QueryRowContext(ctx, `SELECT MIN(created_at) FROM mail_outbox WHERE status = ?`, StatusWaiting).Scan(&raw); err != nil {
		return c, err
	}
	oldest, err := db.AggregateTime(raw)
	if err != nil {
		return c, err
	}
	if oldest.Valid {
		c.OldestWaiting = max(o.now().Sub(oldest.Time), 0)
	}
	return c, nil
}
