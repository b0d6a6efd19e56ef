package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/samverkan/samverkan/internal/validation"
)

// MaxJSONBytes bounds a JSON request body.
const MaxJSONBytes = 1 << 20

// DecodeJSON reads exactly one JSON value into dst, refusing unknown
// fields, and turns what is wrong into a message a client can act on: a
// field of the wrong type is a field error, bad syntax a 400.
func DecodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		// Media types are case-insensitive; "application/jsonp" is another.
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return &HTTPError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Key: "error.json_content_type"}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxJSONBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &HTTPError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Key: "error.too_large"}
		}
		return BadRequest("error.json_syntax")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return JSONError(err)
	}
	if dec.More() {
		return BadRequest("error.json_trailing")
	}
	if _, err := dec.Token(); err != io.EOF {
		return BadRequest("error.json_trailing")
	}
	return nil
}

func JSONError(err error) error {
	var syntax *json.SyntaxError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return BadRequest("error.json_empty")
	case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF):
		return BadRequest("error.json_syntax")
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return BadRequest("error.json_type", typeErr.Value)
		}
		var e validation.Errors
		e.Add(jsonFieldName(typeErr.Field), wantKey(typeErr.Type))
		return e.Err()
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, _ := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		var e validation.Errors
		e.Add(name, "error.json_unknown_field")
		return e.Err()
	}
	return BadRequest("error.json_syntax")
}

// jsonFieldName is the name of a field as the client sent it: the path
// encoding/json gives names the Go structs embedded in another too
// ("Input.count"), and the API's field names are never capitalised.
func jsonFieldName(path string) string {
	var parts []string
	for _, p := range strings.Split(path, ".") {
		if p != "" && !unicode.IsUpper([]rune(p)[0]) {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return path
	}
	return strings.Join(parts, ".")
}

// wantKey names the kind of JSON value a Go type takes, for the message
// to a client that sent another kind.
func wantKey(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "error.json_want_text"
	case reflect.Bool:
		return "error.json_want_boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "error.json_want_integer"
	case reflect.Float32, reflect.Float64:
		return "error.json_want_number"
	case reflect.Slice, reflect.Array:
		return "error.json_want_list"
	}
	return "error.json_want_object"
}

// ListResponse is the contract's shape of a list.
type ListResponse[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func List[T any](items []T, next string) ListResponse[T] {
	if items == nil {
		items = []T{}
	}
	return ListResponse[T]{Items: items, NextCursor: next}
}

// QueryLimit reads the limit parameter of a list.
func QueryLimit(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000 {
		var e validation.Errors
		e.Add("limit", "error.limit", 1000)
		return 0, e.Err()
	}
	return n, nil
}

// PatchOf applies a JSON merge of the request body (RFC 7396, one level
// deep) to current: the fields given replace those of current, the rest
// keep their value. Unknown fields and wrong types are refused as in
// decodeJSON.
func PatchOf[T any](w http.ResponseWriter, r *http.Request, current T) (T, error) {
	var patch map[string]json.RawMessage
	if err := DecodeJSON(w, r, &patch); err != nil {
		return current, err
	}
	merged := map[string]json.RawMessage{}
	base, err := json.Marshal(current)
	if err != nil {
		return current, err
	}
	if err := json.Unmarshal(base, &merged); err != nil {
		return current, err
	}
	// Parties named by id alone replace the parties with their signatories.
	if _, ok := patch["party_ids"]; ok {
		if _, rows := patch["parties"]; !rows {
			delete(merged, "parties")
		}
	}
	for k, v := range patch {
		merged[k] = v
	}
	body, err := json.Marshal(merged)
	if err != nil {
		return current, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var out T
	if err := dec.Decode(&out); err != nil {
		return current, JSONError(err)
	}
	return out, nil
}
