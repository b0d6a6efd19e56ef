package mail

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
)

// Statuses of an outbox row.
const (
	StatusWaiting = "waiting" // to be sent at NextAttemptAt
	StatusSending = "sending" // taken by a worker
	StatusSent    = "sent"
	StatusFailed  = "failed" // given up; "retry now" tries once more
)

// Backoff is the wait after each failed attempt: the first retry a minute
// after the first failure, the last two hours after the fourth. A fifth
// failure gives up. A failure the server calls permanent (5xx) gives up at
// once: asking again would get the same answer.
var Backoff = []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour}

// lease is how long a worker may hold a row it took before another may
// take it again: longer than one delivery may last.
const lease = 5 * time.Minute

// Item is one outbox row as the coordinator sees it: to whom, in what
// state, and what went wrong last.
type Item struct {
	ID            int64      `json:"id,string"`
	Kind          string     `json:"kind"`
	RefID         int64      `json:"ref_id,string"`
	UserID        int64      `json:"user_id,string,omitempty"`
	To            Address    `json:"-"`
	Subject       string     `json:"subject"`
	Status        string     `json:"status"`
	Attempts      int        `json:"attempts"`
	NextAttemptAt *time.Time `json:"next_attempt_at"`
	LastError     string     `json:"last_error"`
	CreatedAt     time.Time  `json:"created_at"`
	SentAt        *time.Time `json:"sent_at"`
}

// Attempt is one try at sending a row.
type Attempt struct {
	At    time.Time `json:"at"`
	Error string    `json:"error"` // "" when it was sent
}

// Outbox reads and changes the outbox.
type Outbox struct {
	db  *db.DB
	now func() time.Time
}

// NewOutbox returns the outbox of d.
func NewOutbox(d *db.DB) *Outbox { return &Outbox{db: d, now: d.Clock().Now} }

// Enqueue puts m in the outbox inside tx, due at once. kind and refID say
// what it is about ("brief", the brief's id), userID whom (0 for nobody
// in particular). From is the sender's, set when it is sent; the rest is
// kept as it is given, so a message unfit to send is refused here.
func Enqueue(ctx context.Context, tx *db.Tx, kind string, refID, userID int64, m Message, now time.Time) (int64, error) {
	if err := m.check(); err != nil {
		return 0, fmt.Errorf("enqueue mail: %w", err)
	}
	var calMethod, calData string
	if m.Calendar != nil {
		calMethod, calData = m.Calendar.Method, m.Calendar.Data
	}
	now = now.UTC().Truncate(time.Microsecond)
	var id int64
	err := db.Normalize(tx.QueryRowContext(ctx, `INSERT INTO mail_outbox
		(kind, ref_id, user_id, to_address, to_name, reply_to_address, reply_to_name, subject, text_body, html_body,
		unsubscribe_url, calendar_method, calendar, status, attempts, next_attempt_at, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id`,
		kind, refID, db.NullID(userID), m.To.Email, oneLine(m.To.Name), m.ReplyTo.Email, oneLine(m.ReplyTo.Name),
		oneLine(m.Subject), m.Text, m.HTML, m.Unsubscribe, calMethod, calData, StatusWaiting, now, now).Scan(&id))
	if err != nil {
		return 0, fmt.Errorf("enqueue mail: %w", err)
	}
	return id, nil
}

const itemColumns = `id, kind, ref_id, user_id, to_address, to_name, subject, status, attempts, next_attempt_at,
	last_error, created_at, sent_at`

func scanItem(row db.Scanner) (Item, error) {
	var it Item
	var user sql.NullInt64
	var next, sent sql.NullTime
	if err := row.Scan(&it.ID, &it.Kind, &it.RefID, &user, &it.To.Email, &it.To.Name, &it.Subject, &it.Status,
		&it.Attempts, &next, &it.LastError, &it.CreatedAt, &sent); err != nil {
		return Item{}, db.Normalize(err)
	}
	it.UserID = user.Int64
	it.CreatedAt = it.CreatedAt.UTC()
	if next.Valid && it.Status == StatusWaiting {
		t := next.Time.UTC()
		it.NextAttemptAt = &t
	}
	if sent.Valid {
		t := sent.Time.UTC()
		it.SentAt = &t
	}
	return it, nil
}

