package crimestats

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
)

var actor = audit.Actor{Label: "test"}

const file = "Region;Brott;År;Period;Antal;/100 000 inv;\n" +
	"Mora kommun;Skadegörelsebrott;År;2024;410;1 010,5;\n" +
	"Mora kommun;Skadegörelsebrott;År;2025;..;..;\n" +
	"Malung-Sälens kommun;Skadegörelsebrott;År;2024;250;2 400;\n" +
	"Dalarnas län;Skadegörelsebrott;År;2024;3 000;1 040;\n" +
	"Riket;Skadegörelsebrott;År;2024;160 000;1 520;\n" +
	"Riket;Skadegörelsebrott;2025 prel.;Aug;12 000;..;\n"

func parse(t *testing.T, in string) Parsed {
	t.Helper()
	p, err := Parse(strings.NewReader(in), regions(t))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func stored(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM crime_statistics`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportReplacesAndCompares(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if err := municipality.NewStore(d).Sync(ctx); err != nil {
			t.Fatal(err)
		}
		s := NewStore(d)
		res, err := s.Import(ctx, actor, Source{File: "a.txt"}, parse(t, file), nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.String() != "imported 5, replaced 0, rejected 1" || res.Rejections[0].Line != 3 {
			t.Fatalf("first import: %s %+v", res, res.Rejections)
		}
		again := strings.Replace(file, "410;1 010,5", "415;1 020", 1)
		res, err = s.Import(ctx, actor, Source{File: "b.txt"}, parse(t, again), nil)
		if err != nil || res.String() != "imported 0, replaced 5, rejected 1" {
			t.Fatalf("re-import: %s, %v", res, err)
		}
		if n := stored(t, d); n != 5 {
			t.Errorf("%d rows stored, want 5", n)
		}
		var audits int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'crime_statistics' AND action = 'import'`).Scan(&audits); err != nil || audits != 2 {
			t.Errorf("%d audit entries (%v), want 2", audits, err)
		}

		r := regions(t)
		c, err := s.Compare(ctx, r, "2062", "Skadegörelsebrott")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(c.Periods, " ") != "2024 2025-M08" || c.County.Region.Name != "Dalarnas län" || c.Country.Region.Code != "SE" {
			t.Fatalf("Compare() = %+v", c)
		}
		p, ok := c.Municipality.At("2024")
		if !ok || *p.Count != 415 || *p.Rate != 1020 || p.SourceFile != "b.txt" {
			t.Errorf("Mora 2024 = %+v", p)
		}
		if p, ok := c.Country.At("2025-M08"); !ok || !p.Preliminary || p.Rate != nil || *p.Count != 12000 {
			t.Errorf("Riket Aug 2025 = %+v", p)
		}
		crimes, err := s.Crimes(ctx, "2062", "20")
		if err != nil || len(crimes) != 1 || crimes[0] != "Skadegörelsebrott" {
			t.Errorf("Crimes() = %v, %v", crimes, err)
		}
	})
}

func TestImportReachAndNothingStored(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := NewStore(d)
		r := regions(t)
		mora := &auth.Principal{User: auth.User{ID: 1}, Memberships: []auth.Membership{{OrganizationID: 1, Role: auth.RoleCoordinator, MunicipalityCodes: []string{"2062"}}}}
		res, err := s.Import(ctx, actor, Source{File: "a.txt"}, parse(t, file), ReachOf(mora, r))
		if err != nil {
			t.Fatal(err)
		}
		// Malung-Sälen is not Mora's coordinator's to import.
		if res.String() != "imported 4, replaced 0, rejected 2" || res.Rejections[1].Line != 4 || res.Rejections[1].Message.Key != "crimestats.rejected.out_of_reach" {
			t.Fatalf("%s %+v", res, res.Rejections)
		}
		// A file of which nothing can be stored is an error and stores nothing.
		only := "Region;Brott;År;Period;Antal;/100 000 inv;\nMalung-Sälen;Rån;År;2024;3;1;\n"
		_, err = s.Import(ctx, actor, Source{File: "c.txt"}, parse(t, only), ReachOf(mora, r))
		var ie *ImportError
		if !errors.As(err, &ie) || ie.Line != 2 || ie.Message.Key != "crimestats.error.none_stored" {
			t.Fatalf("Import() error %v", err)
		}
		if n := stored(t, d); n != 4 {
			t.Errorf("%d rows, want 4", n)
		}
		if CanImport(&auth.Principal{Memberships: []auth.Membership{{Role: auth.RoleMember, MunicipalityCodes: []string{"2062"}}}}) || !CanImport(mora) {
			t.Error("CanImport")
		}
		if !CanRead(mora, "2062") || CanRead(mora, "2023") || CanRead(nil, "2062") || !CanRead(&auth.Principal{User: auth.User{IsAdmin: true}}, "2023") {
			t.Error("CanRead")
		}
	})
}
