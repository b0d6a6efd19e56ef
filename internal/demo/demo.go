// Package demo loads the demo dataset: the parties of the two real cases
// in the source documents (Sälen and Mora) and one user per role, so that
// a newcomer can explore the product. The documents of 2016–2018 are
// history, as the sources have them; Sälen's renewed promise is the
// current cycle, which follows the clock the demo is loaded with
// (cycle.go). Everything invented is labelled so.
package demo

import (
	"context"
	"fmt"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/statistics"
)

// Password is the password of every demo user.
const Password = "demo"

// Login is a demo sign-in, printed at start; a Login with only a Note is
// a line about the data loaded.
type Login struct {
	Email       string
	Description string
	Note        string
}

type demoOrg struct {
	name  string
	kind  string
	codes []string
}

// The parties. The police local area Mora (lokalpolisområde Mora) covers
// Mora, Orsa, Älvdalen and Malung-Sälen. The rescue service, the health
// centre and the ambulance are the parties of the destination's forum that
// the Sälen promise names. The security-guard company and the restaurants
// are invented: the source documents name none.
var orgs = []demoOrg{
	{"Polisen, lokalpolisområde Mora", "police", []string{"2062", "2034", "2039", "2023"}},
	{"Mora kommun", "municipality", []string{"2062"}},
	{"Malung-Sälens kommun", "municipality", []string{"2023"}},
	{"Destination Sälenfjällen", "company", []string{"2023"}},
	{rescue, "rescue_service", []string{"2023"}},
	{healthCentre, "healthcare", []string{"2023"}},
	{ambulance, "healthcare", []string{"2023"}},
	{"Fjällvakterna Ordningsvakter AB (demo)", "security_company", []string{"2023"}},
	{"Restaurang Kåtan, Lindvallen (demo)", "company", []string{"2023"}},
	{"Afterskibaren Tandådalen (demo)", "company", []string{"2023"}},
}

type demoUser struct {
	email, name string
	admin       bool
	org         string
	role        auth.Role
	description string
}

var users = []demoUser{
	{"admin@demo.example", "Ada Administratör (demo)", true, "", "", "administratör"},
	{"samordnare@demo.example", "Sara Samordnare (demo)", false, "Malung-Sälens kommun", auth.RoleCoordinator, "samordnare, Malung-Sälens kommun"},
	{"samordnare.mora@demo.example", "Mats Samordnare (demo)", false, "Mora kommun", auth.RoleCoordinator, "samordnare, Mora kommun"},
	{"polis@demo.example", "Per Polis (demo)", false, "Polisen, lokalpolisområde Mora", auth.RoleMember, "medarbetare, Polisen lokalpolisområde Mora"},
	{"alkohol@demo.example", "Alva Alkoholhandläggare (demo)", false, "Malung-Sälens kommun", auth.RoleMember, "medarbetare (alkoholhandläggare), Malung-Sälens kommun"},
	{"destination@demo.example", "Dina Destination (demo)", false, "Destination Sälenfjällen", auth.RoleMember, "medarbetare, Destination Sälenfjällen"},
	{"vakt@demo.example", "Viktor Vakt (demo)", false, "Fjällvakterna Ordningsvakter AB (demo)", auth.RoleReporter, "rapportör, ordningsvakt"},
	{"krog@demo.example", "Kim Krögare (demo)", false, "Restaurang Kåtan, Lindvallen (demo)", auth.RoleReporter, "rapportör, restaurang"},
}

