package adminweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestPasswordChangeEndsOtherSessions: changing the password signs the user
// out in every other browser but keeps this one, and says so; the API
// tokens keep working until the user revokes them all, which the account
// page offers.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		const email = "destination@demo.example"
		here, there := ts.SignInAs(t, email), ts.SignInAs(t, email)
		api := ts.APIAs(t, email)
		if res := there.Get(t, "/start"); res.Status != http.StatusOK {
			t.Fatalf("GET /start in the other browser = %d", res.Status)
		}
		account := here.Get(t, "/account")
		if !strings.Contains(account.Body, `action="/account/tokens/revoke-all"`) {
			t.Fatalf("the account page offers no way to revoke all tokens:\n%s", account.Body)
		}

		const next = "fjällen i vinterljus 2026"
		res := here.PostForm(t, "/account/password", url.Values{"current_password": {"demo"}, "new_password": {next}, "confirm_password": {next}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/account" {
			t.Fatalf("POST /account/password = %d to %q; body:\n%.500s", res.Status, res.Header.Get("Location"), res.Body)
		}
		if page := here.Get(t, "/account"); page.Status != http.StatusOK || !strings.Contains(page.Body, "Du är utloggad på alla andra enheter") {
			t.Errorf("after the change, this browser = %d without the message that the others are signed out", page.Status)
		}
		if res := there.Get(t, "/start"); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("after the change, the other browser's GET /start = %d to %q, want the sign-in page", res.Status, res.Header.Get("Location"))
		}
		if res := api.Get(t, "/api/v1/me"); res.Status != http.StatusOK {
			t.Errorf("an API token after the password change = %d, want it working until revoked", res.Status)
		}

		res = here.PostForm(t, "/account/tokens/revoke-all", url.Values{})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST /account/tokens/revoke-all = %d", res.Status)
		}
		if res := api.Get(t, "/api/v1/me"); res.Status != http.StatusUnauthorized {
			t.Errorf("the API token after revoke-all = %d, want 401", res.Status)
		}
		if page := here.Get(t, "/account"); !strings.Contains(page.Body, "Alla dina API-nycklar och kalenderlänkar är återkallade") {
			t.Errorf("the account page does not say the tokens were revoked")
		}
		// The old password no longer signs in, the new one does.
		c := ts.NewClient(t)
		if res := c.PostForm(t, "/login", url.Values{"email": {email}, "password": {"demo"}}); res.Status != http.StatusUnauthorized {
			t.Errorf("sign-in with the old password = %d, want 401", res.Status)
		}
		if res := c.PostForm(t, "/login", url.Values{"email": {email}, "password": {next}}); res.Status != http.StatusSeeOther {
			t.Errorf("sign-in with the new password = %d, want 303", res.Status)
		}
	})
}
