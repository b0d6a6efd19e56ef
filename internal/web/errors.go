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

// httpError is an error with the status and the safe, translatable message
// to answer with. The wrapped error, if any, is logged and never shown.
type httpError struct {
	status int
	code   string // machine-readable, in the JSON error
	key    string // message key in the catalogue
	args   []any
	fields validation.Errors
	err    error
	// retryAfter, in seconds, for 429.
	retryAfter int
}

func (e *httpError) Error() string {
	if e.err != nil {
		return fmt.Sprintf("%d %s: %v", e.status, e.code, e.err)
	}
	return fmt.Sprintf("%d %s", e.status, e.code)
}

func (e *httpError) Unwrap() error { return e.err }

var (
	errNotFound        = &httpError{status: http.StatusNotFound, code: "not_found", key: "error.not_found"}
	errForbidden       = &httpError{status: http.StatusForbidden, code: "forbidden", key: "error.forbidden"}
	errUnauthenticated = &httpError{status: http.StatusUnauthorized, code: "unauthenticated", key: "error.unauthenticated"}
)

func badRequest(key string, args ...any) *httpError {
	return &httpError{status: http.StatusBadRequest, code: "bad_request", key: key, args: args}
}

// classify maps any error to the httpError to answer with.
func classify(err error) *httpError {
	var he *httpError
	var ve *validation.Error
	switch {
	case errors.As(err, &he):
		return he
	case errors.As(err, &ve):
		return &httpError{status: http.StatusUnprocessableEntity, code: "invalid", key: "error.invalid", fields: ve.Fields}
	case errors.Is(err, db.ErrNotFound):
		return &httpError{status: http.StatusNotFound, code: "not_found", key: "error.not_found", err: err}
	case errors.Is(err, db.ErrConflict):
		return &httpError{status: http.StatusConflict, code: "conflict", key: "error.conflict", err: err}
	case errors.Is(err, db.ErrBadCursor):
		return &httpError{status: http.StatusBadRequest, code: "bad_cursor", key: "error.bad_cursor", fields: validation.Errors{"cursor": {Key: "error.bad_cursor"}}}
	case errors.Is(err, db.ErrBusy):
		return &httpError{status: http.StatusServiceUnavailable, code: "busy", key: "error.busy", err: err, retryAfter: 2}
	}
	return &httpError{status: http.StatusInternalServerError, code: "internal", key: "error.internal", err: err}
}

// fail answers a request with err: JSON under /api, a page elsewhere. A
// visitor who is not signed in is sent to the sign-in page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	he := classify(err)
	if he.status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "route", state(r).pattern, "method", r.Method, "err", err)
	} else if he.err != nil {
		s.log.DebugContext(r.Context(), "request refused", "status", he.status, "err", he.err)
	}
	if he.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(he.retryAfter))
	}
	loc := state(r).loc
	if isAPI(r) {
		body := apiError{Code: he.code, Message: loc.T(he.key, he.args...)}
		if len(he.fields) > 0 {
			body.Fields = make(map[string]string, len(he.fields))
			for f, m := range he.fields {
				body.Fields[f] = loc.T(m.Key, m.Args...)
			}
		}
		if he.status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="samverkan"`)
		}
		writeJSON(w, he.status, map[string]apiError{"error": body})
		return
	}
	if he.status == http.StatusUnauthorized && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := &errorPage{Message: loc.T(he.key, he.args...), Status: he.status}
	for _, m := range he.fields {
		p.Details = append(p.Details, loc.T(m.Key, m.Args...))
	}
	s.renderStatus(w, r, he.status, "error", p, "error.title")
}

// apiError is the contract's error body.
type apiError struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}
