package promiseweb_test

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// promiseBody is a promise of Malung-Sälen with three commitments, one
// with a target; change edits the JSON text before it is sent.
func promiseBody(ts *webtest.TestServer, change func(string) string) string {
	body := fmt.Sprintf(`{"title": "Tryggare påsk i Sälen", "municipality_code": "2023",
		"problem": "Många besökare under påsken.", "effect": "Tryggare backar.",
		"starts_on": "2027-03-20", "ends_on": "2027-04-10", "party_ids": [%q, %q, %q],
		"commitments": [
			{"organization_id": %q, "text": "Trafikkontroller på tillfartsvägarna", "target": 4, "unit": "insatser"},
			{"organization_id": %q, "text": "Krogtillsyn med polisen"},
			{"organization_id": %q, "text": "Information till besökarna", "due_on": "2027-03-19"}]}`,
		ts.OrgID(webtest.DemoPolice), ts.OrgID(webtest.DemoMalung), ts.OrgID(webtest.DemoDestination),
		ts.OrgID(webtest.DemoPolice), ts.OrgID(webtest.DemoMalung), ts.OrgID(webtest.DemoDestination))
	if change != nil {
		body = change(body)
	}
	return body
}

type promiseJSON struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	EndsOn      string `json:"ends_on"`
	Commitments []struct {
		ID             string   `json:"id"`
		OrganizationID string   `json:"organization_id"`
		Target         *float64 `json:"target"`
		Status         string   `json:"status"`
		Reason         string   `json:"reason"`
	} `json:"commitments"`
}

func TestAPIPromiseRefusesBadInput(t *testing.T) {
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.API(t, webtest.AsCoordinator)
		before := ts.Count(t, "promises")
		audits := ts.Count(t, "audit_log")
		body := promiseBody(ts, func(b string) string {
			b = strings.Replace(b, `"ends_on": "2027-04-10"`, `"ends_on": "2027-03-01"`, 1)
			b = strings.Replace(b, `{"organization_id": "`+ts.OrgID(webtest.DemoMalung)+`", "text": "Krogtillsyn med polisen"}`,
				`{"organization_id": "`+ts.OrgID(webtest.DemoGuards)+`", "text": "Krogtillsyn med polisen"}`, 1)
			return strings.Replace(b, `"text": "Information till besökarna"`, `"text": "  "`, 1)
		})
		res := c.SendJSON(t, http.MethodPost, "/api/v1/promises", body)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /api/v1/promises with bad input = %d, want 422; body:\n%s", res.Status, res.Body)
		}
		want := map[string]string{
			"ends_on":                       "Slutdatumet kan inte vara före startdatumet",
			"commitments.1.organization_id": "Organisationen är inte part i löftet",
			"commitments.2.text":            "Fyll i det här fältet",
		}
		if diff := cmp.Diff(want, webtest.APIErr(t, res).Error.Fields); diff != "" {
			t.Errorf("error fields mismatch (-want +got):\n%s", diff)
		}
		// In English when asked.
		res = c.SendJSON(t, http.MethodPost, "/api/v1/promises", body, "Accept-Language", "en")
		if got := webtest.APIErr(t, res).Error.Fields["commitments.1.organization_id"]; got != "The organisation is not a party of the promise" {
			t.Errorf("English message = %q", got)
		}
		// Another municipality than the coordinator's is refused.
		res = c.SendJSON(t, http.MethodPost, "/api/v1/promises", strings.Replace(promiseBody(ts, nil), `"2023"`, `"2062"`, 1))
		if res.Status != http.StatusForbidden {
			t.Errorf("POST /api/v1/promises for Mora by Malung-Sälen's coordinator = %d, want 403", res.Status)
		}
		if n := ts.Count(t, "promises"); n != before {
			t.Errorf("promises = %d after refused requests, want %d", n, before)
		}
		if n := ts.Count(t, "audit_log"); n != audits {
			t.Errorf("audit_log = %d after refused requests, want %d", n, audits)
		}
	})
}

