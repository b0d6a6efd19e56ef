package briefweb_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestUnsubscribeByMail: the List-Unsubscribe address of a brief's e-mail
// works as a mail system uses it: a GET shows a button and changes
// nothing, a POST with "List-Unsubscribe=One-Click" and no cookie, no
// session and no Origin unsubscribes at once with 200, a browser's
// cross-site POST is refused by the kernel, and a made-up link is a 404
// page in the reader's language.
func TestUnsubscribeByMail(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{})
		w := runWorker(t, d, srv.URL)
		ts := webtest.NewServer(t, d, func(o *web.Options) { o.Mail = w; o.PublicURL = "https://samverkan.example" })
		publishInBrowser(t, ts, thisWeek())
		paths := map[string]string{}
		for _, m := range srv.Wait(t, webtest.SalenRecipients, 10*time.Second) {
			p, err := mailtest.Parse(m.Data)
			if err != nil {
				t.Fatal(err)
			}
			lu := p.Header.Get("List-Unsubscribe")
			path, ok := strings.CutPrefix(strings.Trim(lu, "<>"), "https://samverkan.example")
			if !ok || !strings.HasPrefix(path, "/unsubscribe/") || p.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
				t.Fatalf("the e-mail to %s has List-Unsubscribe %q", p.To.Address, lu)
			}
			if p.ReplyTo == nil || p.ReplyTo.Address != webtest.DemoEmail[webtest.AsCoordinator] {
				t.Errorf("the e-mail to %s has Reply-To %v, want the coordinator who published", p.To.Address, p.ReplyTo)
			}
			paths[p.To.Address] = path
		}
		guard, restaurant := paths[webtest.DemoEmail[webtest.AsReporter]], paths[webtest.KrogEmail]
		unsubscribed := func(email string) int {
			return ts.Count(t, "brief_subscriptions WHERE NOT subscribed AND municipality_code = '2023' AND user_id = "+
				strconv.FormatInt(ts.UserID[email], 10))
		}

		// A link checker opens the link: nothing happens.
		anon := ts.NewClient(t)
		res := anon.Get(t, guard)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `action="`+guard+`"`) ||
			!strings.Contains(res.Body, `name="List-Unsubscribe" value="One-Click"`) || !strings.Contains(res.Body, "Malung-Sälen") {
			t.Fatalf("GET %s = %d, want the page with the button; body:\n%.2000s", guard, res.Status, res.Body)
		}
		if n := unsubscribed(webtest.DemoEmail[webtest.AsReporter]); n != 0 {
			t.Fatalf("a GET unsubscribed")
		}

		// A browser's cross-site POST is refused before the handler.
		res = anon.Do(t, http.MethodPost, guard, strings.NewReader("List-Unsubscribe=One-Click"),
			"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		if res.Status != http.StatusForbidden || unsubscribed(webtest.DemoEmail[webtest.AsReporter]) != 0 {
			t.Errorf("a cross-site POST = %d, want 403 and nothing changed", res.Status)
		}

		// The mail system's one-click POST: a bare client with no cookie
		// jar, no Origin, no Sec-Fetch-Site.
		mailSystem := &webtest.Client{BaseURL: ts.HTTP.URL, HTTP: &http.Client{}}
		audits := ts.AuditCount(t, "brief_subscription")
		res = mailSystem.Do(t, http.MethodPost, guard, strings.NewReader("List-Unsubscribe=One-Click"),
			"Content-Type", "application/x-www-form-urlencoded")
		if res.Status != http.StatusOK || unsubscribed(webtest.DemoEmail[webtest.AsReporter]) != 1 {
			t.Fatalf("the one-click POST = %d, want 200 and unsubscribed; body:\n%.1000s", res.Status, res.Body)
		}
		if n := ts.AuditCount(t, "brief_subscription"); n != audits+1 {
			t.Errorf("audit entries after unsubscribing = %d, want %d", n, audits+1)
		}
		// Again: 200, nothing more.
		if res := mailSystem.Do(t, http.MethodPost, guard, strings.NewReader("List-Unsubscribe=One-Click"),
			"Content-Type", "application/x-www-form-urlencoded"); res.Status != http.StatusOK || ts.AuditCount(t, "brief_subscription") != audits+1 {
			t.Errorf("a second one-click POST = %d, want 200 and no new audit entry", res.Status)
		}
		if res := anon.Get(t, guard); res.Status != http.StatusOK || strings.Contains(res.Body, `name="List-Unsubscribe"`) {
			t.Errorf("GET after unsubscribing = %d, want a page saying so without the button", res.Status)
		}

		// RFC 8058 allows multipart/form-data too; the page's own button
		// posts from the same origin.
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		_ = mw.WriteField("List-Unsubscribe", "One-Click")
		_ = mw.Close()
		res = mailSystem.Do(t, http.MethodPost, restaurant, &body, "Content-Type", mw.FormDataContentType())
		if res.Status != http.StatusOK || unsubscribed(webtest.KrogEmail) != 1 {
			t.Errorf("a multipart one-click POST = %d, want 200 and unsubscribed", res.Status)
		}
		coordinator := paths[webtest.DemoEmail[webtest.AsCoordinator]]
		res = anon.Do(t, http.MethodPost, coordinator, strings.NewReader("List-Unsubscribe=One-Click"),
			"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "same-origin", "Origin", ts.HTTP.URL)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "du får inte längre veckobrevet för Malung-Sälen") ||
			!strings.Contains(res.Body, `href="/account/subscriptions"`) {
			t.Errorf("the button's POST = %d, want 200 saying so; body:\n%.2000s", res.Status, res.Body)
		}

		// A link cut short, or made up, is a page that says so.
		res = anon.Get(t, guard[:len(guard)-2], "Accept-Language", "en")
		if res.Status != http.StatusNotFound || !strings.Contains(res.Body, "The link does not work") {
			t.Errorf("GET of a broken link = %d, want 404 in English; body:\n%.1000s", res.Status, res.Body)
		}
		if res := mailSystem.Do(t, http.MethodPost, "/unsubscribe/1.2023.AAAAAAAAAAAAAAAAAAAAAA", strings.NewReader("List-Unsubscribe=One-Click"),
			"Content-Type", "application/x-www-form-urlencoded"); res.Status != http.StatusNotFound {
			t.Errorf("POST of a made-up link = %d, want 404", res.Status)
		}
	})
}
