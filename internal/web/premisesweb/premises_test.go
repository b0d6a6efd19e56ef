package premisesweb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/demo"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/testenv"
	"github.com/samverkan/samverkan/internal/web/premisesweb"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// The demo's alcohol officer of Malung-Sälen (a member of the
// municipality) and the premises the demo leaves without a recorded visit
// in the season 2017–18.
const (
	alcoholOfficerEmail = "alkohol@demo.example"
	premisesPoliceEmail = "polis@demo.example"
	premisesGuardEmail  = "vakt@demo.example"
	notVisitedStoten    = "Stötens Värdshus (demo)"
	notVisitedCatering  = "Catering Sälenfjällen (demo)"
)

// premisesJSON is a premises as the API answers it.
type premisesJSON struct {
	ID                 string   `json:"id"`
	MunicipalityCode   string   `json:"municipality_code"`
	RestaurantNumber   string   `json:"restaurant_number"`
	Name               string   `json:"name"`
	OrganizationNumber string   `json:"organization_number"`
	HolderName         string   `json:"holder_name"`
	Address            string   `json:"address"`
	StreetAddress      string   `json:"street_address"`
	PostalCode         string   `json:"postal_code"`
	Lat                *float64 `json:"lat"`
	Lon                *float64 `json:"lon"`
	LicenceType        string   `json:"licence_type"`
	ServingHours       string   `json:"serving_hours"`
	Status             string   `json:"status"`
	Version            int      `json:"version"`
}

// inspectionJSON is an inspection as the API answers it.
type inspectionJSON struct {
	ID              string   `json:"id"`
	PremisesID      string   `json:"premises_id"`
	Kind            string   `json:"kind"`
	Mode            string   `json:"mode"`
	ConductedAt     string   `json:"conducted_at"`
	OrganizationIDs []string `json:"organization_ids"`
	Protocol        struct {
		Items []struct {
			Check, Result, Note string
		} `json:"items"`
		Remarks string `json:"remarks"`
	} `json:"protocol"`
	Recorded   bool   `json:"recorded"`
	FollowUp   string `json:"follow_up"`
	FollowUpOn string `json:"follow_up_on"`
}

// premisesByName returns the id of the demo premises with the name.
func premisesByName(ts *webtest.TestServer, t *testing.T, name string) string {
	t.Helper()
	var id int64
	if err := ts.DB.QueryRowContext(context.Background(), `SELECT id FROM premises WHERE name = ?`, name).Scan(&id); err != nil {
		t.Fatalf("premises %q: %v", name, err)
	}
	return strconv.FormatInt(id, 10)
}

// inspectionBody is a recorded on-site visit to a premises by the
// municipality at a time, with a deficiency on the age checks.
func inspectionBody(ts *webtest.TestServer, premisesID, at string) string {
	return fmt.Sprintf(`{"premises_id": %q, "kind": "on_site", "mode": "open", "conducted_at": %q,
		"organization_ids": [%q], "recorded": true,
		"protocol": {"items": [{"check": "Ordning och nykterhet", "result": "ok", "note": ""},
			{"check": "Ålderskontroller", "result": "deficiency", "note": "Ingen legitimationskontroll"}],
			"remarks": "Samtal med serveringsansvarig"},
		"follow_up": "Nytt besök", "follow_up_on": "2018-04-10"}`, premisesID, at, ts.OrgID(webtest.DemoMalung))
}

