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
// the database does not hand out live sessions. A session may be tied to
// its user (SetUser), so that all of a user's sessions can be ended at once
// (DeleteUserSessions), as a change of password does.
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

// FindCtx returns the data of an unexpired session. An ended session is
// not found, and neither is a row that SetUser made before scs first
// committed the session, which has no data yet.
func (s *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM sessions WHERE token_hash = ? AND expiry > ? AND NOT ended`,
		hashToken(token), s.now().UTC()).Scan(&data)
	if errors.Is(db.Normalize(err), db.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("find session: %w", err)
	}
	if len(data) == 0 {
		return nil, false, nil
	}
	return data, true, nil
}

// CommitCtx stores or replaces a session. It keeps the user SetUser
// recorded, and it does not bring an ended session back: scs commits a
// session at the end of every request, so a request that was running when
// the session was ended would otherwise write it back.
func (s *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO sessions (token_hash, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry
		WHERE NOT sessions.ended`,
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

// pendingSessionLifetime is how long the row SetUser makes for a session
// that scs has not committed yet waits for that commit, which comes at the
// end of the same request.
const pendingSessionLifetime = 10 * time.Minute

// endedSessionLifetime is how long an ended session stays as a tombstone:
// longer than any request runs, so that no request still running in it can
// write it back (see CommitCtx).
const endedSessionLifetime = time.Hour

// SetUser records that the session with token belongs to userID, so that
// DeleteUserSessions can end it. The web layer calls it after signing a
// user in, and again after every RenewToken of a signed-in session, with
// the session manager's current token (scs's Token). The session need not
// be committed yet: scs commits a renewed token only at the end of the
// request, and SetUser keeps a row, with no data, for it until then.
func (s *SessionStore) SetUser(ctx context.Context, token string, userID int64) error {
	if token == "" {
		return errors.New("set session user: no session token")
	}
	_, err := s.db.ExecContext(ctx, `
		INSERT INTO sessions (token_hash, data, expiry, user_id) VALUES (?, ?, ?, ?)
		ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id
		WHERE NOT sessions.ended`,
		hashToken(token), []byte{}, s.now().Add(pendingSessionLifetime).UTC(), userID)
	if err != nil {
		return fmt.Errorf("set session user: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of userID except the one with
// exceptToken ("" ends them all), and returns how many live sessions it
// ended. Only sessions that SetUser tied to the user are found. The user's
// API tokens are not touched (see Tokens.RevokeAll).
func (s *SessionStore) DeleteUserSessions(ctx context.Context, userID int64, exceptToken string) (int64, error) {
	var n int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		n, err = endUserSessions(ctx, tx, s.now(), userID, exceptToken)
		return err
	})
	return n, err
}

// endUserSessions ends the sessions of userID but the one with
// exceptToken, inside tx, so that a password change and the end of the
// sessions it makes unsafe are one change. now is the machine's clock, as
// for SessionStore. An ended session keeps its row as a tombstone, without
// its data, until endedSessionLifetime has passed.
func endUserSessions(ctx context.Context, tx *db.Tx, now time.Time, userID int64, exceptToken string) (int64, error) {
	// No session has the empty hash, so "" keeps none.
	except := ""
	if exceptToken != "" {
		except = hashToken(exceptToken)
	}
	var live int64
	err := tx.QueryRowContext(ctx, `
		SELECT COUNT(*) FROM sessions
		WHERE user_id = ? AND token_hash <> ? AND NOT ended AND expiry > ? AND length(data) > 0`,
		userID, except, now.UTC()).Scan(&live)
	if err != nil {
		return 0, fmt.Errorf("count sessions of user %d: %w", userID, err)
	}
	// Expired rows are ended too: a request that loaded one just before it
	// expired may still be running.
	_, err = tx.ExecContext(ctx, `
		UPDATE sessions SET ended = TRUE, data = ?, expiry = ?
		WHERE user_id = ? AND token_hash <> ? AND NOT ended`,
		[]byte{}, now.Add(endedSessionLifetime).UTC(), userID, except)
	if err != nil {
		return 0, fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	return live, nil
}
