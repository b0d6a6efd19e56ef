package reportweb

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The weekly checklist (EST): GET and POST /reports/week, beside the single
// report's /reports/new, under the same service worker's scope so that it
// opens and queues without coverage too (report-offline.js). One line per
// category of the municipality's checklist, with a number, a place and a
// note; spare lines for the same category at another place. Package report
// decides everything about it (SubmitChecklist); these handlers translate
// HTTP. The coordinator's view of who has reported, with the reminder, is
// /municipalities/{code}/weekly.

// checklistURL is the form of a week, for an organisation in a
// municipality.
func checklistURL(code string, orgID int64, w report.Week) string {
	q := url.Values{"municipality_code": {code}}
	if orgID != 0 {
		q.Set("organization_id", strconv.FormatInt(orgID, 10))
	}
	if w.Valid() {
		q.Set("week", w.String())
	}
	return "/reports/week?" + q.Encode()
}

type checklistFormPage struct {
	Base
	NoOrganization bool
	// Choices are the municipalities to choose from, when the user
	// reports in several and has not chosen.
	Choices []municipality.Municipality
	// OrgChoices are the organisations to choose from, when several of
	// the user's work in the municipality and none was chosen.
	OrgChoices       []web.Option
	Municipality     municipality.Municipality
	OrganizationID   int64
	OrganizationName string
	Week             report.Week
	From, To         time.Time // the week's Monday and Sunday
	Weeks            []weekLink
	// lines are the form's lines (their index, and category when fixed);
	// Lines makes their fields when the page is drawn, in its language.
	lines                 []checklistLineView
	placeOptions, catOpts []web.Option
	// Sent is the week's checklist as the organisation sent it, if it did.
	Sent *report.Checklist
}

// weekLink is one of the weeks the form offers.
type weekLink struct {
	Label, Href string
	Current     bool
}

// checklistLineView is one line of the form: a category of the checklist
// (Category), or a spare line whose category is chosen (CategorySelect).
type checklistLineView struct {
	Index          int
	Category       string
	CategorySelect *web.FieldView
	Count          web.FieldView
	Place          web.FieldView
	Note           web.FieldView
	// Open: the place and note are shown, not folded away (they hold
	// something, or an error of theirs).
	Open     bool
	HasError bool
}

// checklistLine names a field of line i: "lines.3.count".
func checklistLine(i int, field string) string { return web.RowName("lines", i, field) }

// spareLines is how many lines for another place the form has at least;
// "add a line" adds one more.
const spareLines = 1

// checklistFields are the form's fields in the order shown, for n lines.
func checklistFields(n int) []string {
	return append([]string{"organization_id", "week"}, web.RowFields("lines", n, "category", "count", "place", "note")...)
}

// ErrorSummary names a line's field by the line's category: "Klotter:
// Antal".
func (p *checklistFormPage) ErrorSummary() []web.SummaryItem {
	var items []web.SummaryItem
	for _, it := range p.Base.ErrorSummary() {
		parts := strings.Split(strings.TrimPrefix(it.Label, "field."), ".")
		if len(parts) == 3 && parts[0] == "lines" {
			i, _ := strconv.Atoi(parts[1])
			it.Label = lineName(p.Localizer, p.lines, p.Form.Values, i) + ": " + p.T("weekly.field."+parts[2])
		}
		items = append(items, it)
	}
	return items
}

// TextField names a line's note by the line's category in the warning
// about personal data (web.TextFielder).
func (p *checklistFormPage) TextField(name string) (web.TextField, bool) {
	parts := strings.Split(name, ".")
	if len(parts) != 3 || parts[0] != "lines" || parts[2] != "note" {
		return web.TextField{}, false
	}
	i, err := strconv.Atoi(parts[1])
	if err != nil {
		return web.TextField{}, false
	}
	return web.TextField{ID: web.FieldID(name), Label: lineName(p.Localizer, p.lines, p.Form.Values, i),
		Text: p.Form.Values.Get(name)}, true
}

// lineName is how line i is named in messages: its category, or "Line 13".
func lineName(loc *i18n.Localizer, lines []checklistLineView, values url.Values, i int) string {
	for _, l := range lines {
		if l.Index != i {
			continue
		}
		if l.Category != "" {
			return l.Category
		}
		if c := values.Get(checklistLine(i, "category")); c != "" {
			return c
		}
	}
	return loc.T("weekly.line", i+1)
}

