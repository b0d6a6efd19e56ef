package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var assetRE = regexp.MustCompile(`(?:href|src)="(/static/([a-z0-9_-]+)\.([0-9a-f]{8})\.([a-z]+))"`)

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		anon := ts.NewClient(t)
		front := anon.Get(t, "/")
		assets := assetRE.FindAllStringSubmatch(front.Body, -1)
		if len(assets) == 0 {
			t.Fatalf("GET / references no hashed static file; body:\n%.1000s", front.Body)
		}
		for _, tt := range []struct {
			name   string
			c      *webtest.Client
			path   string
			status int
		}{
			{"front page", anon, "/", 200},
			{"signed-in page", ts.Session(t, webtest.AsAdmin), "/admin/organizations", 200},
			{"error page", anon, "/no/such/page", 404},
			{"API answer", ts.API(t, webtest.AsAdmin), "/api/v1/organizations", 200},
			{"API error", anon, "/api/v1/organizations", 401},
			{"static file", anon, assets[0][1], 200},
			{"health", anon, "/healthz", 200},
		} {
			res := tt.c.Get(t, tt.path)
			if res.Status != tt.status {
				t.Errorf("%s: GET %s = %d, want %d", tt.name, tt.path, res.Status, tt.status)
			}
			csp := res.Header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("%s: Content-Security-Policy %q lacks %q", tt.name, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") || strings.Contains(csp, "*") {
				t.Errorf("%s: Content-Security-Policy %q allows inline code or any origin", tt.name, csp)
			}
			for h, want := range map[string]string{
				"X-Content-Type-Options": "nosniff",
				"X-Frame-Options":        "DENY",
				"Referrer-Policy":        "same-origin",
			} {
				if got := res.Header.Get(h); got != want {
					t.Errorf("%s: %s = %q, want %q", tt.name, h, got, want)
				}
			}
			if got := res.Header.Get("Strict-Transport-Security"); got != "" {
				t.Errorf("%s: Strict-Transport-Security = %q on a plain-HTTP server, want none", tt.name, got)
			}
			if ct := res.Header.Get("Content-Type"); ct == "" {
				t.Errorf("%s: no Content-Type", tt.name)
			}
		}
		// Pages and API answers are personal: never cached.
		for _, path := range []string{"/admin/organizations", "/api/v1/me"} {
			if cc := ts.Session(t, webtest.AsAdmin).Get(t, path).Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("GET %s Cache-Control = %q, want no-store", path, cc)
			}
		}
		t.Run("static files", func(t *testing.T) { checkStaticFiles(t, ts) })
	})
}

// checkStaticFiles: the pages reference the static files by names with a
// hash of their content, served for a year; other names are not found.
func checkStaticFiles(t *testing.T, ts *webtest.TestServer) {
	anon := ts.NewClient(t)
	front := anon.Get(t, "/")
	seen := map[string]bool{}
	for _, a := range assetRE.FindAllStringSubmatch(front.Body, -1) {
		path, name := a[1], a[2]+"."+a[4]
		seen[name] = true
		res := anon.Get(t, path)
		if res.Status != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", path, res.Status)
			continue
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s Cache-Control = %q, want public, max-age=31536000, immutable", path, cc)
		}
		want, err := web.StaticFS.ReadFile("static/" + name)
		if err != nil {
			t.Fatalf("static/%s: %v", name, err)
		}
		if name == "style.css" {
			// The common styles first, then the areas' parts.
			if !bytes.HasPrefix([]byte(res.Body), want) || !strings.Contains(res.Body, "/* static/css/") {
				t.Errorf("GET %s is not static/style.css followed by the areas' parts", path)
			}
		} else if !bytes.Equal([]byte(res.Body), want) {
			t.Errorf("GET %s is not the content of static/%s", path, name)
		}
		if res.Header.Get("Set-Cookie") != "" {
			t.Errorf("GET %s sets a cookie", path)
		}
		// The plain name and a stale hash are not served.
		for _, stale := range []string{"/static/" + name, "/static/" + a[2] + ".00000000." + a[4]} {
			if res := anon.Get(t, stale); res.Status != http.StatusNotFound {
				t.Errorf("GET %s = %d, want 404", stale, res.Status)
			}
		}
	}
	for _, name := range []string{"style.css", "favicon.svg"} {
		if !seen[name] {
			t.Errorf("the front page does not reference %s by its hashed name", name)
		}
	}
	css := anon.Get(t, ts.Srv.StaticURL("style.css"))
	if ct := css.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("style.css Content-Type = %q, want text/css", ct)
	}
}

