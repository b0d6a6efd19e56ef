package web

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/demo"
)

// access is one row of the permission matrix: who may use a route, and
// what an allowed request of the matrix (an empty form or body, an
// existing id) gets.
type access struct {
	allowed []who
	// status of an allowed request; signedIn, when set, replaces it for a
	// signed-in user (e.g. GET /login redirects them).
	status, signedIn int
}

var (
	allIdentities = []who{asAnon, asAdmin, asCoordinator, asMember, asReporter}
	signedInOnly  = []who{asAdmin, asCoordinator, asMember, asReporter}
	anyMember     = []who{asAdmin, asCoordinator, asMember, asReporter} // every demo identity has a membership
	adminOnly     = []who{asAdmin}

	agreementReaders   = []who{asAdmin, asCoordinator, asMember} // agreements and promises
	agreementWriters   = []who{asAdmin, asCoordinator}
	commitmentUpdaters = []who{asAdmin, asCoordinator, asMember}

	reportUsers          = []who{asAdmin, asCoordinator, asMember, asReporter} // report:create, report:read
	situationReaders     = []who{asAdmin, asCoordinator, asMember}
	municipalityManagers = []who{asAdmin, asCoordinator}
)

// anyAnswer as the status of an allowed request accepts whatever the
// handler answers but 401, 403 and 5xx.
const anyAnswer = -1

// permissionMatrix is the expected authorisation of every route, written
// out by hand from the product's rules (docs/api.md), not read from the
// route table. A route without a row fails TestPermissionMatrix. The core,
// promise and report rows are here; each later area keeps its rows in a
// file of its own (activityMatrix, premisesMatrix, briefMatrix,
// statisticsMatrix), merged in below.
var permissionMatrix = mergeMatrices(coreMatrix, activityMatrix, premisesMatrix, briefMatrix, statisticsMatrix)

// mergeMatrices joins the areas' rows; a route with rows in two areas is a
// mistake in the test and stops it.
func mergeMatrices(parts ...map[string]access) map[string]access {
	out := map[string]access{}
	for _, part := range parts {
		for k, v := range part {
			if _, dup := out[k]; dup {
				panic("permission matrix: two rows for " + k)
			}
			out[k] = v
		}
	}
	return out
}

// targetFuncs give the areas' routes the values their wildcards ("{id}",
// "{code}", …) are requested with in the matrix; a wildcard an area does
// not set keeps the core's value.
var targetFuncs = []func(ts *testServer, path string) map[string]string{
	activityTarget, premisesTarget, briefTarget, statisticsTarget,
}

