package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// fieldKeys returns the message key of every invalid field of err, or fails
// when err is not a *validation.Error.
func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v (%T), want a *validation.Error", err, err)
	}
	out := map[string]string{}
	for f, m := range ve.Fields {
		out[f] = m.Key
	}
	return out
}

func countRows(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// auditItems returns the audit entries that f selects, oldest first.
func auditItems(t *testing.T, d *db.DB, f audit.Filter) []audit.Item {
	t.Helper()
	f.Limit = 200
	page, err := audit.NewLog(d).List(context.Background(), f)
	if err != nil {
		t.Fatalf("audit List(%+v): %v", f, err)
	}
	items := page.Items
	for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
		items[i], items[j] = items[j], items[i]
	}
	return items
}

// auditSummary is the part of an audit entry that tests compare.
type auditSummary struct {
	ActorID int64
	Label   string
	Action  string
	Entity  string
	ID      string
}

func summarize(items []audit.Item) []auditSummary {
	out := make([]auditSummary, len(items))
	for i, it := range items {
		out[i] = auditSummary{it.ActorID, it.ActorLabel, it.Action, it.Entity, it.EntityID}
	}
	return out
}

func mustCreateUser(t *testing.T, us *Users, actor audit.Actor, in NewUser) User {
	t.Helper()
	u, err := us.Create(context.Background(), actor, in)
	if err != nil {
		t.Fatalf("Create(%+v) error = %v", in, err)
	}
	return u
}

func TestUsersCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		start := clocktest.Now().Add(-time.Second)

		u, err := us.Create(ctx, audit.System, NewUser{
			Email: "  Anna.Andersson@Mora.SE ", Name: " Anna Andersson ", Password: "korrekt häst batteri", IsAdmin: true, Locale: "sv",
		})
		if err != nil {
			t.Fatalf("Create() error = %v", err)
		}
		want := User{ID: u.ID, Email: "anna.andersson@mora.se", Name: "Anna Andersson", IsAdmin: true, Locale: "sv"}
		if diff := cmp.Diff(want, u, cmpopts.IgnoreFields(User{}, "CreatedAt", "UpdatedAt")); diff != "" {
			t.Errorf("Create() user mismatch (-want +got):\n%s", diff)
		}
		if u.ID == 0 || u.CreatedAt.Before(start) || !u.UpdatedAt.Equal(u.CreatedAt) {
			t.Errorf("Create() = id %d, created %v, updated %v; want an id and both times now", u.ID, u.CreatedAt, u.UpdatedAt)
		}
		for _, email := range []string{"anna.andersson@mora.se", "ANNA.ANDERSSON@MORA.SE", " Anna.Andersson@mora.se"} {
			got, err := us.ByEmail(ctx, email)
			if err != nil {
				t.Fatalf("ByEmail(%q) error = %v", email, err)
			}
			if diff := cmp.Diff(u, got); diff != "" {
				t.Errorf("ByEmail(%q) mismatch (-Create +ByEmail):\n%s", email, diff)
			}
		}
		got, err := us.ByID(ctx, u.ID)
		if err != nil {
			t.Fatalf("ByID(%d) error = %v", u.ID, err)
		}
		if diff := cmp.Diff(u, got); diff != "" {
			t.Errorf("ByID(%d) mismatch (-Create +ByID):\n%s", u.ID, diff)
		}
		if _, err := us.ByID(ctx, u.ID+1000); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ByID(unknown) error = %v, want %v", err, db.ErrNotFound)
		}
		if _, err := us.ByEmail(ctx, "nobody@mora.se"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ByEmail(unknown) error = %v, want %v", err, db.ErrNotFound)
		}

		// The password is stored as an argon2id hash, never as given.
		var hash string
		if err := d.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, u.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if ok, err := CheckPassword("korrekt häst batteri", hash); !ok || err != nil || !strings.HasPrefix(hash, "$argon2id$") {
			t.Errorf("stored hash %q: CheckPassword = %v, %v, want an argon2id hash of the password", hash, ok, err)
		}

		items := auditItems(t, d, audit.Filter{Entity: "user"})
		wantAudit := []auditSummary{{0, "system", "create", "user", audit.ID(u.ID)}}
		if diff := cmp.Diff(wantAudit, summarize(items)); diff != "" {
			t.Fatalf("audit entries mismatch (-want +got):\n%s", diff)
		}
		var after User
		if err := json.Unmarshal([]byte(items[0].After), &after); err != nil {
			t.Fatalf("audit after %q: %v", items[0].After, err)
		}
		if diff := cmp.Diff(u, after); diff != "" {
			t.Errorf("audit after mismatch (-Create +audit):\n%s", diff)
		}
		if items[0].Before != "" {
			t.Errorf("audit before of a create = %q, want empty", items[0].Before)
		}
		n, err := us.Count(ctx)
		if err != nil || n != 1 {
			t.Errorf("Count() = %d, %v, want 1, nil", n, err)
		}
		admins, err := us.CountAdmins(ctx)
		if err != nil || admins != 1 {
			t.Errorf("CountAdmins() = %d, %v, want 1, nil", admins, err)
		}
	})
}

