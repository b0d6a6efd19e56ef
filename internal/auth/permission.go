package auth

import "slices"

// Role is what a user is in one organisation.
type Role string

const (
	// RoleCoordinator runs the process for the municipalities the
	// organisation works in: agreements, promises, the weekly picture.
	RoleCoordinator Role = "coordinator"
	// RoleMember is staff of a party: commits, documents activities.
	RoleMember Role = "member"
	// RoleReporter reports observations and sees what is shared back.
	RoleReporter Role = "reporter"
)

// Roles lists every role, most powerful first.
var Roles = []Role{RoleCoordinator, RoleMember, RoleReporter}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool { return slices.Contains(Roles, Role(r)) }

// Permission is a resource:action string. The route table names one per
// route, so that it is also the authorisation table.
type Permission string

const (
	// PermPublic is anyone, signed in or not.
	PermPublic Permission = "public"
	// PermSignedIn is any signed-in user, whatever their memberships: their
	// own start page, password and API tokens.
	PermSignedIn Permission = "self"

	PermOrgRead    Permission = "organization:read"
	PermOrgManage  Permission = "organization:manage"
	PermUserManage Permission = "user:manage"
	PermAuditRead  Permission = "audit:read"

	// Agreements and citizen promises. Which municipality and which
	// party's records a holder reaches is decided in package promise.
	PermAgreementRead    Permission = "agreement:read"
	PermAgreementWrite   Permission = "agreement:write"
	PermPromiseRead      Permission = "promise:read"
	PermPromiseWrite     Permission = "promise:write"
	PermCommitmentUpdate Permission = "commitment:update"

	// Reports and the weekly situational picture. Which reports a holder
	// reads, which organisation they report for and which municipality's
	// picture they see is decided in package report (AccessOf,
	// CanReportAs, CanViewSituation, CanManage).
	PermReportCreate       Permission = "report:create"
	PermReportRead         Permission = "report:read"
	PermSituationRead      Permission = "situation:read"
	PermMunicipalityManage Permission = "municipality:manage"

	// Carrying the promise out: activities, the premises register with
	// its inspections, and meetings. Whose activities and meetings a
	// holder changes and which municipality's register it reaches is
	// decided in packages activity and premises (CanWrite, CanRead,
	// CanWriteInspection, CanReadMeeting).
	PermActivityRead    Permission = "activity:read"
	PermActivityWrite   Permission = "activity:write"
	PermPremisesRead    Permission = "premises:read"
	PermPremisesWrite   Permission = "premises:write"
	PermInspectionWrite Permission = "inspection:write"
	PermMeetingRead     Permission = "meeting:read"
	PermMeetingWrite    Permission = "meeting:write"

	// The weekly brief: every party and reporter reads the briefs of the
	// municipalities they work in; coordinators write and publish them
	// (package brief decides which municipality).
	PermBriefRead  Permission = "brief:read"
	PermBriefWrite Permission = "brief:write"

	// Safety walks (trygghetsvandringar): the coordinators and members of
	// a municipality's parties record walks, their points and the action
	// list, and read them; reporters nothing. Which municipality a holder
	// reaches is decided in package walk (CanRead, CanWrite).
	PermWalkRead  Permission = "walk:read"
	PermWalkWrite Permission = "walk:write"

	// Dialogue surveys: coordinators make, publish and close them and read
	// the raw answers; every party's staff reads the counted results
	// (package survey decides which municipality and what is raw).
	// Answering is public.
	PermSurveyManage  Permission = "survey:manage"
	PermSurveyResults Permission = "survey:results"
)

