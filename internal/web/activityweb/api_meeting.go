package activityweb

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of meetings and their action items. Package activity
// decides who reads a meeting (CanReadMeeting: the parties at it and the
// municipality's parties), who changes it (CanWrite of the organiser) and
// who marks an action item done (CanMarkAction: the owner and the
// organiser).

// meetingFilterOf reads the filter of a list of meetings: municipality,
// kind, and from/to as for activities.
func meetingFilterOf(r *http.Request, e *validation.Errors) activity.MeetingFilter {
	q := r.URL.Query()
	f := activity.MeetingFilter{Scope: activity.ScopeOf(web.Principal(r)), Cursor: q.Get("cursor")}
	if f.MunicipalityCode = strings.TrimSpace(q.Get("municipality_code")); f.MunicipalityCode != "" && !municipality.ValidCode(f.MunicipalityCode) {
		e.Add("municipality_code", "error.municipality_unknown", f.MunicipalityCode)
	}
	if f.Kind = strings.TrimSpace(q.Get("kind")); f.Kind != "" {
		e.OneOf("kind", f.Kind, activity.MeetingKinds)
	}
	loc := web.Loc(r).Zone()
	f.From = activityFilterTime(q, "from", loc, false, e)
	f.To = activityFilterTime(q, "to", loc, true, e)
	return f
}

func (s *Server) apiMeetings(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	var e validation.Errors
	f := meetingFilterOf(r, &e)
	if err := e.Err(); err != nil {
		return err
	}
	f.Limit = limit
	page, err := s.activities.Meetings(r.Context(), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

// readableMeeting returns the meeting of the path when the user may read
// it; one they may not is not found.
func (s *Server) readableMeeting(r *http.Request) (activity.Meeting, error) {
	return web.ReadableRecord(r, s.activities.Meeting, func(m activity.Meeting) bool { return activity.CanReadMeeting(web.Principal(r), m) })
}

// writableMeeting returns the meeting of the path when the user may change
// it: the organiser's coordinators and members.
func (s *Server) writableMeeting(r *http.Request) (activity.Meeting, error) {
	m, err := s.readableMeeting(r)
	if err != nil {
		return m, err
	}
	if !activity.CanWrite(web.Principal(r), m.OrganizationID) {
		return m, web.ErrForbidden
	}
	return m, nil
}

// meetingOrganiser fills in the organiser of a new meeting: the one named,
// else the user's only organisation, else the first party named. The user
// must be able to write for it.
func meetingOrganiser(r *http.Request, in *activity.MeetingInput) error {
	p := web.Principal(r)
	organiser, err := activityOwnOrganization(p, in.OrganizationID)
	if err != nil {
		return err
	}
	if organiser == "" {
		for _, s := range in.OrganizationIDs {
			if s = strings.TrimSpace(s); s != "" {
				organiser = s
				break
			}
		}
		if id, err := strconv.ParseInt(organiser, 10, 64); err == nil && id > 0 && !activity.CanWrite(p, id) {
			return web.ErrForbidden
		}
	}
	in.OrganizationID = organiser
	return nil
}

func (s *Server) apiCreateMeeting(w http.ResponseWriter, r *http.Request) error {
	var in activity.MeetingInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := meetingOrganiser(r, &in); err != nil {
		return err
	}
	m, err := s.activities.CreateMeeting(r.Context(), web.Actor(r), in, s.invitations(r))
	if err != nil {
		return err
	}
	s.sendInvitations()
	w.Header().Set("Location", "/api/v1/meetings/"+strconv.FormatInt(m.ID, 10))
	web.WriteJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) apiMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.readableMeeting(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, m)
	return nil
}

// apiUpdateMeeting changes the fields given. Action items given with
// their id keep it; a list of actions replaces the list.
func (s *Server) apiUpdateMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.writableMeeting(r)
	if err != nil {
		return err
	}
	in, err := web.PatchOf(w, r, activity.MeetingInputOf(m))
	if err != nil {
		return err
	}
	changed, err := s.activities.UpdateMeeting(r.Context(), web.Actor(r), m.ID, in, s.invitations(r))
	if err != nil {
		return err
	}
	s.sendInvitations()
	web.WriteJSON(w, http.StatusOK, changed)
	return nil
}

func (s *Server) apiDeleteMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.writableMeeting(r)
	if err != nil {
		return err
	}
	if err := s.activities.DeleteMeeting(r.Context(), web.Actor(r), m.ID, s.invitations(r)); err != nil {
		return err
	}
	s.sendInvitations()
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// markableAction returns the action item of the path and its meeting when
// the user may mark it done.
func (s *Server) markableAction(r *http.Request) (activity.Action, activity.Meeting, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return activity.Action{}, activity.Meeting{}, err
	}
	a, m, err := s.activities.ActionWithMeeting(r.Context(), id)
	if err != nil {
		return a, m, err
	}
	p := web.Principal(r)
	if !activity.CanReadMeeting(p, m) {
		return a, m, web.ErrNotFound
	}
	if !activity.CanMarkAction(p, m, a) {
		return a, m, web.ErrForbidden
	}
	return a, m, nil
}

// actionDone is the body of POST /api/v1/meeting-actions/{id}/done: the
// day it was done, today in Sweden when left out; "" opens it again.
type actionDone struct {
	DoneOn *string `json:"done_on"`
}

func (s *Server) apiMarkActionDone(w http.ResponseWriter, r *http.Request) error {
	a, _, err := s.markableAction(r)
	if err != nil {
		return err
	}
	var in actionDone
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, web.MaxJSONBytes))
	if err != nil {
		return web.BadRequest("error.json_syntax")
	}
	if len(bytes.TrimSpace(body)) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err := web.DecodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	doneOn := s.clock.Now().In(web.Loc(r).Zone()).Format(validation.DateLayout)
	if in.DoneOn != nil {
		doneOn = *in.DoneOn
	}
	done, err := s.activities.SetActionDone(r.Context(), web.Actor(r), a.ID, doneOn)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, done)
	return nil
}
