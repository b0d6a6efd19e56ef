package activityweb

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The pages of the activity log: the list with its filters, an activity,
// its deletion, the map and the exports. The form is in activity_form.go,
// trainings in activity_training.go, the calendar in calendar.go. Package
// activity decides who reads and changes what; these handlers ask it.

func activityURL(id int64) string { return "/activities/" + strconv.FormatInt(id, 10) }

// --- Choices the pages share ---------------------------------------------------

// activityMunicipalities are the municipalities whose activities the user
// reads (every one in use for administrators), by name.
func (s *Server) activityMunicipalities(r *http.Request) ([]municipality.Municipality, error) {
	p := web.Principal(r)
	sc := activity.ScopeOf(p)
	if sc.All {
		return s.municipalities.InUse(r.Context())
	}
	codes := slices.Clone(sc.Municipalities)
	for _, m := range p.Memberships {
		for _, c := range m.MunicipalityCodes {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	return s.MunicipalitiesByCode(r, codes)
}

// activityAllOrganizations returns every organisation, by name.
func (s *Server) activityAllOrganizations(r *http.Request) ([]org.Organization, error) {
	var out []org.Organization
	cursor := ""
	for {
		page, err := s.orgs.List(r.Context(), org.Filter{Limit: 500, Cursor: cursor})
		if err != nil {
			return nil, err
		}
		out = append(out, page.Items...)
		if page.Next == "" {
			return out, nil
		}
		cursor = page.Next
	}
}

// activityOrganizationsIn returns the organisations that work in one of the
// municipalities, by name; all of them when codes is nil.
func (s *Server) activityOrganizationsIn(r *http.Request, codes []string) ([]org.Organization, error) {
	all, err := s.activityAllOrganizations(r)
	if err != nil || codes == nil {
		return all, err
	}
	var out []org.Organization
	for _, o := range all {
		if slices.ContainsFunc(o.MunicipalityCodes, func(c string) bool { return slices.Contains(codes, c) }) {
			out = append(out, o)
		}
	}
	return out, nil
}

func activityCodes(list []municipality.Municipality) []string {
	codes := make([]string, len(list))
	for i, m := range list {
		codes[i] = m.Code
	}
	return codes
}

// kindOptions are the kinds of activity, after a first option when first
// is not empty.
func (b *Base) kindOptions(first string) []web.Option {
	var out []web.Option
	if first != "" {
		out = append(out, web.Option{Value: "", Label: first})
	}
	for _, k := range activity.KindNames() {
		out = append(out, web.Option{Value: k, Label: b.T("activity.kind." + k)})
	}
	return out
}

// readableCommitment returns the commitment with the id when the user may
// read its promise (a draft is not everyone's), nil when not or when id is
// 0 or unknown.
func (s *Server) readableCommitment(r *http.Request, id int64) (*activity.CommitmentRef, error) {
	if id == 0 {
		return nil, nil
	}
	c, err := s.activities.Commitment(r.Context(), id)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	pr, err := s.promises.Promise(r.Context(), c.PromiseID)
	if err != nil {
		return nil, err
	}
	if !promise.CanRead(web.Principal(r), pr) {
		return nil, nil
	}
	return &c, nil
}

// --- Words the pages use ---------------------------------------------------------

// KindName is the name of a kind of activity.
func (p *areaPage) KindName(kind string) string { return p.T("activity.kind." + kind) }

// MeetingKindName is the name of a kind of meeting.
func (p *areaPage) MeetingKindName(kind string) string { return p.T("activity.meeting.kind." + kind) }

// TopicName is the name of a training's topic.
func (p *areaPage) TopicName(topic string) string { return p.T("activity.topic." + topic) }

// Span writes when something happened: "2017-02-11 10:00–14:30", or both
// dates when it ended on another day.
func (p *areaPage) Span(start time.Time, end *time.Time) string {
	s := p.DateTime(start)
	if end == nil {
		return s
	}
	zone := p.Zone()
	if start.In(zone).Format(validation.DateLayout) == end.In(zone).Format(validation.DateLayout) {
		return s + "–" + end.In(zone).Format("15:04")
	}
	return s + " – " + p.DateTime(*end)
}

// counterView is one counter of an activity with its value.
type counterView struct {
	Name, Label, Value string
}

// Counters lists the counters given for an activity, in the order of its
// kind, with their values in the reader's way of writing numbers.
func (p *areaPage) Counters(a activity.Activity) []counterView {
	var out []counterView
	kind, _ := activity.KindOf(a.Kind)
	for _, c := range kind.Counters {
		if v, ok := a.Counts[c.Name]; ok {
			out = append(out, counterView{Name: c.Name, Label: p.T("activity.counter." + c.Name), Value: p.Number(v)})
		}
	}
	return out
}

// CountsText is the counters of an activity on one line, for a list.
func (p *areaPage) CountsText(a activity.Activity) string {
	var parts []string
	for _, c := range p.Counters(a) {
		parts = append(parts, c.Label+" "+c.Value)
	}
	return strings.Join(parts, " · ")
}

// --- The list ----------------------------------------------------------------------

type activityListPage struct {
	areaPage
	Activities     []activity.Activity
	Names          map[string]string
	Municipalities []web.Option
	Organizations  []web.Option
	Kinds          []web.Option
	// Commitment is the commitment the list is narrowed to, if any.
	Commitment *activity.CommitmentRef
	Pager      web.Pager
	// Query is the filter as a query string, for the exports, the map and
	// the calendar.
	Query     string
	CanCreate bool
}

// activityFilterForm fills in the filter form of a list of activities:
// the choices, what was asked for and what is wrong with it.
func (s *Server) activityFilterForm(r *http.Request, p *areaPage) (munis, orgs, kinds []web.Option, names map[string]string, query string, err error) {
	loc := web.Loc(r)
	list, err := s.activityMunicipalities(r)
	if err != nil {
		return
	}
	munis = web.MunicipalityChoices(list, web.Option{Value: "", Label: loc.T("activity.list.all_municipalities")})
	var codes []string
	if !activity.ScopeOf(web.Principal(r)).All {
		codes = activityCodes(list)
	}
	os, err := s.activityOrganizationsIn(r, codes)
	if err != nil {
		return
	}
	orgs = web.OrganizationChoices(os, web.Option{Value: "", Label: loc.T("activity.list.all_organizations")})
	kinds = p.kindOptions(loc.T("activity.list.all_kinds"))
	if names, err = s.MunicipalityNames(r); err != nil {
		return
	}
	values := web.FilterValues(r.URL.Query(), activityFilterFields)
	query = values.Encode()
	p.SetErrors(activityFilterFields, values, nil)
	return
}

func (s *Server) activitiesPage(w http.ResponseWriter, r *http.Request) error {
	p := &activityListPage{areaPage: newAreaPage(r, "activity"), CanCreate: web.Principal(r).Can(auth.PermActivityWrite)}
	var err error
	if p.Municipalities, p.Organizations, p.Kinds, p.Names, p.Query, err = s.activityFilterForm(r, &p.areaPage); err != nil {
		return err
	}
	var e validation.Errors
	f := activityFilterOf(r.URL.Query(), web.Loc(r).Zone(), &e)
	if len(e) > 0 {
		p.SetErrors(activityFilterFields, p.Form.Values, e)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "activity_list", p, "activity.list.title")
	}
	if p.Commitment, err = s.readableCommitment(r, f.CommitmentID); err != nil {
		return err
	}
	f.Scope, f.Limit = activity.ScopeOf(web.Principal(r)), 50
	page, err := s.activities.List(r.Context(), f)
	if err != nil {
		return err
	}
	p.Activities = page.Items
	p.Pager = web.PagerFor(r, page.Next, len(page.Items))
	return s.Render(w, r, "activity_list", p, "activity.list.title")
}

// --- One activity --------------------------------------------------------------------

type activityViewPage struct {
	areaPage
	Activity     activity.Activity
	Municipality string
	Commitment   *activity.CommitmentRef
	Map          web.MapView
	CanWrite     bool
	// Edited is set when the activity was changed after it was logged.
	Edited bool
}

func (s *Server) activityPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.readableActivity(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	p := &activityViewPage{areaPage: newAreaPage(r, "activity"), Activity: a, Municipality: names[a.MunicipalityCode],
		CanWrite: activity.CanWrite(web.Principal(r), a.OrganizationID), Edited: a.UpdatedAt.Sub(a.CreatedAt) > time.Second}
	if p.Commitment, err = s.readableCommitment(r, a.CommitmentID); err != nil {
		return err
	}
	p.Map = s.activityMap(r, "activity-map", []activity.Activity{a})
	p.Map.Collapsed = true
	return s.Render(w, r, "activity_view", p, "activity.view.title", web.Loc(r).T("activity.kind."+a.Kind))
}

type activityDeletePage struct {
	areaPage
	Activity activity.Activity
}

func (s *Server) deleteActivityPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.writableActivity(r)
	if err != nil {
		return err
	}
	p := &activityDeletePage{areaPage: newAreaPage(r, "activity"), Activity: a}
	return s.Render(w, r, "activity_delete", p, "activity.delete.title")
}

