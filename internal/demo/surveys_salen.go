package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/survey"
)

// Sälen's visitor survey (synthetic answers, labelled "(demo)"): asked of
// the visitors in the high season, the sports holidays of February and
// early March, the latest one that has begun on the clock the demo is
// loaded with (open while it lasts, closed after). The Sälen promise
// starts from "dialoger och utvärderingar"; the answers tell what the
// weekly picture tells: the unsafe places are the resorts' centres,
// Lindvallen most, then Tandådalen, Högfjället and Sälen's village, on
// Friday and Saturday evenings and nights after the afterski, and drunk
// people and crowding at the buses are what happened.

// visitorAnswers is how many synthetic answers the visitor survey gets.
const visitorAnswers = 120

// highSeason returns the days of the latest high season that has begun
// on the day of now: 1 February to 15 March, the weeks of the sports
// holidays.
func highSeason(now time.Time) (opens, closes time.Time) {
	t := now.In(clock.Zone())
	year := t.Year()
	if t.Month() < time.February {
		year--
	}
	return time.Date(year, time.February, 1, 0, 0, 0, 0, clock.Zone()), time.Date(year, time.March, 15, 0, 0, 0, 0, clock.Zone())
}

// salenSpots are the named places the visitors mark, with how often and
// why.
var salenSpots = []struct {
	name   string
	weight int
	why    []string
}{
	{"Lindvallen", 50, []string{"Mycket berusade personer efter afterski vid torget", "Trängsel och bråk i kön till bussen efter afterski",
		"Mörk gångväg mellan afterskin och stugbyn"}},
	{"Tandådalen", 25, []string{"Bråk utanför nattklubben vid stängning", "Berusade personer i backen efter afterski"}},
	{"Högfjället", 13, []string{"Mörkt och öde vid parkeringen på kvällen", "Skoterkörning nära skidspåret"}},
	{"Sälen", 12, []string{"Fulla bilförare vid macken sent på kvällen", "Grupper som stökar vid busshållplatsen"}},
}

