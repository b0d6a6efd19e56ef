package surveyweb

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The coordinators' pages: the municipality's surveys, a new one from a
// template, its wording while a draft, publishing and closing, and the
// results as tables. Every party's staff reads the list and the results;
// package survey decides which municipality's and whether raw.

func surveyURL(id int64) string { return "/surveys/" + strconv.FormatInt(id, 10) }

// Base is the kernel's page base with the area's words.
type Base struct{ web.Base }

// KindName is a kind of survey in words.
func (b *Base) KindName(kind string) string { return b.T("survey.kind." + kind) }

// StatusName is a status in words.
func (b *Base) StatusName(status string) string { return b.T("survey.status." + status) }

// Lang is the page's language, for the wording of questions.
func (b *Base) Lang() string { return string(b.Localizer.Lang) }

// Percent writes a share (0–1) in whole percent.
func (b *Base) Percent(share float64) string {
	return b.Number(int(share*100+0.5)) + " %"
}

// readable returns the municipalities whose surveys the user reads.
func (s *Server) readable(r *http.Request) ([]municipality.Municipality, error) {
	all, codes := survey.Readable(web.Principal(r))
	if all {
		return s.municipalities.InUse(r.Context())
	}
	return s.MunicipalitiesByCode(r, codes)
}

// readableSurvey returns the survey of the path when the user reads its
// municipality's results; another municipality's is not found.
func (s *Server) readableSurvey(r *http.Request) (survey.Survey, error) {
	return web.ReadableRecord(r, s.surveys.ByID, func(v survey.Survey) bool {
		return survey.CanReadResults(web.Principal(r), v.MunicipalityCode)
	})
}

// managedSurvey is readableSurvey for a change: forbidden unless the user
// manages the municipality's surveys.
func (s *Server) managedSurvey(r *http.Request) (survey.Survey, error) {
	v, err := s.readableSurvey(r)
	if err != nil {
		return v, err
	}
	if !survey.CanManage(web.Principal(r), v.MunicipalityCode) {
		return v, web.ErrForbidden
	}
	return v, nil
}

// --- The list ----------------------------------------------------------------

type listPage struct {
	Base
	Municipality municipality.Municipality
	Choices      []choice
	Surveys      []survey.Survey
	CanManage    bool
}

type choice struct{ Href, Label string }

func (s *Server) listPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.readable(r)
	if err != nil {
		return err
	}
	p := &listPage{Base: Base{web.Base{Localizer: web.Loc(r)}}}
	code := strings.TrimSpace(r.URL.Query().Get("municipality_code"))
	switch i := slices.IndexFunc(list, func(m municipality.Municipality) bool { return m.Code == code }); {
	case i >= 0:
		p.Municipality = list[i]
	case code == "" && len(list) == 1:
		p.Municipality = list[0]
	case code != "":
		return web.ErrForbidden
	default:
		for _, m := range list {
			p.Choices = append(p.Choices, choice{Href: "/surveys?municipality_code=" + url.QueryEscape(m.Code), Label: m.Name})
		}
		return s.Render(w, r, "survey_list", p, "survey.list.title")
	}
	if p.Surveys, err = s.surveys.List(r.Context(), p.Municipality.Code); err != nil {
		return err
	}
	p.CanManage = survey.CanManage(web.Principal(r), p.Municipality.Code)
	return s.Render(w, r, "survey_list", p, "survey.list.title_in", p.Municipality.Name)
}

// --- A new survey from a template ---------------------------------------------

type newPage struct {
	Base
	Municipalities   []web.Option
	MunicipalityName string
	Templates        []web.Option
	None             bool
}

var newFields = []string{"municipality_code", "template", "title", "opens_on", "closes_on"}

func (s *Server) renderNew(w http.ResponseWriter, r *http.Request, status int, values url.Values, errs validation.Errors) error {
	loc := web.Loc(r)
	p := &newPage{Base: Base{web.Base{Localizer: loc}}}
	list, err := s.readable(r)
	if err != nil {
		return err
	}
	pr := web.Principal(r)
	list = slices.DeleteFunc(list, func(m municipality.Municipality) bool { return !survey.CanManage(pr, m.Code) })
	switch len(list) {
	case 0:
		p.None = true
	case 1:
		p.MunicipalityName = list[0].Name
		values.Set("municipality_code", list[0].Code)
	default:
		p.Municipalities = web.MunicipalityChoices(list, web.Option{Value: "", Label: loc.T("form.choose")})
	}
	for _, t := range survey.Templates {
		p.Templates = append(p.Templates, web.Option{Value: t.Key, Label: loc.T("survey.template." + t.Key)})
	}
	if values.Get("template") == "" {
		values.Set("template", survey.TemplateCitizen)
	}
	p.SetErrors(newFields, values, errs)
	return s.RenderStatus(w, r, status, "survey_new", p, "survey.new.title")
}

