// Package auth owns who people are and what they may do: users and their
// passwords, sessions, API tokens, roles and the permission catalogue, and
// the limit on failed sign-ins.
package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// User is a person who can sign in.
type User struct {
	ID        int64     `json:"id,string"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	IsAdmin   bool      `json:"is_admin"`
	Locale    string    `json:"locale"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// ErrBadCredentials is a wrong e-mail or password; which one is not told.
var ErrBadCredentials = errors.New("wrong e-mail or password")

// Users stores users.
type Users struct {
	db *db.DB
	// dummyHash is checked against when the e-mail is unknown, so that a
	// sign-in takes as long whether or not the account exists.
	dummyHash string
}

// NewUsers returns a Users on d.
func NewUsers(d *db.DB) *Users {
	h, err := HashPassword("no such user")
	if err != nil {
		panic(err) // only if the system has no randomness at all
	}
	return &Users{db: d, dummyHash: h}
}

// NewUser is what it takes to create a user.
type NewUser struct {
	Email    string
	Name     string
	Password string
	IsAdmin  bool
	Locale   string
}

// Validate checks and normalises the fields of u.
func (u *NewUser) Validate() error {
	var e validation.Errors
	u.Email = e.Email("email", u.Email)
	u.Name = e.Text("name", u.Name, true, MaxUserName)
	ValidatePassword(&e, "password", u.Password, PolicyContext{Email: u.Email, Name: u.Name})
	if u.Locale != "" && u.Locale != "sv" && u.Locale != "en" {
		e.Add("locale", "error.one_of", "sv, en")
	}
	return e.Err()
}

// MaxUserName is the longest name of a user.
const MaxUserName = 200

const userColumns = `id, email, name, is_admin, locale, disabled, created_at, updated_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.IsAdmin, &u.Locale, &u.Disabled, &u.CreatedAt, &u.UpdatedAt)
	return u, db.Normalize(err)
}

// Create adds a user. A taken e-mail address is a validation error on the
// field "email".
func (s *Users) Create(ctx context.Context, actor audit.Actor, in NewUser) (User, error) {
	if err := in.Validate(); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, err
	}
	var u User
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		u, err = CreateInTx(ctx, tx, actor, in, hash)
		return err
	})
	return u, err
}

// CreateInTx adds a user inside tx with an already hashed password, for
// callers that create more in the same transaction (the demo loader).
func CreateInTx(ctx context.Context, tx *db.Tx, actor audit.Actor, in NewUser, hash string) (User, error) {
	now := tx.Now()
	u, err := scanUser(tx.QueryRowContext(ctx, `
		INSERT INTO users (email, name, search_key, password_hash, is_admin, locale, disabled, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, FALSE, ?, ?) RETURNING `+userColumns,
		in.Email, in.Name, searchKey(in.Name+" "+in.Email), hash, in.IsAdmin, in.Locale, now, now))
	if errors.Is(err, db.ErrConflict) {
		var e validation.Errors
		e.Add("email", "error.email_taken")
		return User{}, e.Err()
	}
	if err != nil {
		return User{}, fmt.Errorf("insert user: %w", err)
	}
	return u, audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "user", EntityID: audit.ID(u.ID), After: u})
}

// ByID returns the user with id, or db.ErrNotFound.
func (s *Users) ByID(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return User{}, fmt.Errorf("user %d: %w", id, err)
	}
	return u, nil
}

// ByEmail returns the user with the e-mail address, or db.ErrNotFound.
func (s *Users) ByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(s.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`,
		strings.ToLower(strings.TrimSpace(email))))
	if err != nil {
		return User{}, fmt.Errorf("user by email: %w", err)
	}
	return u, nil
}

