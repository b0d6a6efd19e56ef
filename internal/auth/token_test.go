package auth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestTokensCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us, ts := NewUsers(d), NewTokens(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		self := audit.Actor{UserID: anna.ID, Label: anna.Email}

		rejected := []struct {
			name, tokenName string
			want            map[string]string
		}{
			{"no name", "", map[string]string{"name": "error.required"}},
			{"blank name", "   ", map[string]string{"name": "error.required"}},
			{"name too long", strings.Repeat("n", 101), map[string]string{"name": "error.too_long"}},
		}
		for _, tt := range rejected {
			t.Run(tt.name, func(t *testing.T) {
				secret, tok, err := ts.Create(ctx, self, anna.ID, tt.tokenName)
				if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
					t.Errorf("Create(%q) invalid fields mismatch (-want +got):\n%s", tt.tokenName, diff)
				}
				if secret != "" || tok != (Token{}) {
					t.Errorf("Create(%q) = %q, %+v on error, want nothing", tt.tokenName, secret, tok)
				}
				if n := countRows(t, d, "api_tokens"); n != 0 {
					t.Errorf("api_tokens after rejected Create = %d rows, want 0", n)
				}
			})
		}
		if _, _, err := ts.Create(ctx, self, anna.ID+1000, "ingen"); !errors.Is(err, db.ErrReference) {
			t.Errorf("Create(unknown user) error = %v, want %v", err, db.ErrReference)
		}
		if n := countRows(t, d, "audit_log WHERE entity = 'api_token'"); n != 0 {
			t.Errorf("audit entries for rejected tokens = %d, want 0", n)
		}

		start := clocktest.Now().Add(-time.Second)
		secret, tok, err := ts.Create(ctx, self, anna.ID, "  Rapportskript ")
		if err != nil {
			t.Fatalf("Create() error = %v", err)
		}
		if !strings.HasPrefix(secret, "svk_") {
			t.Errorf("Create() secret = %q, want prefix svk_", secret)
		}
		if raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(secret, "svk_")); err != nil || len(raw) != 32 {
			t.Errorf("Create() secret = %q: %d random bytes, %v, want 32", secret, len(raw), err)
		}
		want := Token{ID: tok.ID, UserID: anna.ID, Name: "Rapportskript", Scope: ScopeAPI, CreatedAt: tok.CreatedAt}
		if diff := cmp.Diff(want, tok); diff != "" {
			t.Errorf("Create() token mismatch (-want +got):\n%s", diff)
		}
		if tok.ID == 0 || tok.CreatedAt.Before(start) || tok.CreatedAt.After(clocktest.Now()) {
			t.Errorf("Create() = id %d, created %v, want an id and now", tok.ID, tok.CreatedAt)
		}
		secret2, _, err := ts.Create(ctx, self, anna.ID, "Rapportskript")
		if err != nil {
			t.Fatalf("Create(same name) error = %v", err)
		}
		if secret2 == secret {
			t.Errorf("Create() gave the same secret %q twice", secret)
		}

		// Only a hash of the secret is stored.
		rows, err := d.QueryContext(ctx, `SELECT hash FROM api_tokens ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var hashes []string
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				t.Fatal(err)
			}
			hashes = append(hashes, h)
		}
		rows.Close()
		if diff := cmp.Diff([]string{hashToken(secret), hashToken(secret2)}, hashes); diff != "" {
			t.Errorf("stored token hashes mismatch (-want +got):\n%s", diff)
		}
		for _, h := range hashes {
			if strings.Contains(h, strings.TrimPrefix(secret, "svk_")) || strings.Contains(h, strings.TrimPrefix(secret2, "svk_")) {
				t.Errorf("stored hash %q contains a secret", h)
			}
		}

		items := auditItems(t, d, audit.Filter{Entity: "api_token", EntityID: audit.ID(tok.ID)})
		if diff := cmp.Diff([]auditSummary{{anna.ID, anna.Email, "create", "api_token", audit.ID(tok.ID)}}, summarize(items)); diff != "" {
			t.Fatalf("audit entries mismatch (-want +got):\n%s", diff)
		}
		var after Token
		if err := json.Unmarshal([]byte(items[0].After), &after); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tok, after); diff != "" {
			t.Errorf("audit after mismatch (-want +got):\n%s", diff)
		}
		if s := strings.TrimPrefix(secret, "svk_"); strings.Contains(items[0].After, s) || strings.Contains(items[0].After, hashToken(secret)) {
			t.Errorf("audit after %q contains the secret or its hash", items[0].After)
		}
	})
}

func TestTokensAuthenticate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us, ts := NewUsers(d), NewTokens(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		bo := mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: "korrekt häst batteri"})
		annaSecret, annaTok, err := ts.Create(ctx, audit.Actor{UserID: anna.ID, Label: anna.Email}, anna.ID, "skript")
		if err != nil {
			t.Fatal(err)
		}
		boSecret, _, err := ts.Create(ctx, audit.Actor{UserID: bo.ID, Label: bo.Email}, bo.ID, "skript")
		if err != nil {
			t.Fatal(err)
		}

		tests := []struct {
			name    string
			secret  string
			want    int64
			wantErr error
		}{
			{"anna's token", annaSecret, anna.ID, nil},
			{"bo's token", boSecret, bo.ID, nil},
			{"empty", "", 0, ErrBadToken},
			{"prefix only", "svk_", 0, ErrBadToken},
			{"unknown", "svk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 0, ErrBadToken},
			{"without prefix", strings.TrimPrefix(annaSecret, "svk_"), 0, ErrBadToken},
			{"other prefix", "ghp_" + strings.TrimPrefix(annaSecret, "svk_"), 0, ErrBadToken},
			{"upper case prefix", "SVK_" + strings.TrimPrefix(annaSecret, "svk_"), 0, ErrBadToken},
			{"truncated", annaSecret[:len(annaSecret)-1], 0, ErrBadToken},
			{"extended", annaSecret + "A", 0, ErrBadToken},
			{"surrounded by spaces", " " + annaSecret + " ", 0, ErrBadToken},
			{"the stored hash", hashToken(annaSecret), 0, ErrBadToken},
			{"too long", "svk_" + strings.Repeat("A", 200), 0, ErrBadToken},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := ts.Authenticate(ctx, tt.secret)
				if got != tt.want || !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Errorf("Authenticate(%q) = %d, %v, want %d, %v", tt.secret, got, err, tt.want, tt.wantErr)
				}
			})
		}

		lastUsed := func() *time.Time {
			t.Helper()
			list, err := ts.List(ctx, anna.ID)
			if err != nil || len(list) != 1 {
				t.Fatalf("List(anna) = %+v, %v, want one token", list, err)
			}
			return list[0].LastUsedAt
		}
		first := lastUsed()
		if first == nil || clocktest.Now().Sub(*first) > time.Minute || clocktest.Now().Sub(*first) < -time.Second {
			t.Fatalf("last_used_at after Authenticate = %v, want about now", first)
		}
		// A second use within the minute writes nothing.
		if _, err := ts.Authenticate(ctx, annaSecret); err != nil {
			t.Fatal(err)
		}
		if again := lastUsed(); again == nil || !again.Equal(*first) {
			t.Errorf("last_used_at after a second use = %v, want unchanged %v", again, first)
		}
		// A use more than a minute after the last one is noted.
		old := clocktest.Now().Add(-2 * time.Minute).UTC()
		if _, err := d.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, old, annaTok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := ts.Authenticate(ctx, annaSecret); err != nil {
			t.Fatal(err)
		}
		if later := lastUsed(); later == nil || !later.After(old.Add(time.Minute)) {
			t.Errorf("last_used_at after a use 2 minutes later = %v, want about now (was %v)", later, old)
		}
	})
}

func TestTokensRevokeAndList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		us, ts := NewUsers(d), NewTokens(d)
		anna := mustCreateUser(t, us, audit.System, NewUser{Email: "anna@mora.se", Name: "Anna", Password: "korrekt häst batteri"})
		bo := mustCreateUser(t, us, audit.System, NewUser{Email: "bo@mora.se", Name: "Bo", Password: "korrekt häst batteri"})
		annaActor := audit.Actor{UserID: anna.ID, Label: anna.Email}
		boActor := audit.Actor{UserID: bo.ID, Label: bo.Email}

		if list, err := ts.List(ctx, anna.ID); err != nil || len(list) != 0 {
			t.Errorf("List(no tokens) = %+v, %v, want none", list, err)
		}
		s1, t1, err := ts.Create(ctx, annaActor, anna.ID, "första")
		if err != nil {
			t.Fatal(err)
		}
		s2, t2, err := ts.Create(ctx, annaActor, anna.ID, "andra")
		if err != nil {
			t.Fatal(err)
		}
		_, t3, err := ts.Create(ctx, boActor, bo.ID, "bos")
		if err != nil {
			t.Fatal(err)
		}

		revokes := []struct {
			name    string
			actor   audit.Actor
			userID  int64
			tokenID int64
			wantErr error
		}{
			{"another user's token", boActor, bo.ID, t1.ID, db.ErrNotFound},
			{"own token through another user's id", annaActor, anna.ID, t3.ID, db.ErrNotFound},
			{"unknown token", annaActor, anna.ID, t3.ID + 1000, db.ErrNotFound},
			{"own token", annaActor, anna.ID, t1.ID, nil},
			{"already revoked", annaActor, anna.ID, t1.ID, db.ErrNotFound},
		}
		for _, tt := range revokes {
			t.Run(tt.name, func(t *testing.T) {
				err := ts.Revoke(ctx, tt.actor, tt.userID, tt.tokenID)
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Errorf("Revoke(%d, %d) error = %v, want %v", tt.userID, tt.tokenID, err, tt.wantErr)
				}
			})
		}

		if id, err := ts.Authenticate(ctx, s1); !errors.Is(err, ErrBadToken) || id != 0 {
			t.Errorf("Authenticate(revoked) = %d, %v, want 0, %v", id, err, ErrBadToken)
		}
		if id, err := ts.Authenticate(ctx, s2); err != nil || id != anna.ID {
			t.Errorf("Authenticate(other token of the same user) = %d, %v, want %d, nil", id, err, anna.ID)
		}

		list, err := ts.List(ctx, anna.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Newest first, the revoked one included.
		var names []string
		for _, tok := range list {
			names = append(names, tok.Name)
		}
		if diff := cmp.Diff([]string{"andra", "första"}, names); diff != "" {
			t.Fatalf("List(anna) names mismatch (-want +got):\n%s", diff)
		}
		if list[0].ID != t2.ID || list[0].RevokedAt != nil || list[0].LastUsedAt == nil {
			t.Errorf("List(anna)[0] = %+v, want token %d, used and not revoked", list[0], t2.ID)
		}
		if list[1].ID != t1.ID || list[1].RevokedAt == nil || clocktest.Now().Sub(*list[1].RevokedAt) > time.Minute {
			t.Errorf("List(anna)[1] = %+v, want token %d revoked just now", list[1], t1.ID)
		}
		if !list[1].CreatedAt.Equal(t1.CreatedAt) || list[1].UserID != anna.ID {
			t.Errorf("List(anna)[1] = %+v, want created at %v by %d", list[1], t1.CreatedAt, anna.ID)
		}
		boList, err := ts.List(ctx, bo.ID)
		if err != nil || len(boList) != 1 || boList[0].ID != t3.ID || boList[0].RevokedAt != nil {
			t.Errorf("List(bo) = %+v, %v, want only token %d, not revoked", boList, err, t3.ID)
		}

		items := auditItems(t, d, audit.Filter{Entity: "api_token"})
		want := []auditSummary{
			{anna.ID, anna.Email, "create", "api_token", audit.ID(t1.ID)},
			{anna.ID, anna.Email, "create", "api_token", audit.ID(t2.ID)},
			{bo.ID, bo.Email, "create", "api_token", audit.ID(t3.ID)},
			{anna.ID, anna.Email, "revoke", "api_token", audit.ID(t1.ID)},
		}
		if diff := cmp.Diff(want, summarize(items)); diff != "" {
			t.Errorf("audit entries mismatch (-want +got):\n%s", diff)
		}
	})
}
