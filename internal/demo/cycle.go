package demo

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/promise"
)

// The current cycle: the demo is alive on the day it is loaded. Sälen's
// promise of 2016 is history; the parties renewed it, and the renewed
// promise (invented, "(demo)") covers two winter seasons as the first
// did: the season under way, or between seasons the coming one
// (activity.DemoSeason), and the one before it. So on any day the promise
// is in force, the season before is complete with its follow-up, and the
// season under way has its work, reports, meetings and briefs up to that
// day; in summer the coming season is being prepared. Its parties are
// those the first promise named for the forum as well: the rescue
// service, the health centre and the ambulance commit too.

// The forum's parties, which the promise of 2016 names, and the demo's
// organisations for them.
const (
	rescue       = "Räddningstjänsten Malung-Sälen"
	healthCentre = "Vårdcentralen i Sälen"
	ambulance    = "Ambulansen i Sälen"
)

// RenewedTitle is the title of the renewed Sälen promise of the demo
// loaded at now: "Medborgarlöfte i Sälen 2025–2027 (demo)".
func RenewedTitle(now time.Time) string {
	first := activity.DemoSeason(now) - 1
	return fmt.Sprintf("Medborgarlöfte i Sälen %d–%d (demo)", first, first+2)
}

// renewedPromise is the renewed promise for the seasons first–first+1 and
// first+1–first+2, signed on the last Friday of November before the first.
func renewedPromise(id func(string) string, first int) promise.Input {
	signed := time.Date(first, time.November, 30, 0, 0, 0, 0, time.UTC)
	for signed.Weekday() != time.Friday {
		signed = signed.AddDate(0, 0, -1)
	}
	day := func(t time.Time, days int) string { return t.AddDate(0, 0, days).Format("2006-01-02") }
	visits := 1.0
	return promise.Input{
		Title:            fmt.Sprintf("Medborgarlöfte i Sälen %d–%d (demo)", first, first+2),
		MunicipalityCode: "2023",
		Problem: "Medborgarlöftet i Sälen 2016–2018 förnyas för två nya vintersäsonger. Sälenfjällen är under högsäsong i antal människor att jämföras med en större stad, och samverkan är fortfarande nyckeln till det trygghetsskapande arbetet: en gemensam lägesbild vecka för vecka, krogtillsyn, trafikkontroller och ett forum där polis, räddningstjänst, vårdcentral och ambulans möter näringslivet.\n\n" +
			"Uppföljningen av de förra säsongerna visade att rapporterna från ordningsvakter och restauranger ger lägesbilden, och att forumet behöver räddningstjänsten, vårdcentralen och ambulansen som egna parter med egna åtaganden. (demo)",
		Effect:      "Den upplevda tryggheten ska öka runt områden med stor tillströmning av besökare, och trafiken på ankomstdagarna ska bli säkrare. Varje serveringsställe får minst ett protokollfört besök per säsong. (demo)",
		FollowUp:    "Följs upp efter varje säsong i BråMS, med lägesbilden vecka för vecka, polisens och kommunens insatser och parternas utvärderingar. (demo)",
		StartsOn:    fmt.Sprintf("%d-12-01", first),
		EndsOn:      fmt.Sprintf("%d-04-30", first+2),
		PeriodLabel: fmt.Sprintf("Vintersäsongerna %d–%d och %d–%d", first, first+1, first+1, first+2),
		SignedOn:    signed.Format("2006-01-02"),
		SignedPlace: "Sälen",
		Parties: []promise.PartyInput{
			{OrganizationID: id(police), SignatoryTitle: "Lokalpolisområdeschef (demo)"},
			{OrganizationID: id(malung), SignatoryTitle: "Kommunstyrelsens ordförande (demo)"},
			{OrganizationID: id(destination), SignatoryTitle: "VD (demo)"},
			{OrganizationID: id(rescue), SignatoryTitle: "Räddningschef (demo)"},
			{OrganizationID: id(healthCentre), SignatoryTitle: "Verksamhetschef (demo)"},
			{OrganizationID: id(ambulance), SignatoryTitle: "Stationschef (demo)"},
		},
		Communication: []promise.Channel{
			{Channel: "press", DoneOn: day(signed, 0)},
			{Channel: "websites", DoneOn: day(signed, 3)},
			{Channel: "social_media", DoneOn: day(signed, 3)},
			{Channel: "internal", DoneOn: day(signed, 7)},
		},
		Commitments: []promise.CommitmentInput{
			{OrganizationID: id(police), Text: "Polisen genomför trafikkontroller i anslutning till Sälenfjällen och på tillfartsvägarna, på ankomstdagar och vid afterski. (demo)"},
			{OrganizationID: id(police), Text: "Polisen håller ett samverkansmöte med ordningsvakternas chefer varje vecka under säsongen, för en gemensam lägesbild vecka för vecka. (demo)"},
			{OrganizationID: id(malung), Text: "Kommunens alkoholhandläggare planerar krogtillsynen tillsammans med polisen, med öppna och dolda krogkontroller under säsongen. (demo)"},
			{OrganizationID: id(malung), Text: "Alkoholhandläggaren gör minst ett protokollfört besök på varje serveringsställe varje säsong. (demo)", Target: &visits, Unit: "protokollfört besök per serveringsställe",
				Measure: string(promise.MeasurePremisesCoverage)},
			{OrganizationID: id(malung), Text: "Kommunen och polisen utbildar krogpersonalen i Ansvarsfull alkoholservering och om narkotika före varje säsong. (demo)"},
			{OrganizationID: id(destination), Text: "Destination Sälenfjällen informerar besökarna inför och under högsäsong om aktiviteter, trafik och större händelser. (demo)"},
			{OrganizationID: id(destination), Text: "Destination Sälenfjällen samlar samverkansforumet med polis, kommun, räddningstjänst, vårdcentral, ambulans och näringslivet före, under och efter varje säsong. (demo)"},
			{OrganizationID: id(rescue), Text: "Räddningstjänsten kontrollerar brandskydd och utrymningsvägar på nattklubbarna före jul och sportlov och deltar i den samordnade krogtillsynen. (demo)"},
			{OrganizationID: id(healthCentre), Text: "Vårdcentralen informerar besökarna om var de får vård under högsäsong och meddelar forumet sin bemanning. (demo)"},
			{OrganizationID: id(ambulance), Text: "Ambulansen planerar framkomligheten för utryckningsfordon med polisen och räddningstjänsten på de största ankomstdagarna. (demo)"},
		},
	}
}

// loadRenewedPromise publishes the renewed promise of the demo loaded at
// now, its commitments under way.
func loadRenewedPromise(ctx context.Context, d *db.DB, actor audit.Actor, ids map[string]int64, now time.Time) (promise.Promise, error) {
	id := func(name string) string { return strconv.FormatInt(ids[name], 10) }
	store := promise.NewStore(d)
	p, err := store.Create(ctx, actor, renewedPromise(id, activity.DemoSeason(now)-1))
	if err != nil {
		return p, fmt.Errorf("demo renewed promise: %w", err)
	}
	if p, err = store.Publish(ctx, actor, p.ID); err != nil {
		return p, fmt.Errorf("demo renewed promise: %w", err)
	}
	for _, c := range p.Commitments {
		if _, err := store.SetStatus(ctx, actor, c.ID, promise.StatusInput{Status: string(promise.InProgress)}); err != nil {
			return p, fmt.Errorf("demo renewed promise: %w", err)
		}
	}
	return store.Promise(ctx, p.ID)
}
