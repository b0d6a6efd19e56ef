package premisesweb

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of inspections (POST /api/v1/inspections and the rest).
// The municipality records and changes the inspections of its premises; a
// party that took part (the police at a joint visit) those it took part
// in.

func (s *Server) apiCreateInspection(w http.ResponseWriter, r *http.Request) error {
	var in premises.InspectionInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	var e validation.Errors
	pr := web.Principal(r)
	if id, err := strconv.ParseInt(strings.TrimSpace(in.PremisesID), 10, 64); err == nil && id > 0 {
		pm, err := s.premises.ByID(r.Context(), id)
		switch {
		case isNotFound(err):
			// The core names it.
		case err != nil:
			return err
		case !premises.CanRead(pr, pm.MunicipalityCode):
			// Another municipality's premises is none of the user's: as
			// if there were none.
			e.Add("premises_id", "error.premises_unknown")
		case !premises.CanWriteInspection(pr, pm.MunicipalityCode, web.UserOrganizationIDs(pr)):
			return web.ErrForbidden
		default:
			checkParties(r, pm.MunicipalityCode, in, &e)
		}
	}
	if len(e) > 0 {
		if err := s.inspectionErrors(r, in, &e); err != nil {
			return err
		}
		return e.Err()
	}
	out, err := s.premises.CreateInspection(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1"+inspectionURL(out.ID))
	web.WriteJSON(w, http.StatusCreated, out)
	return nil
}

// timeBound reads the from or to of a list: a date (the whole day in
// Sweden, both ends included) or an RFC 3339 time (included).
func timeBound(e *validation.Errors, loc *time.Location, field, v string, end bool) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if d, err := time.ParseInLocation(validation.DateLayout, v, loc); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		if end {
			t = t.Add(time.Second) // times are kept to the second
		}
		return t
	}
	e.Add(field, "error.date_or_time")
	return time.Time{}
}

func (s *Server) apiInspections(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var e validation.Errors
	f := premises.InspectionFilter{Cursor: q.Get("cursor"), Limit: limit}
	zone := web.Loc(r).Zone()
	f.From = timeBound(&e, zone, "from", q.Get("from"), false)
	f.To = timeBound(&e, zone, "to", q.Get("to"), true)
	if !f.From.IsZero() && !f.To.IsZero() && !f.To.After(f.From) {
		e.Add("to", "error.to_before_from")
	}
	switch v := q.Get("recorded"); v {
	case "", "false":
	case "true":
		f.RecordedOnly = true
	default:
		e.Add("recorded", "error.one_of", "true, false")
	}
	if v := strings.TrimSpace(q.Get("premises_id")); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			e.Add("premises_id", "error.premises_unknown")
		} else {
			pm, err := s.premises.ByID(r.Context(), id)
			switch {
			case isNotFound(err) || (err == nil && !premises.CanRead(web.Principal(r), pm.MunicipalityCode)):
				e.Add("premises_id", "error.premises_unknown")
			case err != nil:
				return err
			}
			f.PremisesID = id
		}
	}
	// One premises, or a municipality's: one of them is required.
	if strings.TrimSpace(q.Get("municipality_code")) != "" || (f.PremisesID == 0 && !e.Has("premises_id")) {
		code, err := s.apiPremisesMunicipality(r)
		if ve, ok := errors.AsType[*validation.Error](err); ok {
			for k, m := range ve.Fields {
				e.Add(k, m.Key, m.Args...)
			}
		} else if err != nil {
			return err
		}
		f.MunicipalityCode = code
	}
	if err := e.Err(); err != nil {
		return err
	}
	page, err := s.premises.Inspections(r.Context(), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiInspection(w http.ResponseWriter, r *http.Request) error {
	in, err := s.readableInspection(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, in)
	return nil
}

// apiUpdateInspection changes an inspection: the fields given change, the
// others keep their value ("protocol": {"remarks": …} keeps the checks).
func (s *Server) apiUpdateInspection(w http.ResponseWriter, r *http.Request) error {
	insp, err := s.writableInspection(r)
	if err != nil {
		return err
	}
	in := premises.InspectionInputOf(insp)
	if _, err := decodePatch(w, r, &in); err != nil {
		return err
	}
	var e validation.Errors
	checkParties(r, insp.MunicipalityCode, in, &e)
	if len(e) > 0 {
		if err := s.inspectionErrors(r, in, &e); err != nil {
			return err
		}
		return e.Err()
	}
	out, err := s.premises.UpdateInspection(r.Context(), web.Actor(r), insp.ID, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiDeleteInspection(w http.ResponseWriter, r *http.Request) error {
	insp, err := s.writableInspection(r)
	if err != nil {
		return err
	}
	if err := s.premises.DeleteInspection(r.Context(), web.Actor(r), insp.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// isNotFound reports whether err is of a record that does not exist.
func isNotFound(err error) bool { return errors.Is(err, db.ErrNotFound) }
