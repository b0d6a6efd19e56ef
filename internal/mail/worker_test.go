package mail

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
)

// clock is a time the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func enqueue(t *testing.T, d *db.DB, to string, now time.Time) int64 {
	t.Helper()
	var id int64
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = Enqueue(context.Background(), tx, "brief", 7, 0, Message{To: Address{Name: "Åsa", Email: to},
			Subject: "Veckobrev", Text: "Hej", HTML: "<p>Hej</p>"}, now)
		return err
	})
	if err != nil {
		t.Fatalf("Enqueue() error = %v", err)
	}
	return id
}

func newTestWorker(t *testing.T, d *db.DB, url string, c *clock) (*Worker, *bytes.Buffer) {
	t.Helper()
	s, err := NewSMTP(url, "Samverkan <noreply@samverkan.example>")
	if err != nil {
		t.Fatal(err)
	}
	s.Timeout = 5 * time.Second
	var logs bytes.Buffer
	w := NewWorker(d, s, slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	w.now, w.Outbox.now = c.now, c.now
	return w, &logs
}

func item(t *testing.T, o *Outbox, id int64) Item {
	t.Helper()
	it, err := o.Get(context.Background(), id)
	if err != nil {
		t.Fatalf("Get(%d) error = %v", id, err)
	}
	return it
}

// TestWorkerSends: what is queued goes out, once, through a real server.
func TestWorkerSends(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := mailtest.Start(t, mailtest.Options{})
		c := &clock{time.Date(2026, 2, 23, 8, 0, 0, 0, time.UTC)}
		w, _ := newTestWorker(t, d, srv.URL, c)
		a := enqueue(t, d, "a@example.se", c.t)
		b := enqueue(t, d, "b@example.se", c.t)
		res, err := w.RunOnce(ctx)
		if err != nil {
			t.Fatalf("RunOnce() error = %v", err)
		}
		if res != (Result{Sent: 2}) {
			t.Errorf("RunOnce() = %+v, want 2 sent", res)
		}
		if got := len(srv.Messages()); got != 2 {
			t.Errorf("server received %d messages, want 2", got)
		}
		for _, id := range []int64{a, b} {
			it := item(t, w.Outbox, id)
			if it.Status != StatusSent || it.Attempts != 1 || it.SentAt == nil || it.NextAttemptAt != nil {
				t.Errorf("row %d = %+v, want sent after 1 attempt", id, it)
			}
		}
		// Nothing is sent twice.
		if res, err := w.RunOnce(ctx); err != nil || res != (Result{}) {
			t.Errorf("second RunOnce() = %+v, %v, want nothing done", res, err)
		}
		if got := len(srv.Messages()); got != 2 {
			t.Errorf("server received %d messages after a second round, want 2", got)
		}
	})
}

