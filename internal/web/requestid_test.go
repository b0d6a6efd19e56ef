package web_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// syncBuffer is a log written by the server's goroutines and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRequestID: every answer names its request in X-Request-Id, an id
// sent by the client is kept when it looks like one and replaced when not,
// and the request's log line carries the id.
func TestRequestID(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		var logs syncBuffer
		ts := webtest.NewServer(t, d, func(o *web.Options) {
			o.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
		})
		anon := ts.NewClient(t)
		seen := map[string]bool{}
		for _, path := range []string{"/", "/api/v1/municipalities", "/no-such-page"} {
			res := anon.Get(t, path)
			id := res.Header.Get("X-Request-Id")
			if len(id) != 16 || seen[id] {
				t.Errorf("GET %s X-Request-Id = %q, want a new 16-character id", path, id)
			}
			seen[id] = true
		}
		if id := anon.Get(t, "/", "X-Request-Id", "proxy-1234abcd").Header.Get("X-Request-Id"); id != "proxy-1234abcd" {
			t.Errorf("an id sent by the client became %q, want it kept", id)
		}
		for _, bad := range []string{"short", "has space inside it", strings.Repeat("x", 65), "a\"b;c=d<e>f"} {
			if id := anon.Get(t, "/", "X-Request-Id", bad).Header.Get("X-Request-Id"); id == bad || len(id) != 16 {
				t.Errorf("an id %q sent by the client became %q, want a new one", bad, id)
			}
		}
		res := anon.Get(t, "/api/v1/municipalities", "X-Request-Id", "trace-0000feed")
		if res.Status != http.StatusOK {
			t.Fatalf("GET /api/v1/municipalities = %d", res.Status)
		}
		found := false
		for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
			var rec map[string]any
			if err := json.Unmarshal([]byte(line), &rec); err != nil {
				t.Fatalf("log line %q is not JSON: %v", line, err)
			}
			if rec["msg"] == "request" && rec["request_id"] == "trace-0000feed" && rec["route"] == "GET /api/v1/municipalities" {
				found = true
			}
		}
		if !found {
			t.Errorf("no request log line with request_id trace-0000feed in:\n%s", logs.String())
		}
	})
}
