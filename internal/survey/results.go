package survey

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
)

// Results are a survey's answers counted: per question the number who
// answered it and the count and share of each option (a multiple choice
// counted per option, never per combination). Raw results add what only
// the municipality's coordinators see: the free texts and the exact pins.
// Everyone else sees pins as counts per named place and per grid cell, and
// no cell or group smaller than the municipality's suppression threshold.
type Results struct {
	SurveyID  int64            `json:"survey_id,string"`
	Answers   int              `json:"answers"`
	Threshold int              `json:"suppression_threshold"`
	Raw       bool             `json:"raw"`
	Questions []QuestionResult `json:"questions"`
}

// QuestionResult is one question counted.
type QuestionResult struct {
	Key      string        `json:"key"`
	Kind     string        `json:"kind"`
	Section  string        `json:"section"`
	Text     string        `json:"text"`
	TextEn   string        `json:"text_en"`
	Answered int           `json:"answered"`
	Options  []OptionCount `json:"options,omitempty"`
	// UnsafeShare is NTU's headline of a safety scale: the share "mycket
	// eller ganska otrygg" of those who answered.
	UnsafeShare *float64       `json:"unsafe_share,omitempty"`
	Groups      []GroupResult  `json:"groups,omitempty"`
	Number      *NumberSummary `json:"number,omitempty"`
	Places      []PlaceCount   `json:"places,omitempty"`
	// Reasons are a place question's follow-up options counted over all
	// places, PlaceReasons per named place: a count below the threshold
	// is left out, as a place's count is (but for the coordinators).
	Reasons      []ReasonCount `json:"reasons,omitempty"`
	PlaceReasons []ReasonCount `json:"place_reasons,omitempty"`
	Grid         []GridCell    `json:"grid,omitempty"`
	Pins         []RawPin      `json:"pins,omitempty"`
	When         []WhenRow     `json:"when,omitempty"`
	Texts        []string      `json:"texts,omitempty"`
}

// In returns the question's text in lang.
func (r QuestionResult) In(lang string) string {
	if lang == "en" && r.TextEn != "" {
		return r.TextEn
	}
	return r.Text
}

// OptionCount is one option counted; a count below the threshold of a
// background question is suppressed (Count 0, Suppressed).
type OptionCount struct {
	Option
	Count      int     `json:"count"`
	Share      float64 `json:"share"`
	Suppressed bool    `json:"suppressed,omitempty"`
}

// GroupResult is a safety scale within one background group: "age_band"
// "20_34". A group smaller than the threshold says only that it is.
type GroupResult struct {
	Dimension   string   `json:"dimension"`
	Group       string   `json:"group"`
	Label       string   `json:"label"`
	LabelEn     string   `json:"label_en,omitempty"`
	Answered    int      `json:"answered"`
	Suppressed  bool     `json:"suppressed"`
	UnsafeShare *float64 `json:"unsafe_share"`
}

// NumberSummary sums up a number question.
type NumberSummary struct {
	Count int     `json:"count"`
	Mean  float64 `json:"mean"`
	Min   float64 `json:"min"`
	Max   float64 `json:"max"`
}

// PlaceCount is the places answered, by named place ("" for pins far from
// any named place).
type PlaceCount struct {
	Name  string `json:"name"`
	Count int    `json:"count"`
}

// ReasonCount is how many places answered were given one follow-up
// option (Value its key), over all places or at one named place (Place).
type ReasonCount struct {
	Option
	Place string `json:"place,omitempty"`
	Count int    `json:"count"`
}

// GridCell is a cell of GridSize degrees of latitude (twice that of
// longitude), by its south-west corner.
type GridCell struct {
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
	Count int     `json:"count"`
}

// GridSize is the side of a public grid cell in degrees of latitude, about
// 550 metres.
const GridSize = 0.005

// RawPin is one pin as answered: coordinators only.
type RawPin struct {
	Lat       *float64 `json:"lat"`
	Lon       *float64 `json:"lon"`
	PlaceName string   `json:"place_name"`
	Why       string   `json:"why"`
}

