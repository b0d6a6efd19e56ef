package activity

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/auth"
)

func principals() map[string]*auth.Principal {
	member := func(orgID int64, role auth.Role, codes ...string) auth.Membership {
		return auth.Membership{OrganizationID: orgID, Role: role, MunicipalityCodes: codes}
	}
	return map[string]*auth.Principal{
		"anonymous":      nil,
		"admin":          {User: auth.User{ID: 1, IsAdmin: true}},
		"disabled admin": {User: auth.User{ID: 2, IsAdmin: true, Disabled: true}},
		"police":         {User: auth.User{ID: 3}, Memberships: []auth.Membership{member(10, auth.RoleMember, "2023", "2062")}},
		"municipality":   {User: auth.User{ID: 4}, Memberships: []auth.Membership{member(11, auth.RoleCoordinator, "2023")}},
		"guard":          {User: auth.User{ID: 5}, Memberships: []auth.Membership{member(12, auth.RoleReporter, "2023")}},
		"mora":           {User: auth.User{ID: 6}, Memberships: []auth.Membership{member(13, auth.RoleMember, "2062")}},
		"disabled":       {User: auth.User{ID: 7, Disabled: true}, Memberships: []auth.Membership{member(10, auth.RoleMember, "2023")}},
	}
}

func TestActivityAccess(t *testing.T) {
	// A traffic control of the police (10) in Sälen (2023).
	a := Activity{OrganizationID: 10, MunicipalityCode: "2023"}
	type want struct{ read, write bool }
	tests := map[string]want{
		"anonymous":      {},
		"admin":          {true, true},
		"disabled admin": {},
		"police":         {true, true},
		"municipality":   {true, false}, // a party of the municipality reads, and does not change another's
		"guard":          {},            // reporters read their own organisation's only
		"mora":           {},
		"disabled":       {},
	}
	for name, p := range principals() {
		if got := (want{CanRead(p, a), CanWrite(p, a.OrganizationID)}); got != tests[name] {
			t.Errorf("%s: read, write = %v, want %v", name, got, tests[name])
		}
	}
	if !CanRead(principals()["guard"], Activity{OrganizationID: 12, MunicipalityCode: "2023"}) {
		t.Error("a reporter does not read its own organisation's activity")
	}
}

func TestMeetingAccess(t *testing.T) {
	// The police's (10) meeting with the guards (12) in Sälen.
	m := Meeting{OrganizationID: 10, MunicipalityCode: "2023", Organizations: []Party{{ID: 10}, {ID: 12}}}
	guardsAction, policeAction := Action{OrganizationID: 12}, Action{OrganizationID: 10}
	type want struct{ read, markGuards, markPolice bool }
	tests := map[string]want{
		"anonymous":      {},
		"admin":          {true, true, true},
		"disabled admin": {},
		"police":         {true, true, true}, // the organiser marks any item
		"municipality":   {true, false, false},
		"guard":          {true, false, false}, // reporters read the meetings they take part in
		"mora":           {},
		"disabled":       {},
	}
	for name, p := range principals() {
		got := want{CanReadMeeting(p, m), CanMarkAction(p, m, guardsAction), CanMarkAction(p, m, policeAction)}
		if got != tests[name] {
			t.Errorf("%s: read, mark the guards', mark the police's = %v, want %v", name, got, tests[name])
		}
	}
}

func TestScopeOf(t *testing.T) {
	ps := principals()
	tests := []struct {
		name string
		want Scope
	}{
		{"anonymous", Scope{}},
		{"admin", Scope{All: true}},
		{"police", Scope{Municipalities: []string{"2023", "2062"}, Organizations: []int64{10}}},
		{"guard", Scope{Organizations: []int64{12}}},
		{"disabled", Scope{}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, ScopeOf(ps[tt.name])); diff != "" {
			t.Errorf("ScopeOf(%s) (-want +got):\n%s", tt.name, diff)
		}
	}
	if all, ids := WritableOrganizations(ps["guard"]); all || len(ids) != 0 {
		t.Errorf("WritableOrganizations(guard) = %v, %v", all, ids)
	}
	if all, ids := WritableOrganizations(ps["police"]); all || !cmp.Equal(ids, []int64{10}) {
		t.Errorf("WritableOrganizations(police) = %v, %v", all, ids)
	}
	if diff := cmp.Diff([]int64{12}, OrganizationsOf(ps["guard"])); diff != "" {
		t.Errorf("OrganizationsOf(guard) (-want +got):\n%s", diff)
	}
}

func TestKinds(t *testing.T) {
	if diff := cmp.Diff([]string{"traffic_control", "patrol", "bar_check", "training", "information", "field_work", "meeting", "other"}, KindNames()); diff != "" {
		t.Errorf("KindNames() — the contract's kinds (-want +got):\n%s", diff)
	}
	want := []string{"vehicles_checked", "breath_tests", "drug_tests", "offences", "hours", "officers", "premises_checked", "remarks",
		"participants", "reach", "contacts"}
	if diff := cmp.Diff(want, CounterNames()); diff != "" {
		t.Errorf("CounterNames() (-want +got):\n%s", diff)
	}
	k, ok := KindOf(KindPatrol)
	if c, found := k.Counter("hours"); !ok || !found || c.Whole {
		t.Errorf("patrol hours = %+v, %v; want a counter with decimals", c, found)
	}
	if _, ok := KindOf("raid"); ok {
		t.Error("KindOf(raid) found a kind")
	}
}
