package activityweb

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/activity/invite"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The pages of meetings: collaboration meetings, the council (BRÅ) and the
// destination's forum, with their minutes, decisions and action items.
// Package activity decides who reads a meeting, who changes it and who
// marks an action item done.

func meetingURL(id int64) string { return "/meetings/" + strconv.FormatInt(id, 10) }

// ActionState says where an action item is: done (on a day), overdue, or
// open.
func (p *areaPage) ActionState(a activity.Action) string {
	switch {
	case a.DoneOn != "":
		return "done"
	case a.DueOn != "" && a.DueOn < p.Now().Format(validation.DateLayout):
		return "overdue"
	}
	return "open"
}

// Now is the time in Sweden.
func (p *areaPage) Now() time.Time { return p.now.In(p.Zone()) }

// OpenActions counts a meeting's open action items.
func (p *areaPage) OpenActions(m activity.Meeting) int {
	n := 0
	for _, a := range m.Actions {
		if a.DoneOn == "" {
			n++
		}
	}
	return n
}

// --- The list -------------------------------------------------------------------

type meetingListPage struct {
	areaPage
	Meetings       []activity.Meeting
	Names          map[string]string
	Municipalities []web.Option
	Kinds          []web.Option
	Pager          web.Pager
	CanCreate      bool
}

var meetingFilterFields = []string{"municipality_code", "kind", "from", "to"}

// meetingKindOptions are the kinds of meeting after a first option.
func (b *Base) meetingKindOptions(first string) []web.Option {
	out := []web.Option{{Value: "", Label: first}}
	for _, k := range activity.MeetingKinds {
		out = append(out, web.Option{Value: k, Label: b.T("activity.meeting.kind." + k)})
	}
	return out
}

func (s *Server) meetingsPage(w http.ResponseWriter, r *http.Request) error {
	loc := web.Loc(r)
	p := &meetingListPage{areaPage: newAreaPage(r, "meeting"), CanCreate: web.Principal(r).Can(auth.PermMeetingWrite)}
	munis, err := s.activityMunicipalities(r)
	if err != nil {
		return err
	}
	p.Municipalities = web.MunicipalityChoices(munis, web.Option{Value: "", Label: loc.T("activity.list.all_municipalities")})
	p.Kinds = p.meetingKindOptions(loc.T("meeting.list.all_kinds"))
	if p.Names, err = s.MunicipalityNames(r); err != nil {
		return err
	}
	values := web.FilterValues(r.URL.Query(), meetingFilterFields)
	var e validation.Errors
	f := meetingFilterOf(r, &e)
	p.SetErrors(meetingFilterFields, values, e)
	if len(e) > 0 {
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "meeting_list", p, "meeting.list.title")
	}
	f.Limit = 50
	page, err := s.activities.Meetings(r.Context(), f)
	if err != nil {
		return err
	}
	p.Meetings = page.Items
	p.Pager = web.PagerFor(r, page.Next, len(page.Items))
	return s.Render(w, r, "meeting_list", p, "meeting.list.title")
}

// --- One meeting --------------------------------------------------------------------

type meetingViewPage struct {
	areaPage
	Meeting      activity.Meeting
	Municipality string
	Commitment   *activity.CommitmentRef
	CanWrite     bool
	// Markable are the action items the user may mark done.
	Markable map[int64]bool
}

