package db

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
)

// Secret returns the server's secret called name: 32 random bytes made
// the first time anyone asks and kept in the settings table, so that what
// it signs (the unsubscribe links in e-mail) stays valid for as long as
// the database lives, across restarts and servers. Two servers asking at
// once agree: the first insert wins and both read it back. Asked inside
// the transaction that uses it.
func Secret(ctx context.Context, tx *Tx, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value, created_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`, name, base64.StdEncoding.EncodeToString(b), tx.Now()); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	var value string
	if err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = ?`, name).Scan(&value); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, Normalize(err))
	}
	secret, err := base64.StdEncoding.DecodeString(value)
	if err != nil || len(secret) < 16 {
		return nil, fmt.Errorf("secret %s: the stored value is no secret", name)
	}
	return secret, nil
}