// TestAPIPromisePartiesOfAgreement: the contract's rule for the parties of
// a promise made under an agreement. Without party_ids they are the
// agreement's parties and every organisation with a commitment: in Sälen
// the destination company commits without being a party to the agreement
// of the municipality and the police. With party_ids, those and no other,
// so that a commitment of another organisation is refused and nothing is
// stored.
func TestAPIPromisePartiesOfAgreement(t *testing.T) {
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord := ts.API(t, webtest.AsCoordinator)
		res := coord.SendJSON(t, http.MethodPost, "/api/v1/agreements", fmt.Sprintf(`{"title": "Samverkansavtal Malung-Sälen",
			"municipality_code": "2023", "parties": [{"organization_id": %q, "signatory_title": "Kommunstyrelsens ordförande"},
			{"organization_id": %q, "signatory_title": "Lokalpolisområdeschef"}], "starts_on": "2027-01-01", "ends_on": "2029-12-31",
			"purpose": "Tryggare fjäll."}`, ts.OrgID(webtest.DemoMalung), ts.OrgID(webtest.DemoPolice)))
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/agreements = %d; body:\n%s", res.Status, res.Body)
		}
		var a struct {
			ID string `json:"id"`
		}
		webtest.DecodeBody(t, res, &a)
		type party struct {
			OrganizationID string `json:"organization_id"`
			SignatoryTitle string `json:"signatory_title"`
		}
		var p struct {
			ID      string  `json:"id"`
			Parties []party `json:"parties"`
		}

		// Without party_ids: the agreement's two, then the destination.
		withoutParties := promiseBody(ts, func(b string) string {
			b = strings.Replace(b, `"title"`, `"agreement_id": "`+a.ID+`", "title"`, 1)
			return strings.Replace(b, fmt.Sprintf(`"party_ids": [%q, %q, %q],`,
				ts.OrgID(webtest.DemoPolice), ts.OrgID(webtest.DemoMalung), ts.OrgID(webtest.DemoDestination)), "", 1)
		})
		if strings.Contains(withoutParties, "party_ids") {
			t.Fatal("the body still has party_ids")
		}
		res = coord.SendJSON(t, http.MethodPost, "/api/v1/promises", withoutParties)
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/promises with an agreement, without party_ids = %d; body:\n%s", res.Status, res.Body)
		}
		webtest.DecodeBody(t, res, &p)
		want := []party{{ts.OrgID(webtest.DemoMalung), "Kommunstyrelsens ordförande"}, {ts.OrgID(webtest.DemoPolice), "Lokalpolisområdeschef"},
			{ts.OrgID(webtest.DemoDestination), ""}}
		if diff := cmp.Diff(want, p.Parties); diff != "" {
			t.Errorf("the parties of a promise under an agreement (-want +got):\n%s", diff)
		}
		webtest.DecodeBody(t, coord.Get(t, "/api/v1/promises/"+p.ID), &p)
		if diff := cmp.Diff(want, p.Parties); diff != "" {
			t.Errorf("the parties read back (-want +got):\n%s", diff)
		}

		// With party_ids: as given, in their order.
		res = coord.SendJSON(t, http.MethodPost, "/api/v1/promises", promiseBody(ts, func(b string) string {
			return strings.Replace(b, `"title"`, `"agreement_id": "`+a.ID+`", "title"`, 1)
		}))
		webtest.DecodeBody(t, res, &p)
		if res.Status != http.StatusCreated || len(p.Parties) != 3 || p.Parties[0].OrganizationID != ts.OrgID(webtest.DemoPolice) {
			t.Errorf("POST /api/v1/promises with party_ids = %d, parties %+v", res.Status, p.Parties)
		}
		promises, audits := ts.Count(t, "promises"), ts.Count(t, "audit_log")
		res = coord.SendJSON(t, http.MethodPost, "/api/v1/promises", promiseBody(ts, func(b string) string {
			b = strings.Replace(b, `"title"`, `"agreement_id": "`+a.ID+`", "title"`, 1)
			return strings.Replace(b, fmt.Sprintf(`"party_ids": [%q, %q, %q],`,
				ts.OrgID(webtest.DemoPolice), ts.OrgID(webtest.DemoMalung), ts.OrgID(webtest.DemoDestination)),
				fmt.Sprintf(`"party_ids": [%q, %q],`, ts.OrgID(webtest.DemoPolice), ts.OrgID(webtest.DemoMalung)), 1)
		}))
		if res.Status != http.StatusUnprocessableEntity || webtest.APIErr(t, res).Error.Fields["commitments.2.organization_id"] == "" {
			t.Errorf("POST /api/v1/promises with a commitment of no party given = %d %s, want 422 on commitments.2.organization_id", res.Status, res.Body)
		}
		if ts.Count(t, "promises") != promises || ts.Count(t, "audit_log") != audits {
			t.Error("a refused promise stored something")
		}
	})
}

