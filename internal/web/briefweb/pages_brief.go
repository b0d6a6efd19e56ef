package briefweb

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/report/words"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The weekly brief (veckobrev) on the web: the archive, the composer beside
// the week's picture, the brief itself with what became of the reader's
// reports, publication with a confirmation, and the delivery status for
// the coordinator. Package brief decides who writes and reads which brief.

func briefURL(id int64) string { return "/briefs/" + strconv.FormatInt(id, 10) }

// --- Reaching a brief ------------------------------------------------------

// readableBrief returns the brief of the path when the user may read it;
// one they may not read is not found.
func (s *Server) readableBrief(r *http.Request) (brief.Brief, error) {
	return web.ReadableRecord(r, s.briefs.Get, func(b brief.Brief) bool { return brief.CanRead(web.Principal(r), b) })
}

// writableBrief returns the brief of the path when the user may write it:
// not found when they may not read it, forbidden when they only read it.
func (s *Server) writableBrief(r *http.Request) (brief.Brief, error) {
	b, err := s.readableBrief(r)
	if err != nil {
		return b, err
	}
	if !brief.CanWrite(web.Principal(r), b.MunicipalityCode) {
		return b, web.ErrForbidden
	}
	return b, nil
}

// errBriefPublished answers a change to a published brief.
var errBriefPublished = &web.HTTPError{Status: http.StatusConflict, Code: "already_published", Key: "error.brief_published"}

// briefError turns the store's errors into answers.
func briefError(err error) error {
	if errors.Is(err, brief.ErrPublished) {
		return errBriefPublished
	}
	return err
}

// briefMunicipalities are the municipalities whose briefs the user reads,
// and those they write, by name.
func (s *Server) briefMunicipalities(r *http.Request) (read, write []municipality.Municipality, err error) {
	p := web.Principal(r)
	if p.User.IsAdmin {
		all, err := s.municipalities.InUse(r.Context())
		return all, all, err
	}
	scope := brief.ScopeOf(p)
	if read, err = s.MunicipalitiesByCode(r, scope.Published); err != nil {
		return nil, nil, err
	}
	write, err = s.MunicipalitiesByCode(r, scope.Writable)
	return read, write, err
}

