package org

import (
	"context"
	"errors"
	"fmt"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Member is a user in an organisation, as listed on the organisation.
type Member struct {
	UserID int64     `json:"user_id,string"`
	Email  string    `json:"email"`
	Name   string    `json:"name"`
	Role   auth.Role `json:"role"`
}

type membershipRecord struct {
	UserID         int64     `json:"user_id,string"`
	OrganizationID int64     `json:"organization_id,string"`
	Role           auth.Role `json:"role"`
}

// SetMembership gives user a role in organisation orgID, adding the
// membership or changing its role.
func (s *Store) SetMembership(ctx context.Context, actor audit.Actor, userID, orgID int64, role string) error {
	var e validation.Errors
	if !auth.ValidRole(role) {
		e.OneOf("role", role, []string{string(auth.RoleCoordinator), string(auth.RoleMember), string(auth.RoleReporter)})
	}
	if orgID == 0 {
		e.Add("organization_id", "error.choose")
	}
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return SetMembershipInTx(ctx, tx, actor, userID, orgID, auth.Role(role))
	})
}

// SetMembershipInTx is SetMembership inside tx, without validation of the
// role (the caller passes a constant).
func SetMembershipInTx(ctx context.Context, tx *db.Tx, actor audit.Actor, userID, orgID int64, role auth.Role) error {
	var before auth.Role
	err := db.Normalize(tx.QueryRowContext(ctx, `SELECT role FROM memberships WHERE user_id = ? AND organization_id = ?`, userID, orgID).Scan(&before))
	switch {
	case errors.Is(err, db.ErrNotFound):
		// Say which side is missing before inserting: PostgreSQL aborts
		// the transaction on a foreign key error, leaving nothing to ask.
		var users, orgs int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM users WHERE id = ?), (SELECT COUNT(*) FROM organizations WHERE id = ?)`,
			userID, orgID).Scan(&users, &orgs); err != nil {
			return fmt.Errorf("check membership: %w", err)
		}
		var e validation.Errors
		if users == 0 {
			e.Add("user_id", "error.user_unknown")
		}
		if orgs == 0 {
			e.Add("organization_id", "error.organization_unknown")
		}
		if err := e.Err(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO memberships (user_id, organization_id, role, created_at) VALUES (?, ?, ?, ?)`,
			userID, orgID, role, tx.Now())
		if err != nil {
			return fmt.Errorf("add membership: %w", err)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "membership", EntityID: fmt.Sprintf("%d/%d", userID, orgID),
			After: membershipRecord{userID, orgID, role}})
	case err != nil:
		return fmt.Errorf("membership: %w", err)
	case before == role:
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE memberships SET role = ? WHERE user_id = ? AND organization_id = ?`, role, userID, orgID); err != nil {
		return fmt.Errorf("change membership: %w", err)
	}
	return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "membership", EntityID: fmt.Sprintf("%d/%d", userID, orgID),
		Before: membershipRecord{userID, orgID, before}, After: membershipRecord{userID, orgID, role}})
}

// RemoveMembership takes a user out of an organisation.
func (s *Store) RemoveMembership(ctx context.Context, actor audit.Actor, userID, orgID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var role auth.Role
		err := tx.QueryRowContext(ctx, `SELECT role FROM memberships WHERE user_id = ? AND organization_id = ?`, userID, orgID).Scan(&role)
		if err != nil {
			return fmt.Errorf("membership %d/%d: %w", userID, orgID, db.Normalize(err))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM memberships WHERE user_id = ? AND organization_id = ?`, userID, orgID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "delete", Entity: "membership", EntityID: fmt.Sprintf("%d/%d", userID, orgID),
			Before: membershipRecord{userID, orgID, role}})
	})
}

// MembershipsOf returns a user's memberships with what the permission
// checks need: the organisation's name, kind and municipalities.
func (s *Store) MembershipsOf(ctx context.Context, userID int64) ([]auth.Membership, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT o.id, o.name, o.kind, m.role FROM memberships m JOIN organizations o ON o.id = m.organization_id
		WHERE m.user_id = ? ORDER BY o.name_key`, userID)
	if err != nil {
		return nil, fmt.Errorf("memberships: %w", err)
	}
	var out []auth.Membership
	var ids []int64
	for rows.Next() {
		var m auth.Membership
		if err := rows.Scan(&m.OrganizationID, &m.OrganizationName, &m.OrganizationKind, &m.Role); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
		ids = append(ids, m.OrganizationID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	codes, err := municipalitiesOf(ctx, s.db, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].MunicipalityCodes = codes[out[i].OrganizationID]
	}
	return out, nil
}

// Members returns the members of an organisation ordered by name.
func (s *Store) Members(ctx context.Context, orgID int64) ([]Member, error) {
	rows, err := s.db.QueryContext(ctx, `
		SELECT u.id, u.email, u.name, m.role FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organization_id = ? ORDER BY u.name, u.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("members: %w", err)
	}
	defer rows.Close()
	var out []Member
	for rows.Next() {
		var m Member
		if err := rows.Scan(&m.UserID, &m.Email, &m.Name, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
