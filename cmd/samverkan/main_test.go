package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/validation"
)

// syncBuffer is a buffer that a running server may write to while the
// test reads it.
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

// environ is a fake environment: only what the test sets, never the
// SAMVERKAN_* variables of the machine running the tests.
func environ(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// result is what one run of the program did.
type result struct {
	err            error
	stdout, stderr string
	exit           int
	lastLine       string // the line exitCode wrote to standard error, if any
}

// runCmd runs the program with args, stdin and environment as the process
// would, and the exit status and line main would print.
func runCmd(t *testing.T, getenv func(string) string, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr, exitLine bytes.Buffer
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &stdout, &stderr)
	r := result{err: err, stdout: stdout.String(), stderr: stderr.String()}
	r.exit = exitCode(err, getenv, &exitLine)
	r.lastLine = exitLine.String()
	return r
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		r := runCmd(t, environ(), "", args...)
		if r.err != nil || r.exit != 0 {
			t.Errorf("run(%q) = %v, exit %d; want success", args, r.err, r.exit)
		}
		for _, cmd := range []string{"serve", "migrate", "user add", "token create", "version", "help"} {
			if !regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(cmd) + `\s`).MatchString(r.stdout) {
				t.Errorf("run(%q) output does not list %q:\n%s", args, cmd, r.stdout)
			}
		}
	}
	r := runCmd(t, environ(), "", "version")
	if r.err != nil || r.stdout != "samverkan dev\n" {
		t.Errorf("run(version) = %v, %q; want samverkan dev", r.err, r.stdout)
	}
	// A command's own help is no failure either.
	for _, args := range [][]string{{"serve", "--help"}, {"migrate", "-h"}, {"user", "add", "--help"}, {"token", "create", "-help"}} {
		r := runCmd(t, environ(), "", args...)
		if r.err != nil || !strings.Contains(r.stderr, "-data-dir") {
			t.Errorf("run(%q) = %v, stderr %q; want success and the flags", args, r.err, r.stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args []string
		want string // in the error
	}{
		{nil, "no command"},
		{[]string{"frobnicate"}, `unknown command "frobnicate"`},
		{[]string{"user"}, "unknown command"},
		{[]string{"user", "delete"}, "unknown command"},
		{[]string{"token"}, "unknown command"},
		{[]string{"migrate", "now"}, "no arguments"},
		{[]string{"migrate", "--colour"}, "colour"},
		{[]string{"migrate", "--database-url", "mysql://x"}, "postgres://"},
		{[]string{"migrate", "--log-level", "loud"}, "log-level"},
		{[]string{"serve", "--addr", "8080"}, "host:port"},
		{[]string{"serve", "--smtp-url", "smtp://mail.example:25"}, "mail-from"},
		{[]string{"serve", "extra"}, "no arguments"},
		{[]string{"user", "add", "--data-dir", dir, "--name", "A"}, "--email"},
		{[]string{"user", "add", "--data-dir", dir, "--email", "a@b.se"}, "--name"},
		{[]string{"user", "add", "--data-dir", dir, "--email", "a@b.se", "--name", "A", "--org", "Mora kommun"}, "--org and --role"},
		{[]string{"user", "add", "--data-dir", dir, "--email", "a@b.se", "--name", "A", "--role", "member"}, "--org and --role"},
		{[]string{"user", "add", "--data-dir", dir, "--email", "a@b.se", "--name", "A", "extra"}, "unexpected"},
		{[]string{"token", "create", "--data-dir", dir}, "--email"},
	}
	for _, tt := range tests {
		r := runCmd(t, environ(), "korrekt häst batteri\n", tt.args...)
		var ue *config.UsageError
		if !errors.As(r.err, &ue) || r.exit != 2 {
			t.Errorf("run(%q) = %v (exit %d), want a usage error (exit 2)", tt.args, r.err, r.exit)
			continue
		}
		if !strings.Contains(r.err.Error(), tt.want) {
			t.Errorf("run(%q) error = %q, want it to mention %q", tt.args, r.err, tt.want)
		}
		if n := strings.Count(r.lastLine, "\n"); n != 1 || !strings.HasPrefix(r.lastLine, "samverkan: ") {
			t.Errorf("run(%q) prints %q, want one line starting samverkan: ", tt.args, r.lastLine)
		}
	}
	// Usage errors are found before anything is stored.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("usage errors created %d files in the data directory", len(entries))
	}
}

