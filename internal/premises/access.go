package premises

import (
	"slices"

	"github.com/samverkan/samverkan/internal/auth"
)

// Who reaches which register. The route table has already checked that
// the user holds premises:read, premises:write or inspection:write at all;
// these decide whether it reaches this municipality:
//
//   - Licence data is partly confidential, so a municipality's register and
//     its inspections are read by the coordinators and members of the
//     municipality itself and of the police working there (who plan the
//     supervision together), and by administrators.
//   - The register and the checklists are kept by the municipality, the
//     licensing authority: its coordinators and members.
//   - An inspection is recorded and changed by the municipality, or by a
//     party that took part in it (the police at a joint visit).

// authorities are the kinds of organisation that supervise premises.
var authorities = []string{"municipality", "police"}

func holds(p *auth.Principal, code string, kinds []string, orgIDs []int64) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	if p.User.IsAdmin {
		return true
	}
	for _, m := range p.Memberships {
		if m.Role == auth.RoleReporter {
			continue
		}
		if slices.Contains(orgIDs, m.OrganizationID) {
			return true
		}
		if slices.Contains(kinds, m.OrganizationKind) && slices.Contains(m.MunicipalityCodes, code) {
			return true
		}
	}
	return false
}

// CanRead reports whether p may read the municipality's register, its
// inspections, coverage and summaries.
func CanRead(p *auth.Principal, municipalityCode string) bool {
	return holds(p, municipalityCode, authorities, nil)
}

// CanWrite reports whether p may add and change the municipality's
// premises and checklists.
func CanWrite(p *auth.Principal, municipalityCode string) bool {
	return holds(p, municipalityCode, []string{"municipality"}, nil)
}

// CanWriteInspection reports whether p may record or change an inspection
// of a premises of the municipality in which the organisations took part.
// For a change, ask for the inspection as it was and as it will be.
func CanWriteInspection(p *auth.Principal, municipalityCode string, organizationIDs []int64) bool {
	return holds(p, municipalityCode, []string{"municipality"}, organizationIDs)
}

// Readable returns the municipalities whose registers p reads; all is set
// for administrators.
func Readable(p *auth.Principal) (all bool, codes []string) {
	if p == nil || p.User.Disabled {
		return false, nil
	}
	if p.User.IsAdmin {
		return true, nil
	}
	for _, m := range p.Memberships {
		if m.Role == auth.RoleReporter || !slices.Contains(authorities, m.OrganizationKind) {
			continue
		}
		for _, c := range m.MunicipalityCodes {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	slices.Sort(codes)
	return false, codes
}

// PartyIDs returns the organisations' ids, for CanWriteInspection.
func (in Inspection) PartyIDs() []int64 {
	ids := make([]int64, len(in.Organizations))
	for i, o := range in.Organizations {
		ids[i] = o.ID
	}
	return ids
}
