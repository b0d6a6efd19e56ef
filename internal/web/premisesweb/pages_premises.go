package premisesweb

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The register of licensed premises (serveringsställen) on the web: a
// municipality's register with search and pages, a premises with its
// inspections and the history of its changes, the form that adds or
// changes one, and the import of a register from CSV. Only the
// municipality and the police working there read a register; the
// municipality keeps it (package premises decides).

func premisesURL(id int64) string { return "/premises/" + idString(id) }

// readablePremises returns the premises of the path when the user reads
// its municipality's register; one they may not read is not found.
func (s *Server) readablePremises(r *http.Request) (premises.Premises, error) {
	return web.ReadableRecord(r, s.premises.ByID, func(p premises.Premises) bool { return premises.CanRead(web.Principal(r), p.MunicipalityCode) })
}

// --- The register ---------------------------------------------------------------

type premisesListPage struct {
	Base
	Municipality municipality.Municipality
	Tabs         []web.NavItem
	Premises     []premises.Premises
	// LastVisit is each open premises' latest recorded visit.
	LastVisit  map[int64]*time.Time
	Statuses   []web.Option
	Query      string
	Searched   bool // a search or filter is on: the empty state says so
	Pager      web.Pager
	CanWrite   bool
	CanInspect bool
}

func (s *Server) premisesPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.premisesReadable(r)
	if err != nil {
		return err
	}
	m, ok, err := s.pageMunicipality(w, r, list, "premises.list.title", "premises.choose.none")
	if !ok {
		return err
	}
	q := r.URL.Query()
	loc := web.Loc(r)
	pr := web.Principal(r)
	p := &premisesListPage{Base: Base{web.Base{Localizer: loc}}, Municipality: m, Tabs: s.premisesTabs(r, m.Code, "/premises"), Query: strings.TrimSpace(q.Get("q")),
		CanWrite: premises.CanWrite(pr, m.Code), CanInspect: premises.CanWriteInspection(pr, m.Code, web.UserOrganizationIDs(pr))}
	status := q.Get("status")
	if status != premises.Open && status != premises.Closed {
		status = ""
	}
	p.Searched = p.Query != "" || status != ""
	p.Statuses = []web.Option{{Value: "", Label: loc.T("premises.list.all_statuses")}}
	for _, st := range premises.Statuses {
		p.Statuses = append(p.Statuses, web.Option{Value: st, Label: p.PremisesStatusName(st)})
	}
	page, err := s.premises.List(r.Context(), premises.Filter{MunicipalityCode: m.Code, Status: status, Query: p.Query,
		Cursor: q.Get("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	p.Premises, p.Pager = page.Items, web.PagerFor(r, page.Next, len(page.Items))
	plan, err := s.premises.Planning(r.Context(), m.Code)
	if err != nil {
		return err
	}
	p.LastVisit = map[int64]*time.Time{}
	for _, it := range plan {
		p.LastVisit[it.ID] = it.LastRecordedAt
	}
	p.SetErrors([]string{"q", "status"}, url.Values{"q": {p.Query}, "status": {status}}, nil)
	return s.Render(w, r, "premises_list", p, "premises.list.title_in", m.Name)
}

// --- One premises ---------------------------------------------------------------

type premisesViewPage struct {
	Base
	Premises     premises.Premises
	Municipality string
	Tabs         []web.NavItem
	Map          web.MapView
	Inspections  []premises.Inspection
	Pager        web.Pager
	LastRecorded *time.Time
	History      []historyEntry
	CanWrite     bool
	CanInspect   bool
}

// historyEntry is one saved version of a premises and what it changed.
type historyEntry struct {
	Version int
	At      time.Time
	Actor   string
	Created bool
	Changes []historyChange
}

type historyChange struct {
	Label, Before, After string
}

func (s *Server) premisesViewPage(w http.ResponseWriter, r *http.Request) error {
	pm, err := s.readablePremises(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	pr := web.Principal(r)
	p := &premisesViewPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Premises: pm, Municipality: names[pm.MunicipalityCode],
		Tabs:       s.premisesTabs(r, pm.MunicipalityCode, ""),
		CanWrite:   premises.CanWrite(pr, pm.MunicipalityCode),
		CanInspect: premises.CanWriteInspection(pr, pm.MunicipalityCode, web.UserOrganizationIDs(pr))}
	page, err := s.premises.Inspections(r.Context(), premises.InspectionFilter{PremisesID: pm.ID, Cursor: r.URL.Query().Get("cursor"), Limit: 20})
	if err != nil {
		return err
	}
	p.Inspections, p.Pager = page.Items, web.PagerFor(r, page.Next, len(page.Items))
	plan, err := s.premises.Planning(r.Context(), pm.MunicipalityCode)
	if err != nil {
		return err
	}
	for _, it := range plan {
		if it.ID == pm.ID {
			p.LastRecorded = it.LastRecordedAt
		}
	}
	versions, err := s.premises.History(r.Context(), pm.ID)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	for i, v := range versions {
		e := historyEntry{Version: v.Version, At: v.At, Actor: v.ActorLabel, Created: i == len(versions)-1}
		if !e.Created {
			for _, c := range premises.Changes(versions[i+1].Premises, v.Premises) {
				e.Changes = append(e.Changes, historyChange{Label: loc.T("field." + c.Field),
					Before: p.changeValue(c.Field, c.Before), After: p.changeValue(c.Field, c.After)})
			}
		}
		p.History = append(p.History, e)
	}
	if pm.Lat != nil && pm.Lon != nil {
		p.Map = s.premisesMap(r, "premises-map", []premises.Premises{pm})
		p.Map.Collapsed = true
	}
	return s.Render(w, r, "premises_view", p, "premises.view.title", pm.Name)
}

// changeValue writes a value of the history in the reader's words.
func (p *premisesViewPage) changeValue(field, v string) string {
	switch {
	case v == "":
		return p.T("premises.history.empty")
	case field == "licence_type":
		return p.LicenceTypeName(v)
	case field == "status":
		return p.PremisesStatusName(v)
	}
	return v
}

// premisesMap is a map of premises with a position, each a pin.
func (s *Server) premisesMap(r *http.Request, id string, list []premises.Premises) web.MapView {
	loc := web.Loc(r)
	var points []web.MapPoint
	for _, pm := range list {
		if pm.Lat != nil && pm.Lon != nil {
			points = append(points, web.MapPoint{Label: pm.Name, Href: premisesURL(pm.ID), Lat: *pm.Lat, Lon: *pm.Lon, Count: 1})
		}
	}
	m := s.MapOf(r, id, points)
	m.ReportLabel, m.ReportsLabel = loc.T("premises.map.one"), loc.T("premises.map.many")
	m.Caption, m.CountHeading = loc.T("premises.map.caption"), loc.T("premises.map.count")
	return m
}

// --- Adding and changing a premises ----------------------------------------------

type premisesFormPage struct {
	premisesForm
	Premises *premises.Premises // nil when adding
	// Municipalities to choose from when the user keeps several
	// registers; else MunicipalityName is the one.
	Municipalities   []web.Option
	MunicipalityName string
	LicenceTypes     []web.Option
	Statuses         []web.Option
	// None is set when the user keeps no register.
	None bool
}

// premisesFields are the form's fields in the order shown.
var premisesFields = []string{"municipality_code", "name", "restaurant_number", "organization_number", "holder_name",
	"street_address", "postal_code", "postal_area", "licence_type", "serving_hours", "lat", "lon", "status"}

func (s *Server) renderPremisesForm(w http.ResponseWriter, r *http.Request, status int, pm *premises.Premises, values url.Values, errs validation.Errors) error {
	loc := web.Loc(r)
	p := &premisesFormPage{Premises: pm}
	p.Localizer = loc // the labels below are said before the page is rendered
	p.labels = map[string]string{"name": "premises.field.name", "status": "premises.field.status"}
	for _, lt := range premises.LicenceTypes {
		p.LicenceTypes = append(p.LicenceTypes, web.Option{Value: lt, Label: p.LicenceTypeName(lt)})
	}
	for _, st := range premises.Statuses {
		p.Statuses = append(p.Statuses, web.Option{Value: st, Label: p.PremisesStatusName(st)})
	}
	title := "premises.new.title"
	if pm != nil {
		title = "premises.edit.title"
		names, err := s.MunicipalityNames(r)
		if err != nil {
			return err
		}
		p.MunicipalityName = names[pm.MunicipalityCode]
	} else {
		munis, err := s.premisesWritable(r)
		if err != nil {
			return err
		}
		switch len(munis) {
		case 0:
			p.None = true
		case 1:
			p.MunicipalityName = munis[0].Name
			values.Set("municipality_code", munis[0].Code)
		default:
			p.Municipalities = web.MunicipalityChoices(munis, web.Option{Value: "", Label: loc.T("form.choose")})
		}
	}
	if values.Get("status") == "" {
		values.Set("status", premises.Open)
	}
	p.SetErrors(premisesFields, values, errs)
	if pm != nil {
		return s.RenderStatus(w, r, status, "premises_form", p, title, pm.Name)
	}
	return s.RenderStatus(w, r, status, "premises_form", p, title)
}

func (s *Server) newPremisesPage(w http.ResponseWriter, r *http.Request) error {
	values := url.Values{}
	if c := r.URL.Query().Get("municipality_code"); c != "" {
		values.Set("municipality_code", c)
	}
	return s.renderPremisesForm(w, r, http.StatusOK, nil, values, nil)
}

// premisesInputOf reads the form; what cannot be read goes to e.
func premisesInputOf(f url.Values, e *validation.Errors) premises.Input {
	in := premises.Input{Name: f.Get("name"), RestaurantNumber: f.Get("restaurant_number"),
		OrganizationNumber: f.Get("organization_number"), HolderName: f.Get("holder_name"),
		StreetAddress: f.Get("street_address"), PostalCode: f.Get("postal_code"), PostalArea: f.Get("postal_area"),
		MunicipalityCode: f.Get("municipality_code"), LicenceType: f.Get("licence_type"),
		ServingHours: f.Get("serving_hours"), Status: f.Get("status")}
	var ok bool
	if in.Lat, ok = web.ParseDecimal(f.Get("lat")); !ok {
		e.Add("lat", "error.lat_number")
	}
	if in.Lon, ok = web.ParseDecimal(f.Get("lon")); !ok {
		e.Add("lon", "error.lon_number")
	}
	return in
}

// formValues keeps the posted values of fields.
func formValues(f url.Values, fields []string) url.Values {
	out := url.Values{}
	for _, k := range fields {
		if v, ok := f[k]; ok {
			out[k] = v
		}
	}
	return out
}

func (s *Server) createPremises(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	code := strings.TrimSpace(f.Get("municipality_code"))
	if code != "" && municipality.ValidCode(code) && !premises.CanWrite(web.Principal(r), code) {
		return web.ErrForbidden
	}
	var e validation.Errors
	in := premisesInputOf(f, &e)
	values := formValues(f, premisesFields)
	if len(e) > 0 {
		// Every error at once: what the core finds too, without storing.
		if err := s.premises.CheckInput(r.Context(), in, 0); err != nil {
			var ve *validation.Error
			if !errors.As(err, &ve) {
				return err
			}
			for k, m := range ve.Fields {
				if !e.Has(k) {
					e.Add(k, m.Key, m.Args...)
				}
			}
		}
		return s.renderPremisesForm(w, r, http.StatusUnprocessableEntity, nil, values, e)
	}
	pm, err := s.premises.Create(r.Context(), web.Actor(r), in)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.renderPremisesForm(w, r, http.StatusUnprocessableEntity, nil, values, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "premises.created")
	return web.Redirect(w, r, premisesURL(pm.ID))
}

// writablePremises returns the premises of the path when the user keeps
// its register: not found when they do not read it, forbidden when they
// read it only.
func (s *Server) writablePremises(r *http.Request) (premises.Premises, error) {
	pm, err := s.readablePremises(r)
	if err != nil {
		return pm, err
	}
	if !premises.CanWrite(web.Principal(r), pm.MunicipalityCode) {
		return pm, web.ErrForbidden
	}
	return pm, nil
}

func (s *Server) editPremisesPage(w http.ResponseWriter, r *http.Request) error {
	pm, err := s.writablePremises(r)
	if err != nil {
		return err
	}
	in := premises.InputOf(pm)
	values := url.Values{"municipality_code": {in.MunicipalityCode}, "name": {in.Name},
		"restaurant_number": {in.RestaurantNumber}, "organization_number": {in.OrganizationNumber},
		"holder_name": {in.HolderName}, "street_address": {in.StreetAddress}, "postal_code": {in.PostalCode},
		"postal_area": {in.PostalArea}, "licence_type": {in.LicenceType}, "serving_hours": {in.ServingHours},
		"status": {in.Status}}
	b := &web.Base{Localizer: web.Loc(r)}
	values.Set("lat", b.Coordinate(in.Lat))
	values.Set("lon", b.Coordinate(in.Lon))
	return s.renderPremisesForm(w, r, http.StatusOK, &pm, values, nil)
}

func (s *Server) updatePremises(w http.ResponseWriter, r *http.Request) error {
	pm, err := s.writablePremises(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var e validation.Errors
	in := premisesInputOf(f, &e)
	// The municipality is the premises' own; the form does not send it.
	in.MunicipalityCode = pm.MunicipalityCode
	in.Synthetic = pm.Synthetic
	values := formValues(f, premisesFields)
	values.Set("municipality_code", pm.MunicipalityCode)
	if len(e) > 0 {
		if err := s.premises.CheckInput(r.Context(), in, pm.ID); err != nil {
			var ve *validation.Error
			if !errors.As(err, &ve) {
				return err
			}
			for k, m := range ve.Fields {
				if !e.Has(k) {
					e.Add(k, m.Key, m.Args...)
				}
			}
		}
		return s.renderPremisesForm(w, r, http.StatusUnprocessableEntity, &pm, values, e)
	}
	_, err = s.premises.Update(r.Context(), web.Actor(r), pm.ID, in)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.renderPremisesForm(w, r, http.StatusUnprocessableEntity, &pm, values, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "premises.saved")
	return web.Redirect(w, r, premisesURL(pm.ID))
}

// --- Importing a register ---------------------------------------------------------

type premisesImportPage struct {
	premisesForm
	Municipalities []municipality.Municipality // whose registers the user keeps
	Columns        string
	Example        string
	MaxMB          int
	// Result is set when a file was imported.
	Result *premises.ImportResult
	Back   string // the register to go back to
}

// importField is the file input of the import form.
const importField = "register_file"

func (s *Server) importForm(w http.ResponseWriter, r *http.Request, status int, res *premises.ImportResult, errs validation.Errors) error {
	munis, err := s.premisesWritable(r)
	if err != nil {
		return err
	}
	p := &premisesImportPage{Municipalities: munis, Columns: strings.Join(premises.Columns, ","), MaxMB: premises.MaxImportSize >> 20,
		Result: res, Back: "/premises"}
	p.labels = map[string]string{importField: "premises.import.file"}
	code := "2023"
	if len(munis) > 0 {
		code = munis[0].Code
		p.Back = "/premises?municipality_code=" + code
	}
	p.Example = code + "0099,Exempelkrogen,556012-5790,Exempel AB,Storgatan 1,780 67,Sälen," + code +
		",Stadigvarande tillstånd till allmänheten,11.00–01.00,61.1619,13.1915"
	p.SetErrors([]string{importField}, url.Values{}, errs)
	return s.RenderStatus(w, r, status, "premises_import", p, "premises.import.title")
}

func (s *Server) importPremisesPage(w http.ResponseWriter, r *http.Request) error {
	return s.importForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) importPremises(w http.ResponseWriter, r *http.Request) error {
	_, file, status, errs, err := web.ImportUpload{Field: importField, MaxSize: premises.MaxImportSize,
		Missing: "error.import_file_missing"}.Read(w, r)
	if err != nil {
		return err
	}
	if errs != nil {
		return s.importForm(w, r, status, nil, errs)
	}
	res, err := s.importRegister(r, bytes.NewReader(file))
	var ie *premises.ImportError
	if errors.As(err, &ie) {
		errs.Add(importField, "premises.import.failed", ie.Describe(web.Loc(r).T))
		return s.importForm(w, r, http.StatusUnprocessableEntity, nil, errs)
	}
	if err != nil {
		return err
	}
	return s.importForm(w, r, http.StatusOK, &res, nil)
}

// importRegister reads a register file and stores it when the user keeps
// the register of every municipality in it; a row of another
// municipality stops the import as a wrong row does, with its line.
func (s *Server) importRegister(r *http.Request, file io.Reader) (res premises.ImportResult, err error) {
	defer func() {
		var ie *premises.ImportError
		switch {
		case err == nil:
			s.CountImport("premises", "ok")
		case errors.As(err, &ie):
			s.CountImport("premises", "refused")
		default:
			s.CountImport("premises", "failed")
		}
	}()
	rows, err := premises.ParseCSV(file)
	if err != nil {
		return premises.ImportResult{}, err
	}
	p := web.Principal(r)
	for _, row := range rows {
		code := strings.TrimSpace(row.Input.MunicipalityCode)
		if !premises.CanWrite(p, code) {
			return premises.ImportResult{}, &premises.ImportError{Line: row.Line, Column: "municipality_code",
				Message: validation.Message{Key: "error.import_not_yours", Args: []any{code}}}
		}
	}
	return s.premises.Import(r.Context(), web.Actor(r), rows)
}

// Deficiencies counts the checks of an inspection's protocol found
// wanting.
func (p *premisesViewPage) Deficiencies(in premises.Inspection) int {
	n := 0
	for _, c := range in.Protocol.Items {
		if c.Result == premises.ResultDeficiency {
			n++
		}
	}
	return n
}
