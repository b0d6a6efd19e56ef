package auth

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// signIn stores a session for token as scs would, and ties it to userID
// as the web layer does; before says whether SetUser comes before scs's
// commit, as after a RenewToken, or after it.
func signIn(t *testing.T, s *SessionStore, token string, userID int64, before bool) {
	t.Helper()
	ctx := context.Background()
	setUser := func() {
		if err := s.SetUser(ctx, token, userID); err != nil {
			t.Fatalf("SetUser(%q, %d) error = %v", token, userID, err)
		}
	}
	if before {
		setUser()
	}
	if err := s.CommitCtx(ctx, token, []byte("data of "+token), time.Now().Add(time.Hour)); err != nil {
		t.Fatalf("CommitCtx(%q) error = %v", token, err)
	}
	if !before {
		setUser()
	}
}

// live reports whether the session with token is found.
func live(t *testing.T, s *SessionStore, token string) bool {
	t.Helper()
	_, ok, err := s.FindCtx(context.Background(), token)
	if err != nil {
		t.Fatalf("FindCtx(%q) error = %v", token, err)
	}
	return ok
}

func TestSessionStoreUserSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		s := NewSessionStore(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		bo := mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: "korrekt häst batteri"})

		// A row made by SetUser before scs commits is no session yet.
		if err := s.SetUser(ctx, "pending", anna.ID); err != nil {
			t.Fatalf("SetUser(pending) error = %v", err)
		}
		if live(t, s, "pending") {
			t.Error("a session that SetUser made and scs never committed is found")
		}

		signIn(t, s, "anna-laptop", anna.ID, true)
		signIn(t, s, "anna-phone", anna.ID, false)
		signIn(t, s, "anna-tablet", anna.ID, true)
		signIn(t, s, "bo-laptop", bo.ID, true)
		if err := s.CommitCtx(ctx, "anonymous", []byte("no one"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		// An expired session of Anna's is ended but not counted.
		signIn(t, s, "anna-old", anna.ID, false)
		if err := s.CommitCtx(ctx, "anna-old", []byte("old"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		// Committing again keeps the user.
		if err := s.CommitCtx(ctx, "anna-laptop", []byte("data of anna-laptop, again"), time.Now().Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := s.FindCtx(ctx, "anna-laptop"); !ok || err != nil || !bytes.Equal(got, []byte("data of anna-laptop, again")) {
			t.Fatalf("FindCtx(anna-laptop) = %q, %v, %v after a second commit", got, ok, err)
		}

		n, err := s.DeleteUserSessions(ctx, anna.ID, "anna-laptop")
		if err != nil || n != 2 {
			t.Errorf("DeleteUserSessions(anna, keep anna-laptop) = %d, %v, want 2, nil", n, err)
		}
		for tok, want := range map[string]bool{
			"anna-laptop": true, "anna-phone": false, "anna-tablet": false, "anna-old": false, "pending": false,
			"bo-laptop": true, "anonymous": true,
		} {
			if got := live(t, s, tok); got != want {
				t.Errorf("session %s live = %v after ending Anna's others, want %v", tok, got, want)
			}
		}

		// A request that was running in an ended session writes it back
		// when it ends: that must not bring it to life again, nor may
		// SetUser.
		if err := s.CommitCtx(ctx, "anna-phone", []byte("written back"), time.Now().Add(4*time.Hour)); err != nil {
			t.Fatalf("CommitCtx(ended) error = %v", err)
		}
		if err := s.SetUser(ctx, "anna-phone", anna.ID); err != nil {
			t.Fatalf("SetUser(ended) error = %v", err)
		}
		if live(t, s, "anna-phone") {
			t.Error("an ended session came back when a running request committed it")
		}
		// The tombstones hold no session data.
		var leftover int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE ended AND length(data) > 0`).Scan(&leftover); err != nil {
			t.Fatal(err)
		}
		if leftover != 0 {
			t.Errorf("%d ended sessions still hold data", leftover)
		}

		// Ending again finds nothing new; "" ends the kept one too.
		if n, err := s.DeleteUserSessions(ctx, anna.ID, "anna-laptop"); err != nil || n != 0 {
			t.Errorf("DeleteUserSessions again = %d, %v, want 0, nil", n, err)
		}
		if n, err := s.DeleteUserSessions(ctx, anna.ID, ""); err != nil || n != 1 {
			t.Errorf("DeleteUserSessions(anna, keep none) = %d, %v, want 1, nil", n, err)
		}
		if live(t, s, "anna-laptop") || !live(t, s, "bo-laptop") {
			t.Error("after ending all of Anna's sessions: want hers gone and Bo's kept")
		}
		if n, err := s.DeleteUserSessions(ctx, anna.ID+1000, ""); err != nil || n != 0 {
			t.Errorf("DeleteUserSessions(unknown user) = %d, %v, want 0, nil", n, err)
		}

		// A new sign-in after all that works as before.
		signIn(t, s, "anna-new", anna.ID, true)
		if !live(t, s, "anna-new") {
			t.Error("a new session of Anna's is not found")
		}

		// SetUser needs a token and a real user.
		if err := s.SetUser(ctx, "", anna.ID); err == nil {
			t.Error("SetUser(empty token) error = nil")
		}
		if err := s.SetUser(ctx, "someone", anna.ID+1000); !errors.Is(err, db.ErrReference) {
			t.Errorf("SetUser(unknown user) error = %v, want %v", err, db.ErrReference)
		}
	})
}

func TestSessionStoreDeleteExpiredTombstones(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		anna := mustCreateUser(t, NewUsers(d), audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		s := NewSessionStore(d)
		signIn(t, s, "a", anna.ID, true)
		signIn(t, s, "b", anna.ID, true)
		if _, err := s.DeleteUserSessions(ctx, anna.ID, ""); err != nil {
			t.Fatal(err)
		}
		// A tombstone lives on for a while, then goes with the expired.
		if n, err := s.DeleteExpired(ctx); err != nil || n != 0 {
			t.Errorf("DeleteExpired() right after ending = %d, %v, want 0, nil", n, err)
		}
		s.now = func() time.Time { return time.Now().Add(endedSessionLifetime + time.Minute) }
		if n, err := s.DeleteExpired(ctx); err != nil || n != 2 {
			t.Errorf("DeleteExpired() after the tombstones' time = %d, %v, want 2, nil", n, err)
		}
	})
}

// TestPasswordChangesEndSessions: every way of setting a password ends
// the user's sessions, but the one a user changes their own password in
// when they ask for it; another user's sessions are left alone.
func TestPasswordChangesEndSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us := NewUsers(d)
		s := NewSessionStore(d)
		const pw1, pw2, pw3, pw4 = "korrekt häst batteri", "häftklammer på plats", "tredje lösenordet", "ett fjärde lösenord"
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: pw1})
		bo := mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: pw1})
		self := audit.Actor{UserID: anna.ID, Label: anna.Email}
		signIn(t, s, "bo", bo.ID, true)

		signIn(t, s, "here", anna.ID, true)
		signIn(t, s, "there", anna.ID, true)
		if err := us.ChangePasswordKeepSession(ctx, self, anna.ID, pw1, pw2, pw2, "here"); err != nil {
			t.Fatalf("ChangePasswordKeepSession() error = %v", err)
		}
		if !live(t, s, "here") || live(t, s, "there") {
			t.Error("ChangePasswordKeepSession: want the session it was made in kept and the other ended")
		}

		// A refused change ends nothing.
		signIn(t, s, "elsewhere", anna.ID, true)
		if err := us.ChangePasswordKeepSession(ctx, self, anna.ID, "fel lösenord", pw3, pw3, "here"); err == nil {
			t.Fatal("ChangePasswordKeepSession(wrong current) error = nil")
		}
		if !live(t, s, "elsewhere") {
			t.Error("a refused password change ended a session")
		}

		if err := us.ChangePassword(ctx, self, anna.ID, pw2, pw3, pw3); err != nil {
			t.Fatalf("ChangePassword() error = %v", err)
		}
		if live(t, s, "here") || live(t, s, "elsewhere") {
			t.Error("ChangePassword: want every session of the user ended")
		}

		signIn(t, s, "again", anna.ID, true)
		if err := us.SetPassword(ctx, audit.Actor{Label: "cli"}, anna.ID, pw4); err != nil {
			t.Fatalf("SetPassword() error = %v", err)
		}
		if live(t, s, "again") {
			t.Error("SetPassword: want every session of the user ended")
		}
		if !live(t, s, "bo") {
			t.Error("changes to Anna's password ended Bo's session")
		}
		if _, err := us.Authenticate(ctx, anna.Email, pw4); err != nil {
			t.Errorf("Authenticate(last password) error = %v", err)
		}
	})
}
