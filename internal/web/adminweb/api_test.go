package adminweb_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// apiRejection is a request the API must refuse, and how.
type apiRejection struct {
	name        string
	contentType string // "" sends application/json
	body        string
	status      int
	code        string
	message     webtest.Msg
	fields      map[string]webtest.Msg
}

// checkRejection sends tt to path and checks the answer in Swedish (by
// default) or in English (with Accept-Language: en).
func checkRejection(t *testing.T, c *webtest.Client, path string, tt apiRejection, loc *i18n.Localizer, headers ...string) {
	t.Helper()
	ct := tt.contentType
	if ct == "" {
		ct = "application/json"
	}
	res := c.Do(t, http.MethodPost, path, strings.NewReader(tt.body), append([]string{"Content-Type", ct}, headers...)...)
	if res.Status != tt.status {
		t.Errorf("POST %s %s = %d, want %d; body:\n%.300s", path, tt.name, res.Status, tt.status, res.Body)
		return
	}
	e := webtest.APIErr(t, res).Error
	if e.Code != tt.code {
		t.Errorf("POST %s %s code = %q, want %q", path, tt.name, e.Code, tt.code)
	}
	if want := loc.T(tt.message.Key, tt.message.Args...); e.Message != want {
		t.Errorf("POST %s %s message = %q, want %q (%s)", path, tt.name, e.Message, want, tt.message.Key)
	}
	var want map[string]string
	if tt.fields != nil {
		want = map[string]string{}
		for f, fm := range tt.fields {
			want[f] = loc.T(fm.Key, fm.Args...)
		}
	}
	if diff := cmp.Diff(want, e.Fields); diff != "" {
		t.Errorf("POST %s %s fields mismatch (-want +got):\n%s", path, tt.name, diff)
	}
}

