package report

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
)

// Synthetic reports for the demonstration: made up, labelled so (the
// synthetic flag, and "Syntetisk:" before the text), and following the
// patterns the source documents describe, so that the weekly picture shows
// something worth looking at.
//
//   - Sälen (Malung-Sälen, 2023), the two winter seasons over by the end
//     and the one under way up to it, each from 1 December to 20 April:
//     after-ski 15–18 and bar closing 01–03 bring drunkenness, disorder
//     and violence; Saturdays are arrival days with traffic; the
//     Christmas, sports-holiday (weeks 7–10) and Easter weeks are busiest;
//     most happens at Lindvallen and Tandådalen. The security guards make
//     most of the reports; the restaurant at Lindvallen reports from its
//     door at after-ski and closing, and the destination company, the
//     municipality and the police what they see by day and on arrival
//     days (SyntheticReport.Reporter).
//   - Noret in Mora (2062), a year: youths gathering and A-tractors on the
//     parking lots on Friday and Saturday evenings, more in summer; and,
//     six weeks before the end, a week of vandalism at Noret far above the
//     usual, which the picture flags.
//
// The same options always give the same reports.

// SyntheticOptions says what Synthetic makes.
type SyntheticOptions struct {
	Seed int64
	// End is where the data ends: Sälen's seasons are the last two that
	// are over by End and the one under way up to End, Mora's year the 52
	// weeks before it. Nothing is later than End. The zero value is
	// 1 June 2026.
	End time.Time
}

// Who files a synthetic report, besides the municipality's main reporter
// (Sälen's security guards, Mora's field workers): the key of the
// organisation in LoadSynthetic's map is the municipality code, or the
// code and one of these after a slash ("2023/restaurant").
const (
	ReporterRestaurant   = "restaurant"
	ReporterDestination  = "destination"
	ReporterMunicipality = "municipality"
	ReporterPolice       = "police"
)

// SyntheticReport is a synthetic report and who files it: "" for the
// municipality's main reporter, else one of the Reporter constants.
type SyntheticReport struct {
	Input
	Reporter string
}

// Municipality codes of the two cases.
const (
	CodeMalungSalen = "2023"
	CodeMora        = "2062"
)

type weighted[T any] struct {
	v T
	w float64
}

func pick[T any](r *rand.Rand, items []weighted[T]) T {
	total := 0.0
	for _, it := range items {
		total += it.w
	}
	x := r.Float64() * total
	for _, it := range items {
		if x < it.w {
			return it.v
		}
		x -= it.w
	}
	return items[len(items)-1].v
}

// poisson draws from a Poisson distribution with mean lambda (Knuth; the
// means here are small).
func poisson(r *rand.Rand, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}

// slot is a time of day with the categories typical of it.
type slot struct {
	from, hours int // first hour and how many hours it lasts
	categories  []weighted[string]
}

var (
	salenPlaces = []weighted[string]{
		{"Lindvallen", 35}, {"Tandådalen", 25}, {"Högfjället", 12}, {"Hundfjället", 10},
		{"Kläppen", 8}, {"Sälen", 6}, {"Stöten", 4},
	}
	afterSki = slot{15, 4, []weighted[string]{
		{"Berusade personer", 45}, {"Ordningsstörning", 30}, {"Nedskräpning", 10}, {"Hot eller våld", 5}, {"Övrigt", 10}}}
	barClosing = slot{1, 3, []weighted[string]{
		{"Ordningsstörning", 35}, {"Berusade personer", 25}, {"Hot eller våld", 20}, {"Skadegörelse", 10},
		{"Misstänkt narkotika", 5}, {"Nedskräpning", 5}}}
	salenEvening = slot{19, 5, []weighted[string]{
		{"Ordningsstörning", 25}, {"Berusade personer", 20}, {"Skadegörelse", 15}, {"Misstänkt narkotika", 10},
		{"Otrygg plats (belysning, skymd sikt)", 10}, {"Nedskräpning", 10}, {"Övrigt", 10}}}
	salenDay = slot{9, 6, []weighted[string]{
		{"Vårdslös trafik", 40}, {"Nedskräpning", 20}, {"Otrygg plats (belysning, skymd sikt)", 20}, {"Övrigt", 20}}}
	arrival = slot{10, 7, []weighted[string]{{"Vårdslös trafik", 70}, {"Övrigt", 30}}}

	moraPlaces   = []weighted[string]{{"Noret", 80}, {"Mora centrum", 20}}
	noretEvening = slot{19, 7, []weighted[string]{
		{"Ungdomsgrupper som samlas", 30}, {"Buskörning/A-traktor", 25}, {"Vårdslös trafik", 10}, {"Nedskräpning", 10},
		{"Skadegörelse", 4}, {"Klotter", 7}, {"Ordningsstörning", 10}, {"Misstänkt narkotika", 4}}}
	moraDay = slot{15, 6, []weighted[string]{
		{"Nedskräpning", 30}, {"Otrygg plats (belysning, skymd sikt)", 25}, {"Klotter", 20}, {"Övrigt", 25}}}
)

