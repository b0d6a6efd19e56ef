package demo

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/survey"
)

// Mora's dialogues (synthetic answers, labelled "(demo)"): the citizen
// dialogue and the staff dialogue from which the Mora promise's problem
// picture came, recent on the clock the demo is loaded with. Their
// results reproduce the agreement's finding: the places cluster at the
// parking areas of Noret's shopping area, the times are evenings and
// weekends, and young people gathering is the problem seen. The answers
// are drawn from a seeded source, so every load is the same.

// noretLat, noretLon are the shipped place Noret's coordinates; the pins
// on the map fall within a few hundred metres of it (its parking areas).
const noretLat, noretLon = 61.0085, 14.58

// surveyCounts are how many synthetic answers each dialogue gets.
const citizenAnswers, staffAnswers = 160, 36

func loadSurveys(ctx context.Context, d *db.DB, actor audit.Actor, now time.Time) (int, error) {
	store := survey.NewStore(d)
	places, err := surveyPlaces(ctx, d)
	if err != nil {
		return 0, err
	}
	day := func(days int) string { return now.In(clock.Zone()).AddDate(0, 0, days).Format(time.DateOnly) }
	rng := rand.New(rand.NewPCG(2062, 13))
	pick := func(weights map[string]int) string {
		total := 0
		for _, w := range weights {
			total += w
		}
		n := rng.IntN(total)
		// Map order is random: walk the keys sorted.
		for _, k := range sortedKeys(weights) {
			if n < weights[k] {
				return k
			}
			n -= weights[k]
		}
		return ""
	}
	pin := func() []survey.Pin {
		switch r := rng.IntN(10); {
		case r < 5: // a pin on the map at Noret's parking areas
			lat, lon := noretLat+(rng.Float64()-0.5)*0.004, noretLon+(rng.Float64()-0.5)*0.008
			w := rng.IntN(len(noretWhy))
			return []survey.Pin{{Lat: &lat, Lon: &lon, Why: noretWhy[w], Reasons: noretReasons[w]}}
		case r < 8: // Noret from the list
			w := rng.IntN(len(noretWhy))
			return []survey.Pin{{PlaceID: places["Noret"], Why: noretWhy[w], Reasons: noretReasons[w]}}
		case r < 9:
			return []survey.Pin{{PlaceID: places["Mora centrum"], Why: "Mörkt vid busstationen", Reasons: []string{"lighting"}}}
		}
		return nil
	}
	when := func() []string {
		cells := []string{}
		for _, c := range []struct {
			cell string
			p    int
		}{{"5.evening", 70}, {"6.evening", 80}, {"6.night", 60}, {"5.night", 45}, {"7.evening", 35}, {"4.evening", 15}, {"3.day", 5}, {"1.morning", 3}} {
			if rng.IntN(100) < c.p {
				cells = append(cells, c.cell)
			}
		}
		return cells
	}

	citizen, err := store.Create(ctx, actor, survey.New{MunicipalityCode: "2062", Template: survey.TemplateCitizen,
		Title: "Trygghetsdialog Mora (demo)", OpensOn: day(-24), ClosesOn: day(6), Synthetic: true})
	if err != nil {
		return 0, fmt.Errorf("demo citizen dialogue: %w", err)
	}
	if _, err := store.SetStatus(ctx, actor, citizen.ID, survey.Published); err != nil {
		return 0, err
	}
	// citizenItems is one citizen's answer; safety weighs the steps of
	// the safety scale.
	citizenItems := func(safety map[string]int) map[string]survey.Item {
		young := rng.IntN(10) < 3
		age := pick(map[string]int{"20_34": 3, "35_64": 5, "65_plus": 3})
		if young {
			age = "under_20"
		}
		items := map[string]survey.Item{
			survey.KeySafetyEvening: {Options: []string{pick(safety)}},
			survey.KeyWorryCrime:    {Options: []string{pick(map[string]int{"never": 30, "sometimes": 50, "often": 15, "dont_know": 5})}},
			"problem_youth_groups":  {Options: []string{pick(map[string]int{"none": 10, "small": 25, "fairly_big": 40, "very_big": 25})}},
			"problem_traffic":       {Options: []string{pick(map[string]int{"none": 15, "small": 30, "fairly_big": 35, "very_big": 20})}},
			"problem_intoxicated":   {Options: []string{pick(map[string]int{"none": 25, "small": 40, "fairly_big": 25, "very_big": 10})}},
			"problem_litter":        {Options: []string{pick(map[string]int{"none": 20, "small": 45, "fairly_big": 25, "very_big": 10})}},
			"problem_vandalism":     {Options: []string{pick(map[string]int{"none": 25, "small": 40, "fairly_big": 25, "very_big": 10})}},
			"problem_graffiti":      {Options: []string{pick(map[string]int{"none": 35, "small": 40, "fairly_big": 18, "very_big": 7})}},
			survey.KeyAgeBand:       {Options: []string{age}},
			survey.KeyGender:        {Options: []string{pick(map[string]int{"woman": 50, "man": 46, "other": 4})}},
			survey.KeyResidence:     {Options: []string{pick(map[string]int{"Noret": 3, "Mora centrum": 5, "elsewhere": 4})}},
		}
		if p := pin(); p != nil {
			items[survey.KeyAvoidPlace] = survey.Item{Pins: p}
			items[survey.KeyWhenUnsafe] = survey.Item{When: when()}
		}
		if rng.IntN(4) == 0 {
			items["improve"] = survey.Item{Text: improve[rng.IntN(len(improve))]}
		}
		return items
	}
	for i := range citizenAnswers {
		items := citizenItems(map[string]int{"very_safe": 12, "fairly_safe": 40, "fairly_unsafe": 28, "very_unsafe": 10, "never_out": 6, "dont_know": 4})
		if _, err := store.Submit(ctx, citizen.ID, survey.Answer{BrowserToken: "demo-citizen-" + strconv.Itoa(i) + "-browser",
			Items: items, Synthetic: true}); err != nil {
			return 0, fmt.Errorf("demo citizen answer %d: %w", i, err)
		}
	}

	staff, err := store.Create(ctx, actor, survey.New{MunicipalityCode: "2062", Template: survey.TemplateStaff,
		Title: "Medarbetardialog Mora (demo)", OpensOn: day(-40), ClosesOn: day(-10), Synthetic: true})
	if err != nil {
		return 0, fmt.Errorf("demo staff dialogue: %w", err)
	}
	if _, err := store.SetStatus(ctx, actor, staff.ID, survey.Published); err != nil {
		return 0, err
	}
	// The staff dialogue was answered while it was open: its dates are
	// moved over today for the answers and back afterwards.
	if _, err := d.ExecContext(ctx, `UPDATE surveys SET opens_on = ?, closes_on = ? WHERE id = ?`, day(-40), day(0), staff.ID); err != nil {
		return 0, err
	}
	for i := range staffAnswers {
		p := pin()
		if p == nil {
			p = []survey.Pin{{PlaceID: places["Noret"], Why: "Samlingar på parkeringen"}}
		}
		seen := multi(rng, map[string]int{"gatherings": 85, "traffic": 70, "intoxication": 45, "vandalism": 25, "litter": 30, "violence": 10})
		if len(seen) == 0 {
			seen = []string{"gatherings"}
		}
		items := map[string]survey.Item{
			"problem_place": {Pins: p},
			"problem_time":  {When: append(when(), "6.evening")},
			"problems_seen": {Options: seen},
			"causes":        {Options: multi(rng, map[string]int{"lighting": 60, "nothing_to_do": 55, "alcohol": 35, "design": 30, "adults": 40})},
			"years":         {Number: strconv.Itoa(1 + rng.IntN(25))},
		}
		if _, err := store.Submit(ctx, staff.ID, survey.Answer{BrowserToken: "demo-staff-" + strconv.Itoa(i) + "-browser",
			Items: items, Synthetic: true}); err != nil {
			return 0, fmt.Errorf("demo staff answer %d: %w", i, err)
		}
	}
	if _, err := d.ExecContext(ctx, `UPDATE surveys SET closes_on = ? WHERE id = ?`, day(-10), staff.ID); err != nil {
		return 0, err
	}
	if _, err := store.SetStatus(ctx, actor, staff.ID, survey.Closed); err != nil {
		return 0, err
	}
	if err := loadEarlierCitizen(ctx, d, store, actor, now, citizenItems); err != nil {
		return 0, err
	}
	return citizenAnswers + staffAnswers + earlierAnswers, nil
}