var coreMatrix = map[string]access{
	"GET /{$}":                                        {allowed: allIdentities, status: 200},
	"GET /login":                                      {allowed: allIdentities, status: 200, signedIn: 303},
	"POST /login":                                     {allowed: allIdentities, status: 422}, // empty form
	"POST /logout":                                    {allowed: allIdentities, status: 303},
	"POST /language":                                  {allowed: allIdentities, status: 400}, // no language
	"GET /static/{file...}":                           {allowed: allIdentities, status: 200},
	"GET /start":                                      {allowed: signedInOnly, status: 200},
	"GET /account":                                    {allowed: signedInOnly, status: 200},
	"POST /account/password":                          {allowed: signedInOnly, status: 422},
	"GET /account/tokens":                             {allowed: signedInOnly, status: 200},
	"POST /account/tokens":                            {allowed: signedInOnly, status: 422},
	"POST /account/tokens/{id}/revoke":                {allowed: signedInOnly, status: 404}, // nobody's token
	"GET /admin/organizations":                        {allowed: adminOnly, status: 200},
	"GET /admin/organizations/new":                    {allowed: adminOnly, status: 200},
	"POST /admin/organizations":                       {allowed: adminOnly, status: 422},
	"GET /admin/organizations/{id}":                   {allowed: adminOnly, status: 200},
	"POST /admin/organizations/{id}":                  {allowed: adminOnly, status: 422},
	"GET /admin/users":                                {allowed: adminOnly, status: 200},
	"GET /admin/users/new":                            {allowed: adminOnly, status: 200},
	"POST /admin/users":                               {allowed: adminOnly, status: 422},
	"GET /admin/users/{id}":                           {allowed: adminOnly, status: 200},
	"POST /admin/users/{id}":                          {allowed: adminOnly, status: 422},
	"POST /admin/users/{id}/password":                 {allowed: adminOnly, status: 422},
	"POST /admin/users/{id}/memberships":              {allowed: adminOnly, status: 422},
	"POST /admin/users/{id}/memberships/{org}/delete": {allowed: adminOnly, status: 303},
	"GET /admin/audit":                                {allowed: adminOnly, status: 200},
	// Agreements and citizen promises: coordinators write, coordinators
	// and members read, the parties' staff update their commitments. The
	// handler decides which record a permission reaches, so the matrix
	// asks for a record that does not exist: an allowed identity passes
	// the route's check and gets 404 (or the form's error first), a
	// refused one never reaches the handler.
	"GET /agreements":                        {allowed: agreementReaders, status: 200},
	"GET /agreements/new":                    {allowed: agreementWriters, status: 200},
	"POST /agreements":                       {allowed: agreementWriters, status: anyAnswer},
	"GET /agreements/{id}":                   {allowed: agreementReaders, status: 404},
	"GET /agreements/{id}/edit":              {allowed: agreementWriters, status: 404},
	"POST /agreements/{id}":                  {allowed: agreementWriters, status: anyAnswer},
	"GET /agreements/{id}/history":           {allowed: agreementReaders, status: 404},
	"GET /promises":                          {allowed: agreementReaders, status: 200},
	"GET /promises/new":                      {allowed: agreementWriters, status: 200},
	"POST /promises":                         {allowed: agreementWriters, status: anyAnswer},
	"GET /promises/{id}/edit":                {allowed: agreementWriters, status: 404},
	"POST /promises/{id}":                    {allowed: agreementWriters, status: anyAnswer},
	"POST /promises/{id}/publish":            {allowed: agreementWriters, status: anyAnswer},
	"POST /promises/{id}/end":                {allowed: agreementWriters, status: anyAnswer},
	"GET /promises/{id}/amend":               {allowed: agreementWriters, status: 404},
	"POST /promises/{id}/amendments":         {allowed: agreementWriters, status: anyAnswer},
	"GET /commitments/{id}/status":           {allowed: commitmentUpdaters, status: 404},
	"POST /commitments/{id}/status":          {allowed: commitmentUpdaters, status: anyAnswer},
	"GET /kommun/{code}":                     {allowed: allIdentities, status: 200},
	"GET /promises/{id}":                     {allowed: allIdentities, status: 404},
	"GET /promises/{id}/pdf":                 {allowed: allIdentities, status: 404},
	"GET /feeds/promises.atom":               {allowed: allIdentities, status: 200},
	"GET /feeds/kommun/{code}/promises.atom": {allowed: allIdentities, status: 200},
	"GET /open-data/promises.csv":            {allowed: allIdentities, status: 200},
	"GET /api/v1/agreements":                 {allowed: agreementReaders, status: 200},
	"POST /api/v1/agreements":                {allowed: agreementWriters, status: 400},
	"GET /api/v1/agreements/{id}":            {allowed: agreementReaders, status: 404},
	"PATCH /api/v1/agreements/{id}":          {allowed: agreementWriters, status: anyAnswer},
	"GET /api/v1/agreements/{id}/versions":   {allowed: agreementReaders, status: 404},
	"GET /api/v1/promises":                   {allowed: agreementReaders, status: 200},
	"POST /api/v1/promises":                  {allowed: agreementWriters, status: 400},
	"GET /api/v1/promises/{id}":              {allowed: agreementReaders, status: 404},
	"PATCH /api/v1/promises/{id}":            {allowed: agreementWriters, status: anyAnswer},
	"POST /api/v1/promises/{id}/publish":     {allowed: agreementWriters, status: anyAnswer},
	"POST /api/v1/promises/{id}/end":         {allowed: agreementWriters, status: anyAnswer},
	"POST /api/v1/promises/{id}/amendments":  {allowed: agreementWriters, status: anyAnswer},
	"GET /api/v1/promises/{id}/progress":     {allowed: agreementReaders, status: 404},
	"PATCH /api/v1/commitments/{id}":         {allowed: commitmentUpdaters, status: anyAnswer},
	"GET /api/v1/public/promises":            {allowed: allIdentities, status: 200},
	"GET /api/v1/public/promises/{id}":       {allowed: allIdentities, status: 404},

	// Reports and the weekly picture: everyone in an organisation reports
	// and reads (package report decides which reports: the matrix asks
	// for one that does not exist), coordinators and members see the
	// picture, coordinators change their municipality's checklist. The
	// picture is asked for Malung-Sälen (2023), where the demo
	// coordinator and the police both work.
	"GET /reports/new":                    {allowed: reportUsers, status: 200},
	"POST /reports":                       {allowed: reportUsers, status: 422}, // empty form
	"GET /reports":                        {allowed: reportUsers, status: 200},
	"GET /reports/{id}":                   {allowed: reportUsers, status: 404},
	"GET /reports.csv":                    {allowed: reportUsers, status: 200},
	"GET /reports.geojson":                {allowed: reportUsers, status: 200},
	"GET /situation":                      {allowed: situationReaders, status: anyAnswer}, // one municipality: a redirect to it
	"GET /situation/{code}":               {allowed: situationReaders, status: 200},
	"POST /api/v1/reports":                {allowed: reportUsers, status: 400}, // empty body
	"POST /api/v1/reports/batch":          {allowed: reportUsers, status: 400},
	"GET /api/v1/reports":                 {allowed: reportUsers, status: 200},
	"GET /api/v1/reports/{id}":            {allowed: reportUsers, status: 404},
	"GET /api/v1/situation":               {allowed: situationReaders, status: 422}, // no municipality
	"GET /api/v1/municipalities/{code}":   {allowed: reportUsers, status: 200},
	"PATCH /api/v1/municipalities/{code}": {allowed: municipalityManagers, status: 400},
	// A municipality's report settings: its coordinators and the
	// administrators. Empty forms are refused.
	"GET /municipalities/{code}/settings":    {allowed: municipalityManagers, status: 200},
	"POST /municipalities/{code}/categories": {allowed: municipalityManagers, status: 422},
	"POST /municipalities/{code}/places":     {allowed: municipalityManagers, status: 422},
	"POST /municipalities/{code}/areas":      {allowed: municipalityManagers, status: 422},

	"GET /api/v1/openapi.json":         {allowed: allIdentities, status: 200},
	"GET /api/v1/municipalities":       {allowed: allIdentities, status: 200},
	"GET /api/v1/me":                   {allowed: signedInOnly, status: 200},
	"GET /api/v1/organizations":        {allowed: anyMember, status: 200},
	"POST /api/v1/organizations":       {allowed: adminOnly, status: 400}, // empty body
	"GET /api/v1/organizations/{id}":   {allowed: anyMember, status: 200},
	"PATCH /api/v1/organizations/{id}": {allowed: adminOnly, status: 400},
	"GET /api/v1/users":                {allowed: adminOnly, status: 200},
	"POST /api/v1/users":               {allowed: adminOnly, status: 400},
	"GET /api/v1/users/{id}":           {allowed: adminOnly, status: 200},
	"GET /api/v1/audit":                {allowed: adminOnly, status: 200},
	"GET /healthz":                     {allowed: allIdentities, status: 200},
	"GET /readyz":                      {allowed: allIdentities, status: 200},
	"GET /metrics":                     {allowed: allIdentities, status: 200},
}