// WhenRow is one weekday (1 Monday … 7 Sunday) of a when question, its
// counts by part of the day (Parts).
type WhenRow struct {
	Weekday int   `json:"weekday"`
	Counts  []int `json:"counts"`
}

// The aggregates results are made of, each one query over the survey.
const (
	sqlAnswered = `SELECT a.question_id, COUNT(DISTINCT a.response_id) FROM survey_answers a
		JOIN survey_questions q ON q.id = a.question_id WHERE q.survey_id = ? GROUP BY a.question_id`
	sqlOptions = `SELECT a.question_id, a.option, COUNT(*) FROM survey_answers a
		JOIN survey_questions q ON q.id = a.question_id WHERE q.survey_id = ? AND a.option IS NOT NULL GROUP BY a.question_id, a.option`
	sqlNumbers = `SELECT a.question_id, COUNT(*), AVG(a.number), MIN(a.number), MAX(a.number) FROM survey_answers a
		JOIN survey_questions q ON q.id = a.question_id WHERE q.survey_id = ? AND a.number IS NOT NULL GROUP BY a.question_id`
	sqlPinsAnswered = `SELECT p.question_id, COUNT(DISTINCT p.response_id) FROM survey_pins p
		JOIN survey_questions q ON q.id = p.question_id WHERE q.survey_id = ? GROUP BY p.question_id`
	sqlPlaces = `SELECT p.question_id, p.place_name, COUNT(*) FROM survey_pins p
		JOIN survey_questions q ON q.id = p.question_id WHERE q.survey_id = ? GROUP BY p.question_id, p.place_name`
	sqlPinPositions = `SELECT p.question_id, p.lat, p.lon FROM survey_pins p
		JOIN survey_questions q ON q.id = p.question_id WHERE q.survey_id = ? AND p.lat IS NOT NULL`
	sqlReasons = `SELECT p.question_id, p.place_name, r.reason, COUNT(*) FROM survey_pin_reasons r
		JOIN survey_pins p ON p.id = r.pin_id JOIN survey_questions q ON q.id = p.question_id
		WHERE q.survey_id = ? GROUP BY p.question_id, p.place_name, r.reason`
	sqlWhenAnswered = `SELECT c.question_id, COUNT(DISTINCT c.response_id) FROM survey_when_cells c
		JOIN survey_questions q ON q.id = c.question_id WHERE q.survey_id = ? GROUP BY c.question_id`
	sqlWhen = `SELECT c.question_id, c.weekday, c.part, COUNT(*) FROM survey_when_cells c
		JOIN survey_questions q ON q.id = c.question_id WHERE q.survey_id = ? GROUP BY c.question_id, c.weekday, c.part`
	sqlBackground = `SELECT age_band, gender, residence, COUNT(*) FROM survey_backgrounds WHERE survey_id = ?
		GROUP BY age_band, gender, residence`
	sqlSafetyByGroup = `SELECT a.question_id, b.age_band, b.gender, b.residence, a.option, COUNT(*) FROM survey_answers a
		JOIN survey_questions q ON q.id = a.question_id JOIN survey_backgrounds b ON b.response_id = a.response_id
		WHERE q.survey_id = ? AND q.kind = 'safety_scale' GROUP BY a.question_id, b.age_band, b.gender, b.residence, a.option`
)

// aggregateQueries are the queries of Results, for the benchmark that
// compares it with them alone.
var aggregateQueries = []string{sqlAnswered, sqlOptions, sqlNumbers, sqlPinsAnswered, sqlPlaces, sqlPinPositions,
	sqlReasons, sqlWhenAnswered, sqlWhen, sqlBackground, sqlSafetyByGroup}

// threshold is the municipality's suppression threshold (package
// statistics owns the setting; its default is 3).
func threshold(ctx context.Context, q db.Queryer, code string) (int, error) {
	t := 3
	err := q.QueryRowContext(ctx, `SELECT suppression_threshold FROM statistics_settings WHERE municipality_code = ?`, code).Scan(&t)
	if err != nil && err != sql.ErrNoRows {
		return 0, fmt.Errorf("suppression threshold of %s: %w", code, err)
	}
	return max(t, 3), nil
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(of)*1000) / 1000
}

