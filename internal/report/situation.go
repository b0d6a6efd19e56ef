package report

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Situation is the weekly situational picture of a municipality, or of one
// of its areas (GET /api/v1/situation). Every count is a sum of the
// reports' count field; police summaries are never counted. The fields up
// to Flags are the contract's; the rest are additions.
type Situation struct {
	MunicipalityCode string          `json:"municipality_code"`
	Week             Week            `json:"week"`
	From             string          `json:"from"` // the Monday, YYYY-MM-DD
	To               string          `json:"to"`   // the Sunday, YYYY-MM-DD
	Total            int             `json:"total"`
	ByCategory       []CategoryCount `json:"by_category"`
	ByPlace          []PlaceCount    `json:"by_place"`
	// HourWeekday is 7 rows, Monday first, of 24 hours, in Swedish time.
	HourWeekday [7][24]int `json:"hour_weekday"`
	Flags       []Flag     `json:"flags"`

	// WeekOnly counts what was reported for the week as a whole (weekly
	// checklists): in Total, never in HourWeekday, which would otherwise
	// pile a week's counts on one hour.
	WeekOnly int `json:"week_only"`

	// Area is the area the picture is limited to, "" for the whole
	// municipality.
	Area string `json:"area,omitempty"`
	// Trend is the total of each of the last 12 weeks, this one last.
	Trend []WeekCount `json:"trend"`
	// BaselineWeeks are the weeks the baseline may average: the previous
	// 8 weeks and the same weeks (±1) of earlier seasons, from the first
	// week with reports. A category's baseline uses those from its own
	// first week.
	BaselineWeeks []Week `json:"baseline_weeks"`
}

// CategoryCount is one category of the picture.
type CategoryCount struct {
	Category     string `json:"category"`
	Count        int    `json:"count"`
	PreviousWeek int    `json:"previous_week"`
	// BaselineMean is the mean weekly count over the category's baseline
	// weeks (0 when it has none), to one decimal: as pages say it, since
	// rounding a rounded number again is wrong (3,246 → 3,25 → 3,3).
	BaselineMean float64 `json:"baseline_mean"`
}

// PlaceCount is one named place of the picture.
type PlaceCount struct {
	Place string `json:"place"`
	Count int    `json:"count"`
}

// WeekCount is the total of one week.
type WeekCount struct {
	Week  Week `json:"week"`
	Count int  `json:"count"`
}

// Flag is something unusual this week, as data for a sentence such as
// "Skadegörelse vid Noret: 9 rapporter, normalt 2" (the catalogue key
// situation.flag.increase takes subject, count and baseline mean).
type Flag struct {
	Kind    string `json:"kind"`    // "increase"
	Subject string `json:"subject"` // the category, and ", place" for a place
	Reason  string `json:"reason"`  // the test and its outcome, in English
	// The data of the sentence.
	Category      string  `json:"category"`
	Place         string  `json:"place,omitempty"`
	Count         int     `json:"count"`
	BaselineMean  float64 `json:"baseline_mean"`
	BaselineWeeks int     `json:"baseline_weeks"`
	PValue        float64 `json:"p_value"`
}

// The test behind a flag. This week's count k of a category (in the whole
// municipality or area, and at each named place) is compared with its
// baseline: the n baseline weeks from the category's first week, with
// total S. Under "nothing unusual" k is taken as Poisson with the
// baseline's weekly rate, estimated as λ = (S + ½) / n; the half event
// keeps a category never seen in n weeks from having a rate of 0, which
// would make any count infinitely unusual. k is flagged when the one-sided
// p-value P(X ≥ k | λ) is below FlagAlpha, k is at least FlagMinCount, and
// there are at least FlagMinBaselineWeeks baseline weeks.
//
// Two caveats, stated so that nobody reads more into a flag than it says:
// counts are sums of the reports' count field, and one report of "10
// berusade personer" is not ten independent events, so the test is
// optimistic where counts above 1 are common; and a week tests a dozen
// categories and their places, so at α = 0.01 about one flag in a hundred
// tests can be chance. A flag says "look here", not "this is proven".
const (
	FlagAlpha            = 0.01
	FlagMinCount         = 3
	FlagMinBaselineWeeks = 4
)

// The baseline's weeks, for the words that explain the method (package
// words).
const (
	BaselineRecentWeeks = recentWeeks
	BaselineSeasons     = maxSeasonsBack
)