func TestAPICreateOrganizationRejected(t *testing.T) {
	t.Parallel()
	sv, en := webtest.Catalogue(t)
	const valid = `{"name":"Orsa kommun","kind":"municipality","municipality_codes":["2034"]}`
	invalid := func(fields map[string]webtest.Msg) (int, string, webtest.Msg, map[string]webtest.Msg) {
		return http.StatusUnprocessableEntity, "invalid", webtest.M("error.invalid"), fields
	}
	bad := func(key string, args ...any) (int, string, webtest.Msg, map[string]webtest.Msg) {
		return http.StatusBadRequest, "bad_request", webtest.M(key, args...), nil
	}
	row := func(name, ct, body string) func(int, string, webtest.Msg, map[string]webtest.Msg) apiRejection {
		return func(status int, code string, message webtest.Msg, fields map[string]webtest.Msg) apiRejection {
			return apiRejection{name, ct, body, status, code, message, fields}
		}
	}
	tests := []apiRejection{
		row("syntax: cut off", "", `{"name":"Orsa kommun",`)(bad("error.json_syntax")),
		row("syntax: bare word", "", `{name: "Orsa kommun"}`)(bad("error.json_syntax")),
		row("empty body", "", ``)(bad("error.json_empty")),
		row("white space only", "", " \n\t")(bad("error.json_empty")),
		row("two values", "", valid+valid)(bad("error.json_trailing")),
		row("value and garbage", "", valid+` x`)(bad("error.json_trailing")),
		row("an array", "", `[`+valid+`]`)(bad("error.json_type", "array")),
		row("a string", "", `"Orsa kommun"`)(bad("error.json_type", "string")),
		row("name a number", "", `{"name":5,"kind":"municipality","municipality_codes":["2034"]}`)(
			invalid(map[string]webtest.Msg{"name": webtest.M("error.json_want_text")})),
		row("codes a string", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":"2034"}`)(
			invalid(map[string]webtest.Msg{"municipality_codes": webtest.M("error.json_want_list")})),
		row("code a number", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":[2034]}`)(
			invalid(map[string]webtest.Msg{"municipality_codes": webtest.M("error.json_want_text")})),
		row("kind an object", "", `{"name":"Orsa kommun","kind":{},"municipality_codes":["2034"]}`)(
			invalid(map[string]webtest.Msg{"kind": webtest.M("error.json_want_text")})),
		row("unknown field", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":["2034"],"colour":"red"}`)(
			invalid(map[string]webtest.Msg{"colour": webtest.M("error.json_unknown_field")})),
		row("null", "", `null`)(invalid(map[string]webtest.Msg{
			"name": webtest.M("error.required"), "kind": webtest.M("error.choose"), "municipality_codes": webtest.M("error.municipality_required")})),
		row("nothing filled in", "", `{}`)(invalid(map[string]webtest.Msg{
			"name": webtest.M("error.required"), "kind": webtest.M("error.choose"), "municipality_codes": webtest.M("error.municipality_required")})),
		row("blank name", "", `{"name":"   ","kind":"municipality","municipality_codes":["2034"]}`)(
			invalid(map[string]webtest.Msg{"name": webtest.M("error.required")})),
		row("name too long", "", `{"name":"`+strings.Repeat("å", 201)+`","kind":"municipality","municipality_codes":["2034"]}`)(
			invalid(map[string]webtest.Msg{"name": webtest.M("error.too_long", 200)})),
		row("unknown municipality", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":["2034","9999"]}`)(
			invalid(map[string]webtest.Msg{"municipality_codes": webtest.M("error.municipality_unknown", "9999")})),
		row("malformed municipality code", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":["Orsa"]}`)(
			invalid(map[string]webtest.Msg{"municipality_codes": webtest.M("error.municipality_unknown", "Orsa")})),
		row("no municipality", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":[]}`)(
			invalid(map[string]webtest.Msg{"municipality_codes": webtest.M("error.municipality_required")})),
		row("unknown kind", "", `{"name":"Orsa kommun","kind":"pub","municipality_codes":["2034"]}`)(
			invalid(map[string]webtest.Msg{"kind": webtest.M("error.one_of", strings.Join(org.Kinds, ", "))})),
		row("duplicate name in another case", "", `{"name":"MORA  KOMMUN","kind":"municipality","municipality_codes":["2062"]}`)(
			invalid(map[string]webtest.Msg{"name": webtest.M("error.name_taken")})),
		row("all wrong at once", "", `{"name":"","kind":"pub","municipality_codes":["9999"]}`)(invalid(map[string]webtest.Msg{
			"name": webtest.M("error.required"), "kind": webtest.M("error.one_of", strings.Join(org.Kinds, ", ")), "municipality_codes": webtest.M("error.municipality_unknown", "9999")})),
		{"text/plain", "text/plain", valid, http.StatusUnsupportedMediaType, "unsupported_media_type", webtest.M("error.json_content_type"), nil},
		{"a form", "application/x-www-form-urlencoded", "name=Orsa+kommun&kind=municipality&municipality_codes=2034",
			http.StatusUnsupportedMediaType, "unsupported_media_type", webtest.M("error.json_content_type"), nil},
		{"too large", "", `{"name":"` + strings.Repeat("a", 1<<20) + `"}`, http.StatusRequestEntityTooLarge, "too_large", webtest.M("error.too_large"), nil},
	}
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		admin := ts.API(t, webtest.AsAdmin)
		orgs, trail := ts.Count(t, "organizations"), ts.Count(t, "audit_log")
		for _, tt := range tests {
			checkRejection(t, admin, "/api/v1/organizations", tt, sv)
			if n := ts.Count(t, "organizations"); n != orgs {
				t.Fatalf("after POST %s: %d organisations, want %d (nothing stored)", tt.name, n, orgs)
			}
			if n := ts.Count(t, "audit_log"); n != trail {
				t.Fatalf("after POST %s: %d audit entries, want %d", tt.name, n, trail)
			}
		}
		// In English when the client asks for it, through a session as well.
		for _, c := range []*webtest.Client{admin, ts.Session(t, webtest.AsAdmin)} {
			for _, tt := range tests {
				if tt.status == http.StatusRequestEntityTooLarge {
					continue
				}
				checkRejection(t, c, "/api/v1/organizations", tt, en, "Accept-Language", "en-GB,en;q=0.9")
			}
		}
		if sv.T("error.invalid") == en.T("error.invalid") {
			t.Fatal("the catalogue says error.invalid alike in Swedish and English; the language checks prove nothing")
		}

		// The valid body is stored once, with its Location.
		res := admin.SendJSON(t, http.MethodPost, "/api/v1/organizations", valid)
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/organizations %s = %d, want 201; body:\n%s", valid, res.Status, res.Body)
		}
		var created org.Organization
		webtest.DecodeBody(t, res, &created)
		if loc := res.Header.Get("Location"); loc != "/api/v1/organizations/"+strconv.FormatInt(created.ID, 10) {
			t.Errorf("Location = %q, want /api/v1/organizations/%d", loc, created.ID)
		}
		got := admin.Get(t, res.Header.Get("Location"))
		var fetched org.Organization
		webtest.DecodeBody(t, got, &fetched)
		if diff := cmp.Diff(created, fetched); got.Status != http.StatusOK || diff != "" {
			t.Errorf("GET Location = %d, mismatch with the created organisation (-created +fetched):\n%s", got.Status, diff)
		}
		if n := ts.Count(t, "organizations"); n != orgs+1 {
			t.Errorf("organisations after one creation = %d, want %d", n, orgs+1)
		}
	})
}

