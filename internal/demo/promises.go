package demo

import (
	"context"
	"fmt"
	"strconv"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/promise"
)

// The organisation names the promises refer to, as in orgs.
const (
	police      = "Polisen, lokalpolisområde Mora"
	mora        = "Mora kommun"
	malung      = "Malung-Sälens kommun"
	destination = "Destination Sälenfjällen"
)

// The two businesses at Noret that joined Mora's promise when it was
// extended. The source documents do not name them, so they are invented.
var noretBusinesses = []demoOrg{
	{"Noret Handel Fastigheter AB (demo)", "company", []string{"2062"}},
	{"Noretgrillen (demo)", "company", []string{"2062"}},
}

// loadPromises adds the Mora agreement of 2016, the Sälen promise
// 2016–2018 and the Mora promise on Noret, published, with statuses. The
// texts of the agreement and of the Sälen promise are those of the source
// documents; what the documents do not say is invented and ends in "(demo)".
func loadPromises(ctx context.Context, d *db.DB, actor audit.Actor, ids map[string]int64) error {
	orgs := org.NewStore(d)
	for _, o := range noretBusinesses {
		created, err := orgs.Create(ctx, actor, org.Input{Name: o.name, Kind: o.kind, MunicipalityCodes: o.codes})
		if err != nil {
			return fmt.Errorf("demo organisation %s: %w", o.name, err)
		}
		ids[o.name] = created.ID
	}
	id := func(name string) string { return strconv.FormatInt(ids[name], 10) }
	store := promise.NewStore(d)

	agreement, err := store.CreateAgreement(ctx, actor, moraAgreement(id))
	if err != nil {
		return fmt.Errorf("demo agreement: %w", err)
	}
	salen, err := store.Create(ctx, actor, salenPromise(id))
	if err != nil {
		return fmt.Errorf("demo promise Sälen: %w", err)
	}
	if err := publishWithStatuses(ctx, store, actor, salen, []string{"done", "done", "done", "in_progress", "done", "done", "in_progress", "done", "done", "in_progress"}); err != nil {
		return fmt.Errorf("demo promise Sälen: %w", err)
	}
	in := noretPromise(id)
	in.AgreementID = strconv.FormatInt(agreement.ID, 10)
	noret, err := store.Create(ctx, actor, in)
	if err != nil {
		return fmt.Errorf("demo promise Noret: %w", err)
	}
	if err := publishWithStatuses(ctx, store, actor, noret, []string{"done", "done", "done", "not_done"}); err != nil {
		return fmt.Errorf("demo promise Noret: %w", err)
	}
	noret, err = store.Amend(ctx, actor, noret.ID, noretExtension(id))
	if err != nil {
		return fmt.Errorf("demo extension of the Noret promise: %w", err)
	}
	added := noret.Commitments[len(noret.Commitments)-2:]
	for i, status := range []string{"done", "in_progress"} {
		if _, err := store.SetStatus(ctx, actor, added[i].ID, promise.StatusInput{Status: status}); err != nil {
			return fmt.Errorf("demo status: %w", err)
		}
	}
	return nil
}

// noretLightingReason is why the municipality's lighting commitment was
// not done in the first period (invented).
const noretLightingReason = "Belysningen på parkeringarna ägs av fastighetsägaren. Arbetet flyttades till förlängningen av löftet, där fastighetsägaren åtog sig det. (demo)"

// publishWithStatuses publishes p and sets the status of its commitments
// in order.
func publishWithStatuses(ctx context.Context, store *promise.Store, actor audit.Actor, p promise.Promise, statuses []string) error {
	if _, err := store.Publish(ctx, actor, p.ID); err != nil {
		return err
	}
	for i, c := range p.Commitments {
		in := promise.StatusInput{Status: statuses[i]}
		if in.Status == "not_done" {
			in.Reason = noretLightingReason
		}
		if _, err := store.SetStatus(ctx, actor, c.ID, in); err != nil {
			return err
		}
	}
	return nil
}

