package auth

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidRole(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"coordinator", true},
		{"member", true},
		{"reporter", true},
		{"", false},
		{"admin", false},
		{"Member", false},
		{" member", false},
	}
	for _, tt := range tests {
		if got := ValidRole(tt.in); got != tt.want {
			t.Errorf("ValidRole(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestCatalogue(t *testing.T) {
	got := Catalogue()
	want := map[Permission][]Role{
		PermOrgRead:          {RoleCoordinator, RoleMember, RoleReporter},
		PermAgreementRead:    {RoleCoordinator, RoleMember},
		PermAgreementWrite:   {RoleCoordinator},
		PermPromiseRead:      {RoleCoordinator, RoleMember},
		PermPromiseWrite:     {RoleCoordinator},
		PermCommitmentUpdate: {RoleCoordinator, RoleMember},

		PermReportCreate:       {RoleCoordinator, RoleMember, RoleReporter},
		PermReportRead:         {RoleCoordinator, RoleMember, RoleReporter},
		PermSituationRead:      {RoleCoordinator, RoleMember},
		PermMunicipalityManage: {RoleCoordinator},

		PermActivityRead:    {RoleCoordinator, RoleMember},
		PermActivityWrite:   {RoleCoordinator, RoleMember},
		PermPremisesRead:    {RoleCoordinator, RoleMember},
		PermPremisesWrite:   {RoleCoordinator, RoleMember},
		PermInspectionWrite: {RoleCoordinator, RoleMember},
		PermMeetingRead:     {RoleCoordinator, RoleMember, RoleReporter},
		PermMeetingWrite:    {RoleCoordinator, RoleMember},

		PermBriefRead:  {RoleCoordinator, RoleMember, RoleReporter},
		PermBriefWrite: {RoleCoordinator},

		PermWalkRead:  {RoleCoordinator, RoleMember},
		PermWalkWrite: {RoleCoordinator, RoleMember},

		PermSurveyManage:  {RoleCoordinator},
		PermSurveyResults: {RoleCoordinator, RoleMember},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Catalogue() mismatch (-want +got):\n%s", diff)
	}
	// The copy is the caller's: changing it leaves the catalogue alone.
	got[PermOrgRead][0] = "boss"
	got[PermAuditRead] = []Role{RoleReporter}
	if diff := cmp.Diff(want, Catalogue()); diff != "" {
		t.Errorf("Catalogue() after changing a copy mismatch (-want +got):\n%s", diff)
	}
}

// principals used by the permission tests: each role in its own
// organisation, with the municipalities Mora (2062) and Malung-Sälen (2023).
func testPrincipals() map[string]*Principal {
	member := func(orgID int64, role Role, codes ...string) Membership {
		return Membership{OrganizationID: orgID, OrganizationName: "org", OrganizationKind: "police", Role: role, MunicipalityCodes: codes}
	}
	return map[string]*Principal{
		"anonymous":      nil,
		"no memberships": {User: User{ID: 1}},
		"admin":          {User: User{ID: 2, IsAdmin: true}},
		"disabled admin": {User: User{ID: 3, IsAdmin: true, Disabled: true}},
		"coordinator":    {User: User{ID: 4}, Memberships: []Membership{member(10, RoleCoordinator, "2062")}},
		"member":         {User: User{ID: 5}, Memberships: []Membership{member(11, RoleMember, "2062", "2023")}},
		"reporter":       {User: User{ID: 6}, Memberships: []Membership{member(12, RoleReporter, "2023")}},
		"disabled coordinator": {User: User{ID: 7, Disabled: true},
			Memberships: []Membership{member(10, RoleCoordinator, "2062")}},
		"token reporter": {User: User{ID: 8}, ViaToken: true, Memberships: []Membership{member(12, RoleReporter, "2023")}},
		"two roles": {User: User{ID: 9}, Memberships: []Membership{
			member(10, RoleReporter, "2062"), member(13, RoleCoordinator, "2023")}},
	}
}

func TestPrincipalCan(t *testing.T) {
	perms := []Permission{PermPublic, PermSignedIn, PermOrgRead, PermOrgManage, PermUserManage, PermAuditRead,
		PermAgreementRead, PermAgreementWrite, PermPromiseRead, PermPromiseWrite, PermCommitmentUpdate, "unknown:perm"}
	// want lists the permissions each principal holds, in the order of perms.
	want := map[string][]Permission{
		"anonymous":      {PermPublic},
		"no memberships": {PermPublic, PermSignedIn},
		"admin":          perms,
		"disabled admin": {PermPublic},
		"coordinator": {PermPublic, PermSignedIn, PermOrgRead,
			PermAgreementRead, PermAgreementWrite, PermPromiseRead, PermPromiseWrite, PermCommitmentUpdate},
		"member":               {PermPublic, PermSignedIn, PermOrgRead, PermAgreementRead, PermPromiseRead, PermCommitmentUpdate},
		"reporter":             {PermPublic, PermSignedIn, PermOrgRead},
		"disabled coordinator": {PermPublic},
		"token reporter":       {PermPublic, PermSignedIn, PermOrgRead},
		"two roles": {PermPublic, PermSignedIn, PermOrgRead,
			PermAgreementRead, PermAgreementWrite, PermPromiseRead, PermPromiseWrite, PermCommitmentUpdate},
	}
	for name, p := range testPrincipals() {
		t.Run(name, func(t *testing.T) {
			got := []Permission{}
			for _, perm := range perms {
				if p.Can(perm) {
					got = append(got, perm)
				}
			}
			if diff := cmp.Diff(want[name], got); diff != "" {
				t.Errorf("permissions of %s (-want +got):\n%s", name, diff)
			}
		})
	}
}

func TestPrincipalRoleIn(t *testing.T) {
	ps := testPrincipals()
	tests := []struct {
		principal string
		orgID     int64
		want      Role
		wantOK    bool
	}{
		{"anonymous", 10, "", false},
		{"no memberships", 10, "", false},
		{"admin", 10, "", false}, // administrators hold no role by themselves
		{"disabled admin", 10, "", false},
		{"coordinator", 10, RoleCoordinator, true},
		{"coordinator", 11, "", false},
		{"member", 11, RoleMember, true},
		{"reporter", 12, RoleReporter, true},
		{"reporter", 0, "", false},
		{"disabled coordinator", 10, "", false},
		{"token reporter", 12, RoleReporter, true},
		{"two roles", 10, RoleReporter, true},
		{"two roles", 13, RoleCoordinator, true},
		{"two roles", 12, "", false},
	}
	for _, tt := range tests {
		got, ok := ps[tt.principal].RoleIn(tt.orgID)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("%s.RoleIn(%d) = %q, %v, want %q, %v", tt.principal, tt.orgID, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestPrincipalHasRoleInMunicipality(t *testing.T) {
	ps := testPrincipals()
	all := []Role{RoleCoordinator, RoleMember, RoleReporter}
	tests := []struct {
		principal string
		code      string
		roles     []Role
		want      bool
	}{
		{"anonymous", "2062", all, false},
		{"no memberships", "2062", all, false},
		{"admin", "2062", all, false}, // administrators are checked with Can
		{"disabled admin", "2062", all, false},
		{"coordinator", "2062", all, true},
		{"coordinator", "2062", []Role{RoleCoordinator}, true},
		{"coordinator", "2062", []Role{RoleMember, RoleReporter}, false},
		{"coordinator", "2023", all, false},
		{"coordinator", "2062", nil, false},
		{"member", "2062", []Role{RoleMember}, true},
		{"member", "2023", []Role{RoleMember}, true},
		{"member", "2023", []Role{RoleCoordinator}, false},
		{"member", "0180", all, false},
		{"reporter", "2023", []Role{RoleReporter}, true},
		{"reporter", "2062", []Role{RoleReporter}, false},
		{"disabled coordinator", "2062", []Role{RoleCoordinator}, false},
		{"token reporter", "2023", []Role{RoleReporter}, true},
		// The role must be held in an organisation that works in the
		// municipality, not just somewhere.
		{"two roles", "2062", []Role{RoleCoordinator}, false},
		{"two roles", "2062", []Role{RoleReporter}, true},
		{"two roles", "2023", []Role{RoleCoordinator}, true},
		{"two roles", "2023", []Role{RoleReporter}, false},
		{"two roles", "", all, false},
	}
	for _, tt := range tests {
		if got := ps[tt.principal].HasRoleInMunicipality(tt.code, tt.roles...); got != tt.want {
			t.Errorf("%s.HasRoleInMunicipality(%q, %v) = %v, want %v", tt.principal, tt.code, tt.roles, got, tt.want)
		}
	}
}

// TestActivityPermissions checks who holds the permissions of carrying the
// promise out: coordinators and members document and read; reporters only
// read the meetings they sit at.
func TestActivityPermissions(t *testing.T) {
	perms := []Permission{PermActivityRead, PermActivityWrite, PermPremisesRead, PermPremisesWrite, PermInspectionWrite,
		PermMeetingRead, PermMeetingWrite}
	all := perms
	want := map[string][]Permission{
		"anonymous":            {},
		"no memberships":       {},
		"admin":                all,
		"disabled admin":       {},
		"coordinator":          all,
		"member":               all,
		"reporter":             {PermMeetingRead},
		"disabled coordinator": {},
		"token reporter":       {PermMeetingRead},
		"two roles":            all,
	}
	for name, p := range testPrincipals() {
		got := []Permission{}
		for _, perm := range perms {
			if p.Can(perm) {
				got = append(got, perm)
			}
		}
		if diff := cmp.Diff(want[name], got); diff != "" {
			t.Errorf("permissions of %s (-want +got):\n%s", name, diff)
		}
	}
}

// TestWalkPermissions checks who holds the permissions of safety walks:
// coordinators and members record and read them; reporters nothing.
func TestWalkPermissions(t *testing.T) {
	perms := []Permission{PermWalkRead, PermWalkWrite}
	all := perms
	want := map[string][]Permission{
		"anonymous":            {},
		"no memberships":       {},
		"admin":                all,
		"disabled admin":       {},
		"coordinator":          all,
		"member":               all,
		"reporter":             {},
		"disabled coordinator": {},
		"token reporter":       {},
		"two roles":            all,
	}
	for name, p := range testPrincipals() {
		got := []Permission{}
		for _, perm := range perms {
			if p.Can(perm) {
				got = append(got, perm)
			}
		}
		if diff := cmp.Diff(want[name], got); diff != "" {
			t.Errorf("permissions of %s (-want +got):\n%s", name, diff)
		}
	}
}

func TestPrincipalCoordinatesMunicipality(t *testing.T) {
	ps := testPrincipals()
	for _, tt := range []struct {
		principal, code string
		want            bool
	}{
		{"anonymous", "2062", false},
		{"no memberships", "2062", false},
		{"admin", "2062", true},
		{"admin", "0180", true},
		{"disabled admin", "2062", false},
		{"coordinator", "2062", true},
		{"coordinator", "2023", false},
		{"member", "2062", false},
		{"reporter", "2023", false},
		{"disabled coordinator", "2062", false},
		{"two roles", "2023", true},
		{"two roles", "2062", false},
	} {
		if got := ps[tt.principal].CoordinatesMunicipality(tt.code); got != tt.want {
			t.Errorf("%s.CoordinatesMunicipality(%s) = %v, want %v", tt.principal, tt.code, got, tt.want)
		}
	}
}

// TestWithRole: the municipalities and organisations where a user has one
// of the roles, each once, municipalities sorted; none for a disabled user
// or a visitor.
func TestWithRole(t *testing.T) {
	p := &Principal{User: User{ID: 1}, Memberships: []Membership{
		{OrganizationID: 3, Role: RoleMember, MunicipalityCodes: []string{"2062", "2023"}},
		{OrganizationID: 4, Role: RoleReporter, MunicipalityCodes: []string{"2031"}},
		{OrganizationID: 5, Role: RoleCoordinator, MunicipalityCodes: []string{"2023"}},
	}}
	if got := p.MunicipalitiesWithRole(RoleCoordinator, RoleMember); !cmp.Equal(got, []string{"2023", "2062"}) {
		t.Errorf("MunicipalitiesWithRole(coordinator, member) = %v, want [2023 2062]", got)
	}
	if got := p.MunicipalitiesWithRole(RoleReporter); !cmp.Equal(got, []string{"2031"}) {
		t.Errorf("MunicipalitiesWithRole(reporter) = %v, want [2031]", got)
	}
	if got := p.OrganizationsWithRole(RoleCoordinator, RoleMember); !cmp.Equal(got, []int64{3, 5}) {
		t.Errorf("OrganizationsWithRole(coordinator, member) = %v, want [3 5]", got)
	}
	p.User.Disabled = true
	var anon *Principal
	if p.MunicipalitiesWithRole(RoleMember) != nil || anon.OrganizationsWithRole(RoleMember) != nil {
		t.Error("a disabled user or a visitor has roles somewhere")
	}
}
