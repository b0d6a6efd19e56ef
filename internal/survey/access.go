package survey

import (
	"context"

	"github.com/samverkan/samverkan/internal/auth"
)

// Who reaches which survey. The route table has already checked that the
// user holds survey:manage or survey:results at all; these decide whether
// it reaches this municipality:
//
//   - A municipality's surveys are made, changed, published and closed by
//     its coordinators (and administrators): CanManage.
//   - Their results are read by the coordinators and by the members of
//     every party that works in the municipality; reporters read nothing.
//   - The raw answers (free text, exact pins) are the coordinators' only:
//     they may identify the person who answered.

// CanManage reports whether p makes and changes the municipality's surveys.
func CanManage(p *auth.Principal, municipalityCode string) bool {
	return p.CoordinatesMunicipality(municipalityCode)
}

// CanReadResults reports whether p reads the counted results.
func CanReadResults(p *auth.Principal, municipalityCode string) bool {
	return p.CoordinatesMunicipality(municipalityCode) ||
		p.HasRoleInMunicipality(municipalityCode, auth.RoleCoordinator, auth.RoleMember)
}

// CanReadRaw reports whether p reads the free texts and exact pins.
func CanReadRaw(p *auth.Principal, municipalityCode string) bool {
	return p.CoordinatesMunicipality(municipalityCode)
}

// Readable returns the municipalities whose surveys' results p reads; all
// is set for administrators.
func Readable(p *auth.Principal) (all bool, codes []string) {
	if p != nil && !p.User.Disabled && p.User.IsAdmin {
		return true, nil
	}
	return false, p.MunicipalitiesWithRole(auth.RoleCoordinator, auth.RoleMember)
}

// ResultsFor counts the survey's answers as p may read them: raw (free
// texts and exact pins) for the municipality's coordinators, aggregated
// for everyone else. The results page, the API and every export read
// them through here.
func (s *Store) ResultsFor(ctx context.Context, p *auth.Principal, v Survey) (Results, error) {
	return s.Results(ctx, v, CanReadRaw(p, v.MunicipalityCode))
}
