package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/municipality"
)

// who is one of the identities the tests act as.
type who string

const (
	asAnon        who = "anonymous"
	asAdmin       who = "admin"
	asCoordinator who = "coordinator"
	asMember      who = "member"
	asReporter    who = "reporter"
)

// everyone lists the identities, anonymous first.
var everyone = []who{asAnon, asAdmin, asCoordinator, asMember, asReporter}

// demoEmail is the demo account of each signed-in identity.
var demoEmail = map[who]string{
	asAdmin:       "admin@demo.example",
	asCoordinator: "samordnare@demo.example", // coordinator, Malung-Sälens kommun
	asMember:      "polis@demo.example",      // member, Polisen lokalpolisområde Mora
	asReporter:    "vakt@demo.example",       // reporter, Fjällvakterna
}

// testServer is a real Server on a fresh database with the demo data,
// behind a real HTTP listener.
type testServer struct {
	d      *db.DB
	srv    *Server
	http   *httptest.Server
	orgIDs map[string]int64 // demo organisations by name
	userID map[string]int64 // demo users by e-mail

	mu       sync.Mutex
	sessions map[who]*client
	tokens   map[who]*client
}

// eachDemo runs fn on a SQLite and a PostgreSQL database that hold the
// municipalities and the demo data, each a copy of its own of a database
// seeded once per test process.
func eachDemo(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	dbtest.EachSeeded(t, "web-demo", seedDemo, fn)
}

func seedDemo(ctx context.Context, d *db.DB) error {
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		return err
	}
	_, err := demo.Load(ctx, d)
	return err
}

// newTestServer starts a server on d, loading the municipalities and the
// demo data first unless d holds them already (see eachDemo). opts change
// the server's Options.
func newTestServer(t *testing.T, d *db.DB, opts ...func(*Options)) *testServer {
	t.Helper()
	ctx := context.Background()
	var users int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users == 0 {
		if err := seedDemo(ctx, d); err != nil {
			t.Fatalf("seed demo: %v", err)
		}
	}
	// Errors (a 500, a panic) show in the test's output, without the stack.
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{
		Level: slog.LevelError,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == "stack" {
				return slog.Attr{}
			}
			return a
		},
	}))
	o := Options{DB: d, Version: "test", Logger: logger}
	for _, f := range opts {
		f(&o)
	}
	s, err := New(o)
	if err != nil {
		t.Fatalf("New() error = %v", err)
	}
	if err := s.Mount(s.BuiltinAreas()...); err != nil {
		t.Fatalf("Mount() error = %v", err)
	}
	ts := &testServer{d: d, srv: s, http: httptest.NewServer(s), sessions: map[who]*client{}, tokens: map[who]*client{}}
	t.Cleanup(ts.http.Close)
	ts.orgIDs = idsBy(t, d, `SELECT id, name FROM organizations`)
	ts.userID = idsBy(t, d, `SELECT id, email FROM users`)
	return ts
}

func idsBy(t *testing.T, d *db.DB, query string) map[string]int64 {
	t.Helper()
	rows, err := d.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			t.Fatal(err)
		}
		out[key] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// count returns the number of rows of a table (with an optional WHERE).
func (ts *testServer) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := ts.d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// newClient returns a client with its own cookie jar, signed in as nobody.
func (ts *testServer) newClient(t *testing.T) *client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &client{base: ts.http.URL, hc: &http.Client{
		Jar: jar,
		// The tests look at redirects themselves.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// signIn signs a new client in through POST /login.
func (ts *testServer) signIn(t *testing.T, w who) *client {
	t.Helper()
	if w == asAnon {
		return ts.newClient(t)
	}
	return ts.signInAs(t, demoEmail[w])
}

// signInAs signs a new client in as the demo user with this e-mail.
func (ts *testServer) signInAs(t *testing.T, email string) *client {
	t.Helper()
	c := ts.newClient(t)
	res := c.postForm(t, "/login", url.Values{"email": {email}, "password": {demo.Password}})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/start" {
		t.Fatalf("POST /login as %s = %d to %q, want 303 to /start; body:\n%s", email, res.status, res.header.Get("Location"), res.body)
	}
	return c
}

// session returns a client of identity w that signed in with a session
// cookie, made once per server.
func (ts *testServer) session(t *testing.T, w who) *client {
	t.Helper()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if c, ok := ts.sessions[w]; ok {
		return c
	}
	c := ts.signIn(t, w)
	ts.sessions[w] = c
	return c
}

// api returns a client of identity w that sends an API token made with
// auth.NewTokens and no cookies; anonymous sends nothing.
func (ts *testServer) api(t *testing.T, w who) *client {
	t.Helper()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if c, ok := ts.tokens[w]; ok {
		return c
	}
	c := &client{base: ts.http.URL, hc: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	if w != asAnon {
		secret, _, err := auth.NewTokens(ts.d).Create(context.Background(), audit.System, ts.userID[demoEmail[w]], "test")
		if err != nil {
			t.Fatalf("create token for %s: %v", w, err)
		}
		c.token = secret
	}
	ts.tokens[w] = c
	return c
}

// client makes requests to the test server.
type client struct {
	base  string
	hc    *http.Client
	token string // sent as a bearer token when set
}

// response is what the tests look at of an answer.
type response struct {
	status int
	header http.Header
	body   string
	// cookies set by the response.
	cookies []*http.Cookie
}

// do sends a request; headers are name, value pairs.
func (c *client) do(t *testing.T, method, path string, body io.Reader, headers ...string) *response {
	t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		t.Fatalf("NewRequest(%s %s) error = %v", method, path, err)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s error = %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return &response{status: res.StatusCode, header: res.Header, body: string(b), cookies: res.Cookies()}
}

func (c *client) get(t *testing.T, path string, headers ...string) *response {
	t.Helper()
	return c.do(t, http.MethodGet, path, nil, headers...)
}

func (c *client) postForm(t *testing.T, path string, form url.Values, headers ...string) *response {
	t.Helper()
	return c.do(t, http.MethodPost, path, strings.NewReader(form.Encode()),
		append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)...)
}

// sendJSON sends body as it is with the JSON content type.
func (c *client) sendJSON(t *testing.T, method, path, body string, headers ...string) *response {
	t.Helper()
	return c.do(t, method, path, strings.NewReader(body), append([]string{"Content-Type", "application/json"}, headers...)...)
}

// cookie returns the value of the client's cookie name, "" if none.
func (c *client) cookie(t *testing.T, name string) string {
	t.Helper()
	u, err := url.Parse(c.base)
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range c.hc.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// apiErrorBody is the contract's error shape, decoded strictly.
type apiErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// apiErr decodes an error response, failing the test when it is not in
// the contract's shape.
func apiErr(t *testing.T, res *response) apiErrorBody {
	t.Helper()
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error Content-Type = %q, want application/json; body:\n%s", ct, res.body)
	}
	dec := json.NewDecoder(strings.NewReader(res.body))
	dec.DisallowUnknownFields()
	var e apiErrorBody
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %q is not {\"error\":{code,message,fields}}: %v", res.body, err)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("error body %q lacks code or message", res.body)
	}
	return e
}

// decodeBody decodes a JSON response body into v.
func decodeBody(t *testing.T, res *response, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(res.body), v); err != nil {
		t.Fatalf("decode %q: %v", res.body, err)
	}
}