func TestAPIPremisesCreateReadUpdate(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		officer := ts.APIAs(t, alcoholOfficerEmail)
		body := `{"name": "Fjällbaren (test)", "restaurant_number": "20230099", "organization_number": "5560125790",
			"holder_name": "Fjällbaren AB", "address": "Lindvallen 99", "municipality_code": "2023", "lat": 61.16, "lon": 13.19,
			"licence_type": "Stadigvarande tillstånd till allmänheten", "serving_hours": "11.00–01.00"}`
		res := officer.SendJSON(t, http.MethodPost, "/api/v1/premises", body)
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/premises = %d, want 201; body:\n%s", res.Status, res.Body)
		}
		var created premisesJSON
		webtest.DecodeBody(t, res, &created)
		if res.Header.Get("Location") != "/api/v1/premises/"+created.ID {
			t.Errorf("Location = %q, want /api/v1/premises/%s", res.Header.Get("Location"), created.ID)
		}
		want := premisesJSON{ID: created.ID, MunicipalityCode: "2023", RestaurantNumber: "20230099", Name: "Fjällbaren (test)",
			OrganizationNumber: "556012-5790", HolderName: "Fjällbaren AB", Address: "Lindvallen 99", StreetAddress: "Lindvallen 99",
			Lat: new(61.16), Lon: new(13.19), LicenceType: "permanent_public", ServingHours: "11.00–01.00", Status: "open", Version: 1}
		if diff := cmp.Diff(want, created); diff != "" {
			t.Errorf("created premises (-want +got):\n%s", diff)
		}

		// Read back, by id and in the register (pages of five).
		var got premisesJSON
		webtest.DecodeBody(t, officer.Get(t, "/api/v1/premises/"+created.ID), &got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GET /api/v1/premises/{id} (-want +got):\n%s", diff)
		}
		var names []string
		cursor := ""
		for range 10 {
			res := officer.Get(t, "/api/v1/premises?municipality_code=2023&limit=5&cursor="+url.QueryEscape(cursor))
			if res.Status != http.StatusOK {
				t.Fatalf("GET /api/v1/premises = %d; body:\n%s", res.Status, res.Body)
			}
			var page struct {
				Items      []premisesJSON `json:"items"`
				NextCursor string         `json:"next_cursor"`
			}
			webtest.DecodeBody(t, res, &page)
			for _, p := range page.Items {
				names = append(names, p.Name)
			}
			if cursor = page.NextCursor; cursor == "" {
				break
			}
		}
		if len(names) != 15 || names[14] != "Fjällbaren (test)" {
			t.Errorf("the register of 2023 = %d premises ending %q, want the demo's 14 and the new one last", len(names), names[len(names)-1])
		}
		var found struct {
			Items []premisesJSON `json:"items"`
		}
		webtest.DecodeBody(t, officer.Get(t, "/api/v1/premises?municipality_code=2023&q=FJÄLLBAREN"), &found)
		if len(found.Items) != 1 || found.Items[0].ID != created.ID {
			t.Errorf("search FJÄLLBAREN = %+v, want the new premises", found.Items)
		}

		// A change: the fields given change; an address in one line
		// replaces its parts.
		res = officer.SendJSON(t, http.MethodPatch, "/api/v1/premises/"+created.ID,
			`{"name": "Fjällbaren i Lindvallen (test)", "address": "Lindvallen 100", "status": "closed"}`)
		if res.Status != http.StatusOK {
			t.Fatalf("PATCH = %d; body:\n%s", res.Status, res.Body)
		}
		webtest.DecodeBody(t, res, &got)
		if got.Name != "Fjällbaren i Lindvallen (test)" || got.Address != "Lindvallen 100" || got.Status != "closed" ||
			got.OrganizationNumber != "556012-5790" || got.ServingHours != "11.00–01.00" || got.Version != 2 {
			t.Errorf("after PATCH = %+v, want the new name, address and status, the rest kept, version 2", got)
		}
		var history struct {
			Items []struct {
				Version int    `json:"version"`
				Actor   string `json:"actor"`
				Changes []struct {
					Field, Before, After string
				} `json:"changes"`
			} `json:"items"`
		}
		webtest.DecodeBody(t, officer.Get(t, "/api/v1/premises/"+created.ID+"/history"), &history)
		if len(history.Items) != 2 || history.Items[0].Version != 2 || history.Items[0].Actor != alcoholOfficerEmail {
			t.Fatalf("history = %+v, want two versions, the latest by the officer", history.Items)
		}
		var changed []string
		for _, c := range history.Items[0].Changes {
			changed = append(changed, c.Field)
		}
		if diff := cmp.Diff([]string{"name", "street_address", "status"}, changed); diff != "" {
			t.Errorf("changes of version 2 (-want +got):\n%s", diff)
		}

		// Bad input: every error at once, the contract's shape, nothing stored.
		before := ts.Count(t, "premises")
		for _, tc := range []struct {
			name, body string
			want       map[string]bool
		}{
			{"fields", `{"name": "", "restaurant_number": "2062001", "organization_number": "556012-5791", "holder_name": "X",
				"municipality_code": "2023", "licence_type": "sometimes", "lat": 61.1}`,
				map[string]bool{"name": true, "restaurant_number": true, "organization_number": true, "licence_type": true, "lon": true}},
			{"number taken", strings.Replace(body, "Fjällbaren (test)", "Annan", 1), map[string]bool{"restaurant_number": true}},
			{"wrong type", `{"name": 5}`, map[string]bool{"name": true}},
			{"unknown field", `{"name": "x", "owner": "y"}`, map[string]bool{"owner": true}},
		} {
			res := officer.SendJSON(t, http.MethodPost, "/api/v1/premises", tc.body)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: POST = %d, want 422; body:\n%s", tc.name, res.Status, res.Body)
				continue
			}
			e := webtest.APIErr(t, res)
			for f := range tc.want {
				if e.Error.Fields[f] == "" {
					t.Errorf("%s: no error on %s: %v", tc.name, f, e.Error.Fields)
				}
			}
		}
		res = officer.SendJSON(t, http.MethodPatch, "/api/v1/premises/"+created.ID, `{"municipality_code": "2062"}`)
		if res.Status != http.StatusUnprocessableEntity || webtest.APIErr(t, res).Error.Fields["municipality_code"] == "" {
			t.Errorf("PATCH to another municipality = %d, want 422 on municipality_code; body:\n%s", res.Status, res.Body)
		}
		if n := ts.Count(t, "premises"); n != before {
			t.Errorf("premises = %d after refused requests, want %d", n, before)
		}
	})
}

// TestPremisesRegisterAccess: only the municipality and the police of a
// municipality read its register; only the municipality keeps it. A
// security-guard reporter, a restaurant and another municipality's
// coordinator read nothing of it.
func TestPremisesRegisterAccess(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		id := premisesByName(ts, t, notVisitedStoten)
		var inspection int64
		if err := d.QueryRowContext(context.Background(), `SELECT MIN(id) FROM inspections`).Scan(&inspection); err != nil {
			t.Fatal(err)
		}
		insp := strconv.FormatInt(inspection, 10)
		reads := []string{"/api/v1/premises?municipality_code=2023", "/api/v1/premises/" + id, "/api/v1/premises/" + id + "/history",
			"/api/v1/premises/coverage?municipality_code=2023", "/api/v1/inspections?municipality_code=2023", "/api/v1/inspections/" + insp,
			"/api/v1/premises/planning?municipality_code=2023", "/api/v1/premises/summary?municipality_code=2023",
			"/api/v1/municipalities/2023/checklists"}
		pages := []string{"/premises?municipality_code=2023", "/premises/" + id, "/premises/coverage?municipality_code=2023",
			"/inspections/" + insp, "/inspections/" + insp + "/protocol.pdf", "/premises/summary.xlsx?municipality_code=2023"}
		for _, email := range []string{alcoholOfficerEmail, "samordnare@demo.example", premisesPoliceEmail} {
			c := ts.SignInAs(t, email)
			for _, p := range append(slices.Clone(reads), pages...) {
				if res := c.Get(t, p); res.Status != http.StatusOK {
					t.Errorf("GET %s as %s = %d, want 200; body:\n%.300s", p, email, res.Status, res.Body)
				}
			}
		}
		// Reporters hold no premises permission at all.
		for _, email := range []string{premisesGuardEmail, webtest.KrogEmail} {
			c := ts.APIAs(t, email)
			for _, p := range reads {
				if res := c.Get(t, p); res.Status != http.StatusForbidden {
					t.Errorf("GET %s as %s = %d, want 403", p, email, res.Status)
				}
			}
			s := ts.SignInAs(t, email)
			for _, p := range pages {
				if res := s.Get(t, p); res.Status != http.StatusForbidden {
					t.Errorf("GET %s as %s = %d, want 403", p, email, res.Status)
				}
			}
		}
		// Mora's coordinator reads Mora's register, not Malung-Sälen's:
		// its list is forbidden, its records are not found.
		mora := ts.APIAs(t, webtest.MoraCoordEmail)
		for p, want := range map[string]int{
			"/api/v1/premises?municipality_code=2023":          http.StatusForbidden,
			"/api/v1/premises?municipality_code=2062":          http.StatusOK,
			"/api/v1/premises/" + id:                           http.StatusNotFound,
			"/api/v1/premises/" + id + "/history":              http.StatusNotFound,
			"/api/v1/premises/coverage?municipality_code=2023": http.StatusForbidden,
			"/api/v1/inspections?municipality_code=2023":       http.StatusForbidden,
			"/api/v1/inspections?premises_id=" + id:            http.StatusUnprocessableEntity,
			"/api/v1/inspections/" + insp:                      http.StatusNotFound,
			"/api/v1/municipalities/2023/checklists":           http.StatusForbidden,
		} {
			if res := mora.Get(t, p); res.Status != want {
				t.Errorf("GET %s as Mora's coordinator = %d, want %d; body:\n%.300s", p, res.Status, want, res.Body)
			}
		}
		moraPages := ts.SignInAs(t, webtest.MoraCoordEmail)
		for p, want := range map[string]int{
			"/premises?municipality_code=2023":          http.StatusForbidden,
			"/premises/" + id:                           http.StatusNotFound,
			"/inspections/" + insp + "/protocol.pdf":    http.StatusNotFound,
			"/premises/coverage?municipality_code=2023": http.StatusForbidden,
		} {
			if res := moraPages.Get(t, p); res.Status != want {
				t.Errorf("GET %s as Mora's coordinator = %d, want %d", p, res.Status, want)
			}
		}
		// Writing: Mora's coordinator and the police may not keep
		// Malung-Sälen's register; nothing is stored.
		before := ts.Count(t, "premises")
		body := `{"name": "Smygbaren", "restaurant_number": "20230098", "organization_number": "5560125790", "holder_name": "S AB",
			"municipality_code": "2023", "licence_type": "permanent_public"}`
		for _, c := range []*webtest.Client{mora, ts.APIAs(t, premisesPoliceEmail)} {
			if res := c.SendJSON(t, http.MethodPost, "/api/v1/premises", body); res.Status != http.StatusForbidden {
				t.Errorf("POST /api/v1/premises into 2023 by an outsider = %d, want 403; body:\n%s", res.Status, res.Body)
			}
		}
		if res := ts.APIAs(t, premisesPoliceEmail).SendJSON(t, http.MethodPatch, "/api/v1/premises/"+id, `{"name": "x"}`); res.Status != http.StatusForbidden {
			t.Errorf("PATCH a premises as the police = %d, want 403", res.Status)
		}
		if res := mora.SendJSON(t, http.MethodPatch, "/api/v1/premises/"+id, `{"name": "x"}`); res.Status != http.StatusNotFound {
			t.Errorf("PATCH a premises of 2023 as Mora's coordinator = %d, want 404", res.Status)
		}
		if n := ts.Count(t, "premises"); n != before {
			t.Errorf("premises = %d, want %d", n, before)
		}
	})
}

