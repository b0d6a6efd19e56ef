package brief

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
)

// The unsubscribe link of a brief's e-mail ends that municipality's brief
// for its recipient without signing in: the link in the text and the
// List-Unsubscribe header, which a mail system may POST to on the
// recipient's word (RFC 8058).
//
// Its token is "<user id>.<municipality code>.<signature>": the signature
// is an HMAC-SHA256 (its first 128 bits, base64url) of the purpose, the
// user and the municipality under a key the server makes once and keeps
// in the settings table (db.Secret). Nothing is stored per recipient, so
// the briefs of every week carry the same link, and it never expires: it
// stops working only if the key is removed from the database. 128 bits
// cannot be guessed, and a token opens nothing but this one choice of its
// one recipient. The ids in it are no secret: the signature is.

// unsubscribeSecret names the key in the settings table.
const unsubscribeSecret = "brief-unsubscribe-key"

// ErrUnsubscribeLink is a token that is not one the server made: mangled
// by a mail program, cut short, or made up.
var ErrUnsubscribeLink = fmt.Errorf("unsubscribe link: %w", db.ErrNotFound)

// unsubscribeToken is userID's token for the brief of code.
func unsubscribeToken(key []byte, userID int64, code string) string {
	id := strconv.FormatInt(userID, 10)
	return id + "." + code + "." + unsubscribeSignature(key, id, code)
}

func unsubscribeSignature(key []byte, userID, code string) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("brief-unsubscribe\x00" + userID + "\x00" + code))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])
}

// parseUnsubscribeToken returns the user and the municipality of a token
// the key signed.
func parseUnsubscribeToken(key []byte, token string) (int64, string, bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 || len(parts[1]) != 4 {
		return 0, "", false
	}
	userID, err := strconv.ParseInt(parts[0], 10, 64)
	if err != nil || userID <= 0 || strconv.FormatInt(userID, 10) != parts[0] {
		return 0, "", false
	}
	if !hmac.Equal([]byte(parts[2]), []byte(unsubscribeSignature(key, parts[0], parts[1]))) {
		return 0, "", false
	}
	return userID, parts[1], true
}

// UnsubscribePath is the path of a token's page and one-click address.
func UnsubscribePath(token string) string { return "/unsubscribe/" + token }

// Unsubscription is whose choice an unsubscribe link stands for.
type Unsubscription struct {
	UserID           int64
	MunicipalityCode string
	MunicipalityName string
	// Subscribed says whether the user was subscribed before.
	Subscribed bool
}

// UnsubscribeLink says what the link of token would end, changing
// nothing: the page a link in an e-mail opens (a GET never unsubscribes,
// since link checkers follow links). ErrUnsubscribeLink for a token the
// server did not make, or of a user who is gone.
func (s *Store) UnsubscribeLink(ctx context.Context, token string) (Unsubscription, error) {
	var u Unsubscription
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		u, _, err = unsubscriptionOf(ctx, tx, token)
		return err
	})
	return u, err
}

// Unsubscribe ends the subscription the link of token stands for, at once
// and without signing in: the one-click POST of a mail system, or the
// button of the link's page. The user's chosen areas of the municipality
// go too, as when they opt out on their subscriptions page. Unsubscribing
// again changes nothing and records nothing.
func (s *Store) Unsubscribe(ctx context.Context, token string) (Unsubscription, error) {
	var u Unsubscription
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var email string
		var err error
		if u, email, err = unsubscriptionOf(ctx, tx, token); err != nil || !u.Subscribed {
			return err
		}
		before, err := subscriptionsIn(ctx, tx, u.UserID)
		if err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		if _, err := tx.ExecContext(ctx, `INSERT INTO brief_subscriptions (user_id, municipality_code, subscribed, updated_at)
			VALUES (?, ?, FALSE, ?) ON CONFLICT (user_id, municipality_code) DO UPDATE SET subscribed = excluded.subscribed,
			updated_at = excluded.updated_at`, u.UserID, u.MunicipalityCode, now); err != nil {
			return fmt.Errorf("unsubscribe: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM brief_subscription_areas WHERE user_id = ? AND municipality_code = ?`,
			u.UserID, u.MunicipalityCode); err != nil {
			return fmt.Errorf("unsubscribe: %w", err)
		}
		after, err := subscriptionsIn(ctx, tx, u.UserID)
		if err != nil {
			return err
		}
		// The one who holds the recipient's mailbox acted, as the user.
		actor := audit.Actor{UserID: u.UserID, Label: email}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "unsubscribe", Entity: "brief_subscription",
			EntityID: audit.ID(u.UserID), Before: before, After: after})
	})
	return u, err
}

// unsubscriptionOf checks token and reads the choice it stands for, and
// the user's address.
func unsubscriptionOf(ctx context.Context, tx *db.Tx, token string) (Unsubscription, string, error) {
	key, err := db.Secret(ctx, tx, unsubscribeSecret)
	if err != nil {
		return Unsubscription{}, "", err
	}
	userID, code, ok := parseUnsubscribeToken(key, token)
	if !ok {
		return Unsubscription{}, "", ErrUnsubscribeLink
	}
	u := Unsubscription{UserID: userID, MunicipalityCode: code, Subscribed: true}
	var email string
	err = db.Normalize(tx.QueryRowContext(ctx, `SELECT u.email, m.name FROM users u, municipalities m WHERE u.id = ? AND m.code = ?`,
		userID, code).Scan(&email, &u.MunicipalityName))
	if errors.Is(err, db.ErrNotFound) {
		return Unsubscription{}, "", ErrUnsubscribeLink
	}
	if err != nil {
		return Unsubscription{}, "", fmt.Errorf("unsubscribe link: %w", err)
	}
	var subscribed bool
	err = db.Normalize(tx.QueryRowContext(ctx, `SELECT subscribed FROM brief_subscriptions WHERE user_id = ? AND municipality_code = ?`,
		userID, code).Scan(&subscribed))
	switch {
	case err == nil:
		u.Subscribed = subscribed
	case !errors.Is(err, db.ErrNotFound):
		return Unsubscription{}, "", fmt.Errorf("unsubscribe link: %w", err)
	}
	return u, email, nil
}