// texts are the made-up descriptions, by category.
var texts = map[string][]string{
	"Berusade personer":                    {"Berusade gäster vid afterski, avvisades vid entrén.", "Kraftigt berusad person i backen, hjälptes till boendet.", "Flera berusade i kön till bussen."},
	"Ordningsstörning":                     {"Högljutt bråk utanför restaurangen vid stängning.", "Stökigt i kön, ordningsvakter ingrep.", "Oväsen och flaskor på parkeringen."},
	"Hot eller våld":                       {"Knuff och slag i kön, polis tillkallades.", "Hot mot personal vid stängning.", "Slagsmål mellan två sällskap."},
	"Skadegörelse":                         {"Krossad ruta i busskuren.", "Sönderslagen belysning vid gångvägen.", "Vandaliserad papperskorg och skylt."},
	"Misstänkt narkotika":                  {"Lukt av cannabis vid liftkön.", "Misstänkt langning på parkeringen."},
	"Nedskräpning":                         {"Mycket skräp och glas på parkeringen.", "Nedskräpning vid återvinningsstationen."},
	"Vårdslös trafik":                      {"Omkörning över heldragen linje i kön på ankomstdagen.", "Hög fart genom området.", "Felparkerade bilar blockerar räddningsväg."},
	"Otrygg plats (belysning, skymd sikt)": {"Trasig belysning vid gångtunneln.", "Skymd sikt vid övergångsstället."},
	"Övrigt":                               {"Hittegods lämnat till receptionen.", "Hög belastning men lugnt."},
	"Ungdomsgrupper som samlas":            {"Ett 20-tal ungdomar samlades på parkeringen.", "Ungdomar i bilar samlades vid handelsområdet."},
	"Buskörning/A-traktor":                 {"A-traktorer körde runt i hög fart på parkeringen.", "Buskörning med mopeder bakom butikerna."},
	"Klotter":                              {"Nytt klotter på fasaden.", "Klotter på elskåp vid gångvägen."},
}

var assessments = map[string]string{
	"Hot eller våld":    "Allvarligt",
	"Skadegörelse":      "Behöver åtgärdas",
	"Berusade personer": "Stökigt",
	"Ordningsstörning":  "Stökigt",
}

// generator holds what the reports are made of while Synthetic runs.
type generator struct {
	r    *rand.Rand
	seed int64
	n    int
	end  time.Time // nothing happens at or after it
	out  []SyntheticReport
}

// salenReporter says who in Sälen reports what happened at a place in a
// slot: the guards mostly; the restaurant at Lindvallen at its door from
// after-ski to closing; by day and on arrival days the destination, the
// municipality and the police too.
func (g *generator) salenReporter(s slot, place string) string {
	x := g.r.Float64()
	switch {
	case s.from != salenDay.from && s.from != arrival.from && place == "Lindvallen":
		if x < 0.4 {
			return ReporterRestaurant
		}
	case s.from == salenDay.from || s.from == arrival.from:
		switch {
		case x < 0.35:
			return ReporterDestination
		case x < 0.5:
			return ReporterMunicipality
		case x < 0.7:
			return ReporterPolice
		}
	}
	return ""
}

