package statisticsweb

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/statistics"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// Public statistics (issue 6): where a municipality has turned them on,
// everyone may see its weekly counts of reports per category and area,
// as a page, as CSV and as the contract's JSON, the same numbers in all
// three. Package statistics decides what is published and what is hidden;
// these handlers only ask it. A municipality that publishes nothing
// answers the CSV and the API with 404 and a sentence saying so; its page
// answers 200 saying so too, and whom to ask, since a reader who follows a
// link there should not meet a dead end.

// statisticsStore is the store of settings and published statistics. It
// holds nothing but the database, so one per request costs nothing.
func (s *Server) statisticsStore() *statistics.Store { return statistics.NewStore(s.db) }

// statisticsFields are the fields of the query, in the order shown.
var statisticsFields = []string{"municipality_code", "from_week", "to_week"}

// publishedStatistics answers the query of the request: the municipality
// of the path (page) or the parameter (API, CSV), and the weeks.
func (s *Server) publishedStatistics(r *http.Request, code string) (statistics.Result, error) {
	q := r.URL.Query()
	res, err := s.statisticsStore().Published(r.Context(), statistics.Query{MunicipalityCode: code,
		FromWeek: q.Get("from_week"), ToWeek: q.Get("to_week")})
	if errors.Is(err, statistics.ErrNotPublic) {
		name := code
		if m, err := s.municipalities.ByCode(r.Context(), code); err == nil {
			name = m.Name
		}
		return res, &web.HTTPError{Status: http.StatusNotFound, Code: "not_found", Key: "error.statistics_not_public", Args: []any{name}, Err: err}
	}
	return res, err
}

// statisticsJSON is the contract's answer.
type statisticsJSON struct {
	Items []statistics.Cell `json:"items"`
}

func (s *Server) apiPublicStatistics(w http.ResponseWriter, r *http.Request) error {
	res, err := s.publishedStatistics(r, strings.TrimSpace(r.URL.Query().Get("municipality_code")))
	if err != nil {
		return err
	}
	out := statisticsJSON{Items: res.Cells}
	if out.Items == nil {
		out.Items = []statistics.Cell{}
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) statisticsCSV(w http.ResponseWriter, r *http.Request) error {
	res, err := s.publishedStatistics(r, strings.TrimSpace(r.URL.Query().Get("municipality_code")))
	if err != nil {
		return err
	}
	name := "statistik-" + res.MunicipalityCode + "-" + res.From.String() + "-" + res.To.String() + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	return statistics.WriteCSV(w, res.Cells)
}

// statisticsPage is /kommun/{code}/statistik.
type statisticsPage struct {
	web.Base
	Municipality municipality.Municipality
	Threshold    int
	Weeks        []statisticsWeek
	// Areas are the columns' headings, the rest of the municipality last.
	Areas []string
	// LastPublished is the last week published, for the empty state.
	LastPublished string
	// CSVURL and JSONURL are the same numbers as open data.
	CSVURL, JSONURL string
	MaxWeeks        int
}

// statisticsWeek is one week's table.
type statisticsWeek struct {
	Week    report.Week
	From    string // its Monday and Sunday, 2026-02-16
	To      string
	Rows    []statisticsRow
	Visible bool // some number of the week is published
}

type statisticsRow struct {
	Category string
	Cells    []statistics.Cell
	Hidden   bool // every cell of the row is hidden
}

func (s *Server) statisticsPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.PublicMunicipality(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	values := url.Values{}
	for _, f := range statisticsFields[1:] {
		if v := q.Get(f); v != "" {
			values.Set(f, v)
		}
	}
	p := &statisticsPage{Municipality: m, MaxWeeks: statistics.MaxWeeks}
	res, err := s.publishedStatistics(r, m.Code)
	if errors.Is(err, statistics.ErrNotPublic) {
		whom, err := s.WhomToAsk(r, m)
		if err != nil {
			return err
		}
		return s.Render(w, r, "statistics_not_public", &notPublicPage{Whom: whom}, "statistics.title", m.Name)
	}
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		p.SetErrors(statisticsFields, values, ve.Fields)
		p.setDownloads(url.Values{"municipality_code": {m.Code}})
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "statistics_public", p, "statistics.title", m.Name)
	}
	if err != nil {
		return err
	}
	// The form shows the range answered, defaults filled in.
	values.Set("from_week", res.From.String())
	values.Set("to_week", res.To.String())
	p.SetErrors(statisticsFields, values, nil)
	p.Threshold = res.Threshold
	p.LastPublished = res.LastPublished.String()
	p.setDownloads(url.Values{"municipality_code": {m.Code}, "from_week": {res.From.String()}, "to_week": {res.To.String()}})
	p.Areas = res.Areas
	p.Weeks = statisticsWeeks(res)
	return s.Render(w, r, "statistics_public", p, "statistics.title", m.Name)
}

// notPublicPage is /kommun/{code}/statistik of a municipality that
// publishes no statistics.
type notPublicPage struct {
	web.Base
	Whom web.Whom
}

func (p *statisticsPage) setDownloads(q url.Values) {
	p.CSVURL = "/open-data/statistics.csv?" + q.Encode()
	p.JSONURL = "/api/v1/public/statistics?" + q.Encode()
}

// statisticsWeeks lays the cells out as a table per week, in the order the
// store gives them: week, category, area.
func statisticsWeeks(res statistics.Result) []statisticsWeek {
	var out []statisticsWeek
	width := len(res.Areas)
	for cells := range slices.Chunk(res.Cells, width*len(res.Categories)) {
		w := cells[0].Week
		wk := statisticsWeek{Week: w, From: w.Start().Format("2006-01-02"), To: w.End().AddDate(0, 0, -1).Format("2006-01-02")}
		for row := range slices.Chunk(cells, width) {
			r := statisticsRow{Category: row[0].Category, Cells: row, Hidden: true}
			for _, c := range row {
				if !c.Suppressed {
					r.Hidden = false
					wk.Visible = true
				}
			}
			wk.Rows = append(wk.Rows, r)
		}
		out = append(out, wk)
	}
	return out
}

// AreaName is an area's heading: the rest of the municipality for "", or
// the whole of it when it has no areas.
func (p *statisticsPage) AreaName(area string) string {
	switch {
	case area != "":
		return area
	case len(p.Areas) == 1:
		return p.T("statistics.area_all")
	}
	return p.T("statistics.area_rest")
}

// Count writes a published count in the page's language.
func (p *statisticsPage) Count(c statistics.Cell) string {
	if c.Count == nil {
		return ""
	}
	return p.Number(*c.Count)
}

// --- The settings form ----------------------------------------------------------
