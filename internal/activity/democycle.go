package activity

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/promise"
)

// The demonstration's current cycle: the carrying-out of the renewed Sälen
// promise, which the demo loader makes for the winter season under way
// (or, between seasons, the coming one) and the season before it, as the
// promise of 2016 covered two seasons. It follows the clock the demo is
// loaded with: the season before is complete, the season under way has
// its work up to that moment, and between seasons the coming one is being
// prepared (register checks, the forum, the training). Of the work still
// to come only the next meeting of each series is there, planned, so that
// the calendar shows it. Action items are done once their day has passed
// and open until then, so that the start pages have some open and none
// overdue. Each season is drawn from its own sequence of random numbers,
// so that it looks the same whichever day it is cut at.
//
// What the season holds, besides the history's kinds of work: the
// weekly meeting of the police and the security guards every Monday of
// the season; a bar-check night with the police (and the rescue service)
// on the opening weekend and a few in high season, and the alcohol
// officer's recorded visits early in the season, all premises but two;
// the destination's forum with the police, the municipality, the rescue
// service, the health centre and the ambulance before the season, before
// the sports holidays and after the season; what the rescue service, the
// health centre and the ambulance committed to; and Malung-Sälen's council
// (BråMS) four times a year, where the promise is followed up.

// DemoSeason is the winter season of the demo's current cycle, by the
// year it starts in: the season under way (1 December to 30 April), or
// between seasons the coming one.
func DemoSeason(now time.Time) int {
	t := now.In(zone())
	if t.Month() >= time.May {
		return t.Year()
	}
	return t.Year() - 1
}

// RenewedCommitments picks the commitments the current cycle counts
// toward out of the renewed promise's, by their party and words.
func RenewedCommitments(orgs map[string]int64, commitments []promise.Commitment) DemoCommitments {
	find := commitmentFinder(orgs, commitments)
	return DemoCommitments{
		TrafficControls: find(demoPolice, "trafikkontroller"),
		GuardMeetings:   find(demoPolice, "samverkansmöte"),
		BarSupervision:  find(demoMalung, "krogtillsyn"),
		RecordedVisits:  find(demoMalung, "protokollfört besök"),
		Training:        find(demoMalung, "ansvarsfull alkoholservering"),
		Destination:     find(demoDestination, "informerar"),
		Forum:           find(demoDestination, "samverkansforum"),
		Rescue:          find(demoRescue, ""),
		HealthCentre:    find(demoHealthCentre, ""),
		Ambulance:       find(demoAmbulance, ""),
	}
}

// commitmentFinder finds the first commitment of an organisation whose
// text holds the words (any of its commitments for "").
func commitmentFinder(orgs map[string]int64, commitments []promise.Commitment) func(org, words string) int64 {
	return func(org, words string) int64 {
		for _, c := range commitments {
			if orgs[org] != 0 && c.OrganizationID == orgs[org] && strings.Contains(strings.ToLower(c.Text), strings.ToLower(words)) {
				return c.ID
			}
		}
		return 0
	}
}

// cycleOrganisations are the organisations the current cycle needs.
var cycleOrganisations = []string{demoPolice, demoMalung, demoDestination, demoGuards, demoRescue, demoHealthCentre, demoAmbulance}

// GenerateCycle makes the demo's current cycle as the clock says now:
// the season before DemoSeason(now) whole, DemoSeason(now) up to now, and
// Malung-Sälen's council meetings since the autumn before the first.
// Premises are those of GenerateDemo, by index. It stores nothing.
func GenerateCycle(orgs map[string]int64, c DemoCommitments, now time.Time) (DemoData, error) {
	for _, name := range cycleOrganisations {
		if orgs[name] == 0 {
			return DemoData{}, fmt.Errorf("demo: the organisation %q is missing", name)
		}
	}
	season := DemoSeason(now)
	planned := map[string]bool{}
	var out DemoData
	for _, year := range []int{season - 1, season} {
		g := &generator{r: rand.New(rand.NewPCG(uint64(year), 0xc1c1e)), loc: zone(), orgs: orgs, c: c, now: now, planned: planned}
		g.renewedSeason(year)
		out.Inspections = append(out.Inspections, g.data.Inspections...)
		out.Activities = append(out.Activities, g.data.Activities...)
		out.Meetings = append(out.Meetings, g.data.Meetings...)
	}
	g := &generator{r: rand.New(rand.NewPCG(uint64(season), 0xb2a5)), loc: zone(), orgs: orgs, c: c, now: now, planned: planned}
	g.salenCouncil(season - 1)
	out.Meetings = append(out.Meetings, g.data.Meetings...)
	return out, nil
}

