package activity

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/promise"
)

// The demonstration's carrying-out of the Sälen promise, made up and
// labelled so ("(demo)", and the synthetic flag): two winter seasons,
// 2016–17 and 2017–18, of traffic controls on roads 66 and 71 at
// after-ski and on arrival days, bar checks with the police, a training
// a season; the premises of Sälen's resorts with their inspections, every
// premises visited with a protocol in the first season and all but two in
// the second; the weekly collaboration meetings of the police and the
// security guards in high season and the destination's forum, with the
// rescue service, the health centre and the ambulance; and Mora's council
// (BRÅ) four times a year, 2016–2018. Their action items were all done:
// history. The current cycle, the work of the renewed promise up to the
// day the demo is loaded, is in democycle.go. The same input always gives
// the same data.

// SalenPromiseTitle is the title of the demo's Sälen promise.
const SalenPromiseTitle = "Medborgarlöfte i Sälen 2016–2018"

// The demo organisations this data needs, as the demo loader names them.
const (
	demoPolice      = "Polisen, lokalpolisområde Mora"
	demoMora        = "Mora kommun"
	demoMalung      = "Malung-Sälens kommun"
	demoDestination = "Destination Sälenfjällen"
	demoGuards      = "Fjällvakterna Ordningsvakter AB (demo)"
	// The forum's other parties, which the promise names: the rescue
	// service, the health centre and the ambulance.
	demoRescue       = "Räddningstjänsten Malung-Sälen"
	demoHealthCentre = "Vårdcentralen i Sälen"
	demoAmbulance    = "Ambulansen i Sälen"
)

// forumParties are the parties of the destination's forum that the demo
// has, the destination first.
func forumParties(orgs map[string]int64) []string {
	var out []string
	for _, name := range []string{demoDestination, demoPolice, demoMalung, demoRescue, demoHealthCentre, demoAmbulance} {
		if orgs[name] != 0 {
			out = append(out, id(orgs[name]))
		}
	}
	return out
}

// DemoCommitments are the commitments of a Sälen promise the demo's work
// counts toward; 0 leaves a link out.
type DemoCommitments struct {
	TrafficControls int64 // the police: traffic controls near and on the way to the resorts
	GuardMeetings   int64 // the police: collaboration meetings with the security guards' chiefs
	BarSupervision  int64 // the municipality: bar supervision planned with the police
	RecordedVisits  int64 // the municipality: at least one recorded visit to every premises
	Training        int64 // the municipality: Responsible Alcohol Service and narcotics trainings
	Destination     int64 // the destination: informing in high season (and, in 2016–2018, the forum)
	// The renewed promise's commitments besides.
	Forum        int64 // the destination: the collaboration forum
	Rescue       int64 // the rescue service
	HealthCentre int64 // the health centre
	Ambulance    int64 // the ambulance
}

// SalenCommitments picks the commitments the demo counts toward out of
// the Sälen promise's, by their party and words.
func SalenCommitments(orgs map[string]int64, commitments []promise.Commitment) DemoCommitments {
	find := commitmentFinder(orgs, commitments)
	return DemoCommitments{
		TrafficControls: find(demoPolice, "trafikkontroller"),
		GuardMeetings:   find(demoPolice, "samverkansmöten"),
		BarSupervision:  find(demoMalung, "krog tillsyn"),
		RecordedVisits:  find(demoMalung, "protokollfört besök"),
		Training:        find(demoMalung, "ansvarsfull alkoholservering"),
		Destination:     find(demoDestination, "inför och under högsäsong"),
	}
}