func TestAPIUpdateOrganization(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		admin := ts.API(t, webtest.AsAdmin)
		id := strconv.FormatInt(ts.OrgIDs["Mora kommun"], 10)
		path := "/api/v1/organizations/" + id

		tests := []struct {
			name, body string
			status     int
			fields     []string
		}{
			{"unknown field", `{"title":"Mora"}`, http.StatusUnprocessableEntity, []string{"title"}},
			{"name a number", `{"name":1}`, http.StatusUnprocessableEntity, []string{"name"}},
			{"taken name", `{"name":"malung-sälens kommun"}`, http.StatusUnprocessableEntity, []string{"name"}},
			{"no municipality", `{"municipality_codes":[]}`, http.StatusUnprocessableEntity, []string{"municipality_codes"}},
			{"syntax", `{"name":`, http.StatusBadRequest, nil},
		}
		before := admin.Get(t, path).Body
		for _, tt := range tests {
			res := admin.SendJSON(t, http.MethodPatch, path, tt.body)
			if res.Status != tt.status {
				t.Errorf("PATCH %s %s = %d, want %d; body:\n%s", path, tt.body, res.Status, tt.status, res.Body)
				continue
			}
			var fields []string
			for f := range webtest.APIErr(t, res).Error.Fields {
				fields = append(fields, f)
			}
			if diff := cmp.Diff(tt.fields, fields); diff != "" {
				t.Errorf("PATCH %s %s fields mismatch (-want +got):\n%s", path, tt.body, diff)
			}
			if after := admin.Get(t, path).Body; after != before {
				t.Errorf("after rejected PATCH %s: organisation changed from %s to %s", tt.body, before, after)
			}
		}

		// Fields left out keep their value.
		res := admin.SendJSON(t, http.MethodPatch, path, `{"kind":"other"}`)
		var o org.Organization
		webtest.DecodeBody(t, res, &o)
		want := org.Organization{ID: ts.OrgIDs["Mora kommun"], Name: "Mora kommun", Kind: "other", MunicipalityCodes: []string{"2062"}}
		if diff := cmp.Diff(want, o, cmpIgnoreTimes); res.Status != http.StatusOK || diff != "" {
			t.Errorf("PATCH %s kind = %d, mismatch (-want +got):\n%s", path, res.Status, diff)
		}
		if res := admin.SendJSON(t, http.MethodPatch, "/api/v1/organizations/999999", `{"kind":"other"}`); res.Status != http.StatusNotFound {
			t.Errorf("PATCH an unknown organisation = %d, want 404", res.Status)
		}
		if res := admin.Get(t, "/api/v1/organizations/x"); res.Status != http.StatusNotFound || webtest.APIErr(t, res).Error.Code != "not_found" {
			t.Errorf("GET /api/v1/organizations/x = %d %s, want 404 not_found", res.Status, res.Body)
		}
	})
}

var cmpIgnoreTimes = cmp.FilterPath(func(p cmp.Path) bool {
	s := p.String()
	return s == "CreatedAt" || s == "UpdatedAt"
}, cmp.Ignore())

