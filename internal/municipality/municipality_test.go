package municipality

import (
	"context"
	"errors"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestAll(t *testing.T) {
	all, err := All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 290 {
		t.Errorf("len(All()) = %d, want 290", len(all))
	}
	byCode := map[string]Municipality{}
	for _, m := range all {
		if !ValidCode(m.Code) {
			t.Errorf("bad code %q for %s", m.Code, m.Name)
		}
		byCode[m.Code] = m
	}
	for code, name := range map[string]string{"2062": "Mora", "2023": "Malung-Sälen", "0180": "Stockholm"} {
		if byCode[code].Name != name {
			t.Errorf("municipality %s = %q, want %q", code, byCode[code].Name, name)
		}
	}
	if byCode["2062"].CountyCode != "20" || byCode["2062"].CountyName != "Dalarnas län" {
		t.Errorf("Mora's county = %+v", byCode["2062"])
	}
}

func TestStore(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewStore(d)
		for range 2 { // the second sync must be a no-op
			if err := s.Sync(ctx); err != nil {
				t.Fatal(err)
			}
		}
		list, err := s.List(ctx)
		if err != nil || len(list) != 290 {
			t.Fatalf("List() = %d items, %v", len(list), err)
		}
		m, err := s.ByCode(ctx, "2023")
		if err != nil || m.Name != "Malung-Sälen" {
			t.Errorf("ByCode(2023) = %+v, %v", m, err)
		}
		if _, err := s.ByCode(ctx, "9999"); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ByCode(9999) error = %v, want ErrNotFound", err)
		}
		inUse, err := s.InUse(ctx)
		if err != nil || len(inUse) != 0 {
			t.Errorf("InUse() on an empty service = %v, %v", inUse, err)
		}
	})
}
