package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
)

// The weekly checklists of the demo (EST): the restaurant's reporter has
// sent the four weeks before this one, the guards' the two before it, and
// nobody this week yet, so that a coordinator sees who has reported which
// week and whom to remind, and a reporter sees the week waiting. Their
// counts are invented, labelled synthetic, and follow the season a little.

// demoChecklist is who sends which weeks, back from this one.
type demoChecklist struct {
	org, email string
	weeksBack  []int
	lines      func(w report.Week) []report.ChecklistLineInput
}

var demoChecklists = []demoChecklist{
	{"Restaurang Kåtan, Lindvallen (demo)", "krog@demo.example", []int{4, 3, 2, 1}, restaurantWeek},
	{"Fjällvakterna Ordningsvakter AB (demo)", "vakt@demo.example", []int{2, 1}, guardsWeek},
}

// restaurantWeek is a week at the restaurant by the slopes: drunk guests
// at after-ski, some disorder, litter; a quiet week says so.
func restaurantWeek(w report.Week) []report.ChecklistLineInput {
	n := w.Number
	lines := []report.ChecklistLineInput{
		{Category: "Berusade personer", Place: "Lindvallen", Count: new(3 + n%4), Note: "Mest vid afterski fredag och lördag."},
		{Category: "Ordningsstörning", Place: "Lindvallen", Count: new(n % 3)},
		{Category: "Nedskräpning", Count: new(1 + n%2)},
		{Category: "Hot eller våld", Count: new(0), Note: "Inget hot mot personalen den här veckan."},
	}
	if n%2 == 0 {
		lines = append(lines, report.ChecklistLineInput{Category: "Misstänkt narkotika", Place: "Lindvallen", Count: new(1),
			Note: "Personalen hittade en påse på toaletten, lämnad till polisen."})
	}
	return lines
}

// guardsWeek is a week of the guards' checklist beside their reports of
// single incidents: what they saw at the places they patrol.
func guardsWeek(w report.Week) []report.ChecklistLineInput {
	n := w.Number
	return []report.ChecklistLineInput{
		{Category: "Ungdomsgrupper som samlas", Place: "Tandådalen", Count: new(2 + n%3), Note: "Vid busshållplatsen sena kvällar."},
		{Category: "Skadegörelse", Place: "Lindvallen", Count: new(n % 2)},
		{Category: "Otrygg plats (belysning, skymd sikt)", Place: "Tandådalen", Count: new(1),
			Note: "Trasig belysning på gångvägen mot parkeringen."},
		{Category: "Buskörning/A-traktor", Count: new(0)},
	}
}

// loadChecklists sends the demo's weekly checklists, each in the name of
// its reporter, as of now.
func loadChecklists(ctx context.Context, d *db.DB, orgIDs map[string]int64, now time.Time) (int, error) {
	store := report.NewStore(d)
	this := report.WeekOf(now)
	sent := 0
	for _, c := range demoChecklists {
		var userID int64
		if err := d.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, c.email).Scan(&userID); err != nil {
			return sent, fmt.Errorf("demo checklists of %s: %w", c.email, err)
		}
		actor := audit.Actor{UserID: userID, Label: c.email}
		for _, back := range c.weeksBack {
			w := this.Add(-back)
			_, _, err := store.SubmitChecklist(ctx, actor, orgIDs[c.org], report.ChecklistInput{
				MunicipalityCode: report.CodeMalungSalen, Week: w.String(), Lines: c.lines(w), Synthetic: true,
				ExternalID: fmt.Sprintf("demo-%s-%s", c.email, w),
				// Sent on the Monday after the week, as EST reporters do.
				FiledAt: w.Add(1).Start().Add(9 * time.Hour).Format(time.RFC3339),
			})
			if err != nil {
				return sent, fmt.Errorf("demo checklist of %s, %s: %w", c.org, w, err)
			}
			sent++
		}
	}
	return sent, nil
}