func (s *Server) checklistForm(w http.ResponseWriter, r *http.Request, status int, values url.Values, errs validation.Errors, more bool) error {
	p := &checklistFormPage{}
	pr := web.Principal(r)
	loc := web.Loc(r)
	render := func() error { return s.RenderStatus(w, r, status, "checklist_form", p, "weekly.title") }
	munis, err := s.reportingMunicipalities(r)
	if err != nil {
		return err
	}
	if len(munis) == 0 {
		p.NoOrganization = true
		return render()
	}
	code := values.Get("municipality_code")
	if code == "" && len(munis) == 1 {
		code = munis[0].Code
	}
	i := slices.IndexFunc(munis, func(m municipality.Municipality) bool { return m.Code == code })
	if i < 0 {
		p.Choices = munis
		return render()
	}
	p.Municipality = munis[i]

	now := web.Now(r)
	p.Week = report.WeekOf(now)
	if w, err := report.ParseWeek(values.Get("week")); err == nil && (report.ChecklistWeekOpen(w, now) || errs != nil) {
		p.Week = w
	}
	values.Set("week", p.Week.String())

	var orgs []auth.Membership
	for _, m := range pr.Memberships {
		if slices.Contains(m.MunicipalityCodes, code) {
			orgs = append(orgs, m)
		}
	}
	requested, _ := strconv.ParseInt(values.Get("organization_id"), 10, 64)
	j := slices.IndexFunc(orgs, func(m auth.Membership) bool { return m.OrganizationID == requested })
	switch {
	case len(orgs) == 1:
		j = 0
	case j < 0:
		for _, m := range orgs {
			p.OrgChoices = append(p.OrgChoices, web.Option{Label: m.OrganizationName,
				Value: checklistURL(code, m.OrganizationID, p.Week)})
		}
		return render()
	}
	p.OrganizationID, p.OrganizationName = orgs[j].OrganizationID, orgs[j].OrganizationName
	values.Set("organization_id", strconv.FormatInt(p.OrganizationID, 10))

	// This week and the last, and the week asked for when it is another
	// open one (a reminder's link).
	this := report.WeekOf(now)
	for _, wk := range []report.Week{this, this.Add(-1)} {
		label := loc.T("weekly.week_this", wk.Number)
		if wk != this {
			label = loc.T("weekly.week_previous", wk.Number)
		}
		p.Weeks = append(p.Weeks, weekLink{Label: label, Href: checklistURL(code, p.OrganizationID, wk), Current: wk == p.Week})
	}
	if p.Week != this && p.Week != this.Add(-1) {
		p.Weeks = append(p.Weeks, weekLink{Label: loc.T("weekly.week_other", p.Week.Number), Current: true,
			Href: checklistURL(code, p.OrganizationID, p.Week)})
	}
	p.From, p.To = p.Week.Start(), p.Week.Start().AddDate(0, 0, 6)

	sent, ok, err := s.reports.ChecklistOf(r.Context(), p.OrganizationID, code, p.Week)
	if err != nil {
		return err
	}
	if ok {
		p.Sent = &sent
	}
	cats, err := s.reports.Categories(r.Context(), code)
	if err != nil {
		return err
	}
	if errs == nil && !more && p.Sent != nil {
		fillFromChecklist(values, cats, sent)
	}
	if values.Get("external_id") == "" {
		// A new submission; report-offline.js makes one on the phone
		// too, for a form opened from its cache.
		values.Set("external_id", newExternalID())
	}
	if err := s.checklistLines(r, p, code, cats, values, errs, more); err != nil {
		return err
	}
	return render()
}

// fillFromChecklist puts a sent checklist in the form's values: the first
// line of each category on the category's line, the others on spare lines.
func fillFromChecklist(values url.Values, cats []string, cl report.Checklist) {
	used := map[string]bool{}
	extra := len(cats)
	for _, l := range cl.Lines {
		i := slices.Index(cats, l.Category)
		if i < 0 || used[l.Category] {
			i = extra
			extra++
		}
		used[l.Category] = true
		values.Set(checklistLine(i, "category"), l.Category)
		values.Set(checklistLine(i, "count"), strconv.Itoa(l.Count))
		values.Set(checklistLine(i, "place"), l.Place)
		values.Set(checklistLine(i, "note"), l.Note)
	}
}

