package premisesweb

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of the premises register (the contract's "Activities,
// premises, inspections, meetings"): premises, their history, the import
// of a register as CSV and the municipalities' checklists. Package
// premises decides who reads and keeps which municipality's register.

// apiPremisesMunicipality reads the municipality_code a call is about: required,
// known, and one whose register the user reads (403 otherwise).
func (s *Server) apiPremisesMunicipality(r *http.Request) (string, error) {
	code := strings.TrimSpace(r.URL.Query().Get("municipality_code"))
	var e validation.Errors
	switch {
	case code == "":
		e.Add("municipality_code", "error.required")
	case !municipality.ValidCode(code):
		e.Add("municipality_code", "error.municipality_unknown", code)
	default:
		if _, err := s.municipalities.ByCode(r.Context(), code); errors.Is(err, db.ErrNotFound) {
			e.Add("municipality_code", "error.municipality_unknown", code)
		} else if err != nil {
			return "", err
		}
	}
	if err := e.Err(); err != nil {
		return "", err
	}
	if !premises.CanRead(web.Principal(r), code) {
		return "", web.ErrForbidden
	}
	return code, nil
}

func (s *Server) apiCreatePremises(w http.ResponseWriter, r *http.Request) error {
	var in premises.Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	// A municipality that exists but is not the user's to keep is
	// forbidden; an unknown one is the core's to name.
	if code := strings.TrimSpace(in.MunicipalityCode); municipality.ValidCode(code) && !premises.CanWrite(web.Principal(r), code) {
		if _, err := s.municipalities.ByCode(r.Context(), code); err == nil {
			return web.ErrForbidden
		}
	}
	pm, err := s.premises.Create(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1"+premisesURL(pm.ID))
	web.WriteJSON(w, http.StatusCreated, pm)
	return nil
}

func (s *Server) apiPremisesList(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if st := q.Get("status"); st != "" && st != premises.Open && st != premises.Closed {
		var e validation.Errors
		e.Add("status", "error.one_of", strings.Join(premises.Statuses, ", "))
		return e.Err()
	}
	code, err := s.apiPremisesMunicipality(r)
	if err != nil {
		return err
	}
	page, err := s.premises.List(r.Context(), premises.Filter{MunicipalityCode: code, Status: q.Get("status"), Query: q.Get("q"),
		Cursor: q.Get("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiPremises(w http.ResponseWriter, r *http.Request) error {
	pm, err := s.readablePremises(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, pm)
	return nil
}

// decodePatch reads a PATCH body over dst, which holds the record as it
// is: the fields given change, the others keep their value. It returns the
// names of the fields given.
func decodePatch(w http.ResponseWriter, r *http.Request, dst any) (map[string]bool, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, web.MaxJSONBytes))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return nil, &web.HTTPError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Key: "error.too_large"}
		}
		return nil, web.BadRequest("error.json_syntax")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err := web.DecodeJSON(w, r, dst); err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	_ = json.Unmarshal(body, &fields) // decodeJSON has read it as an object
	given := make(map[string]bool, len(fields))
	for k := range fields {
		given[k] = true
	}
	return given, nil
}

// apiUpdatePremises changes a premises: the fields given change. An
// address given in one line replaces the address's parts, unless they
// are given too.
func (s *Server) apiUpdatePremises(w http.ResponseWriter, r *http.Request) error {
	pm, err := s.writablePremises(r)
	if err != nil {
		return err
	}
	in := premises.InputOf(pm)
	given, err := decodePatch(w, r, &in)
	if err != nil {
		return err
	}
	if given["address"] {
		for field, v := range map[string]*string{"street_address": &in.StreetAddress, "postal_code": &in.PostalCode, "postal_area": &in.PostalArea} {
			if !given[field] {
				*v = ""
			}
		}
	}
	out, err := s.premises.Update(r.Context(), web.Actor(r), pm.ID, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// premisesVersionJSON is one saved state of a premises and what it
// changed from the one before.
type premisesVersionJSON struct {
	Version  int               `json:"version"`
	At       time.Time         `json:"at"`
	Actor    string            `json:"actor"`
	Changes  []premises.Change `json:"changes"`
	Premises premises.Premises `json:"premises"`
}

func (s *Server) apiPremisesHistory(w http.ResponseWriter, r *http.Request) error {
	pm, err := s.readablePremises(r)
	if err != nil {
		return err
	}
	versions, err := s.premises.History(r.Context(), pm.ID)
	if err != nil {
		return err
	}
	out := make([]premisesVersionJSON, len(versions))
	for i, v := range versions {
		out[i] = premisesVersionJSON{Version: v.Version, At: v.At, Actor: v.ActorLabel, Premises: v.Premises, Changes: []premises.Change{}}
		if i+1 < len(versions) {
			out[i].Changes = append(out[i].Changes, premises.Changes(versions[i+1].Premises, v.Premises)...)
		}
	}
	web.WriteJSON(w, http.StatusOK, web.List(out, ""))
	return nil
}

// apiImportPremises stores a register sent as CSV (Content-Type text/csv)
// with the contract's header: all of it, or, when a row is wrong or of a
// municipality the user does not keep, nothing, with the line and why.
func (s *Server) apiImportPremises(w http.ResponseWriter, r *http.Request) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "text/csv" {
		return &web.HTTPError{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Key: "error.csv_content_type"}
	}
	res, err := s.importRegister(r, http.MaxBytesReader(w, r.Body, premises.MaxImportSize+1))
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return &web.HTTPError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Key: "error.import_too_large",
			Args: []any{premises.MaxImportSize >> 20}}
	}
	if ie, ok := errors.AsType[*premises.ImportError](err); ok {
		loc := web.Loc(r)
		fields := validation.Errors{"line": {Key: "import.line", Args: []any{ie.Line}}}
		if ie.Column != "" {
			fields[ie.Column] = ie.Message
		}
		return &web.HTTPError{Status: http.StatusUnprocessableEntity, Code: "invalid", Key: "premises.import.failed",
			Args: []any{ie.Describe(loc.T)}, Fields: fields}
	}
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, res)
	return nil
}

// checklistsJSON is a municipality's checklists, one per kind.
type checklistsJSON struct {
	MunicipalityCode string               `json:"municipality_code"`
	Checklists       []premises.Checklist `json:"checklists"`
}

func (s *Server) apiChecklists(w http.ResponseWriter, r *http.Request) error {
	code, err := web.PathMunicipality(r)
	if err != nil {
		return err
	}
	if _, err := s.municipalities.ByCode(r.Context(), code); err != nil {
		return err
	}
	if !premises.CanRead(web.Principal(r), code) {
		return web.ErrForbidden
	}
	out := checklistsJSON{MunicipalityCode: code}
	for _, k := range premises.InspectionKinds {
		c, err := s.premises.Checklist(r.Context(), code, k)
		if err != nil {
			return err
		}
		out.Checklists = append(out.Checklists, c)
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// checklistInput is PUT /api/v1/municipalities/{code}/checklists/{kind}:
// the list's items in order; an empty list goes back to the product's.
type checklistInput struct {
	Items []string `json:"items"`
}

func (s *Server) apiSetChecklist(w http.ResponseWriter, r *http.Request) error {
	code, err := web.PathMunicipality(r)
	if err != nil {
		return err
	}
	if _, err := s.municipalities.ByCode(r.Context(), code); err != nil {
		return err
	}
	if !premises.CanWrite(web.Principal(r), code) {
		return web.ErrForbidden
	}
	var in checklistInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	out, err := s.premises.SetChecklist(r.Context(), web.Actor(r), code, r.PathValue("kind"), in.Items)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}