// FindSalenPromise returns the demo's Sälen promise, found by its title.
func FindSalenPromise(ctx context.Context, promises *promise.Store) (promise.Promise, error) {
	f := promise.Filter{Scope: promise.Scope{All: true}, MunicipalityCode: "2023", Limit: 500}
	for {
		page, err := promises.List(ctx, f)
		if err != nil {
			return promise.Promise{}, err
		}
		for _, p := range page.Items {
			if p.Title == SalenPromiseTitle {
				return p, nil
			}
		}
		if page.Next == "" {
			return promise.Promise{}, fmt.Errorf("promise %q: %w", SalenPromiseTitle, db.ErrNotFound)
		}
		f.Cursor = page.Next
	}
}

// DemoInspection is an inspection of the demo premises with the given
// index.
type DemoInspection struct {
	Premises int
	Input    premises.InspectionInput
}

// DemoParticipants are a training's participants from the demo premises
// with the given index.
type DemoParticipants struct {
	Premises int
	Count    int
}

// DemoActivity is an activity of the demo; a training has its
// participants per premises.
type DemoActivity struct {
	Input        Input
	Participants []DemoParticipants
}

// DemoData is the demo's carrying-out, ready to store.
type DemoData struct {
	Premises    []premises.Input
	Inspections []DemoInspection
	Activities  []DemoActivity
	Meetings    []MeetingInput
}

// DemoSummary says what LoadDemo stored.
type DemoSummary struct {
	Premises, Inspections, Activities, Meetings int
}

func (s DemoSummary) String() string {
	return fmt.Sprintf("%d premises, %d inspections, %d activities, %d meetings", s.Premises, s.Inspections, s.Activities, s.Meetings)
}

// Demo is what LoadDemo stores: the history of the promise of 2016 and,
// with the renewed promise's commitments, the current cycle as the clock
// says Now.
type Demo struct {
	// Orgs maps the demo organisations' names to their ids.
	Orgs map[string]int64
	// Salen is the 2016–2018 promise's commitments (FindSalenPromise);
	// Renewed the renewed promise's (none: no current cycle).
	Salen, Renewed []promise.Commitment
	Now            time.Time
}

// LoadDemo stores the demo's premises, inspections, activities and
// meetings through the stores, so that every rule holds for them too.
// Load it into a database without them: it adds, it does not replace.
func LoadDemo(ctx context.Context, d *db.DB, actor audit.Actor, demo Demo) (DemoSummary, error) {
	var sum DemoSummary
	orgs := demo.Orgs
	data, err := GenerateDemo(orgs, SalenCommitments(orgs, demo.Salen))
	if err != nil {
		return sum, err
	}
	if demo.Renewed != nil {
		cycle, err := GenerateCycle(orgs, RenewedCommitments(orgs, demo.Renewed), demo.Now)
		if err != nil {
			return sum, err
		}
		data.Inspections = append(data.Inspections, cycle.Inspections...)
		data.Activities = append(data.Activities, cycle.Activities...)
		data.Meetings = append(data.Meetings, cycle.Meetings...)
	}
	ps := premises.NewStore(d)
	ids := make([]int64, len(data.Premises))
	for i, in := range data.Premises {
		p, err := ps.Create(ctx, actor, in)
		if err != nil {
			return sum, fmt.Errorf("demo premises %s: %w", in.Name, err)
		}
		ids[i] = p.ID
		sum.Premises++
	}
	for _, di := range data.Inspections {
		in := di.Input
		in.PremisesID = id(ids[di.Premises])
		if _, err := ps.CreateInspection(ctx, actor, in); err != nil {
			return sum, fmt.Errorf("demo inspection of %s at %s: %w", data.Premises[di.Premises].Name, in.ConductedAt, err)
		}
		sum.Inspections++
	}
	s := NewStore(d)
	for _, da := range data.Activities {
		in := da.Input
		for _, p := range da.Participants {
			in.Participants = append(in.Participants, ParticipantInput{PremisesID: id(ids[p.Premises]), Count: p.Count})
		}
		if _, err := s.Create(ctx, actor, in); err != nil {
			return sum, fmt.Errorf("demo activity %s at %s: %w", in.Kind, in.StartedAt, err)
		}
		sum.Activities++
	}
	for _, in := range data.Meetings {
		if _, err := s.CreateMeeting(ctx, actor, in); err != nil {
			return sum, fmt.Errorf("demo meeting %s: %w", in.Title, err)
		}
		sum.Meetings++
	}
	return sum, nil
}

