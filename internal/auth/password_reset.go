package auth

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// PasswordResetLifetime is how long a link to reset a password works: time
// enough to fetch the mail, too little for a link found later in a mailbox
// or a log to be worth anything.
const PasswordResetLifetime = 30 * time.Minute

// resetKeep is how long a spent or expired link is remembered after its
// expiry, so that using it says "expired" or "used" rather than "unknown".
const resetKeep = 24 * time.Hour

// The errors of a password reset link that does not work. ErrResetToken is
// an unknown or malformed link, or one for an account that is gone or
// disabled; ErrResetTokenExpired and ErrResetTokenUsed say more and are
// ErrResetToken too (errors.Is), so that a caller may tell them apart or
// not. A link replaced by a newer one is expired.
var (
	ErrResetToken        = errors.New("invalid password reset link")
	ErrResetTokenExpired = fmt.Errorf("%w: it has expired", ErrResetToken)
	ErrResetTokenUsed    = fmt.Errorf("%w: it has been used", ErrResetToken)
)

// resetRequester is the actor of a request for a reset link: whoever asks
// is not signed in, and need not be the owner of the account.
var resetRequester = audit.Actor{Label: "anonymous"}

// CreatePasswordReset makes a link secret (token) to reset the password of
// the user with email, for the caller to mail to that address, and ends
// the user's earlier links. ok is false, with no error, for an unknown
// address or a disabled account: the caller must then answer exactly as
// when ok is true, or anyone could learn which addresses have accounts. (A
// known address costs a write more; a caller that mails the link in the
// background keeps that out of the answer's timing.) Only a hash of the
// token is stored. Limiting how often one address or client may ask is the
// caller's (see Limiter).
func (s *Users) CreatePasswordReset(ctx context.Context, email string) (token string, u User, ok bool, err error) {
	u, err = s.ByEmail(ctx, email)
	if errors.Is(err, db.ErrNotFound) {
		return "", User{}, false, nil
	}
	if err != nil {
		return "", User{}, false, err
	}
	if u.Disabled {
		return "", User{}, false, nil
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", User{}, false, err
	}
	token = base64.RawURLEncoding.EncodeToString(raw)
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := tx.Now()
		// Only the newest link works, so that a mailbox holds at most one
		// live link.
		if err := expireResets(ctx, tx, u.ID, now); err != nil {
			return err
		}
		expires := now.Add(PasswordResetLifetime)
		_, err := tx.ExecContext(ctx, `
			INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hashToken(token), u.ID, now, expires)
		if err != nil {
			return fmt.Errorf("insert password reset: %w", err)
		}
		return audit.Record(ctx, tx, resetRequester, audit.Entry{Action: "request_password_reset", Entity: "user",
			EntityID: audit.ID(u.ID), After: map[string]time.Time{"expires_at": expires}})
	})
	if err != nil {
		return "", User{}, false, err
	}
	return token, u, true, nil
}

// CheckPasswordReset returns the user a reset link is for, or one of the
// ErrResetToken errors, without using the link: for the page that asks for
// the new password, which should say that a link is dead before anyone
// types a password into it.
func (s *Users) CheckPasswordReset(ctx context.Context, token string) (User, error) {
	r, err := s.findReset(ctx, token)
	if err != nil {
		return User{}, err
	}
	if err := r.usable(s.db.Now()); err != nil {
		return User{}, err
	}
	return s.resetUser(ctx, r.userID)
}

// ResetPassword sets the password of the user a reset link is for, and
// returns the user. The link is used up in the same transaction, so that of
// two uses one fails; it is also refused when it has expired or the
// account is disabled (an ErrResetToken error). A new password that the
// policy refuses is a *validation.Error on "new_password" and leaves the
// link usable. The user's other links and all their sessions end with it,
// and the audit trail records the reset, with the user as actor: whoever
// holds the link has shown they read the user's mail.
func (s *Users) ResetPassword(ctx context.Context, token, newPassword string) (User, error) {
	u, err := s.CheckPasswordReset(ctx, token)
	if err != nil {
		return User{}, err
	}
	var e validation.Errors
	ValidatePassword(&e, "new_password", newPassword, policyContext(u))
	if err := e.Err(); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(newPassword)
	if err != nil {
		return User{}, err
	}
	var after User
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		now := tx.Now()
		if err := useReset(ctx, tx, hashToken(token), now); err != nil {
			return err
		}
		var err error
		after, err = scanUser(tx.QueryRowContext(ctx, `
			UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND NOT disabled RETURNING `+userColumns,
			hash, now, u.ID))
		if errors.Is(err, db.ErrNotFound) {
			return ErrResetToken // disabled since the link was checked
		}
		if err != nil {
			return fmt.Errorf("reset password of user %d: %w", u.ID, err)
		}
		if err := expireResets(ctx, tx, u.ID, now); err != nil {
			return err
		}
		// Sessions expire by the machine's clock (see SessionStore).
		if _, err := endUserSessions(ctx, tx, clock.System.Now(), u.ID, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Actor{UserID: u.ID, Label: u.Email},
			audit.Entry{Action: "reset_password", Entity: "user", EntityID: audit.ID(u.ID)})
	})
	if err != nil {
		return User{}, err
	}
	return after, nil
}

// DeleteExpiredPasswordResets removes the links that expired more than a
// day ago, used or not; serve may call it now and then, with
// SessionStore.DeleteExpired. The audit trail keeps that they were asked
// for and used.
func (s *Users) DeleteExpiredPasswordResets(ctx context.Context) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM password_resets WHERE expires_at <= ?`, s.db.Now().Add(-resetKeep))
	if err != nil {
		return 0, fmt.Errorf("delete expired password resets: %w", err)
	}
	return res.RowsAffected()
}