// earlierAnswers are the answers of the citizen dialogue a year before the
// current one, for the comparison of the two: fewer, and much the same
// picture (the unsafe share a few points higher), as a year's change
// in a small town plausibly is.
const earlierAnswers = 90

func loadEarlierCitizen(ctx context.Context, d *db.DB, store *survey.Store, actor audit.Actor, now time.Time,
	citizenItems func(map[string]int) map[string]survey.Item) error {
	yearAgo := now.In(clock.Zone()).AddDate(-1, 0, 0)
	day := func(days int) string { return yearAgo.AddDate(0, 0, days).Format(time.DateOnly) }
	today := now.In(clock.Zone()).Format(time.DateOnly)
	v, err := store.Create(ctx, actor, survey.New{MunicipalityCode: "2062", Template: survey.TemplateCitizen,
		Title: "Trygghetsdialog Mora, året innan (demo)", OpensOn: day(-24), ClosesOn: day(6), Synthetic: true})
	if err != nil {
		return fmt.Errorf("demo earlier citizen dialogue: %w", err)
	}
	if _, err := store.SetStatus(ctx, actor, v.ID, survey.Published); err != nil {
		return err
	}
	// Answered while it was open: its dates are moved over today for the
	// answers, then back, and the answers dated within its weeks.
	if _, err := d.ExecContext(ctx, `UPDATE surveys SET closes_on = ? WHERE id = ?`, today, v.ID); err != nil {
		return err
	}
	for i := range earlierAnswers {
		items := citizenItems(map[string]int{"very_safe": 11, "fairly_safe": 38, "fairly_unsafe": 31, "very_unsafe": 11, "never_out": 6, "dont_know": 3})
		id, err := store.Submit(ctx, v.ID, survey.Answer{BrowserToken: "demo-citizen-earlier-" + strconv.Itoa(i) + "-browser",
			Items: items, Synthetic: true})
		if err != nil {
			return fmt.Errorf("demo earlier citizen answer %d: %w", i, err)
		}
		at := yearAgo.AddDate(0, 0, -24+i%30).Add(time.Duration(i%7) * time.Hour)
		if _, err := d.ExecContext(ctx, `UPDATE survey_responses SET submitted_at = ? WHERE id = ?`, at.UTC(), id); err != nil {
			return err
		}
	}
	if _, err := store.SetStatus(ctx, actor, v.ID, survey.Closed); err != nil {
		return err
	}
	made := yearAgo.AddDate(0, 0, -30)
	_, err = d.ExecContext(ctx, `UPDATE surveys SET closes_on = ?, created_at = ?, updated_at = ? WHERE id = ?`, day(6), made.UTC(), yearAgo.AddDate(0, 0, 7).UTC(), v.ID)
	return err
}

