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

// CreateUser adds a user and, when orgID is not 0, makes them a member of
// that organisation with role, in one transaction. Every problem with the
// user or the membership is reported at once; nothing is stored then.
func (s *Store) CreateUser(ctx context.Context, actor audit.Actor, in auth.NewUser, orgID int64, role string) (auth.User, error) {
	var e validation.Errors
	if err := in.Validate(); err != nil {
		var ve *validation.Error
		if !errors.As(err, &ve) {
			return auth.User{}, err
		}
		e = ve.Fields
	}
	if orgID != 0 {
		if _, err := s.ByID(ctx, orgID); errors.Is(err, db.ErrNotFound) {
			e.Add("organization_id", "error.organization_unknown")
		} else if err != nil {
			return auth.User{}, err
		}
		if !auth.ValidRole(role) {
			e.OneOf("role", role, []string{string(auth.RoleCoordinator), string(auth.RoleMember), string(auth.RoleReporter)})
		}
	}
	if err := e.Err(); err != nil {
		return auth.User{}, err
	}
	hash, err := auth.HashPassword(in.Password)
	if err != nil {
		return auth.User{}, err
	}
	var u auth.User
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if u, err = auth.CreateInTx(ctx, tx, actor, in, hash); err != nil {
			return err
		}
		if orgID != 0 {
			return SetMembershipInTx(ctx, tx, actor, u.ID, orgID, auth.Role(role))
		}
		return nil
	})
	if err != nil {
		return auth.User{}, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}