// Authenticate returns the user whose e-mail and password these are, or
// ErrBadCredentials. A disabled account cannot sign in.
func (s *Users) Authenticate(ctx context.Context, email, password string) (User, error) {
	var u User
	var hash string
	row := s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = ?`,
		strings.ToLower(strings.TrimSpace(email)))
	err := db.Normalize(row.Scan(&u.ID, &u.Email, &u.Name, &u.IsAdmin, &u.Locale, &u.Disabled, &u.CreatedAt, &u.UpdatedAt, &hash))
	if errors.Is(err, db.ErrNotFound) {
		_, _ = CheckPassword(password, s.dummyHash)
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, fmt.Errorf("authenticate: %w", err)
	}
	ok, err := CheckPassword(password, hash)
	if err != nil {
		return User{}, fmt.Errorf("authenticate user %d: %w", u.ID, err)
	}
	if !ok || u.Disabled {
		return User{}, ErrBadCredentials
	}
	return u, nil
}

// List returns users ordered by e-mail, a page at a time; query, when set,
// matches part of the e-mail or the name.
func (s *Users) List(ctx context.Context, query, cursor string, limit int) (db.Page[User], error) {
	cur, err := db.DecodeCursor(cursor)
	if err != nil {
		return db.Page[User]{}, err
	}
	limit = db.Limit(limit, 50, 200)
	q := `SELECT ` + userColumns + ` FROM users WHERE 1 = 1`
	var args []any
	if query = strings.TrimSpace(query); query != "" {
		q += ` AND search_key LIKE ? ESCAPE '\'`
		args = append(args, "%"+escapeLike(searchKey(query))+"%")
	}
	if cur.ID != 0 {
		q += ` AND (email > ? OR (email = ? AND id > ?))`
		args = append(args, cur.Key, cur.Key, cur.ID)
	}
	q += ` ORDER BY email, id LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return db.Page[User]{}, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var page db.Page[User]
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return db.Page[User]{}, err
		}
		page.Items = append(page.Items, u)
	}
	if err := rows.Err(); err != nil {
		return db.Page[User]{}, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = db.Cursor{Key: last.Email, ID: last.ID}.Encode()
	}
	return page, nil
}

// Update is a change to a user by an administrator.
type Update struct {
	Email    string
	Name     string
	IsAdmin  bool
	Disabled bool
}

// Update changes a user's e-mail, name, administrator flag and whether the
// account is disabled. A disabled user's sessions and tokens stop working at
// their next request, because every request loads the user afresh.
func (s *Users) Update(ctx context.Context, actor audit.Actor, id int64, in Update) (User, error) {
	var e validation.Errors
	in.Email = e.Email("email", in.Email)
	in.Name = e.Text("name", in.Name, true, MaxUserName)
	if id == actor.UserID && (!in.IsAdmin || in.Disabled) {
		// An administrator who demotes or disables themselves may leave the
		// installation without one.
		e.Add("is_admin", "error.self_demote")
	}
	if err := e.Err(); err != nil {
		return User{}, err
	}
	var after User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
		if err != nil {
			return fmt.Errorf("user %d: %w", id, err)
		}
		after, err = scanUser(tx.QueryRowContext(ctx, `
			UPDATE users SET email = ?, name = ?, search_key = ?, is_admin = ?, disabled = ?, updated_at = ?
			WHERE id = ? RETURNING `+userColumns,
			in.Email, in.Name, searchKey(in.Name+" "+in.Email), in.IsAdmin, in.Disabled, tx.Now(), id))
		if errors.Is(err, db.ErrConflict) {
			var e validation.Errors
			e.Add("email", "error.email_taken")
			return e.Err()
		}
		if err != nil {
			return fmt.Errorf("update user %d: %w", id, err)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "user", EntityID: audit.ID(id), Before: before, After: after})
	})
	return after, err
}

// ChangePassword sets a new password after checking the current one, and
// ends every session of the user, the one the change was made in too: see
// ChangePasswordKeepSession. It is a validation error on
// "current_password" when that is wrong, and the password policy
// (CheckPasswordPolicy) applies to "new_password".
func (s *Users) ChangePassword(ctx context.Context, actor audit.Actor, id int64, current, next, confirm string) error {
	return s.ChangePasswordKeepSession(ctx, actor, id, current, next, confirm, "")
}

// ChangePasswordKeepSession is ChangePassword for a user who changes their
// own password while signed in: it ends every other session of the user
// but keeps the one with keepToken, the session manager's current token.
// Whoever may have learnt the old password is signed out; the user is not.
func (s *Users) ChangePasswordKeepSession(ctx context.Context, actor audit.Actor, id int64, current, next, confirm, keepToken string) error {
	u, hash, err := s.withHash(ctx, id)
	if err != nil {
		return err
	}
	var e validation.Errors
	if current == "" {
		e.Add("current_password", "error.required")
	}
	ValidatePassword(&e, "new_password", next, policyContext(u))
	if next != confirm {
		e.Add("confirm_password", "error.password_mismatch")
	}
	if err := e.Err(); err != nil {
		return err
	}
	ok, err := CheckPassword(current, hash)
	if err != nil {
		return err
	}
	if !ok {
		e.Add("current_password", "error.password_wrong")
		return e.Err()
	}
	return s.storePassword(ctx, actor, id, next, keepToken)
}

// SetPassword sets a user's password without checking the old one, as an
// administrator does, and ends every session of the user. The password
// policy applies to the field "password".
func (s *Users) SetPassword(ctx context.Context, actor audit.Actor, id int64, password string) error {
	u, err := s.ByID(ctx, id)
	if err != nil {
		return err
	}
	if err := CheckPasswordPolicy(password, policyContext(u)); err != nil {
		return err
	}
	return s.storePassword(ctx, actor, id, password, "")
}

// storePassword hashes password and stores it for user id, ending the
// user's sessions but the one with keepToken, in one transaction.
func (s *Users) storePassword(ctx context.Context, actor audit.Actor, id int64, password, keepToken string) error {
	// Hashed before the transaction: it takes a while, and the writer of
	// SQLite is not held meanwhile.
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`,
			hash, tx.Now(), id)
		if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %d: %w", id, db.ErrNotFound)
		}
		// Sessions expire by the machine's clock, not the server's (see
		// SessionStore).
		if _, err := endUserSessions(ctx, tx, clock.System.Now(), id, keepToken); err != nil {
			return err
		}
		// The trail says that the password changed, never what it is.
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "change_password", Entity: "user", EntityID: audit.ID(id)})
	})
}

