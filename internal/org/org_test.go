package org

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
)

// Municipality codes used by the tests.
const (
	mora    = "2062"
	malung  = "2023"
	orsa    = "2034"
	alvdal  = "2039"
	unknown = "9999" // well-formed, but no such kommun
)

// setup returns a Store on d with the municipalities in place.
func setup(t *testing.T, d *db.DB) *Store {
	t.Helper()
	if err := municipality.NewStore(d).Sync(context.Background()); err != nil {
		t.Fatalf("sync municipalities: %v", err)
	}
	return NewStore(d)
}

func mustCreate(t *testing.T, s *Store, in Input) Organization {
	t.Helper()
	o, err := s.Create(context.Background(), audit.System, in)
	if err != nil {
		t.Fatalf("Create(%+v) error = %v", in, err)
	}
	return o
}

// validationErrors returns the invalid fields of err, or fails when err is
// not a *validation.Error.
func validationErrors(t *testing.T, err error) validation.Errors {
	t.Helper()
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v (%T), want a *validation.Error", err, err)
	}
	return ve.Fields
}

func countRows(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// auditItems returns the audit entries that f selects, oldest first.
func auditItems(t *testing.T, d *db.DB, f audit.Filter) []audit.Item {
	t.Helper()
	f.Limit = 200
	page, err := audit.NewLog(d).List(context.Background(), f)
	if err != nil {
		t.Fatalf("audit List(%+v): %v", f, err)
	}
	items := page.Items
	for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
		items[i], items[j] = items[j], items[i]
	}
	return items
}

func TestNameKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mora kommun", "mora kommun"},
		{"MORA KOMMUN", "mora kommun"},
		{"  Mora \t  kommun\n", "mora kommun"},
		{"Malung-Sälens kommun", "malung-sälens kommun"},
		{"MALUNG-SÄLENS KOMMUN", "malung-sälens kommun"},
		{"Malung-Sa\u0308lens kommun", "malung-sälens kommun"}, // decomposed ä
		{"ÅRE ÄLVDALEN ÖRNSKÖLDSVIK", "åre älvdalen örnsköldsvik"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := nameKey(tt.in); got != tt.want {
			t.Errorf("nameKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := setup(t, d)
		start := clocktest.Now().Add(-time.Second)
		actor := audit.Actor{Label: "cli"}

		o, err := s.Create(ctx, actor, Input{
			Name: "  Polisen i Mora  ", Kind: "police", MunicipalityCodes: []string{" 2062", malung, mora, "", "  "},
		})
		if err != nil {
			t.Fatalf("Create() error = %v", err)
		}
		want := Organization{ID: o.ID, Name: "Polisen i Mora", Kind: "police", MunicipalityCodes: []string{malung, mora}}
		if diff := cmp.Diff(want, o, cmpopts.IgnoreFields(Organization{}, "CreatedAt", "UpdatedAt")); diff != "" {
			t.Errorf("Create() mismatch (-want +got):\n%s", diff)
		}
		if o.ID == 0 || o.CreatedAt.Before(start) || !o.UpdatedAt.Equal(o.CreatedAt) {
			t.Errorf("Create() = id %d, created %v, updated %v; want an id and both times now", o.ID, o.CreatedAt, o.UpdatedAt)
		}
		got, err := s.ByID(ctx, o.ID)
		if err != nil {
			t.Fatalf("ByID(%d) error = %v", o.ID, err)
		}
		if diff := cmp.Diff(o, got); diff != "" {
			t.Errorf("ByID(%d) mismatch (-Create +ByID):\n%s", o.ID, diff)
		}
		if _, err := s.ByID(ctx, o.ID+1000); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ByID(unknown) error = %v, want %v", err, db.ErrNotFound)
		}

		// Decomposed letters are stored composed.
		nfd := mustCreate(t, s, Input{Name: "A\u0308lvdalens kommun", Kind: "municipality", MunicipalityCodes: []string{alvdal}})
		if nfd.Name != "Älvdalens kommun" {
			t.Errorf("Create(decomposed name).Name = %q, want %q", nfd.Name, "Älvdalens kommun")
		}

		items := auditItems(t, d, audit.Filter{Entity: "organization", EntityID: audit.ID(o.ID)})
		if len(items) != 1 || items[0].Action != "create" || items[0].ActorLabel != "cli" || items[0].Before != "" {
			t.Fatalf("audit entries for %d = %+v, want one create by cli", o.ID, items)
		}
		var after Organization
		if err := json.Unmarshal([]byte(items[0].After), &after); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(o, after); diff != "" {
			t.Errorf("audit after mismatch (-Create +audit):\n%s", diff)
		}
	})
}

func TestCreateInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := setup(t, d)
		kinds := strings.Join(Kinds, ", ")
		ok := Input{Name: "Polisen i Mora", Kind: "police", MunicipalityCodes: []string{mora}}
		with := func(f func(*Input)) Input {
			in := ok
			in.MunicipalityCodes = append([]string(nil), ok.MunicipalityCodes...)
			f(&in)
			return in
		}

		tests := []struct {
			name string
			in   Input
			want validation.Errors
		}{
			{"empty name", with(func(in *Input) { in.Name = "" }),
				validation.Errors{"name": {Key: "error.required"}}},
			{"blank name", with(func(in *Input) { in.Name = " \t " }),
				validation.Errors{"name": {Key: "error.required"}}},
			{"name too long", with(func(in *Input) { in.Name = strings.Repeat("ö", 201) }),
				validation.Errors{"name": {Key: "error.too_long", Args: []any{200}}}},
			{"name with NUL", with(func(in *Input) { in.Name = "Polis\x00en" }),
				validation.Errors{"name": {Key: "error.invalid_text"}}},
			{"unknown kind", with(func(in *Input) { in.Kind = "pub" }),
				validation.Errors{"kind": {Key: "error.one_of", Args: []any{kinds}}}},
			{"kind in upper case", with(func(in *Input) { in.Kind = "POLICE" }),
				validation.Errors{"kind": {Key: "error.one_of", Args: []any{kinds}}}},
			{"no kind", with(func(in *Input) { in.Kind = "" }),
				validation.Errors{"kind": {Key: "error.choose"}}},
			{"no municipality", with(func(in *Input) { in.MunicipalityCodes = nil }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_required"}}},
			{"only blank municipalities", with(func(in *Input) { in.MunicipalityCodes = []string{"", "  "} }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_required"}}},
			{"unknown code", with(func(in *Input) { in.MunicipalityCodes = []string{unknown} }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_unknown", Args: []any{unknown}}}},
			{"unknown code among known ones", with(func(in *Input) { in.MunicipalityCodes = []string{mora, unknown, malung} }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_unknown", Args: []any{unknown}}}},
			{"five digits", with(func(in *Input) { in.MunicipalityCodes = []string{"20620"} }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_unknown", Args: []any{"20620"}}}},
			{"three digits", with(func(in *Input) { in.MunicipalityCodes = []string{"206"} }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_unknown", Args: []any{"206"}}}},
			{"letter O for zero", with(func(in *Input) { in.MunicipalityCodes = []string{"2O62"} }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_unknown", Args: []any{"2O62"}}}},
			{"name instead of code", with(func(in *Input) { in.MunicipalityCodes = []string{"Mora"} }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_unknown", Args: []any{"Mora"}}}},
			{"SQL in code", with(func(in *Input) { in.MunicipalityCodes = []string{"2062' OR '1'='1"} }),
				validation.Errors{"municipality_codes": {Key: "error.municipality_unknown", Args: []any{"2062' OR '1'='1"}}}},
			{"everything wrong", Input{Name: "", Kind: "pub", MunicipalityCodes: nil},
				validation.Errors{
					"name":               {Key: "error.required"},
					"kind":               {Key: "error.one_of", Args: []any{kinds}},
					"municipality_codes": {Key: "error.municipality_required"},
				}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				o, err := s.Create(ctx, audit.System, tt.in)
				if diff := cmp.Diff(tt.want, validationErrors(t, err)); diff != "" {
					t.Errorf("Create(%+v) invalid fields mismatch (-want +got):\n%s", tt.in, diff)
				}
				if diff := cmp.Diff(Organization{}, o); diff != "" {
					t.Errorf("Create(%+v) returned an organisation on error:\n%s", tt.in, diff)
				}
				for _, table := range []string{"organizations", "organization_municipalities", "audit_log"} {
					if n := countRows(t, d, table); n != 0 {
						t.Errorf("%s after rejected Create = %d rows, want 0", table, n)
					}
				}
			})
		}
	})
}

func TestCreateDuplicateName(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := setup(t, d)
		mustCreate(t, s, Input{Name: "Mora kommun", Kind: "municipality", MunicipalityCodes: []string{mora}})
		mustCreate(t, s, Input{Name: "Malung-Sälens kommun", Kind: "municipality", MunicipalityCodes: []string{malung}})
		tests := []struct {
			name    string
			in      string
			wantErr bool
		}{
			{"same name", "Mora kommun", true},
			{"upper case", "MORA KOMMUN", true},
			{"lower case", "mora kommun", true},
			{"extra white space", "  Mora    kommun ", true},
			{"Swedish letters, other case", "malung-sälens KOMMUN", true},
			{"Swedish letters, all upper case", "MALUNG-SÄLENS KOMMUN", true},
			{"decomposed ä", "Malung-Sa\u0308lens kommun", true},
			{"decomposed Ä in upper case", "MALUNG-SA\u0308LENS KOMMUN", true},
			{"a instead of ä is another name", "Malung-Salens kommun", false},
			{"longer name", "Mora kommun, räddningstjänsten", false},
			{"hyphen differs", "Malung Sälens kommun", false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				orgs, links, entries := countRows(t, d, "organizations"), countRows(t, d, "organization_municipalities"), countRows(t, d, "audit_log")
				o, err := s.Create(ctx, audit.System, Input{Name: tt.in, Kind: "municipality", MunicipalityCodes: []string{orsa}})
				if !tt.wantErr {
					if err != nil {
						t.Errorf("Create(%q) error = %v, want nil", tt.in, err)
					}
					return
				}
				want := validation.Errors{"name": {Key: "error.name_taken"}}
				if diff := cmp.Diff(want, validationErrors(t, err)); diff != "" {
					t.Errorf("Create(%q) invalid fields mismatch (-want +got):\n%s", tt.in, diff)
				}
				if o.ID != 0 {
					t.Errorf("Create(%q) = %+v on error, want no organisation", tt.in, o)
				}
				if got := countRows(t, d, "organizations"); got != orgs {
					t.Errorf("organizations after Create(%q) = %d, want %d", tt.in, got, orgs)
				}
				if got := countRows(t, d, "organization_municipalities"); got != links {
					t.Errorf("organization_municipalities after Create(%q) = %d, want %d", tt.in, got, links)
				}
				if got := countRows(t, d, "audit_log"); got != entries {
					t.Errorf("audit entries after Create(%q) = %d, want %d", tt.in, got, entries)
				}
			})
		}
	})
}

func TestUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := setup(t, d)
		police := mustCreate(t, s, Input{Name: "Polisen i Mora", Kind: "police", MunicipalityCodes: []string{mora}})
		mustCreate(t, s, Input{Name: "Malung-Sälens kommun", Kind: "municipality", MunicipalityCodes: []string{malung}})
		admin := audit.Actor{UserID: 0, Label: "cli"}

		rejected := []struct {
			name string
			in   Input
			want validation.Errors
		}{
			{"name of another", Input{Name: "MALUNG-SÄLENS kommun", Kind: "police", MunicipalityCodes: []string{mora}},
				validation.Errors{"name": {Key: "error.name_taken"}}},
			{"invalid fields", Input{Name: " ", Kind: "bar", MunicipalityCodes: []string{unknown}},
				validation.Errors{
					"name":               {Key: "error.required"},
					"kind":               {Key: "error.one_of", Args: []any{strings.Join(Kinds, ", ")}},
					"municipality_codes": {Key: "error.municipality_unknown", Args: []any{unknown}},
				}},
			{"no municipality left", Input{Name: "Polisen i Mora", Kind: "police", MunicipalityCodes: []string{}},
				validation.Errors{"municipality_codes": {Key: "error.municipality_required"}}},
		}
		for _, tt := range rejected {
			t.Run(tt.name, func(t *testing.T) {
				entries := countRows(t, d, "audit_log")
				_, err := s.Update(ctx, admin, police.ID, tt.in)
				if diff := cmp.Diff(tt.want, validationErrors(t, err)); diff != "" {
					t.Errorf("Update(%+v) invalid fields mismatch (-want +got):\n%s", tt.in, diff)
				}
				got, err := s.ByID(ctx, police.ID)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(police, got); diff != "" {
					t.Errorf("organisation changed by a rejected Update (-before +after):\n%s", diff)
				}
				if n := countRows(t, d, "audit_log"); n != entries {
					t.Errorf("audit entries after rejected Update = %d, want %d", n, entries)
				}
			})
		}

		t.Run("not found", func(t *testing.T) {
			_, err := s.Update(ctx, admin, police.ID+1000, Input{Name: "Ny", Kind: "police", MunicipalityCodes: []string{mora}})
			if !errors.Is(err, db.ErrNotFound) {
				t.Errorf("Update(unknown) error = %v, want %v", err, db.ErrNotFound)
			}
		})

		var renamed Organization
		t.Run("change everything", func(t *testing.T) {
			var err error
			renamed, err = s.Update(ctx, admin, police.ID, Input{
				Name: "Lokalpolisområde Mora", Kind: "rescue_service", MunicipalityCodes: []string{orsa, alvdal, mora, orsa},
			})
			if err != nil {
				t.Fatalf("Update() error = %v", err)
			}
			want := Organization{ID: police.ID, Name: "Lokalpolisområde Mora", Kind: "rescue_service",
				MunicipalityCodes: []string{orsa, alvdal, mora}, CreatedAt: police.CreatedAt}
			if diff := cmp.Diff(want, renamed, cmpopts.IgnoreFields(Organization{}, "UpdatedAt")); diff != "" {
				t.Errorf("Update() mismatch (-want +got):\n%s", diff)
			}
			if renamed.UpdatedAt.Before(police.UpdatedAt) {
				t.Errorf("Update().UpdatedAt = %v, before %v", renamed.UpdatedAt, police.UpdatedAt)
			}
			got, err := s.ByID(ctx, police.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(renamed, got); diff != "" {
				t.Errorf("ByID after Update mismatch (-Update +ByID):\n%s", diff)
			}
			// The old name is free again.
			mustCreate(t, s, Input{Name: "POLISEN I MORA", Kind: "police", MunicipalityCodes: []string{mora}})

			items := auditItems(t, d, audit.Filter{Entity: "organization", EntityID: audit.ID(police.ID)})
			if len(items) != 2 || items[1].Action != "update" || items[1].ActorLabel != "cli" {
				t.Fatalf("audit entries = %+v, want a create and an update by cli", items)
			}
			var before, after Organization
			if err := json.Unmarshal([]byte(items[1].Before), &before); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(items[1].After), &after); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(police, before); diff != "" {
				t.Errorf("audit before mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(renamed, after); diff != "" {
				t.Errorf("audit after mismatch (-want +got):\n%s", diff)
			}
		})

		t.Run("own name in another case", func(t *testing.T) {
			got, err := s.Update(ctx, admin, police.ID, Input{Name: "LOKALPOLISOMRÅDE MORA", Kind: "police", MunicipalityCodes: []string{mora}})
			if err != nil {
				t.Fatalf("Update(own name in upper case) error = %v", err)
			}
			if got.Name != "LOKALPOLISOMRÅDE MORA" || !cmp.Equal(got.MunicipalityCodes, []string{mora}) {
				t.Errorf("Update(own name in upper case) = %+v", got)
			}
			if n := countRows(t, d, "organization_municipalities WHERE organization_id = "+fmt.Sprint(police.ID)); n != 1 {
				t.Errorf("municipality links after Update = %d, want 1", n)
			}
		})
	})
}

func TestByName(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := setup(t, d)
		moraOrg := mustCreate(t, s, Input{Name: "Mora kommun", Kind: "municipality", MunicipalityCodes: []string{mora}})
		malungOrg := mustCreate(t, s, Input{Name: "Malung-Sälens kommun", Kind: "municipality", MunicipalityCodes: []string{malung, orsa}})

		tests := []struct {
			name string
			want Organization
		}{
			{"Mora kommun", moraOrg},
			{"MORA KOMMUN", moraOrg},
			{"  mora   kommun ", moraOrg},
			{"malung-sälens KOMMUN", malungOrg},
			{"MALUNG-SÄLENS KOMMUN", malungOrg},
			{"Malung-Sa\u0308lens kommun", malungOrg},
		}
		for _, tt := range tests {
			got, err := s.ByName(ctx, tt.name)
			if err != nil {
				t.Errorf("ByName(%q) error = %v", tt.name, err)
				continue
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ByName(%q) mismatch (-want +got):\n%s", tt.name, diff)
			}
		}
		for _, name := range []string{"Mora", "Mora kommun!", "Malung-Salens kommun", ""} {
			if got, err := s.ByName(ctx, name); !errors.Is(err, db.ErrNotFound) {
				t.Errorf("ByName(%q) = %+v, %v, want %v", name, got, err, db.ErrNotFound)
			}
		}
	})
}

func TestList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := setup(t, d)
		// Created out of order: List orders by name, case-insensitively.
		inputs := []Input{
			{Name: "Echo AB", Kind: "company", MunicipalityCodes: []string{mora}},
			{Name: "alfa förening", Kind: "association", MunicipalityCodes: []string{mora, malung}},
			{Name: "Golf AB", Kind: "company", MunicipalityCodes: []string{orsa}},
			{Name: "Charlie vakt", Kind: "security_company", MunicipalityCodes: []string{mora}},
			{Name: "BRAVO POLIS", Kind: "police", MunicipalityCodes: []string{malung}},
			{Name: "Foxtrot vård", Kind: "healthcare", MunicipalityCodes: []string{mora}},
			{Name: "delta räddning", Kind: "rescue_service", MunicipalityCodes: []string{mora, orsa}},
		}
		byName := map[string]Organization{}
		for _, in := range inputs {
			o := mustCreate(t, s, in)
			byName[o.Name] = o
		}
		names := func(items []Organization) []string {
			out := []string{}
			for _, o := range items {
				out = append(out, o.Name)
			}
			return out
		}
		all := []string{"alfa förening", "BRAVO POLIS", "Charlie vakt", "delta räddning", "Echo AB", "Foxtrot vård", "Golf AB"}
		inMora := []string{"alfa förening", "Charlie vakt", "delta räddning", "Echo AB", "Foxtrot vård"}

		tests := []struct {
			code  string
			limit int
			want  [][]string
		}{
			{"", 0, [][]string{all}},
			{"", 7, [][]string{all}},
			{"", 3, [][]string{all[:3], all[3:6], all[6:]}},
			{"", 2, [][]string{all[:2], all[2:4], all[4:6], all[6:]}},
			{mora, 0, [][]string{inMora}},
			{mora, 2, [][]string{inMora[:2], inMora[2:4], inMora[4:]}},
			{mora, 5, [][]string{inMora}},
			{malung, 1, [][]string{{"alfa förening"}, {"BRAVO POLIS"}}},
			{orsa, 0, [][]string{{"delta räddning", "Golf AB"}}},
			{alvdal, 0, [][]string{{}}},
			{unknown, 3, [][]string{{}}},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("code %q limit %d", tt.code, tt.limit), func(t *testing.T) {
				var pages [][]string
				cursor := ""
				for range 10 {
					page, err := s.List(ctx, Filter{MunicipalityCode: tt.code, Cursor: cursor, Limit: tt.limit})
					if err != nil {
						t.Fatalf("List(%q, %q, %d) error = %v", tt.code, cursor, tt.limit, err)
					}
					pages = append(pages, names(page.Items))
					for _, o := range page.Items {
						if diff := cmp.Diff(byName[o.Name], o); diff != "" {
							t.Errorf("List item %q mismatch (-Create +List):\n%s", o.Name, diff)
						}
					}
					if page.Next == "" {
						break
					}
					cursor = page.Next
				}
				if diff := cmp.Diff(tt.want, pages); diff != "" {
					t.Errorf("List(code %q, limit %d) pages mismatch (-want +got):\n%s", tt.code, tt.limit, diff)
				}
			})
		}

		t.Run("bad cursor", func(t *testing.T) {
			for _, c := range []string{"not a cursor!", "eA", db.Cursor{Key: "x", ID: -1}.Encode()} {
				if _, err := s.List(ctx, Filter{Cursor: c}); !errors.Is(err, db.ErrBadCursor) {
					t.Errorf("List(cursor %q) error = %v, want %v", c, err, db.ErrBadCursor)
				}
			}
		})
	})
}