// Results counts the survey's answers; raw adds the free texts and exact
// pins (the municipality's coordinators only: the caller decides).
func (s *Store) Results(ctx context.Context, v Survey, raw bool) (Results, error) {
	out := Results{SurveyID: v.ID, Answers: v.Answers, Raw: raw}
	var err error
	if out.Threshold, err = threshold(ctx, s.db, v.MunicipalityCode); err != nil {
		return out, err
	}
	byID := map[int64]*QuestionResult{}
	out.Questions = make([]QuestionResult, len(v.Questions))
	for i, q := range v.Questions {
		out.Questions[i] = QuestionResult{Key: q.Key, Kind: q.Kind, Section: q.Section, Text: q.Text, TextEn: q.TextEn}
		byID[q.ID] = &out.Questions[i]
	}
	each := func(query string, fn func(sc db.Scanner) error) error {
		return db.Each(ctx, s.db, query, []any{v.ID}, fn)
	}
	counts := func(query string, set func(r *QuestionResult, n int)) error {
		return each(query, func(sc db.Scanner) error {
			var id int64
			var n int
			if err := sc.Scan(&id, &n); err != nil {
				return err
			}
			if r := byID[id]; r != nil {
				set(r, n)
			}
			return nil
		})
	}
	answered := func(r *QuestionResult, n int) { r.Answered = n }
	if err := counts(sqlAnswered, answered); err != nil {
		return out, err
	}
	if err := counts(sqlPinsAnswered, answered); err != nil {
		return out, err
	}
	if err := counts(sqlWhenAnswered, answered); err != nil {
		return out, err
	}
	optionCounts := map[int64]map[string]int{}
	if err := each(sqlOptions, func(sc db.Scanner) error {
		var id int64
		var opt string
		var n int
		if err := sc.Scan(&id, &opt, &n); err != nil {
			return err
		}
		if optionCounts[id] == nil {
			optionCounts[id] = map[string]int{}
		}
		optionCounts[id][opt] = n
		return nil
	}); err != nil {
		return out, err
	}
	if err := each(sqlNumbers, func(sc db.Scanner) error {
		var id int64
		var ns NumberSummary
		if err := sc.Scan(&id, &ns.Count, &ns.Mean, &ns.Min, &ns.Max); err != nil {
			return err
		}
		ns.Mean = math.Round(ns.Mean*10) / 10
		if r := byID[id]; r != nil {
			r.Number = &ns
		}
		return nil
	}); err != nil {
		return out, err
	}
	if err := each(sqlPlaces, func(sc db.Scanner) error {
		var id int64
		var pc PlaceCount
		if err := sc.Scan(&id, &pc.Name, &pc.Count); err != nil {
			return err
		}
		if r := byID[id]; r != nil {
			r.Places = append(r.Places, pc)
		}
		return nil
	}); err != nil {
		return out, err
	}
	grids := map[int64]map[[2]int]int{}
	if err := each(sqlPinPositions, func(sc db.Scanner) error {
		var id int64
		var lat, lon float64
		if err := sc.Scan(&id, &lat, &lon); err != nil {
			return err
		}
		if grids[id] == nil {
			grids[id] = map[[2]int]int{}
		}
		grids[id][[2]int{int(math.Floor(lat / GridSize)), int(math.Floor(lon / (2 * GridSize)))}]++
		return nil
	}); err != nil {
		return out, err
	}
	// reasons[question][place name][reason]
	reasons := map[int64]map[string]map[string]int{}
	if err := each(sqlReasons, func(sc db.Scanner) error {
		var id int64
		var place, reason string
		var n int
		if err := sc.Scan(&id, &place, &reason, &n); err != nil {
			return err
		}
		if reasons[id] == nil {
			reasons[id] = map[string]map[string]int{}
		}
		if reasons[id][place] == nil {
			reasons[id][place] = map[string]int{}
		}
		reasons[id][place][reason] += n
		return nil
	}); err != nil {
		return out, err
	}
	if err := each(sqlWhen, func(sc db.Scanner) error {
		var id int64
		var wd, n int
		var part string
		if err := sc.Scan(&id, &wd, &part, &n); err != nil {
			return err
		}
		r := byID[id]
		p := slices.Index(Parts, part)
		if r == nil || p < 0 || wd < 1 || wd > 7 {
			return nil
		}
		if r.When == nil {
			r.When = make([]WhenRow, 7)
			for d := range r.When {
				r.When[d] = WhenRow{Weekday: d + 1, Counts: make([]int, len(Parts))}
			}
		}
		r.When[wd-1].Counts[p] += n
		return nil
	}); err != nil {
		return out, err
	}
	background := map[string]map[string]int{}
	if err := each(sqlBackground, func(sc db.Scanner) error {
		var age, gender, residence string
		var n int
		if err := sc.Scan(&age, &gender, &residence, &n); err != nil {
			return err
		}
		for k, val := range map[string]string{KeyAgeBand: age, KeyGender: gender, KeyResidence: residence} {
			if val == "" {
				continue
			}
			if background[k] == nil {
				background[k] = map[string]int{}
			}
			background[k][val] += n
		}
		return nil
	}); err != nil {
		return out, err
	}
	// groups[question][dimension][group][option]
	groups := map[int64]map[string]map[string]map[string]int{}
	if err := each(sqlSafetyByGroup, func(sc db.Scanner) error {
		var id int64
		var age, gender, residence, opt string
		var n int
		if err := sc.Scan(&id, &age, &gender, &residence, &opt, &n); err != nil {
			return err
		}
		if groups[id] == nil {
			groups[id] = map[string]map[string]map[string]int{}
		}
		for k, val := range map[string]string{KeyAgeBand: age, KeyGender: gender, KeyResidence: residence} {
			if val == "" {
				continue
			}
			if groups[id][k] == nil {
				groups[id][k] = map[string]map[string]int{}
			}
			if groups[id][k][val] == nil {
				groups[id][k][val] = map[string]int{}
			}
			groups[id][k][val][opt] += n
		}
		return nil
	}); err != nil {
		return out, err
	}

	for _, q := range v.Questions {
		r := byID[q.ID]
		switch q.Kind {
		case SafetyScale, ProblemScale, Single, Multiple:
			oc := optionCounts[q.ID]
			if q.Background() {
				oc = background[q.Key]
				r.Answered = 0
				for _, n := range oc {
					r.Answered += n
				}
			}
			for _, c := range q.Choices() {
				n := oc[c.Value]
				cnt := OptionCount{Option: c, Count: n, Share: share(n, r.Answered)}
				if q.Background() && n > 0 && n < out.Threshold {
					cnt.Count, cnt.Share, cnt.Suppressed = 0, 0, true
				}
				r.Options = append(r.Options, cnt)
			}
			if q.Kind == SafetyScale && r.Answered > 0 {
				us := share(unsafe(oc), r.Answered)
				r.UnsafeShare = &us
				r.Groups = groupResults(v, groups[q.ID], out.Threshold)
			}
		case Place:
			slices.SortFunc(r.Places, func(a, b PlaceCount) int {
				if a.Count != b.Count {
					return b.Count - a.Count
				}
				return strings.Compare(a.Name, b.Name)
			})
			for cell, n := range grids[q.ID] {
				if !raw && n < out.Threshold {
					continue
				}
				r.Grid = append(r.Grid, GridCell{Lat: round6(float64(cell[0]) * GridSize), Lon: round6(float64(cell[1]) * 2 * GridSize), Count: n})
			}
			slices.SortFunc(r.Grid, func(a, b GridCell) int {
				if a.Count != b.Count {
					return b.Count - a.Count
				}
				if a.Lat != b.Lat {
					return cmpFloat(a.Lat, b.Lat)
				}
				return cmpFloat(a.Lon, b.Lon)
			})
			if !raw {
				// A named place counted fewer times than the threshold is
				// said as "fewer than" by hiding it.
				r.Places = slices.DeleteFunc(r.Places, func(p PlaceCount) bool { return p.Count < out.Threshold })
			}
			r.Reasons, r.PlaceReasons = reasonCounts(q, reasons[q.ID], raw, out.Threshold)
		}
	}
	if raw {
		if err := s.rawParts(ctx, v, byID); err != nil {
			return out, err
		}
	}
	return out, nil
}

