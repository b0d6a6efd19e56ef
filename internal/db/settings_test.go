package db_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestSecret: a secret is made once and then always the same; another
// name is another secret.
func TestSecret(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		get := func(name string) []byte {
			t.Helper()
			var s []byte
			err := d.InTx(ctx, func(tx *db.Tx) error {
				var err error
				s, err = db.Secret(ctx, tx, name)
				return err
			})
			if err != nil {
				t.Fatalf("Secret(%q) error = %v", name, err)
			}
			return s
		}
		a := get("unsubscribe")
		if len(a) != 32 {
			t.Fatalf("Secret() = %d bytes, want 32", len(a))
		}
		if again := get("unsubscribe"); !bytes.Equal(a, again) {
			t.Errorf("Secret() asked twice differs")
		}
		if other := get("other"); bytes.Equal(a, other) {
			t.Errorf("two secrets are the same")
		}
	})
}
