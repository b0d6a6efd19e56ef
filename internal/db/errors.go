package db

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"strings"

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
	// ErrUnavailable is a database that cannot be reached or is shutting
	// down: the server answers 503 and asks the client to come back.
	ErrUnavailable = errors.New("database unavailable")
)

// IsUnavailable reports whether err says the database cannot be reached
// now: no connection could be made or kept (PostgreSQL down, restarting,
// failing over, or the network to it gone), as opposed to a query the
// database refused.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08 is a connection exception; 57P01–57P03 a server shutting
		// down or not yet accepting connections; 53300 too many connections.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03" || pe.Code == "53300"
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CANTOPEN
	}
	// pgx reports a connection lost in the middle of a query as an
	// unexported error that says so.
	return pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed") || strings.Contains(err.Error(), "unexpected EOF")
}

// normalize wraps a driver error in one of the sentinel errors above.
func normalize(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", ErrNotFound, err)
	}
	if IsUnavailable(err) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
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