// requestFor turns a route pattern into a method and a path to request,
// with existing ids in place of the wildcards.
func (ts *testServer) requestFor(t *testing.T, pattern string) (method, path string) {
	t.Helper()
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		t.Fatalf("pattern %q has no method", pattern)
	}
	target := strconv.FormatInt(ts.userID["krog@demo.example"], 10)
	if strings.HasPrefix(path, "/admin/organizations/") || strings.HasPrefix(path, "/api/v1/organizations/") {
		target = strconv.FormatInt(ts.orgIDs["Mora kommun"], 10)
	}
	if strings.HasPrefix(path, "/account/tokens/") || strings.Contains(path, "/agreements/") ||
		strings.Contains(path, "/promises/") || strings.Contains(path, "/commitments/") || strings.Contains(path, "/reports/") {
		target = "999999" // nobody's: see permissionMatrix
	}
	code := "2062"
	if strings.HasPrefix(path, "/situation/") || strings.HasPrefix(path, "/api/v1/municipalities/") || strings.HasPrefix(path, "/municipalities/") {
		code = "2023" // see permissionMatrix
	}
	values := map[string]string{
		"{id}":   target,
		"{org}":  strconv.FormatInt(ts.orgIDs["Restaurang Kåtan, Lindvallen (demo)"], 10),
		"{code}": code,
	}
	for _, f := range targetFuncs {
		maps.Copy(values, f(ts, path))
	}
	pairs := []string{"{$}", "", "{file...}", strings.TrimPrefix(ts.srv.static.url("style.css"), "/static/")}
	for _, k := range slices.Sorted(maps.Keys(values)) {
		pairs = append(pairs, k, values[k])
	}
	r := strings.NewReplacer(pairs...)
	path = r.Replace(path)
	if strings.Contains(path, "{") {
		t.Fatalf("pattern %q: no value for the wildcard in %q", pattern, path)
	}
	return method, path
}

