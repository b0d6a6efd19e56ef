package db

import (
	"database/sql"
	"testing"
)

func TestRebind(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"SELECT 1", "SELECT 1"},
		{"SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = $1 AND b = $2"},
		{"SELECT '?' FROM t WHERE a = ?", "SELECT '?' FROM t WHERE a = $1"},
		{`SELECT "a?" FROM t WHERE a IN (?, ?, ?)`, `SELECT "a?" FROM t WHERE a IN ($1, $2, $3)`},
		{"SELECT 'it''s ?' , ?", "SELECT 'it''s ?' , $1"},
	}
	for _, tt := range tests {
		if got := rebind(Postgres, tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := rebind(SQLite, tt.in); got != tt.in {
			t.Errorf("rebind(SQLite, %q) changed the query to %q", tt.in, got)
		}
	}
}

func TestPlaceholders(t *testing.T) {
	for n, want := range map[int]string{0: "", 1: "?", 3: "?, ?, ?"} {
		if got := Placeholders(n); got != want {
			t.Errorf("Placeholders(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestNullHelpers(t *testing.T) {
	if got := NullID(0); got.Valid {
		t.Errorf("NullID(0) = %+v, want NULL", got)
	}
	if got := NullID(7); !got.Valid || got.Int64 != 7 {
		t.Errorf("NullID(7) = %+v", got)
	}
	if got := FloatPtr(sql.NullFloat64{}); got != nil {
		t.Errorf("FloatPtr(NULL) = %v, want nil", *got)
	}
	if got := FloatPtr(sql.NullFloat64{Float64: 61.16, Valid: true}); got == nil || *got != 61.16 {
		t.Errorf("FloatPtr(61.16) = %v", got)
	}
	args := IDArgs([]int64{3, 5})
	if len(args) != 2 || args[0] != int64(3) || args[1] != int64(5) {
		t.Errorf("IDArgs = %v", args)
	}
}
