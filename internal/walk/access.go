package walk

import (
	"context"
	"fmt"
	"slices"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
)

// Who reaches which walk. The route table has already checked walk:read or
// walk:write; these decide whether it reaches this municipality's walks:
// the coordinators and members of the organisations that work in the
// municipality, and administrators. Reporters read nothing of walks.

// Scope is the municipalities whose walks a user reaches, or all.
type Scope struct {
	All            bool
	Municipalities []string
}

// ScopeOf returns the walks p reaches.
func ScopeOf(p *auth.Principal) Scope {
	if p != nil && !p.User.Disabled && p.User.IsAdmin {
		return Scope{All: true}
	}
	return Scope{Municipalities: p.MunicipalitiesWithRole(auth.RoleCoordinator, auth.RoleMember)}
}

// Reaches reports whether the scope holds the municipality.
func (s Scope) Reaches(code string) bool {
	return s.All || slices.Contains(s.Municipalities, code)
}

// CanRead reports whether p may read the walks of the municipality.
func CanRead(p *auth.Principal, municipalityCode string) bool {
	return ScopeOf(p).Reaches(municipalityCode)
}

// CanWrite reports whether p may record walks, points and actions in the
// municipality and change an action's status: the same people who read
// them, since a walk is the parties' common work.
func CanWrite(p *auth.Principal, municipalityCode string) bool {
	return CanRead(p, municipalityCode)
}

// OrganizationsOf returns the organisations whose open actions p sees on
// the start page: those p is a coordinator or member of.
func OrganizationsOf(p *auth.Principal) []int64 {
	return p.OrganizationsWithRole(auth.RoleCoordinator, auth.RoleMember)
}

// Parties returns the organisations that work in the municipality, by
// name: those that may take part in its walks and own their actions.
func (s *Store) Parties(ctx context.Context, code string) ([]Party, error) {
	out := []Party{}
	err := db.Each(ctx, s.db, `SELECT o.id, o.name FROM organizations o JOIN organization_municipalities om ON om.organization_id = o.id
		WHERE om.municipality_code = ? ORDER BY o.name, o.id`, []any{code}, func(sc db.Scanner) error {
		var p Party
		if err := sc.Scan(&p.ID, &p.Name); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("parties of %s: %w", code, err)
	}
	return out, nil
}