func moraAgreement(id func(string) string) promise.AgreementInput {
	return promise.AgreementInput{
		Title:            "Samverkansavtal mellan Mora kommun och lokalpolisområde Mora, Malung/Sälen, 2016",
		MunicipalityCode: "2062",
		Parties: []promise.PartyInput{
			{OrganizationID: id(mora), SignatoryTitle: "Kommunalråd", SignatoryName: "Anna Hed"},
			{OrganizationID: id(police), SignatoryTitle: "Lokalpolisområdeschef Mora, Malung/Sälen", SignatoryName: "Rune Lindbom"},
		},
		SignedOn:    "2016-09-02",
		SignedPlace: "Mora",
		StartsOn:    "2016-09-02",
		EndsOn:      "2018-12-31",
		Purpose: "Mora kommun och lokalpolisområde Mora, Malung/Sälen har kommit överens om ett nytt samverkansavtal avseende ett gemensamt brottsförebyggande arbete.\n\n" +
			"Syftet är att i samverkan, såväl lång- som kortsiktigt, stärka det lokala brottsförebyggande arbetet för att öka tryggheten och minska brottsligheten i kommunen. Överenskommelsen avser att tydliggöra samverkansformer och precisera åtaganden.",
		Collaboration: "För att uppnå framgång och skapa en gemensam bild av de lokala problemen krävs nära samarbete och samråd mellan företrädare för kommunen och polisen på en lokal operativ nivå.\n\n" +
			"Det lokala brottsförebyggande rådet ska vara en naturlig aktör i detta arbete.\n\n" +
			"Medborgarlöften är en ny del i polisen och kommunens samverkan i det brottsförebyggande och trygghetsskapande arbetet. Löftet utgår från en lokal kartläggning där en problembild tagits fram och prioriterats utifrån dialoger som genomförts med medborgare och medarbetare, utifrån kunskap som polisen och kommunen besitter samt utifrån brottsstatistik. Den lokala problembilden kommer att vara utgångspunkt för arbetet i medborgarlöftena.",
		Problem: "Ur såväl medborgar- som medarbetardialoger, samt statistik, framkommer det att nattlivet på de allmänna parkeringarna vid Noretområdets handelsområde utgör en problematik i Mora kommun, då väldigt många ungdomar samlas där. Det framkommer vidare att det särskilt är på kvällar och under helger som problematiken föreligger.\n\n" +
			"Utifrån denna analys skapas Moras medborgarlöfte.",
		FollowUp: "Sker framförallt vid BRÅ-möten.",
		FocusAreas: []promise.FocusAreaInput{
			{Title: "Trafik", Description: "Polis och kommun ska genom att föra en kontinuerlig dialog hjälpas åt i det förebyggande arbetet för att göra trafikmiljön säkrare i Mora. Genom att informationsutbyte ska både polis och kommun eftersträva att utföra sina insatser på efterfrågade och prioriterade platser."},
			{Title: "Ökad trygghet på allmänna platser", Description: "Polis och kommun ska arbeta för att ge allmänheten en ökad trygghet på gator och torg. Detta sker bland annat genom polisiär synlighet, men även genom att andra vuxna finns ute, bl.a. fältarbetare.\n\nGenom dialog tittar polis och kommun tillsammans på brottsförebyggande åtgärder, såsom belysning och andra faktiska brottsförebyggande omständigheter."},
			{Title: "Narkotika", Description: "Polis och kommun ska samarbeta i arbetet mot narkotika i kommunen, genom gemensamma och separata insatser och kontinuerlig dialog. Samarbetet mot narkotika fokuserar både på individ- och samhällsnivå."},
			{Title: "Ungdomar", Description: "Polis och kommun avser att ha en tät dialog för att fånga upp ungdomar i riskzon, förebygga social oro och våldsbejakande extremism. Samarbetet baseras på brottsförebyggande åtgärder och kontinuerlig dialog med olika aktörer, som kommer i kontakt med ungdomar."},
			{Title: "Integration", Description: "Polis och kommun avser att gemensamt och enskilt arbeta brottsförebyggande och sprida information, som kan motverka främlingsfientlighet och ryktesspridning. Informationsinsatserna riktar sig dels till nyanlända och dels till svenska medborgare. Genom en öppen och kontinuerlig dialog mellan kommun och polis lägger vi prioriteringarna där de behövs mest."},
		},
	}
}