// baseURL is where users reach the product, for links in e-mail.
func (s *Server) baseURL(r *http.Request) string {
	if s.publicURL != "" {
		return s.publicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// --- The week's picture beside the brief -----------------------------------

// briefFigures are the key figures of a week as the brief pages show them:
// from the snapshot of a published brief, the live picture for a draft.
type briefFigures struct {
	Situation  report.Situation
	Previous   int
	Change     string
	Flags      []words.Flag
	Categories []categoryRow
	Places     []report.PlaceCount
	// Areas are the figures of the areas the reader chose, first.
	Areas []briefAreaView
	// SituationURL is the whole picture, and Method how its flags are
	// set, for those who may see it; the others read the flags' sentences.
	SituationURL string
	Method       []string
	Live         bool
}

// navLink is a link of a list of choices, the current one marked (as the
// picture's page has them).
type navLink struct {
	Label, Href string
	Current     bool
}

// categoryRow is a category's line in the figures' table.
type categoryRow struct {
	report.CategoryCount
	Flagged  bool
	Baseline string
	Change   string
}

type briefAreaView struct {
	brief.AreaFigures
	Change string
	Flags  []words.Flag
}

func figuresOf(loc *i18n.Localizer, sit report.Situation, previous int) briefFigures {
	b := &web.Base{Localizer: loc}
	f := briefFigures{Situation: sit, Previous: previous, Change: words.Change(loc, sit.Total, previous),
		Flags: words.Flags(loc, sit.Flags)}
	for _, c := range sit.ByCategory {
		if c.Count == 0 {
			continue
		}
		f.Categories = append(f.Categories, categoryRow{CategoryCount: c, Baseline: b.Decimal(c.BaselineMean, 1),
			Change: words.Change(loc, c.Count, c.PreviousWeek)})
	}
	for _, fl := range sit.Flags {
		for i := range f.Categories {
			if fl.Place == "" && f.Categories[i].Category == fl.Category {
				f.Categories[i].Flagged = true
			}
		}
	}
	f.Places = sit.ByPlace[:min(len(sit.ByPlace), 5)]
	return f
}

// figuresOfBrief are the figures of b for the reader: the snapshot when
// published, else the live picture, with the reader's areas first.
func (s *Server) figuresOfBrief(r *http.Request, b brief.Brief) (briefFigures, error) {
	loc := web.Loc(r)
	p := web.Principal(r)
	var f briefFigures
	if b.Snapshot != nil {
		f = figuresOf(loc, b.Snapshot.Situation, b.Snapshot.PreviousTotal())
		if len(p.Memberships) > 0 {
			subs, err := s.briefs.Subscriptions(r.Context(), p.User.ID)
			if err != nil {
				return f, err
			}
			sub := brief.SubscriptionOf(subs, b.MunicipalityCode)
			if len(sub.AreaIDs) > 0 {
				areas, err := s.reports.Areas(r.Context(), b.MunicipalityCode)
				if err != nil {
					return f, err
				}
				for _, a := range areas {
					if !slices.Contains(sub.AreaIDs, a.ID) {
						continue
					}
					if af, ok := b.Snapshot.Area(a.Name); ok {
						f.Areas = append(f.Areas, briefAreaView{AreaFigures: af, Change: words.Change(loc, af.Total, af.PreviousWeek),
							Flags: words.Flags(loc, af.Flags)})
					}
				}
			}
		}
	} else {
		sit, err := s.reports.Situation(r.Context(), report.SituationQuery{MunicipalityCode: b.MunicipalityCode, Week: b.Week.String()})
		if err != nil {
			return f, err
		}
		previous := 0
		if n := len(sit.Trend); n >= 2 {
			previous = sit.Trend[n-2].Count
		}
		f = figuresOf(loc, sit, previous)
		f.Live = true
	}
	if report.CanViewSituation(p, b.MunicipalityCode) {
		f.SituationURL = "/situation/" + b.MunicipalityCode + "?" + url.Values{"week": {b.Week.String()}}.Encode()
		f.Method = words.Method(loc)
	}
	return f, nil
}

// --- The archive -------------------------------------------------------------

type briefListPage struct {
	Base
	Municipalities []navLink
	Chosen         string
	Briefs         []briefRow
	Pager          web.Pager
	// Write are the municipalities the user writes briefs for; NewURL
	// leads to the composer.
	Write  []municipality.Municipality
	NewURL string
}

type briefRow struct {
	brief.Brief
	Municipality string
	Unread       bool
	URL          string
}

func (s *Server) briefList(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	read, write, err := s.briefMunicipalities(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	code := q.Get("municipality_code")
	if code != "" && !slices.ContainsFunc(read, func(m municipality.Municipality) bool { return m.Code == code }) {
		return web.ErrNotFound
	}
	page, err := s.briefs.List(r.Context(), brief.ScopeOf(p), brief.Filter{MunicipalityCode: code, Cursor: q.Get("cursor")})
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, m := range read {
		names[m.Code] = m.Name
	}
	ids := make([]int64, len(page.Items))
	for i, b := range page.Items {
		ids[i] = b.ID
	}
	unread, err := s.briefs.UnreadAmong(r.Context(), p.User.ID, ids)
	if err != nil {
		return err
	}
	out := &briefListPage{Chosen: code, Pager: web.PagerFor(r, page.Next, len(page.Items)), Write: write}
	for _, b := range page.Items {
		out.Briefs = append(out.Briefs, briefRow{Brief: b, Municipality: names[b.MunicipalityCode], Unread: unread[b.ID], URL: briefURL(b.ID)})
	}
	if len(read) > 1 {
		out.Municipalities = append(out.Municipalities, navLink{Label: web.Loc(r).T("brief.all_municipalities"), Href: "/briefs", Current: code == ""})
		for _, m := range read {
			out.Municipalities = append(out.Municipalities, navLink{Label: m.Name, Href: "/briefs?" + url.Values{"municipality_code": {m.Code}}.Encode(),
				Current: m.Code == code})
		}
	}
	switch {
	case code != "" && slices.ContainsFunc(write, func(m municipality.Municipality) bool { return m.Code == code }):
		out.NewURL = "/briefs/new?" + url.Values{"municipality_code": {code}}.Encode()
	case len(write) > 0:
		out.NewURL = "/briefs/new"
	}
	return s.Render(w, r, "brief_list", out, "brief.list.title")
}

// --- Writing a brief ---------------------------------------------------------

type briefFormPage struct {
	Base
	// Choose: the writer has not chosen a municipality and week yet.
	Choose         bool
	Municipalities []web.Option
	Municipality   municipality.Municipality
	Week           report.Week
	WeekValue      string
	// Brief is set when a draft is edited.
	Brief   *brief.Brief
	Figures briefFigures
	PostTo  string // where the form posts
	Cancel  string
}

// briefFields are the form's fields in the order shown. The municipality
// and the week are hidden fields, chosen before: an error on them is
// listed without a link.
var briefFields = []string{"analysis", "actions"}

// BriefField is Field labelled by the brief's own words where it has them
// ("Överenskomna åtgärder", not another form's "Åtgärdspunkter").
func (p *briefFormPage) BriefField(name, typ string, opts ...string) web.FieldView {
	f := p.Field(name, typ, opts...)
	if l := p.T("brief.field." + name); l != "brief.field."+name {
		f.Label = l
	}
	return f
}

// TextField names the brief's texts in the warning about personal data by
// the brief's words.
func (p *briefFormPage) TextField(name string) (web.TextField, bool) {
	f := p.BriefField(name, "textarea")
	return web.TextField{ID: f.ID, Label: f.Label, Text: f.Value}, true
}

// briefFreeText reports whether a value of the form is one of the brief's
// texts, which are checked for personal data.
func briefFreeText(name string) bool { return name == "analysis" || name == "actions" }

// ErrorSummary labels the fields as the form does.
func (p *briefFormPage) ErrorSummary() []web.SummaryItem {
	items := p.Base.ErrorSummary()
	for i := range items {
		for _, f := range briefFields {
			if items[i].Label == p.T("field."+f) && p.T("brief.field."+f) != "brief.field."+f {
				items[i].Label = p.T("brief.field." + f)
			}
		}
	}
	return items
}

// briefNew is the composer: the form beside the week's picture. Without a
// municipality (when the writer has several) or a week, it asks for them
// first; the week is the last one unless told.
func (s *Server) briefNew(w http.ResponseWriter, r *http.Request) error {
	_, write, err := s.briefMunicipalities(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	code := q.Get("municipality_code")
	if code == "" && len(write) == 1 {
		code = write[0].Code
	}
	weekText := q.Get("week")
	if weekText == "" {
		weekText = report.WeekOf(s.clock.Now()).Add(-1).String()
	}
	page := &briefFormPage{PostTo: "/briefs", Cancel: "/briefs", Municipalities: web.MunicipalityChoices(write)}
	week, werr := report.ParseWeek(strings.TrimSpace(weekText))
	if code == "" || werr != nil {
		page.Choose = true
		page.Form.Values = url.Values{"municipality_code": {code}, "week": {weekText}}
		if werr != nil {
			page.SetErrors([]string{"municipality_code", "week"}, page.Form.Values, validation.Errors{"week": {Key: "error.week"}})
			return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "brief_form", page, "brief.new.title")
		}
		return s.Render(w, r, "brief_form", page, "brief.new.title")
	}
	if !brief.CanWrite(web.Principal(r), code) {
		if !municipality.ValidCode(code) {
			return web.ErrNotFound
		}
		return web.ErrForbidden
	}
	if existing, err := s.briefs.ByWeek(r.Context(), code, week); err == nil {
		return web.Redirect(w, r, briefURL(existing.ID))
	}
	page.Form.Values = url.Values{"municipality_code": {code}, "week": {week.String()}}
	page.Form.Fields = briefFields
	return s.showBriefForm(w, r, http.StatusOK, page, code, week)
}

// showBriefForm fills in the municipality and the live picture of the
// week, and renders the form.
func (s *Server) showBriefForm(w http.ResponseWriter, r *http.Request, status int, page *briefFormPage, code string, week report.Week) error {
	m, err := s.municipalities.ByCode(r.Context(), code)
	if err != nil {
		return err
	}
	page.Municipality, page.Week, page.WeekValue = m, week, week.String()
	b := brief.Brief{MunicipalityCode: code, Week: week}
	if page.Brief != nil {
		b = *page.Brief
	}
	if page.Figures, err = s.figuresOfBrief(r, b); err != nil {
		return err
	}
	title := "brief.new.heading"
	if page.Brief != nil {
		title = "brief.edit.heading"
	}
	return s.RenderStatus(w, r, status, "brief_form", page, title, m.Name, week.Number, week.Year)
}

func (s *Server) briefCreate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := brief.Input{MunicipalityCode: strings.TrimSpace(f.Get("municipality_code")), Week: f.Get("week"),
		Analysis: f.Get("analysis"), Actions: f.Get("actions"), Choice: web.PersonalDataChoice(f)}
	week, werr := report.ParseWeek(strings.TrimSpace(in.Week))
	if in.MunicipalityCode == "" || werr != nil {
		// The hidden fields were lost or changed: ask for them again.
		page := &briefFormPage{Choose: true, PostTo: "/briefs", Cancel: "/briefs"}
		_, write, err := s.briefMunicipalities(r)
		if err != nil {
			return err
		}
		page.Municipalities = web.MunicipalityChoices(write)
		errs := validation.Errors{}
		if in.MunicipalityCode == "" {
			errs.Add("municipality_code", "error.choose")
		}
		if werr != nil {
			errs.Add("week", "error.week")
		}
		page.SetErrors([]string{"municipality_code", "week"}, f, errs)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "brief_form", page, "brief.new.title")
	}
	if !brief.CanWrite(web.Principal(r), in.MunicipalityCode) {
		if _, err := s.municipalities.ByCode(r.Context(), in.MunicipalityCode); err != nil {
			return web.ErrNotFound
		}
		return web.ErrForbidden
	}
	b, err := s.briefs.Create(r.Context(), web.Actor(r), in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(f, briefFreeText)
		page := &briefFormPage{PostTo: "/briefs", Cancel: "/briefs"}
		page.SetErrors(briefFields, f, ve.Fields)
		return s.showBriefForm(w, r, http.StatusUnprocessableEntity, page, in.MunicipalityCode, week)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "brief.flash.created")
	return web.Redirect(w, r, briefURL(b.ID))
}

func (s *Server) briefEdit(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	if b.Published() {
		return errBriefPublished
	}
	page := &briefFormPage{Brief: &b, PostTo: briefURL(b.ID), Cancel: briefURL(b.ID)}
	page.Form.Fields = briefFields
	page.Form.Values = url.Values{"municipality_code": {b.MunicipalityCode}, "week": {b.Week.String()},
		"analysis": {b.Analysis}, "actions": {b.Actions}}
	return s.showBriefForm(w, r, http.StatusOK, page, b.MunicipalityCode, b.Week)
}

func (s *Server) briefUpdate(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	analysis, actions := r.PostForm.Get("analysis"), r.PostForm.Get("actions")
	_, err = s.briefs.Update(r.Context(), web.Actor(r), b.ID, brief.Patch{Analysis: &analysis, Actions: &actions,
		Choice: web.PersonalDataChoice(r.PostForm)})
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(r.PostForm, briefFreeText)
		analysis, actions = r.PostForm.Get("analysis"), r.PostForm.Get("actions")
		page := &briefFormPage{Brief: &b, PostTo: briefURL(b.ID), Cancel: briefURL(b.ID)}
		values := url.Values{"municipality_code": {b.MunicipalityCode}, "week": {b.Week.String()},
			"analysis": {analysis}, "actions": {actions}}
		page.SetErrors(briefFields, values, ve.Fields)
		return s.showBriefForm(w, r, http.StatusUnprocessableEntity, page, b.MunicipalityCode, b.Week)
	}
	if err != nil {
		return briefError(err)
	}
	s.Flash(r, "brief.flash.saved")
	return web.Redirect(w, r, briefURL(b.ID))
}