func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, d *db.DB) {
		ts := newTestServer(t, d)
		routes := ts.srv.routeTable()

		var patterns []string
		for _, rt := range routes {
			if _, ok := permissionMatrix[rt.Pattern]; !ok {
				t.Errorf("route %q (permission %q) has no row in permissionMatrix", rt.Pattern, rt.Perm)
			}
			patterns = append(patterns, rt.Pattern)
		}
		for p := range permissionMatrix {
			if !slices.Contains(patterns, p) {
				t.Errorf("permissionMatrix row %q is not in the route table", p)
			}
		}
		// Signing out ends the session the other requests need: last.
		slices.SortStableFunc(patterns, func(a, b string) int {
			return boolInt(a == "POST /logout") - boolInt(b == "POST /logout")
		})

		check := func(t *testing.T, c *client, w who, pattern string, viaToken bool) {
			t.Helper()
			want, ok := permissionMatrix[pattern]
			if !ok {
				return
			}
			method, path := ts.requestFor(t, pattern)
			// Writes send an empty form or JSON body.
			var body io.Reader
			var headers []string
			if method != http.MethodGet {
				body = strings.NewReader("")
				if strings.HasPrefix(path, "/api/") {
					headers = []string{"Content-Type", "application/json"}
				} else {
					headers = []string{"Content-Type", "application/x-www-form-urlencoded"}
				}
			}
			res := c.do(t, method, path, body, headers...)
			name := fmt.Sprintf("%s %s as %s", method, path, w)
			if viaToken {
				name += " (token)"
			}
			api := strings.HasPrefix(path, "/api/")
			switch {
			case slices.Contains(want.allowed, w):
				status := want.status
				if w != asAnon && want.signedIn != 0 {
					status = want.signedIn
				}
				if status == anyAnswer {
					if res.status == http.StatusUnauthorized || res.status == http.StatusForbidden || res.status >= 500 {
						t.Errorf("%s = %d, want an answer from the handler (not 401, 403 or 5xx); body:\n%.500s", name, res.status, res.body)
					}
				} else if res.status != status {
					t.Errorf("%s = %d, want %d; body:\n%.500s", name, res.status, status, res.body)
				}
			case w == asAnon && api:
				if res.status != http.StatusUnauthorized {
					t.Errorf("%s = %d, want 401", name, res.status)
					return
				}
				if code := apiErr(t, res).Error.Code; code != "unauthenticated" {
					t.Errorf("%s error code = %q, want unauthenticated", name, code)
				}
				if got := res.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("%s WWW-Authenticate = %q, want Bearer …", name, got)
				}
			case w == asAnon && method == http.MethodGet:
				wantLoc := "/login?next=" + url.QueryEscape(path)
				if res.status != http.StatusSeeOther || res.header.Get("Location") != wantLoc {
					t.Errorf("%s = %d to %q, want 303 to %q", name, res.status, res.header.Get("Location"), wantLoc)
				}
			case w == asAnon:
				if res.status != http.StatusUnauthorized || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
					t.Errorf("%s = %d %q, want 401 text/html", name, res.status, res.header.Get("Content-Type"))
				}
			case api:
				if res.status != http.StatusForbidden {
					t.Errorf("%s = %d, want 403", name, res.status)
					return
				}
				if code := apiErr(t, res).Error.Code; code != "forbidden" {
					t.Errorf("%s error code = %q, want forbidden", name, code)
				}
			default:
				if res.status != http.StatusForbidden || !strings.HasPrefix(res.header.Get("Content-Type"), "text/html") {
					t.Errorf("%s = %d %q, want 403 text/html", name, res.status, res.header.Get("Content-Type"))
				}
			}
		}

		for _, w := range everyone {
			c := ts.signIn(t, w)
			for _, p := range patterns {
				check(t, c, w, p, false)
			}
		}
		// The API again with tokens instead of sessions.
		for _, w := range everyone {
			c := ts.api(t, w)
			for _, p := range patterns {
				if strings.Contains(p, " /api/") {
					check(t, c, w, p, true)
				}
			}
		}
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestSignInBothWays checks the two ways in: a session cookie from
// POST /login and a bearer token, and that a bad token is refused.
func TestSignInBothWays(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, d *db.DB) {
		ts := newTestServer(t, d)
		for _, c := range []struct {
			name string
			c    *client
		}{{"session", ts.session(t, asMember)}, {"token", ts.api(t, asMember)}} {
			res := c.c.get(t, "/api/v1/me")
			if res.status != http.StatusOK {
				t.Fatalf("%s: GET /api/v1/me = %d, want 200; body:\n%s", c.name, res.status, res.body)
			}
			var me struct {
				ID          string `json:"id"`
				Email       string `json:"email"`
				Memberships []struct {
					OrganizationName string `json:"organization_name"`
					Role             string `json:"role"`
				} `json:"memberships"`
			}
			decodeBody(t, res, &me)
			if me.Email != demoEmail[asMember] || me.ID != strconv.FormatInt(ts.userID[demoEmail[asMember]], 10) {
				t.Errorf("%s: GET /api/v1/me = %s <%s>, want %d <%s>", c.name, me.ID, me.Email, ts.userID[demoEmail[asMember]], demoEmail[asMember])
			}
			if len(me.Memberships) != 1 || me.Memberships[0].Role != "member" || me.Memberships[0].OrganizationName != "Polisen, lokalpolisområde Mora" {
				t.Errorf("%s: memberships = %+v, want member of Polisen, lokalpolisområde Mora", c.name, me.Memberships)
			}
		}
		// The session page shows the signed-in user.
		if res := ts.session(t, asMember).get(t, "/start"); res.status != 200 || !strings.Contains(res.body, "Per Polis (demo)") {
			t.Errorf("GET /start as member = %d, want 200 naming Per Polis; body:\n%.500s", res.status, res.body)
		}

		anon := ts.newClient(t)
		for _, h := range []string{"Bearer svk_nosuchtoken", "Bearer ", "Basic YWRtaW46ZGVtbw==", ts.api(t, asMember).token} {
			res := anon.get(t, "/api/v1/me", "Authorization", h)
			if res.status != http.StatusUnauthorized {
				t.Errorf("GET /api/v1/me with Authorization %q = %d, want 401", h, res.status)
				continue
			}
			if code := apiErr(t, res).Error.Code; code != "unauthenticated" {
				t.Errorf("GET /api/v1/me with Authorization %q: code %q, want unauthenticated", h, code)
			}
		}
	})
}

