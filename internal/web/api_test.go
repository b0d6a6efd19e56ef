package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/org"
)

// catalogue returns the message catalogue, to say what an error must read.
func catalogue(t *testing.T) (sv, en *i18n.Localizer) {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatalf("i18n.Load() error = %v", err)
	}
	return b.For(i18n.Swedish), b.For(i18n.English)
}

// msg is an expected message: a key and its arguments.
type msg struct {
	key  string
	args []any
}

func m(key string, args ...any) msg { return msg{key, args} }

// apiRejection is a request the API must refuse, and how.
type apiRejection struct {
	name        string
	contentType string // "" sends application/json
	body        string
	status      int
	code        string
	message     msg
	fields      map[string]msg
}

// checkRejection sends tt to path and checks the answer in Swedish (by
// default) or in English (with Accept-Language: en).
func checkRejection(t *testing.T, c *client, path string, tt apiRejection, loc *i18n.Localizer, headers ...string) {
	t.Helper()
	ct := tt.contentType
	if ct == "" {
		ct = "application/json"
	}
	res := c.do(t, http.MethodPost, path, strings.NewReader(tt.body), append([]string{"Content-Type", ct}, headers...)...)
	if res.status != tt.status {
		t.Errorf("POST %s %s = %d, want %d; body:\n%.300s", path, tt.name, res.status, tt.status, res.body)
		return
	}
	e := apiErr(t, res).Error
	if e.Code != tt.code {
		t.Errorf("POST %s %s code = %q, want %q", path, tt.name, e.Code, tt.code)
	}
	if want := loc.T(tt.message.key, tt.message.args...); e.Message != want {
		t.Errorf("POST %s %s message = %q, want %q (%s)", path, tt.name, e.Message, want, tt.message.key)
	}
	var want map[string]string
	if tt.fields != nil {
		want = map[string]string{}
		for f, fm := range tt.fields {
			want[f] = loc.T(fm.key, fm.args...)
		}
	}
	if diff := cmp.Diff(want, e.Fields); diff != "" {
		t.Errorf("POST %s %s fields mismatch (-want +got):\n%s", path, tt.name, diff)
	}
}