// Weeks of history the picture reads.
const (
	trendWeeks      = 12
	recentWeeks     = 8
	maxSeasonsBack  = 5
	seasonNeighbors = 1 // the same week and one either side, in earlier years
)

// SituationQuery asks for the picture of a municipality and week, and
// optionally of one of its areas by name. The fields are as given in the
// request; Situation validates them.
type SituationQuery struct {
	MunicipalityCode string
	Week             string // "2026-W08"
	Area             string
}

// Situation computes the weekly picture. It reads the week's reports
// grouped by category, place, weekday and hour (one indexed GROUP BY) and
// the weekly counts of the history it compares with; everything else is
// arithmetic on those few hundred rows.
func (s *Store) Situation(ctx context.Context, q SituationQuery) (Situation, error) {
	var e validation.Errors
	week, err := ParseWeek(strings.TrimSpace(q.Week))
	if q.Week == "" {
		e.Add("week", "error.required")
	} else if err != nil {
		e.Add("week", "error.week")
	}
	code := strings.TrimSpace(q.MunicipalityCode)
	if _, err := municipalityOf(ctx, s.db, code, &e, "municipality_code"); err != nil {
		return Situation{}, err
	}
	var areaID int64
	var areaName string
	if name := strings.TrimSpace(q.Area); name != "" && !e.Has("municipality_code") {
		if areaID, areaName, err = areaByName(ctx, s.db, code, name); err != nil {
			return Situation{}, err
		}
		if areaID == 0 {
			e.Add("area", "error.area_unknown")
		}
	}
	if err := e.Err(); err != nil {
		return Situation{}, err
	}

	in, err := s.situationData(ctx, code, week, areaID)
	if err != nil {
		return Situation{}, err
	}
	sit := compute(code, week, areaName, in)
	return sit, nil
}

// situationData is what the picture reads from the database.
type situationData struct {
	cells      []cell                  // this week by category, place, weekday and hour
	history    map[int]map[histKey]int // week key → (place, category) → count
	firstWeeks map[string]int          // category → its first week key
	places     map[int64]string        // place id → name
	plan       historyPlan             // which weeks history holds
}

type cell struct {
	category string
	place    int64
	weekday  int
	hour     int
	count    int
}

type histKey struct {
	place    int64
	category string
}

// historyPlan lists the weeks before this one that the picture reads.
type historyPlan struct {
	trend    []Week // the 11 weeks before this one, oldest first
	recent   []Week // the 8 weeks before this one
	seasonal []Week // the same weeks (±1) of earlier seasons
}

func planHistory(w Week) historyPlan {
	var p historyPlan
	for i := trendWeeks - 1; i >= 1; i-- {
		p.trend = append(p.trend, w.Add(-i))
	}
	for i := recentWeeks; i >= 1; i-- {
		p.recent = append(p.recent, w.Add(-i))
	}
	for k := 1; k <= maxSeasonsBack; k++ {
		same := w.inYear(w.Year - k)
		for d := -seasonNeighbors; d <= seasonNeighbors; d++ {
			p.seasonal = append(p.seasonal, same.Add(d))
		}
	}
	return p
}

