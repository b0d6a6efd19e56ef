package reportweb

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The pages where reporters report what they saw, often on a phone in the
// cold, and where the parties read the reports. Package report decides
// who reads which report (AccessOf) and for which organisation a user
// reports (ReportingOrganization); these handlers only ask it.

// --- Making a report ---------------------------------------------------------

// reportingMunicipalities are the municipalities where p may report: those
// of their organisations, by name.
func (s *Server) reportingMunicipalities(r *http.Request) ([]municipality.Municipality, error) {
	p := web.Principal(r)
	var codes []string
	for _, m := range p.Memberships {
		for _, c := range m.MunicipalityCodes {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	return s.MunicipalitiesByCode(r, codes)
}

type reportFormPage struct {
	Base
	// NoOrganization: the user is in no organisation, and every report is
	// made in the name of one.
	NoOrganization bool
	// Choices are the municipalities to choose from before the form, when
	// the user reports in several and has not chosen.
	Choices      []municipality.Municipality
	Municipality municipality.Municipality
	// Organizations to report for, when several of the user's work in the
	// municipality; else OrganizationName is the one.
	Organizations    []web.Option
	OrganizationName string
	Categories       []web.Option
	When             []web.Option
	Places           []web.Option
	Visibilities     []web.Option
	MaxLocal         string // the latest time the "other time" field takes
}

// reportFields are the form's fields in the order shown.
var reportFields = []string{"organization_id", "category", "when", "occurred_at", "place", "lat", "lon", "count",
	"assessment", "description", "visibility"}

// ErrorSummary labels the report's fields by the report's own words
// ("Beskrivning", not the label another form gives description).
func (p *reportFormPage) ErrorSummary() []web.SummaryItem {
	var items []web.SummaryItem
	for _, it := range p.Base.ErrorSummary() {
		for _, f := range reportFields {
			if it.Label == p.T("field."+f) && p.T("report.field."+f) != "report.field."+f {
				it.Label = p.T("report.field." + f)
			}
		}
		items = append(items, it)
	}
	return items
}

// TextField names the free texts in the personal-data warning by the
// report's words.
func (p *reportFormPage) TextField(name string) (web.TextField, bool) {
	f := p.ReportField(name, "textarea")
	return web.TextField{ID: f.ID, Label: f.Label, Text: f.Value}, true
}

// ReportField is Field labelled by the report's own words where it has
// them.
func (p *reportFormPage) ReportField(name, typ string, opts ...string) web.FieldView {
	f := p.Field(name, typ, opts...)
	if l := p.T("report.field." + name); l != "report.field."+name {
		f.Label = l
	}
	return f
}

// OccurredAtField is the field of "another time", no later than now.
func (p *reportFormPage) OccurredAtField() web.FieldView {
	f := p.ReportField("occurred_at", "datetime-local", "hint=report.hint.occurred_at")
	f.Max = p.MaxLocal
	return f
}

// ReportSelect is Select labelled as ReportField.
func (p *reportFormPage) ReportSelect(name string, options []web.Option, opts ...string) web.FieldView {
	f := p.Select(name, options, opts...)
	if l := p.T("report.field." + name); l != "report.field."+name {
		f.Label = l
	}
	return f
}

// The quick choices of when something happened.
const (
	whenNow              = "now"
	whenHourAgo          = "hour_ago"
	whenYesterdayEvening = "yesterday_evening"
	whenLastNight        = "last_night"
	whenOther            = "other"
)

var whenChoices = []string{whenNow, whenHourAgo, whenYesterdayEvening, whenLastNight, whenOther}

// resolveWhen turns a quick choice into a time, in Swedish time. "Last
// night" is about one o'clock the night before; "yesterday evening" nine
// o'clock the evening before.
func resolveWhen(choice, other string, now time.Time, zone *time.Location) (time.Time, bool) {
	now = now.In(zone)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	switch choice {
	case "", whenNow:
		if choice == "" && strings.TrimSpace(other) != "" {
			return resolveWhen(whenOther, other, now, zone)
		}
		return now, true
	case whenHourAgo:
		return now.Add(-time.Hour), true
	case whenYesterdayEvening:
		return day.AddDate(0, 0, -1).Add(21 * time.Hour), true
	case whenLastNight:
		t := day.Add(time.Hour)
		if t.After(now) {
			t = t.AddDate(0, 0, -1)
		}
		return t, true
	case whenOther:
		t, err := time.ParseInLocation(web.LocalLayout, strings.TrimSpace(other), zone)
		if err != nil {
			// Browsers without datetime-local send what was typed; a
			// space instead of the T is common.
			t, err = time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(other), zone)
		}
		return t, err == nil
	}
	return time.Time{}, false
}

func (s *Server) reportForm(w http.ResponseWriter, r *http.Request, status int, values url.Values, errs validation.Errors) error {
	p := &reportFormPage{}
	pr := web.Principal(r)
	loc := web.Loc(r)
	munis, err := s.reportingMunicipalities(r)
	if err != nil {
		return err
	}
	if len(munis) == 0 {
		p.NoOrganization = true
		return s.RenderStatus(w, r, status, "report_form", p, "report.new.title")
	}
	code := values.Get("municipality_code")
	if code == "" && len(munis) == 1 {
		code = munis[0].Code
	}
	i := slices.IndexFunc(munis, func(m municipality.Municipality) bool { return m.Code == code })
	if i < 0 {
		p.Choices = munis
		return s.RenderStatus(w, r, status, "report_form", p, "report.new.title")
	}
	p.Municipality = munis[i]
	values.Set("municipality_code", code)

	// Organisations: those of the user that work in the municipality.
	var orgs []auth.Membership
	for _, m := range pr.Memberships {
		if slices.Contains(m.MunicipalityCodes, code) {
			orgs = append(orgs, m)
		}
	}
	if len(orgs) == 1 {
		p.OrganizationName = orgs[0].OrganizationName
		values.Set("organization_id", strconv.FormatInt(orgs[0].OrganizationID, 10))
	} else {
		p.Organizations = []web.Option{{Value: "", Label: loc.T("form.choose")}}
		for _, m := range orgs {
			p.Organizations = append(p.Organizations, web.Option{Value: strconv.FormatInt(m.OrganizationID, 10), Label: m.OrganizationName})
		}
	}

	cats, err := s.reports.Categories(r.Context(), code)
	if err != nil {
		return err
	}
	for _, c := range cats {
		p.Categories = append(p.Categories, web.Option{Value: c, Label: c})
	}
	places, err := s.reports.Places(r.Context(), code)
	if err != nil {
		return err
	}
	p.Places = []web.Option{{Value: "", Label: loc.T("report.place_none")}}
	for _, pl := range places {
		p.Places = append(p.Places, web.Option{Value: pl.Name, Label: pl.Name})
	}
	now := s.clock.Now().In(loc.Zone())
	for _, c := range whenChoices {
		label := loc.T("report.when." + c)
		if c != whenNow && c != whenOther {
			t, _ := resolveWhen(c, "", now, loc.Zone())
			label = loc.T("report.when_at", label, t.Format("15:04"))
		}
		p.When = append(p.When, web.Option{Value: c, Label: label})
	}
	for _, v := range report.Visibilities {
		p.Visibilities = append(p.Visibilities, web.Option{Value: v, Label: loc.T("report.visibility." + v)})
	}
	p.MaxLocal = now.Format(web.LocalLayout)
	if values.Get("when") == "" {
		values.Set("when", whenNow)
	}
	if values.Get("visibility") == "" {
		values.Set("visibility", report.VisibilityMunicipality)
	}
	if values.Get("count") == "" {
		values.Set("count", "1")
	}
	if values.Get("external_id") == "" {
		// A double-tapped submit sends the same id twice, and the second
		// answers with the report the first made. report-offline.js makes
		// a new one for every report filed from the page.
		values.Set("external_id", newExternalID())
	}

	p.SetErrors(reportFields, values, errs)
	return s.RenderStatus(w, r, status, "report_form", p, "report.new.title")
}

func (s *Server) newReportPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	values := url.Values{}
	for _, k := range []string{"municipality_code", "organization_id"} {
		if v := q.Get(k); v != "" {
			values.Set(k, v)
		}
	}
	return s.reportForm(w, r, http.StatusOK, values, nil)
}