func TestAPICreateOrganizationRejected(t *testing.T) {
	t.Parallel()
	sv, en := catalogue(t)
	const valid = `{"name":"Orsa kommun","kind":"municipality","municipality_codes":["2034"]}`
	invalid := func(fields map[string]msg) (int, string, msg, map[string]msg) {
		return http.StatusUnprocessableEntity, "invalid", m("error.invalid"), fields
	}
	bad := func(key string, args ...any) (int, string, msg, map[string]msg) {
		return http.StatusBadRequest, "bad_request", m(key, args...), nil
	}
	row := func(name, ct, body string) func(int, string, msg, map[string]msg) apiRejection {
		return func(status int, code string, message msg, fields map[string]msg) apiRejection {
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
			invalid(map[string]msg{"name": m("error.json_want_text")})),
		row("codes a string", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":"2034"}`)(
			invalid(map[string]msg{"municipality_codes": m("error.json_want_list")})),
		row("code a number", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":[2034]}`)(
			invalid(map[string]msg{"municipality_codes": m("error.json_want_text")})),
		row("kind an object", "", `{"name":"Orsa kommun","kind":{},"municipality_codes":["2034"]}`)(
			invalid(map[string]msg{"kind": m("error.json_want_text")})),
		row("unknown field", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":["2034"],"colour":"red"}`)(
			invalid(map[string]msg{"colour": m("error.json_unknown_field")})),
		row("null", "", `null`)(invalid(map[string]msg{
			"name": m("error.required"), "kind": m("error.required"), "municipality_codes": m("error.municipality_required")})),
		row("nothing filled in", "", `{}`)(invalid(map[string]msg{
			"name": m("error.required"), "kind": m("error.required"), "municipality_codes": m("error.municipality_required")})),
		row("blank name", "", `{"name":"   ","kind":"municipality","municipality_codes":["2034"]}`)(
			invalid(map[string]msg{"name": m("error.required")})),
		row("name too long", "", `{"name":"`+strings.Repeat("å", 201)+`","kind":"municipality","municipality_codes":["2034"]}`)(
			invalid(map[string]msg{"name": m("error.too_long", 200)})),
		row("unknown municipality", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":["2034","9999"]}`)(
			invalid(map[string]msg{"municipality_codes": m("error.municipality_unknown", "9999")})),
		row("malformed municipality code", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":["Orsa"]}`)(
			invalid(map[string]msg{"municipality_codes": m("error.municipality_unknown", "Orsa")})),
		row("no municipality", "", `{"name":"Orsa kommun","kind":"municipality","municipality_codes":[]}`)(
			invalid(map[string]msg{"municipality_codes": m("error.municipality_required")})),
		row("unknown kind", "", `{"name":"Orsa kommun","kind":"pub","municipality_codes":["2034"]}`)(
			invalid(map[string]msg{"kind": m("error.one_of", strings.Join(org.Kinds, ", "))})),
		row("duplicate name in another case", "", `{"name":"MORA  KOMMUN","kind":"municipality","municipality_codes":["2062"]}`)(
			invalid(map[string]msg{"name": m("error.name_taken")})),
		row("all wrong at once", "", `{"name":"","kind":"pub","municipality_codes":["9999"]}`)(invalid(map[string]msg{
			"name": m("error.required"), "kind": m("error.one_of", strings.Join(org.Kinds, ", ")), "municipality_codes": m("error.municipality_unknown", "9999")})),
		{"text/plain", "text/plain", valid, http.StatusUnsupportedMediaType, "unsupported_media_type", m("error.json_content_type"), nil},
		{"a form", "application/x-www-form-urlencoded", "name=Orsa+kommun&kind=municipality&municipality_codes=2034",
			http.StatusUnsupportedMediaType, "unsupported_media_type", m("error.json_content_type"), nil},
		{"too large", "", `{"name":"` + strings.Repeat("a", 1<<20) + `"}`, http.StatusRequestEntityTooLarge, "too_large", m("error.too_large"), nil},
	}
	eachDemo(t, func(t *testing.T, d *db.DB) {
		ts := newTestServer(t, d)
		admin := ts.api(t, asAdmin)
		orgs, trail := ts.count(t, "organizations"), ts.count(t, "audit_log")
		for _, tt := range tests {
			checkRejection(t, admin, "/api/v1/organizations", tt, sv)
			if n := ts.count(t, "organizations"); n != orgs {
				t.Fatalf("after POST %s: %d organisations, want %d (nothing stored)", tt.name, n, orgs)
			}
			if n := ts.count(t, "audit_log"); n != trail {
				t.Fatalf("after POST %s: %d audit entries, want %d", tt.name, n, trail)
			}
		}
		// In English when the client asks for it, through a session as well.
		for _, c := range []*client{admin, ts.session(t, asAdmin)} {
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
		res := admin.sendJSON(t, http.MethodPost, "/api/v1/organizations", valid)
		if res.status != http.StatusCreated {
			t.Fatalf("POST /api/v1/organizations %s = %d, want 201; body:\n%s", valid, res.status, res.body)
		}
		var created org.Organization
		decodeBody(t, res, &created)
		if loc := res.header.Get("Location"); loc != "/api/v1/organizations/"+strconv.FormatInt(created.ID, 10) {
			t.Errorf("Location = %q, want /api/v1/organizations/%d", loc, created.ID)
		}
		got := admin.get(t, res.header.Get("Location"))
		var fetched org.Organization
		decodeBody(t, got, &fetched)
		if diff := cmp.Diff(created, fetched); got.status != http.StatusOK || diff != "" {
			t.Errorf("GET Location = %d, mismatch with the created organisation (-created +fetched):\n%s", got.status, diff)
		}
		if n := ts.count(t, "organizations"); n != orgs+1 {
			t.Errorf("organisations after one creation = %d, want %d", n, orgs+1)
		}
	})
}

func TestAPIUpdateOrganization(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, d *db.DB) {
		ts := newTestServer(t, d)
		admin := ts.api(t, asAdmin)
		id := strconv.FormatInt(ts.orgIDs["Mora kommun"], 10)
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
		before := admin.get(t, path).body
		for _, tt := range tests {
			res := admin.sendJSON(t, http.MethodPatch, path, tt.body)
			if res.status != tt.status {
				t.Errorf("PATCH %s %s = %d, want %d; body:\n%s", path, tt.body, res.status, tt.status, res.body)
				continue
			}
			var fields []string
			for f := range apiErr(t, res).Error.Fields {
				fields = append(fields, f)
			}
			if diff := cmp.Diff(tt.fields, fields); diff != "" {
				t.Errorf("PATCH %s %s fields mismatch (-want +got):\n%s", path, tt.body, diff)
			}
			if after := admin.get(t, path).body; after != before {
				t.Errorf("after rejected PATCH %s: organisation changed from %s to %s", tt.body, before, after)
			}
		}

		// Fields left out keep their value.
		res := admin.sendJSON(t, http.MethodPatch, path, `{"kind":"other"}`)
		var o org.Organization
		decodeBody(t, res, &o)
		want := org.Organization{ID: ts.orgIDs["Mora kommun"], Name: "Mora kommun", Kind: "other", MunicipalityCodes: []string{"2062"}}
		if diff := cmp.Diff(want, o, cmpIgnoreTimes); res.status != http.StatusOK || diff != "" {
			t.Errorf("PATCH %s kind = %d, mismatch (-want +got):\n%s", path, res.status, diff)
		}
		if res := admin.sendJSON(t, http.MethodPatch, "/api/v1/organizations/999999", `{"kind":"other"}`); res.status != http.StatusNotFound {
			t.Errorf("PATCH an unknown organisation = %d, want 404", res.status)
		}
		if res := admin.get(t, "/api/v1/organizations/x"); res.status != http.StatusNotFound || apiErr(t, res).Error.Code != "not_found" {
			t.Errorf("GET /api/v1/organizations/x = %d %s, want 404 not_found", res.status, res.body)
		}
	})
}

