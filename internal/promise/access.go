package promise

import (
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
)

// The rules of who reaches which record. The route table has already
// checked that the user holds the permission at all; these decide whether
// it reaches this municipality, this agreement, this commitment.

// CanManage reports whether p may create and change agreements and
// promises of the municipality: administrators, and coordinators of an
// organisation that works there.
func CanManage(p *auth.Principal, municipalityCode string) bool {
	return p.CoordinatesMunicipality(municipalityCode)
}

// isPartyMember reports whether p is a coordinator or member of one of the
// parties. Reporters are not: they report, and read what is public.
func isPartyMember(p *auth.Principal, parties []Party) bool {
	for _, pt := range parties {
		if role, ok := p.RoleIn(pt.OrganizationID); ok && role != auth.RoleReporter {
			return true
		}
	}
	return false
}

// CanReadAgreement reports whether p may read the agreement: those who
// manage its municipality and the members of its parties.
func CanReadAgreement(p *auth.Principal, a Agreement) bool {
	return CanManage(p, a.MunicipalityCode) || isPartyMember(p, a.Parties)
}

// CanRead reports whether p may read the promise. Published and ended
// promises are public; drafts only for those who manage the municipality
// and the members of the parties.
func CanRead(p *auth.Principal, pr Promise) bool {
	return pr.IsPublic() || CanManage(p, pr.MunicipalityCode) || isPartyMember(p, pr.Parties)
}

// CanUpdateStatus reports whether p may record the status of the
// commitment c: those who manage the municipality, and the coordinators
// and members of the party that made it, and nobody else.
func CanUpdateStatus(p *auth.Principal, pr Promise, c Commitment) bool {
	if CanManage(p, pr.MunicipalityCode) {
		return true
	}
	role, ok := p.RoleIn(c.OrganizationID)
	return ok && role != auth.RoleReporter
}

// Scope is what a user may list: everything, or the records of some
// municipalities and of some parties.
type Scope struct {
	All            bool
	Municipalities []string // where the user manages
	Organizations  []int64  // where the user is a coordinator or member
}

// ScopeOf returns what p may list beyond the public promises.
func ScopeOf(p *auth.Principal) Scope {
	if p == nil || p.User.Disabled {
		return Scope{}
	}
	if p.User.IsAdmin {
		return Scope{All: true}
	}
	var s Scope
	for _, m := range p.Memberships {
		if m.Role == auth.RoleReporter {
			continue
		}
		s.Organizations = append(s.Organizations, m.OrganizationID)
		if m.Role == auth.RoleCoordinator {
			for _, c := range m.MunicipalityCodes {
				if !slices.Contains(s.Municipalities, c) {
					s.Municipalities = append(s.Municipalities, c)
				}
			}
		}
	}
	return s
}

// where returns the SQL condition and arguments that limit a listing of
// the table aliased alias (with its parties table) to the scope.
func (s Scope) where(alias string, parties partyTable) (string, []any) {
	if s.All {
		return "1 = 1", nil
	}
	var conds []string
	var args []any
	if len(s.Municipalities) > 0 {
		conds = append(conds, alias+".municipality_code IN ("+db.Placeholders(len(s.Municipalities))+")")
		for _, c := range s.Municipalities {
			args = append(args, c)
		}
	}
	if len(s.Organizations) > 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM "+parties.table+" sp WHERE sp."+parties.key+" = "+alias+".id AND sp.organization_id IN ("+
			db.Placeholders(len(s.Organizations))+"))")
		for _, id := range s.Organizations {
			args = append(args, id)
		}
	}
	if len(conds) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}
