package brief

import (
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
)

// Who writes and reads which brief. The route table has checked the
// permission (brief:read, brief:write); these decide whether it reaches
// this municipality's brief:
//
//   - The coordinators of a municipality write its briefs, publish them
//     and follow their delivery; administrators may too.
//   - Everyone who works in the municipality (a coordinator, member or
//     reporter of an organisation that works there) reads its published
//     briefs: the brief is how the picture comes back to them.
//   - A draft is read only by those who may write it.

// CanWrite reports whether p may write, publish and follow the delivery
// of the briefs of the municipality.
func CanWrite(p *auth.Principal, municipalityCode string) bool {
	return p.CoordinatesMunicipality(municipalityCode)
}

// CanRead reports whether p may read b.
func CanRead(p *auth.Principal, b Brief) bool {
	if CanWrite(p, b.MunicipalityCode) {
		return true
	}
	return b.Published() && worksIn(p, b.MunicipalityCode)
}

func worksIn(p *auth.Principal, code string) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	return p.HasRoleInMunicipality(code, auth.RoleCoordinator, auth.RoleMember, auth.RoleReporter)
}

// Scope is what a principal reads of briefs: the published briefs of
// Published, the drafts too of Writable; everything for administrators.
type Scope struct {
	All       bool
	Published []string
	Writable  []string
}

// ScopeOf returns what p reads.
func ScopeOf(p *auth.Principal) Scope {
	if p == nil || p.User.Disabled {
		return Scope{}
	}
	if p.User.IsAdmin {
		return Scope{All: true}
	}
	var s Scope
	for _, m := range p.Memberships {
		for _, code := range m.MunicipalityCodes {
			if !slices.Contains(s.Published, code) {
				s.Published = append(s.Published, code)
			}
			if m.Role == auth.RoleCoordinator && !slices.Contains(s.Writable, code) {
				s.Writable = append(s.Writable, code)
			}
		}
	}
	slices.Sort(s.Published)
	slices.Sort(s.Writable)
	return s
}

// Municipalities are the municipalities whose briefs the scope reaches;
// all is set for administrators.
func (s Scope) Municipalities() (all bool, codes []string) {
	return s.All, s.Published
}

// where is the scope as an SQL condition on briefs b; the test holds it
// to CanRead.
func (s Scope) where() (string, []any) {
	if s.All {
		return "1 = 1", nil
	}
	var parts []string
	var args []any
	if len(s.Writable) > 0 {
		parts = append(parts, "b.municipality_code IN ("+db.Placeholders(len(s.Writable))+")")
		for _, c := range s.Writable {
			args = append(args, c)
		}
	}
	if len(s.Published) > 0 {
		parts = append(parts, "(b.status = 'published' AND b.municipality_code IN ("+db.Placeholders(len(s.Published))+"))")
		for _, c := range s.Published {
			args = append(args, c)
		}
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}