func salenPromise(id func(string) string) promise.Input {
	target := 1.0
	return promise.Input{
		Title:            "Medborgarlöfte i Sälen 2016–2018",
		MunicipalityCode: "2023",
		Problem: "Sälenfjällen är under stora delar av året i antal människor att jämföras med en större stad. Uppmot 80 000 -100 000 människor rör sig i området Sälenfjällen under högsäsong varje dag, på ett område stort som Gotland; från Kläppen i söder, över fjället, till Stöten mot norska gränsen.\n\n" +
			"Utifrån dialoger och utvärderingar är samverkan ett nyckelord i det trygghetsskapande arbete som bedrivs i Sälenfjällen. En del av detta arbete är att utveckla samverkan mellan polisen och ordningsvakter, bland annat gällande en gemensam lägesbild vecka för vecka under säsongen. Dialoger mellan polisen, ordningsvakter och restaurangägare är viktiga att beakta i det brottsförebyggande arbetet. Polisen ska ha en aktiv Trafikövervakning i Sälenfjällen under säsongen.",
		Effect: "Den upplevda tryggheten ska öka runt områden med stor tillströmning av besökare i Sälen genom synlighet av polis samt genom samverkan mellan restaurangägare, ordningsvakter, polis och andra aktörer. Trafikkontroller ska leda till en tryggare Trafikmiljö i Sälen.",
		FollowUp: "Arbetet med medborgarlöftet kommer att följas upp och utvärderas efter varje säsong.\n\n" +
			"Uppföljning kommer att ske främst i BråMS där kommunen och Polisen är representerade samt genom statistik och i övrigt genom utvärderingar från de olika aktörerna och Destination Sälenfjällen.",
		StartsOn:    "2016-12-09",
		EndsOn:      "2018-04-30",
		PeriodLabel: "Vintersäsonger 2016-2017 samt 2017-2018",
		SignedOn:    "2016-12-09",
		SignedPlace: "Malung",
		Parties: []promise.PartyInput{
			{OrganizationID: id(police), SignatoryTitle: "Lokalpolisområdeschef", SignatoryName: "Rune Lindbom"},
			{OrganizationID: id(malung), SignatoryTitle: "Kommunstyrelsens ordf.", SignatoryName: "Kurt Podgorski"},
			{OrganizationID: id(destination), SignatoryTitle: "VD Destination Sälen", SignatoryName: "Charlotte Skott"},
		},
		Communication: []promise.Channel{
			{Channel: "press", DoneOn: "2016-12-09"},
			{Channel: "websites", DoneOn: "2016-12-12"},
			{Channel: "social_media", DoneOn: "2016-12-12"},
			{Channel: "internal", DoneOn: "2016-12-16"},
		},
		Commitments: []promise.CommitmentInput{
			{OrganizationID: id(police), Text: "Att genomföra Trafikkontroller i anslutning till Sälenfjällen och även på tillfartsvägar till Sälenfjällen."},
			{OrganizationID: id(police), Text: "I syfte att ha en gemensam lägesbild kommer samverkansmöten att ske mellan polisen och ordningsvaktchefer, samt genom utbyte av erfarenheter."},
			{OrganizationID: id(police), Text: "Vid särskilda händelser exempelvis \"Folk och Försvar\" ska polisinsatschefen lämna en lägesbeskrivning till RLC (Regionskommunikationscentralen)."},
			{OrganizationID: id(police), Text: "Att genomföra ett av få pilotprojekt i Sverige på landsbygden, med kommunikationsredskapet Rakel i samverkan mellan polis och ordningsvakter."},
			{OrganizationID: id(malung), Text: "Att i samverkan med polisen offentliggöra medborgarlöftet till media, på hemsidor och via sociala medier samt internt hos varje aktör."},
			{OrganizationID: id(malung), Text: "Krog tillsyn ska planeras av polisen tillsammans med kommunens alkoholhandläggare."},
			{OrganizationID: id(malung), Text: "Alkoholhandläggare skall göra minst ett protokollfört besök på varje serveringsställe.", Target: &target, Unit: "protokollfört besök per serveringsställe",
				Measure: string(promise.MeasurePremisesCoverage)},
			{OrganizationID: id(malung), Text: "Kommunens alkoholhandläggare och Lokalpolisområde Mora samverkar i utbildningen för Ansvarsfull Alkoholservering samt utbildningar rörande narkotikaproblematiken."},
			{OrganizationID: id(destination), Text: "Att via ett öppet och informativt sätt informera inför och under högsäsong om aktiviteter och större händelser av vikt. Destination Sälenfjällen kommer under året att fortsätta skapa mötesplatser för samverkansforum där polis, räddningstjänst, vårdcentral och ambulans ingår, tillsammans med näringslivet via Destination Sälenfjällen. Gruppen träffas regelbundet för att informera varandra och utbyta erfarenheter."},
			{OrganizationID: id(destination), Text: "Att fortsätta arbeta för en trygg miljö för både besökare och boende, genom att prioritera och utveckla information- och kommunikationskanaler."},
		},
	}
}

