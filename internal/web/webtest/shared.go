package webtest

import (
	"context"
	"html/template"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/web"
)

// auditCount is the number of audit entries of an entity.
func (ts *TestServer) AuditCount(t *testing.T, entity string) int {
	t.Helper()
	var n int
	if err := ts.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = ?`, entity).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The demo's two reporters in Malung-Sälen, each of their own organisation
// (vakt@ of the security guards, krog@ of a restaurant), and the police
// member, who works in Malung-Sälen too.
const (
	KrogEmail      = "krog@demo.example"
	MoraCoordEmail = "samordnare.mora@demo.example"
	// A personal identity number with a correct Luhn digit.
	TestPersonnummer = "811228-9874"
)

// apiAs returns a client with an API token of the demo user with this
// e-mail.
func (ts *TestServer) APIAs(t *testing.T, email string) *Client {
	t.Helper()
	secret, _, err := auth.NewTokens(ts.DB).Create(context.Background(), audit.System, ts.UserID[email], "test")
	if err != nil {
		t.Fatalf("token for %s: %v", email, err)
	}
	return &Client{BaseURL: ts.HTTP.URL, HTTP: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}, Token: secret}
}

// occurred is a time of the last few days, as RFC 3339.
func Occurred(hoursAgo int) string {
	return clocktest.Now().Add(-time.Duration(hoursAgo) * time.Hour).UTC().Format(time.RFC3339)
}

func SetMembership(ts *TestServer, email, orgName string) error {
	_, err := ts.DB.ExecContext(context.Background(), `INSERT INTO memberships (user_id, organization_id, role, created_at) VALUES (?, ?, 'reporter', ?)`,
		ts.UserID[email], ts.OrgIDs[orgName], clocktest.Now().UTC())
	return err
}

// access is one row of the permission matrix: who may use a route, and
// what an allowed request of the matrix (an empty form or body, an
// existing id) gets.
type Access struct {
	Allowed []Who
	// status of an allowed request; signedIn, when set, replaces it for a
	// signed-in user (e.g. GET /login redirects them).
	Status, SignedIn int
}

var (
	AllIdentities = []Who{AsAnon, AsAdmin, AsCoordinator, AsMember, AsReporter}
	SignedInOnly  = []Who{AsAdmin, AsCoordinator, AsMember, AsReporter}
	AnyMember     = []Who{AsAdmin, AsCoordinator, AsMember, AsReporter} // every demo identity has a membership
	AdminOnly     = []Who{AsAdmin}

	AgreementReaders   = []Who{AsAdmin, AsCoordinator, AsMember} // agreements and promises
	AgreementWriters   = []Who{AsAdmin, AsCoordinator}
	CommitmentUpdaters = []Who{AsAdmin, AsCoordinator, AsMember}

	ReportUsers          = []Who{AsAdmin, AsCoordinator, AsMember, AsReporter} // report:create, report:read
	SituationReaders     = []Who{AsAdmin, AsCoordinator, AsMember}
	MunicipalityManagers = []Who{AsAdmin, AsCoordinator}
)

// anyAnswer as the status of an allowed request accepts whatever the
// handler answers but 401, 403 and 5xx.
const AnyAnswer = -1

// fieldErrorRE finds the field errors of a page: <p class="field-error"
// id="f-…-error">, with the message as the page writes it (HTML).
var FieldErrorRE = regexp.MustCompile(`(?s)<p class="field-error" id="f-([a-z-]+)-error"><span class="visually-hidden">[^<]*</span> ([^<]*)</p>`)

// says returns the message as the page writes it, HTML-escaped.
func Says(loc *i18n.Localizer, key string, args ...any) string {
	return template.HTMLEscapeString(loc.T(key, args...))
}

// The demo's Malung-Sälen (2023): its coordinator writes the briefs, and
// everyone in its six organisations with a user gets them: the
// coordinator, the alcohol officer, the police, the destination, the
// guard and the restaurant.
const (
	Salen           = "2023"
	SalenRecipients = 6
)

// catalogue returns the message catalogue, to say what an error must read.
func Catalogue(t *testing.T) (sv, en *i18n.Localizer) {
	t.Helper()
	b := Product(t).Bundle()
	return b.For(i18n.Swedish), b.For(i18n.English)
}

// msg is an expected message: a key and its arguments.
type Msg struct {
	Key  string
	Args []any
}

func M(key string, args ...any) Msg { return Msg{key, args} }

// The demo parties in Malung-Sälen, where the demo coordinator works.
const (
	DemoPolice      = "Polisen, lokalpolisområde Mora"
	DemoMalung      = "Malung-Sälens kommun"
	DemoDestination = "Destination Sälenfjällen"
	DemoGuards      = "Fjällvakterna Ordningsvakter AB (demo)"
)

func (ts *TestServer) OrgID(name string) string { return strconv.FormatInt(ts.OrgIDs[name], 10) }

func (ts *TestServer) Org(name string) string { return strconv.FormatInt(ts.OrgIDs[name], 10) }

const (
	PoliceName      = "Polisen, lokalpolisområde Mora"
	MalungName      = "Malung-Sälens kommun"
	GuardsName      = "Fjällvakterna Ordningsvakter AB (demo)"
	DestinationName = "Destination Sälenfjällen"
	MoraName        = "Mora kommun"
)

// hasFieldError reports whether the page shows an error at the field.
func HasFieldError(body, field string) bool {
	return strings.Contains(body, `id="`+web.FieldID(field)+`-error"`)
}

func LoadBundle(tb testing.TB) *i18n.Bundle {
	tb.Helper()
	return Product(tb).Bundle()
}

// product is the whole product on an empty database, made once per test
// process for the tests that need what the areas add up to (the messages of
// every area, the route table) but no data.
var product struct {
	once sync.Once
	srv  *web.Server
	err  error
}

// Product returns the whole product, every area mounted, on an empty
// database; do not send it requests that change anything.
func Product(tb testing.TB) *web.Server {
	tb.Helper()
	product.once.Do(func() {
		dir, err := os.MkdirTemp("", "samverkan-product-")
		if err != nil {
			product.err = err
			return
		}
		d, err := db.Open(context.Background(), db.Options{DataDir: dir, Clock: clocktest.Clock()})
		if err != nil {
			product.err = err
			return
		}
		if product.err = d.Migrate(context.Background()); product.err != nil {
			return
		}
		product.srv, product.err = app.New(web.Options{DB: d})
	})
	if product.err != nil {
		tb.Fatalf("the product: %v", product.err)
	}
	return product.srv
}
