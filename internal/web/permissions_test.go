package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// permissionMatrix is the expected authorisation of every route, written
// out by hand from the product's rules (docs/api.md), not read from the
// route table. A route without a row fails TestPermissionMatrix. The
// kernel's rows are here; each area, in a package of its own, checks its
// own rows.
var permissionMatrix = coreMatrix

// targetFuncs give the areas' routes the values their wildcards ("{id}",
// "{code}", …) are requested with in the matrix; a wildcard an area does
// not set keeps the core's value.
var targetFuncs = []webtest.Target{}

var coreMatrix = map[string]webtest.Access{
	"GET /{$}":              {Allowed: webtest.AllIdentities, Status: 200},
	"GET /login":            {Allowed: webtest.AllIdentities, Status: 200, SignedIn: 303},
	"POST /login":           {Allowed: webtest.AllIdentities, Status: 422}, // empty form
	"POST /logout":          {Allowed: webtest.AllIdentities, Status: 303},
	"POST /language":        {Allowed: webtest.AllIdentities, Status: 400}, // no language
	"GET /static/{file...}": {Allowed: webtest.AllIdentities, Status: 200},
	// Self-service password reset, for everyone.
	"GET /password/forgot":  {Allowed: webtest.AllIdentities, Status: 200},
	"POST /password/forgot": {Allowed: webtest.AllIdentities, Status: 422}, // no address
	"GET /password/reset":   {Allowed: webtest.AllIdentities, Status: 410}, // no link
	"POST /password/reset":  {Allowed: webtest.AllIdentities, Status: webtest.AnyAnswer},
	"GET /start":            {Allowed: webtest.SignedInOnly, Status: 200},
	// The API document and operations, for everyone.
	"GET /api/v1/openapi.json": {Allowed: webtest.AllIdentities, Status: 200},
	"GET /healthz":             {Allowed: webtest.AllIdentities, Status: 200},
	"GET /readyz":              {Allowed: webtest.AllIdentities, Status: 200},
	"GET /metrics":             {Allowed: webtest.AllIdentities, Status: 200},
}

// TestPermissionMatrix: every route has a row, in the core's matrix or in
// one area's (each area's test checks its rows hold), and the core's rows
// hold for every identity, by session and by token.
func TestPermissionMatrix(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		webtest.CheckPermissions(t, ts, ts.Srv.AreaRoutes(""), permissionMatrix, targetFuncs...)
	})
}