// catalogue says which roles hold each permission in at least one of their
// organisations. System administrators hold every permission; a permission
// missing here is held by administrators only. Whether a permission reaches
// a particular record (this municipality, that organisation) is decided by
// the package that owns the record.
var catalogue = map[Permission][]Role{
	PermOrgRead: {RoleCoordinator, RoleMember, RoleReporter},

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
	// Reporters sit at the meetings too: the security guards' chiefs.
	PermMeetingRead:  {RoleCoordinator, RoleMember, RoleReporter},
	PermMeetingWrite: {RoleCoordinator, RoleMember},

	PermBriefRead:  {RoleCoordinator, RoleMember, RoleReporter},
	PermBriefWrite: {RoleCoordinator},

	PermWalkRead:  {RoleCoordinator, RoleMember},
	PermWalkWrite: {RoleCoordinator, RoleMember},

	PermSurveyManage:  {RoleCoordinator},
	PermSurveyResults: {RoleCoordinator, RoleMember},
}

// Catalogue returns the permissions and the roles that hold them, for
// documentation and tests.
func Catalogue() map[Permission][]Role {
	out := make(map[Permission][]Role, len(catalogue))
	for p, r := range catalogue {
		out[p] = slices.Clone(r)
	}
	return out
}

// Membership is a user's role in one organisation.
type Membership struct {
	OrganizationID    int64
	OrganizationName  string
	OrganizationKind  string
	Role              Role
	MunicipalityCodes []string
}

// Principal is who is making a request: nil for an anonymous visitor.
type Principal struct {
	User        User
	Memberships []Membership
	// ViaToken is set when the request came with an API token.
	ViaToken bool
}

// Can reports whether p holds perm at all. A nil principal holds only
// PermPublic.
func (p *Principal) Can(perm Permission) bool {
	if perm == PermPublic {
		return true
	}
	if p == nil || p.User.Disabled {
		return false
	}
	if perm == PermSignedIn || p.User.IsAdmin {
		return true
	}
	for _, m := range p.Memberships {
		if slices.Contains(catalogue[perm], m.Role) {
			return true
		}
	}
	return false
}

// RoleIn returns the user's role in organisation orgID, if any.
func (p *Principal) RoleIn(orgID int64) (Role, bool) {
	if p == nil || p.User.Disabled {
		return "", false
	}
	for _, m := range p.Memberships {
		if m.OrganizationID == orgID {
			return m.Role, true
		}
	}
	return "", false
}

// HasRoleInMunicipality reports whether the user has one of roles in an
// organisation that works in the municipality with code.
func (p *Principal) HasRoleInMunicipality(code string, roles ...Role) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	for _, m := range p.Memberships {
		if slices.Contains(roles, m.Role) && slices.Contains(m.MunicipalityCodes, code) {
			return true
		}
	}
	return false
}

// MunicipalitiesWithRole returns, sorted and once each, the municipalities
// where the user has one of roles in an organisation that works there;
// OrganizationsWithRole the organisations where the user has one of them.
// An area's reach ("coordinators and members of the parties") is asked
// here rather than by walking the memberships in every area.
func (p *Principal) MunicipalitiesWithRole(roles ...Role) []string {
	if p == nil || p.User.Disabled {
		return nil
	}
	var codes []string
	for _, m := range p.Memberships {
		if slices.Contains(roles, m.Role) {
			codes = append(codes, m.MunicipalityCodes...)
		}
	}
	slices.Sort(codes)
	return slices.Compact(codes)
}

// OrganizationsWithRole: see MunicipalitiesWithRole.
func (p *Principal) OrganizationsWithRole(roles ...Role) []int64 {
	if p == nil || p.User.Disabled {
		return nil
	}
	var ids []int64
	for _, m := range p.Memberships {
		if slices.Contains(roles, m.Role) && !slices.Contains(ids, m.OrganizationID) {
			ids = append(ids, m.OrganizationID)
		}
	}
	return ids
}

// CoordinatesMunicipality reports whether the user answers for the
// municipality's shared work: an administrator, or a coordinator of an
// organisation that works there. It is the one rule behind "who may
// manage" in every area (promises, report settings, briefs, statistics),
// asked here so that the areas cannot drift apart.
func (p *Principal) CoordinatesMunicipality(code string) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	return p.User.IsAdmin || p.HasRoleInMunicipality(code, RoleCoordinator)
}