func (p historyPlan) keys() []any {
	seen := map[int]bool{}
	var out []any
	for _, list := range [][]Week{p.trend, p.recent, p.seasonal} {
		for _, w := range list {
			if k := w.key(); !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// The queries of the picture, shared with the benchmark's floor.
const (
	sqlWeekCells = `SELECT category, COALESCE(place_id, 0), weekday, hour, SUM(count) FROM reports
		WHERE municipality_code = ? AND week = ? AND NOT is_summary`
	sqlWeekCellsGroup = ` GROUP BY category, place_id, weekday, hour`
	sqlHistory        = `SELECT week, place_id, category, SUM(count) FROM report_weeks
		WHERE municipality_code = ?`
	sqlHistoryGroup = ` GROUP BY week, place_id, category`
	sqlFirstWeeks   = `SELECT category, week FROM report_first_weeks WHERE municipality_code = ?`
	sqlPlaceNames   = `SELECT id, name FROM places WHERE municipality_code = ?`
)

func weekCellsQuery(code string, w Week, areaID int64) (string, []any) {
	q, args := sqlWeekCells, []any{code, w.key()}
	if areaID != 0 {
		q += ` AND area_id = ?`
		args = append(args, areaID)
	}
	return q + sqlWeekCellsGroup, args
}

func historyQuery(code string, plan historyPlan, areaID int64) (string, []any) {
	keys := plan.keys()
	q, args := sqlHistory, []any{code}
	if areaID != 0 {
		q += ` AND area_id = ?`
		args = append(args, areaID)
	}
	q += ` AND week IN (` + db.Placeholders(len(keys)) + `)`
	return q + sqlHistoryGroup, append(args, keys...)
}

func (s *Store) situationData(ctx context.Context, code string, w Week, areaID int64) (situationData, error) {
	d := situationData{plan: planHistory(w), history: map[int]map[histKey]int{}, firstWeeks: map[string]int{},
		places: map[int64]string{}}

	q, args := weekCellsQuery(code, w, areaID)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return d, fmt.Errorf("situation: week: %w", err)
	}
	for rows.Next() {
		var c cell
		if err := rows.Scan(&c.category, &c.place, &c.weekday, &c.hour, &c.count); err != nil {
			rows.Close()
			return d, err
		}
		d.cells = append(d.cells, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}

	q, args = historyQuery(code, d.plan, areaID)
	if rows, err = s.db.QueryContext(ctx, q, args...); err != nil {
		return d, fmt.Errorf("situation: history: %w", err)
	}
	for rows.Next() {
		var week, n int
		var k histKey
		if err := rows.Scan(&week, &k.place, &k.category, &n); err != nil {
			rows.Close()
			return d, err
		}
		m := d.history[week]
		if m == nil {
			m = map[histKey]int{}
			d.history[week] = m
		}
		m[k] += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}

	if rows, err = s.db.QueryContext(ctx, sqlFirstWeeks, code); err != nil {
		return d, fmt.Errorf("situation: first weeks: %w", err)
	}
	for rows.Next() {
		var cat string
		var week int
		if err := rows.Scan(&cat, &week); err != nil {
			rows.Close()
			return d, err
		}
		d.firstWeeks[cat] = week
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}

	if rows, err = s.db.QueryContext(ctx, sqlPlaceNames, code); err != nil {
		return d, fmt.Errorf("situation: places: %w", err)
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return d, err
		}
		d.places[id] = name
	}
	rows.Close()
	return d, rows.Err()
}

// compute makes the picture of what situationData read.
func compute(code string, w Week, area string, d situationData) Situation {
	sit := Situation{
		MunicipalityCode: code, Week: w, Area: area,
		From:       w.monday().Format(dateLayout),
		To:         w.monday().AddDate(0, 0, 6).Format(dateLayout),
		ByCategory: []CategoryCount{}, ByPlace: []PlaceCount{}, Flags: []Flag{}, BaselineWeeks: []Week{},
	}

	// This week.
	byCat := map[string]int{}
	byPlace := map[int64]int{}
	byCatPlace := map[histKey]int{}
	for _, c := range d.cells {
		sit.Total += c.count
		byCat[c.category] += c.count
		if c.weekday >= 0 && c.weekday < 7 && c.hour >= 0 && c.hour < 24 {
			sit.HourWeekday[c.weekday][c.hour] += c.count
		} else {
			sit.WeekOnly += c.count
		}
		if c.place != 0 {
			byPlace[c.place] += c.count
			byCatPlace[histKey{c.place, c.category}] += c.count
		}
	}
	for id, n := range byPlace {
		sit.ByPlace = append(sit.ByPlace, PlaceCount{Place: d.places[id], Count: n})
	}
	slices.SortFunc(sit.ByPlace, func(a, b PlaceCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Place, b.Place))
	})

	// History: the weekly sums by category and by (place, category).
	weekCat := func(week Week) map[string]int {
		out := map[string]int{}
		for k, n := range d.history[week.key()] {
			out[k.category] += n
		}
		return out
	}
	for _, tw := range d.plan.trend {
		total := 0
		for _, n := range d.history[tw.key()] {
			total += n
		}
		sit.Trend = append(sit.Trend, WeekCount{Week: tw, Count: total})
	}
	sit.Trend = append(sit.Trend, WeekCount{Week: w, Count: sit.Total})

	// The baseline weeks: from the first week with any report here.
	first := 0
	for _, fw := range d.firstWeeks {
		if first == 0 || fw < first {
			first = fw
		}
	}
	candidates := append(slices.Clone(d.plan.recent), d.plan.seasonal...)
	if first != 0 {
		for _, bw := range candidates {
			if bw.key() >= first && bw.Before(w) && !slices.Contains(sit.BaselineWeeks, bw) {
				sit.BaselineWeeks = append(sit.BaselineWeeks, bw)
			}
		}
	}
	slices.SortFunc(sit.BaselineWeeks, func(a, b Week) int { return cmp.Compare(a.key(), b.key()) })
	// baselineOf returns the baseline weeks of a category: from its first week.
	baselineOf := func(category string) []Week {
		fw, ok := d.firstWeeks[category]
		if !ok {
			return nil
		}
		var out []Week
		for _, bw := range sit.BaselineWeeks {
			if bw.key() >= fw {
				out = append(out, bw)
			}
		}
		return out
	}

	// Categories this week, last week and in the baseline.
	previous := weekCat(w.Add(-1))
	cats := map[string]bool{}
	for c := range byCat {
		cats[c] = true
	}
	for c := range previous {
		cats[c] = true
	}
	for _, bw := range sit.BaselineWeeks {
		for c := range weekCat(bw) {
			cats[c] = true
		}
	}
	for c := range cats {
		weeks := baselineOf(c)
		sum := 0
		for _, bw := range weeks {
			for k, n := range d.history[bw.key()] {
				if k.category == c {
					sum += n
				}
			}
		}
		mean := 0.0
		if len(weeks) > 0 {
			mean = float64(sum) / float64(len(weeks))
		}
		sit.ByCategory = append(sit.ByCategory, CategoryCount{Category: c, Count: byCat[c], PreviousWeek: previous[c],
			BaselineMean: round1(mean)})
		if f, ok := flag(c, "", byCat[c], sum, len(weeks)); ok {
			sit.Flags = append(sit.Flags, f)
		}
	}
	slices.SortFunc(sit.ByCategory, func(a, b CategoryCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(b.BaselineMean, a.BaselineMean), cmp.Compare(a.Category, b.Category))
	})

	// The same test at each named place, for the categories reported there
	// this week.
	for k, n := range byCatPlace {
		weeks := baselineOf(k.category)
		sum := 0
		for _, bw := range weeks {
			sum += d.history[bw.key()][k]
		}
		if f, ok := flag(k.category, d.places[k.place], n, sum, len(weeks)); ok {
			sit.Flags = append(sit.Flags, f)
		}
	}
	slices.SortFunc(sit.Flags, func(a, b Flag) int {
		return cmp.Or(cmp.Compare(a.PValue, b.PValue), cmp.Compare(b.Count, a.Count), cmp.Compare(a.Subject, b.Subject))
	})
	return sit
}