func (g *generator) add(code, category, place string, at time.Time, places map[string][2]float64, reporter string) {
	g.n++
	in := Input{
		Category:         category,
		OccurredAt:       at.Format(time.RFC3339),
		MunicipalityCode: code,
		Place:            place,
		Assessment:       assessments[category],
		ExternalID:       fmt.Sprintf("synthetic-%d-%s-%05d", g.seed, code, g.n),
		Synthetic:        true,
	}
	ts := texts[category]
	in.Description = "Syntetisk: " + ts[g.r.IntN(len(ts))]
	count := 1
	switch category {
	case "Berusade personer", "Ungdomsgrupper som samlas":
		count += poisson(g.r, 1.5)
	case "Ordningsstörning", "Buskörning/A-traktor":
		count += poisson(g.r, 0.5)
	}
	in.Count = &count
	// Most reports have a pin near the place; the rest name the place only.
	if pt, ok := places[place]; ok && g.r.Float64() < 0.7 {
		lat := math.Round((pt[0]+(g.r.Float64()-0.5)*0.008)*1e6) / 1e6
		lon := math.Round((pt[1]+(g.r.Float64()-0.5)*0.016)*1e6) / 1e6
		in.Lat, in.Lon = &lat, &lon
	}
	// What is still to happen is drawn all the same, so that the reports
	// before it are the same whenever the data ends.
	if at.Before(g.end) {
		g.out = append(g.out, SyntheticReport{Input: in, Reporter: reporter})
	}
}

// at returns a time in the slot on day (a civil date), in Swedish time.
// Hours past midnight belong to the night after day.
func (g *generator) at(day time.Time, s slot) time.Time {
	h := s.from + g.r.IntN(s.hours)
	d := day
	if h >= 24 || h < 6 && s.from < 6 {
		d = day.AddDate(0, 0, 1)
	}
	return time.Date(d.Year(), d.Month(), d.Day(), h%24, g.r.IntN(60), 0, 0, zone())
}

// Synthetic makes the demonstration reports. They are in the municipality
// codes CodeMalungSalen and CodeMora, at the places SeedPlaces ships.
func Synthetic(opts SyntheticOptions) []Input {
	reports := SyntheticReports(opts)
	out := make([]Input, len(reports))
	for i, r := range reports {
		out[i] = r.Input
	}
	return out
}

// SyntheticReports is Synthetic with who files each report.
func SyntheticReports(opts SyntheticOptions) []SyntheticReport {
	end := opts.End
	if end.IsZero() {
		end = time.Date(2026, time.June, 1, 0, 0, 0, 0, zone())
	}
	end = end.In(zone())
	g := &generator{r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x5a1e)), seed: opts.Seed, end: end}
	points := map[string][2]float64{}
	if seeds, err := SeedPlaces(); err == nil {
		for _, p := range seeds {
			points[p.Name] = [2]float64{*p.Lat, *p.Lon}
		}
	}

	// Sälen: the last two seasons over by End (a season runs from
	// 1 December to 20 April), and the one under way up to End.
	last := end.Year() - 1
	if !time.Date(end.Year(), time.April, 21, 0, 0, 0, 0, zone()).After(end) {
		last = end.Year()
	}
	through := last - 1
	if !time.Date(last, time.December, 1, 0, 0, 0, 0, zone()).After(end) {
		through = last // a season is under way
	}
	for y := last - 2; y <= through; y++ {
		start := time.Date(y, time.December, 1, 0, 0, 0, 0, zone())
		stop := time.Date(y+1, time.April, 20, 0, 0, 0, 0, zone())
		for day := start; day.Before(stop) && day.Before(end); day = day.AddDate(0, 0, 1) {
			rate := 5.0 * salenSeason(day) * salenWeekday(day.Weekday())
			for range poisson(g.r, rate) {
				s := pick(g.r, []weighted[slot]{{afterSki, 35}, {barClosing, 30}, {salenEvening, 20}, {salenDay, 15}})
				if day.Weekday() == time.Saturday && g.r.Float64() < 0.3 {
					s = arrival
				}
				place := pick(g.r, salenPlaces)
				g.add(CodeMalungSalen, pick(g.r, s.categories), place, g.at(day, s), points, g.salenReporter(s, place))
			}
		}
	}

	// Mora: the 52 weeks before End, and a week of vandalism at Noret six
	// weeks before its end.
	endDay := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, zone())
	spike := WeekOf(endDay).Add(-6)
	for day := endDay.AddDate(0, 0, -52*7); day.Before(endDay); day = day.AddDate(0, 0, 1) {
		season := 1.0
		switch day.Month() {
		case time.June, time.July, time.August:
			season = 1.5
		case time.December, time.January, time.February:
			season = 0.7
		}
		switch day.Weekday() {
		case time.Friday, time.Saturday:
			for range poisson(g.r, 3.0*season) {
				g.add(CodeMora, pick(g.r, noretEvening.categories), pick(g.r, moraPlaces), g.at(day, noretEvening), points, "")
			}
		default:
			for range poisson(g.r, 0.4*season) {
				g.add(CodeMora, pick(g.r, moraDay.categories), pick(g.r, moraPlaces), g.at(day, moraDay), points, "")
			}
		}
		if WeekOf(day) == spike && (day.Weekday() == time.Friday || day.Weekday() == time.Saturday) {
			for range 5 {
				g.add(CodeMora, "Skadegörelse", "Noret", g.at(day, noretEvening), points, "")
			}
		}
	}
	return g.out
}