func TestAPIInspections(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		officer := ts.APIAs(t, alcoholOfficerEmail)
		police := ts.APIAs(t, premisesPoliceEmail)
		stoten := premisesByName(ts, t, notVisitedStoten)

		res := officer.SendJSON(t, http.MethodPost, "/api/v1/inspections", inspectionBody(ts, stoten, "2018-03-20T21:00:00+01:00"))
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/inspections = %d; body:\n%s", res.Status, res.Body)
		}
		var in inspectionJSON
		webtest.DecodeBody(t, res, &in)
		if res.Header.Get("Location") != "/api/v1/inspections/"+in.ID || in.PremisesID != stoten || !in.Recorded ||
			len(in.Protocol.Items) != 2 || in.Protocol.Items[1].Result != "deficiency" || in.ConductedAt != "2018-03-20T20:00:00Z" {
			t.Errorf("created = %+v (Location %q)", in, res.Header.Get("Location"))
		}
		// A change of the remarks keeps the checks.
		res = officer.SendJSON(t, http.MethodPatch, "/api/v1/inspections/"+in.ID, `{"protocol": {"remarks": "Uppföljt per telefon"}}`)
		var changed inspectionJSON
		webtest.DecodeBody(t, res, &changed)
		if res.Status != http.StatusOK || changed.Protocol.Remarks != "Uppföljt per telefon" || len(changed.Protocol.Items) != 2 {
			t.Errorf("PATCH remarks = %d %+v, want the remarks changed and both checks kept", res.Status, changed)
		}
		// Listed by premises and by municipality and period.
		for _, q := range []string{"premises_id=" + stoten, "municipality_code=2023&from=2018-03-20&to=2018-03-20",
			"municipality_code=2023&from=2018-03-20T20:00:00Z&to=2018-03-20T20:00:00Z&recorded=true"} {
			var list struct {
				Items []inspectionJSON `json:"items"`
			}
			res := officer.Get(t, "/api/v1/inspections?"+q)
			webtest.DecodeBody(t, res, &list)
			if res.Status != http.StatusOK || !slices.ContainsFunc(list.Items, func(x inspectionJSON) bool { return x.ID == in.ID }) {
				t.Errorf("GET /api/v1/inspections?%s = %d, %d items without the new one", q, res.Status, len(list.Items))
			}
		}
		var none struct {
			Items []inspectionJSON `json:"items"`
		}
		webtest.DecodeBody(t, officer.Get(t, "/api/v1/inspections?municipality_code=2023&from=2018-03-21&to=2018-03-21"), &none)
		if len(none.Items) != 0 {
			t.Errorf("a day without visits = %d items", len(none.Items))
		}

		// The police record a joint visit they take part in; not one
		// without themselves, and they do not change the municipality's.
		joint := strings.NewReplacer(`"kind": "on_site"`, `"kind": "joint"`,
			`"organization_ids": [`+strconv.Quote(ts.OrgID(webtest.DemoMalung))+`]`,
			`"organization_ids": [`+strconv.Quote(ts.OrgID(webtest.DemoMalung))+`, `+strconv.Quote(ts.OrgID(webtest.DemoPolice))+`]`).
			Replace(inspectionBody(ts, stoten, "2018-03-24T23:00:00+01:00"))
		if res := police.SendJSON(t, http.MethodPost, "/api/v1/inspections", joint); res.Status != http.StatusCreated {
			t.Errorf("POST a joint visit as the police = %d, want 201; body:\n%s", res.Status, res.Body)
		}
		before := ts.Count(t, "inspections")
		res = police.SendJSON(t, http.MethodPost, "/api/v1/inspections", inspectionBody(ts, stoten, "2018-03-25T21:00:00+01:00"))
		if res.Status != http.StatusUnprocessableEntity || webtest.APIErr(t, res).Error.Fields["organization_ids"] == "" {
			t.Errorf("POST a visit without the police as the police = %d, want 422 on organization_ids; body:\n%s", res.Status, res.Body)
		}
		if res := police.SendJSON(t, http.MethodPatch, "/api/v1/inspections/"+in.ID, `{"inspectors": "x"}`); res.Status != http.StatusForbidden {
			t.Errorf("PATCH the municipality's visit as the police = %d, want 403", res.Status)
		}

		// Bad input: the contract's error shape, every field, nothing stored.
		future := clocktest.Now().Add(48 * time.Hour).Format(time.RFC3339)
		for _, tc := range []struct {
			name, body string
			fields     []string
		}{
			{"kind and time", strings.NewReplacer(`"on_site"`, `"inspection"`, "2018-03-20T21:00:00+01:00", future).
				Replace(inspectionBody(ts, stoten, "2018-03-20T21:00:00+01:00")), []string{"kind", "conducted_at"}},
			{"hidden register check", strings.NewReplacer(`"on_site"`, `"register"`, `"mode": "open"`, `"mode": "hidden"`).
				Replace(inspectionBody(ts, stoten, "2018-03-20T21:00:00+01:00")), []string{"mode"}},
			{"nothing checked", strings.NewReplacer(`"result": "ok"`, `"result": "not_checked"`, `"result": "deficiency"`, `"result": "not_checked"`).
				Replace(inspectionBody(ts, stoten, "2018-03-20T21:00:00+01:00")), []string{"protocol.items"}},
			{"bad result", strings.Replace(inspectionBody(ts, stoten, "2018-03-20T21:00:00+01:00"), `"result": "ok"`, `"result": "fine"`, 1),
				[]string{"protocol.items.0.result"}},
			{"unknown premises", inspectionBody(ts, "999999", "2018-03-20T21:00:00+01:00"), []string{"premises_id"}},
			{"follow-up before the visit", strings.Replace(inspectionBody(ts, stoten, "2018-03-20T21:00:00+01:00"), "2018-04-10", "2018-03-01", 1),
				[]string{"follow_up_on"}},
		} {
			res := officer.SendJSON(t, http.MethodPost, "/api/v1/inspections", tc.body)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: POST = %d, want 422; body:\n%s", tc.name, res.Status, res.Body)
				continue
			}
			e := webtest.APIErr(t, res)
			for _, f := range tc.fields {
				if e.Error.Fields[f] == "" {
					t.Errorf("%s: no error on %s: %v", tc.name, f, e.Error.Fields)
				}
			}
		}
		if res := officer.Get(t, "/api/v1/inspections"); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("GET /api/v1/inspections without a filter = %d, want 422", res.Status)
		}
		if res := officer.Get(t, "/api/v1/inspections?municipality_code=2023&from=igår"); res.Status != http.StatusUnprocessableEntity ||
			webtest.APIErr(t, res).Error.Fields["from"] == "" {
			t.Errorf("GET /api/v1/inspections with a bad from = %d, want 422 on from", res.Status)
		}
		if n := ts.Count(t, "inspections"); n != before {
			t.Errorf("inspections = %d after refused requests, want %d", n, before)
		}

		// Removed by the municipality.
		if res := officer.Do(t, http.MethodDelete, "/api/v1/inspections/"+in.ID, nil); res.Status != http.StatusNoContent {
			t.Errorf("DELETE = %d, want 204", res.Status)
		}
		if res := officer.Get(t, "/api/v1/inspections/"+in.ID); res.Status != http.StatusNotFound {
			t.Errorf("GET a removed inspection = %d, want 404", res.Status)
		}
	})
}