// reportInputOf reads the form into an Input and the organisation asked
// for. What cannot be read goes to e.
func reportInputOf(f url.Values, now time.Time, zone *time.Location, e *validation.Errors) (report.Input, int64) {
	in := report.Input{
		Category: f.Get("category"), MunicipalityCode: f.Get("municipality_code"), Place: f.Get("place"),
		Assessment: f.Get("assessment"), Description: f.Get("description"), Visibility: f.Get("visibility"),
		Redact: f.Get("redact") != "", ExternalID: f.Get("external_id"),
	}
	when := f.Get("when")
	if !slices.Contains(whenChoices, when) && when != "" {
		e.Add("when", "error.report_when")
	} else if t, ok := resolveWhen(when, f.Get("occurred_at"), now, zone); ok {
		in.OccurredAt = t.Format(time.RFC3339)
	} else if when == whenOther && strings.TrimSpace(f.Get("occurred_at")) == "" {
		e.Add("occurred_at", "error.required")
	} else {
		e.Add("occurred_at", "error.report_time")
	}
	var ok bool
	if in.Lat, ok = web.ParseDecimal(f.Get("lat")); !ok {
		e.Add("lat", "error.lat_number")
	}
	if in.Lon, ok = web.ParseDecimal(f.Get("lon")); !ok {
		e.Add("lon", "error.lon_number")
	}
	if c := strings.TrimSpace(f.Get("count")); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil {
			e.Add("count", "error.count_range", report.MaxCount)
		} else {
			in.Count = &n
		}
	}
	orgID, _ := strconv.ParseInt(f.Get("organization_id"), 10, 64)
	return in, orgID
}

