package premisesweb

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The follow-up of the supervision: a season's coverage (which premises
// have had a recorded visit, and which not yet: the Sälen promise of at
// least one recorded visit to every premises), the planning list of whom
// to visit next, and the year's summary as a page and as Excel.

// periodOf reads the period a page or a call asks for: from and to (two
// dates), or a season (the year it starts), else the municipality's
// default season.
func (s *Server) periodOf(r *http.Request, code string) (premises.Period, error) {
	q := r.URL.Query()
	from, to := strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	if from != "" || to != "" {
		return premises.ParsePeriod(from, to)
	}
	if v := strings.TrimSpace(q.Get("season")); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2200 {
			var e validation.Errors
			e.Add("season", "error.season")
			return premises.Period{}, e.Err()
		}
		return premises.WinterSeason(y), nil
	}
	return s.premises.DefaultSeason(r.Context(), code, s.clock.Now())
}

// --- Coverage ---------------------------------------------------------------------

type coveragePage struct {
	Base
	Municipality municipality.Municipality
	Tabs         []web.NavItem
	Coverage     premises.Coverage
	Period       premises.Period
	Seasons      []web.Option
	// LastVisit is each premises' latest recorded visit ever, for the
	// list of those not visited in the period.
	LastVisit  map[int64]*time.Time
	NotVisited int
	CanInspect bool
}

func (s *Server) coveragePage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.premisesReadable(r)
	if err != nil {
		return err
	}
	m, ok, err := s.pageMunicipality(w, r, list, "premises.coverage.title", "premises.choose.none")
	if !ok {
		return err
	}
	ctx := r.Context()
	pr := web.Principal(r)
	p := &coveragePage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Municipality: m, Tabs: s.premisesTabs(r, m.Code, "/premises/coverage"),
		CanInspect: premises.CanWriteInspection(pr, m.Code, web.UserOrganizationIDs(pr))}
	seasons, err := s.premises.Seasons(ctx, m.Code, s.clock.Now())
	if err != nil {
		return err
	}
	q := r.URL.Query()
	values := url.Values{"from": {q.Get("from")}, "to": {q.Get("to")}, "season": {q.Get("season")}}
	period, err := s.periodOf(r, m.Code)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		p.Seasons = seasonOptions(p, seasons, premises.Period{})
		p.SetErrors([]string{"season", "from", "to"}, values, ve.Fields)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "premises_coverage", p, "premises.coverage.title_in", m.Name)
	}
	if err != nil {
		return err
	}
	p.Period = period
	p.Seasons = seasonOptions(p, seasons, period)
	if y, ok := seasonStart(period); ok {
		values.Set("season", strconv.Itoa(y))
	}
	if values.Get("from") == "" && values.Get("to") == "" {
		values.Set("from", period.From)
		values.Set("to", period.To)
	}
	if p.Coverage, err = s.premises.Coverage(ctx, m.Code, period); err != nil {
		return err
	}
	p.NotVisited = len(p.Coverage.NotVisited)
	plan, err := s.premises.Planning(ctx, m.Code)
	if err != nil {
		return err
	}
	p.LastVisit = map[int64]*time.Time{}
	for _, it := range plan {
		p.LastVisit[it.ID] = it.LastRecordedAt
	}
	p.SetErrors([]string{"season", "from", "to"}, values, nil)
	return s.Render(w, r, "premises_coverage", p, "premises.coverage.title_in", m.Name)
}

// seasonStart is the year a period starts in, when it is a winter season.
func seasonStart(p premises.Period) (int, bool) {
	if len(p.From) < 4 {
		return 0, false
	}
	y, err := strconv.Atoi(p.From[:4])
	return y, err == nil && premises.WinterSeason(y) == p
}

// seasonOptions are the seasons to choose from, the period's selected;
// a season asked for that is not among them is added.
func seasonOptions(b interface{ PeriodName(premises.Period) string }, seasons []premises.Period, current premises.Period) []web.Option {
	var out []web.Option
	found := false
	for _, season := range seasons {
		y, _ := seasonStart(season)
		out = append(out, web.Option{Value: strconv.Itoa(y), Label: b.PeriodName(season), Selected: season == current})
		found = found || season == current
	}
	if y, ok := seasonStart(current); ok && !found {
		out = append(out, web.Option{Value: strconv.Itoa(y), Label: b.PeriodName(current), Selected: true})
	}
	return out
}

// Percent is the share of premises visited in whole percent, for the
// coverage's bar.
func (p *coveragePage) Percent() int {
	return i18n.Percent(p.Coverage.PremisesVisited, p.Coverage.PremisesTotal)
}

// --- Planning ------------------------------------------------------------------

type planningPage struct {
	Base
	Municipality municipality.Municipality
	Tabs         []web.NavItem
	Items        []premises.PlanningItem
	Period       premises.Period
	// Visited are the premises with a recorded visit in Period (the
	// default season).
	Visited    map[int64]bool
	CanInspect bool
}

