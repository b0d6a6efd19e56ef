package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
)

// SessionStore keeps browser sessions in the database, for
// alexedwards/scs. Only a hash of the session token is stored, so a copy of
// the database does not hand out live sessions.
type SessionStore struct {
	db *db.DB
	// now is the machine's clock, not the server's: scs sets a session's
	// expiry from the machine's clock, so expiry must be compared with
	// the same one, or a server whose clock is moved (serve --now, a test
	// day) would find every session already expired or never expiring.
	now func() time.Time
}

// NewSessionStore returns a SessionStore on d.
func NewSessionStore(d *db.DB) *SessionStore { return &SessionStore{db: d, now: clock.System.Now} }

func (s *SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}

// FindCtx returns the data of an unexpired session.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token_hash = ? AND expiry > ?`,
		hashToken(token), s.now().UTC()).Scan(&data)
	if errors.Is(db.Normalize(err), db.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("find session: %w", err)
	}
	return data, true, nil
}

// CommitCtx stores or replaces a session.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO sessions (token_hash, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
		hashToken(token), b, expiry.UTC())
	if err != nil {
		return fmt.Errorf("commit session: %w", err)
	}
	return nil
}

// DeleteCtx removes a session.
func (s *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hashToken(token)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpired removes expired sessions; serve calls it now and then.
func (s *SessionStore) DeleteExpired(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= ?`, s.now().UTC())
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return res.RowsAffected()
}