// checklistLines makes the form's lines: the checklist's categories, then
// the spare lines typed in, one empty (more: one more).
func (s *Server) checklistLines(r *http.Request, p *checklistFormPage, code string, cats []string, values url.Values,
	errs validation.Errors, more bool) error {
	loc := web.Loc(r)
	places, err := s.reports.Places(r.Context(), code)
	if err != nil {
		return err
	}
	p.placeOptions = []web.Option{{Value: "", Label: loc.T("weekly.place_none")}}
	for _, pl := range places {
		p.placeOptions = append(p.placeOptions, web.Option{Value: pl.Name, Label: pl.Name})
	}
	p.catOpts = []web.Option{{Value: "", Label: loc.T("form.choose")}}
	for _, c := range cats {
		p.catOpts = append(p.catOpts, web.Option{Value: c, Label: c})
	}
	n := max(web.CountRows(values, "lines", "category"), len(cats))
	// Spare lines left empty at the end are not kept, but one is always
	// there.
	for n > len(cats) && web.RowEmpty(values, "lines", n-1) {
		n--
	}
	n += spareLines
	if more {
		n++
	}
	for i := range n {
		l := checklistLineView{Index: i}
		if i < len(cats) {
			l.Category = cats[i]
			values.Set(checklistLine(i, "category"), cats[i])
		}
		for _, f := range []string{"category", "count", "place", "note"} {
			if _, bad := errs[checklistLine(i, f)]; bad {
				l.HasError = true
				l.Open = l.Open || f == "place" || f == "note"
			}
		}
		l.Open = l.Open || values.Get(checklistLine(i, "place")) != "" || values.Get(checklistLine(i, "note")) != ""
		p.lines = append(p.lines, l)
	}
	p.SetErrors(checklistFields(n), values, errs)
	return nil
}

// Lines are the form's lines with their fields, labelled in the page's
// language.
func (p *checklistFormPage) Lines() []checklistLineView {
	out := make([]checklistLineView, len(p.lines))
	for k, l := range p.lines {
		i := l.Index
		if l.Category == "" {
			f := p.Select(checklistLine(i, "category"), p.catOpts)
			f.Label = p.T("weekly.field.category")
			l.CategorySelect = &f
		}
		l.Count = p.Field(checklistLine(i, "count"), "number", "max="+strconv.Itoa(report.MaxCount))
		l.Count.Label = p.T("weekly.field.count")
		l.Place = p.Select(checklistLine(i, "place"), p.placeOptions)
		l.Place.Label = p.T("weekly.field.place")
		l.Note = p.Field(checklistLine(i, "note"), "text", "autocomplete=off")
		l.Note.Label = p.T("weekly.field.note")
		out[k] = l
	}
	return out
}

func (s *Server) checklistPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	values := url.Values{}
	for _, k := range []string{"municipality_code", "organization_id", "week"} {
		if v := q.Get(k); v != "" {
			values.Set(k, v)
		}
	}
	return s.checklistForm(w, r, http.StatusOK, values, nil, false)
}

// checklistInputOf reads the form into a ChecklistInput and the
// organisation asked for. What cannot be read goes to e.
func checklistInputOf(f url.Values, e *validation.Errors) (report.ChecklistInput, int64) {
	in := report.ChecklistInput{MunicipalityCode: f.Get("municipality_code"), Week: f.Get("week"),
		ExternalID: f.Get("external_id"), FiledAt: f.Get("filed_at"), Redact: f.Get("redact") != ""}
	for i := range web.CountRows(f, "lines", "category") {
		l := report.ChecklistLineInput{Category: f.Get(checklistLine(i, "category")), Place: f.Get(checklistLine(i, "place")),
			Note: f.Get(checklistLine(i, "note"))}
		if c := strings.TrimSpace(f.Get(checklistLine(i, "count"))); c != "" {
			n, err := strconv.Atoi(c)
			if err != nil {
				e.Add(checklistLine(i, "count"), "error.weekly_count_range", report.MaxCount)
			} else {
				l.Count = &n
			}
		}
		in.Lines = append(in.Lines, l)
	}
	orgID, _ := strconv.ParseInt(f.Get("organization_id"), 10, 64)
	return in, orgID
}

// checklistJSON is a checklist as the API and the offline queue get it,
// with what became of the submission.
type checklistJSON struct {
	report.Checklist
	Status string `json:"status"`
}

// checklistStatusCode is the HTTP status of an outcome: 201 for the
// week's first checklist, 200 for the rest.
func checklistStatusCode(outcome string) int {
	if outcome == report.ChecklistCreated {
		return http.StatusCreated
	}
	return http.StatusOK
}