// backends are the two ways to name the database on the command line.
func backends(t *testing.T, fn func(t *testing.T, dbFlags []string, open func(t *testing.T) *db.DB)) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		fn(t, []string{"--data-dir", dir}, func(t *testing.T) *db.DB { return openDB(t, db.Options{DataDir: dir}) })
	})
	t.Run("postgres", func(t *testing.T) {
		url := dbtest.NewPostgresDatabase(t)
		fn(t, []string{"--database-url", url}, func(t *testing.T) *db.DB { return openDB(t, db.Options{URL: url}) })
	})
}

func openDB(t *testing.T, o db.Options) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), o)
	if err != nil {
		t.Fatalf("db.Open() error = %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func args(cmd string, dbFlags []string, rest ...string) []string {
	return append(append(strings.Fields(cmd), dbFlags...), rest...)
}

func TestMigrate(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, dbFlags []string, open func(t *testing.T) *db.DB) {
		dialect := "sqlite"
		if dbFlags[0] == "--database-url" {
			dialect = "postgres"
		}
		for i := range 2 {
			r := runCmd(t, environ(), "", args("migrate", dbFlags)...)
			if r.err != nil || r.stdout != "database up to date ("+dialect+")\n" {
				t.Fatalf("migrate #%d = %v, %q; want database up to date (%s)", i+1, r.err, r.stdout, dialect)
			}
		}
		var n int
		if err := open(t).QueryRowContext(context.Background(), `SELECT COUNT(*) FROM municipalities`).Scan(&n); err != nil || n != 290 {
			t.Errorf("municipalities after migrate = %d (%v), want 290", n, err)
		}
	})
	// The environment names the database when no flag does.
	dir := t.TempDir()
	if r := runCmd(t, environ("SAMVERKAN_DATA_DIR", dir), "", "migrate"); r.err != nil {
		t.Fatalf("migrate with SAMVERKAN_DATA_DIR = %v", r.err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) == 0 {
		t.Errorf("migrate with SAMVERKAN_DATA_DIR=%s created nothing there", dir)
	}
}

