package report

import (
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
)

// Who reads which report. The route table decides whether a user may use
// reports at all; these rules decide which ones they reach:
//
//   - A report is shared with the parties of its municipality by default
//     (visibility "municipality"): the coordinators and members of every
//     organisation that works in the municipality read it.
//   - A report made with visibility "organization" is read by its own
//     organisation and by the coordinators of the municipality, who compile
//     the weekly picture.
//   - Reporters read the reports of their own organisation, and never
//     another organisation's raw reports. What comes back to them of the
//     others is the weekly picture and the published brief.
//   - Police events belong to no organisation and are public anyway: they
//     are shared with the parties of their municipality, and events about a
//     whole county with the parties of the county's municipalities.
//   - Administrators read everything.
//
// Whatever the visibility, every report counts in the weekly picture: the
// picture gives sums, never a report.

// Visibility values of a report.
const (
	VisibilityMunicipality = "municipality" // the default: the parties of the municipality
	VisibilityOrganization = "organization" // the organisation and the municipality's coordinators
)

// Visibilities lists the allowed values.
var Visibilities = []string{VisibilityMunicipality, VisibilityOrganization}

// Access is what a principal may read of reports.
type Access struct {
	All bool // administrators
	// Shared: municipalities where the principal is a coordinator or member,
	// and reads every report shared with the municipality's parties.
	Shared []string
	// Coordinated: municipalities where the principal is a coordinator and
	// also reads the reports kept to one organisation.
	Coordinated []string
	// Counties of the Shared municipalities, for police events about a
	// whole county.
	Counties []string
	// Organizations whose every report the principal reads: their own, in
	// any role.
	Organizations []int64
}

// AccessOf returns what p may read. A nil or disabled principal reads
// nothing.
func AccessOf(p *auth.Principal) Access {
	if p == nil || p.User.Disabled {
		return Access{}
	}
	if p.User.IsAdmin {
		return Access{All: true}
	}
	var a Access
	for _, m := range p.Memberships {
		a.Organizations = appendNew(a.Organizations, m.OrganizationID)
		if m.Role == auth.RoleReporter {
			continue
		}
		for _, code := range m.MunicipalityCodes {
			a.Shared = appendNew(a.Shared, code)
			if len(code) == 4 {
				a.Counties = appendNew(a.Counties, code[:2])
			}
			if m.Role == auth.RoleCoordinator {
				a.Coordinated = appendNew(a.Coordinated, code)
			}
		}
	}
	slices.Sort(a.Shared)
	slices.Sort(a.Coordinated)
	slices.Sort(a.Counties)
	slices.Sort(a.Organizations)
	return a
}

func appendNew[T comparable](s []T, v T) []T {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

// None reports whether the access reaches no report at all.
func (a Access) None() bool {
	return !a.All && len(a.Shared) == 0 && len(a.Organizations) == 0
}

// CanRead reports whether the access reaches report r.
func (a Access) CanRead(r Report) bool {
	switch {
	case a.All:
		return true
	case r.OrganizationID != 0 && slices.Contains(a.Organizations, r.OrganizationID):
		return true
	case r.MunicipalityCode == "":
		return r.OrganizationID == 0 && slices.Contains(a.Counties, r.CountyCode)
	case slices.Contains(a.Coordinated, r.MunicipalityCode):
		return true
	case slices.Contains(a.Shared, r.MunicipalityCode):
		return r.Visibility == VisibilityMunicipality || r.OrganizationID == 0
	}
	return false
}

// where returns the SQL condition on reports r that CanRead states, with
// its arguments. The test holds the two to the same answer.
func (a Access) where() (string, []any) {
	if a.All {
		return "1 = 1", nil
	}
	var parts []string
	var args []any
	if len(a.Organizations) > 0 {
		parts = append(parts, "r.organization_id IN ("+db.Placeholders(len(a.Organizations))+")")
		for _, id := range a.Organizations {
			args = append(args, id)
		}
	}
	if len(a.Coordinated) > 0 {
		parts = append(parts, "r.municipality_code IN ("+db.Placeholders(len(a.Coordinated))+")")
		args = appendStrings(args, a.Coordinated)
	}
	if len(a.Shared) > 0 {
		parts = append(parts, "(r.municipality_code IN ("+db.Placeholders(len(a.Shared))+
			") AND (r.visibility = 'municipality' OR r.organization_id IS NULL))")
		args = appendStrings(args, a.Shared)
	}
	if len(a.Counties) > 0 {
		parts = append(parts, "(r.municipality_code IS NULL AND r.organization_id IS NULL AND r.county_code IN ("+
			db.Placeholders(len(a.Counties))+"))")
		args = appendStrings(args, a.Counties)
	}
	if len(parts) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

func appendStrings(args []any, s []string) []any {
	for _, v := range s {
		args = append(args, v)
	}
	return args
}

// CanReportAs reports whether p may make reports in the name of
// organisation orgID in the municipality: any role in an organisation that
// works there. Administrators report only through an organisation too, so
// that every report has one.
func CanReportAs(p *auth.Principal, orgID int64, municipalityCode string) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	for _, m := range p.Memberships {
		if m.OrganizationID == orgID && slices.Contains(m.MunicipalityCodes, municipalityCode) {
			return true
		}
	}
	return false
}

// ReportingOrganization picks the organisation a report by p in the
// municipality is made in the name of: requested when p may report for it,
// else p's only organisation that works in the municipality. ok is false
// when there is none, or several and none was requested.
func ReportingOrganization(p *auth.Principal, municipalityCode string, requested int64) (orgID int64, ok bool) {
	if requested != 0 {
		return requested, CanReportAs(p, requested, municipalityCode)
	}
	if p == nil || p.User.Disabled {
		return 0, false
	}
	for _, m := range p.Memberships {
		if !slices.Contains(m.MunicipalityCodes, municipalityCode) {
			continue
		}
		if orgID != 0 && orgID != m.OrganizationID {
			return 0, false
		}
		orgID = m.OrganizationID
	}
	return orgID, orgID != 0
}

// CanViewSituation reports whether p may see the weekly picture of the
// municipality: administrators and the coordinators and members of its
// parties. Reporters get the picture back through the published brief.
func CanViewSituation(p *auth.Principal, municipalityCode string) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	return p.User.IsAdmin || p.HasRoleInMunicipality(municipalityCode, auth.RoleCoordinator, auth.RoleMember)
}

// CanManage reports whether p may change the municipality's checklist,
// places and areas: administrators and its coordinators.
func CanManage(p *auth.Principal, municipalityCode string) bool {
	return p.CoordinatesMunicipality(municipalityCode)
}
