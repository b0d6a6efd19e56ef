package db

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// ErrBadCursor is returned for a cursor this product did not hand out.
var ErrBadCursor = errors.New("bad cursor")

// Cursor is a position in a list ordered by a text key and then by id
// (keyset pagination), opaque to clients.
type Cursor struct {
	Key string
	ID  int64
}

// Encode returns the cursor as a URL-safe string.
func (c Cursor) Encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.ID, 10) + ":" + c.Key))
}

// DecodeCursor parses a cursor from Encode. The empty string is the start.
func DecodeCursor(s string) (Cursor, error) {
	if s == "" {
		return Cursor{}, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, ErrBadCursor
	}
	idText, key, ok := strings.Cut(string(raw), ":")
	if !ok {
		return Cursor{}, ErrBadCursor
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return Cursor{}, ErrBadCursor
	}
	return Cursor{Key: key, ID: id}, nil
}

// Page is one page of a list and where the next one starts ("" at the end).
type Page[T any] struct {
	Items []T
	Next  string
}

// Limit clamps a requested page size: 0 means the default.
func Limit(requested, def, max int) int {
	switch {
	case requested <= 0:
		return def
	case requested > max:
		return max
	}
	return requested
}

// NewestFirst returns one page of a list ordered by a time column, the
// latest first, then by id: the keyset pagination of the dated lists
// (activities, meetings, inspections). where and args select the rows;
// timeCol and idCol name the ordering columns in load's query; load reads
// the rows in the order given, at most limit; key gives a row's time and
// id, for the next page's cursor.
func NewestFirst[T any](cursor string, limit int, timeCol, idCol, where string, args []any,
	load func(where string, args []any, order string, limit int) ([]T, error),
	key func(T) (time.Time, int64)) (Page[T], error) {
	cur, err := DecodeCursor(cursor)
	if err != nil {
		return Page[T]{}, err
	}
	if cur.ID != 0 {
		at, err := time.Parse(time.RFC3339Nano, cur.Key)
		if err != nil {
			return Page[T]{}, ErrBadCursor
		}
		where += ` AND (` + timeCol + ` < ? OR (` + timeCol + ` = ? AND ` + idCol + ` < ?))`
		args = append(args, at, at, cur.ID)
	}
	list, err := load(where, args, timeCol+` DESC, `+idCol+` DESC`, limit+1)
	if err != nil {
		return Page[T]{}, err
	}
	page := Page[T]{Items: list}
	if len(list) > limit {
		page.Items = list[:limit]
		at, id := key(list[limit-1])
		page.Next = Cursor{Key: at.UTC().Format(time.RFC3339Nano), ID: id}.Encode()
	}
	return page, nil
}
