package web_test

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/i18n"
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

func equalMaps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestLogin: a wrong password, where the sign-in leads, and the limit on
// failed sign-ins.
func TestLogin(t *testing.T) {
	t.Parallel()
	sv, en := webtest.Catalogue(t)
	const wrong = "Fel-Lösen-4711"
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		for _, tt := range []struct {
			email string
			loc   *i18n.Localizer
			lang  string
		}{
			{"polis@demo.example", sv, ""},
			{"ingen.alls@demo.example", sv, ""}, // no such account: the same answer
			{"polis@demo.example", en, "en"},
		} {
			c := ts.NewClient(t)
			res := c.PostForm(t, "/login", url.Values{"email": {tt.email}, "password": {wrong}, "next": {"/admin/audit"}}, "Accept-Language", tt.lang)
			if res.Status != http.StatusUnauthorized {
				t.Errorf("POST /login %s with a wrong password = %d, want 401", tt.email, res.Status)
				continue
			}
			if got, want := formErrors(res.Body), map[string]string{"email": webtest.Says(tt.loc, "login.bad_credentials")}; !equalMaps(got, want) {
				t.Errorf("POST /login %s (%s): errors = %v, want %v", tt.email, tt.lang, got, want)
			}
			if !strings.Contains(res.Body, `value="`+tt.email+`"`) {
				t.Errorf("POST /login %s: the typed e-mail is not kept", tt.email)
			}
			if !strings.Contains(res.Body, `name="next" value="/admin/audit"`) {
				t.Errorf("POST /login %s: the next page is lost", tt.email)
			}
			if strings.Contains(res.Body, wrong) || strings.Contains(res.Body, template.HTMLEscapeString(wrong)) || strings.Contains(res.Body, "Fel-L") {
				t.Errorf("POST /login %s: the page shows the typed password", tt.email)
			}
			if c.Cookie(t, "samverkan_session") != "" {
				t.Errorf("POST /login %s with a wrong password set a session cookie", tt.email)
			}
		}
		// next is followed after a good sign-in, but only to this site.
		for next, want := range map[string]string{
			"/admin/audit?entity=user": "/admin/audit?entity=user",
			"//evil.example/":          "/start",
			"https://evil.example/":    "/start",
			"/\\evil.example/":         "/start",
			"/\t/evil.example/":        "/start", // browsers drop the tab: //evil.example/
			"/\n/evil.example/":        "/start",
		} {
			c := ts.NewClient(t)
			res := c.PostForm(t, "/login", url.Values{"email": {webtest.DemoEmail[webtest.AsAdmin]}, "password": {demo.Password}, "next": {next}})
			if res.Status != http.StatusSeeOther || res.Header.Get("Location") != want {
				t.Errorf("POST /login next=%q = %d to %q, want 303 to %q", next, res.Status, res.Header.Get("Location"), want)
			}
		}
		t.Run("rate limit", func(t *testing.T) { checkLoginRateLimit(t, ts) })
	})
}

// checkLoginRateLimit: ten wrong passwords for one account, then it is
// refused for a while, even with the right password.
func checkLoginRateLimit(t *testing.T, ts *webtest.TestServer) {
	c := ts.NewClient(t)
	// Not an account the other sign-in tests fail with.
	email := "alkohol@demo.example"
	limited := -1
	for i := 1; i <= 12; i++ {
		// The account is the same however it is written.
		typed := email
		if i%2 == 0 {
			typed = " " + strings.ToUpper(email)
		}
		res := c.PostForm(t, "/login", url.Values{"email": {typed}, "password": {"fel lösenord " + strconv.Itoa(i)}})
		if res.Status == http.StatusTooManyRequests {
			limited = i
			break
		}
		if res.Status != http.StatusUnauthorized {
			t.Fatalf("wrong password #%d = %d, want 401 or 429", i, res.Status)
		}
	}
	if limited != 11 {
		t.Fatalf("sign-ins refused from attempt %d, want from the 11th (10 failures allowed)", limited)
	}
	sv, _ := webtest.Catalogue(t)
	for _, password := range []string{"fel igen", demo.Password} {
		res := c.PostForm(t, "/login", url.Values{"email": {email}, "password": {password}})
		if res.Status != http.StatusTooManyRequests {
			t.Errorf("POST /login while limited (password %q) = %d, want 429", password, res.Status)
			continue
		}
		retry, err := strconv.Atoi(res.Header.Get("Retry-After"))
		if err != nil || retry < 1 || retry > 15*60+1 {
			t.Errorf("Retry-After = %q, want seconds in 1…901", res.Header.Get("Retry-After"))
		}
		if want := webtest.Says(sv, "login.too_many", 15); !strings.Contains(res.Body, want) {
			t.Errorf("429 page lacks %q", want)
		}
		if c.Cookie(t, "samverkan_session") != "" {
			t.Errorf("a limited sign-in set a session cookie")
		}
	}
	// Another account from the same address is not held back.
	ts.SignIn(t, webtest.AsReporter)
}

func TestSafeNext(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"/start", "/start"},
		{"/admin/audit?entity=user&cursor=x", "/admin/audit?entity=user&cursor=x"},
		{"/promises/1#commitments", "/promises/1#commitments"},
		{"/", "/"},
		{"", ""},
		{"start", ""},
		{"//evil.example", ""},
		{"///evil.example", ""},
		{"/\\evil.example", ""},
		{"\\\\evil.example", ""},
		{"/\t/evil.example", ""},
		{"/\r\n/evil.example", ""},
		{"/\x00", ""},
		{"/\x7f/evil.example", ""},
		{"https://evil.example/", ""},
		{"javascript:alert(1)", ""},
		{" /start", ""},
	}
	for _, tt := range tests {
		if got := web.SafeNext(tt.in); got != tt.want {
			t.Errorf("safeNext(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
