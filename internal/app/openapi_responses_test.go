package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

const (
	coord    = webtest.AsCoordinator // samordnare@, Malung-Sälens kommun
	admin    = webtest.AsAdmin
	member   = webtest.AsMember   // polis@, the police in Mora
	reporter = webtest.AsReporter // vakt@, the guards in Sälen
	anon     = webtest.AsAnon
)

// TestOpenAPIResponses drives the whole product on the demo data through a
// representative request of every operation of the document, as the demo
// users, and the errors a client meets (401, 403, 404, 422), and checks
// each answer against the document (see apiCheck).
func TestOpenAPIResponses(t *testing.T) {
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		a := newAPICheck(t, ts)
		a.unauthenticated()
		a.do(anon, http.MethodGet, "/api/v1/openapi.json", "", http.StatusOK)
		checkAdminAPI(a)
		checkReportAPI(a)
		checkStatisticsAPI(a)
		checkBriefAPI(a)
		checkPromiseAPI(a)
		checkActivityAPI(a)
		checkPremisesAPI(a)
		checkWalkAPI(a)
		checkSurveyAPI(a)
		checkCrimeStatsAPI(a)
		a.coverage()
	})
}

func checkAdminAPI(a *apiCheck) {
	t, ts := a.t, a.ts
	a.do(anon, http.MethodGet, "/api/v1/municipalities", "", http.StatusOK)
	a.do(reporter, http.MethodGet, "/api/v1/municipalities?in_use=true", "", http.StatusOK)
	for _, w := range []webtest.Who{admin, coord, member, reporter} {
		a.do(w, http.MethodGet, "/api/v1/me", "", http.StatusOK)
	}
	a.do(coord, http.MethodGet, "/api/v1/organizations?municipality_code=2023&limit=3", "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/organizations?municipality_code=mora", "", http.StatusUnprocessableEntity)
	mora := ts.OrgID(webtest.MoraName)
	a.do(member, http.MethodGet, "/api/v1/organizations/"+mora, "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/organizations/999999", "", http.StatusNotFound)
	org := id(t, a.do(admin, http.MethodPost, "/api/v1/organizations",
		`{"name":"Kontrollföreningen","kind":"association","municipality_codes":["2023"]}`, http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/organizations",
		`{"name":"Kontrollföreningen","kind":"association","municipality_codes":["2023"]}`, http.StatusForbidden)
	a.do(admin, http.MethodPost, "/api/v1/organizations", `{"name":"","kind":"club","municipality_codes":[]}`, http.StatusUnprocessableEntity)
	a.do(admin, http.MethodPatch, "/api/v1/organizations/"+org, `{"kind":"other"}`, http.StatusOK)
	a.do(admin, http.MethodGet, "/api/v1/users?q=demo&limit=2", "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/users", "", http.StatusForbidden)
	user := id(t, a.do(admin, http.MethodPost, "/api/v1/users",
		`{"email":"kontroll@demo.example","name":"Kontroll Kontrollsson","password":"korrekt häst batteri","organization_id":"`+org+`","role":"member"}`,
		http.StatusCreated))
	a.do(admin, http.MethodPost, "/api/v1/users", `{"email":"inte en adress","name":"","password":"kort"}`, http.StatusUnprocessableEntity)
	a.do(admin, http.MethodGet, "/api/v1/users/"+user, "", http.StatusOK)
	a.do(admin, http.MethodGet, "/api/v1/audit?entity=organization&entity_id="+org, "", http.StatusOK)
	a.do(admin, http.MethodGet, "/api/v1/audit?limit=50", "", http.StatusOK)
}

func checkReportAPI(a *apiCheck) {
	t := a.t
	report := fmt.Sprintf(`{"category": "Berusade personer", "occurred_at": %q, "municipality_code": "2023",
		"place": "Lindvallen", "count": 3, "assessment": "stökigt", "description": "Tre berusade vid liften.",
		"external_id": "openapi-1"}`, webtest.Occurred(2))
	rep := id(t, a.do(reporter, http.MethodPost, "/api/v1/reports", report, http.StatusCreated))
	a.do(reporter, http.MethodPost, "/api/v1/reports", report, http.StatusOK)
	a.do(reporter, http.MethodPost, "/api/v1/reports",
		`{"category": "Snöbollskrig", "occurred_at": "i går", "municipality_code": "2023", "count": 0}`, http.StatusUnprocessableEntity)
	positioned := fmt.Sprintf(`{"category": "Klotter", "occurred_at": %q, "municipality_code": "2023", "lat": 61.17, "lon": 13.27, "external_id": "openapi-2"}`,
		webtest.Occurred(3))
	batch := "[" + positioned + "," + strings.Replace(positioned, "openapi-2", "openapi-3", 1) + "]"
	a.do(reporter, http.MethodPost, "/api/v1/reports/batch", batch, http.StatusCreated)
	a.do(reporter, http.MethodPost, "/api/v1/reports/batch", batch, http.StatusOK)
	a.do(reporter, http.MethodPost, "/api/v1/reports/batch", "[]", http.StatusUnprocessableEntity)
	a.do(reporter, http.MethodGet, "/api/v1/reports/"+rep, "", http.StatusOK)
	a.do(reporter, http.MethodGet, "/api/v1/reports/999999", "", http.StatusNotFound)
	a.do(reporter, http.MethodGet, "/api/v1/reports?limit=5", "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/reports?municipality_code=2023&source=polisen&limit=20", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/reports?municipality_code=2062&from=2026-01-01&to=2026-12-31&limit=20", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/reports?municipality_code=x", "", http.StatusUnprocessableEntity)
	a.do(coord, http.MethodGet, "/api/v1/situation?municipality_code=2023", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/situation?municipality_code=2062&week=2026-W08", "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/situation?municipality_code=2023&week=vecka-8", "", http.StatusUnprocessableEntity)
	a.do(reporter, http.MethodGet, "/api/v1/situation?municipality_code=2023", "", http.StatusForbidden)

	// The weekly checklist: the guards' first of this week, the same
	// submission again, one with a count out of range; who has reported.
	y, wk := clocktest.Now().ISOWeek()
	week := fmt.Sprintf("%d-W%02d", y, wk)
	checklist := fmt.Sprintf(`{"municipality_code": "2023", "week": %q, "external_id": "openapi-week-1",
		"lines": [{"category": "Berusade personer", "count": 4, "place": "Lindvallen"}, {"category": "Klotter", "count": 0}]}`, week)
	a.do(reporter, http.MethodPost, "/api/v1/reports/weekly", checklist, http.StatusCreated)
	a.do(reporter, http.MethodPost, "/api/v1/reports/weekly", checklist, http.StatusOK)
	a.do(reporter, http.MethodPost, "/api/v1/reports/weekly",
		fmt.Sprintf(`{"municipality_code": "2023", "week": %q, "lines": [{"category": "Klotter", "count": -2}]}`, week),
		http.StatusUnprocessableEntity)
	a.do(coord, http.MethodGet, "/api/v1/reports/weekly?municipality_code=2023", "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/reports/weekly?municipality_code=2023&week="+week, "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/reports/weekly?municipality_code=2023&week=vecka-8", "", http.StatusUnprocessableEntity)
	a.do(reporter, http.MethodGet, "/api/v1/reports/weekly?municipality_code=2023", "", http.StatusForbidden)
	a.do(reporter, http.MethodGet, "/api/v1/municipalities/2023", "", http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/municipalities/2023", `{"public_statistics": true, "suppression_threshold": 4}`, http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/municipalities/2023", `{"suppression_threshold": 1}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodPatch, "/api/v1/municipalities/2023", `{"public_statistics": false}`, http.StatusForbidden)
}

func checkStatisticsAPI(a *apiCheck) {
	// The statistics are turned on in Malung-Sälen by checkReportAPI.
	a.do(anon, http.MethodGet, "/api/v1/public/statistics?municipality_code=2023", "", http.StatusOK)
	a.do(anon, http.MethodGet, "/api/v1/public/statistics?municipality_code=2023&from_week=2026-W01&to_week=2026-W10", "", http.StatusOK)
	a.do(anon, http.MethodGet, "/api/v1/public/statistics?municipality_code=2062", "", http.StatusNotFound)
	a.do(anon, http.MethodGet, "/api/v1/public/statistics?municipality_code=2023&from_week=2026-W20&to_week=2026-W10", "", http.StatusUnprocessableEntity)
}

func checkBriefAPI(a *apiCheck) {
	t := a.t
	a.do(member, http.MethodGet, "/api/v1/briefs?municipality_code=2023&limit=5", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/briefs?municipality_code=sälen", "", http.StatusUnprocessableEntity)
	brief := id(t, a.do(coord, http.MethodPost, "/api/v1/briefs",
		`{"municipality_code": "2023", "week": "2026-W40", "analysis": "Lugnt i byn.", "actions": "Fortsätt som förut"}`, http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/briefs", `{"municipality_code": "2023", "week": "2099-W01", "analysis": ""}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodPost, "/api/v1/briefs", `{"municipality_code": "2023", "week": "2026-W41", "analysis": "x"}`, http.StatusForbidden)
	a.do(coord, http.MethodGet, "/api/v1/briefs/"+brief, "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/briefs/"+brief, "", http.StatusNotFound) // a draft
	a.do(coord, http.MethodPatch, "/api/v1/briefs/"+brief, `{"analysis": "Lugnt i byn, stökigt vid liften."}`, http.StatusOK)
	a.do(coord, http.MethodPost, "/api/v1/briefs/"+brief+"/publish", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/briefs/"+brief, "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/briefs/"+brief+"/deliveries", "", http.StatusOK)
}

func checkPromiseAPI(a *apiCheck) {
	t, ts := a.t, a.ts
	police, malung, dest, guards := ts.OrgID(webtest.DemoPolice), ts.OrgID(webtest.DemoMalung), ts.OrgID(webtest.DemoDestination), ts.OrgID(webtest.DemoGuards)
	a.do(reporter, http.MethodGet, "/api/v1/agreements", "", http.StatusForbidden)
	agreement := id(t, a.do(coord, http.MethodPost, "/api/v1/agreements", fmt.Sprintf(`{"title": "Samverkansavtal Malung-Sälen",
		"municipality_code": "2023", "party_ids": [%q], "parties": [{"organization_id": %q, "signatory_title": "Lokalpolisområdeschef"}],
		"signed_on": %q, "signed_place": "Malung", "starts_on": "2027-01-01", "ends_on": "2029-12-31", "purpose": "Tryggare fjäll.",
		"focus_areas": [{"title": "Trafik", "description": "Trafikkontroller."}]}`, malung, police, clocktest.Now().AddDate(0, 0, -5).Format(time.DateOnly)),
		http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/agreements", `{"title": "", "municipality_code": "2023", "starts_on": "i morgon"}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodGet, "/api/v1/agreements?municipality_code=2023", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/agreements/"+agreement, "", http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/agreements/"+agreement, `{"purpose": "Tryggare fjäll för alla."}`, http.StatusOK)
	a.do(member, http.MethodPatch, "/api/v1/agreements/"+agreement, `{"purpose": "Polisens avtal."}`, http.StatusForbidden)
	a.do(member, http.MethodGet, "/api/v1/agreements/"+agreement+"/versions", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/agreements/999999", "", http.StatusNotFound)

	demo := at(t, a.do(coord, http.MethodGet, "/api/v1/promises?municipality_code=2023", "", http.StatusOK), "items", "0", "id")
	a.do(member, http.MethodGet, "/api/v1/promises?limit=1", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/promises/"+demo, "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/promises/"+demo+"/progress", "", http.StatusOK)
	created := a.do(coord, http.MethodPost, "/api/v1/promises", fmt.Sprintf(`{"title": "Tryggare påsk i Sälen", "municipality_code": "2023",
		"agreement_id": %q, "problem": "Många besökare under påsken.", "effect": "Tryggare backar.", "follow_up": "Efter påsk.",
		"starts_on": "2027-03-20", "ends_on": "2027-04-10", "period_label": "påsken 2027", "party_ids": [%q, %q, %q],
		"communication": [{"channel": "press", "done_on": ""}],
		"commitments": [
			{"organization_id": %q, "text": "Trafikkontroller på tillfartsvägarna", "target": 4, "unit": "insatser"},
			{"organization_id": %q, "text": "Krogtillsyn med polisen", "responsible": "Alkoholhandläggaren"},
			{"organization_id": %q, "text": "Information till besökarna", "due_on": "2027-03-19"}]}`,
		agreement, police, malung, dest, police, malung, dest), http.StatusCreated)
	promise, commitment := id(t, created), at(t, created, "commitments", "0", "id")
	a.do(coord, http.MethodPost, "/api/v1/promises", `{"title": "", "municipality_code": "2023", "commitments": [{"organization_id": "x", "text": ""}]}`,
		http.StatusUnprocessableEntity)
	a.do(anon, http.MethodGet, "/api/v1/public/promises/"+promise, "", http.StatusNotFound) // a draft
	a.do(coord, http.MethodPatch, "/api/v1/promises/"+promise, `{"effect": "Tryggare backar och byar."}`, http.StatusOK)
	a.do(coord, http.MethodPost, "/api/v1/promises/"+promise+"/publish", "", http.StatusOK)
	a.do(member, http.MethodPatch, "/api/v1/commitments/"+commitment, `{"status": "not_done", "reason": "Vägen var avstängd av snöoväder."}`, http.StatusOK)
	a.do(member, http.MethodPatch, "/api/v1/commitments/"+commitment, `{"status": "not_done", "reason": ""}`, http.StatusUnprocessableEntity)
	a.do(coord, http.MethodPost, "/api/v1/promises/"+promise+"/amendments", fmt.Sprintf(`{"decided_on": "2027-04-01",
		"description": "Förlängs över valborg.", "ends_on": "2027-05-01", "party_ids": [%q],
		"commitments": [{"organization_id": %q, "text": "Vakter vid after ski"}]}`, guards, guards), http.StatusCreated)
	a.do(anon, http.MethodGet, "/api/v1/public/promises?municipality_code=2023", "", http.StatusOK)
	a.do(anon, http.MethodGet, "/api/v1/public/promises/"+promise, "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/promises/"+promise+"/progress", "", http.StatusOK)
	a.do(coord, http.MethodPost, "/api/v1/promises/"+promise+"/end", "", http.StatusOK)
}

func checkActivityAPI(a *apiCheck) {
	t, ts := a.t, a.ts
	controls := a.do(member, http.MethodGet, "/api/v1/activities?municipality_code=2023&kind=traffic_control&from=2016-12-01&to=2017-04-30&limit=5", "",
		http.StatusOK)
	commitment := at(t, controls, "items", "0", "commitment_id")
	a.do(member, http.MethodGet, "/api/v1/activities?commitment_id="+commitment+"&limit=3", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/activities?kind=skiing", "", http.StatusUnprocessableEntity)
	started := webtest.Occurred(30)
	activity := id(t, a.do(member, http.MethodPost, "/api/v1/activities", fmt.Sprintf(`{"kind": "traffic_control", "commitment_id": %q,
		"started_at": %q, "place": "Riksväg 71 vid Sälens by", "lat": 61.15, "lon": 13.275,
		"counts": {"vehicles_checked": 120, "breath_tests": 118, "offences": 3}, "notes": "Ankomstdag.", "partner_ids": [%q]}`,
		commitment, started, ts.OrgID(webtest.DemoGuards)), http.StatusCreated))
	a.do(member, http.MethodPost, "/api/v1/activities", `{"kind": "patrol", "municipality_code": "2023", "started_at": "i går",
		"topic": "narcotics", "participants": [{"premises_id": "1", "count": 3}]}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodPost, "/api/v1/activities", fmt.Sprintf(`{"kind": "patrol", "organization_id": %q, "started_at": %q}`,
		ts.OrgID(webtest.DemoMalung), started), http.StatusForbidden)
	a.do(member, http.MethodGet, "/api/v1/activities/"+activity, "", http.StatusOK)
	a.do(member, http.MethodPatch, "/api/v1/activities/"+activity, `{"notes": "Ankomstdag, mycket trafik."}`, http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/activities/"+activity, `{"notes": "Kommunens anteckning."}`, http.StatusForbidden)
	a.do(member, http.MethodDelete, "/api/v1/activities/"+activity, "", http.StatusNoContent)
	a.do(member, http.MethodGet, "/api/v1/activities/"+activity, "", http.StatusNotFound)

	premises := at(t, a.do(coord, http.MethodGet, "/api/v1/premises?municipality_code=2023", "", http.StatusOK), "items", "0", "id")
	a.do(coord, http.MethodPost, "/api/v1/activities", fmt.Sprintf(`{"kind": "training", "municipality_code": "2023", "started_at": %q,
		"topic": "responsible_alcohol_service", "counts": {"participants": 4, "hours": 3}, "participants": [{"premises_id": %q, "count": 4}]}`,
		started, premises), http.StatusCreated)
	a.do(coord, http.MethodGet, "/api/v1/trained-premises?municipality_code=2023&since=2026-01-01", "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/trained-premises", "", http.StatusUnprocessableEntity)

	a.do(member, http.MethodGet, "/api/v1/meetings?municipality_code=2023&limit=5", "", http.StatusOK)
	starts := clocktest.Now().Add(48 * time.Hour)
	meeting := a.do(member, http.MethodPost, "/api/v1/meetings", fmt.Sprintf(`{"title": "Samverkansmöte", "kind": "collaboration",
		"starts_at": %q, "ends_at": %q, "place": "Polisen i Sälen", "municipality_code": "2023", "organization_ids": [%q],
		"attendees": [{"name": "Kommunpolisen", "organization_id": %q}, {"name": "En gäst"}],
		"agenda": "1. Lägesbild", "minutes": "Lugn vecka.", "decisions": "Förstärkning på lördag.",
		"actions": [{"text": "Två extra vakter på lördag", "organization_id": %q, "due_on": %q}]}`,
		starts.Format(time.RFC3339), starts.Add(time.Hour).Format(time.RFC3339), ts.OrgID(webtest.DemoGuards),
		ts.OrgID(webtest.DemoPolice), ts.OrgID(webtest.DemoGuards), starts.AddDate(0, 0, 5).Format(time.DateOnly)), http.StatusCreated)
	m, action := id(t, meeting), at(t, meeting, "actions", "0", "id")
	a.do(member, http.MethodPost, "/api/v1/meetings", `{"title": "", "kind": "party", "starts_at": "snart"}`, http.StatusUnprocessableEntity)
	a.do(reporter, http.MethodGet, "/api/v1/meetings/"+m, "", http.StatusOK)
	a.do(member, http.MethodPatch, "/api/v1/meetings/"+m, `{"minutes": "Lugn vecka, inga incidenter."}`, http.StatusOK)
	a.do(member, http.MethodPost, "/api/v1/meeting-actions/"+action+"/done", "", http.StatusOK)
	a.do(member, http.MethodPost, "/api/v1/meeting-actions/"+action+"/done", `{"done_on": ""}`, http.StatusOK)
	a.do(member, http.MethodPost, "/api/v1/meeting-actions/"+action+"/done", `{"done_on": "i går"}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodDelete, "/api/v1/meetings/"+m, "", http.StatusNoContent)
	a.do(member, http.MethodGet, "/api/v1/meetings/"+m, "", http.StatusNotFound)
}

func checkPremisesAPI(a *apiCheck) {
	t, ts := a.t, a.ts
	malung := ts.OrgID(webtest.DemoMalung)
	a.do(member, http.MethodGet, "/api/v1/premises?municipality_code=2023&status=open&limit=5", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises?municipality_code=2023&q=kåtan", "", http.StatusOK)
	a.do(reporter, http.MethodGet, "/api/v1/premises?municipality_code=2023", "", http.StatusForbidden)
	a.do(member, http.MethodGet, "/api/v1/premises", "", http.StatusUnprocessableEntity)
	premises := id(t, a.do(coord, http.MethodPost, "/api/v1/premises", `{"name": "Fjällbaren (test)", "restaurant_number": "20230099",
		"organization_number": "5560125790", "holder_name": "Fjällbaren AB", "address": "Lindvallen 99", "municipality_code": "2023",
		"lat": 61.16, "lon": 13.19, "licence_type": "permanent_public", "serving_hours": "11.00–01.00"}`, http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/premises", `{"name": "", "restaurant_number": "1", "organization_number": "5560125791",
		"holder_name": "", "municipality_code": "2023", "licence_type": "bar"}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodGet, "/api/v1/premises/"+premises, "", http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/premises/"+premises, `{"serving_hours": "11.00–02.00", "status": "closed"}`, http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises/"+premises+"/history", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises/999999", "", http.StatusNotFound)
	const header = "restaurant_number,name,organization_number,holder_name,street_address,postal_code,postal_area,municipality_code,licence_type,serving_hours,lat,lon\n"
	a.send(coord, http.MethodPost, "/api/v1/premises/import", "text/csv",
		header+"20230201,Importbaren (test),556012-5790,Import AB,Sälen 1,78067,Sälen,2023,permanent_public,11.00–01.00,61.16,13.26\n", http.StatusOK)
	a.send(coord, http.MethodPost, "/api/v1/premises/import", "text/csv",
		header+"20230202,Felbaren (test),559900-1005,Fel AB,,,,2023,permanent_public,,,\n", http.StatusUnprocessableEntity)
	a.do(member, http.MethodGet, "/api/v1/premises/coverage?municipality_code=2023", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises/coverage?municipality_code=2023&from=2017-12-01&to=2018-04-30", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises/coverage?municipality_code=2023&season=2017", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises/planning?municipality_code=2023", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises/summary?municipality_code=2023", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises/summary?municipality_code=2023&year=2001", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/premises/summary?municipality_code=2023&year=1066", "", http.StatusUnprocessableEntity)
	a.do(member, http.MethodGet, "/api/v1/municipalities/2023/checklists", "", http.StatusOK)
	a.do(coord, http.MethodPut, "/api/v1/municipalities/2023/checklists/on_site", `{"items": ["Ordning och nykterhet", "Ålderskontroller"]}`, http.StatusOK)
	a.do(coord, http.MethodPut, "/api/v1/municipalities/2023/checklists/register", `{"items": []}`, http.StatusOK)
	a.do(reporter, http.MethodPut, "/api/v1/municipalities/2023/checklists/on_site", `{"items": ["Något"]}`, http.StatusForbidden)

	stoten := at(t, a.do(member, http.MethodGet, "/api/v1/premises?municipality_code=2023&limit=1", "", http.StatusOK), "items", "0", "id")
	inspection := id(t, a.do(coord, http.MethodPost, "/api/v1/inspections", fmt.Sprintf(`{"premises_id": %q, "kind": "on_site", "mode": "open",
		"conducted_at": %q, "organization_ids": [%q], "inspectors": "Alva", "recorded": true,
		"protocol": {"items": [{"check": "Ordning och nykterhet", "result": "ok", "note": ""},
			{"check": "Ålderskontroller", "result": "deficiency", "note": "Ingen legitimationskontroll"}], "remarks": "Samtal med serveringsansvarig"},
		"follow_up": "Nytt besök", "follow_up_on": %q, "sanction": "remark"}`, stoten, webtest.Occurred(20), malung,
		clocktest.Now().AddDate(0, 0, 14).Format(time.DateOnly)), http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/inspections", fmt.Sprintf(`{"premises_id": %q, "kind": "raid", "conducted_at": "2099-01-01T00:00:00Z",
		"organization_ids": []}`, stoten), http.StatusUnprocessableEntity)
	a.do(member, http.MethodGet, "/api/v1/inspections?municipality_code=2023&recorded=true&from=2017-01-01&limit=5", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/inspections?premises_id="+stoten, "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/inspections/"+inspection, "", http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/inspections/"+inspection, `{"protocol": {"remarks": "Samtal med ägaren"}, "follow_up_on": ""}`, http.StatusOK)
	a.do(member, http.MethodDelete, "/api/v1/inspections/"+inspection, "", http.StatusForbidden)
	a.do(coord, http.MethodDelete, "/api/v1/inspections/"+inspection, "", http.StatusNoContent)
	a.do(coord, http.MethodGet, "/api/v1/inspections/"+inspection, "", http.StatusNotFound)
}

// checkWalkAPI records a safety walk in Mora as the police, a point and an
// action, and changes the action's status; the coordinator of
// Malung-Sälen does not reach Mora's walk, a reporter no walks at all.
func checkWalkAPI(a *apiCheck) {
	t, ts := a.t, a.ts
	a.do(member, http.MethodGet, "/api/v1/safety-walks?municipality_code=2062&limit=5", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/safety-walks?municipality_code=Mora", "", http.StatusUnprocessableEntity)
	a.do(reporter, http.MethodGet, "/api/v1/safety-walks", "", http.StatusForbidden)
	walk := id(t, a.do(member, http.MethodPost, "/api/v1/safety-walks", fmt.Sprintf(`{"municipality_code": "2062", "held_on": "2026-11-20",
		"area": "Noret", "residents_count": 6, "organization_ids": [%q],
		"route": {"type": "LineString", "coordinates": [[14.578, 61.008], [14.582, 61.009]]}}`, ts.OrgID(webtest.DemoPolice)), http.StatusCreated))
	a.do(member, http.MethodPost, "/api/v1/safety-walks", `{"municipality_code": "2062", "held_on": "i går"}`, http.StatusUnprocessableEntity)
	a.do(coord, http.MethodPost, "/api/v1/safety-walks", `{"municipality_code": "2062", "held_on": "2026-11-20", "area": "Noret"}`,
		http.StatusUnprocessableEntity)
	point := id(t, a.do(member, http.MethodPost, "/api/v1/safety-walks/"+walk+"/points",
		`{"place": "Noret", "category": "lighting", "description": "Trasig belysning vid parkeringen"}`, http.StatusCreated))
	a.do(member, http.MethodPost, "/api/v1/safety-walks/"+walk+"/points", `{"category": "noise", "description": ""}`,
		http.StatusUnprocessableEntity)
	action := id(t, a.do(member, http.MethodPost, "/api/v1/safety-walk-points/"+point+"/actions", fmt.Sprintf(`{"text": "Byt armaturerna",
		"organization_id": %q, "due_on": "2027-01-15"}`, ts.OrgID(webtest.DemoPolice)), http.StatusCreated))
	a.do(member, http.MethodGet, "/api/v1/safety-walks/"+walk, "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/safety-walks/"+walk, "", http.StatusNotFound)
	a.do(member, http.MethodPatch, "/api/v1/safety-walk-actions/"+action, `{"status": "done"}`, http.StatusOK)
	a.do(member, http.MethodPatch, "/api/v1/safety-walk-actions/"+action, `{"status": "finished"}`, http.StatusUnprocessableEntity)
	a.do(coord, http.MethodPatch, "/api/v1/safety-walk-actions/"+action, `{"status": "open"}`, http.StatusNotFound)
	a.do(member, http.MethodPatch, "/api/v1/safety-walks/"+walk, `{"area": "Noret, parkeringarna", "route": null}`, http.StatusOK)
	a.do(member, http.MethodPatch, "/api/v1/safety-walks/"+walk, `{"municipality_code": "2023"}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodPatch, "/api/v1/safety-walk-points/"+point, `{"description": "Mörkt vid infarten", "report_id": null}`, http.StatusOK)
	a.do(member, http.MethodPatch, "/api/v1/safety-walk-points/"+point, `{"category": "noise"}`, http.StatusUnprocessableEntity)
	open := id(t, a.do(member, http.MethodPost, "/api/v1/safety-walk-points/"+point+"/actions", fmt.Sprintf(`{"text": "Patrullera",
		"organization_id": %q}`, ts.OrgID(webtest.DemoPolice)), http.StatusCreated))
	a.do(member, http.MethodDelete, "/api/v1/safety-walk-points/"+point, "", http.StatusConflict)
	a.do(member, http.MethodDelete, "/api/v1/safety-walk-actions/"+open, "", http.StatusNoContent)
	a.do(member, http.MethodDelete, "/api/v1/safety-walk-points/"+point, "", http.StatusNoContent)
	a.do(member, http.MethodDelete, "/api/v1/safety-walk-actions/"+action, "", http.StatusNotFound)
	// Publishing is the coordinators' (and administrators'): the police
	// who made the walk may not.
	a.do(member, http.MethodPost, "/api/v1/safety-walks/"+walk+"/publish", "", http.StatusForbidden)
	a.do(admin, http.MethodPost, "/api/v1/safety-walks/"+walk+"/publish", "", http.StatusOK)
	a.do(admin, http.MethodPost, "/api/v1/safety-walks/"+walk+"/unpublish", "", http.StatusOK)
}

func checkSurveyAPI(a *apiCheck) {
	t := a.t
	v := id(t, a.do(coord, http.MethodPost, "/api/v1/surveys", `{"municipality_code": "2023", "template": "citizen_safety"}`, http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/surveys", `{"municipality_code": "2023", "template": "poll"}`, http.StatusUnprocessableEntity)
	a.do(coord, http.MethodPost, "/api/v1/surveys", `{"municipality_code": "2062", "template": "staff_dialogue"}`, http.StatusForbidden)
	a.do(member, http.MethodPost, "/api/v1/surveys", `{"municipality_code": "2023", "template": "citizen_safety"}`, http.StatusForbidden)
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v+"/close", "", http.StatusUnprocessableEntity)
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v+"/questions", `{"kind": "single", "section": "open", "text": "Hur ofta är du i Sälen?",
		"options": [{"label": "Varje vecka"}, {"label": "Sällan", "label_en": "Seldom"}], "position": 1}`, http.StatusCreated)
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v+"/questions", `{"kind": "single", "text": "Ett alternativ", "options": [{"label": "Ja"}]}`,
		http.StatusUnprocessableEntity)
	a.do(member, http.MethodPost, "/api/v1/surveys/"+v+"/questions", `{"kind": "text", "text": "Polisens fråga"}`, http.StatusForbidden)
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v+"/invitations", `{"count": 3}`, http.StatusCreated)
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v+"/invitations", `{"count": 1001}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodPost, "/api/v1/surveys/"+v+"/invitations", `{"count": 3}`, http.StatusForbidden)
	// The switches: a draft may be set for a tablet but has no summary to
	// publish; the refused change leaves the tablet mode as it was.
	a.do(coord, http.MethodPatch, "/api/v1/surveys/"+v, `{"tablet": true}`, http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/surveys/"+v, `{"tablet": false, "public_summary": true}`, http.StatusUnprocessableEntity)
	a.do(coord, http.MethodPatch, "/api/v1/surveys/"+v, `{"tablet": "yes"}`, http.StatusUnprocessableEntity)
	a.do(member, http.MethodPatch, "/api/v1/surveys/"+v, `{"tablet": false}`, http.StatusForbidden)
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v+"/publish", "", http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/surveys/"+v, `{"tablet": false, "public_summary": true}`, http.StatusOK)
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v+"/questions", `{"kind": "text", "text": "För sent"}`, http.StatusConflict)
	a.do(member, http.MethodGet, "/api/v1/surveys?municipality_code=2023", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/surveys", "", http.StatusUnprocessableEntity)
	a.do(reporter, http.MethodGet, "/api/v1/surveys?municipality_code=2023", "", http.StatusForbidden)
	a.do(member, http.MethodGet, "/api/v1/surveys/"+v, "", http.StatusOK)
	answer := `{"browser_token": "openapi-browser-0001", "answers": {"safety_evening": {"options": ["fairly_unsafe"]},
		"when_unsafe": {"when": ["6.evening"]}, "improve": {"text": "Mer ljus"}, "age_band": {"options": ["20_34"]}}}`
	a.do(anon, http.MethodPost, "/api/v1/surveys/"+v+"/answers", answer, http.StatusCreated)
	a.do(anon, http.MethodPost, "/api/v1/surveys/"+v+"/answers", answer, http.StatusUnprocessableEntity)
	a.do(anon, http.MethodPost, "/api/v1/surveys/"+v+"/answers", `{"browser_token": "openapi-browser-0002", "answers": {"safety_evening": {"options": ["happy"]}}}`,
		http.StatusUnprocessableEntity)
	a.do(member, http.MethodGet, "/api/v1/surveys/"+v+"/results", "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/surveys/"+v+"/results", "", http.StatusOK)
	a.do(reporter, http.MethodGet, "/api/v1/surveys/"+v+"/results", "", http.StatusForbidden)
	// The free texts: raw answers, the coordinators' only.
	a.do(coord, http.MethodGet, "/api/v1/surveys/"+v+"/texts?question=improve&q=LJUS&age_band=20_34&page=1", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/surveys/"+v+"/texts", "", http.StatusForbidden)
	a.do(coord, http.MethodGet, "/api/v1/surveys/"+v+"/texts?age_band=12_15", "", http.StatusUnprocessableEntity)
	// Another run of the template, compared with the first; the survey
	// with itself, none and a youth survey are refused.
	v2 := id(t, a.do(coord, http.MethodPost, "/api/v1/surveys", `{"municipality_code": "2023", "template": "citizen_safety"}`, http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v2+"/publish", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/surveys/"+v+"/compare?with="+v2, "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/surveys/"+v2+"/compare?with="+v, "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/surveys/"+v+"/compare?with="+v, "", http.StatusUnprocessableEntity)
	a.do(coord, http.MethodGet, "/api/v1/surveys/"+v+"/compare", "", http.StatusUnprocessableEntity)
	youth := id(t, a.do(coord, http.MethodPost, "/api/v1/surveys", `{"municipality_code": "2023", "template": "youth_short"}`, http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+youth+"/publish", "", http.StatusOK)
	a.do(coord, http.MethodGet, "/api/v1/surveys/"+v+"/compare?with="+youth, "", http.StatusUnprocessableEntity)
	a.do(reporter, http.MethodGet, "/api/v1/surveys/"+v+"/compare?with="+v2, "", http.StatusForbidden)
	a.do(coord, http.MethodPost, "/api/v1/surveys/"+v+"/close", "", http.StatusOK)
	a.do(coord, http.MethodPatch, "/api/v1/surveys/"+v, `{"invitation_required": true}`, http.StatusUnprocessableEntity)
	a.do(anon, http.MethodPost, "/api/v1/surveys/"+v+"/answers", strings.Replace(answer, "0001", "0003", 1), http.StatusConflict)
}

func checkCrimeStatsAPI(a *apiCheck) {
	a.do(member, http.MethodGet, "/api/v1/crime-statistics?municipality=2062", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/crime-statistics?municipality=Mora+kommun&crime=Skadeg%C3%B6relsebrott", "", http.StatusOK)
	a.do(member, http.MethodGet, "/api/v1/crime-statistics", "", http.StatusUnprocessableEntity)
	a.do(reporter, http.MethodGet, "/api/v1/crime-statistics?municipality=2062", "", http.StatusForbidden)
}
