package org

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

type fixture struct {
	s                 *Store
	admin             audit.Actor
	anna, bo, cecilia auth.User
	police, malungs   Organization
}

// newFixture makes three users and two organisations: the police in Mora,
// and Malung-Sälen's municipality, which also works in Mora.
func newFixture(t *testing.T, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{s: setup(t, d), admin: audit.Actor{Label: "cli"}}
	us := auth.NewUsers(d)
	for _, u := range []struct {
		p    *auth.User
		name string
	}{{&f.anna, "Anna"}, {&f.cecilia, "Cecilia"}, {&f.bo, "Bo"}} {
		var err error
		*u.p, err = us.Create(ctx, audit.System, auth.NewUser{Email: fmt.Sprintf("%s@mora.se", u.name), Name: u.name, Password: "korrekt häst batteri"})
		if err != nil {
			t.Fatal(err)
		}
	}
	f.police = mustCreate(t, f.s, Input{Name: "Polisen i Mora", Kind: "police", MunicipalityCodes: []string{mora}})
	f.malungs = mustCreate(t, f.s, Input{Name: "Malung-Sälens kommun", Kind: "municipality", MunicipalityCodes: []string{malung, mora}})
	return f
}

// membershipAudit returns before and after of the membership entries of
// user in org, oldest first, as "action before after".
func membershipAudit(t *testing.T, d *db.DB, userID, orgID int64) []string {
	t.Helper()
	var out []string
	for _, it := range auditItems(t, d, audit.Filter{Entity: "membership", EntityID: fmt.Sprintf("%d/%d", userID, orgID)}) {
		out = append(out, fmt.Sprintf("%s %s %s", it.Action, it.Before, it.After))
	}
	return out
}

func record(userID, orgID int64, role auth.Role) string {
	b, _ := json.Marshal(membershipRecord{userID, orgID, role})
	return string(b)
}

func TestSetMembership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		anna, police := f.anna.ID, f.police.ID

		steps := []struct {
			name      string
			role      string
			wantRole  auth.Role
			wantAudit []string
		}{
			{"add", "member", auth.RoleMember, []string{
				"create  " + record(anna, police, auth.RoleMember)}},
			{"change role", "coordinator", auth.RoleCoordinator, []string{
				"create  " + record(anna, police, auth.RoleMember),
				"update " + record(anna, police, auth.RoleMember) + " " + record(anna, police, auth.RoleCoordinator)}},
			{"same role again", "coordinator", auth.RoleCoordinator, []string{
				"create  " + record(anna, police, auth.RoleMember),
				"update " + record(anna, police, auth.RoleMember) + " " + record(anna, police, auth.RoleCoordinator)}},
			{"down to reporter", "reporter", auth.RoleReporter, []string{
				"create  " + record(anna, police, auth.RoleMember),
				"update " + record(anna, police, auth.RoleMember) + " " + record(anna, police, auth.RoleCoordinator),
				"update " + record(anna, police, auth.RoleCoordinator) + " " + record(anna, police, auth.RoleReporter)}},
		}
		for _, st := range steps {
			t.Run(st.name, func(t *testing.T) {
				if err := f.s.SetMembership(ctx, f.admin, anna, police, st.role); err != nil {
					t.Fatalf("SetMembership(%q) error = %v", st.role, err)
				}
				ms, err := f.s.MembershipsOf(ctx, anna)
				if err != nil {
					t.Fatal(err)
				}
				want := []auth.Membership{{OrganizationID: police, OrganizationName: "Polisen i Mora", OrganizationKind: "police",
					Role: st.wantRole, MunicipalityCodes: []string{mora}}}
				if diff := cmp.Diff(want, ms); diff != "" {
					t.Errorf("MembershipsOf after SetMembership(%q) mismatch (-want +got):\n%s", st.role, diff)
				}
				if diff := cmp.Diff(st.wantAudit, membershipAudit(t, d, anna, police)); diff != "" {
					t.Errorf("membership audit after SetMembership(%q) mismatch (-want +got):\n%s", st.role, diff)
				}
				if n := countRows(t, d, "memberships"); n != 1 {
					t.Errorf("memberships = %d rows, want 1", n)
				}
			})
		}
	})
}

func TestSetMembershipInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		roles := "coordinator, member, reporter"

		tests := []struct {
			name   string
			userID int64
			orgID  int64
			role   string
			want   validation.Errors
		}{
			{"unknown organisation", f.anna.ID, f.police.ID + 1000, "member",
				validation.Errors{"organization_id": {Key: "error.organization_unknown"}}},
			{"unknown user", f.anna.ID + 1000, f.police.ID, "member",
				validation.Errors{"user_id": {Key: "error.user_unknown"}}},
			{"no organisation", f.anna.ID, 0, "member",
				validation.Errors{"organization_id": {Key: "error.choose"}}},
			{"unknown role", f.anna.ID, f.police.ID, "boss",
				validation.Errors{"role": {Key: "error.one_of", Args: []any{roles}}}},
			{"role in upper case", f.anna.ID, f.police.ID, "MEMBER",
				validation.Errors{"role": {Key: "error.one_of", Args: []any{roles}}}},
			{"administrator is no role", f.anna.ID, f.police.ID, "admin",
				validation.Errors{"role": {Key: "error.one_of", Args: []any{roles}}}},
			{"no role", f.anna.ID, f.police.ID, "",
				validation.Errors{"role": {Key: "error.choose"}}},
			{"no role and no organisation", f.anna.ID, 0, "",
				validation.Errors{"role": {Key: "error.choose"}, "organization_id": {Key: "error.choose"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				entries := countRows(t, d, "audit_log")
				err := f.s.SetMembership(ctx, f.admin, tt.userID, tt.orgID, tt.role)
				if diff := cmp.Diff(tt.want, validationErrors(t, err)); diff != "" {
					t.Errorf("SetMembership(%d, %d, %q) invalid fields mismatch (-want +got):\n%s", tt.userID, tt.orgID, tt.role, diff)
				}
				if n := countRows(t, d, "memberships"); n != 0 {
					t.Errorf("memberships after rejected SetMembership = %d, want 0", n)
				}
				if n := countRows(t, d, "audit_log"); n != entries {
					t.Errorf("audit entries after rejected SetMembership = %d, want %d", n, entries)
				}
			})
		}
	})
}

func TestRemoveMembership(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		for _, m := range []struct {
			user int64
			org  int64
			role string
		}{{f.anna.ID, f.police.ID, "member"}, {f.anna.ID, f.malungs.ID, "reporter"}, {f.bo.ID, f.police.ID, "coordinator"}} {
			if err := f.s.SetMembership(ctx, f.admin, m.user, m.org, m.role); err != nil {
				t.Fatal(err)
			}
		}

		removals := []struct {
			name    string
			user    int64
			org     int64
			wantErr error
		}{
			{"membership", f.anna.ID, f.police.ID, nil},
			{"again", f.anna.ID, f.police.ID, db.ErrNotFound},
			{"never a member", f.cecilia.ID, f.police.ID, db.ErrNotFound},
			{"unknown organisation", f.anna.ID, f.police.ID + 1000, db.ErrNotFound},
		}
		for _, tt := range removals {
			t.Run(tt.name, func(t *testing.T) {
				err := f.s.RemoveMembership(ctx, f.admin, tt.user, tt.org)
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Errorf("RemoveMembership(%d, %d) error = %v, want %v", tt.user, tt.org, err, tt.wantErr)
				}
			})
		}

		ms, err := f.s.MembershipsOf(ctx, f.anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []auth.Membership{{OrganizationID: f.malungs.ID, OrganizationName: "Malung-Sälens kommun", OrganizationKind: "municipality",
			Role: auth.RoleReporter, MunicipalityCodes: []string{malung, mora}}}
		if diff := cmp.Diff(want, ms); diff != "" {
			t.Errorf("MembershipsOf(anna) after removal mismatch (-want +got):\n%s", diff)
		}
		members, err := f.s.Members(ctx, f.police.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]Member{{UserID: f.bo.ID, Email: "bo@mora.se", Name: "Bo", Role: auth.RoleCoordinator}}, members); diff != "" {
			t.Errorf("Members(police) after removal mismatch (-want +got):\n%s", diff)
		}
		wantAudit := []string{
			"create  " + record(f.anna.ID, f.police.ID, auth.RoleMember),
			"delete " + record(f.anna.ID, f.police.ID, auth.RoleMember) + " ",
		}
		if diff := cmp.Diff(wantAudit, membershipAudit(t, d, f.anna.ID, f.police.ID)); diff != "" {
			t.Errorf("membership audit mismatch (-want +got):\n%s", diff)
		}
		// A removed membership can be given again.
		if err := f.s.SetMembership(ctx, f.admin, f.anna.ID, f.police.ID, "reporter"); err != nil {
			t.Errorf("SetMembership after removal error = %v", err)
		}
	})
}