// TestAPICoverage: the contract's shape, and numbers that follow the
// inspections: a recorded visit to a premises not yet visited takes it off
// the list; one that is not recorded does not.
func TestAPICoverage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		officer := ts.APIAs(t, alcoholOfficerEmail)
		coverage := func(q string) (map[string]json.RawMessage, struct {
			Total      int `json:"premises_total"`
			Visits     int `json:"recorded_visits"`
			Visited    int `json:"premises_visited"`
			NotVisited []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"not_visited"`
		}) {
			t.Helper()
			res := officer.Get(t, "/api/v1/premises/coverage?"+q)
			if res.Status != http.StatusOK {
				t.Fatalf("GET coverage?%s = %d; body:\n%s", q, res.Status, res.Body)
			}
			var raw map[string]json.RawMessage
			webtest.DecodeBody(t, res, &raw)
			var c struct {
				Total      int `json:"premises_total"`
				Visits     int `json:"recorded_visits"`
				Visited    int `json:"premises_visited"`
				NotVisited []struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"not_visited"`
			}
			webtest.DecodeBody(t, res, &c)
			return raw, c
		}
		const season = "municipality_code=2023&from=2017-12-01&to=2018-04-30"
		raw, c := coverage(season)
		for _, k := range []string{"premises_total", "recorded_visits", "premises_visited", "not_visited"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("coverage lacks %q: %v", k, raw)
			}
		}
		var recorded int
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM inspections i JOIN premises p ON p.id = i.premises_id
			WHERE p.municipality_code = '2023' AND i.recorded AND i.conducted_at >= ? AND i.conducted_at < ?`,
			time.Date(2017, 11, 30, 23, 0, 0, 0, time.UTC), time.Date(2018, 4, 30, 22, 0, 0, 0, time.UTC)).Scan(&recorded); err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, n := range c.NotVisited {
			names = append(names, n.Name)
			if n.ID == "" {
				t.Errorf("not visited %q without an id", n.Name)
			}
		}
		if c.Total != 14 || c.Visited != 12 || c.Visits != recorded ||
			!cmp.Equal(names, []string{notVisitedCatering, notVisitedStoten}) {
			t.Errorf("coverage 2017–18 = %+v, want 14 premises, 12 visited, %d recorded visits, Catering and Stöten not visited", c, recorded)
		}
		// The default season is the one going on or, between seasons, the
		// latest with recorded visits (in the demo the season before the
		// coming one, of its current cycle); the season parameter names a
		// season too.
		last := premises.WinterSeason(activity.DemoSeason(clocktest.Now()) - 1)
		_, want := coverage("municipality_code=2023&from=" + last.From + "&to=" + last.To)
		wantName := "the last season's"
		if current, in := premises.SeasonOf(clocktest.Now()); in {
			_, want = coverage("municipality_code=2023&from=" + current.From + "&to=" + current.To)
			wantName = "the current season's"
		}
		if _, def := coverage("municipality_code=2023"); !cmp.Equal(def, want) {
			t.Errorf("default coverage = %+v, want %s %+v", def, wantName, want)
		}
		if _, bySeason := coverage("municipality_code=2023&season=2017"); !cmp.Equal(bySeason, c) {
			t.Errorf("season=2017 = %+v, want %+v", bySeason, c)
		}

		// A visit not recorded changes nothing; a recorded one does.
		stoten := premisesByName(ts, t, notVisitedStoten)
		notRecorded := strings.Replace(inspectionBody(ts, stoten, "2018-02-02T20:00:00+01:00"), `"recorded": true`, `"recorded": false`, 1)
		if res := officer.SendJSON(t, http.MethodPost, "/api/v1/inspections", notRecorded); res.Status != http.StatusCreated {
			t.Fatalf("POST = %d; body:\n%s", res.Status, res.Body)
		}
		if _, after := coverage(season); after.Visited != 12 || len(after.NotVisited) != 2 {
			t.Errorf("after a visit not recorded = %+v, want no change", after)
		}
		if res := officer.SendJSON(t, http.MethodPost, "/api/v1/inspections", inspectionBody(ts, stoten, "2018-02-03T20:00:00+01:00")); res.Status != http.StatusCreated {
			t.Fatalf("POST = %d; body:\n%s", res.Status, res.Body)
		}
		_, after := coverage(season)
		if after.Visited != 13 || after.Visits != recorded+1 || len(after.NotVisited) != 1 || after.NotVisited[0].Name != notVisitedCatering {
			t.Errorf("after a recorded visit to Stöten = %+v, want 13 visited, one more visit, only Catering left", after)
		}

		for q, field := range map[string]string{
			"municipality_code=2023&from=2018-04-30&to=2017-12-01": "to",
			"municipality_code=2023&from=2017-12-01":               "to",
			"municipality_code=2023&season=winter":                 "season",
			"municipality_code=20x3":                               "municipality_code",
			"":                                                     "municipality_code",
		} {
			res := officer.Get(t, "/api/v1/premises/coverage?"+q)
			if res.Status != http.StatusUnprocessableEntity || webtest.APIErr(t, res).Error.Fields[field] == "" {
				t.Errorf("coverage?%s = %d, want 422 on %s; body:\n%s", q, res.Status, field, res.Body)
			}
		}
	})
}

// pdfText is the text a PDF shows, read back with poppler's pdftotext: the
// PDFs carry their own font (export.UnicodeFont) or use the core fonts.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command(testenv.Program(t, "pdftotext", "poppler-utils"), "-layout", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestProtocolPDF(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		stoten := premisesByName(ts, t, notVisitedStoten)
		res := ts.APIAs(t, alcoholOfficerEmail).SendJSON(t, http.MethodPost, "/api/v1/inspections", inspectionBody(ts, stoten, "2018-03-20T21:00:00+01:00"))
		var in inspectionJSON
		webtest.DecodeBody(t, res, &in)
		for lang, words := range map[string][]string{
			"": {"Tillsynsprotokoll", notVisitedStoten, "20230008", "Ålderskontroller", "Brist", "Ingen legitimationskontroll", "Följs upp senast 2018-04-10."},
			// The checks are the municipality's words, in Swedish.
			"en": {"Inspection protocol", notVisitedStoten, "Ålderskontroller", "Deficiency"},
		} {
			res := ts.SignInAs(t, premisesPoliceEmail).Get(t, "/inspections/"+in.ID+"/protocol.pdf?lang="+lang)
			if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "application/pdf" ||
				!strings.Contains(res.Header.Get("Content-Disposition"), "20230008") {
				t.Fatalf("GET protocol.pdf?lang=%s = %d %q %q", lang, res.Status, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
			}
			if !strings.HasPrefix(res.Body, "%PDF-") {
				t.Fatalf("protocol.pdf starts %q, want %%PDF-", res.Body[:min(10, len(res.Body))])
			}
			text := pdfText(t, []byte(res.Body))
			for _, w := range words {
				if !strings.Contains(text, w) {
					t.Errorf("protocol.pdf?lang=%s lacks %q:\n%s", lang, w, text)
				}
			}
		}
	})
}

func TestSummaryXLSX(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.SignInAs(t, alcoholOfficerEmail)
		res := c.Get(t, "/premises/summary.xlsx?municipality_code=2023&year=2018")
		if res.Status != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "spreadsheetml") {
			t.Fatalf("GET summary.xlsx = %d %q", res.Status, res.Header.Get("Content-Type"))
		}
		var sum struct {
			Inspections int `json:"inspections"`
			Recorded    int `json:"recorded"`
			Joint       int `json:"joint"`
			Visits      []struct {
				PremisesName string `json:"premises_name"`
			} `json:"visits"`
		}
		webtest.DecodeBody(t, ts.APIAs(t, alcoholOfficerEmail).Get(t, "/api/v1/premises/summary?municipality_code=2023&year=2018"), &sum)
		if sum.Inspections == 0 || sum.Inspections != len(sum.Visits) {
			t.Fatalf("summary 2018 = %+v, want inspections, each listed", sum)
		}
		f, err := excelize.OpenReader(strings.NewReader(res.Body))
		if err != nil {
			t.Fatalf("the workbook cannot be opened: %v", err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) != 2 || sheets[0] != "Sammanställning" || sheets[1] != "Besök" {
			t.Fatalf("sheets = %v, want Sammanställning and Besök", sheets)
		}
		cell := func(sheet, ref string) string {
			v, err := f.GetCellValue(sheet, ref)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if got := cell(sheets[0], "A2"); got != "Tillsyn i Malung-Sälen 2018" {
			t.Errorf("A2 = %q, want the title", got)
		}
		rows, err := f.GetRows(sheets[0])
		if err != nil {
			t.Fatal(err)
		}
		values := map[string]string{}
		for _, r := range rows {
			if len(r) == 2 {
				values[r[0]] = r[1]
			}
		}
		for label, want := range map[string]int{"Tillsynsbesök": sum.Inspections, "Protokollförda besök": sum.Recorded, "Samordnade besök": sum.Joint} {
			if values[label] != strconv.Itoa(want) {
				t.Errorf("%s = %q, want %d", label, values[label], want)
			}
		}
		visits, err := f.GetRows(sheets[1])
		if err != nil {
			t.Fatal(err)
		}
		if len(visits) != sum.Inspections+1 || visits[1][2] != sum.Visits[0].PremisesName {
			t.Errorf("the visits sheet has %d rows, first %v; want a header and %d visits", len(visits), visits[1], sum.Inspections)
		}
	})
}

// TestInspectionForm: the form of a visit on the web, from the
// municipality's checklist; a bad input keeps what was typed and stores
// nothing; a good one leads to the inspection, and the coverage page
// counts it.
func TestInspectionForm(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.SignInAs(t, alcoholOfficerEmail)
		stoten := premisesByName(ts, t, notVisitedStoten)
		res := c.Get(t, "/inspections/new?premises_id="+stoten)
		if res.Status != http.StatusOK {
			t.Fatalf("GET the form = %d; body:\n%.500s", res.Status, res.Body)
		}
		for _, want := range []string{`name="check.on_site.1" value="Ålderskontroller"`, `name="result.on_site.1" value="not_checked" checked`,
			`name="check.joint.9" value="Antal gäster inom tillåtet högsta antal"`, `name="organization_ids" value="` + ts.OrgID(webtest.DemoMalung) + `" checked`,
			`name="recorded" type="checkbox" checked`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the form lacks %s", want)
			}
		}
		// The commitment the season's visits count toward is suggested to
		// the municipality, whose it is, not to the police: the renewed
		// promise's, in force. The commitments of the promise of 2016–2018,
		// which has ended, are not offered for a new visit; a visit of
		// 2017 keeps its own when it is changed.
		var commitment, old int64
		if err := d.QueryRowContext(context.Background(), `SELECT c.id FROM commitments c JOIN promises p ON p.id = c.promise_id
			WHERE p.title = ? AND c.text LIKE '%protokollfört besök%'`, demo.RenewedTitle(clocktest.Now())).Scan(&commitment); err != nil {
			t.Fatalf("the renewed promise's commitment of recorded visits: %v", err)
		}
		var oldVisit int64
		if err := d.QueryRowContext(context.Background(), `SELECT i.commitment_id, i.id FROM inspections i JOIN commitments c ON c.id = i.commitment_id
			JOIN promises p ON p.id = c.promise_id WHERE p.title = 'Medborgarlöfte i Sälen 2016–2018' ORDER BY i.id LIMIT 1`).Scan(&old, &oldVisit); err != nil {
			t.Fatalf("the demo's visits toward the promise of 2016–2018: %v", err)
		}
		suggested := fmt.Sprintf(`<option value="%d" selected>`, commitment)
		if !strings.Contains(res.Body, suggested) {
			t.Errorf("the officer's form does not suggest the commitment %d", commitment)
		}
		choice := regexp.MustCompile(`(?s)<select id="f-commitment-id".*?</select>`).FindString(res.Body)
		if choice == "" || strings.Contains(choice, fmt.Sprintf(`<option value="%d"`, old)) {
			t.Errorf("the officer's form offers the commitment %d of the ended promise", old)
		}
		if edit := c.Get(t, fmt.Sprintf("/inspections/%d/edit", oldVisit)); !strings.Contains(edit.Body, fmt.Sprintf(`<option value="%d" selected>`, old)) {
			t.Errorf("GET /inspections/%d/edit = %d, without its commitment %d chosen", oldVisit, edit.Status, old)
		}
		if form := ts.SignInAs(t, premisesPoliceEmail).Get(t, "/inspections/new?premises_id="+stoten); form.Status != http.StatusOK ||
			strings.Contains(form.Body, suggested) {
			t.Errorf("the police's form = %d, suggesting the municipality's commitment", form.Status)
		}
		coverage := c.Get(t, "/premises/coverage?municipality_code=2023&season=2017")
		if !strings.Contains(coverage.Body, `id="not-visited-count">2<`) {
			t.Fatalf("coverage before: no count of 2:\n%.2000s", coverage.Body)
		}

		form := url.Values{"premises_id": {stoten}, "kind": {"on_site"}, "mode": {"open"}, "conducted_at": {"2018-03-16T21:30"},
			"organization_ids": {ts.OrgID(webtest.DemoMalung)}, "recorded": {"on"}, "protocol.remarks": {"Samtal"},
			"follow_up_on": {"2018-03-01"}}
		for i, text := range []string{"Ordning och nykterhet", "Ålderskontroller"} {
			form.Set(fmt.Sprintf("check.on_site.%d", i), text)
			form.Set(fmt.Sprintf("result.on_site.%d", i), "ok")
		}
		form.Set("result.on_site.1", "deficiency")
		form.Set("note.on_site.1", "Legitimation kontrollerades inte")
		// Another kind's list, left as it was, is not saved.
		form.Set("check.register.0", "Restaurangrapport inlämnad")
		form.Set("result.register.0", "not_checked")
		before := ts.Count(t, "inspections")
		res = c.PostForm(t, "/inspections", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST a bad form = %d, want 422; body:\n%.500s", res.Status, res.Body)
		}
		for _, want := range []string{`class="error-summary"`, `href="#f-follow-up"`, `href="#f-follow-up-on"`,
			`value="Legitimation kontrollerades inte"`, `name="result.on_site.1" value="deficiency" checked`, `value="2018-03-16T21:30"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the refused form lacks %s", want)
			}
		}
		if n := ts.Count(t, "inspections"); n != before {
			t.Fatalf("inspections = %d after a refused form, want %d", n, before)
		}

		form.Set("follow_up", "Nytt besök")
		form.Set("follow_up_on", "2018-04-06")
		res = c.PostForm(t, "/inspections", form)
		if res.Status != http.StatusSeeOther || !regexp.MustCompile(`^/inspections/\d+$`).MatchString(res.Header.Get("Location")) {
			t.Fatalf("POST the form = %d to %q, want 303 to the inspection; body:\n%.500s", res.Status, res.Header.Get("Location"), res.Body)
		}
		view := c.Get(t, res.Header.Get("Location"))
		if view.Status != http.StatusOK || !strings.Contains(view.Body, res.Header.Get("Location")+"/protocol.pdf") ||
			!strings.Contains(view.Body, "Legitimation kontrollerades inte") {
			t.Errorf("the inspection page = %d without its protocol link or note", view.Status)
		}
		var stored inspectionJSON
		webtest.DecodeBody(t, ts.APIAs(t, alcoholOfficerEmail).Get(t, "/api/v1"+res.Header.Get("Location")), &stored)
		if len(stored.Protocol.Items) != 2 || stored.Kind != "on_site" || !stored.Recorded || stored.ConductedAt != "2018-03-16T20:30:00Z" {
			t.Errorf("stored = %+v, want the on-site list's two checks, recorded, 21:30 Swedish time", stored)
		}
		coverage = c.Get(t, "/premises/coverage?municipality_code=2023&season=2017")
		if !strings.Contains(coverage.Body, `id="not-visited-count">1<`) {
			t.Errorf("coverage after: no count of 1")
		}

		// The police see the form only of visits they may record: not
		// the municipality's on-site visit to change.
		police := ts.SignInAs(t, premisesPoliceEmail)
		if res := police.Get(t, res.Header.Get("Location")+"/edit"); res.Status != http.StatusForbidden {
			t.Errorf("GET the edit form of the municipality's visit as the police = %d, want 403", res.Status)
		}
		if res := police.PostForm(t, "/premises/"+stoten, url.Values{"name": {"x"}}); res.Status != http.StatusForbidden {
			t.Errorf("POST a premises as the police = %d, want 403", res.Status)
		}
	})
}