// createReport makes a report from the form. The same address takes the
// form from report-offline.js, which asks for JSON (Accept:
// application/json) so that it can keep a report on the phone when it
// cannot be sent, and show what the server refused: 201 or 200 (a repeat
// of the external_id) with the report, 422 with the contract's error
// body. filed_at, the time the reporter pressed the button (RFC 3339),
// is the "now" of the quick choices of when ("an hour ago"), so that a
// report sent hours later keeps its time; a time in the future is now.
// queued marks a report sent from the phone's queue, which the next page
// does not thank for.
func (s *Server) createReport(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	loc := web.Loc(r)
	asJSON := wantsJSON(r)
	now := s.clock.Now()
	if v := strings.TrimSpace(f.Get("filed_at")); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return web.BadRequest("error.time_format")
		}
		if t.Before(now) {
			now = t
		}
	}
	var e validation.Errors
	in, requested := reportInputOf(f, now, loc.Zone(), &e)
	orgID, ok := report.ReportingOrganization(web.Principal(r), in.MunicipalityCode, requested)
	if !ok && in.MunicipalityCode != "" {
		if requested == 0 {
			e.Add("organization_id", "error.report_choose_organization")
		} else {
			e.Add("organization_id", "error.report_not_your_organization")
		}
	}
	if len(e) > 0 || !ok {
		// Show every error at once: what the core finds too.
		if err := s.checkReports(r, []report.Input{in}, false, &e); err != nil {
			return err
		}
		if asJSON {
			return formErrorsJSON(w, r, e)
		}
		return s.reportForm(w, r, http.StatusUnprocessableEntity, f, e)
	}
	// The form's rule for a used id (package report decides): the same
	// report again is a repeat, another report gets a new id.
	rep, created, err := s.reports.Submit(r.Context(), web.Actor(r), orgID, in, newExternalID)
	var ve *validation.Error
	if errors.As(err, &ve) && asJSON {
		return formErrorsJSON(w, r, ve.Fields)
	}
	if errors.As(err, &ve) {
		// What will be stored is the redacted text: show it, so that the
		// reporter fixes the rest on it.
		web.MaskTyped(f, func(name string) bool { return name == "assessment" || name == "description" })
		return s.reportForm(w, r, http.StatusUnprocessableEntity, f, ve.Fields)
	}
	if err != nil {
		return err
	}
	if f.Get("queued") == "" {
		s.Flash(r, "report.saved")
	}
	if asJSON {
		w.Header().Set("Location", reportURL(rep.ID))
		status := http.StatusCreated
		if !created {
			status = http.StatusOK
		}
		web.WriteJSON(w, status, rep)
		return nil
	}
	return web.Redirect(w, r, reportURL(rep.ID))
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