// passwordReset is a stored reset link.
type passwordReset struct {
	id      int64
	userID  int64
	expires time.Time
	used    sql.NullTime
}

// findReset returns the stored link of token, or ErrResetToken.
func (s *Users) findReset(ctx context.Context, token string) (passwordReset, error) {
	// A token is 43 characters; anything far off is no token, and is not
	// worth a query.
	if token == "" || len(token) > 100 {
		return passwordReset{}, ErrResetToken
	}
	var r passwordReset
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id, expires_at, used_at FROM password_resets WHERE token_hash = ?`,
		hashToken(token)).Scan(&r.id, &r.userID, &r.expires, &r.used)
	if errors.Is(db.Normalize(err), db.ErrNotFound) {
		return passwordReset{}, ErrResetToken
	}
	if err != nil {
		return passwordReset{}, fmt.Errorf("find password reset: %w", err)
	}
	return r, nil
}

// usable returns nil when the link may be used at now, else why not.
func (r passwordReset) usable(now time.Time) error {
	switch {
	case r.used.Valid:
		return ErrResetTokenUsed
	case !now.Before(r.expires):
		return ErrResetTokenExpired
	}
	return nil
}

// resetUser returns the enabled user with id, or ErrResetToken.
func (s *Users) resetUser(ctx context.Context, id int64) (User, error) {
	u, err := s.ByID(ctx, id)
	if errors.Is(err, db.ErrNotFound) {
		return User{}, ErrResetToken
	}
	if err != nil {
		return User{}, err
	}
	if u.Disabled {
		return User{}, ErrResetToken
	}
	return u, nil
}

// useReset marks the link with tokenHash used, or returns why it cannot be
// used. It is one conditional update, so that of two transactions using
// the same link only one succeeds.
func useReset(ctx context.Context, tx *db.Tx, tokenHash string, now time.Time) error {
	res, err := tx.ExecContext(ctx, `
		UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
		now, tokenHash, now)
	if err != nil {
		return fmt.Errorf("use password reset: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var r passwordReset
	err = tx.QueryRowContext(ctx, `SELECT expires_at, used_at FROM password_resets WHERE token_hash = ?`,
		tokenHash).Scan(&r.expires, &r.used)
	if errors.Is(db.Normalize(err), db.ErrNotFound) {
		return ErrResetToken
	}
	if err != nil {
		return fmt.Errorf("use password reset: %w", err)
	}
	if err := r.usable(now); err != nil {
		return err
	}
	return ErrResetToken // unreachable: the update would have found it
}

// expireResets ends the unused, unexpired links of user userID at now.
func expireResets(ctx context.Context, tx *db.Tx, userID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `
		UPDATE password_resets SET expires_at = ? WHERE user_id = ? AND used_at IS NULL AND expires_at > ?`,
		now, userID, now)
	if err != nil {
		return fmt.Errorf("expire password resets of user %d: %w", userID, err)
	}
	return nil
}