func (s *Server) deleteActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := s.writableActivity(r)
	if err != nil {
		return err
	}
	if err := s.activities.Delete(r.Context(), web.Actor(r), a.ID); err != nil {
		return err
	}
	s.Flash(r, "activity.deleted")
	return web.Redirect(w, r, "/activities")
}

// --- Exports ----------------------------------------------------------------------------

// activityFilter is the query's filter of activities, narrowed to those
// the user reads.
func activityFilter(r *http.Request, withPosition bool) (activity.Filter, error) {
	var e validation.Errors
	f := activityFilterOf(r.URL.Query(), web.Loc(r).Zone(), &e)
	if err := e.Err(); err != nil {
		return activity.Filter{}, err
	}
	f.Scope, f.WithPosition = activity.ScopeOf(web.Principal(r)), withPosition
	return f, nil
}

// activityRange returns every activity of the query's filter that the user
// reads (at most activity.MaxRange), in the order they started.
func (s *Server) activityRange(r *http.Request, withPosition bool) ([]activity.Activity, error) {
	f, err := activityFilter(r, withPosition)
	if err != nil {
		return nil, err
	}
	return s.activities.Range(r.Context(), f)
}

// activityExportName names an export of activities by the day it was made.
func activityExportName(r *http.Request, ext string) string {
	return "insatser-" + web.Today(r) + "." + ext
}