// wantsJSON reports whether the request asks for JSON rather than a page.
func wantsJSON(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, _ := strings.Cut(strings.TrimSpace(part), ";"); strings.EqualFold(mt, "application/json") {
			return true
		}
	}
	return false
}

// newExternalID returns a random UUID (version 4), the external_id of a
// report made with the form.
func newExternalID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// reportServiceWorker serves the kernel's form worker at /reports/sw.js,
// whose scope, /reports/, holds the report form and the weekly checklist,
// so that a reporter without coverage can still open them.
func (s *Server) reportServiceWorker(w http.ResponseWriter, r *http.Request) error {
	return s.ServeFormWorker(w, web.FormWorker{Scope: "/reports/", Prefix: "samverkan-report-",
		Forms: []string{`^/reports/new$`, `^/reports/week$`},
		Files: []string{"style.css", "favicon.svg", "report.js", "locate.js", "report-offline.js", "weekly.js"}})
}

// checkReports adds to e what package report finds wrong with ins, for a
// request refused already for its organisation: every error at once. The
// organisation is left out of the check, being the request's question.
func (s *Server) checkReports(r *http.Request, ins []report.Input, batch bool, e *validation.Errors) error {
	found, err := s.reports.Check(r.Context(), 0, ins, batch)
	if err != nil {
		return err
	}
	for field, m := range found {
		e.Add(field, m.Key, m.Args...)
	}
	return nil
}

func reportURL(id int64) string { return "/reports/" + strconv.FormatInt(id, 10) }

// --- Reading reports -----------------------------------------------------------

// readableReport returns the report of the path when the user may read it;
// one they may not is not found.
func (s *Server) readableReport(r *http.Request) (report.Report, error) {
	return web.ReadableRecord(r, s.reports.Get, func(rep report.Report) bool { return report.AccessOf(web.Principal(r)).CanRead(rep) })
}