// past reports whether a time (RFC 3339) is before now; everything is
// for the history, which has no now.
func (g *generator) past(at string) bool {
	if g.now.IsZero() {
		return true
	}
	t, err := time.Parse(time.RFC3339, at)
	return err == nil && t.Before(g.now)
}

func (g *generator) addActivity(a DemoActivity) {
	if g.past(a.Input.StartedAt) {
		g.data.Activities = append(g.data.Activities, a)
	}
}

func (g *generator) addInspection(in DemoInspection) {
	if g.past(in.Input.ConductedAt) {
		g.data.Inspections = append(g.data.Inspections, in)
	}
}

// addMeeting adds a meeting that was held; of a series' meetings still to
// come, only the first, planned: without minutes, decisions or action
// items.
func (g *generator) addMeeting(m MeetingInput, series string) {
	if !g.past(m.StartsAt) {
		if g.planned[series] {
			return
		}
		g.planned[series] = true
		m.Minutes, m.Decisions, m.Actions, m.Attendees = "", "", nil, nil
	}
	g.data.Meetings = append(g.data.Meetings, m)
}

// doneOn is when an action item due on due, agreed at a meeting on held,
// was done: a few days before it is due once that day has passed, else
// not yet (""): an item is open until its day and never overdue.
func (g *generator) doneOn(held, due time.Time) string {
	early := g.between(0, 3) // drawn always, so that a season does not depend on the day it is cut at
	if !g.now.IsZero() && due.Format(dateLayout) >= g.now.In(g.loc).Format(dateLayout) {
		return ""
	}
	done := due.AddDate(0, 0, -early)
	if done.Before(held) {
		done = held
	}
	return done.Format(dateLayout)
}

// commitment is the id of a commitment as an input names it, "" for none.
func commitment(c int64) string {
	if c == 0 {
		return ""
	}
	return id(c)
}

// weekdayOn returns the first day on or after day that falls on wd.
func weekdayOn(day time.Time, wd time.Weekday) time.Time {
	for day.Weekday() != wd {
		day = day.AddDate(0, 0, 1)
	}
	return day
}

// isoWeekDay returns the day of the ISO week of year that falls on wd.
func isoWeekDay(year, week int, wd time.Weekday) time.Time {
	// 4 January is always in week 1.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+7*(week-1))
	return monday.AddDate(0, 0, (int(wd)+6)%7)
}

// untrained is the premises whose staff no training of the demo reached.
const untrained = 5 // Fjällkrogen Kläppen

// notVisitedInSeason are the premises a renewed season leaves without a
// recorded visit: the caterer, which has no room of its own to visit, and
// one more that the season did not reach.
func notVisitedInSeason(year int) []int { return []int{13, 5 + year%7} }