var noretWhy = []string{
	"Ungdomar samlas med bilar på parkeringen vid handelsområdet på kvällarna",
	"Buskörning och hög musik på parkeringen på helgerna",
	"Mörkt på parkeringen, dålig belysning",
	"Berusade personer vid parkeringen sent på kvällen",
	"Stora grupper ungdomar, det känns otryggt att gå till bilen",
}

// noretReasons are the follow-up options ticked with each of noretWhy
// (the keys of survey.PlaceReasons): mostly people gathering at the
// parking areas and poor lighting, as the agreement found.
var noretReasons = [][]string{
	{"gathering", "lighting"},
	{"gathering", "traffic"},
	{"lighting", "hidden"},
	{"intoxicated", "gathering"},
	{"gathering", "lighting"},
}

var improve = []string{
	"Bättre belysning på parkeringarna vid Noret",
	"Fler vuxna ute på kvällarna, till exempel nattvandrare",
	"Något att göra för ungdomar på helgkvällarna",
	"Polisen syns oftare vid Noret på fredagar och lördagar",
}

func multi(rng *rand.Rand, p map[string]int) []string {
	var out []string
	for _, k := range sortedKeys(p) {
		if rng.IntN(100) < p[k] {
			out = append(out, k)
		}
	}
	return out
}

func sortedKeys(m map[string]int) []string { return slices.Sorted(maps.Keys(m)) }

// surveyPlaces are Mora's named places' ids, by name.
func surveyPlaces(ctx context.Context, d *db.DB) (map[string]string, error) {
	out := map[string]string{}
	err := db.Each(ctx, d, `SELECT id, name FROM places WHERE municipality_code = '2062'`, nil, func(sc db.Scanner) error {
		var id int64
		var name string
		if err := sc.Scan(&id, &name); err != nil {
			return err
		}
		out[name] = strconv.FormatInt(id, 10)
		return nil
	})
	if out["Noret"] == "" {
		return nil, fmt.Errorf("demo surveys: Mora has no place Noret")
	}
	return out, err
}
