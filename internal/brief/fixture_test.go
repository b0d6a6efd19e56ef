package brief_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/polisen"
	"github.com/samverkan/samverkan/internal/report"
)

// The week of the fixture's reports: the sports holidays of 2026.
var week = report.Week{Year: 2026, Number: 8}

// fixture is a small world: Malung-Sälen (2023) with its municipality, a
// security-guard company and the police (who also work in Mora, 2062),
// and Mora with a company of its own; a user per role, and reports of the
// week.
type fixture struct {
	d       *db.DB
	s       *brief.Store
	reports *report.Store
	orgs    map[string]int64
	users   map[string]auth.User
	// principals by user key, as the web layer would load them.
	principals map[string]*auth.Principal
}

func (f *fixture) actor(user string) audit.Actor {
	u := f.users[user]
	return audit.Actor{UserID: u.ID, Label: u.Email}
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, s: brief.NewStore(d), reports: report.NewStore(d), orgs: map[string]int64{}, users: map[string]auth.User{},
		principals: map[string]*auth.Principal{}}
	// The shipped places and areas of Sälen and Mora.
	if err := f.reports.Seed(ctx, audit.System); err != nil {
		t.Fatal(err)
	}
	orgs := org.NewStore(d)
	for _, o := range []struct {
		name, kind string
		codes      []string
	}{
		{"Kommunen", "municipality", []string{"2023"}},
		{"Vakterna", "security_company", []string{"2023"}},
		{"Polisen", "police", []string{"2023", "2062"}},
		{"Noretbolaget", "company", []string{"2062"}},
	} {
		created, err := orgs.Create(ctx, audit.System, org.Input{Name: o.name, Kind: o.kind, MunicipalityCodes: o.codes})
		if err != nil {
			t.Fatal(err)
		}
		f.orgs[o.name] = created.ID
	}
	hash, err := auth.HashPassword("korrekt häst batteri")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []struct {
		key, name, locale, org string
		role                   auth.Role
		admin                  bool
	}{
		{"coord", "Sara Samordnare", "", "Kommunen", auth.RoleCoordinator, false},
		{"guard", "Viktor Vakt", "en", "Vakterna", auth.RoleReporter, false},
		{"police", "Per Polis", "sv", "Polisen", auth.RoleMember, false},
		{"mora", "Maja Mora", "", "Noretbolaget", auth.RoleReporter, false},
		{"gone", "Gustav Gått", "", "Vakterna", auth.RoleReporter, false},
		{"admin", "Ada Admin", "", "", "", true},
	} {
		err := d.InTx(ctx, func(tx *db.Tx) error {
			created, err := auth.CreateInTx(ctx, tx, audit.System, auth.NewUser{Email: u.key + "@example.se", Name: u.name,
				Locale: u.locale, IsAdmin: u.admin}, hash)
			if err != nil {
				return err
			}
			f.users[u.key] = created
			if u.org != "" {
				return org.SetMembershipInTx(ctx, tx, audit.System, created.ID, f.orgs[u.org], u.role)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.ExecContext(ctx, `UPDATE users SET disabled = TRUE WHERE id = ?`, f.users["gone"].ID); err != nil {
		t.Fatal(err)
	}
	ms := org.NewStore(d)
	for key, u := range f.users {
		memberships, err := ms.MembershipsOf(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		f.principals[key] = &auth.Principal{User: u, Memberships: memberships}
	}
	return f
}

// report makes a report of the fixture's week (day 0 Monday …) as user
// for org.
func (f *fixture) report(t *testing.T, user, orgName, code, category string, w report.Week, day int) report.Report {
	t.Helper()
	at := w.Start().Add(time.Duration(day)*24*time.Hour + 21*time.Hour)
	r, _, err := f.reports.Create(context.Background(), f.actor(user), f.orgs[orgName], report.Input{Category: category,
		OccurredAt: at.Format(time.RFC3339), MunicipalityCode: code, ExternalID: fmt.Sprintf("%s-%d-%s", user, at.Unix(), category)})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return r
}

// policeEvent stores a police event of the week in Malung-Sälen: counted
// in the picture, never linked to a brief.
func (f *fixture) policeEvent(t *testing.T) {
	t.Helper()
	ev := polisen.Event{ID: 990001, Datetime: "2026-02-18 23:40:00 +01:00", Name: "18 februari 22.10, Misshandel, Malung-Sälen",
		Summary: "Sälen.", URL: "/aktuellt/handelser/2026/februari/18/misshandel-malung-salen/", Type: "Misshandel",
		Location: polisen.Location{Name: "Malung-Sälen", GPS: "61.157,13.263"}}
	if _, err := f.reports.ImportPolisen(context.Background(), audit.System, []polisen.Event{ev}, nil); err != nil {
		t.Fatalf("police event: %v", err)
	}
}

// seedWeek makes the week's reports: three by the guard, one by the
// coordinator's municipality, one the week before, one in Mora, and a
// police event.
func (f *fixture) seedWeek(t *testing.T) {
	t.Helper()
	f.report(t, "guard", "Vakterna", "2023", "Ordningsstörning", week, 4)
	f.report(t, "guard", "Vakterna", "2023", "Berusade personer", week, 5)
	f.report(t, "guard", "Vakterna", "2023", "Ordningsstörning", week, 5)
	f.report(t, "coord", "Kommunen", "2023", "Nedskräpning", week, 1)
	f.report(t, "guard", "Vakterna", "2023", "Ordningsstörning", week.Add(-1), 5)
	f.report(t, "mora", "Noretbolaget", "2062", "Klotter", week, 4)
	f.policeEvent(t)
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func (f *fixture) create(t *testing.T, code string, w report.Week) brief.Brief {
	t.Helper()
	b, err := f.s.Create(context.Background(), f.actor("coord"), brief.Input{MunicipalityCode: code, Week: w.String(),
		Analysis: "Lugn vecka.\n\nMest ordningsstörning vid stängning.", Actions: "- Fler vakter vid stängning\n- Kontroll av belysning"})
	if err != nil {
		t.Fatalf("Create() error = %v", err)
	}
	return b
}

func newWorker(t *testing.T, d *db.DB, srv *mailtest.Server) *mail.Worker {
	t.Helper()
	s, err := mail.NewSMTP(srv.URL, "Samverkan <noreply@samverkan.example>")
	if err != nil {
		t.Fatal(err)
	}
	return mail.NewWorker(d, s, nil)
}