func TestUsersCreateRejected(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		users, entries := countRows(t, d, "users"), countRows(t, d, "audit_log")

		tests := []struct {
			name string
			in   NewUser
			want map[string]string
		}{
			{"taken e-mail", NewUser{Email: "anna@mora.se", Name: "Anna 2", Password: "korrekt häst batteri"},
				map[string]string{"email": "error.email_taken"}},
			{"taken e-mail in other case", NewUser{Email: " ANNA@Mora.se", Name: "Anna 2", Password: "korrekt häst batteri"},
				map[string]string{"email": "error.email_taken"}},
			{"everything wrong", NewUser{Email: "anna", Name: " ", Password: "kort", Locale: "de"},
				map[string]string{"email": "error.email", "name": "error.required", "password": "error.password_short", "locale": "error.one_of"}},
			{"nothing given", NewUser{},
				map[string]string{"email": "error.required", "name": "error.required", "password": "error.password_short"}},
			{"name too long", NewUser{Email: "bo@mora.se", Name: strings.Repeat("å", 201), Password: "korrekt häst batteri"},
				map[string]string{"name": "error.too_long"}},
			{"password too long", NewUser{Email: "bo@mora.se", Name: "Bo", Password: strings.Repeat("x", 201)},
				map[string]string{"password": "error.too_long"}},
			{"display name as e-mail", NewUser{Email: "Bo <bo@mora.se>", Name: "Bo", Password: "korrekt häst batteri"},
				map[string]string{"email": "error.email"}},
			{"e-mail without domain dot", NewUser{Email: "bo@mora", Name: "Bo", Password: "korrekt häst batteri"},
				map[string]string{"email": "error.email"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				u, err := us.Create(ctx, audit.System, tt.in)
				if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
					t.Errorf("Create(%+v) invalid fields mismatch (-want +got):\n%s", tt.in, diff)
				}
				if u != (User{}) {
					t.Errorf("Create(%+v) = %+v on error, want the zero User", tt.in, u)
				}
				if got := countRows(t, d, "users"); got != users {
					t.Errorf("users after rejected Create = %d, want %d", got, users)
				}
				if got := countRows(t, d, "audit_log"); got != entries {
					t.Errorf("audit entries after rejected Create = %d, want %d", got, entries)
				}
			})
		}
	})
}