type reportViewPage struct {
	Base
	Report       report.Report
	Municipality string
	Organization string
	Position     *web.MapPoint // the pin, for the map
	Map          web.MapView
	// AnotherURL is the form again for the same municipality and
	// organisation, for the user who may report.
	AnotherURL string
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.readableReport(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	p := &reportViewPage{Report: rep, Municipality: names[rep.MunicipalityCode]}
	if rep.OrganizationID != 0 {
		if o, err := s.orgs.ByID(r.Context(), rep.OrganizationID); err == nil {
			p.Organization = o.Name
		}
	}
	points, err := s.reportPoints(r, []report.Report{rep})
	if err != nil {
		return err
	}
	p.Map = s.MapOf(r, "report-map", points)
	p.Map.Collapsed = true
	pr := web.Principal(r)
	if rep.Source == report.SourceReport && pr.Can(auth.PermReportCreate) && rep.MunicipalityCode != "" {
		if _, ok := report.ReportingOrganization(pr, rep.MunicipalityCode, rep.OrganizationID); ok {
			p.AnotherURL = "/reports/new?" + url.Values{"municipality_code": {rep.MunicipalityCode},
				"organization_id": {strconv.FormatInt(rep.OrganizationID, 10)}}.Encode()
		}
	}
	return s.Render(w, r, "report_view", p, "report.view.title", rep.Category)
}

type reportListPage struct {
	Base
	Reports        []report.Report
	Names          map[string]string
	Organizations  map[int64]string
	Municipalities []web.Option
	Sources        []web.Option
	Categories     []string
	Pager          web.Pager
	Query          string // the filter as a query string, for the exports
	Map            web.MapView
	CanCreate      bool
}

// reportFilterFields are the list's filter fields.
var reportFilterFields = []string{"municipality_code", "from", "to", "category", "source"}

// reportFilterOf reads the list's filter from the query.
func reportFilterOf(q url.Values, limit int) report.Filter {
	return report.Filter{MunicipalityCode: strings.TrimSpace(q.Get("municipality_code")), From: q.Get("from"), To: q.Get("to"),
		Category: q.Get("category"), Source: q.Get("source"), Cursor: q.Get("cursor"), Limit: limit}
}

// readableMunicipalities are the municipalities whose reports the user
// may read some of: all in use for administrators.
func (s *Server) readableMunicipalities(r *http.Request) ([]municipality.Municipality, error) {
	a := report.AccessOf(web.Principal(r))
	if a.All {
		return s.municipalities.InUse(r.Context())
	}
	return s.reportingMunicipalities(r)
}

func (s *Server) reportsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	loc := web.Loc(r)
	p := &reportListPage{CanCreate: web.Principal(r).Can(auth.PermReportCreate)}
	munis, err := s.readableMunicipalities(r)
	if err != nil {
		return err
	}
	p.Municipalities = web.MunicipalityChoices(munis, web.Option{Value: "", Label: loc.T("report.list.all_municipalities")})
	p.Sources = []web.Option{{Value: "", Label: loc.T("report.list.all_sources")},
		{Value: report.SourceReport, Label: loc.T("report.source.report")},
		{Value: report.SourcePolisen, Label: loc.T("report.source.polisen")}}
	if code := q.Get("municipality_code"); municipality.ValidCode(code) {
		if p.Categories, err = s.reports.Categories(r.Context(), code); err != nil {
			return err
		}
	}
	values := url.Values{}
	for _, f := range reportFilterFields {
		if v := q.Get(f); v != "" {
			values.Set(f, v)
		}
	}
	p.Query = values.Encode()
	page, err := s.reports.List(r.Context(), report.AccessOf(web.Principal(r)), reportFilterOf(q, 50))
	var ve *validation.Error
	if errors.As(err, &ve) {
		p.SetErrors(reportFilterFields, values, ve.Fields)
		if p.Names, err = s.MunicipalityNames(r); err != nil {
			return err
		}
		p.Map = s.MapOf(r, "reports-map", nil)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "report_list", p, "report.list.title")
	}
	if err != nil {
		return err
	}
	p.SetErrors(reportFilterFields, values, nil)
	p.Reports = page.Items
	p.Pager = web.PagerFor(r, page.Next, len(page.Items))
	if p.Names, err = s.MunicipalityNames(r); err != nil {
		return err
	}
	if p.Organizations, err = s.organizationNames(r); err != nil {
		return err
	}
	points, err := s.reportPoints(r, page.Items)
	if err != nil {
		return err
	}
	p.Map = s.MapOf(r, "reports-map", points)
	p.Map.Collapsed = true
	return s.Render(w, r, "report_list", p, "report.list.title")
}

// organizationNames maps every organisation's id to its name.
func (s *Server) organizationNames(r *http.Request) (map[int64]string, error) {
	out := map[int64]string{}
	cursor := ""
	for {
		page, err := s.orgs.List(r.Context(), org.Filter{Limit: 500, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		for _, o := range page.Items {
			out[o.ID] = o.Name
		}
		if page.Next == "" {
			return out, nil
		}
		cursor = page.Next
	}
}
