// Package validation collects what is wrong with the fields of a request,
// as message keys that the web layer says in the user's language.
package validation

import (
	"errors"
	"net/mail"
	"sort"
	"strings"
	"unicode/utf8"
)

// Message is a translatable message: a key in the catalogue and its
// arguments.
type Message struct {
	Key  string
	Args []any
}

// Errors maps a field name to what is wrong with it. The zero value is
// ready to use.
type Errors map[string]Message

// Add records a problem with field, keeping the first one per field.
func (e *Errors) Add(field, key string, args ...any) {
	if *e == nil {
		*e = Errors{}
	}
	if _, ok := (*e)[field]; !ok {
		(*e)[field] = Message{Key: key, Args: args}
	}
}

// Has reports whether field has a problem.
func (e Errors) Has(field string) bool {
	_, ok := e[field]
	return ok
}

// Err returns nil when there is nothing wrong, else an *Error.
func (e Errors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return &Error{Fields: e}
}

// Absorb adds the fields of err, when it is an *Error, to e (a field
// already in e keeps its message) and returns nil; any other error is
// returned as it is. A handler that checked some fields itself and then
// asked the store uses it to show every problem of the form at once.
func (e *Errors) Absorb(err error) error {
	ve, ok := errors.AsType[*Error](err)
	if !ok {
		return err
	}
	for field, m := range ve.Fields {
		e.Add(field, m.Key, m.Args...)
	}
	return nil
}

// Error is a request with invalid fields.
type Error struct {
	Fields Errors
}

func (e *Error) Error() string {
	names := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	return "invalid fields: " + strings.Join(names, ", ")
}

// Text checks a required or optional free text field and returns it trimmed.
func (e *Errors) Text(field, value string, required bool, max int) string {
	v := strings.TrimSpace(value)
	switch {
	case v == "" && required:
		e.Add(field, "error.required")
	case utf8.RuneCountInString(v) > max:
		e.Add(field, "error.too_long", max)
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		e.Add(field, "error.invalid_text")
	}
	return v
}

// Email checks and normalises an e-mail address (trimmed, lower case).
func (e *Errors) Email(field, value string) string {
	v := strings.ToLower(strings.TrimSpace(value))
	if v == "" {
		e.Add(field, "error.required")
		return v
	}
	if len(v) > 254 {
		e.Add(field, "error.too_long", 254)
		return v
	}
	addr, err := mail.ParseAddress(v)
	if err != nil || addr.Address != v || !strings.Contains(v[strings.LastIndexByte(v, '@'):], ".") {
		e.Add(field, "error.email")
	}
	return v
}

// Password checks a new password: long enough, not absurdly long.
func (e *Errors) Password(field, value string) {
	n := utf8.RuneCountInString(value)
	switch {
	case n < 10:
		e.Add(field, "error.password_short", 10)
	case len(value) > 200:
		e.Add(field, "error.too_long", 200)
	}
}

// OneOf checks that value is one of allowed. Nothing chosen says "choose
// one", not "fill in": on a form the field is a group of choices.
func (e *Errors) OneOf(field, value string, allowed []string) {
	for _, a := range allowed {
		if value == a {
			return
		}
	}
	if value == "" {
		e.Add(field, "error.choose")
		return
	}
	e.Add(field, "error.one_of", strings.Join(allowed, ", "))
}
