package reportweb

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/statistics"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The report settings of a municipality, /municipalities/2023/settings:
// its checklist of categories, its named places and its areas. Its
// coordinators and the administrators manage them (report.CanManage);
// package report checks every value and audits every change. The page
// also holds whether the municipality publishes statistics (package
// statistics decides, package statisticsweb shows them). Four forms on
// one page, each posting to its own address; a refused form is shown
// again with what was typed, the others with what is stored.

type settingsPage struct {
	Base
	Municipality municipality.Municipality
	Action       string // the municipality's address, which the forms post under
	Places       []report.Place
	Areas        []report.Area
	MaxAreasMB   int
	// Statistics are the stored statistics settings; the form shows what
	// was typed when it was refused.
	Statistics   statistics.Settings
	MinThreshold int
}

// The fields of each form, in the order shown.
var (
	categoryFields = []string{"categories"}
	placeFields    = []string{"name", "lat", "lon"}
	areaFields     = []string{"areas"}
)

// Names of the area form's two inputs: a file, or GeoJSON pasted. Their
// errors are on "areas", the fieldset that holds both.
const (
	areasFileField = "areas_file"
	areasTextField = "areas_text"
)

func municipalityURL(code string) string { return "/municipalities/" + code }

func settingsURL(code string) string { return municipalityURL(code) + "/settings" }

// managedMunicipality is the municipality of the path, when the user
// manages it.
func (s *Server) managedMunicipality(r *http.Request) (municipality.Municipality, error) {
	code, err := web.PathMunicipality(r)
	if err != nil {
		return municipality.Municipality{}, err
	}
	m, err := s.municipalities.ByCode(r.Context(), code)
	if err != nil {
		return municipality.Municipality{}, err
	}
	if !report.CanManage(web.Principal(r), code) {
		return municipality.Municipality{}, web.ErrForbidden
	}
	return m, nil
}

func (s *Server) municipalitySettingsPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.managedMunicipality(r)
	if err != nil {
		return err
	}
	return s.settingsForm(w, r, http.StatusOK, m, url.Values{}, nil, nil)
}

// settingsForm renders the page; values and errs are those of the form
// that was refused, fields its fields.
func (s *Server) settingsForm(w http.ResponseWriter, r *http.Request, status int, m municipality.Municipality,
	values url.Values, fields []string, errs validation.Errors) error {
	ctx := r.Context()
	if _, ok := values["categories"]; !ok {
		cats, err := s.reports.Categories(ctx, m.Code)
		if err != nil {
			return err
		}
		values.Set("categories", strings.Join(cats, "\n"))
	}
	stats, err := s.statisticsStore().Settings(ctx, m.Code)
	if err != nil {
		return err
	}
	if _, ok := values["suppression_threshold"]; !ok {
		values.Set("suppression_threshold", strconv.Itoa(stats.Threshold))
		if stats.Public {
			values.Set("public_statistics", "1")
		}
	}
	places, err := s.reports.Places(ctx, m.Code)
	if err != nil {
		return err
	}
	areas, err := s.reports.Areas(ctx, m.Code)
	if err != nil {
		return err
	}
	p := &settingsPage{Municipality: m, Action: municipalityURL(m.Code), Places: places, Areas: areas,
		MaxAreasMB: report.MaxAreasBytes >> 20, Statistics: stats, MinThreshold: statistics.MinThreshold}
	p.SetErrors(fields, values, errs)
	return s.RenderStatus(w, r, status, "municipality_settings", p, "settings.title", m.Name)
}

// saveCategories replaces the checklist with the lines of the text area,
// in their order.
func (s *Server) saveCategories(w http.ResponseWriter, r *http.Request) error {
	m, err := s.managedMunicipality(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	text := strings.ReplaceAll(r.PostForm.Get("categories"), "\r\n", "\n")
	_, err = s.reports.SetCategories(r.Context(), web.Actor(r), m.Code, strings.Split(text, "\n"))
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		values := url.Values{"categories": {text}}
		return s.settingsForm(w, r, http.StatusUnprocessableEntity, m, values, categoryFields, categoryErrors(ve.Fields))
	}
	if err != nil {
		return err
	}
	s.Flash(r, "settings.categories.saved")
	return web.Redirect(w, r, settingsURL(m.Code))
}

// categoryErrors says the checklist's errors on its one text area: what
// is wrong with the list as a whole, else with its first wrong line, by
// number ("categories.3" is the fourth line).
func categoryErrors(fields validation.Errors) validation.Errors {
	out := validation.Errors{}
	if m, ok := fields["categories"]; ok {
		out["categories"] = m
		return out
	}
	line := -1
	var msg validation.Message
	for f, m := range fields {
		i, err := strconv.Atoi(strings.TrimPrefix(f, "categories."))
		if err != nil || !strings.HasPrefix(f, "categories.") || (line >= 0 && i >= line) {
			continue
		}
		line, msg = i, m
	}
	switch {
	case line < 0:
		// Not the list's: nothing the form can show at a field.
		return fields
	case msg.Key == "error.too_long":
		out["categories"] = validation.Message{Key: "error.category_line_too_long", Args: append([]any{line + 1}, msg.Args...)}
	default:
		out["categories"] = validation.Message{Key: "error.category_line_invalid", Args: []any{line + 1}}
	}
	return out
}

