package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
)

// serve --polisen-municipalities polls the feed at once, with a
// User-Agent, and stores the chosen municipalities' events as reports.
func TestServePollsPoliceFeed(t *testing.T) {
	t.Parallel()
	body, err := os.ReadFile("../../internal/polisen/testdata/polisen_events_mora_malung_salen.json")
	if err != nil {
		t.Fatal(err)
	}
	var calls atomic.Int32
	var agent atomic.Value
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		agent.Store(r.Header.Get("User-Agent"))
		w.Write(body)
	}))
	defer feed.Close()

	dir := t.TempDir()
	base, _, stop := startServe(t, "--data-dir", dir, "--polisen-url", feed.URL, "--polisen-municipalities", "2062")
	d, err := db.Open(context.Background(), db.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM reports WHERE source = 'polisen'`).Scan(&n); err == nil && n > 0 {
			break
		}
	}
	// The poll and its events are in the metrics, beside the outbox's.
	var metrics string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		res, err := http.Get(base + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if metrics = string(b); strings.Contains(metrics, `samverkan_polisen_events_total{outcome="imported"}`) {
			break
		}
	}
	for _, want := range []string{`samverkan_polisen_polls_total{result="ok"} 1`, `samverkan_polisen_events_total{outcome="imported"}`,
		"samverkan_polisen_last_success_timestamp_seconds", `samverkan_mail_outbox_messages{status="waiting"} 0`,
		"samverkan_mail_outbox_oldest_waiting_seconds 0"} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	var other int
	if err := d.QueryRowContext(context.Background(),
		`SELECT COUNT(*) FROM reports WHERE source = 'polisen' AND municipality_code IS NOT NULL AND municipality_code <> '2062'`).Scan(&other); err != nil {
		t.Fatal(err)
	}
	if n == 0 || other != 0 {
		t.Errorf("police reports = %d, of other municipalities %d; want some, all in Mora", n, other)
	}
	if c := calls.Load(); c != 1 {
		t.Errorf("feed called %d times, want once (the next call is a minute away)", c)
	}
	if ua, _ := agent.Load().(string); !strings.HasPrefix(ua, "Samverkan/") {
		t.Errorf("User-Agent = %q", ua)
	}
}
