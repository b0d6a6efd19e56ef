package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Token is a personal API token as listed to its owner; the secret itself
// is shown once, at creation, and only its hash is stored.
type Token struct {
	ID         int64      `json:"id,string"`
	UserID     int64      `json:"user_id,string"`
	Name       string     `json:"name"`
	Scope      string     `json:"scope"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

// The scopes of a token. An api token carries every right of its user; a
// calendar token only reads the user's own meeting feed, since it lives in
// an address that calendar programs and proxies write to their logs.
const (
	ScopeAPI      = "api"
	ScopeCalendar = "calendar"
)

// tokenPrefix makes a leaked token recognisable to secret scanners.
const tokenPrefix = "svk_"

// MaxTokenName is the longest name of a token.
const MaxTokenName = 100

// ErrBadToken is an unknown, revoked or malformed token.
var ErrBadToken = errors.New("invalid API token")

// Tokens stores API tokens.
type Tokens struct {
	db *db.DB
}

// NewTokens returns a Tokens on d.
func NewTokens(d *db.DB) *Tokens { return &Tokens{db: d} }

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// Create makes a new api token for user and returns its secret, which is
// not stored and cannot be shown again.
func (s *Tokens) Create(ctx context.Context, actor audit.Actor, userID int64, name string) (string, Token, error) {
	return s.CreateScoped(ctx, actor, userID, name, ScopeAPI)
}

// CreateScoped makes a new token of scope (ScopeAPI or ScopeCalendar) for
// user and returns its secret, which is not stored and cannot be shown again.
func (s *Tokens) CreateScoped(ctx context.Context, actor audit.Actor, userID int64, name, scope string) (string, Token, error) {
	var e validation.Errors
	name = e.Text("name", name, true, MaxTokenName)
	e.OneOf("scope", scope, []string{ScopeAPI, ScopeCalendar})
	if err := e.Err(); err != nil {
		return "", Token{}, err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", Token{}, err
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	var t Token
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO api_tokens (user_id, name, scope, hash, created_at) VALUES (?, ?, ?, ?, ?)
			RETURNING id, user_id, name, scope, created_at`,
			userID, name, scope, hashToken(secret), tx.Now()).
			Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, &t.CreatedAt)
		if err != nil {
			return fmt.Errorf("insert token: %w", db.Normalize(err))
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "api_token", EntityID: audit.ID(t.ID), After: t})
	})
	if err != nil {
		return "", Token{}, err
	}
	return secret, t, nil
}

// List returns a user's tokens, newest first, revoked ones included.
func (s *Tokens) List(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT id, user_id, name, scope, created_at, last_used_at, revoked_at FROM api_tokens
		WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var t Token
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Scope, &t.CreatedAt, &used, &revoked); err != nil {
			return nil, err
		}
		if used.Valid {
			t.LastUsedAt = &used.Time
		}
		if revoked.Valid {
			t.RevokedAt = &revoked.Time
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Revoke ends a token of userID's. Another user's token is db.ErrNotFound.
func (s *Tokens) Revoke(ctx context.Context, actor audit.Actor, userID, tokenID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
			tx.Now(), tokenID, userID)
		if err != nil {
			return fmt.Errorf("revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("token %d: %w", tokenID, db.ErrNotFound)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "revoke", Entity: "api_token", EntityID: audit.ID(tokenID)})
	})
}

// RevokeAll ends every token of userID's that is not revoked yet, of any
// scope, and returns how many it ended: for a user whose account may be in
// other hands. Each token gets its own entry in the audit trail, as with
// Revoke.
func (s *Tokens) RevokeAll(ctx context.Context, actor audit.Actor, userID int64) (int64, error) {
	var ids []int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ids = ids[:0] // InTx may run this again
		rows, err := tx.QueryContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING id`,
			tx.Now(), userID)
		if err != nil {
			return fmt.Errorf("revoke tokens of user %d: %w", userID, err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		// The rows must be closed before the transaction runs anything else.
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return fmt.Errorf("revoke tokens of user %d: %w", userID, err)
		}
		slices.Sort(ids)
		for _, id := range ids {
			if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "revoke", Entity: "api_token", EntityID: audit.ID(id)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return int64(len(ids)), nil
}

// Authenticate returns the id of the user an api token belongs to, for a
// bearer token: a calendar token is refused like an unknown one.
func (s *Tokens) Authenticate(ctx context.Context, secret string) (int64, error) {
	return s.AuthenticateScope(ctx, secret, ScopeAPI)
}

// AuthenticateScope returns the id of the user a token belongs to when the
// token's scope reaches scope: an api token reaches every scope, a calendar
// token only ScopeCalendar. It notes the token's use; the time of last use
// is written at most once a minute per token, so that an API client does
// not turn every read into a write.
func (s *Tokens) AuthenticateScope(ctx context.Context, secret, scope string) (int64, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return 0, ErrBadToken
	}
	var id, userID int64
	var tokenScope string
	var used sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT id, user_id, scope, last_used_at FROM api_tokens WHERE hash = ? AND revoked_at IS NULL`,
		hashToken(secret)).Scan(&id, &userID, &tokenScope, &used)
	if errors.Is(db.Normalize(err), db.ErrNotFound) {
		return 0, ErrBadToken
	}
	if err != nil {
		return 0, fmt.Errorf("authenticate token: %w", err)
	}
	if tokenScope != ScopeAPI && tokenScope != scope {
		return 0, ErrBadToken
	}
	now := s.db.Now()
	if !used.Valid || now.Sub(used.Time) > time.Minute {
		if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, now, id); err != nil {
			return 0, fmt.Errorf("note token use: %w", err)
		}
	}
	return userID, nil
}
