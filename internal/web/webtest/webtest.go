// Package webtest starts the whole product on a demo database for the tests of
// the web kernel and its areas: a real server behind a real listener, clients
// signed in as each demo identity, the permission matrix, and the words of the
// demo the tests share.
package webtest

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

	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/web"
)

// who is one of the identities the tests act as.
type Who string

const (
	AsAnon        Who = "anonymous"
	AsAdmin       Who = "admin"
	AsCoordinator Who = "coordinator"
	AsMember      Who = "member"
	AsReporter    Who = "reporter"
)

// everyone lists the identities, anonymous first.
var Everyone = []Who{AsAnon, AsAdmin, AsCoordinator, AsMember, AsReporter}

// demoEmail is the demo account of each signed-in identity.
var DemoEmail = map[Who]string{
	AsAdmin:       "admin@demo.example",
	AsCoordinator: "samordnare@demo.example", // coordinator, Malung-Sälens kommun
	AsMember:      "polis@demo.example",      // member, Polisen lokalpolisområde Mora
	AsReporter:    "vakt@demo.example",       // reporter, Fjällvakterna
}

// testServer is a real Server on a fresh database with the demo data,
// behind a real HTTP listener.
type TestServer struct {
	DB     *db.DB
	Srv    *web.Server
	HTTP   *httptest.Server
	OrgIDs map[string]int64 // demo organisations by name
	UserID map[string]int64 // demo users by e-mail

	mu       sync.Mutex
	sessions map[Who]*Client
	tokens   map[Who]*Client
}

// eachDemo runs fn on a SQLite and a PostgreSQL database that hold the
// municipalities and the demo data, each a copy of its own of a database
// seeded once per test process.
func EachDemo(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	dbtest.EachSeeded(t, "web-demo", SeedDemo, fn)
}

func SeedDemo(ctx context.Context, d *db.DB) error {
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		return err
	}
	_, err := demo.Load(ctx, d)
	return err
}

// newTestServer starts a server on d, loading the municipalities and the
// demo data first unless d holds them already (see eachDemo). opts change
// the server's Options.
func NewServer(t *testing.T, d *db.DB, opts ...func(*web.Options)) *TestServer {
	t.Helper()
	ctx := context.Background()
	var users int
	if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&users); err != nil {
		t.Fatal(err)
	}
	if users == 0 {
		if err := SeedDemo(ctx, d); err != nil {
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
	o := web.Options{DB: d, Version: "test", Logger: logger}
	for _, f := range opts {
		f(&o)
	}
	s, err := app.New(o)
	if err != nil {
		t.Fatalf("app.New() error = %v", err)
	}
	ts := &TestServer{DB: d, Srv: s, HTTP: httptest.NewServer(s), sessions: map[Who]*Client{}, tokens: map[Who]*Client{}}
	t.Cleanup(ts.HTTP.Close)
	ts.OrgIDs = IDsBy(t, d, `SELECT id, name FROM organizations`)
	ts.UserID = IDsBy(t, d, `SELECT id, email FROM users`)
	return ts
}

func IDsBy(t *testing.T, d *db.DB, query string) map[string]int64 {
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
func (ts *TestServer) Count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := ts.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// newClient returns a client with its own cookie jar, signed in as nobody.
func (ts *TestServer) NewClient(t *testing.T) *Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &Client{BaseURL: ts.HTTP.URL, HTTP: &http.Client{
		Jar: jar,
		// The tests look at redirects themselves.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// signIn signs a new client in through POST /login.
func (ts *TestServer) SignIn(t *testing.T, w Who) *Client {
	t.Helper()
	if w == AsAnon {
		return ts.NewClient(t)
	}
	return ts.SignInAs(t, DemoEmail[w])
}

// signInAs signs a new client in as the demo user with this e-mail.
func (ts *TestServer) SignInAs(t *testing.T, email string) *Client {
	t.Helper()
	c := ts.NewClient(t)
	res := c.PostForm(t, "/login", url.Values{"email": {email}, "password": {demo.Password}})
	if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/start" {
		t.Fatalf("POST /login as %s = %d to %q, want 303 to /start; body:\n%s", email, res.Status, res.Header.Get("Location"), res.Body)
	}
	return c
}

// session returns a client of identity w that signed in with a session
// cookie, made once per server.
func (ts *TestServer) Session(t *testing.T, w Who) *Client {
	t.Helper()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if c, ok := ts.sessions[w]; ok {
		return c
	}
	c := ts.SignIn(t, w)
	ts.sessions[w] = c
	return c
}

// api returns a client of identity w that sends an API token made with
// auth.NewTokens and no cookies; anonymous sends nothing.
func (ts *TestServer) API(t *testing.T, w Who) *Client {
	t.Helper()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if c, ok := ts.tokens[w]; ok {
		return c
	}
	c := &Client{BaseURL: ts.HTTP.URL, HTTP: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	if w != AsAnon {
		secret, _, err := auth.NewTokens(ts.DB).Create(context.Background(), audit.System, ts.UserID[DemoEmail[w]], "test")
		if err != nil {
			t.Fatalf("create token for %s: %v", w, err)
		}
		c.Token = secret
	}
	ts.tokens[w] = c
	return c
}

// client makes requests to the test server.
type Client struct {
	BaseURL string
	HTTP    *http.Client
	Token   string // sent as a bearer token when set
}

// response is what the tests look at of an answer.
type Response struct {
	Status int
	Header http.Header
	Body   string
	// cookies set by the response.
	Cookies []*http.Cookie
}

// do sends a request; headers are name, value pairs.
func (c *Client) Do(t *testing.T, method, path string, body io.Reader, headers ...string) *Response {
	t.Helper()
	req, err := http.NewRequest(method, c.BaseURL+path, body)
	if err != nil {
		t.Fatalf("NewRequest(%s %s) error = %v", method, path, err)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		t.Fatalf("%s %s error = %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: string(b), Cookies: res.Cookies()}
}

func (c *Client) Get(t *testing.T, path string, headers ...string) *Response {
	t.Helper()
	return c.Do(t, http.MethodGet, path, nil, headers...)
}

func (c *Client) PostForm(t *testing.T, path string, form url.Values, headers ...string) *Response {
	t.Helper()
	return c.Do(t, http.MethodPost, path, strings.NewReader(form.Encode()),
		append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)...)
}

// sendJSON sends body as it is with the JSON content type.
func (c *Client) SendJSON(t *testing.T, method, path, body string, headers ...string) *Response {
	t.Helper()
	return c.Do(t, method, path, strings.NewReader(body), append([]string{"Content-Type", "application/json"}, headers...)...)
}

// cookie returns the value of the client's cookie name, "" if none.
func (c *Client) Cookie(t *testing.T, name string) string {
	t.Helper()
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range c.HTTP.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// apiErrorBody is the contract's error shape, decoded strictly.
type APIErrorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

// apiErr decodes an error response, failing the test when it is not in
// the contract's shape.
func APIErr(t *testing.T, res *Response) APIErrorBody {
	t.Helper()
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("error Content-Type = %q, want application/json; body:\n%s", ct, res.Body)
	}
	dec := json.NewDecoder(strings.NewReader(res.Body))
	dec.DisallowUnknownFields()
	var e APIErrorBody
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %q is not {\"error\":{code,message,fields}}: %v", res.Body, err)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("error body %q lacks code or message", res.Body)
	}
	return e
}

// decodeBody decodes a JSON response body into v.
func DecodeBody(t *testing.T, res *Response, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(res.Body), v); err != nil {
		t.Fatalf("decode %q: %v", res.Body, err)
	}
}
