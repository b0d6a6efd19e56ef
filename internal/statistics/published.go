package statistics

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
)

// ErrNotPublic is returned for a municipality that does not publish
// statistics.
var ErrNotPublic = errors.New("the municipality does not publish statistics")

// Limits of a query.
const (
	// MaxWeeks is the longest range one query covers: a year and a week.
	MaxWeeks = 53
	// DefaultWeeks is the range when none is given: a quarter.
	DefaultWeeks = 12
	// Settle is how long after its end a week is published: reports come
	// in late (the weekend's on Monday; a phone without coverage keeps its
	// reports until it has some), and a week whose numbers changed after
	// publication could be compared with itself.
	Settle = 72 * time.Hour
)

// Query selects the published statistics of a municipality: the weeks
// FromWeek to ToWeek ("2026-W08"), both included. Empty weeks take the
// defaults: ToWeek the last published week, FromWeek DefaultWeeks before
// it.
type Query struct {
	MunicipalityCode string
	FromWeek, ToWeek string
}

// Cell is one published number: the sum of the counts of the reports of
// a category in an area in a week. Area "" is the municipality outside
// its named areas (all of it, for a municipality without areas). Count is
// nil when the cell is hidden.
type Cell struct {
	Week       report.Week `json:"week"`
	Category   string      `json:"category"`
	Area       string      `json:"area"`
	Count      *int        `json:"count"`
	Suppressed bool        `json:"suppressed"`
}

// Result is a query's answer: the cells, week by week, each week's table
// complete (every category of the checklist × every area and the rest of
// the municipality, in that order), and what was asked.
type Result struct {
	MunicipalityCode string
	Threshold        int
	// From and To are the weeks asked for; To is never after
	// LastPublished. When From is after LastPublished, Cells is empty.
	From, To      report.Week
	LastPublished report.Week
	Categories    []string // the rows of each week's table
	Areas         []string // the columns, "" last
	Cells         []Cell
}

// LastPublished is the last week published at now: the last that has
// been over for Settle.
func LastPublished(now time.Time) report.Week {
	return report.WeekOf(now.Add(-Settle)).Add(-1)
}

// key is a week as report_weeks stores it: year × 100 + week.
func key(w report.Week) int { return w.Year*100 + w.Number }

// Published returns the municipality's statistics of the weeks of q, or
// ErrNotPublic when it publishes none. The query's errors name the fields
// municipality_code, from_week and to_week.
func (s *Store) Published(ctx context.Context, q Query) (Result, error) {
	var e validation.Errors
	code := strings.TrimSpace(q.MunicipalityCode)
	if code == "" {
		e.Add("municipality_code", "error.required")
	} else {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, code).Scan(&n); err != nil {
			return Result{}, fmt.Errorf("municipality %s: %w", code, err)
		}
		if n == 0 {
			e.Add("municipality_code", "error.municipality_unknown", code)
		}
	}
	last := LastPublished(s.now())
	from, to, ok := weekRange(&e, q.FromWeek, q.ToWeek, last)
	if err := e.Err(); err != nil || !ok {
		return Result{}, err
	}
	set, err := s.Settings(ctx, code)
	if err != nil {
		return Result{}, err
	}
	if !set.Public {
		return Result{}, fmt.Errorf("%s: %w", code, ErrNotPublic)
	}
	res := Result{MunicipalityCode: code, Threshold: set.Threshold, From: from, To: to, LastPublished: last}
	if res.Categories, err = report.NewStore(s.db).Categories(ctx, code); err != nil {
		return Result{}, err
	}
	names, order, err := areaNames(ctx, s.db, code)
	if err != nil {
		return Result{}, err
	}
	res.Areas = append(order, "")
	if last.Before(to) {
		res.To = last
	}
	if res.To.Before(from) {
		return res, nil
	}
	sums, err := weekSums(ctx, s.db, code, from, res.To)
	if err != nil {
		return Result{}, err
	}
	res.Cells = tables(res.Categories, res.Areas, names, sums, from, res.To, set.Threshold)
	return res, nil
}

