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

func TestTokensScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us, ts := NewUsers(d), NewTokens(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		self := audit.Actor{UserID: anna.ID, Label: anna.Email}

		for _, tt := range []struct{ name, scope, wantKey string }{
			{"no scope", "", "error.choose"},
			{"unknown scope", "admin", "error.one_of"},
			{"upper case", "CALENDAR", "error.one_of"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				secret, _, err := ts.CreateScoped(ctx, self, anna.ID, "kalender", tt.scope)
				if diff := cmp.Diff(map[string]string{"scope": tt.wantKey}, fieldKeys(t, err)); diff != "" || secret != "" {
					t.Errorf("CreateScoped(%q) = %q, invalid fields mismatch (-want +got):\n%s", tt.scope, secret, diff)
				}
			})
		}
		if n := countRows(t, d, "api_tokens"); n != 0 {
			t.Fatalf("api_tokens after rejected CreateScoped = %d rows, want 0", n)
		}

		apiSecret, apiTok, err := ts.Create(ctx, self, anna.ID, "skript")
		if err != nil {
			t.Fatal(err)
		}
		calSecret, calTok, err := ts.CreateScoped(ctx, self, anna.ID, "Kalenderprenumeration", ScopeCalendar)
		if err != nil {
			t.Fatal(err)
		}
		if apiTok.Scope != ScopeAPI || calTok.Scope != ScopeCalendar {
			t.Errorf("scopes at creation = %q, %q, want %q, %q", apiTok.Scope, calTok.Scope, ScopeAPI, ScopeCalendar)
		}

		// The scope is stored and listed.
		list, err := ts.List(ctx, anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]string{}
		for _, tok := range list {
			got[tok.ID] = tok.Scope
		}
		if diff := cmp.Diff(map[int64]string{apiTok.ID: ScopeAPI, calTok.ID: ScopeCalendar}, got); diff != "" {
			t.Errorf("List() scopes mismatch (-want +got):\n%s", diff)
		}
		var stored string
		if err := d.QueryRowContext(ctx, `SELECT scope FROM api_tokens WHERE id = ?`, calTok.ID).Scan(&stored); err != nil || stored != ScopeCalendar {
			t.Errorf("stored scope = %q, %v, want %q", stored, err, ScopeCalendar)
		}

		checks := []struct {
			name    string
			secret  string
			scope   string // "" is Authenticate
			want    int64
			wantErr error
		}{
			{"api token as bearer", apiSecret, "", anna.ID, nil},
			{"calendar token as bearer", calSecret, "", 0, ErrBadToken},
			{"api token for the calendar", apiSecret, ScopeCalendar, anna.ID, nil},
			{"calendar token for the calendar", calSecret, ScopeCalendar, anna.ID, nil},
			{"calendar token for the api scope", calSecret, ScopeAPI, 0, ErrBadToken},
			{"calendar token for an unknown scope", calSecret, "admin", 0, ErrBadToken},
			{"unknown token for the calendar", "svk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", ScopeCalendar, 0, ErrBadToken},
		}
		run := func(secret, scope string) (int64, error) {
			if scope == "" {
				return ts.Authenticate(ctx, secret)
			}
			return ts.AuthenticateScope(ctx, secret, scope)
		}
		for _, tt := range checks {
			t.Run(tt.name, func(t *testing.T) {
				got, err := run(tt.secret, tt.scope)
				if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Errorf("authenticate(%q) = %d, %v, want %d, %v", tt.scope, got, err, tt.want, tt.wantErr)
				}
			})
		}

		// The accepted uses are noted, the calendar token's too.
		list, err = ts.List(ctx, anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range list {
			if tok.LastUsedAt == nil {
				t.Errorf("token %q (%s) never noted as used, want used", tok.Name, tok.Scope)
			}
		}

		// A revoked calendar token is refused everywhere.
		if err := ts.Revoke(ctx, self, anna.ID, calTok.ID); err != nil {
			t.Fatalf("Revoke(calendar token) error = %v", err)
		}
		for _, scope := range []string{"", ScopeCalendar, ScopeAPI} {
			if id, err := run(calSecret, scope); id != 0 || !errors.Is(err, ErrBadToken) {
				t.Errorf("authenticate(revoked calendar token, %q) = %d, %v, want 0, %v", scope, id, err, ErrBadToken)
			}
		}
		if id, err := ts.AuthenticateScope(ctx, apiSecret, ScopeCalendar); err != nil || id != anna.ID {
			t.Errorf("AuthenticateScope(api token after the other's revocation) = %d, %v, want %d", id, err, anna.ID)
		}
	})
}
