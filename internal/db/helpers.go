package db

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Scanner is a row or rows.
type Scanner interface{ Scan(...any) error }

// Each runs query and calls fn for every row.
func Each(ctx context.Context, q Queryer, query string, args []any, fn func(Scanner) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// IDArgs turns ids into query arguments, for an IN list of Placeholders.
func IDArgs(ids []int64) []any {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return args
}

// NullID stores the id 0 as NULL.
func NullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// FloatPtr reads a nullable number as a pointer, nil for NULL.
func FloatPtr(f sql.NullFloat64) *float64 {
	if !f.Valid {
		return nil
	}
	v := f.Float64
	return &v
}

// AggregateTime reads an aggregate (MIN, MAX) of a timestamp column. SQLite gives MAX of
// a timestamp as the stored text, not as a time; PostgreSQL as a time.
func AggregateTime(v any) (sql.NullTime, error) {
	switch t := v.(type) {
	case nil:
		return sql.NullTime{}, nil
	case time.Time:
		return sql.NullTime{Time: t, Valid: true}, nil
	case string:
		return parseStoredTime(t)
	case []byte:
		return parseStoredTime(string(t))
	}
	return sql.NullTime{}, fmt.Errorf("unexpected time %T", v)
}

// storedLayouts are how the SQLite driver writes times (_time_format=sqlite).
var storedLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	time.RFC3339Nano,
}

func parseStoredTime(s string) (sql.NullTime, error) {
	s = strings.TrimSpace(s)
	for _, layout := range storedLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return sql.NullTime{Time: t, Valid: true}, nil
		}
	}
	return sql.NullTime{}, fmt.Errorf("unreadable time %q", s)
}