func TestUserAddAndTokenCreate(t *testing.T) {
	t.Parallel()
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	en, sv := bundle.For(i18n.English), bundle.For(i18n.Swedish)
	backends(t, func(t *testing.T, dbFlags []string, open func(t *testing.T) *db.DB) {
		ctx := context.Background()
		const password = "korrekt häst batteri\n"
		r := runCmd(t, environ(), password, args("user add", dbFlags, "--email", "a@b.se", "--name", "A")...)
		if r.err != nil || !regexp.MustCompile(`^added user a@b\.se \(id \d+\)\n$`).MatchString(r.stdout) {
			t.Fatalf("user add = %v, %q; want added user a@b.se (id N)", r.err, r.stdout)
		}
		d := open(t)
		u, err := auth.NewUsers(d).Authenticate(ctx, "a@b.se", strings.TrimSpace(password))
		if err != nil {
			t.Fatalf("the added user cannot sign in with the password from stdin: %v", err)
		}
		if u.Name != "A" || u.IsAdmin {
			t.Errorf("added user = %+v, want name A, no administrator", u)
		}
		mora, err := org.NewStore(d).Create(ctx, audit.System, org.Input{Name: "Mora kommun", Kind: "municipality", MunicipalityCodes: []string{"2062"}})
		if err != nil {
			t.Fatal(err)
		}
		users := func() int {
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := users()

		failures := []struct {
			name, stdin string
			args        []string
			lang        string
			want        string // the whole line printed
		}{
			{"duplicate e-mail", password, []string{"--email", "A@B.se", "--name", "A igen"}, "",
				"samverkan: --email: " + en.T("error.email_taken") + "\n"},
			{"duplicate e-mail in Swedish", password, []string{"--email", "a@b.se", "--name", "A igen"}, "sv_SE.UTF-8",
				"samverkan: --email: " + sv.T("error.email_taken") + "\n"},
			{"bad e-mail", password, []string{"--email", "a-at-b", "--name", "A"}, "",
				"samverkan: --email: " + en.T("error.email") + "\n"},
			{"short password", "kort\n", []string{"--email", "c@b.se", "--name", "C"}, "",
				"samverkan: --password: " + en.T("error.password_short", auth.PasswordMinLength) + "\n"},
			{"no password", "", []string{"--email", "c@b.se", "--name", "C"}, "",
				"samverkan: give the password on standard input, one line\n"},
			{"unknown organisation", password, []string{"--email", "c@b.se", "--name", "C", "--org", "Orsa kommun", "--role", "member"}, "",
				"samverkan: there is no organisation named \"Orsa kommun\"\n"},
			{"unknown role", password, []string{"--email", "c@b.se", "--name", "C", "--org", "Mora kommun", "--role", "chief"}, "",
				"samverkan: --role: " + en.T("error.one_of", "coordinator, member, reporter") + "\n"},
			{"several problems", "kort\n", []string{"--email", "a@b", "--name", "C", "--org", "mora kommun", "--role", "chief"}, "",
				"samverkan: --email: " + en.T("error.email") + "; --password: " + en.T("error.password_short", auth.PasswordMinLength) +
					"; --role: " + en.T("error.one_of", "coordinator, member, reporter") + "\n"},
		}
		for _, tt := range failures {
			r := runCmd(t, environ("LANG", tt.lang), tt.stdin, args("user add", dbFlags, tt.args...)...)
			if r.exit != 1 {
				t.Errorf("user add %s = %v, exit %d; want exit 1", tt.name, r.err, r.exit)
			}
			if r.lastLine != tt.want {
				t.Errorf("user add %s prints %q, want %q", tt.name, r.lastLine, tt.want)
			}
		}
		if n := users(); n != before {
			t.Errorf("users after failed user add = %d, want %d", n, before)
		}

		// With an organisation (named in any case) and a role.
		r = runCmd(t, environ(), password, args("user add", dbFlags, "--email", "samordnare@mora.se", "--name", "Sam", "--org", "MORA KOMMUN", "--role", "coordinator")...)
		if r.err != nil {
			t.Fatalf("user add --org --role = %v", r.err)
		}
		sam, err := auth.NewUsers(d).ByEmail(ctx, "samordnare@mora.se")
		if err != nil {
			t.Fatal(err)
		}
		ms, err := org.NewStore(d).MembershipsOf(ctx, sam.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || ms[0].OrganizationID != mora.ID || ms[0].Role != auth.RoleCoordinator {
			t.Errorf("memberships of the added coordinator = %+v, want coordinator of Mora kommun", ms)
		}
		r = runCmd(t, environ(), password, args("user add", dbFlags, "--email", "root@b.se", "--name", "Root", "--admin")...)
		if root, err := auth.NewUsers(d).ByEmail(ctx, "root@b.se"); r.err != nil || err != nil || !root.IsAdmin {
			t.Errorf("user add --admin = %v; user %+v, %v; want an administrator", r.err, root, err)
		}

		// A token for the user, on one line, that authenticates them.
		r = runCmd(t, environ(), "", args("token create", dbFlags, "--email", "A@B.SE", "--name", "rapportskript")...)
		if r.err != nil {
			t.Fatalf("token create = %v", r.err)
		}
		if !strings.HasPrefix(r.stdout, "svk_") || strings.Count(r.stdout, "\n") != 1 || !strings.HasSuffix(r.stdout, "\n") {
			t.Fatalf("token create printed %q, want one line starting svk_", r.stdout)
		}
		id, err := auth.NewTokens(d).Authenticate(ctx, strings.TrimSpace(r.stdout))
		if err != nil || id != u.ID {
			t.Errorf("Authenticate(printed token) = %d, %v; want user %d", id, err, u.ID)
		}
		toks, err := auth.NewTokens(d).List(ctx, u.ID)
		if err != nil || len(toks) != 1 || toks[0].Name != "rapportskript" {
			t.Errorf("tokens of the user = %+v, %v; want one named rapportskript", toks, err)
		}
		r = runCmd(t, environ(), "", args("token create", dbFlags, "--email", "nobody@b.se")...)
		if r.exit != 1 || r.lastLine != "samverkan: there is no user with the e-mail address \"nobody@b.se\"\n" {
			t.Errorf("token create for an unknown user = exit %d, %q", r.exit, r.lastLine)
		}
	})
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	var inv validation.Errors
	inv.Add("organization_id", "error.organization_unknown")
	inv.Add("email", "error.required")
	tests := []struct {
		err  error
		lang string
		code int
		line string
	}{
		{nil, "", 0, ""},
		{errors.New("disk full"), "", 1, "samverkan: disk full\n"},
		{fmt.Errorf("create user: %w", inv.Err()), "en_GB.UTF-8", 1, "samverkan: --email: Fill in this field; --organization-id: The organisation does not exist\n"},
		{&config.UsageError{Err: errors.New("no command given")}, "", 2, "samverkan: no command given\n"},
		{fmt.Errorf("wrapped: %w", &config.UsageError{Err: errors.New("bad flag")}), "", 2, "samverkan: wrapped: bad flag\n"},
	}
	bundle, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	// The English texts of the catalogue, so that a change of wording does
	// not break this test.
	en := bundle.For(i18n.English)
	tests[2].line = "samverkan: --email: " + en.T("error.required") + "; --organization-id: " + en.T("error.organization_unknown") + "\n"
	for _, tt := range tests {
		var stderr bytes.Buffer
		if got := exitCode(tt.err, environ("LANG", tt.lang), &stderr); got != tt.code {
			t.Errorf("exitCode(%v) = %d, want %d", tt.err, got, tt.code)
		}
		if diff := cmp.Diff(tt.line, stderr.String()); diff != "" {
			t.Errorf("exitCode(%v) printed (-want +got):\n%s", tt.err, diff)
		}
	}
}

var listeningRE = regexp.MustCompile(`running on (http://127\.0\.0\.1:\d+) `)

// startServe runs serve until the returned stop is called; it waits until
// the server says where it listens and returns that address.
func startServe(t *testing.T, serveArgs ...string) (base string, stdout *syncBuffer, stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stdout = &syncBuffer{}
	stderr := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, serveArgs...),
			environ(), strings.NewReader(""), stdout, stderr)
	}()
	// A bound on a hang, not a measure of speed: serve --demo under the
	// race detector, beside the other packages' tests on two cores, has
	// needed more than 30 s to load the demo and listen.
	const readyWithin = 3 * time.Minute
	deadline := time.After(readyWithin)
	for base == "" {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve ended before it listened: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
		case <-deadline:
			cancel()
			t.Fatalf("serve did not say where it listens within %v; stdout:\n%s\nstderr:\n%s", readyWithin, stdout, stderr)
		case <-time.After(10 * time.Millisecond):
			if m := listeningRE.FindStringSubmatch(stdout.String()); m != nil {
				base = m[1]
			}
		}
	}
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(25 * time.Second):
			return errors.New("serve did not return within 25 s of cancellation")
		}
	}
	t.Cleanup(func() { _ = stop() })
	return base, stdout, stop
}