// renewedSeason makes one season of the renewed promise: the preparations
// in the autumn of year, the season from 1 December to 20 April, and the
// forum's follow-up in May.
func (g *generator) renewedSeason(year int) {
	from := time.Date(year, time.December, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(year+1, time.April, 20, 0, 0, 0, 0, time.UTC)
	police, municipality, rescue := id(g.orgs[demoPolice]), id(g.orgs[demoMalung]), id(g.orgs[demoRescue])
	destination, health, ambulance := id(g.orgs[demoDestination]), id(g.orgs[demoHealthCentre]), id(g.orgs[demoAmbulance])

	// The autumn: register checks in October, the forum before the
	// season, the training at the end of November.
	for i := range demoPremises {
		if i%3 != year%3 {
			continue
		}
		day := weekdayOn(time.Date(year, time.October, 5+i, 0, 0, 0, 0, time.UTC), time.Monday).AddDate(0, 0, i%4)
		g.addInspection(DemoInspection{Premises: i, Input: premises.InspectionInput{
			Kind: premises.Register, Mode: premises.ModeOpen, ConductedAt: g.at(day, 10, 0),
			OrganizationIDs: []string{municipality}, Inspectors: "Alkoholhandläggare (demo)",
			Protocol: g.protocol(premises.Register, false), Synthetic: true}})
	}
	forumBefore := weekdayOn(time.Date(year, time.November, 16, 0, 0, 0, 0, time.UTC), time.Thursday)
	g.forum(forumBefore, fmt.Sprintf("Samverkansforum Sälenfjällen inför säsongen %d–%d (demo)", year, year+1),
		"1. Säsongens stora evenemang\n2. Trafik och framkomlighet på ankomstdagarna\n3. Sjukvård och räddningstjänst i högsäsong\n4. Information till besökarna",
		"Räddningsvägarna vid Lindvallen och Tandådalen ses över före premiären. Gemensam information till besökarna inför julen.",
		[]ActionInput{
			{Text: "Ta fram informationen till besökarna inför säsongsstarten (demo).", OrganizationID: destination, DueOn: from.Format(dateLayout)},
			{Text: "Gå igenom räddningsvägarna vid anläggningarna med anläggningsägarna (demo).", OrganizationID: rescue, DueOn: from.AddDate(0, 0, 9).Format(dateLayout)},
			{Text: "Meddela ambulansens uppställningsplatser på ankomstdagarna (demo).", OrganizationID: ambulance, DueOn: from.AddDate(0, 0, 14).Format(dateLayout)},
		})
	trainingDay := weekdayOn(time.Date(year, time.November, 24, 0, 0, 0, 0, time.UTC), time.Tuesday)
	topic, title := TopicResponsibleService, "Ansvarsfull alkoholservering"
	if year%2 == 1 {
		topic, title = TopicNarcotics, "narkotika"
	}
	training := DemoActivity{Input: Input{Kind: KindTraining, OrganizationID: municipality, MunicipalityCode: "2023",
		PartnerIDs: []string{police}, StartedAt: g.at(trainingDay, 13, 0), EndedAt: g.at(trainingDay, 17, 0), Topic: topic,
		Place: "Kommunens lokaler i Sälen (demo)", Notes: "Syntetisk: utbildning i " + title + " för krogpersonal inför säsongen (demo).",
		Counts: map[string]float64{"hours": 4}, CommitmentID: commitment(g.c.Training), Synthetic: true}}
	for i := range demoPremises {
		// Fjällkrogen Kläppen has never sent its staff, in the history
		// either: the list of trained premises has a gap to show.
		if (i < 4 || (i+year)%3 == 0) && i != untrained {
			training.Participants = append(training.Participants, DemoParticipants{Premises: i, Count: g.between(1, 4)})
		}
	}
	g.addActivity(training)

	// The season, day by day: traffic controls on arrival days and at
	// after-ski, the Monday meeting of the police and the guards, and the
	// nights of bar checks: the opening weekend's and a few in high season.
	var barNights []time.Time
	for day := from; day.Before(to); day = day.AddDate(0, 0, 1) {
		high := highSeason(day)
		wd := day.Weekday()
		g.trafficControls(day)
		if wd == time.Friday || wd == time.Saturday {
			switch {
			case wd == time.Saturday && len(barNights) == 0:
				barNights = append(barNights, day) // the opening weekend
			case high && wd == time.Saturday && len(barNights) < 4 && g.chance(0.5):
				barNights = append(barNights, day)
			}
		}
		if wd == time.Monday {
			g.weeklyGuardMeeting(day)
		}
	}

	// Recorded visits to all premises but two, a steady round from the
	// opening weekend to March: four on the opening night of bar checks,
	// with the police and the rescue service, two more by the alcohol
	// officer in the first week, the others every two weeks or so on a
	// weekday evening. The bar-check nights of high season visit some
	// again.
	skip := notVisitedInSeason(year)
	var order []int
	for _, i := range g.r.Perm(len(demoPremises)) {
		if i != skip[0] && i != skip[1] {
			order = append(order, i)
		}
	}
	visits := make([][]int, len(barNights))
	var evenings []int
	for _, i := range order {
		if len(visits[0]) < 4 && demoPremises[i].licence == premises.PermanentPublic {
			visits[0] = append(visits[0], i)
		} else {
			evenings = append(evenings, i)
		}
	}
	for k, i := range evenings {
		offset := 1 + k // the first week
		if k >= 2 {
			offset = 10 + 16*(k-2) + g.between(0, 5)
		}
		day := from.AddDate(0, 0, offset)
		for day.Weekday() == time.Friday || day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			day = day.AddDate(0, 0, 1)
		}
		at := time.Date(day.Year(), day.Month(), day.Day(), g.between(18, 20), 15*g.r.IntN(4), 0, 0, g.loc)
		g.renewedInspection(i, at, premises.OnSite, premises.ModeOpen, []string{municipality}, year)
	}
	for night := 1; night < len(barNights); night++ {
		for _, k := range g.r.Perm(len(order))[:g.between(2, 3)] {
			if i := order[k]; demoPremises[i].licence == premises.PermanentPublic {
				visits[night] = append(visits[night], i)
			}
		}
	}
	for night, day := range barNights {
		orgs, partners := []string{municipality, police}, []string{police}
		if night == 0 {
			// The opening weekend's is a joint visit with the rescue
			// service too (samordnad tillsyn).
			orgs, partners = append(orgs, rescue), append(partners, rescue)
		}
		for j, i := range visits[night] {
			mode := premises.ModeOpen
			if j%2 == 0 {
				mode = premises.ModeHidden
			}
			at := time.Date(day.Year(), day.Month(), day.Day(), 22, 0, 0, 0, g.loc).Add(time.Duration(j*25) * time.Minute)
			g.renewedInspection(i, at, premises.Joint, mode, orgs, year)
		}
		g.addActivity(DemoActivity{Input: Input{Kind: KindBarCheck, OrganizationID: municipality, MunicipalityCode: "2023",
			PartnerIDs: partners, StartedAt: g.at(day, 22, 0), EndedAt: g.at(day.AddDate(0, 0, 1), 1, 30),
			Place: "Lindvallen och Tandådalen (demo)", CommitmentID: commitment(g.c.BarSupervision),
			Counts: map[string]float64{"premises_checked": float64(len(visits[night])), "remarks": float64(g.between(0, 2))},
			Notes:  "Syntetisk: krogkontroll med polisen, öppna och dolda besök (demo).", Synthetic: true}})
	}

	// The destination informs, before Christmas, before the sports
	// holidays and before Easter; the health centre tells visitors where
	// to get care; the rescue service checks the nightclubs' fire safety;
	// the ambulance plans its way through on the busiest arrival days.
	easterDay := easter(year + 1)
	sports := isoWeekDay(year+1, 7, time.Saturday)
	for _, info := range []struct {
		day           time.Time
		org, channel  string
		text          string
		reach         int
		commitment    int64
		kind          string
		partners      []string
		hour, minutes int
	}{
		{time.Date(year, time.December, 12, 0, 0, 0, 0, time.UTC), destination, "Sociala medier", "Inför jul och nyår: ankomstdagar, trafik och trygghet i backen", 14000, g.c.Destination, KindInformation, nil, 9, 0},
		{time.Date(year, time.December, 16, 0, 0, 0, 0, time.UTC), rescue, "", "Kontroll av brandskydd och utrymningsvägar på nattklubbarna inför jul och nyår", 3, g.c.Rescue, KindOther, nil, 19, 0},
		{time.Date(year, time.December, 19, 0, 0, 0, 0, time.UTC), health, "Affischer på anläggningarna och webbplatsen", "Vårdcentralens öppettider i julhelgen och 1177 för råd om vård", 6000, g.c.HealthCentre, KindInformation, nil, 10, 0},
		{time.Date(year, time.December, 27, 0, 0, 0, 0, time.UTC), ambulance, "", "Genomgång av framkomligheten för utryckningsfordon på ankomstdagen", 4, g.c.Ambulance, KindOther, []string{police, rescue}, 8, 30},
		{sports.AddDate(0, 0, -12), rescue, "", "Kontroll av brandskydd och utrymningsvägar på nattklubbarna inför sportlovet", 3, g.c.Rescue, KindOther, nil, 19, 0},
		{sports.AddDate(0, 0, -9), destination, "Webbplats och sociala medier", "Sportlovet: evenemang, trafik och krogarnas öppettider", 26000, g.c.Destination, KindInformation, nil, 9, 0},
		{sports.AddDate(0, 0, -7), health, "Affischer på anläggningarna och webbplatsen", "Vårdcentralens öppettider under sportlovet och 1177 för råd om vård", 9000, g.c.HealthCentre, KindInformation, nil, 10, 0},
		{sports, ambulance, "", "Genomgång av framkomligheten för utryckningsfordon på sportlovets första ankomstdag", 4, g.c.Ambulance, KindOther, []string{police, rescue}, 8, 30},
		{easterDay.AddDate(0, 0, -10), destination, "Sociala medier", "Påsken: sista veckorna i backen, trafik och hemresor", 11000, g.c.Destination, KindInformation, nil, 9, 0},
	} {
		in := Input{Kind: info.kind, OrganizationID: info.org, MunicipalityCode: "2023", StartedAt: g.at(info.day, info.hour, info.minutes),
			Channel: info.channel, Place: "Sälenfjällen", PartnerIDs: info.partners, CommitmentID: commitment(info.commitment),
			Notes: "Syntetisk: " + info.text + " (demo).", Synthetic: true}
		if info.kind == KindInformation {
			in.Counts = map[string]float64{"reach": float64(info.reach + g.between(0, 3000))}
		} else {
			in.Counts = map[string]float64{"participants": float64(info.reach + g.between(0, 2))}
		}
		g.addActivity(DemoActivity{Input: in})
	}

	// The forum before the sports holidays and after the season.
	g.forum(isoWeekDay(year+1, 5, time.Thursday), fmt.Sprintf("Samverkansforum Sälenfjällen inför sportlovet %d (demo)", year+1),
		"1. Säsongen hittills\n2. Sportlovets ankomstdagar och evenemang\n3. Bemanning i vården och räddningstjänsten\n4. Information till besökarna",
		"Polisen gör en trafikplan för ankomstdagarna. Vårdcentralen förstärker under veckorna 7–10.",
		[]ActionInput{
			{Text: "Information till besökarna inför sportlovet (demo).", OrganizationID: destination, DueOn: isoWeekDay(year+1, 7, time.Monday).Format(dateLayout)},
			{Text: "Trafikplan för sportlovets ankomstdagar (demo).", OrganizationID: police, DueOn: isoWeekDay(year+1, 6, time.Friday).Format(dateLayout)},
			{Text: "Meddela forumet vårdcentralens bemanning under sportlovet (demo).", OrganizationID: health, DueOn: isoWeekDay(year+1, 6, time.Wednesday).Format(dateLayout)},
		})
	g.forum(weekdayOn(time.Date(year+1, time.May, 5, 0, 0, 0, 0, time.UTC), time.Thursday),
		fmt.Sprintf("Samverkansforum Sälenfjällen, uppföljning av säsongen %d–%d (demo)", year, year+1),
		"1. Vad säsongen gav: rapporter, insatser och händelser\n2. Vad som fungerade och inte\n3. Förslag till nästa säsong",
		"Uppföljningen lämnas till BråMS.",
		[]ActionInput{
			{Text: "Sammanfatta parternas utvärderingar av säsongen till BråMS (demo).", OrganizationID: destination,
				DueOn: time.Date(year+1, time.September, 1, 0, 0, 0, 0, time.UTC).Format(dateLayout)},
		})
}