// activitiesCSV streams every activity of the filter, a page at a time
// (activity.Store.Each), however many there are.
func (s *Server) activitiesCSV(w http.ResponseWriter, r *http.Request) error {
	f, err := activityFilter(r, false)
	if err != nil {
		return err
	}
	out := web.NewDownload(w, "text/csv; charset=utf-8", activityExportName(r, "csv"))
	err = export.WriteActivitiesCSV(out, func(fn func(activity.Activity) error) error {
		return s.activities.Each(r.Context(), f, fn)
	})
	if err != nil {
		return err
	}
	return out.Close()
}

// activitiesXLSX is the workbook of the filter: a workbook is made whole
// before it is written, so it holds at most activity.MaxRange activities;
// it goes out in chunks like every download.
func (s *Server) activitiesXLSX(w http.ResponseWriter, r *http.Request) error {
	list, err := s.activityRange(r, false)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.WriteActivitiesXLSX(&buf, list, web.Loc(r).T, s.clock.Now()); err != nil {
		return err
	}
	out := web.NewDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", activityExportName(r, "xlsx"))
	if _, err := out.Write(buf.Bytes()); err != nil {
		return err
	}
	return out.Close()
}

// --- The map --------------------------------------------------------------------------------

// activityMap is a map of the activities with a position, each a point
// that leads to its page, labelled in activities rather than reports.
func (s *Server) activityMap(r *http.Request, id string, list []activity.Activity) web.MapView {
	loc := web.Loc(r)
	b := &Base{web.Base{Localizer: loc}}
	var points []web.MapPoint
	for _, a := range list {
		if a.Lat == nil || a.Lon == nil {
			continue
		}
		label := loc.T("activity.kind."+a.Kind) + ", " + b.DateTime(a.StartedAt)
		if a.Place != "" {
			label += ", " + a.Place
		}
		points = append(points, web.MapPoint{Label: label, Href: activityURL(a.ID), Lat: *a.Lat, Lon: *a.Lon, Count: 1})
	}
	m := s.MapOf(r, id, points)
	m.ReportsLabel, m.ReportLabel = loc.T("activity.map.many"), loc.T("activity.map.one")
	m.Caption, m.CountHeading, m.TableLabel = loc.T("activity.map.caption"), loc.T("activity.map.count"), loc.T("activity.map.table")
	return m
}