// multipartFile is a form with one file.
func multipartFile(t *testing.T, field, name string, content []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	return &buf, w.FormDataContentType()
}

func TestImportPremises(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		const header = "restaurant_number,name,organization_number,holder_name,street_address,postal_code,postal_area,municipality_code,licence_type,serving_hours,lat,lon\n"
		good := header + "20230201,Importbaren (test),556012-5790,Import AB,Sälen 1,78067,Sälen,2023,permanent_public,11.00–01.00,61.16,13.26\n" +
			"20230001,Restaurang Kåtan Lindvallen (ändrad),559900-1004,Restaurang Kåtan AB (demo),Lindvallen 10,780 67,Sälen,2023,permanent_public,11.00–01.00,,\n"
		badLine := strings.Replace(good, "559900-1004", "559900-1005", 1)
		otherMunicipality := good + "20620201,Morabaren (test),556012-5790,Mora AB,,,,2062,permanent_public,,,\n"
		officer := ts.APIAs(t, alcoholOfficerEmail)
		before := ts.Count(t, "premises")
		for name, tc := range map[string]struct {
			body   string
			line   string
			column string
		}{
			"check digit": {badLine, "rad 3", "organization_number"},
			"not yours":   {otherMunicipality, "rad 4", "municipality_code"},
			"header":      {strings.Replace(good, "lat,lon", "latitude,lon", 1), "rad 1", ""},
		} {
			res := officer.Do(t, http.MethodPost, "/api/v1/premises/import", strings.NewReader(tc.body), "Content-Type", "text/csv")
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: import = %d, want 422; body:\n%s", name, res.Status, res.Body)
				continue
			}
			e := webtest.APIErr(t, res)
			if e.Error.Fields["line"] != tc.line || (tc.column != "" && e.Error.Fields[tc.column] == "") ||
				!strings.Contains(e.Error.Message, tc.line) {
				t.Errorf("%s: error = %+v, want %s and the column %q", name, e.Error, tc.line, tc.column)
			}
		}
		if res := officer.SendJSON(t, http.MethodPost, "/api/v1/premises/import", `{}`); res.Status != http.StatusUnsupportedMediaType {
			t.Errorf("import as JSON = %d, want 415", res.Status)
		}
		if n := ts.Count(t, "premises"); n != before {
			t.Fatalf("premises = %d after refused imports, want %d", n, before)
		}
		// The web form says the line, in the user's language.
		page := ts.SignInAs(t, alcoholOfficerEmail)
		body, ct := multipartFile(t, premisesweb.ImportField, "register.csv", []byte(badLine))
		res := page.Do(t, http.MethodPost, "/premises/import", body, "Content-Type", ct)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "rad 3, organization_number: Organisationsnumrets kontrollsiffra") {
			t.Errorf("the import page with a bad line = %d; body:\n%.2000s", res.Status, res.Body)
		}
		res = page.PostForm(t, "/premises/import", url.Values{})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Välj en CSV-fil") {
			t.Errorf("the import page without a file = %d", res.Status)
		}
		if n := ts.Count(t, "premises"); n != before {
			t.Fatalf("premises = %d after refused imports, want %d", n, before)
		}

		body, ct = multipartFile(t, premisesweb.ImportField, "register.csv", []byte(good))
		res = page.Do(t, http.MethodPost, "/premises/import", body, "Content-Type", ct)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Nya serveringsställen: 1") || !strings.Contains(res.Body, "Ändrade: 1") {
			t.Errorf("the import page with a good file = %d; body:\n%.2000s", res.Status, res.Body)
		}
		res = officer.Do(t, http.MethodPost, "/api/v1/premises/import", strings.NewReader(good), "Content-Type", "text/csv; charset=utf-8")
		var result struct{ Created, Updated, Unchanged int }
		webtest.DecodeBody(t, res, &result)
		if res.Status != http.StatusOK || result.Created != 0 || result.Updated != 0 || result.Unchanged != 2 {
			t.Errorf("the same file again = %d %+v, want 2 unchanged", res.Status, result)
		}
		if n := ts.Count(t, "premises"); n != before+1 {
			t.Errorf("premises = %d, want %d", n, before+1)
		}
		// The imports are counted in the metrics by result.
		metrics := ts.NewClient(t).Get(t, "/metrics").Body
		for _, want := range []string{`samverkan_imports_total{kind="premises",result="ok"} 2`, `samverkan_imports_total{kind="premises",result="refused"}`} {
			if !strings.Contains(metrics, want) {
				t.Errorf("/metrics lacks %q", want)
			}
		}
	})
}

