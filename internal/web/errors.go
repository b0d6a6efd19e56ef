package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// HTTPError is an error with the status and the safe, translatable message
// to answer with. The wrapped error, if any, is logged and never shown.
type HTTPError struct {
	Status int
	Code   string // machine-readable, in the JSON error
	Key    string // message key in the catalogue
	Args   []any
	Fields validation.Errors
	Err    error
	// retryAfter, in seconds, for 429.
	RetryAfter int
}

func (e *HTTPError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%d %s: %v", e.Status, e.Code, e.Err)
	}
	return fmt.Sprintf("%d %s", e.Status, e.Code)
}

func (e *HTTPError) Unwrap() error { return e.Err }

var (
	ErrNotFound        = &HTTPError{Status: http.StatusNotFound, Code: "not_found", Key: "error.not_found"}
	ErrForbidden       = &HTTPError{Status: http.StatusForbidden, Code: "forbidden", Key: "error.forbidden"}
	ErrUnauthenticated = &HTTPError{Status: http.StatusUnauthorized, Code: "unauthenticated", Key: "error.unauthenticated"}
)

func BadRequest(key string, args ...any) *HTTPError {
	return &HTTPError{Status: http.StatusBadRequest, Code: "bad_request", Key: key, Args: args}
}

// classify maps any error to the httpError to answer with.
func classify(err error) *HTTPError {
	var he *HTTPError
	var ve *validation.Error
	switch {
	case errors.As(err, &he):
		return he
	case errors.As(err, &ve):
		return &HTTPError{Status: http.StatusUnprocessableEntity, Code: "invalid", Key: "error.invalid", Fields: ve.Fields}
	case errors.Is(err, db.ErrNotFound):
		return &HTTPError{Status: http.StatusNotFound, Code: "not_found", Key: "error.not_found", Err: err}
	case errors.Is(err, db.ErrConflict):
		return &HTTPError{Status: http.StatusConflict, Code: "conflict", Key: "error.conflict", Err: err}
	case errors.Is(err, db.ErrBadCursor):
		return &HTTPError{Status: http.StatusBadRequest, Code: "bad_cursor", Key: "error.bad_cursor", Fields: validation.Errors{"cursor": {Key: "error.bad_cursor"}}}
	case errors.Is(err, db.ErrBusy):
		return &HTTPError{Status: http.StatusServiceUnavailable, Code: "busy", Key: "error.busy", Err: err, RetryAfter: 2}
	case db.IsUnavailable(err):
		// The database is down or failing over: not the request's fault,
		// and worth trying again in a little while.
		return &HTTPError{Status: http.StatusServiceUnavailable, Code: "unavailable", Key: "error.unavailable", Err: err, RetryAfter: 10}
	}
	return &HTTPError{Status: http.StatusInternalServerError, Code: "internal", Key: "error.internal", Err: err}
}

// Fail answers a request with err: JSON under /api, a page elsewhere. A
// visitor who is not signed in is sent to the sign-in page.
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) {
	he := classify(err)
	if he.Status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "route", state(r).pattern, "method", r.Method, "err", err)
	} else if he.Err != nil {
		s.log.DebugContext(r.Context(), "request refused", "status", he.Status, "err", he.Err)
	}
	if he.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(he.RetryAfter))
	}
	loc := Loc(r)
	if isAPI(r) {
		body := APIError{Code: he.Code, Message: loc.T(he.Key, he.Args...)}
		if len(he.Fields) > 0 {
			body.Fields = make(map[string]string, len(he.Fields))
			for f, m := range he.Fields {
				body.Fields[f] = loc.Message(m.Key, m.Args...)
			}
		}
		if he.Status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="samverkan"`)
		}
		WriteJSON(w, he.Status, map[string]APIError{"error": body})
		return
	}
	if he.Status == http.StatusUnauthorized && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := &errorPage{Message: loc.T(he.Key, he.Args...), Status: he.Status}
	for _, m := range he.Fields {
		p.Details = append(p.Details, loc.Message(m.Key, m.Args...))
	}
	s.RenderStatus(w, r, he.Status, "error", p, "error.title")
}

// APIError is the contract's error body.
type APIError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}