func (s *Server) newPage(w http.ResponseWriter, r *http.Request) error {
	values := url.Values{"opens_on": {s.surveys.Today()}}
	if c := r.URL.Query().Get("municipality_code"); c != "" {
		values.Set("municipality_code", c)
	}
	return s.renderNew(w, r, http.StatusOK, values, nil)
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := survey.New{MunicipalityCode: strings.TrimSpace(f.Get("municipality_code")), Template: f.Get("template"),
		Title: f.Get("title"), OpensOn: f.Get("opens_on"), ClosesOn: f.Get("closes_on")}
	if municipality.ValidCode(in.MunicipalityCode) && !survey.CanManage(web.Principal(r), in.MunicipalityCode) {
		if _, err := s.municipalities.ByCode(r.Context(), in.MunicipalityCode); err == nil {
			return web.ErrForbidden
		}
	}
	values := url.Values{}
	for _, k := range newFields {
		values.Set(k, f.Get(k))
	}
	if in.MunicipalityCode == "" {
		var e validation.Errors
		e.Add("municipality_code", "error.choose")
		return s.renderNew(w, r, http.StatusUnprocessableEntity, values, e)
	}
	v, err := s.surveys.Create(r.Context(), web.Actor(r), in)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.renderNew(w, r, http.StatusUnprocessableEntity, values, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "survey.flash.created")
	return web.Redirect(w, r, surveyURL(v.ID)+"/edit")
}

// --- One survey ----------------------------------------------------------------

type viewPage struct {
	Base
	Survey       survey.Survey
	Municipality string
	PublicURL    string
	Sections     []section
	CanManage    bool
	Open         bool
	// SummaryURL is where the published summary is read without sign-in.
	SummaryURL string
	// Limit and TabletLimit are the answers per address and hour.
	Limit, TabletLimit int
	// MaxInvitations is the most invitation codes made at once.
	MaxInvitations int
}

// section is the questions of one section, in order.
type section struct {
	Key       string
	Questions []survey.Question
}

func sections(qs []survey.Question) []section {
	var out []section
	for _, q := range qs {
		if len(out) == 0 || out[len(out)-1].Key != q.Section {
			out = append(out, section{Key: q.Section})
		}
		out[len(out)-1].Questions = append(out[len(out)-1].Questions, q)
	}
	return out
}

// SectionName is a section's heading.
func (b *Base) SectionName(key string) string { return b.T("survey.section." + key) }

// QuestionKindName is a kind of question in words.
func (b *Base) QuestionKindName(kind string) string { return b.T("survey.question_kind." + kind) }

func (s *Server) publicURL(v survey.Survey) string {
	return strings.TrimRight(s.PublicURL(), "/") + v.PublicPath()
}

func (s *Server) viewPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.readableSurvey(r)
	if err != nil {
		return err
	}
	return s.renderView(w, r, http.StatusOK, v, url.Values{"invitation_count": {"10"}}, nil)
}

// renderView draws the survey's page; values and errs are the form that
// makes invitation codes.
func (s *Server) renderView(w http.ResponseWriter, r *http.Request, status int, v survey.Survey, values url.Values, errs validation.Errors) error {
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	p := &viewPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v, Municipality: names[v.MunicipalityCode],
		PublicURL: s.publicURL(v), Sections: sections(v.Questions), CanManage: survey.CanManage(web.Principal(r), v.MunicipalityCode),
		Open: v.OpenOn(s.surveys.Today()), SummaryURL: summaryURL(v), Limit: survey.AnswersPerHour, TabletLimit: survey.TabletAnswersPerHour,
		MaxInvitations: survey.MaxInvitations}
	p.SetErrors([]string{"invitation_count"}, values, errs)
	return s.RenderStatus(w, r, status, "survey_view", p, "survey.view.title", v.Title)
}

// setTablet turns the tablet mode for a meeting on or off.
func (s *Server) setTablet(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	on := web.Checkbox(r.PostForm.Get("tablet"))
	if _, err := s.surveys.SetTablet(r.Context(), web.Actor(r), v.ID, on); err != nil {
		return err
	}
	if on {
		s.Flash(r, "survey.flash.tablet_on")
	} else {
		s.Flash(r, "survey.flash.tablet_off")
	}
	return web.Redirect(w, r, surveyURL(v.ID))
}

func (s *Server) publish(w http.ResponseWriter, r *http.Request) error {
	return s.setStatus(w, r, survey.Published)
}
func (s *Server) close(w http.ResponseWriter, r *http.Request) error {
	return s.setStatus(w, r, survey.Closed)
}