func loadVisitorSurvey(ctx context.Context, d *db.DB, actor audit.Actor, now time.Time) (int, error) {
	store := survey.NewStore(d)
	places := map[string]namedSpot{}
	err := db.Each(ctx, d, `SELECT id, name, lat, lon FROM places WHERE municipality_code = '2023' AND lat IS NOT NULL`, nil,
		func(sc db.Scanner) error {
			var p namedSpot
			var name string
			if err := sc.Scan(&p.id, &name, &p.lat, &p.lon); err != nil {
				return err
			}
			places[name] = p
			return nil
		})
	if err != nil {
		return 0, err
	}
	for _, s := range salenSpots {
		if _, ok := places[s.name]; !ok {
			return 0, fmt.Errorf("demo visitor survey: Malung-Sälen has no place %s", s.name)
		}
	}
	opens, closes := highSeason(now)
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	v, err := store.Create(ctx, actor, survey.New{MunicipalityCode: "2023", Template: survey.TemplateVisitor,
		Title: fmt.Sprintf("Trygghet för besökare i Sälen, sportlovet %d (demo)", opens.Year()), OpensOn: day(opens), ClosesOn: day(closes),
		Synthetic: true})
	if err != nil {
		return 0, fmt.Errorf("demo visitor survey: %w", err)
	}
	if _, err := store.SetStatus(ctx, actor, v.ID, survey.Published); err != nil {
		return 0, err
	}
	today := now.In(clock.Zone())
	past := !today.Before(closes.AddDate(0, 0, 1))
	// Answered while it was open: the dates are moved over today for the
	// answers and back afterwards, and each answer is dated to an evening
	// of the season (never after now).
	if _, err := d.ExecContext(ctx, `UPDATE surveys SET opens_on = ?, closes_on = ? WHERE id = ?`, day(opens), day(today), v.ID); err != nil {
		return 0, err
	}
	rng := rand.New(rand.NewPCG(2023, 13))
	weighted := func(weights []int) int {
		total := 0
		for _, w := range weights {
			total += w
		}
		n := rng.IntN(total)
		for i, w := range weights {
			if n < w {
				return i
			}
			n -= w
		}
		return 0
	}
	spotWeights := make([]int, len(salenSpots))
	for i, s := range salenSpots {
		spotWeights[i] = s.weight
	}
	lastDay := closes
	if !past {
		lastDay = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, clock.Zone())
	}
	days := int(lastDay.Sub(opens).Hours()/24) + 1
	for i := range visitorAnswers {
		safety := []string{"very_safe", "fairly_safe", "fairly_unsafe", "very_unsafe", "dont_know"}[weighted([]int{30, 42, 18, 6, 4})]
		items := map[string]survey.Item{
			survey.KeySafetyOverall: {Options: []string{safety}},
			survey.KeyAgeBand:       {Options: []string{[]string{"under_20", "20_34", "35_64", "65_plus"}[weighted([]int{20, 40, 32, 8})]}},
		}
		if safety != "very_safe" || rng.IntN(3) == 0 {
			s := salenSpots[weighted(spotWeights)]
			p := places[s.name]
			why := s.why[rng.IntN(len(s.why))]
			pin := survey.Pin{PlaceID: strconv.FormatInt(p.id, 10), Why: why}
			if rng.IntN(2) == 0 { // on the map, within a few hundred metres
				lat, lon := p.lat+(rng.Float64()-0.5)*0.004, p.lon+(rng.Float64()-0.5)*0.008
				pin = survey.Pin{Lat: &lat, Lon: &lon, Why: why}
			}
			items[survey.KeyUnsafePlace] = survey.Item{Pins: []survey.Pin{pin}}
			items[survey.KeyUnsafeWhen] = survey.Item{When: afterski(rng)}
			items[survey.KeyWhatHappened] = survey.Item{Options: nonEmpty(multi(rng, map[string]int{"intoxicated": 70, "crowding": 40,
				"violence": 18, "harassment": 15, "dark": 20, "traffic": 10, "theft": 8}), "intoxicated")}
		}
		if rng.IntN(5) == 0 {
			items["visit_tip"] = survey.Item{Text: visitTips[rng.IntN(len(visitTips))]}
		}
		id, err := store.Submit(ctx, v.ID, survey.Answer{BrowserToken: "demo-visitor-" + strconv.Itoa(i) + "-browser",
			Items: items, Synthetic: true})
		if err != nil {
			return 0, fmt.Errorf("demo visitor answer %d: %w", i, err)
		}
		at := opens.AddDate(0, 0, rng.IntN(days)).Add(time.Duration(19*60+rng.IntN(4*60)) * time.Minute)
		if at.After(now) {
			at = now
		}
		if _, err := d.ExecContext(ctx, `UPDATE survey_responses SET submitted_at = ? WHERE id = ?`, at.UTC(), id); err != nil {
			return 0, err
		}
	}
	if past {
		if _, err := d.ExecContext(ctx, `UPDATE surveys SET closes_on = ? WHERE id = ?`, day(closes), v.ID); err != nil {
			return 0, err
		}
		if _, err := store.SetStatus(ctx, actor, v.ID, survey.Closed); err != nil {
			return 0, err
		}
	} else if _, err := d.ExecContext(ctx, `UPDATE surveys SET closes_on = ? WHERE id = ?`, day(closes), v.ID); err != nil {
		return 0, err
	}
	return visitorAnswers, nil
}

type namedSpot struct {
	id       int64
	lat, lon float64
}

// afterski are the times of a visitor's answer: Friday and Saturday
// evenings and nights after the afterski, some other evenings.
func afterski(rng *rand.Rand) []string {
	cells := nonEmpty(multi(rng, map[string]int{"5.evening": 55, "6.evening": 65, "5.night": 40, "6.night": 50, "4.evening": 15,
		"7.evening": 10, "3.evening": 8, "6.day": 5}), "6.evening")
	return cells
}

func nonEmpty(s []string, fallback string) []string {
	if len(s) == 0 {
		return []string{fallback}
	}
	return s
}

var visitTips = []string{
	"Fler ordningsvakter vid busshållplatsen efter afterski",
	"Bättre belysning på gångvägen till stugbyn",
	"Tätare bussar på kvällen så att köerna blir kortare",
	"Vakter vid nattklubben vid stängning",
}
