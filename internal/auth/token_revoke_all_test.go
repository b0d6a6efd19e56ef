package auth

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestTokensRevokeAll(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us, ts := NewUsers(d), NewTokens(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		bo := mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: "korrekt häst batteri"})
		annaActor := audit.Actor{UserID: anna.ID, Label: anna.Email}
		admin := audit.Actor{Label: "cli"}

		if n, err := ts.RevokeAll(ctx, admin, anna.ID); err != nil || n != 0 {
			t.Errorf("RevokeAll(no tokens) = %d, %v, want 0, nil", n, err)
		}
		s1, t1, err := ts.Create(ctx, annaActor, anna.ID, "skript")
		if err != nil {
			t.Fatal(err)
		}
		s2, t2, err := ts.CreateScoped(ctx, annaActor, anna.ID, "kalender", ScopeCalendar)
		if err != nil {
			t.Fatal(err)
		}
		_, t3, err := ts.Create(ctx, annaActor, anna.ID, "gammal")
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.Revoke(ctx, annaActor, anna.ID, t3.ID); err != nil {
			t.Fatal(err)
		}
		sBo, _, err := ts.Create(ctx, audit.Actor{UserID: bo.ID, Label: bo.Email}, bo.ID, "bos")
		if err != nil {
			t.Fatal(err)
		}
		entries := countRows(t, d, "audit_log")
		tokenEntries := len(auditItems(t, d, audit.Filter{Entity: "api_token"}))

		// Both live tokens of any scope; the revoked one is not counted.
		if n, err := ts.RevokeAll(ctx, admin, anna.ID); err != nil || n != 2 {
			t.Fatalf("RevokeAll(anna) = %d, %v, want 2, nil", n, err)
		}
		if _, err := ts.Authenticate(ctx, s1); !errors.Is(err, ErrBadToken) {
			t.Errorf("Authenticate(api token after RevokeAll) error = %v, want %v", err, ErrBadToken)
		}
		if _, err := ts.AuthenticateScope(ctx, s2, ScopeCalendar); !errors.Is(err, ErrBadToken) {
			t.Errorf("AuthenticateScope(calendar token after RevokeAll) error = %v, want %v", err, ErrBadToken)
		}
		if id, err := ts.Authenticate(ctx, sBo); err != nil || id != bo.ID {
			t.Errorf("Authenticate(Bo's token) = %d, %v, want %d, nil: RevokeAll(anna) must leave it", id, err, bo.ID)
		}
		list, err := ts.List(ctx, anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range list {
			if tok.RevokedAt == nil {
				t.Errorf("token %+v is not revoked after RevokeAll", tok)
			}
		}

		items := auditItems(t, d, audit.Filter{Entity: "api_token"})[tokenEntries:]
		want := []auditSummary{
			{0, "cli", "revoke", "api_token", audit.ID(t1.ID)},
			{0, "cli", "revoke", "api_token", audit.ID(t2.ID)},
		}
		if diff := cmp.Diff(want, summarize(items)); diff != "" {
			t.Errorf("audit entries of RevokeAll mismatch (-want +got):\n%s", diff)
		}

		if n, err := ts.RevokeAll(ctx, admin, anna.ID); err != nil || n != 0 {
			t.Errorf("RevokeAll(anna) again = %d, %v, want 0, nil", n, err)
		}
		if got := countRows(t, d, "audit_log"); got != entries+2 {
			t.Errorf("audit entries = %d after revoking nothing more, want %d", got, entries+2)
		}
	})
}