func (s *Server) setStatus(w http.ResponseWriter, r *http.Request, status string) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if _, err := s.surveys.SetStatus(r.Context(), web.Actor(r), v.ID, status); err != nil {
		return err
	}
	s.Flash(r, "survey.flash."+status)
	return web.Redirect(w, r, surveyURL(v.ID))
}

// --- Editing a draft's wording -------------------------------------------------

type editPage struct {
	Base
	Survey   survey.Survey
	Sections []section
	// Index is each question's row in the form, by key.
	Index map[string]int
	// Kinds and SectionChoices are the choices of the form that adds a
	// question.
	Kinds, SectionChoices []web.Option
}

// Anchor is the element id of a question's block.
func (p *editPage) Anchor(key string) string { return questionAnchor(key) }

// First and Last report whether the question is the first or last of its
// section: it cannot move further.
func (p *editPage) First(sec section, key string) bool { return sec.Questions[0].Key == key }

// Last: see First.
func (p *editPage) Last(sec section, key string) bool {
	return sec.Questions[len(sec.Questions)-1].Key == key
}

// QField is the field of a question's row: "questions.3.text".
func (p *editPage) QField(key, field string) string {
	return "questions." + strconv.Itoa(p.Index[key]) + "." + field
}

// QValue is what the row's field holds.
func (p *editPage) QValue(key, field string) string { return p.Form.Values.Get(p.QField(key, field)) }

// QError is what is wrong with the row's field.
func (p *editPage) QError(key, field string) string { return p.Form.Errors[p.QField(key, field)] }

// QID is the element id of the row's field.
func (p *editPage) QID(key, field string) string { return web.FieldID(p.QField(key, field)) }

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, status int, v survey.Survey, values url.Values, errs validation.Errors) error {
	p := &editPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v, Sections: sections(v.Questions), Index: map[string]int{}}
	fields := []string{"title", "intro", "opens_on", "closes_on"}
	for i, q := range v.Questions {
		p.Index[q.Key] = i
		fields = append(fields, web.RowName("questions", i, "text"), web.RowName("questions", i, "text_en"))
	}
	fields = append(fields, addFields...)
	if values.Get("question_kind") == "" {
		values.Set("question_kind", survey.Single)
	}
	if values.Get("question_section") == "" {
		values.Set("question_section", survey.SectionOpen)
	}
	for _, k := range survey.QuestionKinds {
		p.Kinds = append(p.Kinds, web.Option{Value: k, Label: p.QuestionKindName(k)})
	}
	for _, k := range survey.Sections {
		p.SectionChoices = append(p.SectionChoices, web.Option{Value: k, Label: p.SectionName(k)})
	}
	p.SetErrors(fields, values, errs)
	return s.RenderStatus(w, r, status, "survey_edit", p, "survey.edit.title", v.Title)
}

// editValues are the edit form's fields as the survey has them.
func editValues(v survey.Survey) url.Values {
	values := url.Values{"title": {v.Title}, "intro": {v.Intro}, "opens_on": {v.OpensOn}, "closes_on": {v.ClosesOn}}
	for i, q := range v.Questions {
		values.Set(web.RowName("questions", i, "key"), q.Key)
		values.Set(web.RowName("questions", i, "text"), q.Text)
		values.Set(web.RowName("questions", i, "text_en"), q.TextEn)
		if q.Required {
			values.Set(web.RowName("questions", i, "required"), "on")
		}
	}
	return values
}

func (s *Server) editPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if v.Status != survey.Draft {
		return web.Redirect(w, r, surveyURL(v.ID))
	}
	return s.renderEdit(w, r, http.StatusOK, v, editValues(v), nil)
}

func (s *Server) update(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := survey.Edit{Title: f.Get("title"), Intro: f.Get("intro"), OpensOn: f.Get("opens_on"), ClosesOn: f.Get("closes_on")}
	values := url.Values{"title": {in.Title}, "intro": {in.Intro}, "opens_on": {in.OpensOn}, "closes_on": {in.ClosesOn}}
	for i, q := range v.Questions {
		row := func(field string) string { return web.RowName("questions", i, field) }
		if f.Get(row("key")) != q.Key {
			continue // a row not sent keeps its question as it is
		}
		qe := survey.QuestionEdit{Key: q.Key, Text: f.Get(row("text")), TextEn: f.Get(row("text_en")),
			Required: web.Checkbox(f.Get(row("required"))), Remove: web.Checkbox(f.Get(row("remove")))}
		in.Questions = append(in.Questions, qe)
		for _, k := range []string{"key", "text", "text_en", "required", "remove"} {
			if val, ok := f[row(k)]; ok {
				values[row(k)] = val
			}
		}
	}
	_, err = s.surveys.Update(r.Context(), web.Actor(r), v.ID, in)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.renderEdit(w, r, http.StatusUnprocessableEntity, v, values, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "survey.flash.saved")
	return web.Redirect(w, r, surveyURL(v.ID))
}