// noretPromise is Mora's promise on the problem the agreement names. Its
// problem is the agreement's; the rest is invented.
func noretPromise(id func(string) string) promise.Input {
	visits := 4.0
	return promise.Input{
		Title:            "Medborgarlöfte i Mora 2016: tryggare kvällar vid Noret",
		MunicipalityCode: "2062",
		Problem: "Ur såväl medborgar- som medarbetardialoger, samt statistik, framkommer det att nattlivet på de allmänna parkeringarna vid Noretområdets handelsområde utgör en problematik i Mora kommun, då väldigt många ungdomar samlas där. " +
			"Det framkommer vidare att det särskilt är på kvällar och under helger som problematiken föreligger.",
		Effect:      "Den upplevda tryggheten vid Noret ska öka på kvällar och helger, och störningarna på parkeringarna ska minska. (demo)",
		FollowUp:    "Följs upp vid BRÅ-mötena, med polisens händelsestatistik för Noret och fältarbetarnas iakttagelser. (demo)",
		StartsOn:    "2016-10-01",
		EndsOn:      "2016-12-31",
		PeriodLabel: "Hösten 2016",
		SignedOn:    "2016-09-30",
		SignedPlace: "Mora",
		Communication: []promise.Channel{
			{Channel: "press", DoneOn: "2016-10-03"},
			{Channel: "websites", DoneOn: "2016-10-03"},
			{Channel: "social_media", DoneOn: "2016-10-04"},
			{Channel: "internal"},
		},
		Commitments: []promise.CommitmentInput{
			{OrganizationID: id(police), Text: "Polisen är synlig vid Noretområdet på fredags- och lördagskvällar. (demo)", Target: &visits, Unit: "insatser per månad"},
			{OrganizationID: id(police), Text: "Polisen gör trafikkontroller vid infarterna till Noret när många samlas med bil. (demo)"},
			{OrganizationID: id(mora), Text: "Kommunens fältarbetare är ute vid Noret på fredags- och lördagskvällar. (demo)", Responsible: "Fältarbetarna, socialtjänsten (demo)"},
			{OrganizationID: id(mora), Text: "Kommunen ser över belysningen på de allmänna parkeringarna vid Noret. (demo)", DueOn: "2016-12-31"},
		},
	}
}

// noretExtension extends the Noret promise to 2017-05-31 with the
// commitments of two businesses at Noret.
func noretExtension(id func(string) string) promise.AmendmentInput {
	return promise.AmendmentInput{
		DecidedOn:   "2016-12-15",
		Description: "Löftet förlängs till och med den 31 maj 2017. Två företag vid Noret ansluter med egna åtaganden.",
		EndsOn:      "2017-05-31",
		Parties: []promise.PartyInput{
			{OrganizationID: id(noretBusinesses[0].name), SignatoryTitle: "Fastighetschef (demo)"},
			{OrganizationID: id(noretBusinesses[1].name), SignatoryTitle: "Ägare (demo)"},
		},
		Commitments: []promise.CommitmentInput{
			{OrganizationID: id(noretBusinesses[0].name), Text: "Sätter upp starkare belysning på parkeringen och håller den tänd till midnatt på fredagar och lördagar. (demo)", DueOn: "2017-02-28"},
			{OrganizationID: id(noretBusinesses[1].name), Text: "Personalen går en runda på parkeringen vid stängning på fredagar och lördagar och larmar vid behov. (demo)"},
		},
	}
}
