package walkweb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/walk"
	"github.com/samverkan/samverkan/internal/web"
)

// maxPointForm bounds the body of the point form: the photo (which
// package walk refuses above walk.MaxPhotoBytes, with what was typed
// kept) and the fields. A larger body is refused whole.
const maxPointForm = 12 << 20

// municipalities returns the municipalities whose walks the user reaches.
func (s *Server) municipalities(r *http.Request) ([]municipality.Municipality, error) {
	sc := walk.ScopeOf(web.Principal(r))
	if sc.All {
		return s.Municipalities().InUse(r.Context())
	}
	return s.MunicipalitiesByCode(r, sc.Municipalities)
}

// readableWalk returns the walk of the path when the user reaches its
// municipality; another municipality's walk is not found.
func (s *Server) readableWalk(r *http.Request) (walk.Walk, error) {
	return web.ReadableRecord(r, s.walks.Walk, func(w walk.Walk) bool { return walk.CanRead(web.Principal(r), w.MunicipalityCode) })
}

// --- The list ---------------------------------------------------------------------

type listPage struct {
	page
	Walks          []walk.Summary
	Names          map[string]string
	Municipalities []web.Option
	Pager          web.Pager
	CanCreate      bool
}

func (s *Server) listPage(w http.ResponseWriter, r *http.Request) error {
	p := &listPage{page: newPage(r), CanCreate: web.Principal(r).Can(auth.PermWalkWrite)}
	munis, err := s.municipalities(r)
	if err != nil {
		return err
	}
	p.Municipalities = web.MunicipalityChoices(munis, web.Option{Value: "", Label: p.T("walk.list.all_municipalities")})
	if p.Names, err = s.MunicipalityNames(r); err != nil {
		return err
	}
	q := r.URL.Query()
	values := web.FilterValues(q, []string{"municipality_code"})
	var e validation.Errors
	f := walk.Filter{Scope: walk.ScopeOf(web.Principal(r)), Cursor: q.Get("cursor"), Limit: 25}
	if f.MunicipalityCode = strings.TrimSpace(q.Get("municipality_code")); f.MunicipalityCode != "" && !municipality.ValidCode(f.MunicipalityCode) {
		e.Add("municipality_code", "error.municipality_unknown", f.MunicipalityCode)
	}
	p.SetErrors([]string{"municipality_code"}, values, e)
	if len(e) > 0 {
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "walk_list", p, "walk.list.title")
	}
	page, err := s.walks.Walks(r.Context(), f)
	if err != nil {
		return err
	}
	p.Walks = page.Items
	p.Pager = web.PagerFor(r, page.Next, len(page.Items))
	return s.Render(w, r, "walk_list", p, "walk.list.title")
}

// --- A new walk --------------------------------------------------------------------

type walkFormPage struct {
	page
	Municipalities []web.Option
	// MunicipalityName is the one municipality when there is no choice.
	MunicipalityName string
	Parties          []web.Option
	// Walk is the walk being changed, nil for a new one.
	Walk *walk.Walk
	// RouteMap is the map to draw the route on (walk-map.js).
	RouteMap walkMap
}

// PartyChecked reports whether the organisation is among those taking part.
func (p *walkFormPage) PartyChecked(id string) bool {
	return slices.Contains(p.Form.Values["organization_ids"], id)
}

var walkFields = []string{"municipality_code", "held_on", "area", "route", "organization_ids", "residents_count", "notes"}

func (s *Server) walkForm(w http.ResponseWriter, r *http.Request, status int, values url.Values, errs validation.Errors) error {
	p := &walkFormPage{page: newPage(r)}
	munis, err := s.municipalities(r)
	if err != nil {
		return err
	}
	if len(munis) == 1 {
		values.Set("municipality_code", munis[0].Code)
		p.MunicipalityName = munis[0].Name
	} else {
		p.Municipalities = web.MunicipalityChoices(munis, web.Option{Value: "", Label: p.T("form.choose")})
	}
	for _, m := range munis {
		parties, err := s.walks.Parties(r.Context(), m.Code)
		if err != nil {
			return err
		}
		for _, o := range parties {
			if !slices.ContainsFunc(p.Parties, func(x web.Option) bool { return x.Value == id(o.ID) }) {
				p.Parties = append(p.Parties, web.Option{Value: id(o.ID), Label: o.Name, Group: m.Name})
			}
		}
	}
	codes := make([]string, 0, len(munis))
	for _, m := range munis {
		codes = append(codes, m.Code)
	}
	if p.RouteMap, err = s.withPlaces(r, s.walkMapOf(r, nil, nil, nil), codes...); err != nil {
		return err
	}
	p.SetErrors(walkFields, values, errs)
	return s.RenderStatus(w, r, status, "walk_form", p, "walk.new.title")
}