// demoPremises are the made-up premises of Sälen's resorts: name, place,
// licence type, serving hours. The first two are the demo's restaurant
// organisations.
var demoPremises = []struct {
	name, place, licence, hours string
}{
	{"Restaurang Kåtan, Lindvallen (demo)", "Lindvallen", premises.PermanentPublic, "11.00–01.00"},
	{"Afterskibaren Tandådalen (demo)", "Tandådalen", premises.PermanentPublic, "11.00–01.00"},
	{"Nattklubben Lindvallen (demo)", "Lindvallen", premises.PermanentPublic, "11.00–03.00"},
	{"Skybaren Högfjället (demo)", "Högfjället", premises.PermanentPublic, "11.00–01.00"},
	{"Puben Hundfjället (demo)", "Hundfjället", premises.PermanentPublic, "11.00–01.00"},
	{"Fjällkrogen Kläppen (demo)", "Kläppen", premises.PermanentPublic, "11.00–01.00"},
	{"Afterski Kläppen (demo)", "Kläppen", premises.PermanentPublic, "11.00–00.00"},
	{"Stötens Värdshus (demo)", "Stöten", premises.PermanentPublic, "11.00–00.00"},
	{"Sälens Pizzeria (demo)", "Sälen", premises.PermanentPublic, "11.00–23.00"},
	{"Hotell Högfjället, restaurangen (demo)", "Högfjället", premises.PermanentPublic, "11.00–01.00"},
	{"Tandådalens Fjällhotell, baren (demo)", "Tandådalen", premises.PermanentPublic, "11.00–01.00"},
	{"Lindvallens Kaffestuga (demo)", "Lindvallen", premises.PermanentPublic, "11.00–20.00"},
	{"Wärdshuset Gammelgården, Sälen (demo)", "Sälen", premises.PermanentPrivate, "11.00–01.00"},
	{"Catering Sälenfjällen (demo)", "Sälen", premises.Catering, "11.00–01.00"},
}

// notVisitedInSecondSeason are the premises the demo leaves without a
// recorded visit in 2017–18, for the coverage to show.
var notVisitedInSecondSeason = []int{7, 13} // Stötens Värdshus, Catering Sälenfjällen

// demoPlaces are the positions of the places (the product's shipped list).
var demoPlaces = map[string][2]float64{
	"Sälen":       {61.16139, 13.26278},
	"Lindvallen":  {61.161903, 13.191564},
	"Högfjället":  {61.166, 13.111},
	"Tandådalen":  {61.175556, 13.016389},
	"Hundfjället": {61.177222, 12.964444},
	"Kläppen":     {61.033, 13.344},
	"Stöten":      {61.265, 12.883},
}

