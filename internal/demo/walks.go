package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/walk"
)

// The safety walk at Noret (issue 13): the Mora promise's analysis found
// the night life on the public parking areas of Noret's shopping area a
// problem, and lighting a matter of safety. Three weeks before the clock's
// day, residents, Mora kommun, the police and the property owner walked
// the parking areas; their points and actions are invented, labelled so,
// and their dates follow the clock: one action done, one overdue.

type demoPoint struct {
	lat, lon       float64
	category, text string
	commitment     string // the text of the Noret promise's commitment it is linked to, if any
	action, owner  string
	dueDays        int // after the walk; 0 for none
	status         string
}

var noretPoints = []demoPoint{
	{61.0088, 14.5792, "lighting", "Flera lyktstolpar är släckta på den allmänna parkeringen vid handelsområdet; mellan bilarna är det mörkt. (demo)",
		"Kommunen ser över belysningen på de allmänna parkeringarna vid Noret. (demo)",
		"Gatuenheten byter de trasiga armaturerna på parkeringen. (demo)", "Mora kommun", 14, walk.StatusInProgress},
	{61.0083, 14.5811, "lighting", "Gångvägen från parkeringen till busshållplatsen saknar belysning. (demo)", "",
		"Gatuenheten tar med belysning längs gångvägen i nästa års investeringar. (demo)", "Mora kommun", 90, walk.StatusOpen},
	{61.0091, 14.5803, "vegetation", "Buskaget vid parkeringens norra del skymmer sikten mot gångvägen. (demo)", "",
		"Fastighetsägaren klipper ner buskaget. (demo)", "Noret Handel Fastigheter AB (demo)", 10, walk.StatusDone},
	{61.0086, 14.5799, "gathering", "Unga samlas med bil på parkeringen fredags- och lördagskvällar; hög musik och skräp efteråt. (demo)",
		"Polisen är synlig vid Noretområdet på fredags- och lördagskvällar. (demo)",
		"Polisen är synlig vid parkeringen fredags- och lördagskvällar och pratar med de unga. (demo)", "Polisen, lokalpolisområde Mora", 28,
		walk.StatusInProgress},
	{61.0082, 14.5788, "littering", "Överfulla papperskorgar och skräp vid parkeringens västra infart. (demo)", "", "", "", 0, ""},
}

// loadWalks records the Noret walk; it returns the number of its actions.
func loadWalks(ctx context.Context, d *db.DB, actor audit.Actor, ids map[string]int64) (int, error) {
	store := walk.NewStore(d)
	today := d.Clock().Now()
	held := today.AddDate(0, 0, -21)
	heldOn := walk.Date(held)
	id := func(name string) string { return strconv.FormatInt(ids[name], 10) }
	route := `{"type":"LineString","coordinates":[[14.5785,61.0081],[14.5788,61.0082],[14.5792,61.0088],[14.5799,61.0086],[14.5803,61.0091],[14.5811,61.0083]]}`
	w, err := store.CreateWalk(ctx, actor, walk.Input{MunicipalityCode: "2062", HeldOn: heldOn,
		Area: "Noret, handelsområdets parkeringar (demo)", Route: []byte(route), ResidentsCount: 9,
		Notes:           "Kvällsvandring kl. 19–21 med boende, kommunen, polisen och fastighetsägaren. Regnigt och mörkt. (demo)",
		OrganizationIDs: []string{id("Mora kommun"), id("Polisen, lokalpolisområde Mora"), id("Noret Handel Fastigheter AB (demo)")},
		Synthetic:       true})
	if err != nil {
		return 0, fmt.Errorf("demo walk: %w", err)
	}
	actions := 0
	for _, p := range noretPoints {
		lat, lon := p.lat, p.lon
		in := walk.PointInput{Lat: &lat, Lon: &lon, Place: "Noret", Category: p.category, Description: p.text}
		if p.commitment != "" {
			var c int64
			err := d.QueryRowContext(ctx, `SELECT c.id FROM commitments c JOIN promises pr ON pr.id = c.promise_id
				WHERE pr.municipality_code = '2062' AND c.text = ? ORDER BY c.id LIMIT 1`, p.commitment).Scan(&c)
			switch {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return 0, fmt.Errorf("demo walk commitment: %w", err)
			default:
				in.CommitmentID = strconv.FormatInt(c, 10)
			}
		}
		pt, err := store.AddPoint(ctx, actor, w.ID, in)
		if err != nil {
			return 0, fmt.Errorf("demo walk point: %w", err)
		}
		if p.action == "" {
			continue
		}
		_, err = store.AddAction(ctx, actor, pt.ID, walk.ActionInput{Text: p.action, OrganizationID: id(p.owner),
			DueOn: walk.Date(held.AddDate(0, 0, p.dueDays)), Status: p.status})
		if err != nil {
			return 0, fmt.Errorf("demo walk action: %w", err)
		}
		actions++
	}
	// Told to the residents: the walk's public page shows its actions.
	if err := store.SetPublic(ctx, actor, w.ID, true); err != nil {
		return 0, fmt.Errorf("demo walk public: %w", err)
	}
	return actions, nil
}