func TestAPIPromiseFlow(t *testing.T) {
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		coord, member, anon := ts.API(t, webtest.AsCoordinator), ts.API(t, webtest.AsMember), ts.API(t, webtest.AsAnon)

		// An agreement, changed once: two versions.
		agreement := fmt.Sprintf(`{"title": "Samverkansavtal Malung-Sälen", "municipality_code": "2023", "party_ids": [%q, %q],
			"starts_on": "2027-01-01", "ends_on": "2029-12-31", "purpose": "Tryggare fjäll.",
			"focus_areas": [{"title": "Trafik", "description": "Trafikkontroller."}]}`, ts.OrgID(webtest.DemoMalung), ts.OrgID(webtest.DemoPolice))
		res := coord.SendJSON(t, http.MethodPost, "/api/v1/agreements", agreement)
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/agreements = %d; body:\n%s", res.Status, res.Body)
		}
		var a struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}
		webtest.DecodeBody(t, res, &a)
		res = coord.SendJSON(t, http.MethodPatch, "/api/v1/agreements/"+a.ID, `{"purpose": "Tryggare fjäll för alla."}`)
		webtest.DecodeBody(t, res, &a)
		if res.Status != http.StatusOK || a.Version != 2 {
			t.Fatalf("PATCH /api/v1/agreements/%s = %d, version %d; want 200, 2", a.ID, res.Status, a.Version)
		}
		var versions web.ListResponse[struct {
			Version int    `json:"version"`
			Actor   string `json:"actor"`
		}]
		webtest.DecodeBody(t, member.Get(t, "/api/v1/agreements/"+a.ID+"/versions"), &versions)
		if len(versions.Items) != 2 || versions.Items[0].Actor != webtest.DemoEmail[webtest.AsCoordinator] {
			t.Errorf("versions = %+v, want 2, the newest by the coordinator", versions.Items)
		}

		// A draft: the parties' members see it, the public does not.
		res = coord.SendJSON(t, http.MethodPost, "/api/v1/promises", promiseBody(ts, func(b string) string {
			return strings.Replace(b, `"title"`, `"agreement_id": "`+a.ID+`", "title"`, 1)
		}))
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/promises = %d; body:\n%s", res.Status, res.Body)
		}
		var p promiseJSON
		webtest.DecodeBody(t, res, &p)
		if p.Status != "draft" || len(p.Commitments) != 3 || p.Commitments[0].Target == nil || *p.Commitments[0].Target != 4 {
			t.Fatalf("created promise = %+v", p)
		}
		if res := member.Get(t, "/api/v1/promises/"+p.ID); res.Status != http.StatusOK {
			t.Errorf("GET draft as a party's member = %d, want 200", res.Status)
		}
		for _, path := range []string{"/promises/" + p.ID, "/api/v1/public/promises/" + p.ID, "/promises/" + p.ID + "/pdf"} {
			if res := anon.Get(t, path); res.Status != http.StatusNotFound {
				t.Errorf("GET %s (a draft) as anonymous = %d, want 404", path, res.Status)
			}
		}
		if strings.Contains(anon.Get(t, "/feeds/promises.atom").Body, "Tryggare påsk") || strings.Contains(anon.Get(t, "/api/v1/public/promises").Body, "Tryggare påsk") {
			t.Error("a draft is in the public feed or API")
		}

		res = coord.Do(t, http.MethodPost, "/api/v1/promises/"+p.ID+"/publish", nil)
		if res.Status != http.StatusOK {
			t.Fatalf("publish = %d; body:\n%s", res.Status, res.Body)
		}

		// A party's member records the status of their own commitment.
		police := p.Commitments[0].ID
		res = member.SendJSON(t, http.MethodPatch, "/api/v1/commitments/"+police, `{"status": "not_done"}`)
		if res.Status != http.StatusUnprocessableEntity || webtest.APIErr(t, res).Error.Fields["reason"] == "" {
			t.Errorf("not_done without a reason = %d %s, want 422 on reason", res.Status, res.Body)
		}
		res = member.SendJSON(t, http.MethodPatch, "/api/v1/commitments/"+police, `{"status": "not_done", "reason": "Vägen var avstängd av snöoväder."}`)
		if res.Status != http.StatusOK {
			t.Fatalf("PATCH own commitment = %d; body:\n%s", res.Status, res.Body)
		}
		if res := member.SendJSON(t, http.MethodPatch, "/api/v1/commitments/"+p.Commitments[1].ID, `{"status": "done"}`); res.Status != http.StatusForbidden {
			t.Errorf("PATCH another party's commitment as member = %d, want 403", res.Status)
		}

		var progress struct {
			Commitments []struct {
				ID         string   `json:"id"`
				Target     *float64 `json:"target"`
				Unit       string   `json:"unit"`
				Done       int      `json:"done"`
				Status     string   `json:"status"`
				Activities []any    `json:"activities"`
			} `json:"commitments"`
		}
		webtest.DecodeBody(t, coord.Get(t, "/api/v1/promises/"+p.ID+"/progress"), &progress)
		if len(progress.Commitments) != 3 || progress.Commitments[0].Status != "not_done" || progress.Commitments[0].Unit != "insatser" ||
			progress.Commitments[0].Activities == nil || progress.Commitments[0].Done != 0 {
			t.Errorf("progress = %+v", progress)
		}

		// Published: on the public page, in the feed, the API and the CSV.
		page := anon.Get(t, "/promises/"+p.ID)
		for _, want := range []string{"Tryggare påsk i Sälen", "Inte genomfört", "Vägen var avstängd av snöoväder.", `property="og:title"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("public page lacks %q", want)
			}
		}
		if !strings.Contains(anon.Get(t, "/kommun/2023").Body, `href="/promises/`+p.ID+`"`) {
			t.Error("the municipality page does not link to the promise")
		}
		feed := anon.Get(t, "/feeds/kommun/2023/promises.atom")
		var atom struct {
			Entries []struct {
				Title string `xml:"title"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal([]byte(feed.Body), &atom); err != nil || !strings.HasPrefix(feed.Header.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("feed = %q, %v", feed.Header.Get("Content-Type"), err)
		}
		if !strings.Contains(fmt.Sprint(atom.Entries), "Tryggare påsk i Sälen") {
			t.Errorf("feed entries %v lack the promise", atom.Entries)
		}
		// The open data opens in Excel with Swedish settings, and text that
		// looks like a formula stays text there.
		formula := `=HYPERLINK("https://evil.example";"Läs mer")`
		if res := member.SendJSON(t, http.MethodPatch, "/api/v1/commitments/"+police, `{"status": "not_done", "reason": `+strconv.Quote(formula)+`}`); res.Status != http.StatusOK {
			t.Fatalf("PATCH own commitment = %d; body:\n%s", res.Status, res.Body)
		}
		rows := webtest.ReadCSV(t, anon.Get(t, "/open-data/promises.csv?municipality_code=2023").Body)
		col := func(name string) int { return slices.Index(rows[0], name) }
		found := 0
		for _, r := range rows {
			if r[1] == "Tryggare påsk i Sälen" {
				found++
				if r[col("commitment_id")] == police && r[col("reason")] != "'"+formula {
					t.Errorf("CSV reason = %q, want the formula defused", r[col("reason")])
				}
				if r[col("commitment_id")] == police && r[col("target")] != "4" {
					t.Errorf("CSV target = %q, want 4", r[col("target")])
				}
			}
		}
		if found != 3 {
			t.Errorf("CSV rows of the promise = %d, want one per commitment (3)", found)
		}
		pdf := anon.Get(t, "/promises/"+p.ID+"/pdf")
		if pdf.Status != http.StatusOK || !strings.HasPrefix(pdf.Body, "%PDF-") {
			t.Errorf("GET pdf = %d %.10q", pdf.Status, pdf.Body)
		}

		// Extended by amendment, with a new party's commitment.
		res = coord.SendJSON(t, http.MethodPost, "/api/v1/promises/"+p.ID+"/amendments", fmt.Sprintf(`{"decided_on": "2027-04-01",
			"description": "Förlängs över valborg.", "ends_on": "2027-05-01", "party_ids": [%q],
			"commitments": [{"organization_id": %q, "text": "Vakter vid after ski"}]}`, ts.OrgID(webtest.DemoGuards), ts.OrgID(webtest.DemoGuards)))
		if res.Status != http.StatusCreated {
			t.Fatalf("POST amendments = %d; body:\n%s", res.Status, res.Body)
		}
		webtest.DecodeBody(t, res, &p)
		if p.EndsOn != "2027-05-01" || len(p.Commitments) != 4 {
			t.Errorf("amended promise = %+v", p)
		}
		if page := anon.Get(t, "/promises/"+p.ID); !strings.Contains(page.Body, "Perioden förlängdes från 2027-04-10 till 2027-05-01.") {
			t.Error("the public page does not show the extension")
		}
		// The period changes only by amendment once published.
		res = coord.SendJSON(t, http.MethodPatch, "/api/v1/promises/"+p.ID, `{"ends_on": "2027-06-01"}`)
		if res.Status != http.StatusUnprocessableEntity || webtest.APIErr(t, res).Error.Fields["ends_on"] == "" {
			t.Errorf("PATCH ends_on of a published promise = %d %s, want 422 on ends_on", res.Status, res.Body)
		}
	})
}

