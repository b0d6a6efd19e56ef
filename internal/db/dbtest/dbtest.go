// Package dbtest gives tests a fresh, migrated database of each dialect, so
// that one test body runs on SQLite and on PostgreSQL.
//
// PostgreSQL comes from SAMVERKAN_TEST_POSTGRES_URL, a URL of a server where
// the user may create databases. Without it the PostgreSQL half is skipped,
// unless SAMVERKAN_TEST_REQUIRE_POSTGRES=1 (as in CI), where it fails.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/samverkan/samverkan/internal/db"
)

// Each runs fn once on a fresh SQLite database and once on a fresh
// PostgreSQL database, as the subtests "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite returns a fresh migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, db.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate sqlite: %v", err)
	}
	return d
}

// PostgresURL returns the admin URL of the test server, or skips (or fails,
// where PostgreSQL is required) when there is none.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("SAMVERKAN_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("SAMVERKAN_TEST_REQUIRE_POSTGRES") == "1" {
			t.Fatal("SAMVERKAN_TEST_POSTGRES_URL is not set but PostgreSQL is required")
		}
		t.Skip("SAMVERKAN_TEST_POSTGRES_URL is not set")
	}
	return u
}

// template is a migrated database that each test clones, which is far
// quicker than migrating a new database per test.
var template struct {
	once sync.Once
	name string
	err  error
}

// Postgres returns a fresh migrated PostgreSQL database, dropped at the end
// of the test.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	adminURL := PostgresURL(t)
	ctx := context.Background()
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()

	template.once.Do(func() {
		template.name, template.err = makeTemplate(ctx, admin, adminURL)
	})
	if template.err != nil {
		t.Fatalf("postgres template: %v", template.err)
	}
	name := "t_" + randomHex()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template.name)); err != nil {
		t.Fatalf("create database: %v", err)
	}
	d, err := db.Open(ctx, db.Options{URL: withDatabase(adminURL, name)})
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	t.Cleanup(func() {
		d.Close()
		admin, err := sql.Open("pgx", adminURL)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.ExecContext(context.Background(), fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
	})
	return d
}

// NewPostgresDatabase creates an empty database and returns its URL, for
// tests of the program that migrate by themselves.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	adminURL := PostgresURL(t)
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	name := "e_" + randomHex()
	if _, err := admin.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", adminURL)
		if err != nil {
			return
		}
		defer admin.Close()
		_, _ = admin.ExecContext(context.Background(), fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name))
	})
	return withDatabase(adminURL, name)
}

func makeTemplate(ctx context.Context, admin *sql.DB, adminURL string) (string, error) {
	name := "tpl_" + randomHex()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", err
	}
	d, err := db.Open(ctx, db.Options{URL: withDatabase(adminURL, name)})
	if err != nil {
		return "", err
	}
	defer d.Close()
	if err := d.Migrate(ctx); err != nil {
		return "", err
	}
	return name, nil
}

func withDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	u.Path = "/" + name
	return u.String()
}

func randomHex() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