// TestCrossOriginRefused: a state-changing request a browser marks as
// coming from another site is refused, as a page and as JSON, and nothing
// is stored; the same request without the header passes.
func TestCrossOriginRefused(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, d *db.DB) {
		ts := newTestServer(t, d)
		admin := ts.session(t, asAdmin)
		orgs := ts.count(t, "organizations")

		form := url.Values{"name": {"Korsvägen (test)"}, "kind": {"other"}, "municipality_codes": {"2062"}}
		res := admin.postForm(t, "/admin/organizations", form, "Sec-Fetch-Site", "cross-site")
		if res.status != http.StatusForbidden {
			t.Errorf("cross-site POST /admin/organizations = %d, want 403", res.status)
		}
		body := `{"name":"Korsvägen (test)","kind":"other","municipality_codes":["2062"]}`
		res = admin.sendJSON(t, http.MethodPost, "/api/v1/organizations", body, "Sec-Fetch-Site", "cross-site")
		if res.status != http.StatusForbidden {
			t.Errorf("cross-site POST /api/v1/organizations = %d, want 403", res.status)
		} else if code := apiErr(t, res).Error.Code; code != "cross_origin" {
			t.Errorf("cross-site POST /api/v1/organizations code = %q, want cross_origin", code)
		}
		res = admin.postForm(t, "/login", url.Values{"email": {demoEmail[asMember]}, "password": {"demo"}},
			"Origin", "https://evil.example")
		if res.status != http.StatusForbidden {
			t.Errorf("POST /login with a foreign Origin = %d, want 403", res.status)
		}
		if n := ts.count(t, "organizations"); n != orgs {
			t.Errorf("organizations after refused requests = %d, want %d", n, orgs)
		}
		// A GET is never refused; a same-origin POST passes.
		if res := admin.get(t, "/admin/organizations", "Sec-Fetch-Site", "cross-site"); res.status != http.StatusOK {
			t.Errorf("cross-site GET /admin/organizations = %d, want 200", res.status)
		}
		if res := admin.postForm(t, "/admin/organizations", form, "Sec-Fetch-Site", "same-origin"); res.status != http.StatusSeeOther {
			t.Errorf("same-origin POST /admin/organizations = %d, want 303; body:\n%.500s", res.status, res.body)
		}
	})
}

