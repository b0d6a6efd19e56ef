package surveyweb_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// Coordinators manage surveys (survey:manage); coordinators and members
// read results (survey:results); reporters see nothing; answering is
// public. Which municipality a holder reaches, and who sees raw answers,
// is decided in package survey and tested in survey_test.go here and
// there; the matrix asks for records that do not exist (404 for every
// holder) and sends empty forms and bodies.
var (
	managers = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator}
	readers  = []webtest.Who{webtest.AsAdmin, webtest.AsCoordinator, webtest.AsMember}
)

var matrix = map[string]webtest.Access{
	"GET /surveys":                           {Allowed: readers, Status: 200},
	"GET /surveys/new":                       {Allowed: managers, Status: 200},
	"POST /surveys":                          {Allowed: managers, Status: 422},
	"GET /surveys/{id}":                      {Allowed: readers, Status: 404},
	"GET /surveys/{id}/edit":                 {Allowed: managers, Status: 404},
	"POST /surveys/{id}":                     {Allowed: managers, Status: 404},
	"POST /surveys/{id}/publish":             {Allowed: managers, Status: 404},
	"POST /surveys/{id}/close":               {Allowed: managers, Status: 404},
	"POST /surveys/{id}/tablet":              {Allowed: managers, Status: 404},
	"POST /surveys/{id}/questions":           {Allowed: managers, Status: 404},
	"POST /surveys/{id}/questions/move":      {Allowed: managers, Status: 404},
	"POST /surveys/{id}/invitation-required": {Allowed: managers, Status: 404},
	"POST /surveys/{id}/invitations":         {Allowed: managers, Status: 404},
	"POST /surveys/{id}/invitations.csv":     {Allowed: managers, Status: 404},
	"GET /surveys/{id}/results":              {Allowed: readers, Status: 404},
	"GET /surveys/{id}/compare":              {Allowed: readers, Status: 404},
	"GET /surveys/{id}/texts":                {Allowed: readers, Status: 404},
	"POST /surveys/{id}/public-summary":      {Allowed: managers, Status: 404},
	"GET /kommun/{code}/surveys/{id}":        {Allowed: webtest.AllIdentities, Status: 404},
	"GET /surveys/{id}/qr":                   {Allowed: readers, Status: 404},
	"GET /surveys/{id}/qr.svg":               {Allowed: readers, Status: 404},
	"GET /surveys/{id}/results.csv":          {Allowed: readers, Status: 404},
	"GET /surveys/{id}/results.xlsx":         {Allowed: readers, Status: 404},
	"GET /surveys/{id}/results.geojson":      {Allowed: readers, Status: 404},
	"GET /s/{token}":                         {Allowed: webtest.AllIdentities, Status: 404},
	"POST /s/{token}":                        {Allowed: webtest.AllIdentities, Status: 404},
	"GET /s/{token}/thanks":                  {Allowed: webtest.AllIdentities, Status: 404},
	"POST /s/{token}/next":                   {Allowed: webtest.AllIdentities, Status: 404},

	"GET /api/v1/surveys":                   {Allowed: readers, Status: 422},  // no municipality
	"POST /api/v1/surveys":                  {Allowed: managers, Status: 400}, // empty body
	"GET /api/v1/surveys/{id}":              {Allowed: readers, Status: 404},
	"PATCH /api/v1/surveys/{id}":            {Allowed: managers, Status: 404},
	"POST /api/v1/surveys/{id}/publish":     {Allowed: managers, Status: 404},
	"POST /api/v1/surveys/{id}/questions":   {Allowed: managers, Status: 404},
	"POST /api/v1/surveys/{id}/invitations": {Allowed: managers, Status: 404},
	"POST /api/v1/surveys/{id}/close":       {Allowed: managers, Status: 404},
	"POST /api/v1/surveys/{id}/answers":     {Allowed: webtest.AllIdentities, Status: 404},
	"GET /api/v1/surveys/{id}/results":      {Allowed: readers, Status: 404},
	"GET /api/v1/surveys/{id}/compare":      {Allowed: readers, Status: 404},
	"GET /api/v1/surveys/{id}/texts":        {Allowed: readers, Status: 404},
}

func target(ts *webtest.TestServer, path string) map[string]string {
	switch {
	case strings.HasPrefix(path, "/kommun/"):
		return map[string]string{"{code}": "2062", "{id}": "999999"}
	case strings.HasPrefix(path, "/s/"):
		return map[string]string{"{token}": "nosuchtoken"}
	case strings.Contains(path, "/surveys/"):
		return map[string]string{"{id}": "999999"}
	}
	return nil
}

func TestPermissions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes("surveys"), matrix, target)
	})
}

// TestManageOnlyOwnMunicipality: adding questions and invitation codes
// are the municipality's coordinators' (and administrators'): Sälen's
// coordinator is refused Mora's draft, the police in Mora who read its
// results too, and nothing is stored.
func TestManageOnlyOwnMunicipality(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		admin := ts.API(t, webtest.AsAdmin)
		res := admin.SendJSON(t, "POST", "/api/v1/surveys", `{"municipality_code": "2062", "template": "staff_dialogue"}`)
		if res.Status != 201 {
			t.Fatalf("create = %d %s", res.Status, res.Body)
		}
		var v struct{ ID string }
		webtest.DecodeBody(t, res, &v)
		questions, codes := ts.Count(t, "survey_questions"), ts.Count(t, "survey_invitations")
		// Sälen's coordinator does not see Mora's surveys at all (404);
		// the police read them (403); a reporter holds no survey right.
		for who, want := range map[webtest.Who]int{webtest.AsCoordinator: 404, webtest.AsMember: 403, webtest.AsReporter: 403} {
			api := ts.API(t, who)
			if res := api.SendJSON(t, "POST", "/api/v1/surveys/"+v.ID+"/questions", `{"kind": "text", "text": "Hur mår du?"}`); res.Status != want {
				t.Errorf("%s adds a question to Mora's survey: %d, want %d", who, res.Status, want)
			}
			if res := api.SendJSON(t, "POST", "/api/v1/surveys/"+v.ID+"/invitations", `{"count": 3}`); res.Status != want {
				t.Errorf("%s makes codes for Mora's survey: %d, want %d", who, res.Status, want)
			}
			page := ts.SignIn(t, who)
			for _, path := range []string{"/questions", "/invitations", "/invitation-required", "/questions/move", "/invitations.csv"} {
				if res := page.PostForm(t, "/surveys/"+v.ID+path, url.Values{"question_kind": {"text"}, "question_text": {"x"},
					"invitation_count": {"3"}, "invitation_required": {"on"}}); res.Status != want {
					t.Errorf("%s POST %s of Mora's survey: %d, want %d", who, path, res.Status, want)
				}
			}
		}
		if ts.Count(t, "survey_questions") != questions || ts.Count(t, "survey_invitations") != codes {
			t.Errorf("a refused request stored something")
		}
		if res := admin.SendJSON(t, "POST", "/api/v1/surveys/"+v.ID+"/invitations", `{"count": 2}`); res.Status != 201 {
			t.Errorf("the administrator makes codes: %d %s", res.Status, res.Body)
		}
	})
}