// demoOrganizationNumber makes an organisation number with a valid check
// digit in a series the demo keeps to.
func demoOrganizationNumber(i int) string {
	nine := fmt.Sprintf("559%06d", 900100+i*7)
	digits := []byte(nine)
	sum := 0
	for j, c := range digits {
		d := int(c - '0')
		if j%2 == 0 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return nine[:6] + "-" + nine[6:] + strconv.Itoa((10-sum%10)%10)
}

// generator makes the demo data with a fixed sequence of random numbers.
type generator struct {
	r    *rand.Rand
	loc  *time.Location
	orgs map[string]int64
	c    DemoCommitments
	data DemoData
	// now cuts the current cycle (democycle.go): what is later is left
	// out but the next meeting of each series, planned. The history has
	// none.
	now     time.Time
	planned map[string]bool
}

// GenerateDemo makes the demo's carrying-out of the Sälen promise and
// Mora's council meetings, without storing anything.
func GenerateDemo(orgs map[string]int64, c DemoCommitments) (DemoData, error) {
	for _, name := range []string{demoPolice, demoMora, demoMalung, demoDestination, demoGuards} {
		if orgs[name] == 0 {
			return DemoData{}, fmt.Errorf("demo: the organisation %q is missing", name)
		}
	}
	g := &generator{r: rand.New(rand.NewPCG(2016, 0x5a1e)), loc: zone(), orgs: orgs, c: c}
	for i, p := range demoPremises {
		pos := demoPlaces[p.place]
		lat, lon := pos[0]+float64(i%5-2)*0.0012, pos[1]+float64(i%3-1)*0.0018
		holder := strings.TrimSuffix(strings.Split(p.name, ",")[0], " (demo)") + " AB (demo)"
		g.data.Premises = append(g.data.Premises, premises.Input{
			Name: p.name, RestaurantNumber: fmt.Sprintf("2023%04d", i+1), OrganizationNumber: demoOrganizationNumber(i),
			HolderName: holder, StreetAddress: p.place + " " + strconv.Itoa(10+i*3), PostalCode: "780 67",
			PostalArea: "Sälen", MunicipalityCode: "2023", Lat: &lat, Lon: &lon, LicenceType: p.licence,
			ServingHours: p.hours, Synthetic: true,
		})
	}
	for season, start := range []int{2016, 2017} {
		g.season(season, start)
	}
	g.moraCouncil()
	return g.data, nil
}

// at is a time in Sweden as RFC 3339.
func (g *generator) at(day time.Time, hour, minute int) string {
	return time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, g.loc).Format(time.RFC3339)
}

// easter returns Easter Sunday of a year (the Gregorian computus).
func easter(year int) time.Time {
	a, b, c := year%19, year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
}

// highSeason reports whether day is in the weeks of Christmas and New
// Year, the sports holidays (weeks 7–10) or Easter.
func highSeason(day time.Time) bool {
	_, week := day.ISOWeek()
	switch {
	case day.Month() == time.December && day.Day() >= 23, day.Month() == time.January && day.Day() <= 6:
		return true
	case day.Month() >= time.February && day.Month() <= time.March && week >= 7 && week <= 10:
		return true
	}
	e := easter(day.Year())
	return !day.Before(e.AddDate(0, 0, -7)) && !day.After(e.AddDate(0, 0, 1))
}

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

func (g *generator) between(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) }