func TestPromiseFormKeepsValuesAndShowsErrors(t *testing.T) {
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.Session(t, webtest.AsCoordinator)
		before := ts.Count(t, "promises")
		form := url.Values{
			"title": {"Påsklöfte"}, "municipality_code": {"2023"}, "agreement_id": {""},
			"problem": {"Trängsel"}, "effect": {"Tryggare"}, "starts_on": {"2027-04-10"}, "ends_on": {"2027-03-01"},
			"parties.0.organization_id": {ts.OrgID(webtest.DemoPolice)}, "parties.1.organization_id": {ts.OrgID(webtest.DemoMalung)},
			"commitments.0.organization_id": {ts.OrgID(webtest.DemoGuards)}, "commitments.0.text": {"Vakter"},
			"commitments.1.organization_id": {ts.OrgID(webtest.DemoPolice)}, "commitments.1.text": {""}, "commitments.1.target": {"fyra"},
			"commitments.2.organization_id": {""}, "commitments.2.text": {""},
		}
		res := c.PostForm(t, "/promises", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /promises = %d, want 422; body:\n%.1000s", res.Status, res.Body)
		}
		for _, want := range []string{
			"Gäller till och med: Slutdatumet kan inte vara före startdatumet",
			"Åtagande 1: Organisation: Organisationen är inte part i löftet",
			"Åtagande 2: Vad parten lovar: Fyll i det här fältet",
			"Åtagande 2: Mål (antal): Skriv ett tal större än noll",
			`value="Påsklöfte"`,
		} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the form page lacks %q", want)
			}
		}
		if n := ts.Count(t, "promises"); n != before {
			t.Errorf("promises = %d after a refused form, want %d", n, before)
		}
	})
}