// --- Results --------------------------------------------------------------------

type resultsPage struct {
	Base
	Survey       survey.Survey
	Municipality string
	Results      survey.Results
	Parts        []string
	// Others are the municipality's other surveys of the template, to
	// compare with.
	Others []survey.Survey
	// Map: the place questions' map is drawn by survey-map.js from the
	// tables, when the binary has Leaflet.
	Map pickMap
	namedPlaces
}

// CellSize is the side of a grid cell in degrees of latitude, for the map.
func (p *resultsPage) CellSize() string { return strconv.FormatFloat(survey.GridSize, 'f', -1, 64) }

// namedPlaces are the municipality's named places by name, for the maps'
// markers of the counts per place.
type namedPlaces struct{ byName map[string]report.Place }

// loadPlaces reads the municipality's named places.
func (s *Server) loadPlaces(r *http.Request, code string) (namedPlaces, error) {
	places, err := report.NewStore(s.DB()).Places(r.Context(), code)
	if err != nil {
		return namedPlaces{}, err
	}
	np := namedPlaces{byName: map[string]report.Place{}}
	for _, pl := range places {
		np.byName[pl.Name] = pl
	}
	return np, nil
}

// PlaceLat and PlaceLon are a named place's coordinates for the map, ""
// when unknown.
func (n namedPlaces) PlaceLat(name string) string { return coordText(n.byName[name].Lat) }

func (n namedPlaces) PlaceLon(name string) string { return coordText(n.byName[name].Lon) }

// heatClasses is how many colour classes the map's squares have.
const heatClasses = 4

// heatMax is the largest count of a question's grid cells.
func heatMax(q survey.QuestionResult) int {
	m := 0
	for _, c := range q.Grid {
		m = max(m, c.Count)
	}
	return m
}

// Heat is a grid cell's colour class on the map, 1 … heatClasses: the
// count's share of the question's largest cell count, in quarters.
func (p *resultsPage) Heat(q survey.QuestionResult, count int) int {
	m := heatMax(q)
	if m <= 0 || count <= 0 {
		return 1
	}
	return min(heatClasses, max(1, (heatClasses*count+m-1)/m))
}

// HeatClass is one class of the map's legend: the counts it colours.
type HeatClass struct {
	Class    int
	Min, Max int
}

// Legend lists a question's colour classes with the counts of each,
// leaving out classes no count falls in.
func (p *resultsPage) Legend(q survey.QuestionResult) []HeatClass {
	m := heatMax(q)
	var out []HeatClass
	for k := 1; k <= heatClasses && m > 0; k++ {
		lo, hi := (k-1)*m/heatClasses+1, k*m/heatClasses
		if lo <= hi {
			out = append(out, HeatClass{Class: k, Min: lo, Max: hi})
		}
	}
	return out
}

// WeekdayName is a weekday 1 (Monday) … 7 in words.
func (b *Base) WeekdayName(d int) string { return b.T("survey.weekday." + strconv.Itoa(d)) }

// PartName is a part of the day in words.
func (b *Base) PartName(part string) string { return b.T("survey.part." + part) }

// DimensionName is a background question's name in words.
func (b *Base) DimensionName(key string) string { return b.T("survey.dimension." + key) }

// OptionLabel is an option in the page's language.
func (b *Base) OptionLabel(o survey.Option) string { return o.In(b.Lang()) }

// GroupLabel is a group in the page's language.
func (b *Base) GroupLabel(g survey.GroupResult) string {
	return survey.Option{Label: g.Label, LabelEn: g.LabelEn}.In(b.Lang())
}

// Coordinate writes a coordinate with five decimals.
func (b *Base) Coordinate(f *float64) string {
	if f == nil {
		return ""
	}
	return b.Decimal(*f, 5)
}

// CellCoordinate writes a grid cell's corner.
func (b *Base) CellCoordinate(f float64) string { return b.Decimal(f, 3) }

func (s *Server) resultsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.readableSurvey(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	res, err := s.surveys.ResultsFor(r.Context(), web.Principal(r), v)
	if err != nil {
		return err
	}
	p := &resultsPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v, Municipality: names[v.MunicipalityCode],
		Results: res, Parts: survey.Parts,
		Map: pickMap{Enabled: s.HasStatic("vendor/leaflet.js"), TileURL: s.TileURL(), Attribution: s.TileAttribution()}}
	if p.Others, err = s.sameTemplate(r, v); err != nil {
		return err
	}
	if p.namedPlaces, err = s.loadPlaces(r, v.MunicipalityCode); err != nil {
		return err
	}
	return s.Render(w, r, "survey_results", p, "survey.results.title", v.Title)
}

// Dot is a coordinate for the map: six decimals and a point.
func (p *resultsPage) Dot(f *float64) string { return coordText(f) }