// season makes one winter season, from the start of December (the
// promise's signing in the first) to Easter Monday.
func (g *generator) season(n, year int) {
	from := time.Date(year, time.December, 1, 0, 0, 0, 0, time.UTC)
	if n == 0 {
		from = time.Date(2016, time.December, 9, 0, 0, 0, 0, time.UTC)
	}
	to := easter(year+1).AddDate(0, 0, 1)
	police, municipality := id(g.orgs[demoPolice]), id(g.orgs[demoMalung])
	var barNights []time.Time

	for day := from; !day.After(to); day = day.AddDate(0, 0, 1) {
		high := highSeason(day)
		wd := day.Weekday()
		g.trafficControls(day)
		if wd == time.Friday || wd == time.Saturday {
			if high && wd == time.Saturday && len(barNights) < 4 && g.chance(0.5) {
				barNights = append(barNights, day)
			}
		}
		// The weekly collaboration meeting of the police and the security
		// guards, Mondays in high season.
		if high && wd == time.Monday {
			g.guardMeeting(day)
		}
	}

	// Every premises gets its recorded visit: on a bar-check night with the
	// police, or on a weekday evening by the alcohol officer alone.
	visits := map[int][]int{} // bar night → premises
	for i := range demoPremises {
		if n == 1 && (i == notVisitedInSecondSeason[0] || i == notVisitedInSecondSeason[1]) {
			continue
		}
		if len(barNights) > 0 && demoPremises[i].licence == premises.PermanentPublic && g.chance(0.6) {
			night := g.r.IntN(len(barNights))
			visits[night] = append(visits[night], i)
			continue
		}
		day := from.AddDate(0, 0, g.between(10, int(to.Sub(from).Hours()/24)-5))
		for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, 1)
		}
		at := time.Date(day.Year(), day.Month(), day.Day(), g.between(18, 21), 15*g.r.IntN(4), 0, 0, g.loc)
		g.inspection(i, at, premises.OnSite, premises.ModeOpen, []string{municipality}, n)
	}
	for night, day := range barNights {
		checked := visits[night]
		for j, i := range checked {
			mode := premises.ModeOpen
			if j%2 == 0 {
				mode = premises.ModeHidden
			}
			at := time.Date(day.Year(), day.Month(), day.Day(), 22, 0, 0, 0, g.loc).Add(time.Duration(j*25) * time.Minute)
			g.inspection(i, at, premises.Joint, mode, []string{municipality, police}, n)
		}
		in := Input{Kind: KindBarCheck, OrganizationID: municipality, MunicipalityCode: "2023", PartnerIDs: []string{police},
			StartedAt: g.at(day, 22, 0), EndedAt: g.at(day.AddDate(0, 0, 1), 1, 30), Place: "Lindvallen och Tandådalen (demo)",
			Counts:    map[string]float64{"premises_checked": float64(len(checked)), "remarks": float64(g.between(0, 2))},
			Notes:     "Syntetisk: krogkontroll med polisen, öppna och dolda besök (demo).",
			Synthetic: true}
		if g.c.BarSupervision != 0 {
			in.CommitmentID = id(g.c.BarSupervision)
		}
		g.data.Activities = append(g.data.Activities, DemoActivity{Input: in})
	}
	// Register checks (inre tillsyn) in the autumn before the season.
	for i := range demoPremises {
		if i%3 != n%3 {
			continue
		}
		day := time.Date(year, time.October, 3+i, 0, 0, 0, 0, time.UTC)
		g.data.Inspections = append(g.data.Inspections, DemoInspection{Premises: i, Input: premises.InspectionInput{
			Kind: premises.Register, Mode: premises.ModeOpen, ConductedAt: g.at(day, 10, 0),
			OrganizationIDs: []string{municipality}, Inspectors: "Alkoholhandläggare (demo)",
			Protocol: g.protocol(premises.Register, false), Synthetic: true}})
	}

	// A training a season: Responsible Alcohol Service, then narcotics.
	day := time.Date(year, time.December, 13, 0, 0, 0, 0, time.UTC)
	topic, title := TopicResponsibleService, "Ansvarsfull alkoholservering"
	if n == 1 {
		day, topic, title = time.Date(year, time.December, 5, 0, 0, 0, 0, time.UTC), TopicNarcotics, "narkotika"
	}
	training := DemoActivity{Input: Input{Kind: KindTraining, OrganizationID: municipality, MunicipalityCode: "2023",
		PartnerIDs: []string{police}, StartedAt: g.at(day, 13, 0), EndedAt: g.at(day, 17, 0), Topic: topic,
		Place: "Kommunens lokaler i Sälen (demo)", Notes: "Syntetisk: utbildning i " + title + " för krogpersonal (demo).",
		Counts: map[string]float64{"hours": 4}, Synthetic: true}}
	if g.c.Training != 0 {
		training.Input.CommitmentID = id(g.c.Training)
	}
	for i := range demoPremises {
		if i < 3 || (n == 0 && i%2 == 0) || (n == 1 && i%3 == 1) {
			training.Participants = append(training.Participants, DemoParticipants{Premises: i, Count: g.between(1, 4)})
		}
	}
	g.data.Activities = append(g.data.Activities, training)

	// The destination informs before and during high season, and holds its
	// forum at the start of the season.
	destination := id(g.orgs[demoDestination])
	for _, info := range []struct {
		day     time.Time
		channel string
		text    string
		reach   int
	}{
		{time.Date(year, time.December, 15, 0, 0, 0, 0, time.UTC), "Sociala medier", "Inför säsongen: ankomstdagar, trafik och trygghet i backen", 12000},
		{time.Date(year+1, time.February, 8, 0, 0, 0, 0, time.UTC), "Webbplats och sociala medier", "Sportlovet: evenemang, trafik och krogarnas öppettider", 25000},
	} {
		in := Input{Kind: KindInformation, OrganizationID: destination, MunicipalityCode: "2023", StartedAt: g.at(info.day, 9, 0),
			Channel: info.channel, Place: "Sälenfjällen", Counts: map[string]float64{"reach": float64(info.reach + g.between(0, 3000))},
			Notes: "Syntetisk: " + info.text + " (demo).", Synthetic: true}
		if g.c.Destination != 0 {
			in.CommitmentID = id(g.c.Destination)
		}
		g.data.Activities = append(g.data.Activities, DemoActivity{Input: in})
	}
	forumDay := time.Date(year, time.December, 6, 0, 0, 0, 0, time.UTC)
	if n == 0 {
		forumDay = time.Date(year, time.December, 14, 0, 0, 0, 0, time.UTC)
	}
	forum := MeetingInput{Title: fmt.Sprintf("Samverkansforum Sälenfjällen, säsongen %d–%d (demo)", year, year+1), Kind: MeetingForum,
		OrganizationID: destination, MunicipalityCode: "2023", StartsAt: g.at(forumDay, 9, 0), EndsAt: g.at(forumDay, 12, 0),
		Place: "Destination Sälenfjällens kontor (demo)", OrganizationIDs: forumParties(g.orgs),
		Agenda:    "1. Säsongens stora evenemang\n2. Trafik på ankomstdagarna\n3. Sjukvård och räddningstjänst i högsäsong\n4. Information till besökare",
		Minutes:   "Syntetiska minnesanteckningar (demo). Polis, räddningstjänst, vårdcentral, ambulans och näringslivet gick igenom säsongen.",
		Decisions: "Gemensam information till besökarna inför sportlovet.",
		Actions: []ActionInput{{Text: "Ta fram informationen till besökarna inför sportlovet (demo).", OrganizationID: destination,
			DueOn: forumDay.AddDate(0, 1, 0).Format(dateLayout), DoneOn: forumDay.AddDate(0, 0, 27).Format(dateLayout)}},
		Synthetic: true}
	if g.c.Destination != 0 {
		forum.CommitmentID = id(g.c.Destination)
	}
	g.data.Meetings = append(g.data.Meetings, forum)
}