// PartyName names a party of the meeting.
func (p *meetingViewPage) PartyName(id int64) string {
	for _, o := range p.Meeting.Organizations {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}

func (s *Server) meetingPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.readableMeeting(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	pr := web.Principal(r)
	p := &meetingViewPage{areaPage: newAreaPage(r, "meeting"), Meeting: m, Municipality: names[m.MunicipalityCode],
		CanWrite: activity.CanWrite(pr, m.OrganizationID), Markable: map[int64]bool{}}
	for _, a := range m.Actions {
		p.Markable[a.ID] = a.DoneOn == "" && activity.CanMarkAction(pr, m, a)
	}
	if p.Commitment, err = s.readableCommitment(r, m.CommitmentID); err != nil {
		return err
	}
	return s.Render(w, r, "meeting_view", p, "meeting.view.title", m.Title)
}

// meetingICS is one meeting as an iCalendar file, for a calendar program.
func (s *Server) meetingICS(w http.ResponseWriter, r *http.Request) error {
	m, err := s.readableMeeting(r)
	if err != nil {
		return err
	}
	cal := export.Calendar{Name: m.Title, Events: []export.Event{s.meetingEvent(r, m, web.Loc(r).T)}}
	var buf bytes.Buffer
	if err := export.WriteICalendar(&buf, cal); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="mote-%d.ics"`, m.ID))
	w.Header().Set("Cache-Control", "private, no-cache")
	_, err = w.Write(buf.Bytes())
	return err
}

// meetingEvent is the calendar event of a meeting, with the address of
// its page, described in the words of say.
func (s *Server) meetingEvent(r *http.Request, m activity.Meeting, say export.Say) export.Event {
	return export.MeetingEvent(m, s.uidDomain(r), s.AbsURL(r, meetingURL(m.ID)), say)
}

// uidDomain is the host in the UIDs of the meetings' calendar events: the
// file, the feed and the invitations by e-mail write the same, so that a
// calendar sees one event.
func (s *Server) uidDomain(r *http.Request) string {
	if u, err := url.Parse(s.AbsURL(r, "/")); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return r.Host
}

// invitations is the work that queues the invitations by e-mail a change
// of a meeting calls for, in its transaction (package activity/invite):
// nil when the server sends no e-mail, as a brief then goes by e-mail to
// nobody.
func (s *Server) invitations(r *http.Request) activity.AfterMeetingChange {
	if s.mailer == nil {
		return nil
	}
	return invite.Queue(invite.Options{BaseURL: strings.TrimSuffix(s.AbsURL(r, "/"), "/"), UIDDomain: s.uidDomain(r),
		From: s.mailer.From()})
}

// sendInvitations wakes the mail worker once a change of a meeting is
// committed, for the invitations it queued.
func (s *Server) sendInvitations() {
	if s.mailer != nil {
		s.mailer.Wake()
	}
}

type meetingDeletePage struct {
	areaPage
	Meeting activity.Meeting
}

func (s *Server) deleteMeetingPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.writableMeeting(r)
	if err != nil {
		return err
	}
	return s.Render(w, r, "meeting_delete", &meetingDeletePage{areaPage: newAreaPage(r, "meeting"), Meeting: m}, "meeting.delete.title")
}

func (s *Server) deleteMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.writableMeeting(r)
	if err != nil {
		return err
	}
	if err := s.activities.DeleteMeeting(r.Context(), web.Actor(r), m.ID, s.invitations(r)); err != nil {
		return err
	}
	s.sendInvitations()
	s.Flash(r, "meeting.deleted")
	return web.Redirect(w, r, "/meetings")
}

// markActionDone marks an action item done today and goes back to the
// page it was marked on.
func (s *Server) markActionDone(w http.ResponseWriter, r *http.Request) error {
	a, m, err := s.markableAction(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	today := s.clock.Now().In(web.Loc(r).Zone()).Format(validation.DateLayout)
	if _, err := s.activities.SetActionDone(r.Context(), web.Actor(r), a.ID, today); err != nil {
		return err
	}
	s.Flash(r, "meeting.action_done")
	next := web.SafeNext(r.PostForm.Get("next"))
	if next == "" {
		next = meetingURL(m.ID)
	}
	return web.Redirect(w, r, next)
}

// --- The form --------------------------------------------------------------------------

type meetingFormPage struct {
	areaPage
	// Meeting is the meeting changed, nil for a new one.
	Meeting *activity.Meeting
	// Organizers to choose from when the user may organise for several;
	// else OrganizerName is the one.
	Organizers     []web.Option
	OrganizerName  string
	Municipalities []web.Option
	Commitments    []web.Option
	Kinds          []web.Option
	// Parties are the organisations that may be at the meeting, as
	// checkboxes; PartyChoices the same for a select.
	Parties      []web.Option
	PartyChoices []web.Option
	AttendeeRows []int
	ActionRows   []int
}

// PartyChecked reports whether the organisation is among those present.
func (p *meetingFormPage) PartyChecked(id string) bool {
	return slices.Contains(p.Form.Values["organization_ids"], id)
}

// meetingFormFields are the form's fields in the order shown.
func meetingFormFields(values url.Values) []string {
	fields := []string{"title", "kind", "organization_id", "municipality_code", "commitment_id", "starts_at", "ends_at", "place",
		"organization_ids", "attendees"}
	fields = append(fields, web.RowFields("attendees", max(web.CountRows(values, "attendees", "name"), 3), "name", "organization_id")...)
	fields = append(fields, "agenda", "minutes", "decisions", "actions")
	return append(fields, web.RowFields("actions", max(web.CountRows(values, "actions", "text"), 3), "text", "organization_id", "due_on", "done_on", "id")...)
}

func meetingInputOf(f url.Values) activity.MeetingInput {
	in := activity.MeetingInput{Title: f.Get("title"), Kind: f.Get("kind"), OrganizationID: f.Get("organization_id"),
		MunicipalityCode: f.Get("municipality_code"), CommitmentID: f.Get("commitment_id"), StartsAt: f.Get("starts_at"),
		EndsAt: f.Get("ends_at"), Place: f.Get("place"), Agenda: f.Get("agenda"), Minutes: f.Get("minutes"),
		Decisions: f.Get("decisions"), Choice: web.PersonalDataChoice(f)}
	for _, id := range f["organization_ids"] {
		if strings.TrimSpace(id) != "" {
			in.OrganizationIDs = append(in.OrganizationIDs, id)
		}
	}
	// Empty rows keep their place, so that the core's errors name the
	// form's rows; the core skips them.
	for i := range web.CountRows(f, "attendees", "name") {
		in.Attendees = append(in.Attendees, activity.AttendeeInput{Name: f.Get(web.RowName("attendees", i, "name")),
			OrganizationID: f.Get(web.RowName("attendees", i, "organization_id"))})
	}
	for i := range web.CountRows(f, "actions", "text") {
		get := func(name string) string { return f.Get(web.RowName("actions", i, name)) }
		in.Actions = append(in.Actions, activity.ActionInput{ID: get("id"), Text: get("text"), OrganizationID: get("organization_id"),
			DueOn: get("due_on"), DoneOn: get("done_on")})
	}
	return in
}

// maskMeetingTexts shows the free texts of a meeting form sent with
// "redact" as they will be stored (web.MaskTyped), but for those that are
// as stored (before, nil for a new meeting): package activity does not
// ask again about a text that was confirmed, nor masks it.
func maskMeetingTexts(f url.Values, before *activity.Meeting) {
	stored := func(name string) (string, bool) {
		if before == nil {
			return "", false
		}
		switch name {
		case "agenda":
			return before.Agenda, true
		case "minutes":
			return before.Minutes, true
		case "decisions":
			return before.Decisions, true
		}
		row, ok := strings.CutSuffix(strings.TrimPrefix(name, "actions."), ".text")
		id := f.Get("actions." + row + ".id")
		for _, a := range before.Actions {
			if ok && id != "" && strconv.FormatInt(a.ID, 10) == id {
				return a.Text, true
			}
		}
		return "", false
	}
	web.MaskTyped(f, func(name string) bool {
		free := name == "agenda" || name == "minutes" || name == "decisions" ||
			(strings.HasPrefix(name, "actions.") && strings.HasSuffix(name, ".text"))
		text, kept := stored(name)
		return free && !(kept && strings.TrimSpace(f.Get(name)) == text)
	})
}

// meetingValues are the form's values of a meeting as it is.
func (b *Base) meetingValues(m activity.Meeting) url.Values {
	v := url.Values{}
	local := func(t time.Time) string { return t.In(b.Zone()).Format(web.LocalLayout) }
	in := activity.MeetingInputOf(m)
	v.Set("title", m.Title)
	v.Set("kind", m.Kind)
	v.Set("organization_id", in.OrganizationID)
	v.Set("municipality_code", m.MunicipalityCode)
	v.Set("commitment_id", in.CommitmentID)
	v.Set("starts_at", local(m.StartsAt))
	v.Set("ends_at", local(m.EndsAt))
	v.Set("place", m.Place)
	v["organization_ids"] = slices.Clone(m.OrganizationIDs)
	for i, a := range in.Attendees {
		v.Set(web.RowName("attendees", i, "name"), a.Name)
		v.Set(web.RowName("attendees", i, "organization_id"), a.OrganizationID)
	}
	v.Set("agenda", m.Agenda)
	v.Set("minutes", m.Minutes)
	v.Set("decisions", m.Decisions)
	for i, a := range in.Actions {
		set := func(name, value string) { v.Set(web.RowName("actions", i, name), value) }
		set("id", a.ID)
		set("text", a.Text)
		set("organization_id", a.OrganizationID)
		set("due_on", a.DueOn)
		set("done_on", a.DoneOn)
	}
	return v
}

func (s *Server) meetingForm(w http.ResponseWriter, r *http.Request, status int, m *activity.Meeting, values url.Values, errs validation.Errors, more bool) error {
	loc := web.Loc(r)
	p := &meetingFormPage{areaPage: newAreaPage(r, "meeting"), Meeting: m}
	aw, err := s.activityWriterOf(r)
	if err != nil {
		return err
	}
	if m != nil {
		p.OrganizerName = m.OrganizationName
		values.Set("organization_id", strconv.FormatInt(m.OrganizationID, 10))
	} else {
		p.OrganizerName, p.Organizers = aw.organizationField(loc, values)
	}
	p.Municipalities = aw.municipalityField(loc)
	commitments, err := s.activities.CommitmentsOf(r.Context(), aw.Mine, aw.All)
	if err != nil {
		return err
	}
	p.Commitments = []web.Option{{Value: "", Label: loc.T("activity.form.no_commitment")}}
	today := web.Today(r)
	for _, c := range commitments {
		// An ended promise's commitments are history: offered only when
		// the record counts toward one already.
		if c.IsOver(today) && values.Get("commitment_id") != strconv.FormatInt(c.ID, 10) {
			continue
		}
		p.Commitments = append(p.Commitments, web.Option{Value: strconv.FormatInt(c.ID, 10), Label: activityShorten(c.Text, 90), Group: c.PromiseTitle})
	}
	p.Kinds = p.meetingKindOptions(loc.T("form.choose"))
	parties, err := s.activityOrganizationsIn(r, aw.Codes)
	if err != nil {
		return err
	}
	p.Parties = web.OrganizationChoices(parties)
	p.PartyChoices = web.OrganizationChoices(parties, web.Option{Value: "", Label: loc.T("form.choose")})
	p.AttendeeRows = web.FormRows(values, "attendees", "name", 3, more)
	p.ActionRows = web.FormRows(values, "actions", "text", 3, more)
	p.SetErrors(meetingFormFields(values), values, areaFormErrors(errs, ""))
	title := "meeting.new.title"
	if m != nil {
		title = "meeting.edit.title"
	}
	return s.RenderStatus(w, r, status, "meeting_form", p, title)
}

func (s *Server) newMeetingPage(w http.ResponseWriter, r *http.Request) error {
	values := url.Values{}
	for _, k := range []string{"kind", "municipality_code"} {
		if v := r.URL.Query().Get(k); v != "" {
			values.Set(k, v)
		}
	}
	return s.meetingForm(w, r, http.StatusOK, nil, values, nil, false)
}

func (s *Server) createMeeting(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("more") != "" {
		return s.meetingForm(w, r, http.StatusOK, nil, f, nil, true)
	}
	in := meetingInputOf(f)
	if err := meetingOrganiser(r, &in); errors.Is(err, web.ErrForbidden) {
		errs := validation.Errors{}
		if cerr := s.activities.CheckMeeting(r.Context(), in); cerr != nil {
			var ve *validation.Error
			if !errors.As(cerr, &ve) {
				return cerr
			}
			errs = ve.Fields
		}
		errs["organization_id"] = validation.Message{Key: "error.activity_not_your_organization"}
		return s.meetingForm(w, r, http.StatusUnprocessableEntity, nil, f, errs, false)
	} else if err != nil {
		return err
	}
	m, err := s.activities.CreateMeeting(r.Context(), web.Actor(r), in, s.invitations(r))
	var ve *validation.Error
	if errors.As(err, &ve) {
		maskMeetingTexts(f, nil)
		return s.meetingForm(w, r, http.StatusUnprocessableEntity, nil, f, ve.Fields, false)
	}
	if err != nil {
		return err
	}
	s.sendInvitations()
	s.Flash(r, "meeting.saved")
	return web.Redirect(w, r, meetingURL(m.ID))
}

func (s *Server) editMeetingPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.writableMeeting(r)
	if err != nil {
		return err
	}
	b := &Base{web.Base{Localizer: web.Loc(r)}}
	return s.meetingForm(w, r, http.StatusOK, &m, b.meetingValues(m), nil, false)
}

func (s *Server) updateMeeting(w http.ResponseWriter, r *http.Request) error {
	m, err := s.writableMeeting(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("more") != "" {
		return s.meetingForm(w, r, http.StatusOK, &m, f, nil, true)
	}
	in := meetingInputOf(f)
	in.OrganizationID = strconv.FormatInt(m.OrganizationID, 10)
	in.Synthetic = m.Synthetic
	changed, err := s.activities.UpdateMeeting(r.Context(), web.Actor(r), m.ID, in, s.invitations(r))
	var ve *validation.Error
	if errors.As(err, &ve) {
		maskMeetingTexts(f, &m)
		return s.meetingForm(w, r, http.StatusUnprocessableEntity, &m, f, ve.Fields, false)
	}
	if err != nil {
		return err
	}
	s.sendInvitations()
	s.Flash(r, "meeting.saved")
	return web.Redirect(w, r, meetingURL(changed.ID))
}

// MeetingSpan writes when a meeting is: "2017-02-13 10:00–11:00".
func (p *areaPage) MeetingSpan(m activity.Meeting) string {
	end := m.EndsAt
	return p.Span(m.StartsAt, &end)
}
