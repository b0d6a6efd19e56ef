package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/report"
)

// The weekly briefs of the demonstration: the Malung-Sälen coordinator's
// briefs for every week of the current cycle's seasons (the season
// before and the one under way, activity.DemoSeason) that is over by the
// time the demo is loaded, written from each week's picture as a
// coordinator would, and labelled as made up. Each is published the
// Monday after its week at 08:30, in the product only (the demonstration
// sends no e-mail); last week's is still a draft before then.

// demoActions are the actions agreed, a few each week: in the sports
// holidays, the Christmas and New Year weeks, the season's first week and
// the other weeks.
var (
	sportsActions = [][]string{
		{
			"Polisen gör trafikkontroller på väg 71 och väg 66 på ankomstdagen lördag kl. 10–16.",
			"Fjällvakterna förstärker med två ordningsvakter vid afterski i Lindvallen fredag och lördag kl. 15–18.",
			"Destination Sälenfjällen påminner gästerna om hemtransport och stängningstider i appen inför helgen.",
		},
		{
			"Kommunens alkoholhandläggare och polisen gör en samordnad krogtillsyn i Tandådalen natten mot söndag.",
			"Fjällvakterna har en ordningsvakt vid busshållplatsen i Lindvallen vid stängning kl. 01–03.",
			"Kommunen anmäler den trasiga belysningen vid gångvägen i Lindvallen till fastighetsägaren.",
			"Nästa samverkansmöte med ordningsvakternas chefer är måndag kl. 10 på polisstationen i Sälen.",
		},
		{
			"Polisen fortsätter med nykterhetskontroller på morgonen på väg till backarna, lördag och söndag.",
			"Restaurangerna i Högfjället går igenom Ansvarsfull alkoholservering med sin personal före helgen.",
			"Vi följer upp sportlovsveckorna på BråMS-mötet i maj.",
		},
	}
	christmasActions = []string{
		"Polisen gör trafikkontroller på ankomstdagarna mellan jul och nyår, på väg 66 och väg 71.",
		"Fjällvakterna förstärker vid afterski och vid stängning på nyårsafton.",
		"Ambulansen och räddningstjänsten har sina uppställningsplatser vid Lindvallen och Tandådalen som forumet bestämde.",
	}
	firstActions = []string{
		"Alkoholhandläggaren fortsätter säsongens protokollförda besök, de största serveringsställena först.",
		"Fjällvakterna rapporterar varje kväll från afterski och stängning, också när det är lugnt.",
		"Destination Sälenfjällen sprider informationen inför jul och nyår.",
	}
	weekActions = [][]string{
		{
			"Fjällvakterna har ordningsvakter vid afterski i Lindvallen och Tandådalen fredag och lördag.",
			"Polisen gör en trafikkontroll på ankomstdagen lördag.",
		},
		{
			"Kommunen ser över belysningen vid gångvägarna där rapporterna om otrygga platser kom.",
			"Restaurangerna påminner personalen om legitimationskontroll i entrén.",
			"Nästa samverkansmöte med ordningsvakternas chefer är måndag kl. 10.",
		},
	}
)

// weekKind says what week of the season w is: its label for the brief's
// first line and the actions agreed.
func weekKind(w report.Week, seasonStart time.Time) (label string, actions []string) {
	start := w.Start()
	christmas := false
	for d := range 7 {
		day := start.AddDate(0, 0, d)
		if day.Month() == time.December && day.Day() >= 24 || day.Month() == time.January && day.Day() == 1 {
			christmas = true
		}
	}
	switch {
	case w.Number >= 7 && w.Number <= 10:
		return fmt.Sprintf("Sportlovsvecka %d", w.Number), sportsActions[(w.Number-7)%len(sportsActions)]
	case christmas:
		return fmt.Sprintf("Jul- och nyårsveckan (vecka %d)", w.Number), christmasActions
	case !seasonStart.Before(start) && seasonStart.Before(w.End()):
		return fmt.Sprintf("Säsongens första vecka (vecka %d)", w.Number), firstActions
	}
	return fmt.Sprintf("Vecka %d", w.Number), weekActions[w.Number%len(weekActions)]
}