// IsEmpty reports whether the database has no users and no organisations
// yet: the demo is loaded into an empty database only.
func IsEmpty(ctx context.Context, d *db.DB) (bool, error) {
	var n int
	if err := d.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM organizations)`).Scan(&n); err != nil {
		return false, err
	}
	return n == 0, nil
}

// Load adds the demo dataset and returns the sign-ins.
// The municipalities must be synchronised first.
func Load(ctx context.Context, d *db.DB) ([]Login, error) {
	// One hash for all: they share the password, which is public anyway,
	// and it saves a few hundred milliseconds of argon2 at start.
	hash, err := auth.HashPassword(Password)
	if err != nil {
		return nil, err
	}
	actor := audit.Actor{Label: "demo"}
	store := org.NewStore(d)
	ids := map[string]int64{}
	for _, o := range orgs {
		created, err := store.Create(ctx, actor, org.Input{Name: o.name, Kind: o.kind, MunicipalityCodes: o.codes})
		if err != nil {
			return nil, fmt.Errorf("demo organisation %s: %w", o.name, err)
		}
		ids[o.name] = created.ID
	}
	var logins []Login
	err = d.InTx(ctx, func(tx *db.Tx) error {
		for _, u := range users {
			created, err := auth.CreateInTx(ctx, tx, actor, auth.NewUser{Email: u.email, Name: u.name, IsAdmin: u.admin}, hash)
			if err != nil {
				return fmt.Errorf("demo user %s: %w", u.email, err)
			}
			if u.org != "" {
				if err := org.SetMembershipInTx(ctx, tx, actor, created.ID, ids[u.org], u.role); err != nil {
					return fmt.Errorf("demo membership %s: %w", u.email, err)
				}
			}
			logins = append(logins, Login{Email: u.email, Description: u.description})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := loadPromises(ctx, d, actor, ids); err != nil {
		return nil, err
	}
	// The clock the demo is loaded with decides the current cycle, once.
	now := d.Clock().Now()
	renewed, err := loadRenewedPromise(ctx, d, actor, ids, now)
	if err != nil {
		return nil, err
	}
	logins = append(logins, Login{Note: fmt.Sprintf("the renewed promise %q, %s to %s", renewed.Title, renewed.StartsOn, renewed.EndsOn)})
	salen, err := activity.FindSalenPromise(ctx, promise.NewStore(d))
	if err != nil {
		return nil, fmt.Errorf("demo activities: %w", err)
	}
	done, err := activity.LoadDemo(ctx, d, actor, activity.Demo{Orgs: ids, Salen: salen.Commitments, Renewed: renewed.Commitments, Now: now})
	if err != nil {
		return nil, fmt.Errorf("demo activities: %w", err)
	}
	logins = append(logins, Login{Note: done.String()})
	sum, err := loadReports(ctx, d, actor, ids, now)
	if err != nil {
		return nil, fmt.Errorf("demo reports: %w", err)
	}
	logins = append(logins, Login{Note: fmt.Sprintf("%d synthetic reports, police events of Dalarna: %s", sum.Synthetic, sum.Police)})
	weeks, err := loadChecklists(ctx, d, ids, d.Clock().Now())
	if err != nil {
		return nil, err
	}
	logins = append(logins, Login{Note: fmt.Sprintf("%d synthetic weekly checklists of Malung-Sälen", weeks)})
	if _, err := statistics.NewStore(d).Update(ctx, actor, "2023", statistics.Change{Public: new(true)}); err != nil {
		return nil, fmt.Errorf("demo statistics of Malung-Sälen: %w", err)
	}
	walkActions, err := loadWalks(ctx, d, actor, ids)
	if err != nil {
		return nil, err
	}
	logins = append(logins, Login{Note: fmt.Sprintf("a safety walk at Noret in Mora with %d actions", walkActions)})
	figures, err := loadCrimeStats(ctx, d, actor)
	if err != nil {
		return nil, err
	}
	logins = append(logins, Login{Note: fmt.Sprintf("%d synthetic figures of Brå's crime statistics for Mora, Malung-Sälen, Dalarna and the country", figures)})
	briefs, err := loadBriefs(ctx, d, now)
	if err != nil {
		return nil, fmt.Errorf("demo briefs: %w", err)
	}
	logins = append(logins, Login{Note: fmt.Sprintf("%d published weekly briefs of Malung-Sälen", briefs)})
	answers, err := loadSurveys(ctx, d, actor, now)
	if err != nil {
		return nil, fmt.Errorf("demo surveys: %w", err)
	}
	logins = append(logins, Login{Note: fmt.Sprintf("Mora's citizen and staff dialogues with %d synthetic answers", answers)})
	visitors, err := loadVisitorSurvey(ctx, d, actor, now)
	if err != nil {
		return nil, fmt.Errorf("demo visitor survey: %w", err)
	}
	logins = append(logins, Login{Note: fmt.Sprintf("Sälen's visitor survey of the high season with %d synthetic answers", visitors)})
	return logins, nil
}
