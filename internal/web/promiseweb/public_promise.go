package promiseweb

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/statistics"
	"github.com/samverkan/samverkan/internal/web"
)

// What citizens see without signing in: a page per municipality with its
// promises, a page per promise (also printable and as a PDF), the Atom
// feeds and the CSV download. Only published and ended promises are ever
// shown here; a draft is shown only to those who may read it, marked so.

// allPublic returns every public promise, of one municipality or all.
func (s *Server) allPublic(r *http.Request, code string) ([]promise.Promise, error) {
	var out []promise.Promise
	cursor := ""
	for {
		page, err := s.promises.List(r.Context(), promise.PublicFilter(code, cursor, 500))
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

type municipalityPromisesPage struct {
	Base
	Municipality municipality.Municipality
	Current      []promiseCard
	Earlier      []promiseCard
	FeedURL      string
	// Statistics is set when the municipality publishes its statistics,
	// so that the page links them only then.
	Statistics bool
	// Whom the reader may ask about the work there: said on every page of
	// a municipality, and all the page says when it has no promise.
	Whom web.Whom
	// Sections are what other areas have published for the municipality
	// (web.Area.Public): a survey's summary, a safety walk.
	Sections []template.HTML
}

// Empty reports whether the municipality has published nothing.
func (p *municipalityPromisesPage) Empty() bool {
	return len(p.Current) == 0 && len(p.Earlier) == 0 && !p.Statistics && len(p.Sections) == 0
}

// promiseCard is a promise in a list: what it is, when, by whom, and how
// far it has come.
type promiseCard struct {
	ID                               int64
	Title, Period, Parties, Progress string
}

func cardOf(b *Base, p promise.Promise) promiseCard {
	var names []string
	for _, party := range p.Parties {
		names = append(names, party.OrganizationName)
	}
	done := 0
	for _, c := range p.Commitments {
		if c.Status == promise.Done {
			done++
		}
	}
	return promiseCard{ID: p.ID, Title: p.Title, Period: b.Period(p), Parties: strings.Join(names, ", "),
		Progress: b.TN("public.progress", len(p.Commitments), done, len(p.Commitments))}
}

func (s *Server) municipalityPromisesPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.PublicMunicipality(r)
	if err != nil {
		return err
	}
	all, err := s.allPublic(r, m.Code)
	if err != nil {
		return err
	}
	p := &municipalityPromisesPage{Municipality: m, FeedURL: "/feeds/kommun/" + m.Code + "/promises.atom"}
	settings, err := statistics.NewStore(s.DB()).Settings(r.Context(), m.Code)
	if err != nil {
		return err
	}
	p.Statistics = settings.Public
	if p.Whom, err = s.WhomToAsk(r, m); err != nil {
		return err
	}
	if p.Sections, err = s.PublicSections(r, m.Code); err != nil {
		return err
	}
	b := &Base{Base: web.Base{Localizer: web.Loc(r)}}
	for _, pr := range all {
		if pr.IsCurrent(web.Today(r)) {
			p.Current = append(p.Current, cardOf(b, pr))
		} else {
			p.Earlier = append(p.Earlier, cardOf(b, pr))
		}
	}
	return s.Render(w, r, "public_municipality", p, "public.municipality.title", m.Name)
}

type promiseViewPage struct {
	Base
	Promise      promise.Promise
	Municipality string
	// Agreement is set when the user may read the agreement the promise
	// belongs to.
	Agreement *promise.Agreement
	Parties   []partyCommitments
	Current   bool
	CanManage bool
	URL       string // the page's public address, for sharing
	Summary   string // a sentence for link previews
	Done      int    // commitments done
}

// partyCommitments is what one party promised.
type partyCommitments struct {
	Party       promise.Party
	Commitments []commitmentView
}

type commitmentView struct {
	promise.Commitment
	CanUpdate bool
	// AddedOn is the date of the amendment that added the commitment.
	AddedOn string
	// Done counts what has been done toward the commitment (its linked
	// activities, inspections and meetings); ActivitiesURL lists them for a
	// reader of the activity log.
	Done          int
	ActivitiesURL string
	// Coverage is the progress of a commitment measured by the premises'
	// coverage (promise.MeasurePremisesCoverage), nil for the others.
	Coverage *promise.Coverage
}

// covered reports whether the commitment's progress is its coverage of a
// register that has premises in it.
func (c commitmentView) covered() bool { return c.Coverage != nil && c.Coverage.PremisesTotal > 0 }

// ProgressValue and ProgressMax are the value and the end of a
// commitment's progress bar: done against the target, full when the
// target is reached; the premises visited of all, for a coverage.
func (c commitmentView) ProgressValue() float64 {
	switch {
	case c.covered():
		return float64(c.Coverage.PremisesVisited)
	case !c.HasBar():
		return 0
	}
	return min(float64(c.Done), *c.Target)
}

func (c commitmentView) ProgressMax() float64 {
	switch {
	case c.covered():
		return float64(c.Coverage.PremisesTotal)
	case !c.HasBar():
		return 0
	}
	return *c.Target
}

// IsRate reports whether the target is a rate ("4 insatser per månad", "1
// besök per serveringsställe"): what was done in all is then no share of
// it, and no bar is drawn.
func (c commitmentView) IsRate() bool {
	return strings.Contains(" "+strings.ToLower(c.Unit)+" ", " per ")
}

// HasBar reports whether the commitment has a target that what was done
// in all is measured against.
func (c commitmentView) HasBar() bool {
	return c.covered() || (c.Coverage == nil && c.Target != nil && *c.Target > 0 && !c.IsRate())
}

// Progress says how far a commitment has come: "3 av 10 kontroller" when
// it has a target, "12 aktiviteter dokumenterade" when not or when the
// target is a rate (which the commitment's facts say beside it); "12 av
// 14 serveringsställen har fått ett protokollfört besök" for a coverage.
func (b *Base) Progress(c commitmentView) string {
	if c.covered() {
		return b.TN("public.commitment.coverage", c.Coverage.PremisesTotal, c.Coverage.PremisesVisited, c.Coverage.PremisesTotal)
	}
	if !c.HasBar() {
		return b.TN("public.commitment.done_count", c.Done, c.Done)
	}
	unit := c.Unit
	if unit == "" {
		unit = b.T("public.commitment.unit_default")
	}
	if float64(c.Done) > *c.Target {
		return b.T("public.commitment.progress_over", c.Done, b.Number(*c.Target), unit)
	}
	return b.T("public.commitment.progress", c.Done, b.Number(*c.Target), unit)
}

func (s *Server) promisePage(w http.ResponseWriter, r *http.Request) error {
	pr, err := s.readablePromise(r)
	if err != nil {
		return err
	}
	m, err := s.municipalities.ByCode(r.Context(), pr.MunicipalityCode)
	if err != nil {
		return err
	}
	who := web.Principal(r)
	p := &promiseViewPage{Promise: pr, Municipality: m.Name, Current: pr.IsCurrent(web.Today(r)),
		CanManage: promise.CanManage(who, pr.MunicipalityCode), URL: s.AbsURL(r, promiseURL(pr.ID)),
		Summary: firstSentence(pr.Effect)}
	if pr.AgreementID != 0 && who != nil {
		if a, err := s.promises.Agreement(r.Context(), pr.AgreementID); err == nil && promise.CanReadAgreement(who, a) {
			p.Agreement = &a
		}
	}
	addedOn := map[int64]string{}
	for _, a := range pr.Amendments {
		addedOn[a.ID] = a.DecidedOn
	}
	progress, err := s.progress(r.Context(), pr)
	if err != nil {
		return err
	}
	done := map[int64]int{}
	coverage := map[int64]*promise.Coverage{}
	for _, c := range progress.Commitments {
		done[c.ID], coverage[c.ID] = c.Done, c.Coverage
	}
	readsActivities := who.Can(auth.PermActivityRead)
	for _, party := range pr.Parties {
		group := partyCommitments{Party: party}
		for _, c := range pr.Commitments {
			if c.OrganizationID == party.OrganizationID {
				cv := commitmentView{Commitment: c, AddedOn: addedOn[c.AmendmentID],
					CanUpdate: pr.IsPublic() && promise.CanUpdateStatus(who, pr, c), Done: done[c.ID], Coverage: coverage[c.ID]}
				if readsActivities && cv.Done > 0 {
					cv.ActivitiesURL = "/activities?commitment_id=" + strconv.FormatInt(c.ID, 10)
				}
				group.Commitments = append(group.Commitments, cv)
				if c.Status == promise.Done {
					p.Done++
				}
			}
		}
		p.Parties = append(p.Parties, group)
	}
	return s.Render(w, r, "public_promise", p, "public.promise.title", pr.Title)
}

// progress is the promise's progress, with the premises' coverage of its
// period for the commitments measured by it.
func (s *Server) progress(ctx context.Context, pr promise.Promise) (promise.Progress, error) {
	out, err := s.promises.Progress(ctx, pr)
	if err != nil || !out.NeedsCoverage() {
		return out, err
	}
	c, err := premises.NewStore(s.DB()).Coverage(ctx, pr.MunicipalityCode, premises.Period{From: pr.StartsOn, To: pr.EndsOn})
	if err != nil {
		return out, err
	}
	out.SetCoverage(promise.Coverage{From: c.From, To: c.To, PremisesTotal: c.PremisesTotal, PremisesVisited: c.PremisesVisited})
	return out, nil
}

// firstSentence shortens a text to its first sentence, for previews.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i > 0 {
		return s[:i+1]
	}
	return s
}