func (s *Server) planningPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.premisesReadable(r)
	if err != nil {
		return err
	}
	m, ok, err := s.pageMunicipality(w, r, list, "premises.planning.title", "premises.choose.none")
	if !ok {
		return err
	}
	ctx := r.Context()
	pr := web.Principal(r)
	p := &planningPage{Municipality: m, Tabs: s.premisesTabs(r, m.Code, "/premises/planning"), Visited: map[int64]bool{},
		CanInspect: premises.CanWriteInspection(pr, m.Code, web.UserOrganizationIDs(pr))}
	if p.Items, err = s.premises.Planning(ctx, m.Code); err != nil {
		return err
	}
	if p.Period, err = s.premises.DefaultSeason(ctx, m.Code, s.clock.Now()); err != nil {
		return err
	}
	cov, err := s.premises.Coverage(ctx, m.Code, p.Period)
	if err != nil {
		return err
	}
	for _, it := range p.Items {
		p.Visited[it.ID] = true
	}
	for _, ref := range cov.NotVisited {
		p.Visited[ref.ID] = false
	}
	return s.Render(w, r, "premises_planning", p, "premises.planning.title_in", m.Name)
}

// --- The year's summary -----------------------------------------------------------

type summaryPage struct {
	Base
	Municipality municipality.Municipality
	Tabs         []web.NavItem
	Summary      premises.Summary
	Years        []web.Option
	XLSX         string // the download's address
}

// summaryOf reads the municipality and the year a summary is asked for;
// ok is false when the user is to choose the municipality.
func (s *Server) summaryOf(r *http.Request) (m municipality.Municipality, list []municipality.Municipality, year int, years []int, ok bool, err error) {
	if list, err = s.premisesReadable(r); err != nil {
		return
	}
	if m, ok, err = s.chooseMunicipality(r, list); err != nil || !ok {
		return
	}
	var latest int
	if years, latest, err = s.premises.Years(r.Context(), m.Code, s.clock.Now()); err != nil {
		return
	}
	year = latest
	if v := strings.TrimSpace(r.URL.Query().Get("year")); v != "" {
		y, convErr := strconv.Atoi(v)
		if convErr != nil || y < 2000 || y > 2200 {
			var e validation.Errors
			e.Add("year", "error.year")
			err = e.Err()
			return
		}
		year = y
	}
	return
}

func (s *Server) summaryPage(w http.ResponseWriter, r *http.Request) error {
	m, list, year, years, ok, err := s.summaryOf(r)
	if err != nil {
		return err
	}
	if !ok {
		return s.renderChoice(w, r, list, "premises.summary.title", "premises.choose.none")
	}
	p := &summaryPage{Municipality: m, Tabs: s.premisesTabs(r, m.Code, "/premises/summary"),
		XLSX: "/premises/summary.xlsx?" + url.Values{"municipality_code": {m.Code}, "year": {strconv.Itoa(year)}}.Encode()}
	if !slices.Contains(years, year) {
		years = append(years, year)
		slices.Sort(years)
		slices.Reverse(years)
	}
	for _, y := range years {
		p.Years = append(p.Years, web.Option{Value: strconv.Itoa(y), Label: strconv.Itoa(y), Selected: y == year})
	}
	if p.Summary, err = s.premises.Summary(r.Context(), m.Code, year); err != nil {
		return err
	}
	p.SetErrors([]string{"year"}, url.Values{"year": {strconv.Itoa(year)}}, nil)
	return s.Render(w, r, "premises_summary", p, "premises.summary.title_in", m.Name, year)
}

// summaryXLSX is the year's summary as an Excel workbook: the sums, and
// every visit.
func (s *Server) summaryXLSX(w http.ResponseWriter, r *http.Request) error {
	m, _, year, _, ok, err := s.summaryOf(r)
	if err != nil {
		return err
	}
	if !ok {
		// Several municipalities and none chosen: choose on the page.
		return web.Redirect(w, r, "/premises/summary")
	}
	sum, err := s.premises.Summary(r.Context(), m.Code, year)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	var buf bytes.Buffer
	if err := export.WriteSummaryXLSX(&buf, sum, m.Name, loc.T, s.clock.Now()); err != nil {
		return err
	}
	name := fmt.Sprintf("%s-%d.xlsx", loc.T("premises.summary.file"), year)
	w.Header().Set("Cache-Control", "no-store")
	out := web.NewDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", m.Code+"-"+name)
	if _, err := out.Write(buf.Bytes()); err != nil {
		return err
	}
	return out.Close()
}

// SanctionsTotal counts the year's sanctions.
func (p *summaryPage) SanctionsTotal() int {
	n := 0
	for _, sn := range p.Summary.Sanctions {
		n += sn.Count
	}
	return n
}