var cmpIgnoreTimes = cmp.FilterPath(func(p cmp.Path) bool {
	s := p.String()
	return s == "CreatedAt" || s == "UpdatedAt"
}, cmp.Ignore())

func TestAPICreateUserRejected(t *testing.T) {
	t.Parallel()
	sv, en := catalogue(t)
	roles := "coordinator, member, reporter"
	user := func(fields string) string {
		return `{"email":"ny@mora.se","name":"Nils Ny","password":"korrekt häst batteri"` + fields + `}`
	}
	inv := func(fields map[string]msg) (int, string, msg, map[string]msg) {
		return http.StatusUnprocessableEntity, "invalid", m("error.invalid"), fields
	}
	row := func(name, body string) func(int, string, msg, map[string]msg) apiRejection {
		return func(status int, code string, message msg, fields map[string]msg) apiRejection {
			return apiRejection{name, "", body, status, code, message, fields}
		}
	}
	tests := []apiRejection{
		row("duplicate e-mail", `{"email":"Admin@Demo.Example","name":"Ada igen","password":"korrekt häst batteri"}`)(
			inv(map[string]msg{"email": m("error.email_taken")})),
		row("bad e-mail", `{"email":"ny at mora","name":"Nils Ny","password":"korrekt häst batteri"}`)(
			inv(map[string]msg{"email": m("error.email")})),
		row("no e-mail", `{"name":"Nils Ny","password":"korrekt häst batteri"}`)(
			inv(map[string]msg{"email": m("error.required")})),
		row("short password", `{"email":"ny@mora.se","name":"Nils Ny","password":"kort"}`)(
			inv(map[string]msg{"password": m("error.password_short", 10)})),
		row("unknown organisation", user(`,"organization_id":"999999","role":"member"`))(
			inv(map[string]msg{"organization_id": m("error.organization_unknown")})),
		row("organisation not a number", user(`,"organization_id":"Mora kommun","role":"member"`))(
			inv(map[string]msg{"organization_id": m("error.organization_unknown")})),
		row("organisation id as a JSON number", user(`,"organization_id":2,"role":"member"`))(
			inv(map[string]msg{"organization_id": m("error.json_want_text")})),
		row("bad role", user(`,"organization_id":"1","role":"chief"`))(
			inv(map[string]msg{"role": m("error.one_of", roles)})),
		row("organisation without role", user(`,"organization_id":"1"`))(
			inv(map[string]msg{"role": m("error.required")})),
		row("bad locale", user(`,"locale":"de"`))(inv(map[string]msg{"locale": m("error.one_of", "sv, en")})),
		row("is_admin a string", user(`,"is_admin":"yes"`))(inv(map[string]msg{"is_admin": m("error.json_want_boolean")})),
		row("unknown field", user(`,"admin":true`))(inv(map[string]msg{"admin": m("error.json_unknown_field")})),
		row("everything wrong", `{"email":"x","name":"","password":"kort","organization_id":"999999","role":"chief"}`)(inv(map[string]msg{
			"email": m("error.email"), "name": m("error.required"), "password": m("error.password_short", 10),
			"organization_id": m("error.organization_unknown"), "role": m("error.one_of", roles)})),
		row("syntax", `{"email":`)(http.StatusBadRequest, "bad_request", m("error.json_syntax"), nil),
		{"form", "application/x-www-form-urlencoded", "email=ny%40mora.se", http.StatusUnsupportedMediaType, "unsupported_media_type", m("error.json_content_type"), nil},
	}
	eachDemo(t, func(t *testing.T, d *db.DB) {
		ts := newTestServer(t, d)
		admin := ts.api(t, asAdmin)
		users, members, trail := ts.count(t, "users"), ts.count(t, "memberships"), ts.count(t, "audit_log")
		for _, tt := range tests {
			tt.body = strings.ReplaceAll(tt.body, `"organization_id":"1"`, `"organization_id":"`+strconv.FormatInt(ts.orgIDs["Mora kommun"], 10)+`"`)
			checkRejection(t, admin, "/api/v1/users", tt, sv)
			checkRejection(t, admin, "/api/v1/users", tt, en, "Accept-Language", "en")
			if u, ms, a := ts.count(t, "users"), ts.count(t, "memberships"), ts.count(t, "audit_log"); u != users || ms != members || a != trail {
				t.Fatalf("after POST /api/v1/users %s: %d users, %d memberships, %d audit entries, want %d, %d, %d",
					tt.name, u, ms, a, users, members, trail)
			}
		}

		body := `{"email":" Nils.Ny@Mora.se ","name":"Nils Ny","password":"korrekt häst batteri","organization_id":"` +
			strconv.FormatInt(ts.orgIDs["Mora kommun"], 10) + `","role":"reporter"}`
		res := admin.sendJSON(t, http.MethodPost, "/api/v1/users", body)
		if res.status != http.StatusCreated {
			t.Fatalf("POST /api/v1/users = %d, want 201; body:\n%s", res.status, res.body)
		}
		var u struct {
			ID, Email, Name string
			IsAdmin         bool `json:"is_admin"`
		}
		decodeBody(t, res, &u)
		if u.Email != "nils.ny@mora.se" || u.Name != "Nils Ny" || u.IsAdmin || u.ID == "" {
			t.Errorf("created user = %+v, want nils.ny@mora.se, Nils Ny, not admin", u)
		}
		if strings.Contains(res.body, "korrekt") || strings.Contains(res.body, "argon2") {
			t.Errorf("POST /api/v1/users answer shows the password or its hash: %s", res.body)
		}
		if n := ts.count(t, "memberships"); n != members+1 {
			t.Errorf("memberships after creating a user with a role = %d, want %d", n, members+1)
		}
	})
}