// checkSessionCookie signs a new client in as the member and checks the
// session cookie the answer sets.
func checkSessionCookie(t *testing.T, ts *webtest.TestServer, secure bool) {
	t.Helper()
	c := ts.NewClient(t)
	res := c.PostForm(t, "/login", url.Values{"email": {webtest.DemoEmail[webtest.AsMember]}, "password": {demo.Password}})
	if res.Status != http.StatusSeeOther {
		t.Fatalf("POST /login = %d, want 303", res.Status)
	}
	var session *http.Cookie
	for _, ck := range res.Cookies {
		if ck.Name == "samverkan_session" {
			session = ck
		}
	}
	if session == nil {
		t.Fatalf("POST /login set no samverkan_session cookie; Set-Cookie: %q", res.Header.Values("Set-Cookie"))
	}
	if !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure != secure || session.Path != "/" {
		t.Errorf("session cookie = HttpOnly %v, SameSite %v, Secure %v, Path %q; want true, Lax, %v, /",
			session.HttpOnly, session.SameSite, session.Secure, session.Path, secure)
	}
	if len(session.Value) < 32 {
		t.Errorf("session id %q is short", session.Value)
	}
	if hsts := res.Header.Get("Strict-Transport-Security"); (hsts != "") != secure {
		t.Errorf("Strict-Transport-Security = %q with secure cookies %v", hsts, secure)
	}
	lang := c.PostForm(t, "/language", url.Values{"lang": {"en"}, "return": {"/account"}})
	found := false
	for _, ck := range lang.Cookies {
		if ck.Name == web.LangCookie {
			found = true
			if !ck.HttpOnly || ck.Secure != secure || ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("language cookie = HttpOnly %v, Secure %v, SameSite %v; want true, %v, Lax", ck.HttpOnly, ck.Secure, ck.SameSite, secure)
			}
		}
	}
	if !found {
		t.Errorf("POST /language set no %s cookie", web.LangCookie)
	}
}

// TestSecureSessionCookie: behind https (Options.SecureCookies) the
// cookies are Secure and HSTS is sent. TestSessionFixation checks the
// cookie of a plain-HTTP server.
func TestSecureSessionCookie(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		checkSessionCookie(t, webtest.NewServer(t, d, func(o *web.Options) { o.SecureCookies = true }), true)
	})
}