func TestUsersAuthenticate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		admin := mustCreateUser(t, us, audit.System, NewUser{Email: "admin@mora.se", Name: "Admin", Password: "chefens lösenord 1", IsAdmin: true})
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		bo := mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: "bo lösenord 123"})
		actor := audit.Actor{UserID: admin.ID, Label: admin.Email}
		bo, err := us.Update(ctx, actor, bo.ID, Update{Email: bo.Email, Name: bo.Name, Disabled: true})
		if err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name, email, password string
			want                  User
			wantErr               error
		}{
			{"right password", "anna@mora.se", "korrekt häst batteri", anna, nil},
			{"e-mail in other case and spaces", "  ANNA@mora.SE ", "korrekt häst batteri", anna, nil},
			{"wrong password", "anna@mora.se", "korrekt häst batteri!", User{}, ErrBadCredentials},
			{"other user's password", "anna@mora.se", "bo lösenord 123", User{}, ErrBadCredentials},
			{"empty password", "anna@mora.se", "", User{}, ErrBadCredentials},
			{"unknown e-mail", "nobody@mora.se", "korrekt häst batteri", User{}, ErrBadCredentials},
			{"empty e-mail", "", "", User{}, ErrBadCredentials},
			{"disabled user, right password", "bo@mora.se", "bo lösenord 123", User{}, ErrBadCredentials},
			{"disabled user, wrong password", "bo@mora.se", "fel", User{}, ErrBadCredentials},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := us.Authenticate(ctx, tt.email, tt.password)
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Errorf("Authenticate(%q, %q) error = %v, want %v", tt.email, tt.password, err, tt.wantErr)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("Authenticate(%q, %q) user mismatch (-want +got):\n%s", tt.email, tt.password, diff)
				}
			})
		}

		// A broken stored hash is an internal error, not a wrong password
		// and certainly not a success.
		if _, err := d.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, "not a hash", anna.ID); err != nil {
			t.Fatal(err)
		}
		got, err := us.Authenticate(ctx, "anna@mora.se", "korrekt häst batteri")
		if err == nil || errors.Is(err, ErrBadCredentials) || got != (User{}) {
			t.Errorf("Authenticate() with a broken hash = %+v, %v, want the zero User and an internal error", got, err)
		}
	})
}

