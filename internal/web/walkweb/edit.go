package walkweb

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/walk"
	"github.com/samverkan/samverkan/internal/web"
)

// Editing and deleting: a walk's fields, a point's (with its photo and
// links), an action's links, deleting a point and removing an action.
// Who may is who may create them (walk.CanWrite). A point whose actions
// are not all done is not deleted (walk.ErrOpenActions): its actions are
// removed (or marked done) first.

// recentReportDays is how far back the forms' select of reports goes; an
// older report is given by its number.
const recentReportDays = 60

// reportVisible asks the report area whether the user may read a report
// that a point or an action is to link to.
func (s *Server) reportVisible(r *http.Request) walk.ReportVisible {
	access := report.AccessOf(web.Principal(r))
	return func(reportID int64) (bool, error) {
		rp, err := s.reports.Get(r.Context(), reportID)
		if errors.Is(err, db.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		return access.CanRead(rp), nil
	}
}

// reportOptions are the municipality's reports of the last
// recentReportDays days that the user may read, the newest first, after
// "none": labelled by date, category and place, and their number.
func (s *Server) reportOptions(r *http.Request, p *page, code string) ([]web.Option, error) {
	out := []web.Option{{Value: "", Label: p.T("walk.link.no_report")}}
	from := web.Now(r).In(web.Loc(r).Zone()).AddDate(0, 0, -recentReportDays).Format(validation.DateLayout)
	list, err := s.reports.List(r.Context(), report.AccessOf(web.Principal(r)), report.Filter{MunicipalityCode: code, From: from, Limit: 200})
	if err != nil {
		return nil, err
	}
	for _, rp := range list.Items {
		label := rp.OccurredAt.Format(validation.DateLayout) + " · " + rp.Category
		if rp.Place != "" {
			label += " · " + rp.Place
		}
		out = append(out, web.Option{Value: id(rp.ID), Label: p.T("walk.link.report_option", label, id(rp.ID))})
	}
	return out, nil
}

// setReport puts a linked report in the form's values: in the select when
// it is among the recent ones, else in the number field.
func setReport(values url.Values, reports []web.Option, reportID int64) {
	if reportID == 0 {
		return
	}
	if slices.ContainsFunc(reports, func(o web.Option) bool { return o.Value == id(reportID) }) {
		values.Set("recent_report", id(reportID))
		return
	}
	values.Set("report_id", id(reportID))
}

// formReport is the report a form names: the number typed, or the report
// chosen in the select. Both, naming different reports, is an error.
func formReport(f url.Values, errs *validation.Errors) string {
	typed, chosen := strings.TrimSpace(f.Get("report_id")), strings.TrimSpace(f.Get("recent_report"))
	switch {
	case typed == "":
		return chosen
	case chosen != "" && chosen != typed:
		errs.Add("report_id", "walk.error.report_twice")
	}
	return typed
}

// --- A walk -------------------------------------------------------------------------

func (s *Server) editWalkPage(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.writableWalk(r)
	if err != nil {
		return err
	}
	in := walk.InputOf(wk)
	values := url.Values{"municipality_code": {wk.MunicipalityCode}, "held_on": {wk.HeldOn}, "area": {wk.Area},
		"organization_ids": in.OrganizationIDs, "residents_count": {strconv.Itoa(wk.ResidentsCount)}, "notes": {wk.Notes}}
	// The form always sends its route field (drawn on the map, or as it
	// came without JavaScript): it starts as the stored route, so that
	// saving other fields keeps it.
	if len(wk.Route) > 0 && string(wk.Route) != "null" {
		values.Set("route", string(wk.Route))
	}
	return s.walkEditForm(w, r, http.StatusOK, wk, values, nil)
}

// walkEditForm is the walk's form for a change: the form of a new walk,
// filled in, its municipality fixed.
func (s *Server) walkEditForm(w http.ResponseWriter, r *http.Request, status int, wk walk.Walk, values url.Values, errs validation.Errors) error {
	p := &walkFormPage{page: newPage(r), Walk: &wk}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	values.Set("municipality_code", wk.MunicipalityCode)
	p.MunicipalityName = names[wk.MunicipalityCode]
	parties, err := s.walks.Parties(r.Context(), wk.MunicipalityCode)
	if err != nil {
		return err
	}
	for _, o := range parties {
		p.Parties = append(p.Parties, web.Option{Value: id(o.ID), Label: o.Name, Group: p.MunicipalityName})
	}
	if p.RouteMap, err = s.withPlaces(r, s.walkMapOf(r, nil, nil, nil), wk.MunicipalityCode); err != nil {
		return err
	}
	p.SetErrors(walkFields, values, errs)
	return s.RenderStatus(w, r, status, "walk_form", p, "walk.edit.title", wk.Area, wk.HeldOn)
}

func (s *Server) updateWalk(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.writableWalk(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := walk.Input{MunicipalityCode: wk.MunicipalityCode, HeldOn: f.Get("held_on"), Area: f.Get("area"),
		ResidentsText: f.Get("residents_count"), Notes: f.Get("notes"), OrganizationIDs: trimmed(f["organization_ids"]),
		Route: wk.Route, Choice: web.PersonalDataChoice(f)}
	if _, ok := f["route"]; ok {
		// The form's route (drawn on the map) replaces the stored one;
		// a form without the field keeps it.
		in.Route = []byte(strings.TrimSpace(f.Get("route")))
	}
	_, err = s.walks.UpdateWalk(r.Context(), web.Actor(r), wk.ID, in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(f, func(name string) bool { return name == "notes" })
		return s.walkEditForm(w, r, http.StatusUnprocessableEntity, wk, f, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "walk.edit.saved")
	return web.Redirect(w, r, walkURL(wk.ID))
}

func (s *Server) apiUpdateWalk(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.writableWalk(r)
	if err != nil {
		return err
	}
	in, err := web.PatchOf(w, r, walk.InputOf(wk))
	if err != nil {
		return err
	}
	changed, err := s.walks.UpdateWalk(r.Context(), web.Actor(r), wk.ID, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, changed)
	return nil
}

// --- A point ------------------------------------------------------------------------

// coordinate writes a stored coordinate as the form shows it.
func coordinate(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func (s *Server) editPointPage(w http.ResponseWriter, r *http.Request) error {
	wk, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	values := url.Values{"category": {pt.Category}, "description": {pt.Description}, "place": {pt.Place},
		"lat": {coordinate(pt.Lat)}, "lon": {coordinate(pt.Lon)}}
	if pt.CommitmentID != 0 {
		values.Set("commitment_id", id(pt.CommitmentID))
	}
	return s.pointFormOf(w, r, http.StatusOK, wk, &pt, values, nil, pt.ReportID)
}

func (s *Server) updatePoint(w http.ResponseWriter, r *http.Request) error {
	wk, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	photo, err := parsePointForm(w, r)
	if err != nil {
		return err
	}
	f := r.PostForm
	var errs validation.Errors
	ch := walk.PointChange{PointInput: walk.PointInput{LatText: f.Get("lat"), LonText: f.Get("lon"), Place: f.Get("place"),
		Category: f.Get("category"), Description: f.Get("description"), Photo: photo, ReportID: formReport(f, &errs),
		CommitmentID: f.Get("commitment_id"), ReportVisible: s.reportVisible(r), Choice: web.PersonalDataChoice(f)},
		RemovePhoto: f.Get("remove_photo") != ""}
	// Another named place with the position left as it was moves the
	// point to that place.
	if strings.TrimSpace(ch.Place) != pt.Place && strings.TrimSpace(ch.Place) != "" &&
		strings.TrimSpace(ch.LatText) == coordinate(pt.Lat) && strings.TrimSpace(ch.LonText) == coordinate(pt.Lon) {
		ch.LatText, ch.LonText = "", ""
	}
	if len(errs) == 0 {
		_, err = s.walks.UpdatePoint(r.Context(), web.Actor(r), pt.ID, ch)
		if err := errs.Absorb(err); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		web.MaskTyped(f, func(name string) bool { return name == "description" })
		if len(photo) > 0 && !errs.Has("photo") {
			errs.Add("photo", "walk.error.photo_again")
		}
		return s.pointFormOf(w, r, http.StatusUnprocessableEntity, wk, &pt, f, errs, 0)
	}
	s.Flash(r, "walk.point.changed")
	return web.Redirect(w, r, walkURL(wk.ID)+"#point-"+id(pt.ID))
}

// parsePointForm reads the point form's multipart body and returns its
// photo, if any.
func parsePointForm(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPointForm)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &web.HTTPError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Key: "walk.error.form_too_large"}
		}
		if err := web.ParseForm(w, r); err != nil {
			return nil, err
		}
	}
	photo, err := web.UploadedFile(r, "photo", walk.MaxPhotoBytes+1)
	if err != nil {
		return nil, web.BadRequest("error.bad_form")
	}
	return photo, nil
}