// TestWorkerRetries: a server that refuses at first is tried again after
// each wait of Backoff, every attempt is recorded with its error, and the
// worker gives up after the last.
func TestWorkerRetries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := mailtest.Start(t, mailtest.Options{})
		c := &clock{time.Date(2026, 2, 23, 8, 0, 0, 0, time.UTC)}
		w, logs := newTestWorker(t, d, srv.URL, c)

		id := enqueue(t, d, "refused@example.se", c.t)
		srv.Refuse(2, 451)
		if res, err := w.RunOnce(ctx); err != nil || res != (Result{Retrying: 1}) {
			t.Fatalf("first RunOnce() = %+v, %v, want 1 retrying", res, err)
		}
		it := item(t, w.Outbox, id)
		if it.Status != StatusWaiting || it.Attempts != 1 || !strings.Contains(it.LastError, "451") ||
			it.NextAttemptAt == nil || !it.NextAttemptAt.Equal(c.t.Add(time.Minute)) {
			t.Fatalf("after a refusal: %+v, want waiting a minute with the 451 error", it)
		}
		// Not due yet.
		c.advance(59 * time.Second)
		if res, _ := w.RunOnce(ctx); res != (Result{}) {
			t.Errorf("RunOnce() before the minute = %+v, want nothing", res)
		}
		c.advance(time.Second)
		if res, _ := w.RunOnce(ctx); res != (Result{Retrying: 1}) {
			t.Errorf("second attempt = %+v, want retrying", res)
		}
		if it := item(t, w.Outbox, id); !it.NextAttemptAt.Equal(c.t.Add(5 * time.Minute)) {
			t.Errorf("after the second refusal next attempt = %v, want in 5 minutes", it.NextAttemptAt)
		}
		c.advance(5 * time.Minute)
		if res, _ := w.RunOnce(ctx); res != (Result{Sent: 1}) {
			t.Errorf("third attempt = %+v, want sent", res)
		}
		attempts, err := w.Outbox.Attempts(ctx, []int64{id})
		if err != nil {
			t.Fatal(err)
		}
		var errs []string
		for _, a := range attempts[id] {
			errs = append(errs, a.Error)
		}
		if len(errs) != 3 || !strings.Contains(errs[0], "451") || !strings.Contains(errs[1], "451") || errs[2] != "" {
			t.Errorf("attempts = %q, want two 451 errors and a success", errs)
		}
		if strings.Contains(logs.String(), "refused@example.se") {
			t.Errorf("the log names the recipient:\n%s", logs)
		}

		// A server that keeps refusing: five attempts, then given up.
		id = enqueue(t, d, "never@example.se", c.t)
		srv.Refuse(100, 451)
		for i, wait := range append([]time.Duration{0}, Backoff...) {
			c.advance(wait)
			res, err := w.RunOnce(ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := Result{Retrying: 1}
			if i == len(Backoff) {
				want = Result{Failed: 1}
			}
			if res != want {
				t.Errorf("attempt %d = %+v, want %+v", i+1, res, want)
			}
		}
		it = item(t, w.Outbox, id)
		if it.Status != StatusFailed || it.Attempts != 5 || it.NextAttemptAt != nil {
			t.Errorf("after five refusals: %+v, want failed after 5 attempts", it)
		}
		// Retry now: one more attempt, at once.
		srv.Refuse(0, 0)
		if _, err := w.Outbox.RetryNow(ctx, audit.System, id); err != nil {
			t.Fatalf("RetryNow() error = %v", err)
		}
		if res, _ := w.RunOnce(ctx); res != (Result{Sent: 1}) {
			t.Errorf("after retry now = %+v, want sent", res)
		}
		if _, err := w.Outbox.RetryNow(ctx, audit.System, id); err != ErrNotRetryable {
			t.Errorf("RetryNow() of a sent row error = %v, want ErrNotRetryable", err)
		}

		// A permanent refusal is given up at once.
		id = enqueue(t, d, "nobody@example.se", c.t)
		srv.Refuse(1, 550)
		if res, _ := w.RunOnce(ctx); res != (Result{Failed: 1}) {
			t.Errorf("a 550 = %+v, want failed", res)
		}
		if it := item(t, w.Outbox, id); it.Status != StatusFailed || !strings.Contains(it.LastError, "550") {
			t.Errorf("after a 550: %+v", it)
		}
	})
}

// TestWorkerServerDown: with no server, rows wait for their next attempt
// and nothing is lost.
func TestWorkerServerDown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		c := &clock{time.Date(2026, 2, 23, 8, 0, 0, 0, time.UTC)}
		w, _ := newTestWorker(t, d, "smtp://"+addr, c)
		id := enqueue(t, d, "a@example.se", c.t)
		if res, err := w.RunOnce(context.Background()); err != nil || res != (Result{Retrying: 1}) {
			t.Fatalf("RunOnce() = %+v, %v, want 1 retrying", res, err)
		}
		if it := item(t, w.Outbox, id); it.Status != StatusWaiting || it.LastError == "" {
			t.Errorf("row = %+v, want waiting with the error", it)
		}
	})
}