func TestAPICreateUserRejected(t *testing.T) {
	t.Parallel()
	sv, en := webtest.Catalogue(t)
	roles := "coordinator, member, reporter"
	user := func(fields string) string {
		return `{"email":"ny@mora.se","name":"Nils Ny","password":"korrekt häst batteri"` + fields + `}`
	}
	inv := func(fields map[string]webtest.Msg) (int, string, webtest.Msg, map[string]webtest.Msg) {
		return http.StatusUnprocessableEntity, "invalid", webtest.M("error.invalid"), fields
	}
	row := func(name, body string) func(int, string, webtest.Msg, map[string]webtest.Msg) apiRejection {
		return func(status int, code string, message webtest.Msg, fields map[string]webtest.Msg) apiRejection {
			return apiRejection{name, "", body, status, code, message, fields}
		}
	}
	tests := []apiRejection{
		row("duplicate e-mail", `{"email":"Admin@Demo.Example","name":"Ada igen","password":"korrekt häst batteri"}`)(
			inv(map[string]webtest.Msg{"email": webtest.M("error.email_taken")})),
		row("bad e-mail", `{"email":"ny at mora","name":"Nils Ny","password":"korrekt häst batteri"}`)(
			inv(map[string]webtest.Msg{"email": webtest.M("error.email")})),
		row("no e-mail", `{"name":"Nils Ny","password":"korrekt häst batteri"}`)(
			inv(map[string]webtest.Msg{"email": webtest.M("error.required")})),
		row("short password", `{"email":"ny@mora.se","name":"Nils Ny","password":"kort"}`)(
			inv(map[string]webtest.Msg{"password": webtest.M("error.password_short", auth.PasswordMinLength)})),
		row("unknown organisation", user(`,"organization_id":"999999","role":"member"`))(
			inv(map[string]webtest.Msg{"organization_id": webtest.M("error.organization_unknown")})),
		row("organisation not a number", user(`,"organization_id":"Mora kommun","role":"member"`))(
			inv(map[string]webtest.Msg{"organization_id": webtest.M("error.organization_unknown")})),
		row("organisation id as a JSON number", user(`,"organization_id":2,"role":"member"`))(
			inv(map[string]webtest.Msg{"organization_id": webtest.M("error.json_want_text")})),
		row("bad role", user(`,"organization_id":"1","role":"chief"`))(
			inv(map[string]webtest.Msg{"role": webtest.M("error.one_of", roles)})),
		row("organisation without role", user(`,"organization_id":"1"`))(
			inv(map[string]webtest.Msg{"role": webtest.M("error.choose")})),
		row("bad locale", user(`,"locale":"de"`))(inv(map[string]webtest.Msg{"locale": webtest.M("error.one_of", "sv, en")})),
		row("is_admin a string", user(`,"is_admin":"yes"`))(inv(map[string]webtest.Msg{"is_admin": webtest.M("error.json_want_boolean")})),
		row("unknown field", user(`,"admin":true`))(inv(map[string]webtest.Msg{"admin": webtest.M("error.json_unknown_field")})),
		row("everything wrong", `{"email":"x","name":"","password":"kort","organization_id":"999999","role":"chief"}`)(inv(map[string]webtest.Msg{
			"email": webtest.M("error.email"), "name": webtest.M("error.required"), "password": webtest.M("error.password_short", auth.PasswordMinLength),
			"organization_id": webtest.M("error.organization_unknown"), "role": webtest.M("error.one_of", roles)})),
		row("syntax", `{"email":`)(http.StatusBadRequest, "bad_request", webtest.M("error.json_syntax"), nil),
		{"form", "application/x-www-form-urlencoded", "email=ny%40mora.se", http.StatusUnsupportedMediaType, "unsupported_media_type", webtest.M("error.json_content_type"), nil},
	}
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		admin := ts.API(t, webtest.AsAdmin)
		users, members, trail := ts.Count(t, "users"), ts.Count(t, "memberships"), ts.Count(t, "audit_log")
		for _, tt := range tests {
			tt.body = strings.ReplaceAll(tt.body, `"organization_id":"1"`, `"organization_id":"`+strconv.FormatInt(ts.OrgIDs["Mora kommun"], 10)+`"`)
			checkRejection(t, admin, "/api/v1/users", tt, sv)
			checkRejection(t, admin, "/api/v1/users", tt, en, "Accept-Language", "en")
			if u, ms, a := ts.Count(t, "users"), ts.Count(t, "memberships"), ts.Count(t, "audit_log"); u != users || ms != members || a != trail {
				t.Fatalf("after POST /api/v1/users %s: %d users, %d memberships, %d audit entries, want %d, %d, %d",
					tt.name, u, ms, a, users, members, trail)
			}
		}

		body := `{"email":" Nils.Ny@Mora.se ","name":"Nils Ny","password":"korrekt häst batteri","organization_id":"` +
			strconv.FormatInt(ts.OrgIDs["Mora kommun"], 10) + `","role":"reporter"}`
		res := admin.SendJSON(t, http.MethodPost, "/api/v1/users", body)
		if res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/users = %d, want 201; body:\n%s", res.Status, res.Body)
		}
		var u struct {
			ID, Email, Name string
			IsAdmin         bool `json:"is_admin"`
		}
		webtest.DecodeBody(t, res, &u)
		if u.Email != "nils.ny@mora.se" || u.Name != "Nils Ny" || u.IsAdmin || u.ID == "" {
			t.Errorf("created user = %+v, want nils.ny@mora.se, Nils Ny, not admin", u)
		}
		if strings.Contains(res.Body, "korrekt") || strings.Contains(res.Body, "argon2") {
			t.Errorf("POST /api/v1/users answer shows the password or its hash: %s", res.Body)
		}
		if n := ts.Count(t, "memberships"); n != members+1 {
			t.Errorf("memberships after creating a user with a role = %d, want %d", n, members+1)
		}
	})
}

