package premises

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/auth"
)

func principals() map[string]*auth.Principal {
	member := func(orgID int64, kind string, role auth.Role, codes ...string) auth.Membership {
		return auth.Membership{OrganizationID: orgID, OrganizationKind: kind, Role: role, MunicipalityCodes: codes}
	}
	return map[string]*auth.Principal{
		"anonymous":             nil,
		"admin":                 {User: auth.User{ID: 1, IsAdmin: true}},
		"disabled admin":        {User: auth.User{ID: 2, IsAdmin: true, Disabled: true}},
		"alcohol officer":       {User: auth.User{ID: 3}, Memberships: []auth.Membership{member(10, "municipality", auth.RoleMember, "2023")}},
		"mora coordinator":      {User: auth.User{ID: 4}, Memberships: []auth.Membership{member(11, "municipality", auth.RoleCoordinator, "2062")}},
		"police":                {User: auth.User{ID: 5}, Memberships: []auth.Membership{member(12, "police", auth.RoleMember, "2023", "2062")}},
		"destination":           {User: auth.User{ID: 6}, Memberships: []auth.Membership{member(13, "company", auth.RoleCoordinator, "2023")}},
		"municipality reporter": {User: auth.User{ID: 7}, Memberships: []auth.Membership{member(10, "municipality", auth.RoleReporter, "2023")}},
		"security guard":        {User: auth.User{ID: 8}, Memberships: []auth.Membership{member(14, "security_company", auth.RoleReporter, "2023")}},
		"disabled officer":      {User: auth.User{ID: 9, Disabled: true}, Memberships: []auth.Membership{member(10, "municipality", auth.RoleMember, "2023")}},
	}
}

func TestAccess(t *testing.T) {
	type want struct{ read, write, inspectAlone, inspectWithPolice bool }
	tests := map[string]want{
		"anonymous":             {},
		"admin":                 {true, true, true, true},
		"disabled admin":        {},
		"alcohol officer":       {true, true, true, true},
		"mora coordinator":      {},
		"police":                {true, false, false, true}, // reads, and records the visits it took part in
		"destination":           {},                         // licence data is not shared with businesses
		"municipality reporter": {},
		"security guard":        {},
		"disabled officer":      {},
	}
	for name, p := range principals() {
		w := tests[name]
		got := want{CanRead(p, "2023"), CanWrite(p, "2023"), CanWriteInspection(p, "2023", []int64{10}),
			CanWriteInspection(p, "2023", []int64{10, 12})}
		if got != w {
			t.Errorf("%s: read, write, inspect alone, inspect with the police = %v, want %v", name, got, w)
		}
	}
}

func TestReadable(t *testing.T) {
	ps := principals()
	tests := []struct {
		name  string
		all   bool
		codes []string
	}{
		{"anonymous", false, nil},
		{"admin", true, nil},
		{"alcohol officer", false, []string{"2023"}},
		{"police", false, []string{"2023", "2062"}},
		{"destination", false, nil},
		{"municipality reporter", false, nil},
	}
	for _, tt := range tests {
		all, codes := Readable(ps[tt.name])
		if all != tt.all || !cmp.Equal(codes, tt.codes) {
			t.Errorf("Readable(%s) = %v, %v, want %v, %v", tt.name, all, codes, tt.all, tt.codes)
		}
	}
}