// ByRef returns the rows about kind and refID, by recipient address.
func (o *Outbox) ByRef(ctx context.Context, kind string, refID int64) ([]Item, error) {
	var out []Item
	err := db.Each(ctx, o.db, `SELECT `+itemColumns+` FROM mail_outbox WHERE kind = ? AND ref_id = ? ORDER BY to_address, id`,
		[]any{kind, refID}, func(row db.Scanner) error {
			it, err := scanItem(row)
			out = append(out, it)
			return err
		})
	if err != nil {
		return nil, fmt.Errorf("outbox of %s %d: %w", kind, refID, err)
	}
	return out, nil
}

// Get returns one row, or db.ErrNotFound.
func (o *Outbox) Get(ctx context.Context, id int64) (Item, error) {
	it, err := scanItem(o.db.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM mail_outbox WHERE id = ?`, id))
	if err != nil {
		return Item{}, fmt.Errorf("outbox %d: %w", id, err)
	}
	return it, nil
}

// Attempts returns the attempts at sending the rows ids, oldest first, by
// row.
func (o *Outbox) Attempts(ctx context.Context, ids []int64) (map[int64][]Attempt, error) {
	out := map[int64][]Attempt{}
	for i := 0; i < len(ids); i += 500 {
		chunk := ids[i:min(i+500, len(ids))]
		err := db.Each(ctx, o.db, `SELECT outbox_id, at, error FROM mail_attempts WHERE outbox_id IN (`+
			db.Placeholders(len(chunk))+`) ORDER BY at, id`, db.IDArgs(chunk), func(row db.Scanner) error {
			var id int64
			var a Attempt
			if err := row.Scan(&id, &a.At, &a.Error); err != nil {
				return err
			}
			a.At = a.At.UTC()
			out[id] = append(out[id], a)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("mail attempts: %w", err)
		}
	}
	return out, nil
}

// RetryNow makes a row that is waiting for its next attempt, or that was
// given up, due at once. A row that was sent, or is being sent, stays as
// it is: ErrNotRetryable.
func (o *Outbox) RetryNow(ctx context.Context, actor audit.Actor, id int64) (Item, error) {
	var it Item
	err := o.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := scanItem(tx.QueryRowContext(ctx, `SELECT `+itemColumns+` FROM mail_outbox WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("outbox %d: %w", id, err)
		}
		if before.Status != StatusWaiting && before.Status != StatusFailed {
			return ErrNotRetryable
		}
		now := o.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = ?, next_attempt_at = ? WHERE id = ?`,
			StatusWaiting, now, id); err != nil {
			return fmt.Errorf("retry mail %d: %w", id, err)
		}
		it = before
		it.Status, it.NextAttemptAt = StatusWaiting, &now
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "retry", Entity: "mail", EntityID: audit.ID(id),
			Before: map[string]any{"status": before.Status, "attempts": before.Attempts},
			After:  map[string]any{"status": it.Status, "next_attempt_at": now}})
	})
	return it, err
}

// ErrNotRetryable is a retry of a row that was sent or is being sent.
var ErrNotRetryable = errors.New("the e-mail was sent or is being sent")

// job is a row taken for sending.
type job struct {
	id       int64
	attempts int
	msg      Message
}

// take claims up to limit due rows for a worker: waiting rows whose time
// has come, and rows another worker took and did not finish within its
// lease. A row is claimed by an UPDATE that only one worker can win.
func (o *Outbox) take(ctx context.Context, now time.Time, limit int) ([]job, error) {
	now = now.UTC().Truncate(time.Microsecond)
	var ids []int64
	err := db.Each(ctx, o.db, `SELECT id FROM mail_outbox
		WHERE (status = ? AND next_attempt_at <= ?) OR (status = ? AND locked_until < ?)
		ORDER BY next_attempt_at, id LIMIT ?`, []any{StatusWaiting, now, StatusSending, now, limit},
		func(row db.Scanner) error {
			var id int64
			ids = append(ids, id)
			return row.Scan(&ids[len(ids)-1])
		})
	if err != nil {
		return nil, fmt.Errorf("due mail: %w", err)
	}
	var jobs []job
	for _, id := range ids {
		var j job
		var won bool
		err := o.db.InTx(ctx, func(tx *db.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = ?, locked_until = ?
				WHERE id = ? AND ((status = ? AND next_attempt_at <= ?) OR (status = ? AND locked_until < ?))`,
				StatusSending, now.Add(lease), id, StatusWaiting, now, StatusSending, now)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil // another worker was quicker
			}
			won = true
			j.id = id
			var calMethod, calData string
			err = tx.QueryRowContext(ctx, `SELECT attempts, to_address, to_name, reply_to_address, reply_to_name, subject,
				text_body, html_body, unsubscribe_url, calendar_method, calendar
				FROM mail_outbox WHERE id = ?`, id).Scan(&j.attempts, &j.msg.To.Email, &j.msg.To.Name, &j.msg.ReplyTo.Email,
				&j.msg.ReplyTo.Name, &j.msg.Subject, &j.msg.Text, &j.msg.HTML, &j.msg.Unsubscribe, &calMethod, &calData)
			if calMethod != "" {
				j.msg.Calendar = &Calendar{Method: calMethod, Data: calData}
			}
			return err
		})
		if err != nil {
			return jobs, fmt.Errorf("take mail %d: %w", id, err)
		}
		if won {
			jobs = append(jobs, j)
		}
	}
	return jobs, nil
}