// --- Reading a brief ---------------------------------------------------------

type briefViewPage struct {
	Base
	Brief        brief.Brief
	Municipality municipality.Municipality
	Figures      briefFigures
	Analysis     [][]string
	Actions      []string
	Feedback     brief.Feedback
	CanWrite     bool
	WasUnread    bool
}

func (s *Server) briefView(w http.ResponseWriter, r *http.Request) error {
	b, err := s.readableBrief(r)
	if err != nil {
		return err
	}
	p := web.Principal(r)
	m, err := s.municipalities.ByCode(r.Context(), b.MunicipalityCode)
	if err != nil {
		return err
	}
	page := &briefViewPage{Brief: b, Municipality: m, Analysis: brief.Paragraphs(b.Analysis), Actions: brief.ActionLines(b.Actions),
		CanWrite: brief.CanWrite(p, b.MunicipalityCode)}
	if page.Figures, err = s.figuresOfBrief(r, b); err != nil {
		return err
	}
	if b.Published() {
		var orgs []brief.OrgRef
		for _, ms := range p.Memberships {
			orgs = append(orgs, brief.OrgRef{ID: ms.OrganizationID, Name: ms.OrganizationName})
		}
		if page.Feedback, err = s.briefs.FeedbackFor(r.Context(), b.ID, p.User.ID, orgs); err != nil {
			return err
		}
		if page.WasUnread, err = s.briefs.Unread(r.Context(), b.ID, p.User.ID); err != nil {
			return err
		}
		if page.WasUnread {
			if err := s.briefs.MarkRead(r.Context(), b.ID, p.User.ID); err != nil {
				return err
			}
		}
	}
	return s.Render(w, r, "brief_view", page, "brief.view.title", m.Name, b.Week.Number, b.Week.Year)
}