// weekRange reads the range of weeks; errors go to e.
func weekRange(e *validation.Errors, fromText, toText string, last report.Week) (from, to report.Week, ok bool) {
	var errFrom, errTo error
	to = last
	toGiven := strings.TrimSpace(toText) != ""
	if toGiven {
		to, errTo = report.ParseWeek(strings.TrimSpace(toText))
	}
	if f := strings.TrimSpace(fromText); f != "" {
		from, errFrom = report.ParseWeek(f)
	} else if errTo == nil {
		from = to.Add(-(DefaultWeeks - 1))
	}
	if errFrom != nil {
		e.Add("from_week", "error.week")
	}
	if errTo != nil {
		e.Add("to_week", "error.week")
	}
	if errFrom != nil || errTo != nil {
		return from, to, false
	}
	switch {
	case to.Before(from) && !toGiven:
		// Weeks not published yet: an empty answer, not an error.
		to = from
	case to.Before(from):
		e.Add("to_week", "error.statistics_week_order")
		return from, to, false
	case from.Add(MaxWeeks - 1).Before(to):
		e.Add("to_week", "error.statistics_range", MaxWeeks)
		return from, to, false
	}
	return from, to, true
}

// areaNames returns the names of the municipality's areas by id, and in
// the order shown.
func areaNames(ctx context.Context, q db.Queryer, code string) (map[int64]string, []string, error) {
	names := map[int64]string{}
	var order []string
	err := db.Each(ctx, q, `SELECT id, name FROM areas WHERE municipality_code = ? ORDER BY name_key, id`, []any{code},
		func(r db.Scanner) error {
			var id int64
			var name string
			if err := r.Scan(&id, &name); err != nil {
				return err
			}
			names[id] = name
			order = append(order, name)
			return nil
		})
	if err != nil {
		return nil, nil, fmt.Errorf("areas of %s: %w", code, err)
	}
	return names, order, nil
}

// sumKey is a cell of report_weeks summed over places.
type sumKey struct {
	week     int
	area     int64
	category string
}

// weekSums returns the reporters' counts of the weeks by week, area and
// category: report_weeks (which leaves police summaries out) less the
// police events, which the statistics leave out too.
func weekSums(ctx context.Context, q db.Queryer, code string, from, to report.Week) (map[sumKey]int, error) {
	sums := map[sumKey]int{}
	scan := func(sign int) func(db.Scanner) error {
		return func(r db.Scanner) error {
			var k sumKey
			var n int
			if err := r.Scan(&k.week, &k.area, &k.category, &n); err != nil {
				return err
			}
			sums[k] += sign * n
			return nil
		}
	}
	args := []any{code, key(from), key(to)}
	err := db.Each(ctx, q, `SELECT week, area_id, category, SUM(count) FROM report_weeks
		WHERE municipality_code = ? AND week BETWEEN ? AND ?
		GROUP BY week, area_id, category`, args, scan(1))
	if err != nil {
		return nil, fmt.Errorf("weekly counts of %s: %w", code, err)
	}
	// The terms of the partial index reports_polisen_week, as written
	// there, so that SQLite uses it.
	err = db.Each(ctx, q, `SELECT week, COALESCE(area_id, 0), category, SUM(count) FROM reports
		WHERE municipality_code = ? AND week BETWEEN ? AND ? AND source = 'polisen' AND NOT is_summary
		GROUP BY week, COALESCE(area_id, 0), category`, args, scan(-1))
	if err != nil {
		return nil, fmt.Errorf("police events of %s: %w", code, err)
	}
	return sums, nil
}

// tables lays the sums out as one complete table per week, hides what
// Suppress says, and returns the cells in order. A count of an area that
// no longer exists goes to the rest of the municipality; a category no
// longer on the checklist is not published.
func tables(categories, areas []string, names map[int64]string, sums map[sumKey]int, from, to report.Week, threshold int) []Cell {
	row := map[string]int{}
	for i, c := range categories {
		row[c] = i
	}
	col := map[string]int{}
	for j, a := range areas {
		col[a] = j
	}
	weeks := map[int][][]int{}
	for k, n := range sums {
		i, ok := row[k.category]
		if !ok || n <= 0 {
			continue
		}
		j := col[names[k.area]] // "" for no area or an area gone
		t, ok := weeks[k.week]
		if !ok {
			t = make([][]int, len(categories))
			for i := range t {
				t[i] = make([]int, len(areas))
			}
			weeks[k.week] = t
		}
		t[i][j] += n
	}
	var out []Cell
	for w := from; !to.Before(w); w = w.Add(1) {
		counts, ok := weeks[key(w)]
		if !ok {
			counts = make([][]int, len(categories))
			for i := range counts {
				counts[i] = make([]int, len(areas))
			}
		}
		hidden := Suppress(counts, threshold)
		for i, c := range categories {
			for j, a := range areas {
				cell := Cell{Week: w, Category: c, Area: a, Suppressed: hidden[i][j]}
				if !cell.Suppressed {
					n := counts[i][j]
					cell.Count = &n
				}
				out = append(out, cell)
			}
		}
	}
	return out
}