// forum adds a meeting of the destination's collaboration forum.
func (g *generator) forum(day time.Time, title, agenda, decisions string, actions []ActionInput) {
	for i := range actions {
		due, _ := time.Parse(dateLayout, actions[i].DueOn)
		actions[i].DoneOn = g.doneOn(day, due)
	}
	destination := id(g.orgs[demoDestination])
	g.addMeeting(MeetingInput{Title: title, Kind: MeetingForum, OrganizationID: destination, MunicipalityCode: "2023",
		CommitmentID: commitment(g.c.Forum), StartsAt: g.at(day, 9, 0), EndsAt: g.at(day, 12, 0),
		Place: "Destination Sälenfjällens kontor (demo)", OrganizationIDs: forumParties(g.orgs),
		Attendees: []AttendeeInput{{Name: "Destinationsansvarig (demo)", OrganizationID: destination},
			{Name: "Kommunpolis (demo)", OrganizationID: id(g.orgs[demoPolice])},
			{Name: "Räddningschef (demo)", OrganizationID: id(g.orgs[demoRescue])},
			{Name: "Verksamhetschef, vårdcentralen (demo)", OrganizationID: id(g.orgs[demoHealthCentre])},
			{Name: "Stationschef, ambulansen (demo)", OrganizationID: id(g.orgs[demoAmbulance])}},
		Agenda:    agenda,
		Minutes:   "Syntetiska minnesanteckningar (demo). Polis, kommun, räddningstjänst, vårdcentral, ambulans och näringslivet gick igenom säsongen.",
		Decisions: decisions, Actions: actions, Synthetic: true}, "forum")
}