// TestSignInBothWays checks the two ways in: a session cookie from
// POST /login and a bearer token, and that a bad token is refused.
func TestSignInBothWays(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		for _, c := range []struct {
			name string
			c    *webtest.Client
		}{{"session", ts.Session(t, webtest.AsMember)}, {"token", ts.API(t, webtest.AsMember)}} {
			res := c.c.Get(t, "/api/v1/me")
			if res.Status != http.StatusOK {
				t.Fatalf("%s: GET /api/v1/me = %d, want 200; body:\n%s", c.name, res.Status, res.Body)
			}
			var me struct {
				ID          string `json:"id"`
				Email       string `json:"email"`
				Memberships []struct {
					OrganizationName string `json:"organization_name"`
					Role             string `json:"role"`
				} `json:"memberships"`
			}
			webtest.DecodeBody(t, res, &me)
			if me.Email != webtest.DemoEmail[webtest.AsMember] || me.ID != strconv.FormatInt(ts.UserID[webtest.DemoEmail[webtest.AsMember]], 10) {
				t.Errorf("%s: GET /api/v1/me = %s <%s>, want %d <%s>", c.name, me.ID, me.Email, ts.UserID[webtest.DemoEmail[webtest.AsMember]], webtest.DemoEmail[webtest.AsMember])
			}
			if len(me.Memberships) != 1 || me.Memberships[0].Role != "member" || me.Memberships[0].OrganizationName != "Polisen, lokalpolisområde Mora" {
				t.Errorf("%s: memberships = %+v, want member of Polisen, lokalpolisområde Mora", c.name, me.Memberships)
			}
		}
		// The session page shows the signed-in user.
		if res := ts.Session(t, webtest.AsMember).Get(t, "/start"); res.Status != 200 || !strings.Contains(res.Body, "Per Polis (demo)") {
			t.Errorf("GET /start as member = %d, want 200 naming Per Polis; body:\n%.500s", res.Status, res.Body)
		}

		anon := ts.NewClient(t)
		for _, h := range []string{"Bearer svk_nosuchtoken", "Bearer ", "Basic YWRtaW46ZGVtbw==", ts.API(t, webtest.AsMember).Token} {
			res := anon.Get(t, "/api/v1/me", "Authorization", h)
			if res.Status != http.StatusUnauthorized {
				t.Errorf("GET /api/v1/me with Authorization %q = %d, want 401", h, res.Status)
				continue
			}
			if code := webtest.APIErr(t, res).Error.Code; code != "unauthenticated" {
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
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		admin := ts.Session(t, webtest.AsAdmin)
		orgs := ts.Count(t, "organizations")

		form := url.Values{"name": {"Korsvägen (test)"}, "kind": {"other"}, "municipality_codes": {"2062"}}
		res := admin.PostForm(t, "/admin/organizations", form, "Sec-Fetch-Site", "cross-site")
		if res.Status != http.StatusForbidden {
			t.Errorf("cross-site POST /admin/organizations = %d, want 403", res.Status)
		}
		body := `{"name":"Korsvägen (test)","kind":"other","municipality_codes":["2062"]}`
		res = admin.SendJSON(t, http.MethodPost, "/api/v1/organizations", body, "Sec-Fetch-Site", "cross-site")
		if res.Status != http.StatusForbidden {
			t.Errorf("cross-site POST /api/v1/organizations = %d, want 403", res.Status)
		} else if code := webtest.APIErr(t, res).Error.Code; code != "cross_origin" {
			t.Errorf("cross-site POST /api/v1/organizations code = %q, want cross_origin", code)
		}
		res = admin.PostForm(t, "/login", url.Values{"email": {webtest.DemoEmail[webtest.AsMember]}, "password": {"demo"}},
			"Origin", "https://evil.example")
		if res.Status != http.StatusForbidden {
			t.Errorf("POST /login with a foreign Origin = %d, want 403", res.Status)
		}
		if n := ts.Count(t, "organizations"); n != orgs {
			t.Errorf("organizations after refused requests = %d, want %d", n, orgs)
		}
		// A GET is never refused; a same-origin POST passes.
		if res := admin.Get(t, "/admin/organizations", "Sec-Fetch-Site", "cross-site"); res.Status != http.StatusOK {
			t.Errorf("cross-site GET /admin/organizations = %d, want 200", res.Status)
		}
		if res := admin.PostForm(t, "/admin/organizations", form, "Sec-Fetch-Site", "same-origin"); res.Status != http.StatusSeeOther {
			t.Errorf("same-origin POST /admin/organizations = %d, want 303; body:\n%.500s", res.Status, res.Body)
		}
	})
}

// TestDisabledUserLosesAccess: when an administrator disables a user, the
// user's session and API tokens stop working at their next request, and
// the user cannot sign in again.
func TestDisabledUserLosesAccess(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		const email = "krog@demo.example"
		id := ts.UserID[email]
		session := ts.SignInAs(t, email)
		secret, _, err := auth.NewTokens(d).Create(context.Background(), audit.System, id, "kassasystem")
		if err != nil {
			t.Fatal(err)
		}
		token := &webtest.Client{BaseURL: ts.HTTP.URL, HTTP: &http.Client{}, Token: secret}
		if res := session.Get(t, "/start"); res.Status != http.StatusOK {
			t.Fatalf("GET /start before disabling = %d, want 200", res.Status)
		}
		if res := token.Get(t, "/api/v1/me"); res.Status != http.StatusOK {
			t.Fatalf("GET /api/v1/me with a token before disabling = %d, want 200", res.Status)
		}

		res := ts.Session(t, webtest.AsAdmin).PostForm(t, "/admin/users/"+strconv.FormatInt(id, 10),
			url.Values{"name": {"Kim Krögare (demo)"}, "email": {email}, "disabled": {"on"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("disabling %s = %d, want 303; body:\n%.500s", email, res.Status, res.Body)
		}

		if res := session.Get(t, "/start"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("GET /start with the session of a disabled user = %d to %q, want 303 to /login", res.Status, res.Header.Get("Location"))
		}
		if res := session.Get(t, "/api/v1/organizations"); res.Status != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/organizations with the session of a disabled user = %d, want 401", res.Status)
		}
		if res := token.Get(t, "/api/v1/me"); res.Status != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me with the token of a disabled user = %d, want 401", res.Status)
		}
		res = ts.NewClient(t).PostForm(t, "/login", url.Values{"email": {email}, "password": {demo.Password}})
		if res.Status != http.StatusUnauthorized {
			t.Errorf("POST /login as a disabled user = %d, want 401", res.Status)
		}
	})
}
