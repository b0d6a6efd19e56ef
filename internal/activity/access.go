package activity

import (
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
)

// Who reaches which activity and meeting. The route table has already
// checked the permission (activity:read, activity:write, meeting:read,
// meeting:write); these decide whether it reaches this record:
//
//   - The parties of a municipality share their work: the coordinators and
//     members of every organisation that works in a municipality read its
//     activities. Everyone reads their own organisation's.
//   - Each party documents and changes only its own: an activity or a
//     meeting is changed by the coordinators and members of the
//     organisation that owns it, and by administrators.
//   - A meeting is read by everyone in a party that took part (reporters
//     too: security guards sit at the collaboration meetings) and by the
//     coordinators and members of the municipality's parties.

// Scope is what a user may read: everything, or the records of some
// municipalities and of some organisations.
type Scope struct {
	All            bool
	Municipalities []string
	Organizations  []int64
}

// ScopeOf returns what p may read of activities.
func ScopeOf(p *auth.Principal) Scope {
	if p == nil || p.User.Disabled {
		return Scope{}
	}
	if p.User.IsAdmin {
		return Scope{All: true}
	}
	var s Scope
	for _, m := range p.Memberships {
		if !slices.Contains(s.Organizations, m.OrganizationID) {
			s.Organizations = append(s.Organizations, m.OrganizationID)
		}
		if m.Role == auth.RoleReporter {
			continue
		}
		for _, c := range m.MunicipalityCodes {
			if !slices.Contains(s.Municipalities, c) {
				s.Municipalities = append(s.Municipalities, c)
			}
		}
	}
	return s
}

// where returns the SQL condition of the scope on a record with the
// columns named.
func (s Scope) where(municipalityColumn, organizationColumn string) (string, []any) {
	if s.All {
		return "1 = 1", nil
	}
	var conds []string
	var args []any
	if len(s.Municipalities) > 0 {
		conds = append(conds, municipalityColumn+" IN ("+db.Placeholders(len(s.Municipalities))+")")
		for _, c := range s.Municipalities {
			args = append(args, c)
		}
	}
	if len(s.Organizations) > 0 {
		conds = append(conds, organizationColumn+" IN ("+db.Placeholders(len(s.Organizations))+")")
		for _, id := range s.Organizations {
			args = append(args, id)
		}
	}
	if len(conds) == 0 {
		return "1 = 0", nil
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}

// CanRead reports whether p may read the activity.
func CanRead(p *auth.Principal, a Activity) bool {
	s := ScopeOf(p)
	return s.All || slices.Contains(s.Municipalities, a.MunicipalityCode) || slices.Contains(s.Organizations, a.OrganizationID)
}

// CanWrite reports whether p may log and change activities and meetings
// of the organisation: its coordinators and members, and administrators.
func CanWrite(p *auth.Principal, organizationID int64) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	if p.User.IsAdmin {
		return true
	}
	role, ok := p.RoleIn(organizationID)
	return ok && role != auth.RoleReporter
}

// WritableOrganizations returns the organisations p may log activities
// for, for a form's choice; all is set for administrators.
func WritableOrganizations(p *auth.Principal) (all bool, ids []int64) {
	if p == nil || p.User.Disabled {
		return false, nil
	}
	if p.User.IsAdmin {
		return true, nil
	}
	for _, m := range p.Memberships {
		if m.Role != auth.RoleReporter {
			ids = append(ids, m.OrganizationID)
		}
	}
	return false, ids
}

// CanReadMeeting reports whether p may read the meeting.
func CanReadMeeting(p *auth.Principal, m Meeting) bool {
	if p == nil || p.User.Disabled {
		return false
	}
	if p.User.IsAdmin {
		return true
	}
	if slices.Contains(ScopeOf(p).Municipalities, m.MunicipalityCode) {
		return true
	}
	for _, ms := range p.Memberships {
		if ms.OrganizationID == m.OrganizationID || slices.ContainsFunc(m.Organizations, func(o Party) bool { return o.ID == ms.OrganizationID }) {
			return true
		}
	}
	return false
}

// CanMarkAction reports whether p may mark an action item done: the
// coordinators and members of the organisation that owns it or of the
// meeting's organiser.
func CanMarkAction(p *auth.Principal, m Meeting, a Action) bool {
	return CanWrite(p, a.OrganizationID) || CanWrite(p, m.OrganizationID)
}

// OrganizationsOf returns the organisations p belongs to, in any role: the
// ones whose open action items and meetings are theirs.
func OrganizationsOf(p *auth.Principal) []int64 {
	if p == nil || p.User.Disabled {
		return nil
	}
	ids := make([]int64, 0, len(p.Memberships))
	for _, m := range p.Memberships {
		ids = append(ids, m.OrganizationID)
	}
	return ids
}