// --- Publishing ----------------------------------------------------------------

type briefPublishPage struct {
	Base
	Brief        brief.Brief
	Municipality municipality.Municipality
	Recipients   int
	WithEmail    int
	MailOn       bool
	Figures      briefFigures
}

func (s *Server) briefPublishConfirm(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	if b.Published() {
		return web.Redirect(w, r, briefURL(b.ID))
	}
	m, err := s.municipalities.ByCode(r.Context(), b.MunicipalityCode)
	if err != nil {
		return err
	}
	page := &briefPublishPage{Brief: b, Municipality: m, MailOn: s.mailer != nil}
	if page.Recipients, page.WithEmail, err = s.briefs.RecipientCount(r.Context(), b.MunicipalityCode); err != nil {
		return err
	}
	if page.Figures, err = s.figuresOfBrief(r, b); err != nil {
		return err
	}
	return s.Render(w, r, "brief_publish", page, "brief.publish.title", m.Name, b.Week.Number, b.Week.Year)
}

func (s *Server) publishBrief(r *http.Request, b brief.Brief) (brief.Brief, error) {
	out, err := s.briefs.Publish(r.Context(), web.Actor(r), b.ID, brief.PublishOptions{Mail: s.mailer != nil, BaseURL: s.baseURL(r)})
	if err != nil {
		return out, briefError(err)
	}
	if s.mailer != nil {
		s.mailer.Wake()
	}
	return out, nil
}

