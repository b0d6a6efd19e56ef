package crimestatsweb

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/crimestats"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// seriesFields are the fields of the choice, in the order shown.
var seriesFields = []string{"municipality", "crime"}

// seriesPage is /crime-statistics?municipality=2062&crime=….
type seriesPage struct {
	web.Base
	Municipalities []web.Option
	Crimes         []web.Option
	Municipality   municipality.Municipality
	Comparison     crimestats.Comparison
	Rows           []tableRow
	Chart          *chart
	Synthetic      bool
	Sources        []string
	CanImport      bool
}

// tableRow is one period of the table: the three regions' count and rate.
type tableRow struct {
	Period      string // as said to the reader: 2025, aug 2026
	Preliminary bool
	Cells       [3]crimestats.Point
	Has         [3]bool
}

// readable returns the municipalities the user reads, by name.
func (s *Server) readable(r *http.Request) ([]municipality.Municipality, error) {
	codes, all := crimestats.Readable(web.Principal(r))
	if all {
		list, err := s.municipalities.InUse(r.Context())
		if err != nil {
			return nil, err
		}
		if len(list) == 0 {
			return s.municipalities.List(r.Context())
		}
		return list, nil
	}
	return s.MunicipalitiesByCode(r, codes)
}

func (s *Server) seriesPage(w http.ResponseWriter, r *http.Request) error {
	munis, err := s.readable(r)
	if err != nil {
		return err
	}
	p := &seriesPage{CanImport: crimestats.CanImport(web.Principal(r))}
	p.Localizer = web.Loc(r)
	for _, m := range munis {
		p.Municipalities = append(p.Municipalities, web.Option{Value: m.Code, Label: m.Name + " (" + m.Code + ")"})
	}
	q := r.URL.Query()
	code := strings.TrimSpace(q.Get("municipality"))
	if code == "" && len(munis) > 0 {
		code = munis[0].Code
	}
	values := url.Values{"municipality": {code}, "crime": {strings.TrimSpace(q.Get("crime"))}}
	var errs validation.Errors
	if code != "" && !slices.ContainsFunc(munis, func(m municipality.Municipality) bool { return m.Code == code }) {
		errs.Add("municipality", "crimestats.error.municipality_not_readable", code)
	}
	if len(munis) == 0 || errs != nil {
		p.SetErrors(seriesFields, values, errs)
		status := http.StatusOK
		if errs != nil {
			status = http.StatusUnprocessableEntity
		}
		return s.RenderStatus(w, r, status, "crimestats_series", p, "crimestats.title")
	}
	m, err := s.municipalities.ByCode(r.Context(), code)
	if err != nil {
		return err
	}
	p.Municipality = m
	crimes, err := s.stats.Crimes(r.Context(), m.Code, m.CountyCode)
	if err != nil {
		return err
	}
	crime := values.Get("crime")
	if !slices.Contains(crimes, crime) {
		crime = ""
		if len(crimes) > 0 {
			crime = crimes[0]
			// "Totalt antal brott" first when there is one.
			for _, c := range crimes {
				if strings.HasPrefix(strings.ToLower(c), "totalt") {
					crime = c
				}
			}
		}
	}
	values.Set("crime", crime)
	for _, c := range crimes {
		p.Crimes = append(p.Crimes, web.Option{Value: c, Label: c})
	}
	p.SetErrors(seriesFields, values, nil)
	if crime != "" {
		c, err := s.stats.Compare(r.Context(), s.regions, m.Code, crime)
		if err != nil {
			return err
		}
		p.Comparison = c
		p.Rows, p.Synthetic, p.Sources = rows(p.Localizer.T, c)
		p.Chart = drawChart(p.Localizer, c)
	}
	return s.Render(w, r, "crimestats_series", p, "crimestats.title")
}

