package reportweb

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/report/words"
	"github.com/samverkan/samverkan/internal/web"
)

// The weekly situational picture (gemensam lägesbild), per municipality,
// area and ISO week: /situation/2062?week=2026-W08&area=Noret. Package
// report computes it; this page says it in words, tables, a map and a
// chart that need no JavaScript.

// situationMunicipalities are the municipalities whose picture the user
// may see: all in use for administrators.
func (s *Server) situationMunicipalities(r *http.Request) ([]municipality.Municipality, error) {
	p := web.Principal(r)
	if p.User.IsAdmin {
		return s.municipalities.InUse(r.Context())
	}
	var codes []string
	for _, m := range p.Memberships {
		for _, c := range m.MunicipalityCodes {
			if report.CanViewSituation(p, c) && !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	return s.MunicipalitiesByCode(r, codes)
}

type situationChoosePage struct {
	Base
	Municipalities []municipality.Municipality
	Week           string
}

// situationIndex leads to the picture of the user's municipality, or lets
// them choose one.
func (s *Server) situationIndex(w http.ResponseWriter, r *http.Request) error {
	munis, err := s.situationMunicipalities(r)
	if err != nil {
		return err
	}
	if len(munis) == 1 {
		return web.Redirect(w, r, "/situation/"+munis[0].Code)
	}
	return s.Render(w, r, "situation_choose", &situationChoosePage{Municipalities: munis}, "situation.choose.title")
}

type situationPage struct {
	Base
	Municipality municipality.Municipality
	Situation    report.Situation
	Area         string
	// Links to move between weeks, municipalities and areas.
	Previous, Next, ThisWeek string
	Municipalities           []navLink
	Areas                    []navLink
	WeekValue                string // for the week field
	Flags                    []words.Flag
	Method                   []string      // how the flags are set, behind "Så räknar vi"
	Categories               []categoryRow // reported this week or last
	Quiet                    []categoryRow // neither: only a baseline
	Heat                     [24]heatRow
	Weekdays                 [7]string
	Trend                    trendChart
	Map                      web.MapView
	Previous1                int // last week's total
	ReportsURL               string
	CanManage                bool
}

type navLink struct {
	Label, Href string
	Current     bool
}

type categoryRow struct {
	report.CategoryCount
	Flagged  bool
	Baseline string
	Change   string
}

// heatRow is one hour of the hour × weekday table: a cell per weekday.
type heatRow struct {
	Hour  string
	Cells [7]heatCell
}

type heatCell struct {
	Count int
	Level int // 0–4, the shade
}

// trendChart is the server-drawn bar chart of the last 12 weeks.
type trendChart struct {
	Bars          []trendBar
	Width, Height int
	Baseline      int // y of the axis
	Max           int
}

type trendBar struct {
	report.WeekCount
	Label            string // "v. 8"
	Name             string // "vecka 8, 2026"
	X, Y, W, H       int
	TextX, TextY     int
	LabelY           int
	Current, Flagged bool
}

func (s *Server) situationPage(w http.ResponseWriter, r *http.Request) error {
	code, err := web.PathMunicipality(r)
	if err != nil {
		return err
	}
	m, err := s.municipalities.ByCode(r.Context(), code)
	if err != nil {
		return err
	}
	pr := web.Principal(r)
	if !report.CanViewSituation(pr, code) {
		return web.ErrForbidden
	}
	loc := web.Loc(r)
	q := r.URL.Query()
	this := report.WeekOf(s.clock.Now())
	week := q.Get("week")
	if week == "" {
		week = this.String()
	}
	area := q.Get("area")
	sit, err := s.reports.Situation(r.Context(), report.SituationQuery{MunicipalityCode: code, Week: week, Area: area})
	if err != nil {
		return err // a mistyped week or area: the error page says which
	}
	p := &situationPage{Municipality: m, Situation: sit, Area: sit.Area, WeekValue: sit.Week.String(),
		CanManage: report.CanManage(pr, code)}
	link := func(c string, w report.Week, a string) string {
		v := url.Values{"week": {w.String()}}
		if a != "" {
			v.Set("area", a)
		}
		return "/situation/" + c + "?" + v.Encode()
	}
	p.Previous = link(code, sit.Week.Add(-1), sit.Area)
	if sit.Week.Before(this) {
		p.Next = link(code, sit.Week.Add(1), sit.Area)
		p.ThisWeek = link(code, this, sit.Area)
	}
	munis, err := s.situationMunicipalities(r)
	if err != nil {
		return err
	}
	if len(munis) > 1 {
		for _, o := range munis {
			p.Municipalities = append(p.Municipalities, navLink{Label: o.Name, Href: link(o.Code, sit.Week, ""), Current: o.Code == code})
		}
	}
	areas, err := s.reports.Areas(r.Context(), code)
	if err != nil {
		return err
	}
	if len(areas) > 0 {
		p.Areas = append(p.Areas, navLink{Label: loc.T("situation.whole_municipality"), Href: link(code, sit.Week, ""), Current: sit.Area == ""})
		for _, a := range areas {
			p.Areas = append(p.Areas, navLink{Label: a.Name, Href: link(code, sit.Week, a.Name), Current: a.Name == sit.Area})
		}
	}
	b := &web.Base{Localizer: loc}

	// Flags, in words.
	flagged := map[string]bool{}
	for _, f := range sit.Flags {
		if f.Place == "" {
			flagged[f.Category] = true
		}
	}
	p.Flags = words.Flags(loc, sit.Flags)
	p.Method = words.Method(loc)
	for _, c := range sit.ByCategory {
		row := categoryRow{CategoryCount: c, Flagged: flagged[c.Category], Baseline: b.Decimal(c.BaselineMean, 1)}
		switch {
		case c.Count > c.PreviousWeek:
			row.Change = loc.T("situation.change.up", c.Count-c.PreviousWeek)
		case c.Count < c.PreviousWeek:
			row.Change = loc.T("situation.change.down", c.PreviousWeek-c.Count)
		default:
			row.Change = loc.T("situation.change.same")
		}
		if c.Count == 0 && c.PreviousWeek == 0 {
			p.Quiet = append(p.Quiet, row)
		} else {
			p.Categories = append(p.Categories, row)
		}
	}

	// The hour × weekday table, an hour a row so that it fits a phone.
	peak := 0
	for d := range 7 {
		for h := range 24 {
			peak = max(peak, sit.HourWeekday[d][h])
		}
	}
	for d := range 7 {
		p.Weekdays[d] = loc.T(fmt.Sprintf("situation.weekday.%d", d))
	}
	for h := range 24 {
		row := heatRow{Hour: fmt.Sprintf("%02d", h)}
		for d := range 7 {
			n := sit.HourWeekday[d][h]
			row.Cells[d] = heatCell{Count: n, Level: heatLevel(n, peak)}
		}
		p.Heat[h] = row
	}

	// The trend of the last 12 weeks.
	p.Trend = trendOf(loc.T, sit)
	if n := len(sit.Trend); n >= 2 {
		p.Previous1 = sit.Trend[n-2].Count
	}

	// The map of the week: the named places with their counts, and the
	// pins of the reports the user may read.
	points, err := s.weekPoints(r, sit)
	if err != nil {
		return err
	}
	p.Map = s.MapOf(r, "week-map", points)
	v := url.Values{"municipality_code": {code}, "from": {sit.From}, "to": {sit.To}}
	p.ReportsURL = "/reports?" + v.Encode()

	title := "situation.title"
	if sit.Area != "" {
		return s.Render(w, r, "situation", p, "situation.title_area", sit.Area, m.Name, sit.Week.Number, sit.Week.Year)
	}
	return s.Render(w, r, "situation", p, title, m.Name, sit.Week.Number, sit.Week.Year)
}

// heatLevel is the shade of a count against the week's peak: 0 for none,
// then four steps.
func heatLevel(n, peak int) int {
	if n <= 0 || peak <= 0 {
		return 0
	}
	return min(4, int(math.Ceil(4*float64(n)/float64(peak))))
}

func trendOf(t func(string, ...any) string, sit report.Situation) trendChart {
	c := trendChart{Width: 640, Height: 220, Baseline: 180}
	for _, wc := range sit.Trend {
		c.Max = max(c.Max, wc.Count)
	}
	n := len(sit.Trend)
	if n == 0 {
		return c
	}
	slot := c.Width / n
	for i, wc := range sit.Trend {
		h := 0
		if c.Max > 0 {
			h = int(math.Round(140 * float64(wc.Count) / float64(c.Max)))
		}
		if wc.Count > 0 && h < 2 {
			h = 2 // a week with reports is never drawn as none
		}
		x := i*slot + slot/6
		bar := trendBar{WeekCount: wc, Label: t("situation.week_short", wc.Week.Number), Name: t("week.label", wc.Week.Number, wc.Week.Year),
			X: x, W: slot * 2 / 3, H: h, Y: c.Baseline - h, TextX: x + slot/3, TextY: c.Baseline - h - 6, LabelY: c.Baseline + 22,
			Current: i == n-1}
		c.Bars = append(c.Bars, bar)
	}
	return c
}

// weekPoints are the points of the week's map: each named place with its
// count in the picture (which counts every report, whoever may read it),
// and the pins of the week's reports without a place that the user may
// read.
func (s *Server) weekPoints(r *http.Request, sit report.Situation) ([]web.MapPoint, error) {
	loc := web.Loc(r)
	places, err := s.reports.Places(r.Context(), sit.MunicipalityCode)
	if err != nil {
		return nil, err
	}
	byName := map[string]report.Place{}
	for _, p := range places {
		byName[p.Name] = p
	}
	var out []web.MapPoint
	for _, pc := range sit.ByPlace {
		if p, ok := byName[pc.Place]; ok && p.Lat != nil && p.Lon != nil {
			out = append(out, web.MapPoint{Label: pc.Place, Lat: *p.Lat, Lon: *p.Lon, Count: pc.Count,
				Href: "/reports?" + url.Values{"municipality_code": {sit.MunicipalityCode}, "from": {sit.From}, "to": {sit.To}}.Encode()})
		}
	}
	f := report.Filter{MunicipalityCode: sit.MunicipalityCode, From: sit.From, To: sit.To, Source: report.SourceReport, Limit: 500}
	access := report.AccessOf(web.Principal(r))
	b := &web.Base{Localizer: loc}
	for pages := 0; pages < 10; pages++ {
		page, err := s.reports.List(r.Context(), access, f)
		if err != nil {
			return nil, err
		}
		for _, rep := range page.Items {
			if rep.Place != "" || rep.Lat == nil || rep.Lon == nil || rep.IsSummary || (sit.Area != "" && rep.Area != sit.Area) {
				continue
			}
			out = append(out, web.MapPoint{Label: rep.Category + ", " + b.DateTime(rep.OccurredAt), Href: reportURL(rep.ID),
				Lat: *rep.Lat, Lon: *rep.Lon, Count: rep.Count})
		}
		if page.Next == "" {
			break
		}
		f.Cursor = page.Next
	}
	return out, nil
}

// HeatClass is the CSS class of a cell's shade.
func (c heatCell) Class() string { return "heat-" + strconv.Itoa(c.Level) }
