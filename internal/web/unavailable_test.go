package web_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/web"
)

// cutProxy forwards TCP connections to a server until it is cut: then
// every connection through it closes and new ones are refused, as when
// the network to the database goes or the database goes down.
type cutProxy struct {
	ln    net.Listener
	to    string
	mu    sync.Mutex
	conns []net.Conn
}

func newCutProxy(t *testing.T, to string) *cutProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cutProxy{ln: ln, to: to}
	go p.serve()
	t.Cleanup(p.cut)
	return p
}

func (p *cutProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		up, err := net.Dial("tcp", p.to)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, up)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(up, c); up.Close() }()
		go func() { _, _ = io.Copy(c, up); c.Close() }()
	}
}

func (p *cutProxy) cut() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// TestDatabaseUnavailable: while PostgreSQL cannot be reached, pages and
// the API answer 503 with Retry-After and a message that says so, not 500.
func TestDatabaseUnavailable(t *testing.T) {
	t.Parallel()
	raw := dbtest.NewPostgresDatabase(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newCutProxy(t, u.Host)
	u.Host = proxy.ln.Addr().String()
	ctx := context.Background()
	d, err := db.Open(ctx, db.Options{URL: u.String(), Clock: clocktest.Clock()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := app.New(web.Options{DB: d})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	get := func(path string) (*http.Response, string) {
		t.Helper()
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	if res, _ := get("/api/v1/municipalities"); res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/municipalities before the cut = %d", res.StatusCode)
	}

	proxy.cut()
	for _, tt := range []struct{ path, wantType, wantText string }{
		{"/", "text/html", "Tjänsten når inte sin databas just nu"},
		{"/api/v1/municipalities", "application/json", `"code":"unavailable"`},
		{"/readyz", "text/plain", "database unavailable"},
	} {
		res, body := get(tt.path)
		if res.StatusCode != http.StatusServiceUnavailable || !strings.HasPrefix(res.Header.Get("Content-Type"), tt.wantType) ||
			!strings.Contains(body, tt.wantText) {
			t.Errorf("GET %s while the database is unreachable = %d %q, want 503 %s saying %q; body:\n%.500s",
				tt.path, res.StatusCode, res.Header.Get("Content-Type"), tt.wantType, tt.wantText, body)
		}
		if tt.path != "/readyz" && res.Header.Get("Retry-After") != "10" {
			t.Errorf("GET %s Retry-After = %q, want 10", tt.path, res.Header.Get("Retry-After"))
		}
	}
}