func TestServe(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, dbFlags []string, open func(t *testing.T) *db.DB) {
		base, stdout, stop := startServe(t, append(dbFlags, "--demo")...)
		for _, path := range []string{"/healthz", "/readyz"} {
			res, err := http.Get(base + path)
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK || string(body) != "ok\n" {
				t.Errorf("GET %s = %d %q, want 200 ok", path, res.StatusCode, body)
			}
		}
		for _, want := range []string{"Demo data loaded", "admin@demo.example", `password "demo"`} {
			if !strings.Contains(stdout.String(), want) {
				t.Errorf("serve --demo output lacks %q:\n%s", want, stdout)
			}
		}
		if err := stop(); err != nil {
			t.Fatalf("serve after cancellation = %v, want nil", err)
		}
		if _, err := http.Get(base + "/healthz"); err == nil {
			t.Errorf("GET /healthz after shutdown succeeded, want a refused connection")
		}

		// Again on the same database: the demo is not loaded twice.
		_, stdout, stop = startServe(t, append(dbFlags, "--demo")...)
		if err := stop(); err != nil {
			t.Fatalf("second serve = %v", err)
		}
		if !strings.Contains(stdout.String(), "not empty") || strings.Contains(stdout.String(), "Demo data loaded") {
			t.Errorf("second serve --demo output = %q, want that the database is not empty", stdout)
		}
		var n int
		if err := open(t).QueryRowContext(context.Background(), `SELECT COUNT(*) FROM users WHERE email = 'admin@demo.example'`).Scan(&n); err != nil || n != 1 {
			t.Errorf("demo administrators after two starts = %d (%v), want 1", n, err)
		}
	})
}

// TestServeFinishesRequestsInFlight: cancelling the context lets a request
// that has started finish before run returns.
func TestServeFinishesRequestsInFlight(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	base, _, stop := startServe(t, "--data-dir", dir)
	pr, pw := io.Pipe()
	type answer struct {
		status int
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		// A sign-in form that arrives slowly: the handler is busy reading
		// it when the shutdown begins.
		res, err := http.Post(base+"/login", "application/x-www-form-urlencoded", pr)
		if err != nil {
			answered <- answer{err: err}
			return
		}
		res.Body.Close()
		answered <- answer{status: res.StatusCode}
	}()
	if _, err := pw.Write([]byte(`email=`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-stopped:
		t.Fatalf("serve returned (%v) while a request was in flight", err)
	default:
	}
	if _, err := pw.Write([]byte(`&password=`)); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	a := <-answered
	if a.err != nil || a.status != http.StatusUnprocessableEntity {
		t.Errorf("request in flight during shutdown = %d, %v; want its answer (422, nothing filled in)", a.status, a.err)
	}
	if err := <-stopped; err != nil {
		t.Errorf("serve = %v, want nil", err)
	}
}