// weeklyGuardMeeting adds the Monday meeting of the police and the
// security guards' chiefs, for the shared picture of the week.
func (g *generator) weeklyGuardMeeting(day time.Time) {
	police, guards := id(g.orgs[demoPolice]), id(g.orgs[demoGuards])
	_, week := day.ISOWeek()
	due := day.AddDate(0, 0, 6)
	actions := []ActionInput{
		{Text: "Ordningsvakter vid afterski och vid stängning i helgen enligt lägesbilden (demo).", OrganizationID: guards, DueOn: due.Format(dateLayout)},
		{Text: "Trafikkontroller på riksväg 66 och 71 på lördagens ankomstdag (demo).", OrganizationID: police, DueOn: due.Format(dateLayout)},
	}
	for i := range actions {
		actions[i].DoneOn = g.doneOn(day, due)
	}
	g.addMeeting(MeetingInput{Title: fmt.Sprintf("Samverkansmöte polis och ordningsvakter, vecka %d (demo)", week), Kind: MeetingCollaboration,
		OrganizationID: police, MunicipalityCode: "2023", CommitmentID: commitment(g.c.GuardMeetings),
		StartsAt: g.at(day, 10, 0), EndsAt: g.at(day, 11, 0), Place: "Polisens lokaler i Sälen (demo)", OrganizationIDs: []string{police, guards},
		Attendees: []AttendeeInput{{Name: "Kommunpolis (demo)", OrganizationID: police}, {Name: "Ordningsvaktchef (demo)", OrganizationID: guards}},
		Agenda:    "1. Förra veckans lägesbild\n2. Veckans evenemang, afterski och ankomstdagar\n3. Rakel i samverkan polis och ordningsvakter",
		Minutes:   "Syntetiska minnesanteckningar (demo). Gemensam genomgång av veckans rapporter från ordningsvakterna och restaurangerna.",
		Decisions: "Förstärkning där lägesbilden visade flest rapporter.", Actions: actions, Synthetic: true}, "guards")
}