// finish records the attempt at sending j made at now: sent when sendErr
// is nil, else waiting for the next attempt of Backoff or given up.
func (o *Outbox) finish(ctx context.Context, j job, now time.Time, sendErr error) (status string, err error) {
	now = now.UTC().Truncate(time.Microsecond)
	attempts := j.attempts + 1
	errText := ""
	if sendErr != nil {
		errText = truncate(sendErr.Error(), 500)
	}
	err = o.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO mail_attempts (outbox_id, at, error) VALUES (?, ?, ?)`,
			j.id, now, errText); err != nil {
			return err
		}
		switch {
		case sendErr == nil:
			status = StatusSent
			_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = ?, attempts = ?, sent_at = ?, last_error = '',
				locked_until = NULL, next_attempt_at = NULL WHERE id = ?`, status, attempts, now, j.id)
			return err
		case errors.Is(sendErr, ErrPermanent) || attempts > len(Backoff):
			status = StatusFailed
			_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = ?, attempts = ?, last_error = ?,
				locked_until = NULL, next_attempt_at = NULL WHERE id = ?`, status, attempts, errText, j.id)
			return err
		default:
			status = StatusWaiting
			_, err := tx.ExecContext(ctx, `UPDATE mail_outbox SET status = ?, attempts = ?, last_error = ?,
				locked_until = NULL, next_attempt_at = ? WHERE id = ?`, status, attempts, errText, now.Add(Backoff[attempts-1]), j.id)
			return err
		}
	})
	if err != nil {
		return "", fmt.Errorf("record mail attempt %d: %w", j.id, err)
	}
	return status, nil
}

// nextDue returns when the earliest waiting row is due, or false when
// none waits.
func (o *Outbox) nextDue(ctx context.Context) (time.Time, bool, error) {
	// ORDER BY and LIMIT rather than MIN: SQLite forgets the column's
	// type in an aggregate, and the time would come back as text.
	var next sql.NullTime
	err := db.Normalize(o.db.QueryRowContext(ctx, `SELECT next_attempt_at FROM mail_outbox
		WHERE status = ? AND next_attempt_at IS NOT NULL ORDER BY next_attempt_at LIMIT 1`, StatusWaiting).Scan(&next))
	if errors.Is(err, db.ErrNotFound) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next mail: %w", err)
	}
	return next.Time, next.Valid, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
