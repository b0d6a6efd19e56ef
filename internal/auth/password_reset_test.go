package auth

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// movingClock is a server clock that a test moves on by hand.
type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *movingClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// eachOnClock is dbtest.Each on fresh databases whose server clock is c.
func eachOnClock(t *testing.T, c *movingClock, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	open := func(t *testing.T, opts db.Options) *db.DB {
		t.Helper()
		ctx := context.Background()
		opts.Clock = c
		d, err := db.Open(ctx, opts)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { d.Close() })
		if err := d.Migrate(ctx); err != nil {
			t.Fatalf("migrate: %v", err)
		}
		return d
	}
	t.Run("sqlite", func(t *testing.T) { fn(t, open(t, db.Options{DataDir: t.TempDir()})) })
	t.Run("postgres", func(t *testing.T) { fn(t, open(t, db.Options{URL: dbtest.NewPostgresDatabase(t)})) })
}

func mustCreateReset(t *testing.T, us *Users, email string) (string, User) {
	t.Helper()
	token, u, ok, err := us.CreatePasswordReset(context.Background(), email)
	if err != nil || !ok || token == "" {
		t.Fatalf("CreatePasswordReset(%q) = %q, %+v, %v, %v, want a token", email, token, u, ok, err)
	}
	return token, u
}

func TestCreatePasswordReset(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		bo := mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: "korrekt häst batteri"})
		if _, err := us.Update(ctx, audit.System, bo.ID, Update{Email: bo.Email, Name: bo.Name, Disabled: true}); err != nil {
			t.Fatal(err)
		}
		entries := countRows(t, d, "audit_log")

		// Unknown and disabled accounts get no link, and no error: the
		// caller answers alike.
		for _, email := range []string{"nobody@mora.se", "bo@mora.se", "", "not an address", strings.Repeat("x", 1000)} {
			token, u, ok, err := us.CreatePasswordReset(ctx, email)
			if token != "" || u != (User{}) || ok || err != nil {
				t.Errorf("CreatePasswordReset(%.20q) = %q, %+v, %v, %v, want \"\", {}, false, nil", email, token, u, ok, err)
			}
		}
		if got := countRows(t, d, "password_resets"); got != 0 {
			t.Errorf("password resets after refused requests = %d, want 0", got)
		}
		if got := countRows(t, d, "audit_log"); got != entries {
			t.Errorf("audit entries after refused requests = %d, want %d", got, entries)
		}

		// The address is found in any case and with spaces around.
		token, u, ok, err := us.CreatePasswordReset(ctx, " ANNA@Mora.se ")
		if err != nil || !ok || u != anna {
			t.Fatalf("CreatePasswordReset(anna) = %q, %+v, %v, %v, want a token for %+v", token, u, ok, err, anna)
		}
		if len(token) != 43 || strings.ContainsAny(token, "+/=") {
			t.Errorf("token %q: want 43 URL-safe characters (32 random bytes)", token)
		}

		// Only a hash of the token is stored, with the server's times.
		var hash string
		var userID int64
		var created, expires time.Time
		var used *time.Time
		err = d.QueryRowContext(ctx, `SELECT token_hash, user_id, created_at, expires_at, used_at FROM password_resets`).
			Scan(&hash, &userID, &created, &expires, &used)
		if err != nil {
			t.Fatal(err)
		}
		if hash != hashToken(token) || strings.Contains(hash, token) || userID != anna.ID || used != nil {
			t.Errorf("stored reset = %q, user %d, used %v; want the token's hash, user %d, unused", hash, userID, used, anna.ID)
		}
		if now := clocktest.Now(); !created.Equal(now) || !expires.Equal(now.Add(30*time.Minute)) {
			t.Errorf("stored reset created %v, expires %v; want %v and 30 minutes later", created, expires, now)
		}

		items := auditItems(t, d, audit.Filter{Entity: "user", EntityID: audit.ID(anna.ID)})
		last := items[len(items)-1]
		if got, want := summarize([]audit.Item{last})[0], (auditSummary{0, "anonymous", "request_password_reset", "user", audit.ID(anna.ID)}); got != want {
			t.Errorf("audit entry of the request = %+v, want %+v", got, want)
		}
		var after map[string]time.Time
		if err := json.Unmarshal([]byte(last.After), &after); err != nil || !after["expires_at"].Equal(expires) || strings.Contains(last.After, token) {
			t.Errorf("audit after = %q, want only the expiry %v", last.After, expires)
		}

		// A second request makes a new link and ends the first.
		token2, _ := mustCreateReset(t, us, "anna@mora.se")
		if token2 == token {
			t.Fatal("two requests gave the same token")
		}
		if _, err := us.CheckPasswordReset(ctx, token); !errors.Is(err, ErrResetTokenExpired) {
			t.Errorf("CheckPasswordReset(first link after a second) error = %v, want %v", err, ErrResetTokenExpired)
		}
		if got, err := us.CheckPasswordReset(ctx, token2); err != nil || got != anna {
			t.Errorf("CheckPasswordReset(second link) = %+v, %v, want %+v", got, err, anna)
		}
	})
}

func TestResetPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us, s := NewUsers(d), NewSessionStore(d)
		const old, next = "korrekt häst batteri", "häftklammer på plats"
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna.berg@mora.se", Name: "Anna Berg", Password: old})
		bo := mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: old})
		signIn(t, s, "anna-1", anna.ID, true)
		signIn(t, s, "anna-2", anna.ID, false)
		signIn(t, s, "bo", bo.ID, true)
		token, _ := mustCreateReset(t, us, anna.Email)
		entries := countRows(t, d, "audit_log")

		// A password the policy refuses leaves the link usable.
		for pw, key := range map[string]string{
			"kort":             "error.password_short",
			"Lösenord2024!":    "error.password_common",
			"annas nya lösen":  "error.password_contains_name",
			"aaaaaaaaaaaaaaaa": "error.password_repetitive",
		} {
			_, err := us.ResetPassword(ctx, token, pw)
			if diff := cmp.Diff(map[string]string{"new_password": key}, fieldKeys(t, err)); diff != "" {
				t.Errorf("ResetPassword(%q) invalid fields mismatch (-want +got):\n%s", pw, diff)
			}
		}
		if got := countRows(t, d, "audit_log"); got != entries {
			t.Errorf("audit entries after refused passwords = %d, want %d", got, entries)
		}
		if !live(t, s, "anna-1") {
			t.Error("a refused reset ended a session")
		}

		got, err := us.ResetPassword(ctx, token, next)
		if err != nil {
			t.Fatalf("ResetPassword() error = %v", err)
		}
		want := anna
		want.UpdatedAt = clocktest.Now().UTC()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("ResetPassword() user mismatch (-want +got):\n%s", diff)
		}
		if _, err := us.Authenticate(ctx, anna.Email, next); err != nil {
			t.Errorf("Authenticate(new password) error = %v", err)
		}
		if _, err := us.Authenticate(ctx, anna.Email, old); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("Authenticate(old password) error = %v, want %v", err, ErrBadCredentials)
		}
		if live(t, s, "anna-1") || live(t, s, "anna-2") || !live(t, s, "bo") {
			t.Error("after a reset: want all of Anna's sessions ended and Bo's kept")
		}

		// The link works once.
		if _, err := us.ResetPassword(ctx, token, "ett tredje lösenord"); !errors.Is(err, ErrResetTokenUsed) || !errors.Is(err, ErrResetToken) {
			t.Errorf("ResetPassword(used link) error = %v, want %v", err, ErrResetTokenUsed)
		}
		if _, err := us.CheckPasswordReset(ctx, token); !errors.Is(err, ErrResetTokenUsed) {
			t.Errorf("CheckPasswordReset(used link) error = %v, want %v", err, ErrResetTokenUsed)
		}
		if _, err := us.Authenticate(ctx, anna.Email, next); err != nil {
			t.Errorf("Authenticate(reset password) after a second use error = %v", err)
		}

		// One entry, by Anna, with nothing secret in it.
		items := auditItems(t, d, audit.Filter{Entity: "user", EntityID: audit.ID(anna.ID)})[1:]
		wantAudit := []auditSummary{
			{0, "anonymous", "request_password_reset", "user", audit.ID(anna.ID)},
			{anna.ID, anna.Email, "reset_password", "user", audit.ID(anna.ID)},
		}
		if diff := cmp.Diff(wantAudit, summarize(items)); diff != "" {
			t.Errorf("audit entries mismatch (-want +got):\n%s", diff)
		}
		var hash string
		if err := d.QueryRowContext(ctx, `SELECT password_hash FROM users WHERE id = ?`, anna.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			for _, secret := range []string{token, hashToken(token), next, hash, "$argon2", "password"} {
				if strings.Contains(it.Before+it.After, secret) {
					t.Errorf("audit %s entry (before %q, after %q) contains %q", it.Action, it.Before, it.After, secret)
				}
			}
		}
	})
}

