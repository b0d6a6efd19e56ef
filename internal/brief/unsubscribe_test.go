package brief_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
)

// unsubscribeURLs returns the unsubscribe address of each e-mail of a
// brief by recipient, checking that the text carries it too.
func unsubscribeURLs(t *testing.T, d *db.DB, briefID int64) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := db.Each(context.Background(), d, `SELECT to_address, unsubscribe_url, text_body, html_body FROM mail_outbox
		WHERE kind = 'brief' AND ref_id = ?`, []any{briefID}, func(row db.Scanner) error {
		var to, u, text, html string
		if err := row.Scan(&to, &u, &text, &html); err != nil {
			return err
		}
		if !strings.Contains(text, u+"\n") || !strings.Contains(html, `href="`+u+`"`) {
			t.Errorf("the e-mail to %s does not show its unsubscribe address %q:\n%s", to, u, text)
		}
		out[to] = u
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func tokenOf(t *testing.T, u string) string {
	t.Helper()
	token, ok := strings.CutPrefix(u, "https://samverkan.example/unsubscribe/")
	if !ok || token == "" {
		t.Fatalf("unsubscribe address %q is not on the product's /unsubscribe/", u)
	}
	return token
}

// TestUnsubscribeLink: each e-mail of a brief carries its recipient's own
// link, the same every week; the link says whose choice it is without
// changing it, ends the subscription at once with an audit entry, and is
// refused when it was tampered with.
func TestUnsubscribeLink(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		b := f.create(t, "2023", week)
		opts := brief.PublishOptions{Mail: true, BaseURL: "https://samverkan.example/"}
		if _, err := f.s.Publish(ctx, f.actor("coord"), b.ID, opts); err != nil {
			t.Fatal(err)
		}
		urls := unsubscribeURLs(t, d, b.ID)
		if len(urls) != 3 || urls["police@example.se"] == urls["guard@example.se"] {
			t.Fatalf("unsubscribe addresses = %v, want one of each recipient's own", urls)
		}
		token := tokenOf(t, urls["police@example.se"])

		// Asking changes nothing.
		u, err := f.s.UnsubscribeLink(ctx, token)
		want := brief.Unsubscription{UserID: f.users["police"].ID, MunicipalityCode: "2023", MunicipalityName: "Malung-Sälen", Subscribed: true}
		if err != nil || u != want {
			t.Fatalf("UnsubscribeLink() = %+v, %v; want %+v", u, err, want)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM brief_subscriptions`); n != 0 {
			t.Errorf("asking about a link stored %d subscriptions", n)
		}

		// Tampered, cut or made-up tokens open nothing.
		police, guard := strings.Split(token, "."), strings.Split(tokenOf(t, urls["guard@example.se"]), ".")
		for _, bad := range []string{"", "x", token[:len(token)-1], token + "A", police[0] + ".2062." + police[2],
			guard[0] + "." + police[1] + "." + police[2], police[0] + "." + police[1] + "." + guard[2], "0.2023." + police[2],
			"+" + token, "0" + token, police[0] + "." + police[1] + "." + strings.ToUpper(police[2]), token + ".x"} {
			if bad == token {
				continue
			}
			if _, err := f.s.Unsubscribe(ctx, bad); !errors.Is(err, brief.ErrUnsubscribeLink) || !errors.Is(err, db.ErrNotFound) {
				t.Errorf("Unsubscribe(%q) error = %v, want ErrUnsubscribeLink", bad, err)
			}
		}

		u, err = f.s.Unsubscribe(ctx, token)
		if err != nil || u != want {
			t.Fatalf("Unsubscribe() = %+v, %v; want %+v", u, err, want)
		}
		subs, err := f.s.Subscriptions(ctx, f.users["police"].ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]brief.Subscription{"2023": {MunicipalityCode: "2023"}}, subs); diff != "" {
			t.Errorf("subscriptions after unsubscribing differ:\n%s", diff)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'brief_subscription' AND action = 'unsubscribe'
			AND actor_id = ?`, f.users["police"].ID); n != 1 {
			t.Errorf("audit entries of the unsubscription by the user = %d, want 1", n)
		}
		// Again: nothing changes, nothing is recorded.
		u, err = f.s.Unsubscribe(ctx, token)
		if err != nil || u.Subscribed {
			t.Errorf("second Unsubscribe() = %+v, %v; want not subscribed before", u, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'brief_subscription'`); n != 1 {
			t.Errorf("audit entries after unsubscribing twice = %d, want 1", n)
		}

		// The next week's brief skips the police and carries the same
		// links for the others: a link in an old e-mail still works.
		next := f.create(t, "2023", week.Add(1))
		if _, err := f.s.Publish(ctx, f.actor("coord"), next.ID, opts); err != nil {
			t.Fatal(err)
		}
		later := unsubscribeURLs(t, d, next.ID)
		if _, ok := later["police@example.se"]; ok || later["guard@example.se"] != urls["guard@example.se"] {
			t.Errorf("next week's addresses = %v, want the guard's as before and none to the police", later)
		}

		// A user who is gone has no link.
		if _, err := d.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, f.users["guard"].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.UnsubscribeLink(ctx, tokenOf(t, urls["guard@example.se"])); !errors.Is(err, brief.ErrUnsubscribeLink) {
			t.Errorf("UnsubscribeLink() of a deleted user error = %v, want ErrUnsubscribeLink", err)
		}
	})
}

// TestBriefMailHeaders: the e-mail greets by first name, replies reach the
// coordinator who published, and a mail system sees a one-click
// unsubscribe and an automatic message.
func TestBriefMailHeaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		srv := mailtest.Start(t, mailtest.Options{})
		b := f.create(t, "2023", week)
		if _, err := f.s.Publish(ctx, f.actor("coord"), b.ID, brief.PublishOptions{Mail: true, BaseURL: "https://samverkan.example"}); err != nil {
			t.Fatal(err)
		}
		if _, err := newWorker(t, d, srv).RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		for _, m := range srv.Wait(t, 3, 5*time.Second) {
			p, err := mailtest.Parse(m.Data)
			if err != nil {
				t.Fatal(err)
			}
			to := p.To.Address
			if p.ReplyTo == nil || p.ReplyTo.Address != "coord@example.se" || p.ReplyTo.Name != "Sara Samordnare" {
				t.Errorf("the e-mail to %s has Reply-To %v, want the coordinator", to, p.ReplyTo)
			}
			lu := p.Header.Get("List-Unsubscribe")
			if !strings.HasPrefix(lu, "<https://samverkan.example/unsubscribe/") || !strings.HasSuffix(lu, ">") ||
				!strings.Contains(p.Text, strings.Trim(lu, "<>")) {
				t.Errorf("the e-mail to %s has List-Unsubscribe %q, not in its text", to, lu)
			}
			if got := p.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
				t.Errorf("the e-mail to %s has List-Unsubscribe-Post %q", to, got)
			}
			if got := p.Header.Get("Auto-Submitted"); got != "auto-generated" {
				t.Errorf("the e-mail to %s has Auto-Submitted %q", to, got)
			}
			greeting := map[string]string{"coord@example.se": "Hej Sara!\n", "guard@example.se": "Hello Viktor,\n",
				"police@example.se": "Hej Per!\n"}[to]
			if !strings.HasPrefix(p.Text, greeting) || !strings.Contains(p.HTML, "<p>"+strings.TrimSpace(greeting)+"</p>") {
				t.Errorf("the e-mail to %s does not greet %q:\n%s", to, greeting, p.Text)
			}
		}
	})
}

// TestBriefWithoutPublisher: a brief the product publishes by itself has
// no Reply-To.
func TestBriefWithoutPublisher(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.create(t, "2023", week)
		if _, err := f.s.Publish(context.Background(), audit.System, b.ID, brief.PublishOptions{Mail: true, BaseURL: "https://samverkan.example"}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM mail_outbox WHERE reply_to_address <> ''`); n != 0 {
			t.Errorf("%d e-mails of a brief without a publisher have a Reply-To", n)
		}
	})
}