// promisePDF is the promise as a document to print or send: the parties,
// what each promised and the signatures.
func (s *Server) promisePDF(w http.ResponseWriter, r *http.Request) error {
	pr, err := s.readablePromise(r)
	if err != nil {
		return err
	}
	m, err := s.municipalities.ByCode(r.Context(), pr.MunicipalityCode)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := export.WritePDF(&buf, s.promiseDocument(r, pr, m.Name)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`inline; filename="medborgarlofte-%d.pdf"`, pr.ID))
	_, err = w.Write(buf.Bytes())
	return err
}

// promiseDocument writes the promise as a document in the reader's
// language.
func (s *Server) promiseDocument(r *http.Request, p promise.Promise, municipalityName string) export.Document {
	loc := web.Loc(r)
	b := &Base{Base: web.Base{Localizer: loc}}
	d := export.Document{
		Title:    p.Title,
		Subtitle: []string{municipalityName, loc.T("public.promise.period") + ": " + b.Period(p)},
		Author:   municipalityName, Lang: string(loc.Lang),
		Footer: s.AbsURL(r, promiseURL(p.ID)),
		Date:   p.UpdatedAt,
	}
	if p.Status == promise.Draft {
		d.Subtitle = append(d.Subtitle, loc.T("promise.status.draft"))
	}
	section := func(key, text string) {
		if text != "" {
			d.Sections = append(d.Sections, export.Section{Heading: loc.T(key), Paragraphs: []string{text}})
		}
	}
	section("field.problem", p.Problem)
	section("field.effect", p.Effect)
	commitments := export.Section{Heading: loc.T("public.promise.commitments")}
	for _, party := range p.Parties {
		g := export.Group{Heading: loc.T("public.promise.commits", party.OrganizationName)}
		for _, c := range p.Commitments {
			if c.OrganizationID != party.OrganizationID {
				continue
			}
			it := export.Item{Text: c.Text}
			if c.Target != nil {
				it.Details = append(it.Details, b.Target(c))
			}
			if c.DueOn != "" {
				it.Details = append(it.Details, loc.T("public.commitment.due", c.DueOn))
			}
			it.Details = append(it.Details, loc.T("field.status")+": "+b.CommitmentStatus(c.Status))
			if c.Reason != "" {
				it.Details = append(it.Details, loc.T("public.commitment.why_not", c.Reason))
			}
			g.Items = append(g.Items, it)
		}
		commitments.Groups = append(commitments.Groups, g)
	}
	d.Sections = append(d.Sections, commitments)
	if len(p.Amendments) > 0 {
		am := export.Section{Heading: loc.T("public.promise.amendments")}
		for _, a := range p.Amendments {
			am.Paragraphs = append(am.Paragraphs, a.DecidedOn+": "+a.Description+b.Extension(a))
		}
		d.Sections = append(d.Sections, am)
	}
	section("field.follow_up", p.FollowUp)
	for _, party := range p.Parties {
		d.Signatures = append(d.Signatures, export.Signature{Name: party.SignatoryName, Title: party.SignatoryTitle, Organization: party.OrganizationName})
	}
	if p.SignedPlace != "" || p.SignedOn != "" {
		d.SignedAt = strings.Trim(p.SignedPlace+", "+p.SignedOn, ", ")
	}
	return d
}