// roads are where the traffic controls are made.
var roads = []struct {
	name string
	pos  [2]float64
}{
	{"Riksväg 66 vid Sälens by (demo)", [2]float64{61.158, 13.251}},
	{"Riksväg 66 mot Lindvallen (demo)", [2]float64{61.160, 13.205}},
	{"Riksväg 71 vid Sälens by (demo)", [2]float64{61.150, 13.275}},
	{"Riksväg 71 mot Kläppen (demo)", [2]float64{61.070, 13.320}},
}

// trafficControls draws the day's traffic controls of a season: on arrival
// days (Saturdays, and Sundays in the sports holidays) and at after-ski on
// Fridays and Saturdays, most of all in high season.
func (g *generator) trafficControls(day time.Time) {
	arrival, afterSki := 0.3, 0.15
	if highSeason(day) {
		arrival, afterSki = 0.85, 0.55
	}
	wd := day.Weekday()
	if (wd == time.Saturday || wd == time.Sunday && highSeason(day)) && g.chance(arrival) {
		g.trafficControl(day, true)
	}
	if (wd == time.Friday || wd == time.Saturday) && g.chance(afterSki) {
		g.trafficControl(day, false)
	}
}

func (g *generator) trafficControl(day time.Time, arrival bool) {
	road := roads[g.r.IntN(len(roads))]
	var start, end string
	var vehicles int
	note := "Syntetisk: trafikkontroll vid afterski (demo)."
	if arrival {
		start, end = g.at(day, 10+g.r.IntN(2), 0), g.at(day, 14, 30)
		vehicles = g.between(80, 250)
		note = "Syntetisk: trafikkontroll på ankomstdag (demo)."
	} else {
		start, end = g.at(day, 15, 30), g.at(day, 18, 30)
		vehicles = g.between(40, 140)
	}
	lat, lon := road.pos[0], road.pos[1]
	in := Input{Kind: KindTrafficControl, OrganizationID: id(g.orgs[demoPolice]), MunicipalityCode: "2023",
		StartedAt: start, EndedAt: end, Place: road.name, Lat: &lat, Lon: &lon,
		Counts: map[string]float64{
			"vehicles_checked": float64(vehicles),
			"breath_tests":     float64(vehicles - g.between(0, 8)),
			"drug_tests":       float64(g.between(0, 3)),
			"offences":         float64(g.between(0, 4)),
		},
		Notes: note, Synthetic: true}
	if g.c.TrafficControls != 0 {
		in.CommitmentID = id(g.c.TrafficControls)
	}
	g.addActivity(DemoActivity{Input: in})
}