// renewedInspection adds a recorded visit to premises i in a renewed
// season: the nightclub at Lindvallen is found wanting in even years, the
// pub at Hundfjället in odd ones, with a remark and a follow-up.
func (g *generator) renewedInspection(i int, at time.Time, kind, mode string, orgs []string, year int) {
	deficient := (i == 2 && year%2 == 0) || (i == 4 && year%2 == 1)
	in := premises.InspectionInput{Kind: kind, Mode: mode, ConductedAt: at.Format(time.RFC3339), OrganizationIDs: orgs,
		Inspectors: "Alkoholhandläggare (demo)", Protocol: g.protocol(kind, deficient), Recorded: true,
		CommitmentID: commitment(g.c.RecordedVisits), Synthetic: true}
	if kind == premises.Joint {
		in.Inspectors = "Alkoholhandläggare och polis (demo)"
	}
	if deficient {
		in.Protocol.Remarks = "Syntetiskt protokoll (demo): personalen kontrollerade inte legitimation i entrén."
		in.FollowUp = "Uppföljande besök och samtal med serveringsansvarig (demo)."
		in.FollowUpOn = at.AddDate(0, 0, 21).Format(dateLayout)
		in.Sanction = "remark"
	}
	g.addInspection(DemoInspection{Premises: i, Input: in})
}

