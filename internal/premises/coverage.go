package premises

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Period is a span of whole days in Sweden, both ends included.
type Period struct {
	From string `json:"from"` // 2017-12-01
	To   string `json:"to"`   // 2018-04-30
}

// ParsePeriod checks a period given as two dates.
func ParsePeriod(from, to string) (Period, error) {
	var e validation.Errors
	p := Period{From: e.Date("from", from, true), To: e.Date("to", to, true)}
	if !e.Has("from") && !e.Has("to") && p.To < p.From {
		e.Add("to", "error.to_before_from")
	}
	return p, e.Err()
}

// WinterSeason is a winter season in the mountains, 1 December to
// 30 April: WinterSeason(2017) is the season 2017–2018.
func WinterSeason(startYear int) Period {
	return Period{From: fmt.Sprintf("%04d-12-01", startYear), To: fmt.Sprintf("%04d-04-30", startYear+1)}
}

// Bounds returns the first instant of the period and the first after it.
func (p Period) Bounds() (time.Time, time.Time) {
	from, _ := time.ParseInLocation(dateLayout, p.From, zone())
	to, _ := time.ParseInLocation(dateLayout, p.To, zone())
	return from.UTC(), to.AddDate(0, 0, 1).UTC()
}

// Coverage is how far a municipality's premises have had a recorded visit
// in a period, as the promise "at least one recorded visit to every
// premises" needs it.
type Coverage struct {
	MunicipalityCode string `json:"municipality_code"`
	From             string `json:"from"`
	To               string `json:"to"`
	// PremisesTotal counts the premises open now.
	PremisesTotal int `json:"premises_total"`
	// RecordedVisits counts the recorded visits in the period, to any
	// premises of the municipality (closed ones too).
	RecordedVisits int `json:"recorded_visits"`
	// PremisesVisited counts the open premises with a recorded visit in
	// the period; NotVisited lists the others by name.
	PremisesVisited int   `json:"premises_visited"`
	NotVisited      []Ref `json:"not_visited"`
}

// Coverage reports which of the municipality's open premises have had at
// least one recorded visit in the period and which not.
func (s *Store) Coverage(ctx context.Context, code string, period Period) (Coverage, error) {
	out := Coverage{MunicipalityCode: code, From: period.From, To: period.To, NotVisited: []Ref{}}
	open, err := all(ctx, s.db, code, Open)
	if err != nil {
		return out, err
	}
	from, to := period.Bounds()
	visits := map[int64]int{}
	err = db.Each(ctx, s.db, `SELECT i.premises_id, COUNT(*) FROM inspections i JOIN premises p ON p.id = i.premises_id
		WHERE p.municipality_code = ? AND i.recorded AND i.conducted_at >= ? AND i.conducted_at < ?
		GROUP BY i.premises_id`, []any{code, from, to}, func(sc db.Scanner) error {
		var id int64
		var n int
		if err := sc.Scan(&id, &n); err != nil {
			return err
		}
		visits[id] = n
		out.RecordedVisits += n
		return nil
	})
	if err != nil {
		return out, fmt.Errorf("coverage of %s: %w", code, err)
	}
	out.PremisesTotal = len(open)
	for _, p := range open {
		if visits[p.ID] > 0 {
			out.PremisesVisited++
		} else {
			out.NotVisited = append(out.NotVisited, Ref{ID: p.ID, Name: p.Name})
		}
	}
	sortByName(out.NotVisited, func(r Ref) string { return r.Name })
	return out, nil
}

// sortByName sorts in Swedish alphabetical order (å, ä, ö last), which
// neither database gives alike.
func sortByName[T any](list []T, name func(T) string) {
	c := collate.New(language.Swedish, collate.IgnoreCase)
	slices.SortStableFunc(list, func(a, b T) int { return c.CompareString(name(a), name(b)) })
}

// PlanningItem is a premises with its latest visits, for planning the
// next ones.
type PlanningItem struct {
	Ref
	RestaurantNumber string `json:"restaurant_number"`
	// LastRecordedAt is the latest recorded visit, nil if none ever.
	LastRecordedAt *time.Time `json:"last_recorded_at"`
	// LastInspectionAt is the latest inspection of any kind.
	LastInspectionAt *time.Time `json:"last_inspection_at"`
	RecordedVisits   int        `json:"recorded_visits"`
}

