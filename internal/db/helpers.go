package db

import (
	"context"
	"database/sql"
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