func (s *Server) briefPublish(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	if _, err := s.publishBrief(r, b); err != nil {
		return err
	}
	s.Flash(r, "brief.flash.published")
	return web.Redirect(w, r, briefURL(b.ID))
}

// --- Following the delivery --------------------------------------------------------

type briefDeliveriesPage struct {
	Base
	Brief        brief.Brief
	Municipality municipality.Municipality
	Rows         []deliveryRow
	MailOn       bool
	// Counts of the summary.
	Read, Sent, Waiting, Failed, NoMail int
}

type deliveryRow struct {
	brief.Delivery
	Status   string // sent, waiting, sending, failed, none
	Label    string
	Detail   string
	Attempts []attemptRow
	CanRetry bool
}

type attemptRow struct {
	At, Error string
}

func (s *Server) briefDeliveries(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	if !b.Published() {
		return web.Redirect(w, r, briefURL(b.ID))
	}
	m, err := s.municipalities.ByCode(r.Context(), b.MunicipalityCode)
	if err != nil {
		return err
	}
	ds, err := s.briefs.Deliveries(r.Context(), b.ID)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	base := &web.Base{Localizer: loc}
	page := &briefDeliveriesPage{Brief: b, Municipality: m, MailOn: s.mailer != nil}
	for _, d := range ds {
		row := deliveryRow{Delivery: d, Status: "none"}
		if d.ReadAt != nil {
			page.Read++
		}
		if d.Mail == nil {
			page.NoMail++
			row.Label = loc.T("brief.deliveries.mail_none")
		} else {
			row.Status = d.Mail.Status
			switch d.Mail.Status {
			case mail.StatusSent:
				page.Sent++
				row.Label = loc.T("brief.deliveries.mail_sent", base.At(d.Mail.SentAt))
			case mail.StatusFailed:
				page.Failed++
				row.Label = loc.TN("brief.deliveries.mail_failed", d.Mail.Attempts, d.Mail.Attempts)
				row.Detail = d.Mail.LastError
				row.CanRetry = true
			default:
				page.Waiting++
				row.Label = loc.T("brief.deliveries.mail_waiting")
				if d.Mail.Attempts > 0 {
					row.Label = loc.T("brief.deliveries.mail_retrying", d.Mail.Attempts, base.At(d.Mail.NextAttemptAt))
					row.Detail = d.Mail.LastError
				}
				row.CanRetry = d.Mail.Status == mail.StatusWaiting
			}
		}
		for _, a := range d.Attempts {
			text := a.Error
			if text == "" {
				text = loc.T("brief.deliveries.attempt_ok")
			}
			row.Attempts = append(row.Attempts, attemptRow{At: base.At(a.At), Error: text})
		}
		page.Rows = append(page.Rows, row)
	}
	return s.Render(w, r, "brief_deliveries", page, "brief.deliveries.title", m.Name, b.Week.Number, b.Week.Year)
}