func TestAPIListPagination(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		for _, c := range []struct {
			name string
			c    *webtest.Client
		}{{"reporter token", ts.API(t, webtest.AsReporter)}, {"admin session", ts.Session(t, webtest.AsAdmin)}} {
			type page struct {
				Items      []org.Organization `json:"items"`
				NextCursor string             `json:"next_cursor"`
			}
			seen := map[int64]bool{}
			var names []string
			path := "/api/v1/organizations?limit=2"
			for pages := 0; ; pages++ {
				if pages > len(ts.OrgIDs) {
					t.Fatalf("%s: more pages than organisations; the cursor does not advance", c.name)
				}
				res := c.c.Get(t, path)
				if res.Status != http.StatusOK {
					t.Fatalf("%s: GET %s = %d; body:\n%s", c.name, path, res.Status, res.Body)
				}
				var p page
				webtest.DecodeBody(t, res, &p)
				if len(p.Items) > 2 || (len(p.Items) < 2 && p.NextCursor != "") {
					t.Errorf("%s: GET %s = %d items, next %q; want 2 a page until the last", c.name, path, len(p.Items), p.NextCursor)
				}
				for _, o := range p.Items {
					if seen[o.ID] {
						t.Errorf("%s: organisation %d (%s) listed twice", c.name, o.ID, o.Name)
					}
					seen[o.ID] = true
					names = append(names, o.Name)
				}
				if p.NextCursor == "" {
					break
				}
				path = "/api/v1/organizations?limit=2&cursor=" + url.QueryEscape(p.NextCursor)
			}
			// Every organisation once, in the order of their names.
			if len(seen) != len(ts.OrgIDs) {
				t.Errorf("%s: walked %d organisations, the database has %d", c.name, len(seen), len(ts.OrgIDs))
			}
			for name, id := range ts.OrgIDs {
				if !seen[id] {
					t.Errorf("%s: organisation %d (%s) not listed", c.name, id, name)
				}
			}
			if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
				t.Errorf("%s: organisations not in the order of their names: %q", c.name, names)
			}

			for _, q := range []string{"limit=0", "limit=5000", "limit=x", "limit=-1", "limit=1.5"} {
				res := c.c.Get(t, "/api/v1/organizations?"+q)
				if res.Status != http.StatusUnprocessableEntity {
					t.Errorf("%s: GET ?%s = %d, want 422", c.name, q, res.Status)
					continue
				}
				if e := webtest.APIErr(t, res).Error; e.Code != "invalid" || e.Fields["limit"] == "" {
					t.Errorf("%s: GET ?%s error = %+v, want invalid with fields.limit", c.name, q, e)
				}
			}
			for _, q := range []string{"cursor=x", "cursor=" + url.QueryEscape("!!!"), "cursor=MDpvcmc"} { // "0:org"
				res := c.c.Get(t, "/api/v1/organizations?"+q)
				if res.Status != http.StatusBadRequest {
					t.Errorf("%s: GET ?%s = %d, want 400", c.name, q, res.Status)
					continue
				}
				if e := webtest.APIErr(t, res).Error; e.Code != "bad_cursor" {
					t.Errorf("%s: GET ?%s error code = %q, want bad_cursor", c.name, q, e.Code)
				}
			}
			// A filter by municipality: Mora's parties only.
			res := c.c.Get(t, "/api/v1/organizations?municipality_code=2062")
			var p page
			webtest.DecodeBody(t, res, &p)
			got := map[string]int64{}
			for _, o := range p.Items {
				got[o.Name] = o.ID
			}
			want := webtest.IDsBy(t, d, `SELECT o.id, o.name FROM organizations o JOIN organization_municipalities om ON om.organization_id = o.id WHERE om.municipality_code = '2062'`)
			if _, ok := want["Mora kommun"]; !ok {
				t.Fatalf("the demo data has no Mora kommun in 2062: %v", want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: organisations in 2062 (-want +got):\n%s", c.name, diff)
			}
			if res := c.c.Get(t, "/api/v1/organizations?municipality_code=mora"); res.Status != http.StatusUnprocessableEntity {
				t.Errorf("%s: GET ?municipality_code=mora = %d, want 422", c.name, res.Status)
			}
		}
	})
}
