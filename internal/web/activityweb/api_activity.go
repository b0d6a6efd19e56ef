package activityweb

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of activities (the contract's "Activities, premises,
// inspections, meetings"). Package activity decides which activities a
// user reads (ScopeOf, CanRead) and for which organisations they log and
// change them (CanWrite): each party documents its own.

// activityFilterFields are the filter parameters of a list of activities.
var activityFilterFields = []string{"municipality_code", "organization_id", "kind", "commitment_id", "from", "to"}

// activityFilterOf reads the filter of a list of activities from a query:
// from and to are dates in Sweden (to included) or RFC 3339 times (to not
// included). What cannot be read goes to e.
func activityFilterOf(q url.Values, loc *time.Location, e *validation.Errors) activity.Filter {
	var f activity.Filter
	if f.MunicipalityCode = strings.TrimSpace(q.Get("municipality_code")); f.MunicipalityCode != "" && !municipality.ValidCode(f.MunicipalityCode) {
		e.Add("municipality_code", "error.municipality_unknown", f.MunicipalityCode)
	}
	f.OrganizationID = activityFilterID(q, "organization_id", e)
	f.CommitmentID = activityFilterID(q, "commitment_id", e)
	if f.Kind = strings.TrimSpace(q.Get("kind")); f.Kind != "" {
		e.OneOf("kind", f.Kind, activity.KindNames())
	}
	f.From = activityFilterTime(q, "from", loc, false, e)
	f.To = activityFilterTime(q, "to", loc, true, e)
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		e.Add("to", "error.ends_before_start")
	}
	f.Cursor = q.Get("cursor")
	return f
}

// activityFilterID reads an optional id parameter.
func activityFilterID(q url.Values, name string, e *validation.Errors) int64 {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		e.Add(name, "error.filter_id")
		return 0
	}
	return n
}

// activityFilterTime reads a date (YYYY-MM-DD, a day in Sweden) or an RFC 3339
// time. A date given as the end of a range means the end of that day.
func activityFilterTime(q url.Values, name string, loc *time.Location, end bool, e *validation.Errors) time.Time {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return time.Time{}
	}
	if d, err := time.ParseInLocation(validation.DateLayout, s, loc); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	e.Add(name, "error.date")
	return time.Time{}
}

func (s *Server) apiActivities(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	var e validation.Errors
	f := activityFilterOf(r.URL.Query(), web.Loc(r).Zone(), &e)
	if err := e.Err(); err != nil {
		return err
	}
	f.Scope, f.Limit = activity.ScopeOf(web.Principal(r)), limit
	page, err := s.activities.List(r.Context(), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

// readableActivity returns the activity of the path when the user may read
// it; one they may not is not found.
func (s *Server) readableActivity(r *http.Request) (activity.Activity, error) {
	return web.ReadableRecord(r, s.activities.ByID, func(a activity.Activity) bool { return activity.CanRead(web.Principal(r), a) })
}

// writableActivity returns the activity of the path when the user may
// change it: one they read but may not change is forbidden.
func (s *Server) writableActivity(r *http.Request) (activity.Activity, error) {
	a, err := s.readableActivity(r)
	if err != nil {
		return a, err
	}
	if !activity.CanWrite(web.Principal(r), a.OrganizationID) {
		return a, web.ErrForbidden
	}
	return a, nil
}

// activityOwnOrganization fills in the organisation of a new activity or meeting
// when the client leaves it out and the user logs for one organisation
// only, and refuses an organisation the user may not log for.
func activityOwnOrganization(p *auth.Principal, requested string) (string, error) {
	requested = strings.TrimSpace(requested)
	if requested == "" {
		if all, ids := activity.WritableOrganizations(p); !all && len(ids) == 1 {
			return strconv.FormatInt(ids[0], 10), nil
		}
		return "", nil // the core says it is required
	}
	if id, err := strconv.ParseInt(requested, 10, 64); err == nil && id > 0 && !activity.CanWrite(p, id) {
		return "", web.ErrForbidden
	}
	return requested, nil
}

func (s *Server) apiCreateActivity(w http.ResponseWriter, r *http.Request) error {
	var in activity.Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	var err error
	if in.OrganizationID, err = activityOwnOrganization(web.Principal(r), in.OrganizationID); err != nil {
		return err
	}
	a, err := s.activities.Create(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/activities/"+strconv.FormatInt(a.ID, 10))
	web.WriteJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := s.readableActivity(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
	return nil
}

// apiUpdateActivity changes the fields given; the rest keep their value.
// The organisation stays: a party documents its own.
func (s *Server) apiUpdateActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := s.writableActivity(r)
	if err != nil {
		return err
	}
	in, err := web.PatchOf(w, r, activity.InputOf(a))
	if err != nil {
		return err
	}
	changed, err := s.activities.Update(r.Context(), web.Actor(r), a.ID, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, changed)
	return nil
}

func (s *Server) apiDeleteActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := s.writableActivity(r)
	if err != nil {
		return err
	}
	if err := s.activities.Delete(r.Context(), web.Actor(r), a.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// apiTrainedPremises is which premises of a municipality have staff
// trained since a date: the open premises, those with trained staff first.
func (s *Server) apiTrainedPremises(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var e validation.Errors
	code := strings.TrimSpace(q.Get("municipality_code"))
	switch {
	case code == "":
		e.Add("municipality_code", "error.required")
	case !municipality.ValidCode(code):
		e.Add("municipality_code", "error.municipality_unknown", code)
	}
	since := activityFilterTime(q, "since", web.Loc(r).Zone(), false, &e)
	if err := e.Err(); err != nil {
		return err
	}
	if !activityReadsMunicipality(web.Principal(r), code) {
		return web.ErrForbidden
	}
	trained, err := s.activities.TrainedPremises(r.Context(), code, since)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(trained, ""))
	return nil
}

// activityReadsMunicipality reports whether p reads the activities of every
// party of the municipality (ScopeOf).
func activityReadsMunicipality(p *auth.Principal, code string) bool {
	sc := activity.ScopeOf(p)
	return sc.All || slices.Contains(sc.Municipalities, code)
}