// reasonCounts counts a place question's follow-up options over all places
// and per named place (by name, then in the order of the options); below
// the threshold a count is left out unless raw.
func reasonCounts(q Question, byPlace map[string]map[string]int, raw bool, threshold int) (all, perPlace []ReasonCount) {
	shown := func(n int) bool { return n > 0 && (raw || n >= threshold) }
	names := make([]string, 0, len(byPlace))
	for name := range byPlace {
		if name != "" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	for _, opt := range q.Options {
		n := 0
		for _, counts := range byPlace {
			n += counts[opt.Value]
		}
		if shown(n) {
			all = append(all, ReasonCount{Option: opt, Count: n})
		}
	}
	for _, name := range names {
		for _, opt := range q.Options {
			if n := byPlace[name][opt.Value]; shown(n) {
				perPlace = append(perPlace, ReasonCount{Option: opt, Place: name, Count: n})
			}
		}
	}
	return all, perPlace
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func unsafe(oc map[string]int) int {
	n := 0
	for _, k := range SafetyShareUnsafe {
		n += oc[k]
	}
	return n
}

// groupResults says the safety scale per background group, in the order
// of the background questions' options; a group below the threshold is
// suppressed.
func groupResults(v Survey, byDim map[string]map[string]map[string]int, threshold int) []GroupResult {
	var out []GroupResult
	for _, q := range v.Questions {
		if !q.Background() {
			continue
		}
		for _, c := range q.Choices() {
			oc, ok := byDim[q.Key][c.Value]
			if !ok {
				continue
			}
			n := 0
			for _, k := range oc {
				n += k
			}
			g := GroupResult{Dimension: q.Key, Group: c.Value, Label: c.Label, LabelEn: c.LabelEn, Answered: n}
			if n < threshold {
				g.Suppressed, g.Answered = true, 0
			} else {
				us := share(unsafe(oc), n)
				g.UnsafeShare = &us
			}
			out = append(out, g)
		}
	}
	return out
}

// rawParts adds the free texts and exact pins.
func (s *Store) rawParts(ctx context.Context, v Survey, byID map[int64]*QuestionResult) error {
	err := db.Each(ctx, s.db, `SELECT a.question_id, a.text FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
		JOIN survey_responses r ON r.id = a.response_id
		WHERE q.survey_id = ? AND a.text IS NOT NULL ORDER BY r.submitted_at DESC, r.id DESC`, []any{v.ID}, func(sc db.Scanner) error {
		var id int64
		var t string
		if err := sc.Scan(&id, &t); err != nil {
			return err
		}
		if r := byID[id]; r != nil {
			r.Texts = append(r.Texts, t)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return db.Each(ctx, s.db, `SELECT p.question_id, p.lat, p.lon, p.place_name, p.why FROM survey_pins p
		JOIN survey_questions q ON q.id = p.question_id WHERE q.survey_id = ? ORDER BY p.id`, []any{v.ID}, func(sc db.Scanner) error {
		var id int64
		var lat, lon sql.NullFloat64
		var p RawPin
		if err := sc.Scan(&id, &lat, &lon, &p.PlaceName, &p.Why); err != nil {
			return err
		}
		p.Lat, p.Lon = db.FloatPtr(lat), db.FloatPtr(lon)
		if r := byID[id]; r != nil {
			r.Pins = append(r.Pins, p)
		}
		return nil
	})
}
