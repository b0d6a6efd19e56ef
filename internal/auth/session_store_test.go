package auth

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestSessionStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewSessionStore(d)
		now := time.Now()
		binary := []byte{0, 1, 2, 0xfe, 0xff, '\'', '"', '\\'}

		commits := []struct {
			token  string
			data   []byte
			expiry time.Time
		}{
			{"live-token", []byte("first"), now.Add(time.Hour)},
			{"live-token", []byte("second"), now.Add(2 * time.Hour)}, // replaces the first
			{"binary-token", binary, now.Add(time.Hour).In(time.FixedZone("CEST", 2*3600))},
			{"expired-token", []byte("old"), now.Add(-time.Minute)},
			{"long-expired-token", []byte("older"), now.Add(-48 * time.Hour)},
		}
		for _, c := range commits {
			if err := s.Commit(c.token, c.data, c.expiry); err != nil {
				t.Fatalf("Commit(%q) error = %v", c.token, err)
			}
		}

		finds := []struct {
			token  string
			want   []byte
			wantOK bool
		}{
			{"live-token", []byte("second"), true},
			{"binary-token", binary, true},
			{"expired-token", nil, false},
			{"long-expired-token", nil, false},
			{"unknown-token", nil, false},
			{"", nil, false},
			{hashToken("live-token"), nil, false}, // the stored hash is no key
		}
		for _, f := range finds {
			t.Run("Find "+f.token, func(t *testing.T) {
				got, ok, err := s.Find(f.token)
				if err != nil || ok != f.wantOK || !bytes.Equal(got, f.want) {
					t.Errorf("Find(%q) = %q, %v, %v, want %q, %v, nil", f.token, got, ok, err, f.want, f.wantOK)
				}
				gotCtx, okCtx, err := s.FindCtx(ctx, f.token)
				if err != nil || okCtx != f.wantOK || !bytes.Equal(gotCtx, f.want) {
					t.Errorf("FindCtx(%q) = %q, %v, %v, want %q, %v, nil", f.token, gotCtx, okCtx, err, f.want, f.wantOK)
				}
			})
		}

		// Only hashes of the tokens are stored.
		rows, err := d.QueryContext(ctx, `SELECT token_hash FROM sessions ORDER BY token_hash`)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]bool{}
		for rows.Next() {
			var h string
			if err := rows.Scan(&h); err != nil {
				t.Fatal(err)
			}
			stored[h] = true
		}
		rows.Close()
		want := map[string]bool{}
		for _, tok := range []string{"live-token", "binary-token", "expired-token", "long-expired-token"} {
			want[hashToken(tok)] = true
			if stored[tok] {
				t.Errorf("sessions table holds the raw token %q", tok)
			}
		}
		if diff := cmp.Diff(want, stored); diff != "" {
			t.Errorf("stored token hashes mismatch (-want +got):\n%s", diff)
		}

		n, err := s.DeleteExpired(ctx)
		if err != nil || n != 2 {
			t.Errorf("DeleteExpired() = %d, %v, want 2, nil", n, err)
		}
		if n, err := s.DeleteExpired(ctx); err != nil || n != 0 {
			t.Errorf("DeleteExpired() again = %d, %v, want 0, nil", n, err)
		}
		if got := countRows(t, d, "sessions"); got != 2 {
			t.Errorf("sessions after DeleteExpired = %d, want 2", got)
		}

		if err := s.Delete("live-token"); err != nil {
			t.Fatalf("Delete() error = %v", err)
		}
		if _, ok, err := s.Find("live-token"); ok || err != nil {
			t.Errorf("Find(deleted) = %v, %v, want false, nil", ok, err)
		}
		if err := s.DeleteCtx(ctx, "never-there"); err != nil {
			t.Errorf("DeleteCtx(unknown) error = %v, want nil", err)
		}
		if got, ok, err := s.Find("binary-token"); !ok || err != nil || !bytes.Equal(got, binary) {
			t.Errorf("Find(binary-token) after deleting another = %q, %v, %v, want it untouched", got, ok, err)
		}

		// A session committed again with a past expiry is gone at once.
		if err := s.CommitCtx(ctx, "binary-token", binary, now.Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := s.Find("binary-token"); ok || err != nil {
			t.Errorf("Find(expired by a new commit) = %v, %v, want false, nil", ok, err)
		}
	})
}