// salenCouncil adds Malung-Sälen's council (BråMS) in February, May,
// September and November from the autumn of year on: where the promise is
// followed up. Each meeting's action items are due at the next, so that
// the latest meeting's are open and none overdue.
func (g *generator) salenCouncil(year int) {
	municipality, police := id(g.orgs[demoMalung]), id(g.orgs[demoPolice])
	var days []time.Time
	for y := year; y <= year+3; y++ {
		for q, month := range []time.Month{time.February, time.May, time.September, time.November} {
			day := weekdayOn(time.Date(y, month, 10+q, 0, 0, 0, 0, time.UTC), time.Thursday)
			if !day.Before(time.Date(year, time.September, 1, 0, 0, 0, 0, time.UTC)) {
				days = append(days, day)
			}
		}
	}
	topics := map[time.Month]string{
		time.February:  "Säsongen hittills: lägesbilden och medborgarlöftets insatser",
		time.May:       "Uppföljning av vintersäsongen: vad som gjordes, vad som inte gjordes och varför",
		time.September: "Inför vintersäsongen: planeringen av krogtillsynen, trafiken och forumet",
		time.November:  "Inför säsongsstarten: medborgarlöftets åtaganden och informationen till invånarna",
	}
	for i, day := range days[:len(days)-1] {
		next := days[i+1]
		actions := []ActionInput{
			{Text: "Sammanställ lägesbilden sedan förra mötet till nästa BråMS (demo).", OrganizationID: municipality, DueOn: next.Format(dateLayout)},
			{Text: "Redovisa polisens insatser i Sälenfjällen till nästa BråMS (demo).", OrganizationID: police, DueOn: next.Format(dateLayout)},
		}
		for j := range actions {
			actions[j].DoneOn = g.doneOn(day, next)
		}
		g.addMeeting(MeetingInput{
			Title: fmt.Sprintf("BråMS, %s %d (demo)", swedishMonths[day.Month()-1], day.Year()), Kind: MeetingCouncil,
			OrganizationID: municipality, MunicipalityCode: "2023", StartsAt: g.at(day, 13, 0), EndsAt: g.at(day, 15, 30),
			Place: "Malung-Sälens kommunhus, Malung (demo)", OrganizationIDs: []string{municipality, police},
			Attendees: []AttendeeInput{{Name: "Trygghetssamordnare (demo)", OrganizationID: municipality},
				{Name: "Kommunpolis (demo)", OrganizationID: police}, {Name: "Kommunstyrelsens ordförande (demo)", OrganizationID: municipality}},
			Agenda:    "1. Lägesbilden sedan förra mötet\n2. " + topics[day.Month()] + "\n3. Övrigt",
			Minutes:   "Syntetiska minnesanteckningar (demo).",
			Decisions: "Medborgarlöftets arbete fortsätter enligt planen.",
			Actions:   actions, Synthetic: true}, "council")
	}
}