type pointDeletePage struct {
	page
	Walk  walk.Walk
	Point walk.Point
	// Number is the point's number in the walk.
	Number int
	// Open are its actions not done, which keep it from being deleted.
	Open []walk.Action
}

func (s *Server) deletePointView(w http.ResponseWriter, r *http.Request, status int, wk walk.Walk, pt walk.Point) error {
	p := &pointDeletePage{page: newPage(r), Walk: wk, Point: pt,
		Number: slices.IndexFunc(wk.Points, func(x walk.Point) bool { return x.ID == pt.ID }) + 1}
	for _, a := range pt.Actions {
		if a.Open() {
			p.Open = append(p.Open, a)
		}
	}
	return s.RenderStatus(w, r, status, "walk_point_delete", p, "walk.point.delete_title")
}

func (s *Server) deletePointPage(w http.ResponseWriter, r *http.Request) error {
	wk, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	return s.deletePointView(w, r, http.StatusOK, wk, pt)
}

func (s *Server) deletePoint(w http.ResponseWriter, r *http.Request) error {
	wk, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	err = s.walks.DeletePoint(r.Context(), web.Actor(r), pt.ID)
	if errors.Is(err, walk.ErrOpenActions) {
		return s.deletePointView(w, r, http.StatusConflict, wk, pt)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "walk.point.deleted")
	return web.Redirect(w, r, walkURL(wk.ID)+"#w-points")
}

