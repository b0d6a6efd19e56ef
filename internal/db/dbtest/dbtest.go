// Package dbtest gives tests a fresh, migrated database of each dialect, so
// that one test body runs on SQLite and on PostgreSQL.
//
// PostgreSQL comes from SAMVERKAN_TEST_POSTGRES_URL, a URL of a server where
// the user may create databases. Without it the PostgreSQL half is skipped,
// unless SAMVERKAN_TEST_REQUIRE_POSTGRES=1 (as in CI), where it fails.
//
// SAMVERKAN_TEST_DIALECTS ("sqlite", "postgres", or both comma-separated;
// empty is both) leaves a dialect's half of Each and EachSeeded out of a
// run. scripts/test uses it to run the race detector on the PostgreSQL half
// only, where the database's work happens in the server, and the SQLite half
// without it: under the race detector every SQLite query is instrumented Go
// (modernc.org/sqlite), which made the race step several minutes longer
// while it looks at the same code of ours.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
)

// Each runs fn once on a fresh SQLite database and once on a fresh
// PostgreSQL database, as the subtests "sqlite" and "postgres".
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { skipUnselected(t, "sqlite"); fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { skipUnselected(t, "postgres"); fn(t, Postgres(t)) })
}

// DialectsEnv names the variable that selects the dialects Each runs.
const DialectsEnv = "SAMVERKAN_TEST_DIALECTS"

// Selected reports whether the run includes dialect (see DialectsEnv).
func Selected(dialect string) bool {
	v := strings.TrimSpace(os.Getenv(DialectsEnv))
	if v == "" {
		return true
	}
	for _, d := range strings.Split(v, ",") {
		if strings.TrimSpace(d) == dialect {
			return true
		}
	}
	return false
}

// skipUnselected skips t when the run leaves dialect out. It is a skip,
// not a failure, even where every prerequisite is required: leaving a
// dialect out is asked for, and the other run covers it.
func skipUnselected(t *testing.T, dialect string) {
	t.Helper()
	if !Selected(dialect) {
		t.Skipf("%s=%s leaves %s out of this run", DialectsEnv, os.Getenv(DialectsEnv), dialect)
	}
}

// SQLite returns a fresh migrated SQLite database in a temporary directory.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, db.Options{DataDir: t.TempDir(), Clock: clocktest.Clock()})
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
	template.once.Do(func() {
		template.name, template.err = makeTemplate(ctx, admin, adminURL)
	})
	admin.Close()
	if template.err != nil {
		t.Fatalf("postgres template: %v", template.err)
	}
	return cloneDatabase(t, adminURL, template.name)
}

// cloneDatabase creates a database from a template, dropped at the end of
// the test.
func cloneDatabase(t testing.TB, adminURL, from string) *db.DB {
	t.Helper()
	ctx := context.Background()
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	defer admin.Close()
	name := "t_" + randomHex()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, from)); err != nil {
		t.Fatalf("create database: %v", err)
	}
	d, err := db.Open(ctx, db.Options{URL: withDatabase(adminURL, name), Clock: clocktest.Clock()})
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
	d, err := db.Open(ctx, db.Options{URL: withDatabase(adminURL, name), Clock: clocktest.Clock()})
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

// Seed fills a freshly migrated database with what a group of tests
// starts from (the demo data, say).
type Seed func(ctx context.Context, d *db.DB) error

// seeded are the databases filled once per test process by a seed and
// copied for each test: loading the demo data takes seconds, copying a
// file or cloning a PostgreSQL template a fraction of that.
var seeded struct {
	mu     sync.Mutex
	sqlite map[string]*seededOnce // by seed name: the directory of the file
	pg     map[string]*seededOnce // by seed name: the template database
}

type seededOnce struct {
	once sync.Once
	name string
	err  error
}

func seededEntry(m *map[string]*seededOnce, name string) *seededOnce {
	seeded.mu.Lock()
	defer seeded.mu.Unlock()
	if *m == nil {
		*m = map[string]*seededOnce{}
	}
	e, ok := (*m)[name]
	if !ok {
		e = &seededOnce{}
		(*m)[name] = e
	}
	return e
}

// EachSeeded is Each on databases that already hold what seed puts in
// them. The seed runs once per process and dialect under its name; every
// test gets a copy of its own, so tests may change it freely.
func EachSeeded(t *testing.T, name string, seed Seed, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { skipUnselected(t, "sqlite"); fn(t, SeededSQLite(t, name, seed)) })
	t.Run("postgres", func(t *testing.T) { skipUnselected(t, "postgres"); fn(t, SeededPostgres(t, name, seed)) })
}

// SeededSQLite returns a copy of the SQLite database seeded under name.
func SeededSQLite(t testing.TB, name string, seed Seed) *db.DB {
	t.Helper()
	ctx := context.Background()
	e := seededEntry(&seeded.sqlite, name)
	e.once.Do(func() { e.name, e.err = seedSQLite(ctx, seed) })
	if e.err != nil {
		t.Fatalf("seed sqlite %s: %v", name, e.err)
	}
	dir := t.TempDir()
	if err := copyFile(filepath.Join(e.name, sqliteFile), filepath.Join(dir, sqliteFile)); err != nil {
		t.Fatalf("copy seeded sqlite: %v", err)
	}
	d, err := db.Open(ctx, db.Options{DataDir: dir, Clock: clocktest.Clock()})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// sqliteFile is the name of the database file in a data directory.
const sqliteFile = "samverkan.db"

func seedSQLite(ctx context.Context, seed Seed) (string, error) {
	// The directory outlives every test of the process; it is left in the
	// system's temporary directory, a few megabytes.
	dir, err := os.MkdirTemp("", "samverkan-seed-")
	if err != nil {
		return "", err
	}
	d, err := db.Open(ctx, db.Options{DataDir: dir, Clock: clocktest.Clock()})
	if err != nil {
		return "", err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return "", err
	}
	if err := seed(ctx, d); err != nil {
		d.Close()
		return "", err
	}
	// Everything in the write-ahead log goes into the file, so that the
	// file alone is the whole database.
	if _, err := d.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		d.Close()
		return "", err
	}
	if err := d.Close(); err != nil {
		return "", err
	}
	if fi, err := os.Stat(filepath.Join(dir, sqliteFile+"-wal")); err == nil && fi.Size() > 0 {
		return "", fmt.Errorf("the write-ahead log of %s was not checkpointed", dir)
	}
	return dir, nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// SeededPostgres returns a fresh PostgreSQL database cloned from the
// template seeded under name.
func SeededPostgres(t testing.TB, name string, seed Seed) *db.DB {
	t.Helper()
	adminURL := PostgresURL(t)
	ctx := context.Background()
	e := seededEntry(&seeded.pg, name)
	e.once.Do(func() { e.name, e.err = seedPostgres(ctx, adminURL, seed) })
	if e.err != nil {
		t.Fatalf("seed postgres %s: %v", name, e.err)
	}
	return cloneDatabase(t, adminURL, e.name)
}

func seedPostgres(ctx context.Context, adminURL string, seed Seed) (string, error) {
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	template.once.Do(func() {
		template.name, template.err = makeTemplate(ctx, admin, adminURL)
	})
	if template.err != nil {
		return "", template.err
	}
	name := "tpl_" + randomHex()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, template.name)); err != nil {
		return "", err
	}
	d, err := db.Open(ctx, db.Options{URL: withDatabase(adminURL, name), Clock: clocktest.Clock()})
	if err != nil {
		return "", err
	}
	// A template may have no connection open while it is cloned.
	defer d.Close()
	if err := seed(ctx, d); err != nil {
		return "", err
	}
	return name, nil
}