// loadBriefs writes the demonstration's briefs for Malung-Sälen, as its
// coordinator, from the reports loaded before, and publishes those whose
// Monday has come by now. It returns how many it published.
func loadBriefs(ctx context.Context, d *db.DB, now time.Time) (int, error) {
	var coordinator int64
	if err := d.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, "samordnare@demo.example").Scan(&coordinator); err != nil {
		return 0, fmt.Errorf("demo coordinator: %w", err)
	}
	actor := audit.Actor{UserID: coordinator, Label: "demo"}
	store := brief.NewStore(d)
	reports := report.NewStore(d)
	season := activity.DemoSeason(now)
	this := report.WeekOf(now)
	n := 0
	for year := season - 1; year <= season; year++ {
		seasonStart := time.Date(year, time.December, 1, 0, 0, 0, 0, clock.Zone())
		last := report.WeekOf(time.Date(year+1, time.April, 19, 12, 0, 0, 0, clock.Zone()))
		for week := report.WeekOf(seasonStart); !last.Before(week) && week.Before(this); week = week.Add(1) {
			sit, err := reports.Situation(ctx, report.SituationQuery{MunicipalityCode: report.CodeMalungSalen, Week: week.String()})
			if err != nil {
				return n, err
			}
			label, actions := weekKind(week, seasonStart)
			b, err := store.Create(ctx, actor, brief.Input{MunicipalityCode: report.CodeMalungSalen, Week: week.String(),
				Analysis: demoAnalysis(sit, label), Actions: strings.Join(actions, "\n"), Synthetic: true})
			if err != nil {
				return n, fmt.Errorf("demo brief %s: %w", week, err)
			}
			at := week.End().Add(8*time.Hour + 30*time.Minute) // Monday morning after the week
			if at.After(now) {
				continue // still being written
			}
			if _, err := store.Publish(ctx, actor, b.ID, brief.PublishOptions{At: at}); err != nil {
				return n, fmt.Errorf("publish demo brief %s: %w", week, err)
			}
			n++
		}
	}
	return n, nil
}

// demoAnalysis writes what a coordinator would make of the week's picture:
// how busy it was, what was reported most and where, when, and what
// stands out.
func demoAnalysis(sit report.Situation, label string) string {
	var b strings.Builder
	previous := 0
	if n := len(sit.Trend); n >= 2 {
		previous = sit.Trend[n-2].Count
	}
	fmt.Fprintf(&b, "%s med %d rapporter, mot %d veckan före.", label, sit.Total, previous)
	var top []string
	for _, c := range sit.ByCategory {
		if c.Count > 0 && len(top) < 2 {
			top = append(top, fmt.Sprintf("%s (%d)", strings.ToLower(c.Category), c.Count))
		}
	}
	if len(top) > 0 {
		fmt.Fprintf(&b, " Flest gällde %s", strings.Join(top, " och "))
		var places []string
		for _, p := range sit.ByPlace[:min(2, len(sit.ByPlace))] {
			places = append(places, p.Place)
		}
		if len(places) > 0 {
			fmt.Fprintf(&b, ", främst i %s", strings.Join(places, " och "))
		}
		b.WriteString(".")
	}
	if day, hour, ok := peak(sit); ok {
		fmt.Fprintf(&b, " Mest hände %s kring kl. %02d.", day, hour)
	}
	b.WriteString("\n\n")
	if len(sit.Flags) > 0 {
		f := sit.Flags[0]
		subject := strings.ToLower(f.Category)
		if f.Place != "" {
			subject += " vid " + f.Place
		}
		fmt.Fprintf(&b, "Det som sticker ut är %s: %d rapporter mot normalt %s i veckan. Vi tar upp det med ordningsvakternas chefer och restaurangerna.",
			subject, f.Count, swedish().Decimal(f.BaselineMean, 1))
	} else {
		b.WriteString("Inget sticker ut jämfört med vanliga veckor: det är en vanlig vecka för säsongen, med köerna vid afterski och vid stängning som den största uppgiften.")
	}
	b.WriteString("\n\n(Demo: analysen är påhittad och bygger på syntetiska rapporter.)")
	return b.String()
}

var weekdayNames = []string{"på måndagar", "på tisdagar", "på onsdagar", "på torsdagar", "på fredagar", "på lördagar", "på söndagar"}

// peak returns the weekday and hour with the most reports.
func peak(sit report.Situation) (string, int, bool) {
	best, day, hour := 0, 0, 0
	for d := range 7 {
		for h := range 24 {
			if n := sit.HourWeekday[d][h]; n > best {
				best, day, hour = n, d, h
			}
		}
	}
	return weekdayNames[day], hour, best > 0 && slices.ContainsFunc(sit.ByCategory, func(c report.CategoryCount) bool { return c.Count > 0 })
}

// swedish is the Swedish localiser, for the numbers of the demo's texts.
// The catalogues are embedded and checked by their own tests, so a failure
// to load them is a defect of the build.
var swedish = sync.OnceValue(func() *i18n.Localizer {
	b, err := i18n.Load()
	if err != nil {
		panic("demo: " + err.Error())
	}
	return b.For(i18n.Swedish)
})