// Planning lists the municipality's open premises in the order to visit
// them: those never visited with a protocol first, then the longest since
// their last recorded visit; by name within the same.
func (s *Store) Planning(ctx context.Context, code string) ([]PlanningItem, error) {
	open, err := all(ctx, s.db, code, Open)
	if err != nil {
		return nil, err
	}
	type last struct {
		recorded, any sql.NullTime
		n             int
	}
	lasts := map[int64]last{}
	err = db.Each(ctx, s.db, `SELECT i.premises_id,
		MAX(CASE WHEN i.recorded THEN i.conducted_at END), MAX(i.conducted_at),
		SUM(CASE WHEN i.recorded THEN 1 ELSE 0 END)
		FROM inspections i JOIN premises p ON p.id = i.premises_id WHERE p.municipality_code = ?
		GROUP BY i.premises_id`, []any{code}, func(sc db.Scanner) error {
		var id int64
		var l last
		var recorded, anyAt any
		if err := sc.Scan(&id, &recorded, &anyAt, &l.n); err != nil {
			return err
		}
		var err error
		if l.recorded, err = db.AggregateTime(recorded); err != nil {
			return err
		}
		if l.any, err = db.AggregateTime(anyAt); err != nil {
			return err
		}
		lasts[id] = l
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("planning of %s: %w", code, err)
	}
	out := make([]PlanningItem, len(open))
	for i, p := range open {
		l := lasts[p.ID]
		out[i] = PlanningItem{Ref: Ref{ID: p.ID, Name: p.Name}, RestaurantNumber: p.RestaurantNumber, RecordedVisits: l.n}
		if l.recorded.Valid {
			t := l.recorded.Time.UTC()
			out[i].LastRecordedAt = &t
		}
		if l.any.Valid {
			t := l.any.Time.UTC()
			out[i].LastInspectionAt = &t
		}
	}
	sortByName(out, func(p PlanningItem) string { return p.Name })
	slices.SortStableFunc(out, func(a, b PlanningItem) int {
		switch {
		case a.LastRecordedAt == nil && b.LastRecordedAt == nil:
			return 0
		case a.LastRecordedAt == nil:
			return -1
		case b.LastRecordedAt == nil:
			return 1
		}
		return a.LastRecordedAt.Compare(*b.LastRecordedAt)
	})
	return out, nil
}

// KindCount is how many inspections of a kind there were.
type KindCount struct {
	Kind        string `json:"kind"`
	Inspections int    `json:"inspections"`
	Recorded    int    `json:"recorded"`
	Hidden      int    `json:"hidden"`
}

// SanctionCount is how many inspections led to a sanction.
type SanctionCount struct {
	Sanction string `json:"sanction"`
	Count    int    `json:"count"`
}

// Summary is a municipality's supervision in a calendar year.
type Summary struct {
	MunicipalityCode string `json:"municipality_code"`
	Year             int    `json:"year"`
	// PremisesTotal counts the premises open now; PremisesVisited those of
	// them with a recorded visit in the year.
	PremisesTotal   int `json:"premises_total"`
	PremisesVisited int `json:"premises_visited"`
	Inspections     int `json:"inspections"`
	Recorded        int `json:"recorded"`
	Hidden          int `json:"hidden"`
	// Joint counts the joint visits, with the police or another authority.
	Joint     int             `json:"joint"`
	FollowUps int             `json:"follow_ups"`
	ByKind    []KindCount     `json:"by_kind"`
	Sanctions []SanctionCount `json:"sanctions"`
	// Visits lists every inspection of the year, the earliest first.
	Visits []Inspection `json:"visits"`
}

// Summary sums up the municipality's inspections of a year (in Swedish
// time): visits by kind, joint visits and sanctions.
func (s *Store) Summary(ctx context.Context, code string, year int) (Summary, error) {
	out := Summary{MunicipalityCode: code, Year: year}
	period := Period{From: fmt.Sprintf("%04d-01-01", year), To: fmt.Sprintf("%04d-12-31", year)}
	from, to := period.Bounds()
	visits, err := loadInspections(ctx, s.db, `p.municipality_code = ? AND i.conducted_at >= ? AND i.conducted_at < ?`,
		[]any{code, from, to}, `i.conducted_at, i.id`, 0)
	if err != nil {
		return out, err
	}
	out.Visits = visits
	if out.Visits == nil {
		out.Visits = []Inspection{}
	}
	cov, err := s.Coverage(ctx, code, period)
	if err != nil {
		return out, err
	}
	out.PremisesTotal, out.PremisesVisited = cov.PremisesTotal, cov.PremisesVisited
	byKind := map[string]*KindCount{}
	for _, k := range InspectionKinds {
		out.ByKind = append(out.ByKind, KindCount{Kind: k})
	}
	for i := range out.ByKind {
		byKind[out.ByKind[i].Kind] = &out.ByKind[i]
	}
	sanctions := map[string]int{}
	for _, v := range visits {
		k := byKind[v.Kind]
		if k == nil {
			continue
		}
		out.Inspections++
		k.Inspections++
		if v.Recorded {
			out.Recorded++
			k.Recorded++
		}
		if v.Mode == ModeHidden {
			out.Hidden++
			k.Hidden++
		}
		if v.Kind == Joint {
			out.Joint++
		}
		if v.FollowUp != "" {
			out.FollowUps++
		}
		if v.Sanction != "" {
			sanctions[v.Sanction]++
		}
	}
	for _, sn := range Sanctions {
		out.Sanctions = append(out.Sanctions, SanctionCount{Sanction: sn, Count: sanctions[sn]})
	}
	return out, nil
}

// SeasonOf returns the winter season a time falls in (in Swedish time),
// and false when it falls between two seasons (May to November).
func SeasonOf(t time.Time) (Period, bool) {
	t = t.In(zone())
	switch {
	case t.Month() == time.December:
		return WinterSeason(t.Year()), true
	case t.Month() <= time.April:
		return WinterSeason(t.Year() - 1), true
	}
	return WinterSeason(t.Year() - 1), false
}

// recordedSpan returns the earliest and the latest recorded visit to the
// municipality's premises up to now; ok is false when there is none.
func (s *Store) recordedSpan(ctx context.Context, code string, now time.Time) (first, last time.Time, ok bool, err error) {
	var lo, hi any
	err = s.db.QueryRowContext(ctx, `SELECT MIN(i.conducted_at), MAX(i.conducted_at) FROM inspections i
		JOIN premises p ON p.id = i.premises_id WHERE p.municipality_code = ? AND i.recorded AND i.conducted_at <= ?`,
		code, now.UTC()).Scan(&lo, &hi)
	if err != nil {
		return first, last, false, fmt.Errorf("recorded visits of %s: %w", code, err)
	}
	a, err := db.AggregateTime(lo)
	if err != nil {
		return first, last, false, err
	}
	b, err := db.AggregateTime(hi)
	if err != nil {
		return first, last, false, err
	}
	return a.Time.UTC(), b.Time.UTC(), a.Valid && b.Valid, nil
}

// DefaultSeason is the season a municipality's coverage shows when no
// period is asked for: the season under way; between seasons, the latest
// one with a recorded visit, or the last one if none had any. (A
// municipality that keeps its records elsewhere for a few seasons still
// lands on its latest season of work, not on an empty one.)
func (s *Store) DefaultSeason(ctx context.Context, code string, now time.Time) (Period, error) {
	season, in := SeasonOf(now)
	if in {
		return season, nil
	}
	first, last, ok, err := s.recordedSpan(ctx, code, now)
	if err != nil || !ok {
		return season, err
	}
	stop, _ := SeasonOf(first)
	for year := seasonYear(season); year >= seasonYear(stop); year-- {
		p := WinterSeason(year)
		from, to := p.Bounds()
		if last.Before(from) {
			continue
		}
		var n int
		err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM inspections i JOIN premises p ON p.id = i.premises_id
			WHERE p.municipality_code = ? AND i.recorded AND i.conducted_at >= ? AND i.conducted_at < ?`,
			code, from, to).Scan(&n)
		if err != nil {
			return season, fmt.Errorf("recorded visits of %s: %w", code, err)
		}
		if n > 0 {
			return p, nil
		}
	}
	return season, nil
}

// seasonYear is the year a season starts in.
func seasonYear(p Period) int {
	y, _ := strconv.Atoi(p.From[:4])
	return y
}

// Seasons lists the winter seasons to choose from, the latest first: from
// the season of the first recorded visit (or the latest season if none)
// to the one under way or last ended.
func (s *Store) Seasons(ctx context.Context, code string, now time.Time) ([]Period, error) {
	latest, _ := SeasonOf(now)
	earliest := latest
	first, _, ok, err := s.recordedSpan(ctx, code, now)
	if err != nil {
		return nil, err
	}
	if ok {
		earliest, _ = SeasonOf(first)
	}
	var out []Period
	for year := seasonYear(latest); year >= seasonYear(earliest); year-- {
		out = append(out, WinterSeason(year))
	}
	return out, nil
}

// Years lists the calendar years with inspections in the municipality and
// the current year, the latest first; Latest is the default of a summary:
// the latest of them with an inspection, or the current year.
func (s *Store) Years(ctx context.Context, code string, now time.Time) (years []int, latest int, err error) {
	current := now.In(zone()).Year()
	var lo, hi any
	err = s.db.QueryRowContext(ctx, `SELECT MIN(i.conducted_at), MAX(i.conducted_at) FROM inspections i
		JOIN premises p ON p.id = i.premises_id WHERE p.municipality_code = ? AND i.conducted_at <= ?`,
		code, now.UTC()).Scan(&lo, &hi)
	if err != nil {
		return nil, 0, fmt.Errorf("inspection years of %s: %w", code, err)
	}
	first, err := db.AggregateTime(lo)
	if err != nil {
		return nil, 0, err
	}
	last, err := db.AggregateTime(hi)
	if err != nil {
		return nil, 0, err
	}
	from, latest := current, current
	if first.Valid && last.Valid {
		from, latest = first.Time.In(zone()).Year(), last.Time.In(zone()).Year()
	}
	for y := current; y >= from; y-- {
		years = append(years, y)
	}
	return years, latest, nil
}