func TestAPIListPagination(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, d *db.DB) {
		ts := newTestServer(t, d)
		for _, c := range []struct {
			name string
			c    *client
		}{{"reporter token", ts.api(t, asReporter)}, {"admin session", ts.session(t, asAdmin)}} {
			type page struct {
				Items      []org.Organization `json:"items"`
				NextCursor string             `json:"next_cursor"`
			}
			seen := map[int64]bool{}
			var names []string
			path := "/api/v1/organizations?limit=2"
			for pages := 0; ; pages++ {
				if pages > len(ts.orgIDs) {
					t.Fatalf("%s: more pages than organisations; the cursor does not advance", c.name)
				}
				res := c.c.get(t, path)
				if res.status != http.StatusOK {
					t.Fatalf("%s: GET %s = %d; body:\n%s", c.name, path, res.status, res.body)
				}
				var p page
				decodeBody(t, res, &p)
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
			if len(seen) != len(ts.orgIDs) {
				t.Errorf("%s: walked %d organisations, the database has %d", c.name, len(seen), len(ts.orgIDs))
			}
			for name, id := range ts.orgIDs {
				if !seen[id] {
					t.Errorf("%s: organisation %d (%s) not listed", c.name, id, name)
				}
			}
			if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) }) {
				t.Errorf("%s: organisations not in the order of their names: %q", c.name, names)
			}

			for _, q := range []string{"limit=0", "limit=5000", "limit=x", "limit=-1", "limit=1.5"} {
				res := c.c.get(t, "/api/v1/organizations?"+q)
				if res.status != http.StatusUnprocessableEntity {
					t.Errorf("%s: GET ?%s = %d, want 422", c.name, q, res.status)
					continue
				}
				if e := apiErr(t, res).Error; e.Code != "invalid" || e.Fields["limit"] == "" {
					t.Errorf("%s: GET ?%s error = %+v, want invalid with fields.limit", c.name, q, e)
				}
			}
			for _, q := range []string{"cursor=x", "cursor=" + url.QueryEscape("!!!"), "cursor=MDpvcmc"} { // "0:org"
				res := c.c.get(t, "/api/v1/organizations?"+q)
				if res.status != http.StatusBadRequest {
					t.Errorf("%s: GET ?%s = %d, want 400", c.name, q, res.status)
					continue
				}
				if e := apiErr(t, res).Error; e.Code != "bad_cursor" {
					t.Errorf("%s: GET ?%s error code = %q, want bad_cursor", c.name, q, e.Code)
				}
			}
			// A filter by municipality: Mora's parties only.
			res := c.c.get(t, "/api/v1/organizations?municipality_code=2062")
			var p page
			decodeBody(t, res, &p)
			got := map[string]int64{}
			for _, o := range p.Items {
				got[o.Name] = o.ID
			}
			want := idsBy(t, d, `SELECT o.id, o.name FROM organizations o JOIN organization_municipalities om ON om.organization_id = o.id WHERE om.municipality_code = '2062'`)
			if _, ok := want["Mora kommun"]; !ok {
				t.Fatalf("the demo data has no Mora kommun in 2062: %v", want)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: organisations in 2062 (-want +got):\n%s", c.name, diff)
			}
			if res := c.c.get(t, "/api/v1/organizations?municipality_code=mora"); res.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: GET ?municipality_code=mora = %d, want 422", c.name, res.status)
			}
		}
	})
}
