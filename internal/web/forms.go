package web

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/validation"
)

// Session keys.
const (
	sessionUserID = "user_id"
	sessionFlash  = "flash" // a message key shown once on the next page
)

// maxFormBytes bounds a form body; nothing the product asks for in a form
// comes near it.
const maxFormBytes = 256 << 10

// ParseForm reads a POSTed form with a bounded body.
func ParseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return BadRequest("error.bad_form")
	}
	return nil
}

// Flash shows a message on the next page the user sees.
func (s *Server) Flash(r *http.Request, key string) {
	s.sessions.Put(r.Context(), sessionFlash, key)
}

// Redirect answers a POST with 303 See Other, so that reloading the next
// page does not post again.
func Redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// SafeNext returns next when it is a path on this site, else "". Browsers
// drop tabs and line breaks from a Location and read a backslash as a
// slash, so "/\t/evil.example" would lead away: no control character passes.
func SafeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.ContainsFunc(next, func(r rune) bool { return r == '\\' || r < 0x20 || r == 0x7f }) {
		return ""
	}
	return next
}

// ClientIP is the address the request came from. Behind a proxy this is
// the proxy; the product is meant to be reached directly or through one
// that limits requests itself.
func ClientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// PathID reads a numeric id from the path; anything else is not found.
func PathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, ErrNotFound
	}
	return id, nil
}

// ReadableRecord reads the record of the path's {id} with get. One that
// canRead refuses is not found, so that its existence does not show.
func ReadableRecord[T any](r *http.Request, get func(context.Context, int64) (T, error), canRead func(T) bool) (T, error) {
	var zero T
	id, err := PathID(r, "id")
	if err != nil {
		return zero, err
	}
	v, err := get(r.Context(), id)
	if err != nil {
		return zero, err
	}
	if !canRead(v) {
		return zero, ErrNotFound
	}
	return v, nil
}

// Checkbox reads a checkbox: present and "on"/"true"/"1".
func Checkbox(v string) bool { return v == "on" || v == "true" || v == "1" }

// UploadedFile reads the file of a multipart form's field, at most limit
// bytes; nil when no file was chosen (browsers send an empty part).
func UploadedFile(r *http.Request, field string, limit int64) ([]byte, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File[field]) == 0 {
		return nil, nil
	}
	f, err := r.MultipartForm.File[field][0].Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}

// ImportUpload is the file input of an import form (a register, a
// statistics export): its name, the largest file it takes, and the message
// key of its error when no file was chosen.
type ImportUpload struct {
	Field   string
	MaxSize int64
	Missing string
}

// Read reads the chosen file of a multipart import form, in memory: the
// body is bounded to the file's limit and room for the other fields. It
// returns the file's name as sent ("upload" when none) and its bytes. A
// file too large (413) or none (422) is a validation error of the field,
// for the caller to show the form again with; a body that is not a form is
// a bad request.
func (u ImportUpload) Read(w http.ResponseWriter, r *http.Request) (name string, data []byte, status int, errs validation.Errors, err error) {
	maxForm := u.MaxSize + 64<<10
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	err = r.ParseMultipartForm(maxForm)
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		errs.Add(u.Field, "error.import_too_large", u.MaxSize>>20)
		return "", nil, http.StatusRequestEntityTooLarge, errs, nil
	}
	if err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return "", nil, 0, nil, BadRequest("error.bad_form")
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if data, err = UploadedFile(r, u.Field, u.MaxSize+1); err != nil {
		return "", nil, 0, nil, err
	}
	if len(data) == 0 {
		errs.Add(u.Field, u.Missing)
		return "", nil, http.StatusUnprocessableEntity, errs, nil
	}
	name = "upload"
	if fh := r.MultipartForm.File[u.Field]; len(fh) > 0 && fh[0].Filename != "" {
		name = fh[0].Filename
	}
	return name, data, 0, nil, nil
}
