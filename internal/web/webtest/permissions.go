package webtest

import (
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/web"
)

// MergeMatrices joins parts of a permission matrix; a route with rows in two
// parts is a mistake in the test and stops it.
func MergeMatrices(parts ...map[string]Access) map[string]Access {
	out := map[string]Access{}
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

// requestFor turns a route pattern into a method and a path to request,
// with existing ids in place of the wildcards.
func requestFor(ts *TestServer, t *testing.T, pattern string, targets []Target) (method, path string) {
	t.Helper()
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		t.Fatalf("pattern %q has no method", pattern)
	}
	target := strconv.FormatInt(ts.UserID["krog@demo.example"], 10)
	if strings.HasPrefix(path, "/admin/organizations/") || strings.HasPrefix(path, "/api/v1/organizations/") {
		target = strconv.FormatInt(ts.OrgIDs["Mora kommun"], 10)
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
		"{org}":  strconv.FormatInt(ts.OrgIDs["Restaurang Kåtan, Lindvallen (demo)"], 10),
		"{code}": code,
	}
	for _, f := range targets {
		maps.Copy(values, f(ts, path))
	}
	pairs := []string{"{$}", "", "{file...}", strings.TrimPrefix(ts.Srv.StaticURL("style.css"), "/static/")}
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

// Target gives the wildcards of an area's paths ("{id}", "{code}", …) the
// values they are requested with in the matrix; nil keeps the defaults.
type Target func(ts *TestServer, path string) map[string]string

// CheckPermissions checks the permission matrix rows of routes: every route
// has a row and every row a route, and each row holds for every identity,
// signed in by session and, for the API, by token. An allowed request sends
// an empty form or body to an id the targets give.
func CheckPermissions(t *testing.T, ts *TestServer, routes []web.Route, permissionMatrix map[string]Access, targets ...Target) {
	t.Helper()
	{

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

		check := func(t *testing.T, c *Client, w Who, pattern string, viaToken bool) {
			t.Helper()
			want, ok := permissionMatrix[pattern]
			if !ok {
				return
			}
			method, path := requestFor(ts, t, pattern, targets)
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
			res := c.Do(t, method, path, body, headers...)
			name := fmt.Sprintf("%s %s as %s", method, path, w)
			if viaToken {
				name += " (token)"
			}
			api := strings.HasPrefix(path, "/api/")
			switch {
			case slices.Contains(want.Allowed, w):
				status := want.Status
				if w != AsAnon && want.SignedIn != 0 {
					status = want.SignedIn
				}
				if status == AnyAnswer {
					if res.Status == http.StatusUnauthorized || res.Status == http.StatusForbidden || res.Status >= 500 {
						t.Errorf("%s = %d, want an answer from the handler (not 401, 403 or 5xx); body:\n%.500s", name, res.Status, res.Body)
					}
				} else if res.Status != status {
					t.Errorf("%s = %d, want %d; body:\n%.500s", name, res.Status, status, res.Body)
				}
			case w == AsAnon && api:
				if res.Status != http.StatusUnauthorized {
					t.Errorf("%s = %d, want 401", name, res.Status)
					return
				}
				if code := APIErr(t, res).Error.Code; code != "unauthenticated" {
					t.Errorf("%s error code = %q, want unauthenticated", name, code)
				}
				if got := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
					t.Errorf("%s WWW-Authenticate = %q, want Bearer …", name, got)
				}
			case w == AsAnon && method == http.MethodGet:
				wantLoc := "/login?next=" + url.QueryEscape(path)
				if res.Status != http.StatusSeeOther || res.Header.Get("Location") != wantLoc {
					t.Errorf("%s = %d to %q, want 303 to %q", name, res.Status, res.Header.Get("Location"), wantLoc)
				}
			case w == AsAnon:
				if res.Status != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					t.Errorf("%s = %d %q, want 401 text/html", name, res.Status, res.Header.Get("Content-Type"))
				}
			case api:
				if res.Status != http.StatusForbidden {
					t.Errorf("%s = %d, want 403", name, res.Status)
					return
				}
				if code := APIErr(t, res).Error.Code; code != "forbidden" {
					t.Errorf("%s error code = %q, want forbidden", name, code)
				}
			default:
				if res.Status != http.StatusForbidden || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
					t.Errorf("%s = %d %q, want 403 text/html", name, res.Status, res.Header.Get("Content-Type"))
				}
			}
		}

		for _, w := range Everyone {
			c := ts.SignIn(t, w)
			for _, p := range patterns {
				check(t, c, w, p, false)
			}
		}
		// The API again with tokens instead of sessions.
		for _, w := range Everyone {
			c := ts.API(t, w)
			for _, p := range patterns {
				if strings.Contains(p, " /api/") {
					check(t, c, w, p, true)
				}
			}
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