// --- Feeds and downloads -----------------------------------------------------

func (s *Server) promisesFeed(w http.ResponseWriter, r *http.Request) error {
	all, err := s.allPublic(r, "")
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	return s.writeFeed(w, r, all, "/feeds/promises.atom", "/", loc.T("feed.title"))
}

func (s *Server) municipalityPromisesFeed(w http.ResponseWriter, r *http.Request) error {
	m, err := s.PublicMunicipality(r)
	if err != nil {
		return err
	}
	all, err := s.allPublic(r, m.Code)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	return s.writeFeed(w, r, all, "/feeds/kommun/"+m.Code+"/promises.atom", "/kommun/"+m.Code, loc.T("feed.municipality_title", m.Name))
}

// writeFeed answers with an Atom feed of the promises. An entry is updated
// whenever its promise is, a commitment's status included, so that
// readers see the progress.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, promises []promise.Promise, self, page, title string) error {
	loc := web.Loc(r)
	f := export.Feed{ID: s.AbsURL(r, self), Title: title, Subtitle: loc.T("feed.subtitle"), Self: s.AbsURL(r, self),
		Link: s.AbsURL(r, page), Author: "Samverkan", Lang: string(loc.Lang)}
	if len(promises) == 0 {
		f.Updated = s.clock.Now()
	}
	for _, p := range promises {
		var names []string
		for _, party := range p.Parties {
			names = append(names, party.OrganizationName)
		}
		e := export.Entry{ID: s.AbsURL(r, promiseURL(p.ID)), Title: p.Title, Link: s.AbsURL(r, promiseURL(p.ID)),
			Summary: p.Effect, Author: strings.Join(names, ", "), Updated: p.UpdatedAt}
		if p.PublishedAt != nil {
			e.Published = *p.PublishedAt
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	if err := export.WriteAtom(&buf, f); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	_, err := w.Write(buf.Bytes())
	return err
}

// promisesCSV is the open data download: every public promise and its
// commitments, optionally of one municipality.
func (s *Server) promisesCSV(w http.ResponseWriter, r *http.Request) error {
	code := r.URL.Query().Get("municipality_code")
	if code != "" && !municipality.ValidCode(code) {
		return web.ErrNotFound
	}
	all, err := s.allPublic(r, code)
	if err != nil {
		return err
	}
	name := "medborgarloften.csv"
	if code != "" {
		name = "medborgarloften-" + code + ".csv"
	}
	out := web.NewDownload(w, "text/csv; charset=utf-8", name)
	if err := export.WriteCommitmentsCSV(out, all); err != nil {
		return err
	}
	return out.Close()
}

// --- Words the promise pages use ---------------------------------------------

// CommitmentStatus says a commitment's status in the user's language.
func (b *Base) CommitmentStatus(s promise.CommitmentStatus) string {
	return b.T("commitment.status." + string(s))
}

// PromiseStatus says where a promise is in its life.
func (b *Base) PromiseStatus(s promise.Status) string { return b.T("promise.status." + string(s)) }

// ChannelName names a way a promise is made known.
func (b *Base) ChannelName(c string) string { return b.T("channel." + c) }

// Period writes a promise's period: its dates, and its name when it has one.
func (b *Base) Period(p promise.Promise) string {
	s := p.StartsOn + " – " + p.EndsOn
	if p.PeriodLabel != "" {
		s += " (" + p.PeriodLabel + ")"
	}
	return s
}

// Target writes a commitment's target: "Target: at least 4 operations".
func (b *Base) Target(c promise.Commitment) string {
	if c.Target == nil {
		return ""
	}
	return b.T("public.commitment.target", b.Number(*c.Target), c.Unit)
}

// Extension says how an amendment moved the end of the period, "" when it
// did not.
func (b *Base) Extension(a promise.Amendment) string {
	if !a.Extends() {
		return ""
	}
	return " " + b.T("public.amendment.extended", a.PreviousEndsOn, a.EndsOn)
}