// salenSeason is how busy a day of the season is: Christmas and New Year,
// the sports holidays (weeks 7–10) and Easter are the peaks, and the
// season's opening weekend (the first Friday to Sunday of December) draws
// a crowd of its own.
func salenSeason(day time.Time) float64 {
	_, w := day.ISOWeek()
	switch {
	case openingWeekend(day):
		return 1.2
	case day.Month() == time.December && day.Day() >= 26, day.Month() == time.January && day.Day() <= 2:
		return 2.0
	case w >= 7 && w <= 10:
		return 2.5
	case isEasterWeek(day):
		return 1.8
	case day.Month() == time.December, day.Month() == time.April:
		return 0.6
	}
	return 1.0
}

// openingWeekend reports whether day is the first Friday, Saturday or
// Sunday of December.
func openingWeekend(day time.Time) bool {
	if day.Month() != time.December {
		return false
	}
	friday := time.Date(day.Year(), time.December, 1, 0, 0, 0, 0, day.Location())
	for friday.Weekday() != time.Friday {
		friday = friday.AddDate(0, 0, 1)
	}
	d := day.Day() - friday.Day()
	return d >= 0 && d <= 2
}

func salenWeekday(d time.Weekday) float64 {
	switch d {
	case time.Saturday:
		return 1.6 // arrival day
	case time.Friday:
		return 1.3
	case time.Sunday:
		return 0.9
	}
	return 0.8
}

// isEasterWeek reports whether day is in the week before Easter Monday.
func isEasterWeek(day time.Time) bool {
	e := easter(day.Year())
	return !day.Before(e.AddDate(0, 0, -6)) && !day.After(e.AddDate(0, 0, 1))
}

// easter returns Easter Sunday of year (the anonymous Gregorian algorithm).
func easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, zone())
}

// LoadSynthetic stores SyntheticReports(opts) for the demonstration, in
// the name of the organisation given for each municipality and reporter:
// orgs maps a municipality code to its main reporter, an organisation
// that works there, and "code/reporter" (a Reporter constant) to another;
// a report whose reporter has none is the main reporter's, and a
// municipality without one is skipped. It seeds the shipped places and
// areas first, since the reports are made at them. Loading the same
// options again stores nothing new: the reports have external ids. It
// returns how many reports the data has for the municipalities loaded.
func (s *Store) LoadSynthetic(ctx context.Context, actor audit.Actor, orgs map[string]int64, opts SyntheticOptions) (int, error) {
	if err := s.Seed(ctx, actor); err != nil {
		return 0, err
	}
	type key struct {
		code string
		org  int64
	}
	var order []key
	byOrg := map[key][]Input{}
	for _, r := range SyntheticReports(opts) {
		main, ok := orgs[r.MunicipalityCode]
		if !ok {
			continue
		}
		k := key{r.MunicipalityCode, main}
		if other, ok := orgs[r.MunicipalityCode+"/"+r.Reporter]; ok && r.Reporter != "" {
			k.org = other
		}
		if _, seen := byOrg[k]; !seen {
			order = append(order, k)
		}
		byOrg[k] = append(byOrg[k], r.Input)
	}
	n := 0
	for _, k := range order {
		ins := byOrg[k]
		for i := 0; i < len(ins); i += MaxBatch {
			chunk := ins[i:min(i+MaxBatch, len(ins))]
			if _, _, err := s.CreateBatch(ctx, actor, k.org, chunk); err != nil {
				return n, fmt.Errorf("synthetic reports of %s: %w", k.code, err)
			}
			n += len(chunk)
		}
	}
	return n, nil
}
