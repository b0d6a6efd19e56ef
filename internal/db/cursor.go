package db

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
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
