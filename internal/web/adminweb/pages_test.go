package adminweb_test

import (
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// formErrors returns the field errors a page shows, by field name.
func formErrors(body string) map[string]string {
	out := map[string]string{}
	for _, m := range webtest.FieldErrorRE.FindAllStringSubmatch(body, -1) {
		out[strings.ReplaceAll(m[1], "-", "_")] = m[2]
	}
	return out
}

func TestAdminOrganizationFormErrors(t *testing.T) {
	t.Parallel()
	sv, _ := webtest.Catalogue(t)
	kinds := strings.Join(org.Kinds, ", ")
	tests := []struct {
		name string
		form url.Values
		want map[string]string // field → message
	}{
		{
			"nothing but a name",
			url.Values{"name": {`Nya <Föreningen> "Trygg" & co`}},
			map[string]string{"kind": webtest.Says(sv, "error.choose"), "municipality_codes": webtest.Says(sv, "error.municipality_required")},
		},
		{
			"everything wrong",
			url.Values{"name": {strings.Repeat("x", 201)}, "kind": {"pub"}, "municipality_codes": {"9999"}},
			map[string]string{
				"name": webtest.Says(sv, "error.too_long", 200), "kind": webtest.Says(sv, "error.one_of", kinds),
				"municipality_codes": webtest.Says(sv, "error.municipality_unknown", "9999"),
			},
		},
		{
			"taken name",
			url.Values{"name": {"mora kommun"}, "kind": {"municipality"}, "municipality_codes": {"2062"}},
			map[string]string{"name": webtest.Says(sv, "error.name_taken")},
		},
	}
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		admin := ts.Session(t, webtest.AsAdmin)
		orgs := ts.Count(t, "organizations")
		edit := "/admin/organizations/" + strconv.FormatInt(ts.OrgIDs["Destination Sälenfjällen"], 10)
		for _, path := range []string{"/admin/organizations", edit} {
			for _, tt := range tests {
				res := admin.PostForm(t, path, tt.form)
				if res.Status != http.StatusUnprocessableEntity {
					t.Errorf("POST %s %s = %d, want 422; body:\n%.1000s", path, tt.name, res.Status, res.Body)
					continue
				}
				if got := formErrors(res.Body); !maps.Equal(got, tt.want) {
					t.Errorf("POST %s %s: field errors = %v, want %v", path, tt.name, got, tt.want)
				}
				if want := webtest.Says(sv, "form.error_summary", len(tt.want)); !strings.Contains(res.Body, want) {
					t.Errorf("POST %s %s: no error summary %q", path, tt.name, want)
				}
				// The summary links each error to its field.
				for f := range tt.want {
					if !strings.Contains(res.Body, `href="#`+web.FieldID(f)+`"`) {
						t.Errorf("POST %s %s: the summary does not link to #%s", path, tt.name, web.FieldID(f))
					}
				}
				if want := `value="` + template.HTMLEscapeString(tt.form.Get("name")) + `"`; !strings.Contains(res.Body, want) {
					t.Errorf("POST %s %s: the typed name is not kept; want %s in the page", path, tt.name, want)
				}
				if strings.Contains(res.Body, "<Föreningen>") {
					t.Errorf("POST %s %s: the typed name is not escaped", path, tt.name)
				}
				for _, c := range tt.form["municipality_codes"] {
					// An option of a select or a checkbox: either way chosen.
					chosen := regexp.MustCompile(`value="` + c + `"[^>]*\s(selected|checked)[\s>]`)
					if valid := c != "9999"; valid && !chosen.MatchString(res.Body) {
						t.Errorf("POST %s %s: municipality %s is no longer chosen", path, tt.name, c)
					}
				}
			}
		}
		if n := ts.Count(t, "organizations"); n != orgs {
			t.Errorf("organisations after rejected forms = %d, want %d", n, orgs)
		}
		if res := admin.Get(t, edit); !strings.Contains(res.Body, `value="Destination Sälenfjällen"`) {
			t.Errorf("GET %s after rejected changes does not show the stored name", edit)
		}

		// Accepted: a redirect to the new organisation, with a notice there.
		res := admin.PostForm(t, "/admin/organizations", url.Values{"name": {"Orsa kommun"}, "kind": {"municipality"}, "municipality_codes": {"2034"}})
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/admin/organizations/") {
			t.Fatalf("POST /admin/organizations valid = %d to %q, want 303 to the organisation", res.Status, res.Header.Get("Location"))
		}
		page := admin.Get(t, res.Header.Get("Location"))
		if !strings.Contains(page.Body, webtest.Says(sv, "admin.org_created")) || !strings.Contains(page.Body, `value="Orsa kommun"`) {
			t.Errorf("GET %s after creation lacks the notice or the name", res.Header.Get("Location"))
		}
		if again := admin.Get(t, res.Header.Get("Location")); strings.Contains(again.Body, webtest.Says(sv, "admin.org_created")) {
			t.Errorf("the notice shows twice")
		}
	})
}

// TestFormsNeverEchoPasswords: forms with a password field show the other
// values again, the password never.
func TestFormsNeverEchoPasswords(t *testing.T) {
	t.Parallel()
	sv, _ := webtest.Catalogue(t)
	const secret = "Hemligt-4711"
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		admin := ts.Session(t, webtest.AsAdmin)
		users := ts.Count(t, "users")
		tests := []struct {
			path string
			form url.Values
			want map[string]string
			kept string // a value that must be shown again
		}{
			{
				"/admin/users",
				url.Values{"email": {"ny@mora.se"}, "name": {""}, "password": {secret[:4]}, "role": {"member"}, "organization_id": {"999999"}},
				map[string]string{"name": webtest.Says(sv, "error.required"), "password": webtest.Says(sv, "error.password_short", auth.PasswordMinLength), "organization_id": webtest.Says(sv, "error.organization_unknown")},
				`value="ny@mora.se"`,
			},
			{
				"/account/password",
				url.Values{"current_password": {secret}, "new_password": {secret + "x"}, "confirm_password": {secret + "y"}},
				map[string]string{"confirm_password": webtest.Says(sv, "error.password_mismatch")},
				"",
			},
			{
				"/account/password",
				url.Values{"current_password": {secret}, "new_password": {secret + "x"}, "confirm_password": {secret + "x"}},
				map[string]string{"current_password": webtest.Says(sv, "error.password_wrong")},
				"",
			},
			{
				"/admin/users/" + strconv.FormatInt(ts.UserID["krog@demo.example"], 10) + "/password",
				url.Values{"password": {secret[:6]}},
				map[string]string{"password": webtest.Says(sv, "error.password_short", auth.PasswordMinLength)},
				`value="krog@demo.example"`,
			},
		}
		for _, tt := range tests {
			res := admin.PostForm(t, tt.path, tt.form)
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("POST %s = %d, want 422; body:\n%.1000s", tt.path, res.Status, res.Body)
				continue
			}
			if got := formErrors(res.Body); !maps.Equal(got, tt.want) {
				t.Errorf("POST %s: field errors = %v, want %v", tt.path, got, tt.want)
			}
			if strings.Contains(res.Body, secret[:4]) {
				t.Errorf("POST %s: the page shows the typed password", tt.path)
			}
			if tt.kept != "" && !strings.Contains(res.Body, tt.kept) {
				t.Errorf("POST %s: the page lacks %s", tt.path, tt.kept)
			}
		}
		if n := ts.Count(t, "users"); n != users {
			t.Errorf("users after rejected forms = %d, want %d", n, users)
		}
		// The admin's password is unchanged: a new sign-in works.
		ts.SignIn(t, webtest.AsAdmin)
	})
}
