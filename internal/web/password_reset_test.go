package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var resetLinkRE = regexp.MustCompile(`/password/reset\?token=([A-Za-z0-9_%-]+)`)

// TestPasswordReset walks the self-service reset: the same answer for a
// known and an unknown address, a link in the outbox for the known one
// only, a new password that the policy checks, a link that works once, and
// other sessions ended.
func TestPasswordReset(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		const email = "krog@demo.example"
		other := ts.SignInAs(t, email)
		anon := ts.NewClient(t)

		if res := anon.Get(t, "/login"); !strings.Contains(res.Body, `href="/password/forgot"`) {
			t.Errorf("the sign-in page does not link the reset form")
		}
		outbox := func() int { return ts.Count(t, "mail_outbox WHERE kind = 'password_reset'") }
		answer := func(addr string) string {
			t.Helper()
			res := anon.PostForm(t, "/password/forgot", url.Values{"email": {addr}})
			if res.Status != http.StatusOK {
				t.Fatalf("POST /password/forgot %s = %d; body:\n%.500s", addr, res.Status, res.Body)
			}
			return strings.ReplaceAll(res.Body, addr, "ADDRESS")
		}
		unknown := answer("nobody@demo.example")
		if n := outbox(); n != 0 {
			t.Fatalf("an unknown address put %d messages in the outbox", n)
		}
		known := answer(email)
		if unknown != known {
			t.Errorf("the answer for a known address differs from an unknown one's: the form tells who has an account")
		}
		if n := outbox(); n != 1 {
			t.Fatalf("a known address put %d messages in the outbox, want 1", n)
		}
		if res := anon.PostForm(t, "/password/forgot", url.Values{"email": {"inte en adress"}}); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST /password/forgot with a bad address = %d, want 422", res.Status)
		}

		var body, to string
		if err := d.QueryRowContext(context.Background(), `SELECT text_body, to_address FROM mail_outbox WHERE kind = 'password_reset'`).Scan(&body, &to); err != nil {
			t.Fatal(err)
		}
		m := resetLinkRE.FindStringSubmatch(body)
		if to != email || m == nil {
			t.Fatalf("the reset mail to %s has no link:\n%s", to, body)
		}
		// Greeted by first name, "Kim Krögare (demo)" being Kim.
		if !strings.HasPrefix(body, "Hej Kim!\n") {
			t.Errorf("the reset mail does not start with the greeting Hej Kim!:\n%s", body)
		}
		link := "/password/reset?token=" + m[1]
		token, _ := url.QueryUnescape(m[1])
		if res := anon.Get(t, link); res.Status != http.StatusOK || !strings.Contains(res.Body, `name="token"`) {
			t.Fatalf("GET the link = %d; body:\n%.500s", res.Status, res.Body)
		}
		// The policy applies; a refused password leaves the link usable.
		res := anon.PostForm(t, "/password/reset", url.Values{"token": {token}, "new_password": {"qwerty123456"}, "confirm_password": {"qwerty123456"}})
		if res.Status != http.StatusUnprocessableEntity || strings.Contains(res.Body, "qwerty123456") {
			t.Errorf("a common password = %d (or echoed back), want 422 without the password", res.Status)
		}
		const next = "snöglopp över lindvallen"
		res = anon.PostForm(t, "/password/reset", url.Values{"token": {token}, "new_password": {next}, "confirm_password": {next}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/login?reset=1" {
			t.Fatalf("POST /password/reset = %d to %q; body:\n%.500s", res.Status, res.Header.Get("Location"), res.Body)
		}
		if res := anon.Get(t, "/login?reset=1"); !strings.Contains(res.Body, "Logga in med det nya") {
			t.Errorf("the sign-in page after a reset does not say so")
		}
		if res := anon.Get(t, link); res.Status != http.StatusGone || !strings.Contains(res.Body, "redan använd") {
			t.Errorf("the link a second time = %d, want 410 saying it was used; body:\n%.500s", res.Status, res.Body)
		}
		if res := other.Get(t, "/start"); res.Status != http.StatusSeeOther {
			t.Errorf("a session from before the reset = %d, want it ended", res.Status)
		}
		c := ts.NewClient(t)
		if res := c.PostForm(t, "/login", url.Values{"email": {email}, "password": {next}}); res.Status != http.StatusSeeOther {
			t.Errorf("sign-in with the new password = %d", res.Status)
		}
		if res := anon.Get(t, "/password/reset?token=nonsense"); res.Status != http.StatusGone || !strings.Contains(res.Body, "fungerar inte") {
			t.Errorf("a made-up link = %d; body:\n%.300s", res.Status, res.Body)
		}
	})
}