func TestChecklists(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		officer := ts.SignInAs(t, alcoholOfficerEmail)
		res := officer.Get(t, "/premises/checklists?municipality_code=2023")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Ordning och nykterhet\nÅlderskontroller") {
			t.Fatalf("the checklists page = %d without the default on-site list", res.Status)
		}
		res = officer.PostForm(t, "/premises/checklists", url.Values{"municipality_code": {"2023"}, "kind": {"preventive"},
			"items": {"Information om reglerna\r\nNarkotikapolicy\r\nnarkotikapolicy"}})
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Rad 3 finns redan i listan") ||
			!strings.Contains(res.Body, "Information om reglerna\nNarkotikapolicy\nnarkotikapolicy</textarea>") {
			t.Errorf("a line twice = %d; body:\n%.3000s", res.Status, res.Body)
		}
		res = officer.PostForm(t, "/premises/checklists", url.Values{"municipality_code": {"2023"}, "kind": {"preventive"},
			"items": {"Information om reglerna\n\nNarkotikapolicy\n"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("saving a list = %d; body:\n%.500s", res.Status, res.Body)
		}
		var lists struct {
			Checklists []struct {
				Kind    string   `json:"kind"`
				Items   []string `json:"items"`
				Default bool     `json:"default"`
			} `json:"checklists"`
		}
		webtest.DecodeBody(t, ts.APIAs(t, premisesPoliceEmail).Get(t, "/api/v1/municipalities/2023/checklists"), &lists)
		if len(lists.Checklists) != 4 || lists.Checklists[3].Kind != "preventive" || lists.Checklists[3].Default ||
			!cmp.Equal(lists.Checklists[3].Items, []string{"Information om reglerna", "Narkotikapolicy"}) || !lists.Checklists[0].Default {
			t.Errorf("checklists = %+v, want the preventive list saved, the others the defaults", lists.Checklists)
		}
		// The form of a preventive visit uses the municipality's list.
		stoten := premisesByName(ts, t, notVisitedStoten)
		if form := officer.Get(t, "/inspections/new?premises_id="+stoten); !strings.Contains(form.Body, `name="check.preventive.1" value="Narkotikapolicy"`) ||
			strings.Contains(form.Body, `name="check.preventive.2"`) {
			t.Errorf("the form does not use the municipality's preventive list")
		}
		// Back to the default; the police read the lists but do not keep them.
		res = officer.PostForm(t, "/premises/checklists", url.Values{"municipality_code": {"2023"}, "kind": {"preventive"}, "reset": {"1"}})
		if res.Status != http.StatusSeeOther {
			t.Errorf("reset = %d", res.Status)
		}
		police := ts.APIAs(t, premisesPoliceEmail)
		if res := police.SendJSON(t, http.MethodPut, "/api/v1/municipalities/2023/checklists/on_site", `{"items": ["x"]}`); res.Status != http.StatusForbidden {
			t.Errorf("PUT a checklist as the police = %d, want 403", res.Status)
		}
		if res := ts.SignInAs(t, premisesPoliceEmail).PostForm(t, "/premises/checklists", url.Values{"municipality_code": {"2023"}, "kind": {"on_site"}, "items": {"x"}}); res.Status != http.StatusForbidden {
			t.Errorf("POST a checklist as the police = %d, want 403", res.Status)
		}
		api := ts.APIAs(t, alcoholOfficerEmail)
		res = api.SendJSON(t, http.MethodPut, "/api/v1/municipalities/2023/checklists/joint", `{"items": ["Ordning", "Brandskydd"]}`)
		var saved struct {
			Items   []string `json:"items"`
			Default bool     `json:"default"`
		}
		webtest.DecodeBody(t, res, &saved)
		if res.Status != http.StatusOK || saved.Default || len(saved.Items) != 2 {
			t.Errorf("PUT a checklist = %d %+v", res.Status, saved)
		}
		if res := api.SendJSON(t, http.MethodPut, "/api/v1/municipalities/2023/checklists/sometimes", `{"items": ["x"]}`); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("PUT an unknown kind's checklist = %d, want 422", res.Status)
		}
	})
}