// rows lays the comparison out a period a row, newest first.
func rows(say func(string, ...any) string, c crimestats.Comparison) (out []tableRow, synthetic bool, sources []string) {
	series := [3]crimestats.Series{c.Municipality, c.County, c.Country}
	for i := len(c.Periods) - 1; i >= 0; i-- {
		period := c.Periods[i]
		row := tableRow{Period: periodLabel(say, period)}
		for j, s := range series {
			if pt, ok := s.At(period); ok {
				row.Cells[j], row.Has[j] = pt, true
				row.Preliminary = row.Preliminary || pt.Preliminary
				synthetic = synthetic || pt.Synthetic
				if !slices.Contains(sources, pt.SourceFile) {
					sources = append(sources, pt.SourceFile)
				}
			}
		}
		out = append(out, row)
	}
	slices.Sort(sources)
	return out, synthetic, sources
}

// periodLabel says a period: 2025, "1:a halvåret 2025", "kvartal 3 2025",
// "aug 2025".
func periodLabel(say func(string, ...any) string, key string) string {
	p, ok := crimestats.ParsePeriodKey(key)
	if !ok {
		return key
	}
	switch {
	case p.Part == "":
		return strconv.Itoa(p.Year)
	case strings.HasPrefix(p.Part, "M"):
		return say("crimestats.month."+p.Part) + " " + strconv.Itoa(p.Year)
	case strings.HasPrefix(p.Part, "Q"):
		return say("crimestats.quarter", strings.TrimPrefix(p.Part, "Q"), p.Year)
	default:
		return say("crimestats.half", strings.TrimPrefix(p.Part, "H"), p.Year)
	}
}

// Count says a count, or Brå's "..".
func (p *seriesPage) Count(pt crimestats.Point) string {
	if pt.Count == nil {
		return ".."
	}
	return p.Number(*pt.Count)
}

// Rate says a rate per 100,000 inhabitants, or "..".
func (p *seriesPage) Rate(pt crimestats.Point) string {
	if pt.Rate == nil {
		return ".."
	}
	return groupedDecimal(p.Localizer, *pt.Rate)
}

// groupedDecimal says a non-negative number with one decimal at most and
// the thousands grouped as the language does: 1 000,5.
func groupedDecimal(loc *i18n.Localizer, v float64) string {
	s := loc.Decimal(v, 1)
	i := strings.IndexAny(s, ",.")
	if i < 0 {
		i = len(s)
	}
	whole, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil {
		return s
	}
	return loc.Number(whole) + s[i:]
}

// --- The import ------------------------------------------------------------

// importField is the file input of the import form.
const importField = "bra_file"

// maxRejectionsShown is how many rejected lines the result lists.
const maxRejectionsShown = 50

type importPage struct {
	web.Base
	Result     *crimestats.ImportResult
	Rejections []string
	More       int // rejections not listed
	MaxMB      int
	Reach      []string // the municipalities the user may import, by name; nil for all
	All        bool
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request, status int, res *crimestats.ImportResult, errs validation.Errors) error {
	p := web.Principal(r)
	if !crimestats.CanImport(p) {
		return web.ErrForbidden
	}
	page := &importPage{Result: res, MaxMB: crimestats.MaxImportSize >> 20, All: p.User.IsAdmin}
	page.Localizer = web.Loc(r)
	if !page.All {
		munis, err := s.MunicipalitiesByCode(r, p.MunicipalitiesWithRole("coordinator"))
		if err != nil {
			return err
		}
		for _, m := range munis {
			page.Reach = append(page.Reach, m.Name)
		}
	}
	if res != nil {
		for i, rej := range res.Rejections {
			if i == maxRejectionsShown {
				page.More = len(res.Rejections) - i
				break
			}
			page.Rejections = append(page.Rejections, rej.Describe(page.T))
		}
	}
	page.SetErrors([]string{importField}, url.Values{}, errs)
	return s.RenderStatus(w, r, status, "crimestats_import", page, "crimestats.import.title")
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	return s.importForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) importFile(w http.ResponseWriter, r *http.Request) error {
	if !crimestats.CanImport(web.Principal(r)) {
		return web.ErrForbidden
	}
	name, file, status, errs, err := web.ImportUpload{Field: importField, MaxSize: crimestats.MaxImportSize,
		Missing: "crimestats.import.file_missing"}.Read(w, r)
	if err != nil {
		return err
	}
	if errs != nil {
		return s.importForm(w, r, status, nil, errs)
	}
	res, err := s.importBytes(r, name, file)
	var ie *crimestats.ImportError
	if errors.As(err, &ie) {
		errs.Add(importField, "crimestats.import.failed", ie.Describe(web.Loc(r).T))
		return s.importForm(w, r, http.StatusUnprocessableEntity, nil, errs)
	}
	if err != nil {
		return err
	}
	return s.importForm(w, r, http.StatusOK, &res, nil)
}