func TestUsersList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		// Created out of order: List orders by e-mail.
		people := []struct{ email, name string }{
			{"e.eriksson@mora.se", "Erik Eriksson"},
			{"a.andersson@mora.se", "Anna Andersson"},
			{"g.gustafsson@orsa.se", "Greta Gustafsson"},
			{"c.carlsson@mora.se", "Carl Carlsson"},
			{"b.berg@orsa.se", "Bo Berg"},
			{"f.fransson@mora.se", "Frida Fransson"},
			{"d.dahl@orsa.se", "Dagny Dahl"},
		}
		for _, p := range people {
			mustCreateUser(t, us, audit.System, NewUser{Email: p.email, Name: p.name, Password: "korrekt häst batteri"})
		}
		emails := func(items []User) []string {
			out := []string{}
			for _, u := range items {
				out = append(out, u.Email)
			}
			return out
		}

		t.Run("three pages", func(t *testing.T) {
			var pages [][]string
			cursor := ""
			for range 10 {
				page, err := us.List(ctx, "", cursor, 3)
				if err != nil {
					t.Fatalf("List(%q, %q, 3) error = %v", "", cursor, err)
				}
				pages = append(pages, emails(page.Items))
				if page.Next == "" {
					break
				}
				cursor = page.Next
			}
			want := [][]string{
				{"a.andersson@mora.se", "b.berg@orsa.se", "c.carlsson@mora.se"},
				{"d.dahl@orsa.se", "e.eriksson@mora.se", "f.fransson@mora.se"},
				{"g.gustafsson@orsa.se"},
			}
			if diff := cmp.Diff(want, pages); diff != "" {
				t.Errorf("List pages mismatch (-want +got):\n%s", diff)
			}
		})

		tests := []struct {
			query string
			limit int
			want  []string
			next  bool
		}{
			{"", 0, []string{"a.andersson@mora.se", "b.berg@orsa.se", "c.carlsson@mora.se", "d.dahl@orsa.se", "e.eriksson@mora.se", "f.fransson@mora.se", "g.gustafsson@orsa.se"}, false},
			{"", 7, []string{"a.andersson@mora.se", "b.berg@orsa.se", "c.carlsson@mora.se", "d.dahl@orsa.se", "e.eriksson@mora.se", "f.fransson@mora.se", "g.gustafsson@orsa.se"}, false},
			{"", 6, []string{"a.andersson@mora.se", "b.berg@orsa.se", "c.carlsson@mora.se", "d.dahl@orsa.se", "e.eriksson@mora.se", "f.fransson@mora.se"}, true},
			{"orsa", 0, []string{"b.berg@orsa.se", "d.dahl@orsa.se", "g.gustafsson@orsa.se"}, false},
			{"ORSA", 0, []string{"b.berg@orsa.se", "d.dahl@orsa.se", "g.gustafsson@orsa.se"}, false},
			{"  orsa ", 2, []string{"b.berg@orsa.se", "d.dahl@orsa.se"}, true},
			{"frida", 0, []string{"f.fransson@mora.se"}, false},
			{"SSON", 0, []string{"a.andersson@mora.se", "c.carlsson@mora.se", "e.eriksson@mora.se", "f.fransson@mora.se", "g.gustafsson@orsa.se"}, false},
			{"berg", 0, []string{"b.berg@orsa.se"}, false},
			{"nobody", 0, []string{}, false},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("query %q limit %d", tt.query, tt.limit), func(t *testing.T) {
				page, err := us.List(ctx, tt.query, "", tt.limit)
				if err != nil {
					t.Fatalf("List(%q, \"\", %d) error = %v", tt.query, tt.limit, err)
				}
				if diff := cmp.Diff(tt.want, emails(page.Items)); diff != "" {
					t.Errorf("List(%q, \"\", %d) mismatch (-want +got):\n%s", tt.query, tt.limit, diff)
				}
				if got := page.Next != ""; got != tt.next {
					t.Errorf("List(%q, \"\", %d).Next = %q, want a next page: %v", tt.query, tt.limit, page.Next, tt.next)
				}
			})
		}

		t.Run("query and cursor together", func(t *testing.T) {
			first, err := us.List(ctx, "orsa", "", 2)
			if err != nil {
				t.Fatal(err)
			}
			second, err := us.List(ctx, "orsa", first.Next, 2)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{"g.gustafsson@orsa.se"}, emails(second.Items)); diff != "" || second.Next != "" {
				t.Errorf("List(orsa, next, 2) = %v, next %q, want [g.gustafsson@orsa.se] and no next (%s)", emails(second.Items), second.Next, diff)
			}
		})

		t.Run("bad cursor", func(t *testing.T) {
			for _, c := range []string{"not a cursor!", "eA", db.Cursor{Key: "x", ID: 0}.Encode()} {
				if _, err := us.List(ctx, "", c, 3); !errors.Is(err, db.ErrBadCursor) {
					t.Errorf("List(\"\", %q, 3) error = %v, want %v", c, err, db.ErrBadCursor)
				}
			}
		})
	})
}

func TestUsersUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		admin := mustCreateUser(t, us, audit.System, NewUser{Email: "admin@mora.se", Name: "Admin", Password: "chefens lösenord 1", IsAdmin: true})
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: "korrekt häst batteri"})
		actor := audit.Actor{UserID: admin.ID, Label: admin.Email}

		rejected := []struct {
			name string
			id   int64
			in   Update
			want map[string]string
		}{
			{"e-mail of another user", anna.ID, Update{Email: "bo@mora.se", Name: "Anna"},
				map[string]string{"email": "error.email_taken"}},
			{"e-mail of another user in other case", anna.ID, Update{Email: "BO@mora.se", Name: "Anna"},
				map[string]string{"email": "error.email_taken"}},
			{"invalid fields", anna.ID, Update{Email: "anna(at)mora.se", Name: ""},
				map[string]string{"email": "error.email", "name": "error.required"}},
			{"admin demotes self", admin.ID, Update{Email: "admin@mora.se", Name: "Admin", IsAdmin: false},
				map[string]string{"is_admin": "error.self_demote"}},
			{"admin disables self", admin.ID, Update{Email: "admin@mora.se", Name: "Admin", IsAdmin: true, Disabled: true},
				map[string]string{"is_admin": "error.self_demote"}},
		}
		for _, tt := range rejected {
			t.Run(tt.name, func(t *testing.T) {
				before, err := us.ByID(ctx, tt.id)
				if err != nil {
					t.Fatal(err)
				}
				entries := countRows(t, d, "audit_log")
				_, err = us.Update(ctx, actor, tt.id, tt.in)
				if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
					t.Errorf("Update(%d, %+v) invalid fields mismatch (-want +got):\n%s", tt.id, tt.in, diff)
				}
				after, err := us.ByID(ctx, tt.id)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(before, after); diff != "" {
					t.Errorf("user changed by a rejected Update (-before +after):\n%s", diff)
				}
				if got := countRows(t, d, "audit_log"); got != entries {
					t.Errorf("audit entries after rejected Update = %d, want %d", got, entries)
				}
			})
		}

		t.Run("admin keeps own rights", func(t *testing.T) {
			got, err := us.Update(ctx, actor, admin.ID, Update{Email: "admin@mora.se", Name: "Administratören", IsAdmin: true})
			if err != nil || got.Name != "Administratören" || !got.IsAdmin {
				t.Errorf("Update(self, still admin) = %+v, %v, want the new name and still admin", got, err)
			}
		})

		t.Run("not found", func(t *testing.T) {
			if _, err := us.Update(ctx, actor, anna.ID+1000, Update{Email: "x@mora.se", Name: "X"}); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("Update(unknown) error = %v, want %v", err, db.ErrNotFound)
			}
		})

		t.Run("change everything", func(t *testing.T) {
			got, err := us.Update(ctx, actor, anna.ID, Update{Email: " Anna.Berg@Orsa.SE ", Name: " Anna Berg ", IsAdmin: true, Disabled: true})
			if err != nil {
				t.Fatalf("Update() error = %v", err)
			}
			want := anna
			want.Email, want.Name, want.IsAdmin, want.Disabled = "anna.berg@orsa.se", "Anna Berg", true, true
			if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(User{}, "UpdatedAt")); diff != "" {
				t.Errorf("Update() mismatch (-want +got):\n%s", diff)
			}
			if got.UpdatedAt.Before(anna.UpdatedAt) {
				t.Errorf("Update().UpdatedAt = %v, before the creation time %v", got.UpdatedAt, anna.UpdatedAt)
			}
			stored, err := us.ByID(ctx, anna.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, stored); diff != "" {
				t.Errorf("ByID after Update mismatch (-Update +ByID):\n%s", diff)
			}
			if _, err := us.ByEmail(ctx, "anna@mora.se"); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("ByEmail(old address) error = %v, want %v", err, db.ErrNotFound)
			}
			// The old address is free again.
			mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Another Anna", Password: "korrekt häst batteri"})

			items := auditItems(t, d, audit.Filter{Entity: "user", EntityID: audit.ID(anna.ID), ActorID: admin.ID})
			wantAudit := []auditSummary{{admin.ID, "admin@mora.se", "update", "user", audit.ID(anna.ID)}}
			if diff := cmp.Diff(wantAudit, summarize(items)); diff != "" {
				t.Fatalf("audit entries mismatch (-want +got):\n%s", diff)
			}
			var before, after User
			if err := json.Unmarshal([]byte(items[0].Before), &before); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(items[0].After), &after); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(anna, before); diff != "" {
				t.Errorf("audit before mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(got, after); diff != "" {
				t.Errorf("audit after mismatch (-want +got):\n%s", diff)
			}
		})
	})
}

func TestUsersChangePassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		const old, next = "korrekt häst batteri", "häftklammer på plats"
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: old})
		self := audit.Actor{UserID: anna.ID, Label: anna.Email}

		rejected := []struct {
			name                   string
			current, next, confirm string
			want                   map[string]string
		}{
			{"wrong current password", "fel lösenord", next, next, map[string]string{"current_password": "error.password_wrong"}},
			{"no current password", "", next, next, map[string]string{"current_password": "error.required"}},
			{"confirmation differs", old, next, next + "!", map[string]string{"confirm_password": "error.password_mismatch"}},
			{"new password too short", old, "kort", "kort", map[string]string{"new_password": "error.password_short"}},
			{"all wrong", "", "kort", "kortare", map[string]string{
				"current_password": "error.required", "new_password": "error.password_short", "confirm_password": "error.password_mismatch"}},
		}
		for _, tt := range rejected {
			t.Run(tt.name, func(t *testing.T) {
				entries := countRows(t, d, "audit_log")
				err := us.ChangePassword(ctx, self, anna.ID, tt.current, tt.next, tt.confirm)
				if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
					t.Errorf("ChangePassword(%q, %q, %q) invalid fields mismatch (-want +got):\n%s", tt.current, tt.next, tt.confirm, diff)
				}
				if _, err := us.Authenticate(ctx, anna.Email, old); err != nil {
					t.Errorf("Authenticate(old password) after rejected change error = %v, want nil", err)
				}
				if got := countRows(t, d, "audit_log"); got != entries {
					t.Errorf("audit entries after rejected change = %d, want %d", got, entries)
				}
			})
		}

		if err := us.ChangePassword(ctx, self, anna.ID+1000, old, next, next); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ChangePassword(unknown user) error = %v, want %v", err, db.ErrNotFound)
		}
		if err := us.ChangePassword(ctx, self, anna.ID, old, next, next); err != nil {
			t.Fatalf("ChangePassword() error = %v", err)
		}
		if _, err := us.Authenticate(ctx, anna.Email, next); err != nil {
			t.Errorf("Authenticate(new password) error = %v, want nil", err)
		}
		if _, err := us.Authenticate(ctx, anna.Email, old); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("Authenticate(old password) error = %v, want %v", err, ErrBadCredentials)
		}
		// The old password no longer counts as the current one.
		err := us.ChangePassword(ctx, self, anna.ID, old, "tredje lösenordet", "tredje lösenordet")
		if diff := cmp.Diff(map[string]string{"current_password": "error.password_wrong"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("ChangePassword(old as current) mismatch (-want +got):\n%s", diff)
		}

		items := auditItems(t, d, audit.Filter{Entity: "user", EntityID: audit.ID(anna.ID)})
		want := []auditSummary{
			{0, "system", "create", "user", audit.ID(anna.ID)},
			{anna.ID, "anna@mora.se", "change_password", "user", audit.ID(anna.ID)},
		}
		if diff := cmp.Diff(want, summarize(items)); diff != "" {
			t.Fatalf("audit entries mismatch (-want +got):\n%s", diff)
		}
		if items[1].Before != "" || items[1].After != "" {
			t.Errorf("audit of a password change = before %q, after %q, want both empty", items[1].Before, items[1].After)
		}

		t.Run("SetPassword", func(t *testing.T) {
			admin := audit.Actor{Label: "cli"}
			err := us.SetPassword(ctx, admin, anna.ID, "kort")
			if diff := cmp.Diff(map[string]string{"password": "error.password_short"}, fieldKeys(t, err)); diff != "" {
				t.Errorf("SetPassword(short) mismatch (-want +got):\n%s", diff)
			}
			if err := us.SetPassword(ctx, admin, anna.ID+1000, "ett nytt lösenord"); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("SetPassword(unknown user) error = %v, want %v", err, db.ErrNotFound)
			}
			if err := us.SetPassword(ctx, admin, anna.ID, "ett nytt lösenord"); err != nil {
				t.Fatalf("SetPassword() error = %v", err)
			}
			if _, err := us.Authenticate(ctx, anna.Email, "ett nytt lösenord"); err != nil {
				t.Errorf("Authenticate(set password) error = %v, want nil", err)
			}
		})
	})
}