func (s *Server) newWalkPage(w http.ResponseWriter, r *http.Request) error {
	values := url.Values{}
	values.Set("held_on", web.Today(r))
	return s.walkForm(w, r, http.StatusOK, values, nil)
}

func (s *Server) createWalk(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := walk.Input{MunicipalityCode: f.Get("municipality_code"), HeldOn: f.Get("held_on"), Area: f.Get("area"),
		Route: json.RawMessage(strings.TrimSpace(f.Get("route"))), ResidentsText: f.Get("residents_count"), Notes: f.Get("notes"), OrganizationIDs: trimmed(f["organization_ids"]),
		Choice: web.PersonalDataChoice(f)}
	if code := strings.TrimSpace(in.MunicipalityCode); code != "" && !walk.CanWrite(web.Principal(r), code) {
		errs := validation.Errors{}
		errs.Add("municipality_code", "walk.error.not_your_municipality")
		return s.walkForm(w, r, http.StatusUnprocessableEntity, f, errs)
	}
	created, err := s.walks.CreateWalk(r.Context(), web.Actor(r), in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(f, func(name string) bool { return name == "notes" })
		if ve.Fields.Has("route") {
			f.Del("route") // not understood: to be drawn again
		}
		return s.walkForm(w, r, http.StatusUnprocessableEntity, f, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "walk.saved")
	return web.Redirect(w, r, walkURL(created.ID))
}

// --- One walk: its report -------------------------------------------------------------

type walkPage struct {
	page
	Walk         walk.Walk
	Municipality string
	CanWrite     bool
	// CanPublish is set for the municipality's coordinators, who choose
	// whether the residents see the walk's actions.
	CanPublish bool
	// PublicURL is the walk's public page.
	PublicURL string
	Today     string
	Map       web.MapView
	// WalkMap draws the route and the points (walk-map.js); Map is the
	// points' table.
	WalkMap walkMap
	// RouteKm is the route's length, RoutePositions its count of positions.
	RouteKm        float64
	RoutePositions int
}

// ShowMap says whether the page has a map section: a route or points.
func (p *walkPage) ShowMap() bool { return len(p.Map.Points) > 0 || p.WalkMap.Route != "" }

// Overdue reports whether an action is past its due date and not done.
func (p *walkPage) Overdue(a walk.Action) bool { return a.Open() && a.DueOn != "" && a.DueOn < p.Today }

// Position writes a point's position.
func (p *walkPage) Position(pt walk.Point) string {
	return strconv.FormatFloat(pt.Lat, 'f', 5, 64) + ", " + strconv.FormatFloat(pt.Lon, 'f', 5, 64)
}

// Commitment is the linked commitment of that id, for the links of a
// point or an action.
func (p *walkPage) Commitment(id int64) walk.Commitment {
	c, _ := p.Walk.Commitment(id)
	return c
}

// OpenActions counts the walk's actions not done.
func (p *walkPage) OpenActions() int {
	n := 0
	for _, a := range p.Walk.Actions() {
		if a.Open() {
			n++
		}
	}
	return n
}

func (s *Server) walkPage(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.readableWalk(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	p := &walkPage{page: newPage(r), Walk: wk, Municipality: names[wk.MunicipalityCode],
		CanWrite: walk.CanWrite(web.Principal(r), wk.MunicipalityCode), Today: web.Today(r),
		CanPublish: walk.CanPublish(web.Principal(r), wk.MunicipalityCode), PublicURL: publicURL(wk.MunicipalityCode, wk.ID)}
	var pins []web.MapPoint
	for i, pt := range wk.Points {
		pins = append(pins, web.MapPoint{Lat: pt.Lat, Lon: pt.Lon, Count: 1, Label: fmt.Sprintf("%d. %s", i+1, p.CategoryName(pt.Category)),
			Href: "#point-" + id(pt.ID)})
	}
	if len(pins) > 0 {
		p.Map = s.MapOf(r, "walk-map", pins)
		p.Map.Caption, p.Map.ReportsLabel, p.Map.ReportLabel = p.T("walk.map.caption"), p.T("walk.map.points"), p.T("walk.map.point")
		p.Map.PlaceHeading, p.Map.CountHeading, p.Map.Collapsed = p.T("walk.map.point_heading"), p.T("walk.map.count"), true
		p.Map.Enabled = false // walk-map.js draws it, with the route
	}
	p.WalkMap = s.walkMapOf(r, wk.Route, wk.Points, p.pointLabel)
	p.RouteKm, p.RoutePositions = routeKm(wk.Route)
	return s.Render(w, r, "walk_view", p, "walk.view.title", wk.Area, wk.HeldOn)
}

// walkPDF is the walk's report as a PDF: the facts, a drawn map of the
// route and the numbered points, the points and the action list.
func (s *Server) walkPDF(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.readableWalk(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	p := &page{Base: web.Base{Localizer: loc}}
	var parties []string
	for _, o := range wk.Organizations {
		parties = append(parties, o.Name)
	}
	facts := []string{loc.T("walk.pdf.residents", wk.ResidentsCount)}
	if len(parties) > 0 {
		facts = append(facts, loc.T("walk.pdf.parties", strings.Join(parties, ", ")))
	}
	if km, n := routeKm(wk.Route); n > 0 {
		facts = append(facts, loc.T("walk.pdf.route", p.Km(km), n))
	}
	doc := export.Document{
		Title:    loc.T("walk.view.title", wk.Area, wk.HeldOn),
		Subtitle: []string{names[wk.MunicipalityCode], wk.HeldOn},
		Author:   names[wk.MunicipalityCode],
		Lang:     string(loc.Lang),
		Footer:   loc.T("walk.pdf.footer"),
		Date:     wk.UpdatedAt,
	}
	doc.Sections = append(doc.Sections, export.Section{Heading: loc.T("walk.view.facts"), Paragraphs: append(facts, wk.Notes)})
	if sketch := walkSketch(wk, loc.T("walk.pdf.map_caption")); sketch != nil {
		doc.Sections = append(doc.Sections, export.Section{Heading: loc.T("walk.pdf.map"), Sketch: sketch})
	}
	points := export.Section{Heading: loc.T("walk.view.points")}
	actions := export.Section{Heading: loc.T("walk.view.actions")}
	today := web.Today(r)
	for i, pt := range wk.Points {
		head := fmt.Sprintf("%d. %s", i+1, p.CategoryName(pt.Category))
		where := strconv.FormatFloat(pt.Lat, 'f', 5, 64) + ", " + strconv.FormatFloat(pt.Lon, 'f', 5, 64)
		if pt.Place != "" {
			where = pt.Place + " (" + where + ")"
		}
		details := []string{where}
		if pt.HasPhoto {
			details = append(details, loc.T("walk.pdf.photo"))
		}
		details = append(details, pdfLinks(loc.T, wk, pt.ReportID, pt.CommitmentID)...)
		if len(points.Groups) == 0 {
			points.Groups = []export.Group{{}}
		}
		points.Groups[0].Items = append(points.Groups[0].Items, export.Item{Text: head + ": " + pt.Description, Details: details})
		var items []export.Item
		for _, a := range pt.Actions {
			state := p.StatusName(a.Status)
			switch {
			case a.Status == walk.StatusDone:
				state = loc.T("walk.action.done_on", a.DoneOn)
			case a.DueOn != "" && a.DueOn < today:
				state += " · " + loc.T("walk.action.overdue", a.DueOn)
			case a.DueOn != "":
				state += " · " + loc.T("walk.action.due", a.DueOn)
			}
			items = append(items, export.Item{Text: a.Text,
				Details: append([]string{a.OrganizationName + " · " + state}, pdfLinks(loc.T, wk, a.ReportID, a.CommitmentID)...)})
		}
		if len(items) > 0 {
			actions.Groups = append(actions.Groups, export.Group{Heading: head, Items: items})
		}
	}
	if len(points.Groups) == 0 {
		points.Paragraphs = []string{loc.T("walk.view.no_points")}
	}
	if len(actions.Groups) == 0 {
		actions.Paragraphs = []string{loc.T("walk.view.no_actions")}
	}
	doc.Sections = append(doc.Sections, points, actions)
	var buf bytes.Buffer
	if err := export.WritePDF(&buf, doc); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="trygghetsvandring-%d.pdf"`, wk.ID))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// --- A point, on a phone ---------------------------------------------------------------

type pointFormPage struct {
	page
	Walk        walk.Walk
	Categories  []web.Option
	Places      []web.Option
	Commitments []web.Option
	// Reports are the municipality's recent reports the user reads.
	Reports []web.Option
	// Point is the point being changed, nil for a new one.
	Point *walk.Point
	// PointMap is the map to tap the point's position on (walk-map.js),
	// with the walk's route and points.
	PointMap walkMap
}

var pointFields = []string{"category", "description", "place", "lat", "lon", "photo", "remove_photo", "commitment_id", "recent_report", "report_id", "external_id"}

func (s *Server) writableWalk(r *http.Request) (walk.Walk, error) {
	wk, err := s.readableWalk(r)
	if err != nil {
		return wk, err
	}
	if !walk.CanWrite(web.Principal(r), wk.MunicipalityCode) {
		return wk, web.ErrForbidden
	}
	return wk, nil
}

func (s *Server) pointForm(w http.ResponseWriter, r *http.Request, status int, wk walk.Walk, values url.Values, errs validation.Errors) error {
	return s.pointFormOf(w, r, status, wk, nil, values, errs, 0)
}

// pointFormOf is the form of a new point (pt nil) or of a change of pt;
// reportID, when set, is the linked report to show in it.
func (s *Server) pointFormOf(w http.ResponseWriter, r *http.Request, status int, wk walk.Walk, pt *walk.Point, values url.Values,
	errs validation.Errors, reportID int64) error {
	p := &pointFormPage{page: newPage(r), Walk: wk, Point: pt}
	p.Categories = p.categoryOptions()[1:]
	places, err := s.reports.Places(r.Context(), wk.MunicipalityCode)
	if err != nil {
		return err
	}
	p.Places = []web.Option{{Value: "", Label: p.T("walk.point.no_place")}}
	for _, pl := range places {
		if pl.Lat != nil && pl.Lon != nil {
			p.Places = append(p.Places, web.Option{Value: pl.Name, Label: pl.Name})
		}
	}
	if p.Commitments, err = s.commitmentOptions(r, &p.page, wk); err != nil {
		return err
	}
	if p.Reports, err = s.reportOptions(r, &p.page, wk.MunicipalityCode); err != nil {
		return err
	}
	setReport(values, p.Reports, reportID)
	if p.PointMap, err = s.withPlaces(r, s.walkMapOf(r, wk.Route, wk.Points, p.pointLabel), wk.MunicipalityCode); err != nil {
		return err
	}
	p.SetErrors(pointFields, values, errs)
	if pt != nil {
		return s.RenderStatus(w, r, status, "walk_point_form", p, "walk.point.edit_title")
	}
	return s.RenderStatus(w, r, status, "walk_point_form", p, "walk.point.title")
}

func (s *Server) newPointPage(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.writableWalk(r)
	if err != nil {
		return err
	}
	return s.pointForm(w, r, http.StatusOK, wk, url.Values{}, nil)
}

func (s *Server) createPoint(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.writableWalk(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxPointForm)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return &web.HTTPError{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Key: "walk.error.form_too_large"}
		}
		if err := web.ParseForm(w, r); err != nil {
			return err
		}
	}
	f := r.PostForm
	photo, err := web.UploadedFile(r, "photo", walk.MaxPhotoBytes+1)
	if err != nil {
		return web.BadRequest("error.bad_form")
	}
	var errs validation.Errors
	in := walk.PointInput{LatText: f.Get("lat"), LonText: f.Get("lon"), Place: f.Get("place"), Category: f.Get("category"),
		Description: f.Get("description"), Photo: photo, ReportID: formReport(f, &errs), CommitmentID: f.Get("commitment_id"),
		ReportVisible: s.reportVisible(r), ExternalID: f.Get("external_id"), Choice: web.PersonalDataChoice(f)}
	asJSON := wantsJSON(r)
	var pt walk.Point
	var created bool
	if len(errs) == 0 {
		pt, created, err = s.walks.SubmitPoint(r.Context(), web.Actor(r), wk.ID, in)
		if err := errs.Absorb(err); err != nil {
			return err
		}
	}
	if len(errs) > 0 && asJSON {
		return formErrorsJSON(w, r, errs)
	}
	if len(errs) > 0 {
		web.MaskTyped(f, func(name string) bool { return name == "description" })
		if len(photo) > 0 && !errs.Has("photo") {
			// A file input cannot be filled in again: say so.
			errs.Add("photo", "walk.error.photo_again")
		}
		return s.pointForm(w, r, http.StatusUnprocessableEntity, wk, f, errs)
	}
	if asJSON {
		// The phone's queue (walk-offline.js): 201 for a new point, 200
		// for a repeat of its external_id.
		w.Header().Set("Location", walkURL(wk.ID)+"#point-"+id(pt.ID))
		status := http.StatusCreated
		if !created {
			status = http.StatusOK
		}
		web.WriteJSON(w, status, pt)
		return nil
	}
	s.Flash(r, "walk.point.saved")
	return web.Redirect(w, r, walkURL(wk.ID)+"#point-"+id(pt.ID))
}

// wantsJSON reports whether the request asks for JSON rather than a page:
// the phone's queue sends the point form so.
func wantsJSON(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, _ := strings.Cut(strings.TrimSpace(part), ";"); strings.EqualFold(mt, "application/json") {
			return true
		}
	}
	return false
}

// formErrorsJSON answers a form sent for JSON with the contract's error
// body, 422, each field's message in the user's language.
func formErrorsJSON(w http.ResponseWriter, r *http.Request, fields validation.Errors) error {
	loc := web.Loc(r)
	body := web.APIError{Code: "invalid", Message: loc.T("error.invalid"), Fields: make(map[string]string, len(fields))}
	for f, m := range fields {
		body.Fields[f] = loc.T(m.Key, m.Args...)
	}
	web.WriteJSON(w, http.StatusUnprocessableEntity, map[string]web.APIError{"error": body})
	return nil
}

// photo serves a point's photo to those who reach its walk: never
// public, never cached by a shared cache, never sniffed as anything else.
func (s *Server) photo(w http.ResponseWriter, r *http.Request) error {
	pointID, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	ph, err := s.walks.Photo(r.Context(), pointID)
	if err != nil {
		return err
	}
	if !walk.CanRead(web.Principal(r), ph.MunicipalityCode) {
		return web.ErrNotFound
	}
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("Content-Disposition", "inline")
	_, err = w.Write(ph.Data)
	return err
}

// --- Actions ---------------------------------------------------------------------------

type actionFormPage struct {
	page
	Walk          walk.Walk
	Point         walk.Point
	Organizations []web.Option
	Statuses      []web.Option
	Commitments   []web.Option
	// Reports are the municipality's recent reports the user reads.
	Reports []web.Option
	// Action is the action being changed, nil for a new one.
	Action *walk.Action
}

var actionFields = []string{"text", "organization_id", "due_on", "status", "commitment_id", "recent_report", "report_id"}

// pointOf returns the walk and the point of the path when the user may
// write in the walk's municipality.
func (s *Server) pointOf(r *http.Request) (walk.Walk, walk.Point, error) {
	pointID, err := web.PathID(r, "id")
	if err != nil {
		return walk.Walk{}, walk.Point{}, err
	}
	wk, err := s.walks.WalkOfPoint(r.Context(), pointID)
	if err != nil {
		return wk, walk.Point{}, err
	}
	if !walk.CanRead(web.Principal(r), wk.MunicipalityCode) {
		return wk, walk.Point{}, web.ErrNotFound
	}
	if !walk.CanWrite(web.Principal(r), wk.MunicipalityCode) {
		return wk, walk.Point{}, web.ErrForbidden
	}
	i := slices.IndexFunc(wk.Points, func(p walk.Point) bool { return p.ID == pointID })
	return wk, wk.Points[i], nil
}

func (s *Server) actionForm(w http.ResponseWriter, r *http.Request, status int, wk walk.Walk, pt walk.Point, values url.Values, errs validation.Errors) error {
	return s.actionFormOf(w, r, status, wk, pt, nil, values, errs, 0)
}

// actionFormOf is the form of a new action of pt (a nil) or of a change
// of a; reportID, when set, is the linked report to show in it.
func (s *Server) actionFormOf(w http.ResponseWriter, r *http.Request, status int, wk walk.Walk, pt walk.Point, a *walk.Action,
	values url.Values, errs validation.Errors, reportID int64) error {
	p := &actionFormPage{page: newPage(r), Walk: wk, Point: pt, Action: a}
	parties, err := s.walks.Parties(r.Context(), wk.MunicipalityCode)
	if err != nil {
		return err
	}
	p.Organizations = []web.Option{{Value: "", Label: p.T("form.choose")}}
	for _, o := range parties {
		p.Organizations = append(p.Organizations, web.Option{Value: id(o.ID), Label: o.Name})
	}
	for _, st := range walk.Statuses {
		p.Statuses = append(p.Statuses, web.Option{Value: st, Label: p.StatusName(st)})
	}
	if values.Get("status") == "" {
		values.Set("status", walk.StatusOpen)
	}
	if p.Commitments, err = s.commitmentOptions(r, &p.page, wk); err != nil {
		return err
	}
	if p.Reports, err = s.reportOptions(r, &p.page, wk.MunicipalityCode); err != nil {
		return err
	}
	setReport(values, p.Reports, reportID)
	p.SetErrors(actionFields, values, errs)
	if a != nil {
		return s.RenderStatus(w, r, status, "walk_action_form", p, "walk.action.edit_title")
	}
	return s.RenderStatus(w, r, status, "walk_action_form", p, "walk.action.title")
}

func (s *Server) newActionPage(w http.ResponseWriter, r *http.Request) error {
	wk, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	values := url.Values{}
	values.Set("text", pt.Description)
	// The point's links are the action's first guess.
	if pt.CommitmentID != 0 {
		values.Set("commitment_id", id(pt.CommitmentID))
	}
	return s.actionFormOf(w, r, http.StatusOK, wk, pt, nil, values, nil, pt.ReportID)
}

func (s *Server) createAction(w http.ResponseWriter, r *http.Request) error {
	wk, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var errs validation.Errors
	in := walk.ActionInput{Text: f.Get("text"), OrganizationID: f.Get("organization_id"), DueOn: f.Get("due_on"),
		Status: f.Get("status"), ReportID: formReport(f, &errs), CommitmentID: f.Get("commitment_id"),
		ReportVisible: s.reportVisible(r), Choice: web.PersonalDataChoice(f)}
	var a walk.Action
	if len(errs) == 0 {
		a, err = s.walks.AddAction(r.Context(), web.Actor(r), pt.ID, in)
		if err := errs.Absorb(err); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		web.MaskTyped(f, func(name string) bool { return name == "text" })
		return s.actionForm(w, r, http.StatusUnprocessableEntity, wk, pt, f, errs)
	}
	s.Flash(r, "walk.action.saved")
	return web.Redirect(w, r, walkURL(wk.ID)+"#action-"+id(a.ID))
}

// setStatus changes an action's status from the walk's page or the start
// page, and goes back there.
func (s *Server) setStatus(w http.ResponseWriter, r *http.Request) error {
	a, walkID, err := s.writableAction(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	ch := walk.ChangeOf(a)
	ch.Status = r.PostForm.Get("status")
	if _, err := s.walks.UpdateAction(r.Context(), web.Actor(r), a.ID, ch); err != nil {
		return err
	}
	s.Flash(r, "walk.action.status_saved")
	next := web.SafeNext(r.PostForm.Get("next"))
	if next == "" {
		next = walkURL(walkID) + "#action-" + id(a.ID)
	}
	return web.Redirect(w, r, next)
}

// writableAction returns the action of the path and its walk's id when
// the user may change it; one of another municipality is not found.
func (s *Server) writableAction(r *http.Request) (walk.Action, int64, error) {
	actionID, err := web.PathID(r, "id")
	if err != nil {
		return walk.Action{}, 0, err
	}
	a, walkID, code, err := s.walks.ActionOf(r.Context(), actionID)
	if err != nil {
		return a, 0, err
	}
	if !walk.CanRead(web.Principal(r), code) {
		return a, 0, web.ErrNotFound
	}
	if !walk.CanWrite(web.Principal(r), code) {
		return a, 0, web.ErrForbidden
	}
	return a, walkID, nil
}

// --- The start page ----------------------------------------------------------------------

const startShown = 20

type startView struct {
	Items []walk.OpenAction
	More  int
	Today string
}

// startSection lists the open actions of walks that the user's
// organisations own; nothing when there are none.
func (s *Server) startSection(r *http.Request) (template.HTML, error) {
	p := web.Principal(r)
	if !p.Can(auth.PermWalkRead) {
		return "", nil
	}
	open, err := s.walks.OpenActions(r.Context(), walk.OrganizationsOf(p))
	if err != nil || len(open) == 0 {
		return "", err
	}
	v := &startView{Today: web.Today(r)}
	for i, a := range open {
		if i == startShown {
			v.More = len(open) - i
			break
		}
		v.Items = append(v.Items, a)
	}
	pg := newPage(r)
	return s.RenderPartial("start_walk_actions", map[string]any{"Page": &pg, "Start": v})
}