func TestResetPasswordRefusedLinks(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		token, _ := mustCreateReset(t, us, anna.Email)

		for _, bad := range []string{"", "x", strings.Repeat("A", 43), token + "x", strings.ToUpper(token), hashToken(token), strings.Repeat("y", 10000)} {
			if _, err := us.ResetPassword(ctx, bad, "ett nytt lösenord"); !errors.Is(err, ErrResetToken) ||
				errors.Is(err, ErrResetTokenUsed) || errors.Is(err, ErrResetTokenExpired) {
				t.Errorf("ResetPassword(%.20q) error = %v, want only %v", bad, err, ErrResetToken)
			}
		}

		// A link of an account disabled since is dead, and stays unused.
		if _, err := us.Update(ctx, audit.System, anna.ID, Update{Email: anna.Email, Name: anna.Name, Disabled: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := us.ResetPassword(ctx, token, "ett nytt lösenord"); !errors.Is(err, ErrResetToken) {
			t.Errorf("ResetPassword(disabled account) error = %v, want %v", err, ErrResetToken)
		}
		if _, err := us.CheckPasswordReset(ctx, token); !errors.Is(err, ErrResetToken) {
			t.Errorf("CheckPasswordReset(disabled account) error = %v, want %v", err, ErrResetToken)
		}
		if _, err := us.Update(ctx, audit.System, anna.ID, Update{Email: anna.Email, Name: anna.Name}); err != nil {
			t.Fatal(err)
		}
		if _, err := us.ResetPassword(ctx, token, "ett nytt lösenord"); err != nil {
			t.Errorf("ResetPassword(enabled again) error = %v, want nil", err)
		}
	})
}

// TestResetPasswordOnce: of several uses of one link at the same time,
// exactly one succeeds.
func TestResetPasswordOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		token, _ := mustCreateReset(t, us, anna.Email)
		passwords := []string{"första nya lösenordet", "andra nya lösenordet", "tredje nya lösenordet"}
		errs := make([]error, len(passwords))
		var wg sync.WaitGroup
		for i, pw := range passwords {
			wg.Go(func() {
				_, errs[i] = us.ResetPassword(ctx, token, pw)
			})
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Errorf("uses %d and %d of one link both succeeded", won, i)
			case err == nil:
				won = i
			case !errors.Is(err, ErrResetTokenUsed):
				t.Errorf("use %d error = %v, want nil or %v", i, err, ErrResetTokenUsed)
			}
		}
		if won < 0 {
			t.Fatal("no use of the link succeeded")
		}
		if _, err := us.Authenticate(ctx, anna.Email, passwords[won]); err != nil {
			t.Errorf("Authenticate(the winning password) error = %v", err)
		}
		if n := len(auditItems(t, d, audit.Filter{Entity: "user", EntityID: audit.ID(anna.ID)})); n != 3 {
			t.Errorf("audit entries of Anna = %d, want 3 (create, request, one reset)", n)
		}
	})
}

func TestResetPasswordExpiry(t *testing.T) {
	c := &movingClock{t: clocktest.Now()}
	eachOnClock(t, c, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		early, _ := mustCreateReset(t, us, anna.Email)

		// Still good a moment before its 30 minutes are up.
		c.Add(PasswordResetLifetime - time.Second)
		if _, err := us.CheckPasswordReset(ctx, early); err != nil {
			t.Errorf("CheckPasswordReset(29:59 old) error = %v, want nil", err)
		}
		late, _ := mustCreateReset(t, us, anna.Email) // ends the early one
		if _, err := us.ResetPassword(ctx, early, "ett nytt lösenord"); !errors.Is(err, ErrResetTokenExpired) {
			t.Errorf("ResetPassword(replaced link) error = %v, want %v", err, ErrResetTokenExpired)
		}

		// Dead at 30 minutes sharp.
		c.Add(PasswordResetLifetime)
		if _, err := us.ResetPassword(ctx, late, "ett nytt lösenord"); !errors.Is(err, ErrResetTokenExpired) || !errors.Is(err, ErrResetToken) {
			t.Errorf("ResetPassword(30 minutes old) error = %v, want %v", err, ErrResetTokenExpired)
		}
		if _, err := us.Authenticate(ctx, anna.Email, "korrekt häst batteri"); err != nil {
			t.Errorf("Authenticate(old password) after expired links error = %v", err)
		}

		// Spent links are kept a day after their expiry, then removed.
		fresh, _ := mustCreateReset(t, us, anna.Email)
		if n, err := us.DeleteExpiredPasswordResets(ctx); err != nil || n != 0 {
			t.Errorf("DeleteExpiredPasswordResets() = %d, %v, want 0, nil", n, err)
		}
		c.Add(resetKeep)
		if n, err := us.DeleteExpiredPasswordResets(ctx); err != nil || n != 2 {
			t.Errorf("DeleteExpiredPasswordResets() a day on = %d, %v, want 2, nil", n, err)
		}
		if _, err := us.CheckPasswordReset(ctx, early); !errors.Is(err, ErrResetToken) || errors.Is(err, ErrResetTokenExpired) {
			t.Errorf("CheckPasswordReset(removed link) error = %v, want only %v", err, ErrResetToken)
		}
		if _, err := us.CheckPasswordReset(ctx, fresh); !errors.Is(err, ErrResetTokenExpired) {
			t.Errorf("CheckPasswordReset(expired, kept) error = %v, want %v", err, ErrResetTokenExpired)
		}
	})
}
