package premises

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestMatches(t *testing.T) {
	p := Premises{Name: "Åkes Krog", HolderName: "Åke Bar AB", RestaurantNumber: "20230007",
		OrganizationNumber: "556012-5790", Address: "Lindvallen 10, 780 67 Sälen"}
	tests := []struct {
		query string
		want  bool
	}{
		{"", true},
		{"  ", true},
		{"åkes", true}, // Swedish letters in another case
		{"ÅKES KROG", true},
		{"åkes   krog", true}, // white space collapsed
		{"bar ab", true},      // the licence holder
		{"0007", true},        // the restaurant number
		{"556012-5790", true}, // the organisation number as written
		{"5560125790", true},  // without its hyphen
		{"556012 5790", true}, // with a space
		{"lindvallen", true},  // the address
		{"780 67", true},
		{"puben", false},
		{"9999", false},
		{"55601257901", false},
	}
	for _, tt := range tests {
		if got := p.Matches(tt.query); got != tt.want {
			t.Errorf("Matches(%q) = %v, want %v", tt.query, got, tt.want)
		}
	}
}

func TestListSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		ps := f.register(t, "Ölstugan", "Åkes krog", "Puben", "Ölkällaren", "Krogen Öl & Mat")
		in := InputOf(ps[3])
		in.Status = Closed
		if _, err := f.s.Update(ctx, actor, ps[3].ID, in); err != nil {
			t.Fatal(err)
		}
		search := func(f Filter) (names []string) {
			t.Helper()
			cursor := ""
			for range 10 {
				f.Cursor = cursor
				page, err := NewStore(d).List(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range page.Items {
					names = append(names, p.Name)
				}
				if cursor = page.Next; cursor == "" {
					return names
				}
			}
			t.Fatal("List() pages never end")
			return nil
		}
		// Pages of one through a search, in restaurant-number order.
		if diff := cmp.Diff([]string{"Ölstugan", "Ölkällaren", "Krogen Öl & Mat"},
			search(Filter{MunicipalityCode: "2023", Query: "öl", Limit: 1})); diff != "" {
			t.Errorf("List(öl) (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"Ölstugan", "Krogen Öl & Mat"},
			search(Filter{MunicipalityCode: "2023", Query: "ÖL", Status: Open, Limit: 2})); diff != "" {
			t.Errorf("List(ÖL, open) (-want +got):\n%s", diff)
		}
		if got := search(Filter{MunicipalityCode: "2062", Query: "öl"}); len(got) != 0 {
			t.Errorf("List(2062, öl) = %v, want none: another municipality's", got)
		}
		if got := search(Filter{MunicipalityCode: "2023", Query: "20230003"}); !cmp.Equal(got, []string{"Puben"}) {
			t.Errorf("List(20230003) = %v, want Puben", got)
		}
	})
}

func TestChanges(t *testing.T) {
	before := Premises{Name: "Kåtan", StreetAddress: "Lindvallen 10", Lat: new(61.1619), Lon: new(13.1915),
		LicenceType: PermanentPublic, Status: Open, ServingHours: "11.00–01.00"}
	after := before
	after.Name, after.Status, after.Lat, after.Lon = "Restaurang Kåtan", Closed, nil, nil
	want := []Change{
		{Field: "name", Before: "Kåtan", After: "Restaurang Kåtan"},
		{Field: "lat", Before: "61.1619", After: ""},
		{Field: "lon", Before: "13.1915", After: ""},
		{Field: "status", Before: Open, After: Closed},
	}
	if diff := cmp.Diff(want, Changes(before, after)); diff != "" {
		t.Errorf("Changes() (-want +got):\n%s", diff)
	}
	if got := Changes(before, before); len(got) != 0 {
		t.Errorf("Changes(same) = %v, want none", got)
	}
}

// FuzzMatches feeds the search anything: it never panics, a premises is
// always found by its own name and number (in any case), and a query that
// finds it keeps finding it with its case changed.
func FuzzMatches(f *testing.F) {
	for _, s := range [][2]string{{"Åkes Krog", "åk"}, {"Ölstugan", "ÖL"}, {"", ""}, {"K", "5560125790"}, {"\xff", "\xff"},
		{"Bar", "  bar  "}, {"İstanbul", "i̇"}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, name, query string) {
		p := Premises{Name: name, RestaurantNumber: "20230001", OrganizationNumber: "556012-5790"}
		// Upper case folds back to the same words for most text, not for
		// all ("ß" becomes "SS"): the property holds where it does.
		sameFolded := func(s string) bool { return searchKey(strings.ToUpper(s)) == searchKey(s) }
		if !p.Matches(name) || (sameFolded(name) && !p.Matches(strings.ToUpper(name))) {
			t.Errorf("%q is not found by its own name", name)
		}
		if !p.Matches("20230001") || !p.Matches("5560125790") {
			t.Error("a premises is not found by its numbers")
		}
		if p.Matches(query) && sameFolded(query) && !p.Matches(strings.ToUpper(query)) {
			t.Errorf("Matches(%q) but not its upper case", query)
		}
	})
}