func (s *Server) briefRetryMail(w http.ResponseWriter, r *http.Request) error {
	b, err := s.writableBrief(r)
	if err != nil {
		return err
	}
	mailID, err := web.PathID(r, "mail")
	if err != nil {
		return err
	}
	if _, err := s.briefs.RetryMail(r.Context(), web.Actor(r), b.ID, mailID); err != nil {
		if errors.Is(err, mail.ErrNotRetryable) {
			return &web.HTTPError{Status: http.StatusConflict, Code: "not_retryable", Key: "error.mail_not_retryable"}
		}
		return err
	}
	if s.mailer != nil {
		s.mailer.Wake()
	}
	s.Flash(r, "brief.flash.retrying")
	return web.Redirect(w, r, briefURL(b.ID)+"/deliveries")
}

// Base is the kernel's page base with the words the brief pages use; the
// area's pages embed it.
type Base struct{ web.Base }

// WeekRange writes the dates of a picture's week, as the picture's page
// does.
func (b *Base) WeekRange(sit report.Situation) string {
	return b.T("situation.range", sit.From, sit.To)
}

// BriefStatus is the words for a brief's status.
func (b *Base) BriefStatus(status string) string { return b.T("brief.status." + status) }

// canReadBriefs says whether the user has any use of the brief pages: they
// work somewhere, or administer.
func canReadBriefs(p *auth.Principal) bool {
	return p != nil && p.Can(auth.PermBriefRead) && (p.User.IsAdmin || len(p.Memberships) > 0)
}

// seasonLabel says a season's dates.
func seasonLabel(loc *i18n.Localizer, s brief.Season) string {
	key := "brief.season.summer"
	if s.Winter {
		key = "brief.season.winter"
	}
	return loc.T(key, loc.Date(s.From), loc.Date(s.Last()))
}