// withHash returns the user with id and their password hash, or
// db.ErrNotFound.
func (s *Users) withHash(ctx context.Context, id int64) (User, string, error) {
	var u User
	var hash string
	row := s.db.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE id = ?`, id)
	err := db.Normalize(row.Scan(&u.ID, &u.Email, &u.Name, &u.IsAdmin, &u.Locale, &u.Disabled, &u.CreatedAt, &u.UpdatedAt, &hash))
	if err != nil {
		return User{}, "", fmt.Errorf("user %d: %w", id, err)
	}
	return u, hash, nil
}

// policyContext is what the password policy needs to know of u.
func policyContext(u User) PolicyContext {
	return PolicyContext{Email: u.Email, Name: u.Name}
}

// SetLocale remembers a user's choice of language.
func (s *Users) SetLocale(ctx context.Context, actor audit.Actor, id int64, locale string) error {
	if locale != "sv" && locale != "en" {
		var e validation.Errors
		e.Add("lang", "error.one_of", "sv, en")
		return e.Err()
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var before string
		if err := tx.QueryRowContext(ctx, `SELECT locale FROM users WHERE id = ?`, id).Scan(&before); err != nil {
			return fmt.Errorf("user %d: %w", id, db.Normalize(err))
		}
		if before == locale {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET locale = ?, updated_at = ? WHERE id = ?`, locale, tx.Now(), id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "user", EntityID: audit.ID(id),
			Before: map[string]string{"locale": before}, After: map[string]string{"locale": locale}})
	})
}

// CountAdmins returns how many enabled administrators there are.
func (s *Users) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE is_admin AND NOT disabled`).Scan(&n)
	return n, err
}

// Count returns how many users there are.
func (s *Users) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

// searchKey is text folded for search: Unicode lower case, white space
// collapsed.
func searchKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// escapeLike makes % and _ in a search mean themselves in LIKE … ESCAPE '\'.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
}