// submitChecklist stores the week's checklist from the form. As POST
// /reports for a report, it takes the form from report-offline.js asking
// for JSON, with filed_at, when the reporter pressed the button, and
// queued for a checklist sent from the phone's queue. "more" adds a spare
// line and stores nothing.
func (s *Server) submitChecklist(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("more") != "" {
		return s.checklistForm(w, r, http.StatusOK, f, validation.Errors{}, true)
	}
	asJSON := wantsJSON(r)
	var e validation.Errors
	in, requested := checklistInputOf(f, &e)
	code := strings.TrimSpace(in.MunicipalityCode)
	orgID, ok := report.ReportingOrganization(web.Principal(r), code, requested)
	if !ok && code != "" {
		if requested == 0 {
			e.Add("organization_id", "error.report_choose_organization")
		} else {
			e.Add("organization_id", "error.report_not_your_organization")
		}
	}
	if len(e) > 0 || !ok {
		found, err := s.reports.CheckChecklist(r.Context(), 0, in)
		if err != nil {
			return err
		}
		for field, m := range found {
			e.Add(field, m.Key, m.Args...)
		}
		if asJSON {
			return formErrorsJSON(w, r, e)
		}
		return s.checklistForm(w, r, http.StatusUnprocessableEntity, f, e, false)
	}
	cl, outcome, err := s.reports.SubmitChecklist(r.Context(), web.Actor(r), orgID, in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		if asJSON {
			return formErrorsJSON(w, r, ve.Fields)
		}
		// What will be stored is the masked text: show it.
		web.MaskTyped(f, func(name string) bool {
			parts := strings.Split(name, ".")
			return len(parts) == 3 && parts[0] == "lines" && parts[2] == "note"
		})
		return s.checklistForm(w, r, http.StatusUnprocessableEntity, f, ve.Fields, false)
	}
	if err != nil {
		return err
	}
	if f.Get("queued") == "" {
		s.Flash(r, "weekly.flash."+outcome)
	}
	if asJSON {
		web.WriteJSON(w, checklistStatusCode(outcome), checklistJSON{Checklist: cl, Status: outcome})
		return nil
	}
	return web.Redirect(w, r, checklistURL(cl.MunicipalityCode, cl.OrganizationID, cl.Week)+"#sent")
}

// --- Who has reported: the coordinator's view --------------------------------

type checklistStatusPage struct {
	Base
	Municipality municipality.Municipality
	Status       report.ChecklistStatus
	From, To     time.Time
	// Previous and Next are the addresses of the weeks around; Next is
	// empty for this week.
	Previous, Next, ThisWeek string
	ToRemind                 int
	MailOn                   bool
}

func checklistStatusURL(code string, w report.Week) string {
	return municipalityURL(code) + "/weekly?week=" + w.String()
}

func (s *Server) checklistStatusPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.managedMunicipality(r)
	if err != nil {
		return err
	}
	now := web.Now(r)
	this := report.WeekOf(now)
	week := this
	if v := r.URL.Query().Get("week"); v != "" {
		wk, err := report.ParseWeek(v)
		if err != nil || this.Before(wk) {
			return web.ErrNotFound
		}
		week = wk
	}
	st, err := s.reports.WeekStatus(r.Context(), m.Code, week)
	if err != nil {
		return err
	}
	p := &checklistStatusPage{Municipality: m, Status: st, From: week.Start(), To: week.Start().AddDate(0, 0, 6),
		Previous: checklistStatusURL(m.Code, week.Add(-1)), ToRemind: len(st.ToRemind()), MailOn: s.Mailer() != nil}
	if week != this {
		p.Next = checklistStatusURL(m.Code, week.Add(1))
		p.ThisWeek = checklistStatusURL(m.Code, this)
	}
	return s.Render(w, r, "checklist_status", p, "weekly.status.title", m.Name, week.Number)
}

// remindChecklists reminds the organisations that have not sent the week's
// checklist (package report: once per organisation and week).
func (s *Server) remindChecklists(w http.ResponseWriter, r *http.Request) error {
	m, err := s.managedMunicipality(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	week, err := report.ParseWeek(r.PostForm.Get("week"))
	if err != nil {
		return web.BadRequest("error.week")
	}
	res, err := s.remind(r, m.Code, week)
	if err != nil {
		return err
	}
	key := "weekly.flash.reminded"
	if res.Organizations == 0 {
		key = "weekly.flash.nobody_to_remind"
	}
	s.Flash(r, key)
	return web.Redirect(w, r, checklistStatusURL(m.Code, week)+"#organizations")
}

// remind sends the reminders of a week, by e-mail too when the product
// has a mail server, and wakes the mail worker.
func (s *Server) remind(r *http.Request, code string, week report.Week) (report.RemindResult, error) {
	res, err := s.reports.Remind(r.Context(), web.Actor(r), code, week, report.RemindOptions{Mail: s.Mailer() != nil,
		BaseURL: s.BaseURL(r), SentBy: web.Principal(r).User.Name})
	if err == nil && res.Emails > 0 {
		s.Mailer().Wake()
	}
	return res, err
}
