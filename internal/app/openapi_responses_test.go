package app_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

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
	a.do(member, http.MethodGet, "/api/v1/agreements?municipality_code=2023", "", http.StatusOK)
	a.do(reporter, http.MethodGet, "/api/v1/agreements", "", http.StatusForbidden)
	agreement := id(t, a.do(coord, http.MethodPost, "/api/v1/agreements", fmt.Sprintf(`{"title": "Samverkansavtal Malung-Sälen",
		"municipality_code": "2023", "party_ids": [%q], "parties": [{"organization_id": %q, "signatory_title": "Lokalpolisområdeschef"}],
		"signed_on": "2026-12-01", "signed_place": "Malung", "starts_on": "2027-01-01", "ends_on": "2029-12-31", "purpose": "Tryggare fjäll.",
		"focus_areas": [{"title": "Trafik", "description": "Trafikkontroller."}]}`, malung, police), http.StatusCreated))
	a.do(coord, http.MethodPost, "/api/v1/agreements", `{"title": "", "municipality_code": "2023", "starts_on": "i morgon"}`, http.StatusUnprocessableEntity)
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