// addPlace adds a named place, with or without a position.
func (s *Server) addPlace(w http.ResponseWriter, r *http.Request) error {
	m, err := s.managedMunicipality(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var e validation.Errors
	in := report.PlaceInput{MunicipalityCode: m.Code, Name: f.Get("name")}
	var ok bool
	if in.Lat, ok = web.ParseDecimal(f.Get("lat")); !ok {
		e.Add("lat", "error.lat_number")
	}
	if in.Lon, ok = web.ParseDecimal(f.Get("lon")); !ok {
		e.Add("lon", "error.lon_number")
	}
	values := url.Values{"name": {f.Get("name")}, "lat": {f.Get("lat")}, "lon": {f.Get("lon")}}
	if len(e) > 0 {
		// Every error at once: the name too, which the core would check.
		if strings.TrimSpace(in.Name) == "" {
			e.Add("name", "error.required")
		}
		return s.settingsForm(w, r, http.StatusUnprocessableEntity, m, values, placeFields, e)
	}
	_, err = s.reports.CreatePlace(r.Context(), web.Actor(r), in)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.settingsForm(w, r, http.StatusUnprocessableEntity, m, values, placeFields, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "settings.places.added")
	return web.Redirect(w, r, settingsURL(m.Code))
}

// maxAreasForm bounds the area form's body: the largest upload the core
// takes, and room for the form around it.
const maxAreasForm = report.MaxAreasBytes + 64<<10

// uploadAreas adds or replaces areas from a GeoJSON file or pasted text.
func (s *Server) uploadAreas(w http.ResponseWriter, r *http.Request) error {
	m, err := s.managedMunicipality(r)
	if err != nil {
		return err
	}
	refuse := func(status int, values url.Values, key string, args ...any) error {
		var e validation.Errors
		e.Add("areas", key, args...)
		return s.settingsForm(w, r, status, m, values, areaFields, e)
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAreasForm)
	err = r.ParseMultipartForm(maxAreasForm) // in memory: the body is bounded
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return refuse(http.StatusRequestEntityTooLarge, url.Values{}, "error.geojson_too_large", report.MaxAreasBytes>>20)
	}
	if err != nil && !errors.Is(err, http.ErrNotMultipart) {
		return web.BadRequest("error.bad_form")
	}
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	text := r.PostForm.Get(areasTextField)
	values := url.Values{areasTextField: {text}}
	file, err := web.UploadedFile(r, areasFileField, report.MaxAreasBytes+1)
	if err != nil {
		return err
	}
	var data []byte
	switch {
	case len(file) > 0 && strings.TrimSpace(text) != "":
		return refuse(http.StatusUnprocessableEntity, values, "error.areas_both")
	case len(file) > 0:
		data = file
	case strings.TrimSpace(text) != "":
		data = []byte(text)
	default:
		return refuse(http.StatusUnprocessableEntity, values, "error.areas_missing")
	}
	areas, err := s.reports.UploadAreas(r.Context(), web.Actor(r), m.Code, data)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.settingsForm(w, r, http.StatusUnprocessableEntity, m, values, areaFields, ve.Fields)
	}
	if err != nil {
		return err
	}
	key := "settings.areas.saved"
	if len(areas) == 1 {
		key = "settings.areas.saved_one"
	}
	s.Flash(r, key)
	return web.Redirect(w, r, settingsURL(m.Code))
}

// reportSettingsMunicipalities are the municipalities whose report settings the
// user manages: all in use for administrators.
func (s *Server) reportSettingsMunicipalities(r *http.Request) ([]municipality.Municipality, error) {
	p := web.Principal(r)
	if p.User.IsAdmin {
		return s.municipalities.InUse(r.Context())
	}
	var codes []string
	for _, m := range p.Memberships {
		for _, c := range m.MunicipalityCodes {
			if report.CanManage(p, c) && !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	if len(codes) == 0 {
		return nil, nil
	}
	return s.MunicipalitiesByCode(r, codes)
}

// statisticsSettingsFields are the fields of the settings page's
// statistics form.
var statisticsSettingsFields = []string{"public_statistics", "suppression_threshold"}

// saveStatisticsSettings turns public statistics on or off and sets the
// threshold, from the settings page.
func (s *Server) saveStatisticsSettings(w http.ResponseWriter, r *http.Request) error {
	m, err := s.managedMunicipality(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	public := f.Get("public_statistics") != ""
	typed := strings.TrimSpace(f.Get("suppression_threshold"))
	values := url.Values{"suppression_threshold": {typed}}
	if public {
		values.Set("public_statistics", "1")
	}
	change := statistics.Change{Public: &public}
	threshold, err := strconv.Atoi(typed)
	if err != nil {
		var e validation.Errors
		e.Add("suppression_threshold", "error.suppression_threshold_number", statistics.MinThreshold, statistics.MaxThreshold)
		return s.settingsForm(w, r, http.StatusUnprocessableEntity, m, values, statisticsSettingsFields, e)
	}
	change.Threshold = &threshold
	_, err = s.statisticsStore().Update(r.Context(), web.Actor(r), m.Code, change)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.settingsForm(w, r, http.StatusUnprocessableEntity, m, values, statisticsSettingsFields, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "settings.statistics.saved")
	return web.Redirect(w, r, settingsURL(m.Code))
}

// statisticsStore is the store of the municipality's choice to publish
// statistics, part of its settings.
func (s *Server) statisticsStore() *statistics.Store { return statistics.NewStore(s.db) }
