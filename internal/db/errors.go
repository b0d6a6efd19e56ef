package db

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// The errors every store may return, whatever the dialect. Check them with
// errors.Is; the driver's own error stays wrapped for the log.
var (
	ErrNotFound = errors.New("not found")
	// ErrConflict is a unique constraint: the thing exists already.
	ErrConflict = errors.New("conflict")
	// ErrReference is a foreign key that points to nothing, or a row that
	// others still point to.
	ErrReference = errors.New("invalid reference")
	// ErrBusy is a lock or serialization failure worth retrying.
	ErrBusy = errors.New("database busy")
)

// normalize wraps a driver error in one of the sentinel errors above.
func normalize(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %w", ErrConflict, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %w", ErrReference, err)
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_BUSY_SNAPSHOT:
			return fmt.Errorf("%w: %w", ErrBusy, err)
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return fmt.Errorf("%w: %w", ErrConflict, err)
		case "23503":
			return fmt.Errorf("%w: %w", ErrReference, err)
		case "40001", "40P01", "55P03":
			return fmt.Errorf("%w: %w", ErrBusy, err)
		}
	}
	return err
}

// Normalize is normalize for the errors that Row.Scan returns, which the
// pools cannot see.
func Normalize(err error) error { return normalize(err) }
