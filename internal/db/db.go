// Package db opens the product's database, embedded SQLite or PostgreSQL,
// runs the migrations of each dialect, and hides what differs between the
// two: placeholders, pools, transactions and the errors they return.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/samverkan/samverkan/internal/clock"
)

// Dialect names the SQL dialect behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is the product's database. Reads go to a pool of readers; writes go
// through Tx. On SQLite the writer is a single connection, so writers queue
// in Go instead of failing with SQLITE_BUSY; on PostgreSQL both share one pool.
type DB struct {
	dialect Dialect
	read    *sql.DB
	write   *sql.DB
	clock   clock.Clock
}

// Options says which database to open.
type Options struct {
	// URL selects PostgreSQL when it starts with postgres:// or postgresql://.
	URL string
	// DataDir holds the SQLite file when URL is empty.
	DataDir string
	// Clock is the server's one clock, which every store built on this
	// database reads "now" from: the DB is the handle every store is given,
	// so the clock travels with it instead of as a second argument to forty
	// constructors. Nil means the machine's clock.
	Clock clock.Clock
}

// IsPostgresURL reports whether url selects PostgreSQL.
func IsPostgresURL(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}

// Open connects to the database that opts names. It does not migrate.
func Open(ctx context.Context, opts Options) (*DB, error) {
	var d *DB
	var err error
	if opts.URL != "" {
		if !IsPostgresURL(opts.URL) {
			return nil, errors.New("the database URL must start with postgres:// (leave it empty for the embedded SQLite database)")
		}
		d, err = openPostgres(ctx, opts.URL)
	} else {
		d, err = openSQLite(ctx, opts.DataDir)
	}
	if err != nil {
		return nil, err
	}
	d.clock = opts.Clock
	if d.clock == nil {
		d.clock = clock.System
	}
	return d, nil
}

// Clock is the clock of the server this database belongs to.
func (db *DB) Clock() clock.Clock { return db.clock }

// Now is the clock's now as timestamps are stored: UTC, to the microsecond.
func (db *DB) Now() time.Time { return clock.DBNow(db.clock) }

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	return &DB{dialect: Postgres, read: pool, write: pool}, nil
}

// The pragmas follow the usual recipe for a server on SQLite: busy_timeout
// first so that the others can wait for a lock, WAL so that readers never
// block the writer, NORMAL synchronous (safe with WAL), foreign keys on.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)&_time_format=sqlite"

func openSQLite(ctx context.Context, dir string) (*DB, error) {
	if dir == "" {
		dir = "data"
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dir, "samverkan.db")
	// _txlock=immediate takes the write lock at BEGIN, so a transaction never
	// fails half-way when it upgrades from reading to writing.
	write, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	write.SetConnMaxLifetime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite database %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+sqlitePragmas+"&_pragma=query_only(ON)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite readers: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	return &DB{dialect: SQLite, read: read, write: write}, nil
}

// Dialect tells which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Close closes both pools.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return err
	}
	return db.write.PingContext(ctx)
}

// Stats returns the pool statistics of the writer and of the readers.
func (db *DB) Stats() (write, read sql.DBStats) {
	return db.write.Stats(), db.read.Stats()
}

// Pools returns the underlying pools for instrumentation. Use Tx and the
// query methods for everything else.
func (db *DB) Pools() (write, read *sql.DB) { return db.write, db.read }

// Queryer is what both DB (reading) and Tx offer, so that a read helper can
// run inside or outside a transaction.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// QueryContext runs a read query. Queries are written with ? placeholders.
func (db *DB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(query), args...)
	return rows, normalize(err)
}

// QueryRowContext runs a read query that returns at most one row.
func (db *DB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.rebind(query), args...)
}

// ExecContext runs one statement on the writer, outside any transaction.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := db.write.ExecContext(ctx, db.rebind(query), args...)
	return res, normalize(err)
}

// Tx is a write transaction.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	clock   clock.Clock
}

// Now is the clock's now as timestamps are stored, for the rows the
// transaction writes.
func (tx *Tx) Now() time.Time { return clock.DBNow(tx.clock) }

// Clock is the clock of the database the transaction runs on.
func (tx *Tx) Clock() clock.Clock { return tx.clock }

// Dialect tells which database the transaction runs on.
func (tx *Tx) Dialect() Dialect { return tx.dialect }

func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(ctx, rebind(tx.dialect, query), args...)
	return rows, normalize(err)
}

func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, rebind(tx.dialect, query), args...)
}

func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, rebind(tx.dialect, query), args...)
	return res, normalize(err)
}

// InTx runs fn in a write transaction, committed when fn returns nil and
// rolled back otherwise. A serialization failure or a busy database is
// retried a few times, so fn must not have effects outside the transaction.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := range 4 {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(time.Duration(attempt*attempt) * 20 * time.Millisecond):
			}
		}
		err = db.inTxOnce(ctx, fn)
		if !errors.Is(err, ErrBusy) {
			return err
		}
	}
	return err
}

func (db *DB) inTxOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", normalize(err))
	}
	tx := &Tx{tx: sqlTx, dialect: db.dialect, clock: db.clock}
	defer func() {
		if p := recover(); p != nil {
			_ = sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", normalize(err))
	}
	return nil
}

func (db *DB) rebind(query string) string { return rebind(db.dialect, query) }

// rebind turns ? placeholders into PostgreSQL's $1, $2, … and leaves
// question marks inside quoted strings and identifiers alone.
func rebind(d Dialect, query string) string {
	if d != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			// strconv, not fmt: a multi-row INSERT has thousands of these.
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Placeholders returns "?, ?, ?" for n arguments, for IN lists.
func Placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