func TestMembershipsOfAndMembers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		other := mustCreate(t, f.s, Input{Name: "Orsa räddningstjänst", Kind: "rescue_service", MunicipalityCodes: []string{orsa}})
		for _, m := range []struct {
			user int64
			org  int64
			role string
		}{
			{f.anna.ID, f.police.ID, "coordinator"},
			{f.anna.ID, f.malungs.ID, "reporter"},
			{f.anna.ID, other.ID, "member"},
			{f.cecilia.ID, f.police.ID, "reporter"},
			{f.bo.ID, f.police.ID, "member"},
		} {
			if err := f.s.SetMembership(ctx, f.admin, m.user, m.org, m.role); err != nil {
				t.Fatal(err)
			}
		}

		memberships := []struct {
			user int64
			want []auth.Membership
		}{
			// Ordered by organisation name.
			{f.anna.ID, []auth.Membership{
				{OrganizationID: f.malungs.ID, OrganizationName: "Malung-Sälens kommun", OrganizationKind: "municipality",
					Role: auth.RoleReporter, MunicipalityCodes: []string{malung, mora}},
				{OrganizationID: other.ID, OrganizationName: "Orsa räddningstjänst", OrganizationKind: "rescue_service",
					Role: auth.RoleMember, MunicipalityCodes: []string{orsa}},
				{OrganizationID: f.police.ID, OrganizationName: "Polisen i Mora", OrganizationKind: "police",
					Role: auth.RoleCoordinator, MunicipalityCodes: []string{mora}},
			}},
			{f.cecilia.ID, []auth.Membership{
				{OrganizationID: f.police.ID, OrganizationName: "Polisen i Mora", OrganizationKind: "police",
					Role: auth.RoleReporter, MunicipalityCodes: []string{mora}},
			}},
			{f.cecilia.ID + 1000, nil},
		}
		for _, tt := range memberships {
			got, err := f.s.MembershipsOf(ctx, tt.user)
			if err != nil {
				t.Fatalf("MembershipsOf(%d) error = %v", tt.user, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("MembershipsOf(%d) mismatch (-want +got):\n%s", tt.user, diff)
			}
		}

		members := []struct {
			org  int64
			want []Member
		}{
			// Ordered by user name.
			{f.police.ID, []Member{
				{UserID: f.anna.ID, Email: "anna@mora.se", Name: "Anna", Role: auth.RoleCoordinator},
				{UserID: f.bo.ID, Email: "bo@mora.se", Name: "Bo", Role: auth.RoleMember},
				{UserID: f.cecilia.ID, Email: "cecilia@mora.se", Name: "Cecilia", Role: auth.RoleReporter},
			}},
			{f.malungs.ID, []Member{{UserID: f.anna.ID, Email: "anna@mora.se", Name: "Anna", Role: auth.RoleReporter}}},
			{other.ID + 1000, nil},
		}
		for _, tt := range members {
			got, err := f.s.Members(ctx, tt.org)
			if err != nil {
				t.Fatalf("Members(%d) error = %v", tt.org, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Members(%d) mismatch (-want +got):\n%s", tt.org, diff)
			}
		}

		// The memberships are what the permission checks work on.
		ms, err := f.s.MembershipsOf(ctx, f.anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := &auth.Principal{User: f.anna, Memberships: ms}
		checks := []struct {
			code  string
			roles []auth.Role
			want  bool
		}{
			{mora, []auth.Role{auth.RoleCoordinator}, true},
			{malung, []auth.Role{auth.RoleCoordinator}, false},
			{malung, []auth.Role{auth.RoleReporter}, true},
			{orsa, []auth.Role{auth.RoleMember}, true},
			{orsa, []auth.Role{auth.RoleCoordinator, auth.RoleReporter}, false},
			{alvdal, []auth.Role{auth.RoleCoordinator, auth.RoleMember, auth.RoleReporter}, false},
		}
		for _, c := range checks {
			if got := p.HasRoleInMunicipality(c.code, c.roles...); got != c.want {
				t.Errorf("HasRoleInMunicipality(%s, %v) with anna's memberships = %v, want %v", c.code, c.roles, got, c.want)
			}
		}

		// A change of an organisation's municipalities shows in the
		// memberships.
		if _, err := f.s.Update(ctx, f.admin, f.police.ID, Input{Name: "Polisen i Mora", Kind: "police", MunicipalityCodes: []string{orsa, mora}}); err != nil {
			t.Fatal(err)
		}
		ms, err = f.s.MembershipsOf(ctx, f.cecilia.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) != 1 || !cmp.Equal(ms[0].MunicipalityCodes, []string{orsa, mora}) {
			t.Errorf("MembershipsOf(cecilia) after the police moved = %+v, want codes [%s %s]", ms, orsa, mora)
		}
	})
}