// protocol fills in a kind's default checklist: most checks without
// remark, a deficiency now and then when deficient is set.
func (g *generator) protocol(kind string, deficient bool) premises.Protocol {
	var p premises.Protocol
	for _, check := range premises.DefaultChecklist(kind) {
		c := premises.Check{Check: check, Result: premises.ResultOK}
		switch {
		case deficient && (check == "Ålderskontroller" || check == "Berusade gäster"):
			c.Result, c.Note = premises.ResultDeficiency, "Brister iakttogs vid besöket (demo)."
		case check == "Mat serveras" && g.chance(0.1):
			c.Result = premises.ResultNotChecked
		}
		p.Items = append(p.Items, c)
	}
	return p
}

// inspection adds a recorded visit to premises i.
func (g *generator) inspection(i int, at time.Time, kind, mode string, orgs []string, season int) {
	// The same premises is found wanting in both seasons: a remark the
	// first time, a warning the second.
	deficient := i == 2 || (i == 4 && season == 0)
	in := premises.InspectionInput{Kind: kind, Mode: mode, ConductedAt: at.Format(time.RFC3339), OrganizationIDs: orgs,
		Inspectors: "Alkoholhandläggare (demo)", Protocol: g.protocol(kind, deficient), Recorded: true, Synthetic: true}
	if kind == premises.Joint {
		in.Inspectors = "Alkoholhandläggare och polis (demo)"
	}
	if deficient {
		in.Protocol.Remarks = "Syntetiskt protokoll (demo): personalen kontrollerade inte legitimation i entrén."
		in.FollowUp = "Uppföljande besök och samtal med serveringsansvarig (demo)."
		in.FollowUpOn = at.AddDate(0, 0, 21).Format(dateLayout)
		if i == 2 {
			in.Sanction = []string{"remark", "warning"}[season]
		}
	}
	if g.c.RecordedVisits != 0 {
		in.CommitmentID = id(g.c.RecordedVisits)
	}
	g.data.Inspections = append(g.data.Inspections, DemoInspection{Premises: i, Input: in})
}

