package report

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/polisen"
)

func member(orgID int64, role auth.Role, codes ...string) auth.Membership {
	return auth.Membership{OrganizationID: orgID, Role: role, MunicipalityCodes: codes}
}

func principal(ms ...auth.Membership) *auth.Principal {
	return &auth.Principal{User: auth.User{ID: 1}, Memberships: ms}
}

// accessFixture makes one report of each kind that visibility treats
// differently, and returns them by name.
func accessFixture(t *testing.T, f *fixture) map[string]Report {
	t.Helper()
	ctx := context.Background()
	mk := func(orgID int64, code, visibility string) Report {
		in := Input{Category: "Klotter", OccurredAt: "2026-02-20T20:00:00+01:00", MunicipalityCode: code, Visibility: visibility}
		r, _, err := f.s.Create(ctx, audit.System, orgID, in)
		if err != nil {
			t.Fatalf("Create(%d, %s, %s) error = %v", orgID, code, visibility, err)
		}
		return r
	}
	out := map[string]Report{
		"guards shared":   mk(f.guards, salen, ""),
		"guards own":      mk(f.guards, salen, VisibilityOrganization),
		"mora shared":     mk(f.mora, mora, VisibilityMunicipality),
		"mora own":        mk(f.mora, mora, VisibilityOrganization),
		"police in salen": mk(f.police, salen, ""),
	}
	events := []polisen.Event{
		{ID: 1001, Datetime: "2026-02-20 21:10:00 +01:00", Name: "20 februari 21.00, Skadegörelse, Mora", Type: "Skadegörelse"},
		{ID: 1002, Datetime: "2026-02-21 6:10:00 +01:00", Name: "21 februari 06.00, Sammanfattning natt, Dalarnas län", Type: "Sammanfattning natt"},
	}
	res, err := f.s.ImportPolisen(ctx, audit.System, events, nil)
	if err != nil || res.Imported != 1 || res.Summaries != 1 {
		t.Fatalf("ImportPolisen() = %+v, %v", res, err)
	}
	page, err := f.s.List(ctx, Access{All: true}, Filter{Source: SourcePolisen})
	if err != nil || len(page.Items) != 2 {
		t.Fatalf("List(polisen) = %+v, %v", page.Items, err)
	}
	for _, r := range page.Items {
		if r.MunicipalityCode == mora {
			out["polisen mora"] = r
		} else {
			out["polisen county"] = r
		}
	}
	return out
}

func TestAccess(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		reports := accessFixture(t, f)
		disabled := principal(member(f.police, auth.RoleCoordinator, mora, salen))
		disabled.User.Disabled = true
		admin := principal()
		admin.User.IsAdmin = true
		tests := []struct {
			name string
			p    *auth.Principal
			want []string
		}{
			{"administrator", admin, []string{"guards own", "guards shared", "mora own", "mora shared", "police in salen", "polisen county", "polisen mora"}},
			{"reporter of the guards", principal(member(f.guards, auth.RoleReporter, salen)), []string{"guards own", "guards shared"}},
			{"member of the police", principal(member(f.police, auth.RoleMember, mora, salen)),
				[]string{"guards shared", "mora shared", "police in salen", "polisen county", "polisen mora"}},
			{"coordinator in Mora", principal(member(f.mora, auth.RoleCoordinator, mora)),
				[]string{"mora own", "mora shared", "polisen county", "polisen mora"}},
			{"member in Orsa, same county", principal(member(f.orsa, auth.RoleMember, orsa)), []string{"polisen county"}},
			{"reporter in Mora and member of the guards", principal(member(f.mora, auth.RoleReporter, mora), member(f.guards, auth.RoleMember, salen)),
				// Mora's own reports as its reporter, Sälen's shared ones and
				// Dalarna's county-wide events as a member of the guards.
				[]string{"guards own", "guards shared", "mora own", "mora shared", "police in salen", "polisen county"}},
			{"disabled", disabled, nil},
			{"anonymous", nil, nil},
			{"no memberships", principal(), nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				a := AccessOf(tt.p)
				var byRule []string
				for name, r := range reports {
					if a.CanRead(r) {
						byRule = append(byRule, name)
					}
				}
				slices.Sort(byRule)
				if diff := cmp.Diff(tt.want, byRule); diff != "" {
					t.Errorf("CanRead (-want +got):\n%s", diff)
				}
				// The SQL of List says the same as CanRead.
				page, err := f.s.List(ctx, a, Filter{Limit: 100})
				if err != nil {
					t.Fatalf("List() error = %v", err)
				}
				var byList []string
				for _, r := range page.Items {
					for name, want := range reports {
						if want.ID == r.ID {
							byList = append(byList, name)
						}
					}
				}
				slices.Sort(byList)
				if diff := cmp.Diff(byRule, byList); diff != "" {
					t.Errorf("List disagrees with CanRead (-CanRead +List):\n%s", diff)
				}
				if a.None() != (len(tt.want) == 0 && len(a.Organizations) == 0) {
					t.Errorf("None() = %v with %d readable", a.None(), len(tt.want))
				}
			})
		}
	})
}

func TestReportingRules(t *testing.T) {
	p := principal(member(10, auth.RoleReporter, salen), member(20, auth.RoleMember, mora, salen), member(30, auth.RoleCoordinator, orsa))
	tests := []struct {
		code      string
		requested int64
		want      int64
		ok        bool
	}{
		{mora, 0, 20, true},   // the only organisation in Mora
		{salen, 0, 0, false},  // two in Sälen: say which
		{salen, 10, 10, true}, // a reporter reports
		{salen, 30, 30, false},
		{orsa, 0, 30, true},
		{unknown, 0, 0, false},
	}
	for _, tt := range tests {
		got, ok := ReportingOrganization(p, tt.code, tt.requested)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ReportingOrganization(%s, %d) = %d, %v; want %d, %v", tt.code, tt.requested, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := ReportingOrganization(nil, mora, 0); ok {
		t.Error("ReportingOrganization(nil) ok")
	}

	situation := []struct {
		p    *auth.Principal
		code string
		want bool
	}{
		{p, mora, true},  // member
		{p, salen, true}, // member through organisation 20
		{p, orsa, true},  // coordinator
		{principal(member(10, auth.RoleReporter, salen)), salen, false},
		{nil, mora, false},
	}
	for i, tt := range situation {
		if got := CanViewSituation(tt.p, tt.code); got != tt.want {
			t.Errorf("%d: CanViewSituation(%s) = %v, want %v", i, tt.code, got, tt.want)
		}
	}
	if !CanManage(p, orsa) || CanManage(p, mora) || CanManage(nil, mora) {
		t.Error("CanManage: only coordinators and administrators manage a municipality")
	}
}