// flag applies the test described at FlagAlpha to count k against a
// baseline of sum over n weeks.
func flag(category, place string, k, sum, n int) (Flag, bool) {
	if k < FlagMinCount || n < FlagMinBaselineWeeks {
		return Flag{}, false
	}
	lambda := (float64(sum) + 0.5) / float64(n)
	p := PoissonUpperTail(k, lambda)
	if p >= FlagAlpha {
		return Flag{}, false
	}
	mean := float64(sum) / float64(n)
	subject := category
	if place != "" {
		subject += ", " + place
	}
	return Flag{
		Kind: "increase", Subject: subject, Category: category, Place: place, Count: k,
		BaselineMean: round1(mean), BaselineWeeks: n, PValue: p,
		Reason: fmt.Sprintf("%d this week against a mean of %.2f a week over %d baseline weeks: one-sided Poisson test P(X ≥ %d | λ = %.3f) = %.2g < %g",
			k, mean, n, k, lambda, p, FlagAlpha),
	}, true
}

func round1(x float64) float64 { return math.Round(x*10) / 10 }

// PoissonUpperTail returns P(X ≥ k) for X Poisson-distributed with mean
// lambda. It sums the tail from k upwards in log space, which stays exact
// for the small p-values the flags are about, and takes the complement of
// the head when k is below the mean and the tail is large.
func PoissonUpperTail(k int, lambda float64) float64 {
	switch {
	case k <= 0:
		return 1
	case lambda <= 0:
		return 0
	}
	logTerm := func(i int) float64 {
		lg, _ := math.Lgamma(float64(i) + 1)
		return -lambda + float64(i)*math.Log(lambda) - lg
	}
	if float64(k) <= lambda {
		head := 0.0
		for i := range k {
			head += math.Exp(logTerm(i))
		}
		return math.Max(0, math.Min(1, 1-head))
	}
	term := math.Exp(logTerm(k))
	sum := term
	for i := k + 1; term > sum*1e-16 && i < k+100000; i++ {
		term *= lambda / float64(i)
		sum += term
	}
	return math.Min(1, sum)
}