// TestPremisesPages: the register, the form that adds and changes a
// premises (bad input kept, nothing stored), the premises page with its
// history, planning and the summary, in both languages.
func TestPremisesPages(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.SignInAs(t, alcoholOfficerEmail)
		// One municipality: the register at once, 14 premises.
		res := c.Get(t, "/premises")
		if res.Status != http.StatusOK || strings.Count(res.Body, `<a href="/premises/`) < 14 {
			t.Fatalf("GET /premises = %d", res.Status)
		}
		if res := c.Get(t, "/premises?q=kl%C3%A4ppen"); strings.Count(res.Body, "Kläppen (demo)</a>") != 2 {
			t.Errorf("a search for kläppen does not find the two premises of Kläppen")
		}
		if res := c.Get(t, "/premises?status=closed"); !strings.Contains(res.Body, "Inget serveringsställe matchar sökningen") {
			t.Errorf("no closed premises: the empty state is not said")
		}
		// The police choose among their two municipalities.
		if res := ts.SignInAs(t, premisesPoliceEmail).Get(t, "/premises"); !strings.Contains(res.Body, "/premises?municipality_code=2023") ||
			!strings.Contains(res.Body, "/premises?municipality_code=2062") {
			t.Errorf("the police are not asked to choose the municipality")
		}

		before := ts.Count(t, "premises")
		form := url.Values{"municipality_code": {"2023"}, "name": {"Nya Krogen (test)"}, "restaurant_number": {"20230300"},
			"organization_number": {"556012-5791"}, "holder_name": {"Nya Krogen AB"}, "licence_type": {"permanent_public"},
			"lat": {"61,16"}, "lon": {"öst"}, "status": {"open"}}
		res = c.PostForm(t, "/premises", form)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `href="#f-organization-number"`) ||
			!strings.Contains(res.Body, `href="#f-lon"`) || !strings.Contains(res.Body, `value="Nya Krogen (test)"`) {
			t.Errorf("a bad premises form = %d; body:\n%.2000s", res.Status, res.Body)
		}
		if n := ts.Count(t, "premises"); n != before {
			t.Fatalf("premises = %d after a refused form, want %d", n, before)
		}
		form.Set("organization_number", "556012-5790")
		form.Set("lon", "13,19")
		res = c.PostForm(t, "/premises", form)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("a good premises form = %d; body:\n%.1000s", res.Status, res.Body)
		}
		loc := res.Header.Get("Location")
		edit := c.Get(t, loc+"/edit")
		if edit.Status != http.StatusOK || !strings.Contains(edit.Body, `value="61,16000"`) {
			t.Errorf("the edit form = %d without the position in Swedish", edit.Status)
		}
		form.Set("serving_hours", "11.00–02.00")
		if res := c.PostForm(t, loc, form); res.Status != http.StatusSeeOther {
			t.Errorf("a change = %d", res.Status)
		}
		view := c.Get(t, loc)
		if view.Status != http.StatusOK || !strings.Contains(view.Body, "<ins>11.00–02.00</ins>") || !strings.Contains(view.Body, "Lades till i registret.") {
			t.Errorf("the premises page lacks its history; body:\n%.3000s", view.Body)
		}
		for _, p := range []string{"/premises/planning", "/premises/summary?year=2017", "/premises/coverage", "/inspections/new"} {
			if res := c.Get(t, p); res.Status != http.StatusOK {
				t.Errorf("GET %s = %d", p, res.Status)
			}
		}
		if res := c.Get(t, "/premises/coverage?from=2018-01-01&to=2017-01-01"); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, `class="error-summary"`) {
			t.Errorf("a period that ends before it starts = %d", res.Status)
		}
		en := ts.SignInAs(t, alcoholOfficerEmail)
		if res := en.PostForm(t, "/language", url.Values{"lang": {"en"}, "return": {"/premises/coverage"}}); res.Status != http.StatusSeeOther {
			t.Fatalf("choosing English = %d", res.Status)
		}
		if res := en.Get(t, "/premises/coverage"); !strings.Contains(res.Body, "Winter season 2017–2018") ||
			!strings.Contains(res.Body, "of 15 open premises have had no recorded visit") { // the demo's 14 and the new one
			t.Errorf("the coverage page in English; body:\n%.2000s", res.Body)
		}
	})
}