type activityMapPage struct {
	areaPage
	Municipalities []web.Option
	Organizations  []web.Option
	Kinds          []web.Option
	Map            web.MapView
	Query          string
	// Placed counts the activities on the map; Truncated is set when the
	// filter matched more than a map holds.
	Placed    int
	Truncated bool
}

func (s *Server) activityMapPage(w http.ResponseWriter, r *http.Request) error {
	p := &activityMapPage{areaPage: newAreaPage(r, "activity")}
	var err error
	if p.Municipalities, p.Organizations, p.Kinds, _, p.Query, err = s.activityFilterForm(r, &p.areaPage); err != nil {
		return err
	}
	list, err := s.activityRange(r, true)
	var ve *validation.Error
	if errors.As(err, &ve) {
		p.SetErrors(activityFilterFields, p.Form.Values, ve.Fields)
		p.Map = s.activityMap(r, "activities-map", nil)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "activity_map", p, "activity.map.title")
	}
	if err != nil {
		return err
	}
	p.Placed, p.Truncated = len(list), len(list) >= activity.MaxRange
	p.Map = s.activityMap(r, "activities-map", list)
	// The table is the map for those who cannot see it; beside a map it
	// folds away.
	p.Map.Collapsed = p.Map.Enabled
	return s.Render(w, r, "activity_map", p, "activity.map.title")
}

// activityWriter is whom the user logs activities and meetings for: the
// organisations they write for and the municipalities those work in.
type activityWriter struct {
	All  bool               // an administrator writes for every organisation
	Orgs []org.Organization // every organisation, by name
	Mine []int64            // the organisations the user writes for
	// Codes are the municipalities the organisations of Mine work in; nil
	// when All.
	Codes []string
	// Municipalities are those of Codes in use, by name: every one in use
	// when All.
	Municipalities []municipality.Municipality
}

func (s *Server) activityWriterOf(r *http.Request) (activityWriter, error) {
	all, writable := activity.WritableOrganizations(web.Principal(r))
	orgs, err := s.activityAllOrganizations(r)
	if err != nil {
		return activityWriter{}, err
	}
	aw := activityWriter{All: all, Orgs: orgs}
	for _, o := range orgs {
		if all || slices.Contains(writable, o.ID) {
			aw.Mine = append(aw.Mine, o.ID)
			for _, c := range o.MunicipalityCodes {
				if !slices.Contains(aw.Codes, c) {
					aw.Codes = append(aw.Codes, c)
				}
			}
		}
	}
	if all {
		aw.Codes = nil
	}
	munis, err := s.municipalities.InUse(r.Context())
	if err != nil {
		return activityWriter{}, err
	}
	if aw.Codes != nil {
		munis = slices.DeleteFunc(munis, func(m municipality.Municipality) bool { return !slices.Contains(aw.Codes, m.Code) })
	}
	aw.Municipalities = munis
	return aw, nil
}

// organizationField fills in the organisation of a new record: the user's
// only organisation, named and set in values, or else the choice among
// theirs.
func (aw activityWriter) organizationField(loc *i18n.Localizer, values url.Values) (name string, choices []web.Option) {
	if len(aw.Mine) == 1 {
		i := slices.IndexFunc(aw.Orgs, func(o org.Organization) bool { return o.ID == aw.Mine[0] })
		values.Set("organization_id", strconv.FormatInt(aw.Mine[0], 10))
		return aw.Orgs[i].Name, nil
	}
	mine := slices.DeleteFunc(slices.Clone(aw.Orgs), func(o org.Organization) bool { return !slices.Contains(aw.Mine, o.ID) })
	return "", web.OrganizationChoices(mine, web.Option{Value: "", Label: loc.T("form.choose")})
}

// municipalityField offers the municipalities the user logs for, after the
// choice to let the organisation decide.
func (aw activityWriter) municipalityField(loc *i18n.Localizer) []web.Option {
	return web.MunicipalityChoices(aw.Municipalities, web.Option{Value: "", Label: loc.T("activity.form.municipality_auto")})
}