// TestSessionFixation: the session cookie is HttpOnly and SameSite=Lax, a
// session id known before sign-in is worth nothing after it, and signing
// out ends the session on the server.
func TestSessionFixation(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		checkSessionCookie(t, ts, false)
		c := ts.SignIn(t, webtest.AsReporter)
		before := c.Cookie(t, "samverkan_session")
		if before == "" {
			t.Fatal("no session cookie after sign-in")
		}
		// An attacker who knows this id makes the victim sign in with it.
		res := c.PostForm(t, "/login", url.Values{"email": {webtest.DemoEmail[webtest.AsAdmin]}, "password": {demo.Password}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("second POST /login = %d, want 303", res.Status)
		}
		after := c.Cookie(t, "samverkan_session")
		if after == "" || after == before {
			t.Fatalf("session id at sign-in: %q → %q, want a new one", before, after)
		}
		attacker := ts.NewClient(t)
		res = attacker.Get(t, "/admin/users", "Cookie", "samverkan_session="+before)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("GET /admin/users with the id from before sign-in = %d to %q, want 303 to /login", res.Status, res.Header.Get("Location"))
		}
		if res := c.Get(t, "/admin/users"); res.Status != http.StatusOK {
			t.Errorf("GET /admin/users with the new id = %d, want 200", res.Status)
		}

		// A planted id the server never issued is replaced too.
		planted := ts.NewClient(t)
		u, _ := url.Parse(ts.HTTP.URL)
		planted.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "samverkan_session", Value: "planted-by-an-attacker-0123456789abcdef", Path: "/"}})
		planted.PostForm(t, "/login", url.Values{"email": {webtest.DemoEmail[webtest.AsCoordinator]}, "password": {demo.Password}})
		if got := planted.Cookie(t, "samverkan_session"); got == "planted-by-an-attacker-0123456789abcdef" || got == "" {
			t.Errorf("session id after sign-in with a planted id = %q, want a new one", got)
		}

		// Signing out ends the session on the server, not just in the browser.
		res = c.PostForm(t, "/logout", nil)
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login?signed_out=1" {
			t.Errorf("POST /logout = %d to %q, want 303 to /login?signed_out=1", res.Status, res.Header.Get("Location"))
		}
		res = attacker.Get(t, "/admin/users", "Cookie", "samverkan_session="+after)
		if res.Status != http.StatusSeeOther {
			t.Errorf("GET /admin/users with the id from before sign-out = %d, want 303 to /login", res.Status)
		}
	})
}

func TestOperationalEndpoints(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		anon := ts.NewClient(t)
		for _, path := range []string{"/healthz", "/readyz"} {
			if res := anon.Get(t, path); res.Status != http.StatusOK || res.Body != "ok\n" {
				t.Errorf("GET %s = %d %q, want 200 ok", path, res.Status, res.Body)
			}
		}
		// Some traffic for the counters, on a route with a wildcard.
		admin := ts.API(t, webtest.AsAdmin)
		admin.Get(t, "/api/v1/organizations/999999?secret=x")
		res := anon.Get(t, "/metrics")
		if res.Status != http.StatusOK {
			t.Fatalf("GET /metrics = %d", res.Status)
		}
		for _, want := range []string{
			"samverkan_http_requests_total",
			`samverkan_http_requests_total{method="GET",route="GET /healthz",status="200"} 1`,
			`samverkan_http_requests_total{method="GET",route="GET /api/v1/organizations/{id}",status="404"} 1`,
			"samverkan_http_request_duration_seconds_bucket",
			"samverkan_build_info{database=\"" + string(d.Dialect()) + "\",version=\"test\"} 1",
			"go_goroutines",
			"go_sql_", // the database pool
		} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("GET /metrics lacks %s", want)
			}
		}
		if strings.Contains(res.Body, "999999") || strings.Contains(res.Body, "secret=") {
			t.Errorf("GET /metrics names a path or a query, not the route pattern")
		}

		// Without the database the process is alive but not ready.
		signedIn := ts.Session(t, webtest.AsAdmin)
		d.Close()
		if res := anon.Get(t, "/readyz"); res.Status != http.StatusServiceUnavailable {
			t.Errorf("GET /readyz with the database closed = %d, want 503", res.Status)
		}
		if res := anon.Get(t, "/healthz"); res.Status != http.StatusOK {
			t.Errorf("GET /healthz with the database closed = %d, want 200", res.Status)
		}
		// A session that cannot be loaded is a clean error page or JSON
		// error, not a crash.
		sv, _ := webtest.Catalogue(t)
		res = signedIn.Get(t, "/admin/organizations")
		if res.Status != http.StatusInternalServerError || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(res.Body, webtest.Says(sv, "error.internal")) {
			t.Errorf("GET /admin/organizations with the database closed = %d %q, want 500 with the error page; body:\n%.300s",
				res.Status, res.Header.Get("Content-Type"), res.Body)
		}
		res = signedIn.Get(t, "/api/v1/me")
		if res.Status != http.StatusInternalServerError || webtest.APIErr(t, res).Error.Code != "internal" {
			t.Errorf("GET /api/v1/me with the database closed = %d %s, want 500 internal", res.Status, res.Body)
		}
	})
}
