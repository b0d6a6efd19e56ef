package auth

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestListSearchSwedishAndWildcards(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewUsers(d)
		for _, u := range []NewUser{
			{Email: "asa@mora.se", Name: "Åsa Öberg", Password: "korrekt häst batteri"},
			{Email: "per_100@mora.se", Name: "Per Persson", Password: "korrekt häst batteri"},
			{Email: "pia@mora.se", Name: "Pia 100% Ek", Password: "korrekt häst batteri"},
		} {
			if _, err := s.Create(ctx, audit.System, u); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			query string
			want  []string
		}{
			{"åsa", []string{"asa@mora.se"}},
			{"ÖBERG", []string{"asa@mora.se"}},
			{"_1", []string{"per_100@mora.se"}},
			{"100%", []string{"pia@mora.se"}},
			{"%", []string{"pia@mora.se"}},
			{"mora.se", []string{"asa@mora.se", "per_100@mora.se", "pia@mora.se"}},
		}
		for _, tt := range tests {
			page, err := s.List(ctx, tt.query, "", 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range page.Items {
				got = append(got, u.Email)
			}
			if len(got) != len(tt.want) {
				t.Errorf("List(%q) = %v, want %v", tt.query, got, tt.want)
				continue
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("List(%q) = %v, want %v", tt.query, got, tt.want)
					break
				}
			}
		}
	})
}