// guardMeeting adds a weekly collaboration meeting of the police and the
// security guards, its action items done.
func (g *generator) guardMeeting(day time.Time) {
	police, guards := id(g.orgs[demoPolice]), id(g.orgs[demoGuards])
	_, week := day.ISOWeek()
	due := day.AddDate(0, 0, 6)
	done := due.AddDate(0, 0, -g.between(0, 3)).Format(dateLayout)
	m := MeetingInput{Title: fmt.Sprintf("Samverkansmöte polis och ordningsvakter, vecka %d (demo)", week), Kind: MeetingCollaboration,
		OrganizationID: police, MunicipalityCode: "2023", StartsAt: g.at(day, 10, 0), EndsAt: g.at(day, 11, 0),
		Place: "Polisens lokaler i Sälen (demo)", OrganizationIDs: []string{police, guards},
		Attendees: []AttendeeInput{{Name: "Kommunpolis (demo)", OrganizationID: police},
			{Name: "Ordningsvaktchef (demo)", OrganizationID: guards}},
		Agenda:    "1. Veckans lägesbild\n2. Helgens evenemang och afterski\n3. Rakel i samverkan polis och ordningsvakter",
		Minutes:   "Syntetiska minnesanteckningar (demo). Gemensam genomgång av veckans rapporter från ordningsvakterna.",
		Decisions: "Förstärkning vid afterski i Tandådalen och Lindvallen på lördag.",
		Actions: []ActionInput{
			{Text: "Två extra ordningsvakter vid afterski på lördag (demo).", OrganizationID: guards, DueOn: due.Format(dateLayout), DoneOn: done},
			{Text: "Trafikkontroll på riksväg 66 på ankomstdagen (demo).", OrganizationID: police, DueOn: due.Format(dateLayout), DoneOn: done},
		},
		Synthetic: true}
	if g.c.GuardMeetings != 0 {
		m.CommitmentID = id(g.c.GuardMeetings)
	}
	g.data.Meetings = append(g.data.Meetings, m)
}

// moraCouncil adds Mora's council meetings (BRÅ), four a year, 2016–2018,
// their action items done a month later.
func (g *generator) moraCouncil() {
	mora, police := id(g.orgs[demoMora]), id(g.orgs[demoPolice])
	for year := 2016; year <= 2018; year++ {
		for q, month := range []time.Month{time.February, time.May, time.September, time.November} {
			day := time.Date(year, month, 8+q, 0, 0, 0, 0, time.UTC)
			for day.Weekday() != time.Thursday {
				day = day.AddDate(0, 0, 1)
			}
			done := day.AddDate(0, 1, 0).Format(dateLayout)
			g.data.Meetings = append(g.data.Meetings, MeetingInput{
				Title: fmt.Sprintf("BRÅ Mora, %s %d (demo)", swedishMonths[month-1], year), Kind: MeetingCouncil,
				OrganizationID: mora, MunicipalityCode: "2062", StartsAt: g.at(day, 13, 0), EndsAt: g.at(day, 15, 30),
				Place: "Mora kommunhus (demo)", OrganizationIDs: []string{mora, police},
				Attendees: []AttendeeInput{{Name: "Trygghetssamordnare (demo)", OrganizationID: mora},
					{Name: "Kommunpolis (demo)", OrganizationID: police}, {Name: "Kommunalråd (demo)", OrganizationID: mora}},
				Agenda:    "1. Lägesbilden sedan förra mötet\n2. Noret: ungdomar och bilar på parkeringarna\n3. Uppföljning av överenskommelsen",
				Minutes:   "Syntetiska minnesanteckningar (demo).",
				Decisions: "Fortsatt fokus på Noret fredags- och lördagskvällar.",
				Actions: []ActionInput{
					{Text: "Sammanställ lägesbilden för Noret till nästa möte (demo).", OrganizationID: mora,
						DueOn: day.AddDate(0, 2, 0).Format(dateLayout), DoneOn: done},
					{Text: "Redovisa polisens insatser vid Noret (demo).", OrganizationID: police,
						DueOn: day.AddDate(0, 2, 0).Format(dateLayout), DoneOn: done},
				},
				Synthetic: true})
		}
	}
}

var swedishMonths = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