// TestDisabledUserLosesAccess: when an administrator disables a user, the
// user's session and API tokens stop working at their next request, and
// the user cannot sign in again.
func TestDisabledUserLosesAccess(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, d *db.DB) {
		ts := newTestServer(t, d)
		const email = "krog@demo.example"
		id := ts.userID[email]
		session := ts.signInAs(t, email)
		secret, _, err := auth.NewTokens(d).Create(context.Background(), audit.System, id, "kassasystem")
		if err != nil {
			t.Fatal(err)
		}
		token := &client{base: ts.http.URL, hc: &http.Client{}, token: secret}
		if res := session.get(t, "/start"); res.status != http.StatusOK {
			t.Fatalf("GET /start before disabling = %d, want 200", res.status)
		}
		if res := token.get(t, "/api/v1/me"); res.status != http.StatusOK {
			t.Fatalf("GET /api/v1/me with a token before disabling = %d, want 200", res.status)
		}

		res := ts.session(t, asAdmin).postForm(t, "/admin/users/"+strconv.FormatInt(id, 10),
			url.Values{"name": {"Kim Krögare (demo)"}, "email": {email}, "disabled": {"on"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("disabling %s = %d, want 303; body:\n%.500s", email, res.status, res.body)
		}

		if res := session.get(t, "/start"); res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/login") {
			t.Errorf("GET /start with the session of a disabled user = %d to %q, want 303 to /login", res.status, res.header.Get("Location"))
		}
		if res := session.get(t, "/api/v1/organizations"); res.status != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/organizations with the session of a disabled user = %d, want 401", res.status)
		}
		if res := token.get(t, "/api/v1/me"); res.status != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me with the token of a disabled user = %d, want 401", res.status)
		}
		res = ts.newClient(t).postForm(t, "/login", url.Values{"email": {email}, "password": {demo.Password}})
		if res.status != http.StatusUnauthorized {
			t.Errorf("POST /login as a disabled user = %d, want 401", res.status)
		}
	})
}