func (s *Server) apiUpdatePoint(w http.ResponseWriter, r *http.Request) error {
	_, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	ch, err := web.PatchOf(w, r, walk.PointChangeOf(pt))
	if err != nil {
		return err
	}
	ch.ReportVisible = s.reportVisible(r)
	changed, err := s.walks.UpdatePoint(r.Context(), web.Actor(r), pt.ID, ch)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, changed)
	return nil
}

// errOpenActions is the API's answer to deleting a point with actions
// not done.
var errOpenActions = &web.HTTPError{Status: http.StatusConflict, Code: "open_actions", Key: "walk.error.point_open_actions"}

func (s *Server) apiDeletePoint(w http.ResponseWriter, r *http.Request) error {
	_, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	err = s.walks.DeletePoint(r.Context(), web.Actor(r), pt.ID)
	if errors.Is(err, walk.ErrOpenActions) {
		return errOpenActions
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// --- An action ----------------------------------------------------------------------

// actionOf returns the walk, the point and the action of the path when the
// user may change it.
func (s *Server) actionOf(r *http.Request) (walk.Walk, walk.Point, walk.Action, error) {
	a, walkID, err := s.writableAction(r)
	if err != nil {
		return walk.Walk{}, walk.Point{}, a, err
	}
	wk, err := s.walks.Walk(r.Context(), walkID)
	if err != nil {
		return wk, walk.Point{}, a, err
	}
	i := slices.IndexFunc(wk.Points, func(p walk.Point) bool { return p.ID == a.PointID })
	if i < 0 {
		return wk, walk.Point{}, a, fmt.Errorf("action %d: %w", a.ID, db.ErrNotFound)
	}
	return wk, wk.Points[i], a, nil
}

func (s *Server) editActionPage(w http.ResponseWriter, r *http.Request) error {
	wk, pt, a, err := s.actionOf(r)
	if err != nil {
		return err
	}
	values := url.Values{"text": {a.Text}, "organization_id": {id(a.OrganizationID)}, "due_on": {a.DueOn}, "status": {a.Status}}
	if a.CommitmentID != 0 {
		values.Set("commitment_id", id(a.CommitmentID))
	}
	return s.actionFormOf(w, r, http.StatusOK, wk, pt, &a, values, nil, a.ReportID)
}

func (s *Server) updateAction(w http.ResponseWriter, r *http.Request) error {
	wk, pt, a, err := s.actionOf(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var errs validation.Errors
	ch := walk.ActionChange{Text: f.Get("text"), OrganizationID: f.Get("organization_id"), DueOn: f.Get("due_on"),
		Status: f.Get("status"), ReportID: formReport(f, &errs), CommitmentID: f.Get("commitment_id"),
		ReportVisible: s.reportVisible(r), Choice: web.PersonalDataChoice(f)}
	if len(errs) == 0 {
		_, err = s.walks.UpdateAction(r.Context(), web.Actor(r), a.ID, ch)
		if err := errs.Absorb(err); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		web.MaskTyped(f, func(name string) bool { return name == "text" })
		return s.actionFormOf(w, r, http.StatusUnprocessableEntity, wk, pt, &a, f, errs, 0)
	}
	s.Flash(r, "walk.action.changed")
	return web.Redirect(w, r, walkURL(wk.ID)+"#action-"+id(a.ID))
}

type actionDeletePage struct {
	page
	Walk   walk.Walk
	Point  walk.Point
	Action walk.Action
}

func (s *Server) deleteActionPage(w http.ResponseWriter, r *http.Request) error {
	wk, pt, a, err := s.actionOf(r)
	if err != nil {
		return err
	}
	p := &actionDeletePage{page: newPage(r), Walk: wk, Point: pt, Action: a}
	return s.Render(w, r, "walk_action_delete", p, "walk.action.delete_title")
}

func (s *Server) deleteAction(w http.ResponseWriter, r *http.Request) error {
	a, walkID, err := s.writableAction(r)
	if err != nil {
		return err
	}
	if err := s.walks.DeleteAction(r.Context(), web.Actor(r), a.ID); err != nil {
		return err
	}
	s.Flash(r, "walk.action.deleted")
	return web.Redirect(w, r, walkURL(walkID)+"#w-actions")
}

func (s *Server) apiDeleteAction(w http.ResponseWriter, r *http.Request) error {
	a, _, err := s.writableAction(r)
	if err != nil {
		return err
	}
	if err := s.walks.DeleteAction(r.Context(), web.Actor(r), a.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