func TestUsersSetLocale(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		self := audit.Actor{UserID: anna.ID, Label: anna.Email}
		id := audit.ID(anna.ID)

		steps := []struct {
			locale    string
			wantErr   map[string]string
			want      string
			wantAudit []string // before/after JSON of new entries
		}{
			{"de", map[string]string{"lang": "error.one_of"}, "", nil},
			{"", map[string]string{"lang": "error.one_of"}, "", nil},
			{"SV", map[string]string{"lang": "error.one_of"}, "", nil},
			{"en", nil, "en", []string{`{"locale":""}`, `{"locale":"en"}`}},
			{"en", nil, "en", nil}, // unchanged: nothing to record
			{"sv", nil, "sv", []string{`{"locale":"en"}`, `{"locale":"sv"}`}},
		}
		for i, st := range steps {
			t.Run(fmt.Sprintf("%d %q", i, st.locale), func(t *testing.T) {
				entries := auditItems(t, d, audit.Filter{Entity: "user", EntityID: id})
				err := us.SetLocale(ctx, self, anna.ID, st.locale)
				if st.wantErr != nil {
					if diff := cmp.Diff(st.wantErr, fieldKeys(t, err)); diff != "" {
						t.Errorf("SetLocale(%q) invalid fields mismatch (-want +got):\n%s", st.locale, diff)
					}
				} else if err != nil {
					t.Fatalf("SetLocale(%q) error = %v", st.locale, err)
				}
				u, err := us.ByID(ctx, anna.ID)
				if err != nil {
					t.Fatal(err)
				}
				if u.Locale != st.want {
					t.Errorf("locale after SetLocale(%q) = %q, want %q", st.locale, u.Locale, st.want)
				}
				after := auditItems(t, d, audit.Filter{Entity: "user", EntityID: id})
				var got []string
				for _, it := range after[len(entries):] {
					if it.Action != "update" || it.ActorID != anna.ID {
						t.Errorf("audit entry %+v, want an update by %d", it, anna.ID)
					}
					got = append(got, it.Before, it.After)
				}
				if diff := cmp.Diff(st.wantAudit, got); diff != "" {
					t.Errorf("new audit entries after SetLocale(%q) mismatch (-want +got):\n%s", st.locale, diff)
				}
			})
		}
		if err := us.SetLocale(ctx, self, anna.ID+1000, "en"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("SetLocale(unknown user) error = %v, want %v", err, db.ErrNotFound)
		}
	})
}

// TestUserAuditHasNoSecrets goes through every change to a user and checks
// that no audit entry carries the password or its hash.
func TestUserAuditHasNoSecrets(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		const pw1, pw2, pw3 = "första lösenordet", "andra lösenordet", "tredje lösenordet"
		admin := mustCreateUser(t, us, audit.System, NewUser{Email: "admin@mora.se", Name: "Admin", Password: "chefens lösenord 1", IsAdmin: true})
		actor := audit.Actor{UserID: admin.ID, Label: admin.Email}
		anna := mustCreateUser(t, us, actor, NewUser{Email: "anna@mora.se", Name: "Anna", Password: pw1})
		if _, err := us.Update(ctx, actor, anna.ID, Update{Email: "anna@orsa.se", Name: "Anna B"}); err != nil {
			t.Fatal(err)
		}
		if err := us.ChangePassword(ctx, actor, anna.ID, pw1, pw2, pw2); err != nil {
			t.Fatal(err)
		}
		if err := us.SetPassword(ctx, actor, anna.ID, pw3); err != nil {
			t.Fatal(err)
		}
		if err := us.SetLocale(ctx, actor, anna.ID, "en"); err != nil {
			t.Fatal(err)
		}
		var hash string
		if err := d.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, anna.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}

		items := auditItems(t, d, audit.Filter{Entity: "user", EntityID: audit.ID(anna.ID)})
		var actions []string
		for _, it := range items {
			actions = append(actions, it.Action)
		}
		if diff := cmp.Diff([]string{"create", "update", "change_password", "change_password", "update"}, actions); diff != "" {
			t.Errorf("audit actions mismatch (-want +got):\n%s", diff)
		}
		secrets := []string{pw1, pw2, pw3, hash, "$argon2", "password", "hash"}
		for _, it := range items {
			for _, s := range secrets {
				if strings.Contains(it.Before, s) || strings.Contains(it.After, s) {
					t.Errorf("audit %s entry (before %q, after %q) contains %q", it.Action, it.Before, it.After, s)
				}
			}
		}
	})
}