// TestWorkerRun: Run sends what is queued as soon as it is woken, and
// stops when its context ends.
func TestWorkerRun(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{STARTTLS: true})
		s, err := NewSMTP(srv.URL, "noreply@samverkan.example")
		if err != nil {
			t.Fatal(err)
		}
		s.TLS = srv.ClientTLS()
		w := NewWorker(d, s, nil)
		w.Poll = time.Hour
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { w.Run(ctx); close(done) }()
		enqueue(t, d, "a@example.se", clocktest.Now())
		w.Wake()
		msgs := srv.Wait(t, 1, 10*time.Second)
		if !msgs[0].TLS {
			t.Errorf("the message came without TLS though the server offered STARTTLS")
		}
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not stop when its context ended")
		}
	})
}

// TestOutboxKeepsEverything: the Reply-To, the unsubscribe address and a
// calendar go through the outbox and the server as they were queued.
func TestOutboxKeepsEverything(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := mailtest.Start(t, mailtest.Options{})
		c := &clock{time.Date(2026, 2, 23, 8, 0, 0, 0, time.UTC)}
		w, _ := newTestWorker(t, d, srv.URL, c)
		if got := w.From(); got != (Address{Name: "Samverkan", Email: "noreply@samverkan.example"}) {
			t.Errorf("From() = %+v, want the sender's", got)
		}
		ics := "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"
		queue := func(m Message) {
			t.Helper()
			err := d.InTx(ctx, func(tx *db.Tx) error {
				_, err := Enqueue(ctx, tx, "test", 1, 0, m, c.t)
				return err
			})
			if err != nil {
				t.Fatalf("Enqueue() error = %v", err)
			}
		}
		queue(Message{To: Address{Name: "Åsa", Email: "a@example.se"}, ReplyTo: Address{Name: "Sara Samordnare", Email: "sara@example.se"},
			Subject: "Veckobrev", Text: "Hej", HTML: "<p>Hej</p>", Unsubscribe: "https://samverkan.example/unsubscribe/x"})
		queue(Message{To: Address{Email: "b@example.se"}, Subject: "Inställt", Text: "Hej", HTML: "<p>Hej</p>",
			Calendar: &Calendar{Method: "CANCEL", Data: ics}})
		if res, err := w.RunOnce(ctx); err != nil || res != (Result{Sent: 2}) {
			t.Fatalf("RunOnce() = %+v, %v, want 2 sent", res, err)
		}
		byTo := map[string]mailtest.Parsed{}
		for _, m := range srv.Messages() {
			p, err := mailtest.Parse(m.Data)
			if err != nil {
				t.Fatal(err)
			}
			byTo[p.To.Address] = p
		}
		a, b := byTo["a@example.se"], byTo["b@example.se"]
		if a.ReplyTo == nil || a.ReplyTo.String() != `"Sara Samordnare" <sara@example.se>` ||
			a.Header.Get("List-Unsubscribe") != "<https://samverkan.example/unsubscribe/x>" ||
			a.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || a.Calendar != "" {
			t.Errorf("the brief-like message came as Reply-To %v, headers %v", a.ReplyTo, a.Header)
		}
		if b.ReplyTo != nil || b.Header.Get("List-Unsubscribe") != "" || b.Calendar != ics || b.CalendarMethod != "CANCEL" ||
			len(b.Attachments) != 1 {
			t.Errorf("the invitation-like message came as Reply-To %v, calendar %q (%s), %d attachments", b.ReplyTo, b.Calendar,
				b.CalendarMethod, len(b.Attachments))
		}
		for _, p := range byTo {
			if p.Header.Get("Auto-Submitted") != "auto-generated" {
				t.Errorf("message to %s has Auto-Submitted %q", p.To.Address, p.Header.Get("Auto-Submitted"))
			}
		}
		// A message unfit to send is refused when it is queued, not when
		// the worker meets it.
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := Enqueue(ctx, tx, "test", 1, 0, Message{To: Address{Email: "c@example.se"}, Unsubscribe: "javascript:alert(1)"}, c.t)
			return err
		})
		if err == nil {
			t.Errorf("Enqueue() of a message with a javascript: unsubscribe address = nil error, want one")
		}
	})
}