// importBytes parses and stores a file within the user's reach.
func (s *Server) importBytes(r *http.Request, name string, file []byte) (res crimestats.ImportResult, err error) {
	defer func() {
		var ie *crimestats.ImportError
		switch {
		case err == nil:
			s.CountImport("bra", "ok")
		case errors.As(err, &ie):
			s.CountImport("bra", "refused")
		default:
			s.CountImport("bra", "failed")
		}
	}()
	parsed, err := crimestats.Parse(bytes.NewReader(file), s.regions)
	if err != nil {
		return res, err
	}
	return s.stats.Import(r.Context(), web.Actor(r), crimestats.Source{File: name}, parsed,
		crimestats.ReachOf(web.Principal(r), s.regions))
}

// --- The API ---------------------------------------------------------------

// seriesJSON is the API's answer: the municipality, and per crime category
// its series beside its county's and the country's.
type seriesJSON struct {
	Municipality web.MunicipalityJSON `json:"municipality"`
	County       crimestats.Region    `json:"county"`
	Country      crimestats.Region    `json:"country"`
	Items        []crimeJSON          `json:"items"`
}

type crimeJSON struct {
	Crime        string             `json:"crime"`
	Periods      []string           `json:"periods"`
	Municipality []crimestats.Point `json:"municipality"`
	County       []crimestats.Point `json:"county"`
	Country      []crimestats.Point `json:"country"`
}

func (s *Server) apiSeries(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	code := strings.TrimSpace(q.Get("municipality"))
	if code == "" {
		code = strings.TrimSpace(q.Get("municipality_code"))
	}
	var e validation.Errors
	var m municipality.Municipality
	switch {
	case code == "":
		e.Add("municipality", "error.required")
	case !municipality.ValidCode(code):
		// A name is matched too: "Mora", "Malung-Sälens kommun".
		if reg, ok := s.regions.Match(code); ok && reg.Kind == crimestats.Municipality {
			code = reg.Code
		} else {
			e.Add("municipality", "error.municipality_unknown", code)
		}
	}
	if e == nil {
		var err error
		m, err = s.municipalities.ByCode(r.Context(), code)
		if errors.Is(err, db.ErrNotFound) {
			e.Add("municipality", "error.municipality_unknown", code)
		} else if err != nil {
			return err
		}
	}
	if err := e.Err(); err != nil {
		return err
	}
	if !crimestats.CanRead(web.Principal(r), code) {
		return web.ErrForbidden
	}
	crimes, err := s.stats.Crimes(r.Context(), m.Code, m.CountyCode)
	if err != nil {
		return err
	}
	if c := strings.TrimSpace(q.Get("crime")); c != "" {
		if !slices.Contains(crimes, c) {
			crimes = nil
		} else {
			crimes = []string{c}
		}
	}
	county, _ := s.regions.ByCode(m.CountyCode)
	country, _ := s.regions.ByCode(crimestats.CountryCode)
	out := seriesJSON{Municipality: web.ToMunicipalityJSON(m), County: county, Country: country, Items: []crimeJSON{}}
	for _, c := range crimes {
		cmp, err := s.stats.Compare(r.Context(), s.regions, m.Code, c)
		if err != nil {
			return fmt.Errorf("compare %s: %w", c, err)
		}
		out.Items = append(out.Items, crimeJSON{Crime: c, Periods: nonNil(cmp.Periods), Municipality: nonNil(cmp.Municipality.Points),
			County: nonNil(cmp.County.Points), Country: nonNil(cmp.Country.Points)})
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
