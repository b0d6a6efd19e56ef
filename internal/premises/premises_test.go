package premises

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/validation"
)

var actor = audit.Actor{Label: "test"}

// fixture is a database with the municipalities, the parties of Sälen
// (the municipality, the police, the destination) and Mora kommun, and a
// promise (a draft) in each of Malung-Sälen and Mora.
type fixture struct {
	d                                     *db.DB
	s                                     *Store
	malung, police, destination, mora     int64
	visitsCommitment, policeCommitment    int64 // Sälen's: the municipality's visits, the police's controls
	moraCommitment, destinationCommitment int64
	moraPoliceCommitment                  int64 // the police's in Mora
	salenPromise                          int64
}

func setup(t *testing.T, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatalf("sync municipalities: %v", err)
	}
	orgs := org.NewStore(d)
	mk := func(name, kind string, codes ...string) int64 {
		o, err := orgs.Create(ctx, actor, org.Input{Name: name, Kind: kind, MunicipalityCodes: codes})
		if err != nil {
			t.Fatalf("create %s: %v", name, err)
		}
		return o.ID
	}
	f := fixture{d: d, s: NewStore(d),
		malung: mk("Malung-Sälens kommun", "municipality", "2023"), police: mk("Polisen", "police", "2023", "2062"),
		destination: mk("Destination Sälenfjällen", "company", "2023"), mora: mk("Mora kommun", "municipality", "2062")}
	ps := promise.NewStore(d)
	one := 1.0
	salen, err := ps.Create(ctx, actor, promise.Input{Title: "Sälen", MunicipalityCode: "2023", Problem: "p", Effect: "e",
		StartsOn: "2016-12-09", EndsOn: "2018-04-30", Commitments: []promise.CommitmentInput{
			{OrganizationID: sid(f.malung), Text: "Minst ett protokollfört besök på varje serveringsställe", Target: &one, Unit: "besök"},
			{OrganizationID: sid(f.police), Text: "Trafikkontroller"},
			{OrganizationID: sid(f.destination), Text: "Information"},
		}})
	if err != nil {
		t.Fatalf("create promise: %v", err)
	}
	mora, err := ps.Create(ctx, actor, promise.Input{Title: "Noret", MunicipalityCode: "2062", Problem: "p", Effect: "e",
		StartsOn: "2016-10-01", EndsOn: "2016-12-31", Commitments: []promise.CommitmentInput{
			{OrganizationID: sid(f.mora), Text: "Fältarbetare"}, {OrganizationID: sid(f.police), Text: "Synlig polis"}}})
	if err != nil {
		t.Fatalf("create promise: %v", err)
	}
	f.salenPromise = salen.ID
	f.visitsCommitment, f.policeCommitment, f.destinationCommitment = salen.Commitments[0].ID, salen.Commitments[1].ID, salen.Commitments[2].ID
	f.moraCommitment, f.moraPoliceCommitment = mora.Commitments[0].ID, mora.Commitments[1].ID
	return f
}

func sid(id int64) string { return strconv.FormatInt(id, 10) }

func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a validation error", err)
	}
	out := map[string]string{}
	for f, m := range ve.Fields {
		out[f] = m.Key
	}
	return out
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func kataan() Input {
	return Input{Name: "Restaurang Kåtan", RestaurantNumber: "20230001", OrganizationNumber: "5560125790",
		HolderName: "Kåtan i Lindvallen AB", StreetAddress: "Lindvallen 10", PostalCode: "78067", PostalArea: "Sälen",
		MunicipalityCode: "2023", Lat: new(61.1619), Lon: new(13.1915), LicenceType: "Stadigvarande tillstånd till allmänheten",
		ServingHours: "11.00–01.00"}
}

func TestCreatePremises(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		p, err := f.s.Create(ctx, actor, kataan())
		if err != nil {
			t.Fatalf("Create() error = %v", err)
		}
		want := Premises{ID: p.ID, MunicipalityCode: "2023", RestaurantNumber: "20230001", Name: "Restaurang Kåtan",
			OrganizationNumber: "556012-5790", HolderName: "Kåtan i Lindvallen AB", Address: "Lindvallen 10, 780 67 Sälen",
			StreetAddress: "Lindvallen 10", PostalCode: "780 67", PostalArea: "Sälen", Lat: new(61.1619), Lon: new(13.1915),
			LicenceType: PermanentPublic, ServingHours: "11.00–01.00", Status: Open, Version: 1}
		ignore := cmpopts.IgnoreFields(Premises{}, "CreatedAt", "UpdatedAt")
		if diff := cmp.Diff(want, p, ignore); diff != "" {
			t.Errorf("Create() mismatch (-want +got):\n%s", diff)
		}
		got, err := f.s.ByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(p, got); diff != "" {
			t.Errorf("ByID() mismatch (-created +read):\n%s", diff)
		}
		if _, err := f.s.ByID(ctx, p.ID+100); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ByID(unknown) error = %v, want ErrNotFound", err)
		}
		byNumber, err := f.s.ByRestaurantNumber(ctx, "20230001")
		if err != nil || byNumber.ID != p.ID {
			t.Errorf("ByRestaurantNumber() = %d, %v", byNumber.ID, err)
		}

		// One address field is enough.
		in := kataan()
		in.RestaurantNumber, in.StreetAddress, in.PostalCode, in.PostalArea, in.Address = "20230002", "", "", "", "Tandådalen 3, Sälen"
		in.Lat, in.Lon, in.Status = nil, nil, Closed
		p2, err := f.s.Create(ctx, actor, in)
		if err != nil || p2.Address != "Tandådalen 3, Sälen" || p2.StreetAddress != "Tandådalen 3, Sälen" || p2.Status != Closed {
			t.Errorf("Create(address on one line) = %+v, %v", p2, err)
		}
		if n := count(t, d, "premises_versions"); n != 2 {
			t.Errorf("%d versions, want one per premises", n)
		}
	})
}

func TestCreatePremisesInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		if _, err := f.s.Create(ctx, actor, kataan()); err != nil {
			t.Fatal(err)
		}
		audits, versions := count(t, d, "audit_log"), count(t, d, "premises_versions")
		tests := []struct {
			name   string
			change func(*Input)
			want   map[string]string
		}{
			{"nothing", func(in *Input) { *in = Input{} }, map[string]string{"name": "error.required", "restaurant_number": "error.required",
				"organization_number": "error.required", "holder_name": "error.required", "municipality_code": "error.choose",
				"licence_type": "error.choose"}},
			{"restaurant number of another municipality", func(in *Input) { in.RestaurantNumber = "20620002" },
				map[string]string{"restaurant_number": "error.restaurant_number_municipality"}},
			{"restaurant number too short", func(in *Input) { in.RestaurantNumber = "2023001" },
				map[string]string{"restaurant_number": "error.restaurant_number"}},
			{"restaurant number with letters", func(in *Input) { in.RestaurantNumber = "2023000A" },
				map[string]string{"restaurant_number": "error.restaurant_number"}},
			{"restaurant number taken", func(in *Input) {}, map[string]string{"restaurant_number": "error.restaurant_number_taken"}},
			{"organisation number check digit", func(in *Input) { in.RestaurantNumber, in.OrganizationNumber = "20230005", "556012-5791" },
				map[string]string{"organization_number": "error.organization_number_check"}},
			{"organisation number form", func(in *Input) { in.RestaurantNumber, in.OrganizationNumber = "20230005", "5560-125790" },
				map[string]string{"organization_number": "error.organization_number"}},
			{"unknown municipality", func(in *Input) { in.RestaurantNumber, in.MunicipalityCode = "99990001", "9999" },
				map[string]string{"municipality_code": "error.municipality_unknown"}},
			{"licence type", func(in *Input) { in.RestaurantNumber, in.LicenceType = "20230005", "pub" },
				map[string]string{"licence_type": "error.one_of"}},
			{"status", func(in *Input) { in.RestaurantNumber, in.Status = "20230005", "gone" }, map[string]string{"status": "error.one_of"}},
			{"postal code", func(in *Input) { in.RestaurantNumber, in.PostalCode = "20230005", "7806" },
				map[string]string{"postal_code": "error.postal_code"}},
			{"two addresses", func(in *Input) { in.RestaurantNumber, in.Address = "20230005", "Annan väg 1" },
				map[string]string{"address": "error.address_twice"}},
			{"half a position", func(in *Input) { in.RestaurantNumber, in.Lon = "20230005", nil }, map[string]string{"lon": "error.position_pair"}},
			{"position swapped", func(in *Input) { in.RestaurantNumber, in.Lat, in.Lon = "20230005", new(13.19), new(61.16) },
				map[string]string{"lat": "error.outside_sweden"}},
			{"name too long", func(in *Input) { in.RestaurantNumber, in.Name = "20230005", strings.Repeat("å", 201) },
				map[string]string{"name": "error.too_long"}},
			{"name with a NUL", func(in *Input) { in.RestaurantNumber, in.Name = "20230005", "Kåtan\x00" },
				map[string]string{"name": "error.invalid_text"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := kataan()
				tt.change(&in)
				_, err := f.s.Create(ctx, actor, in)
				if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
					t.Errorf("Create() errors (-want +got):\n%s", diff)
				}
			})
		}
		if n := count(t, d, "premises"); n != 1 {
			t.Errorf("%d premises stored, want only the first", n)
		}
		if a, v := count(t, d, "audit_log"), count(t, d, "premises_versions"); a != audits || v != versions {
			t.Errorf("rejected creations wrote %d audit entries and %d versions", a-audits, v-versions)
		}
	})
}

func TestUpdatePremisesAndHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		p, err := f.s.Create(ctx, actor, kataan())
		if err != nil {
			t.Fatal(err)
		}
		in := InputOf(p)
		in.ServingHours, in.HolderName = "11.00–02.00", "Nya Kåtan AB"
		changed, err := f.s.Update(ctx, audit.Actor{Label: "alkohol@demo.example"}, p.ID, in)
		if err != nil {
			t.Fatalf("Update() error = %v", err)
		}
		if changed.Version != 2 || changed.ServingHours != "11.00–02.00" || !changed.CreatedAt.Equal(p.CreatedAt) {
			t.Errorf("Update() = version %d, hours %q", changed.Version, changed.ServingHours)
		}
		// Saving the same again is no new version.
		again, err := f.s.Update(ctx, actor, p.ID, InputOf(changed))
		if err != nil || again.Version != 2 {
			t.Errorf("Update(unchanged) = version %d, %v; want 2", again.Version, err)
		}
		in.Status = Closed
		if _, err := f.s.Update(ctx, actor, p.ID, in); err != nil {
			t.Fatal(err)
		}
		history, err := f.s.History(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range history {
			got = append(got, strconv.Itoa(v.Version)+" "+v.ActorLabel+" "+v.Premises.HolderName+" "+v.Premises.Status)
		}
		want := []string{"3 test Nya Kåtan AB closed", "2 alkohol@demo.example Nya Kåtan AB open", "1 test Kåtan i Lindvallen AB open"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("History() (-want +got):\n%s", diff)
		}

		// A premises stays in its municipality.
		in = InputOf(p)
		in.MunicipalityCode, in.RestaurantNumber = "2062", "20620001"
		if _, err := f.s.Update(ctx, actor, p.ID, in); fields(t, err)["municipality_code"] != "error.municipality_fixed" {
			t.Errorf("Update(other municipality) error = %v", err)
		}
		if _, err := f.s.Update(ctx, actor, p.ID+100, InputOf(p)); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Update(unknown) error = %v", err)
		}
		if _, err := f.s.History(ctx, p.ID+100); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("History(unknown) error = %v", err)
		}
	})
}

func TestListPremises(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		for _, n := range []string{"0003", "0001", "0005", "0002", "0004"} {
			in := kataan()
			in.RestaurantNumber, in.Name = "2023"+n, "Ställe "+n
			if n == "0004" {
				in.Status = Closed
			}
			if _, err := f.s.Create(ctx, actor, in); err != nil {
				t.Fatal(err)
			}
		}
		mora := kataan()
		mora.RestaurantNumber, mora.MunicipalityCode = "20620001", "2062"
		if _, err := f.s.Create(ctx, actor, mora); err != nil {
			t.Fatal(err)
		}
		var got []string
		cursor := ""
		for range 10 {
			page, err := f.s.List(ctx, Filter{MunicipalityCode: "2023", Cursor: cursor, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Items {
				got = append(got, p.RestaurantNumber)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		if diff := cmp.Diff([]string{"20230001", "20230002", "20230003", "20230004", "20230005"}, got); diff != "" {
			t.Errorf("List() pages (-want +got):\n%s", diff)
		}
		open, err := f.s.List(ctx, Filter{MunicipalityCode: "2023", Status: Open})
		if err != nil || len(open.Items) != 4 || open.Next != "" {
			t.Errorf("List(open) = %d items, next %q, %v", len(open.Items), open.Next, err)
		}
		all, err := f.s.All(ctx, "2062")
		if err != nil || len(all) != 1 {
			t.Errorf("All(2062) = %d, %v", len(all), err)
		}
		if _, err := f.s.List(ctx, Filter{MunicipalityCode: "2023", Cursor: "not a cursor"}); !errors.Is(err, db.ErrBadCursor) {
			t.Errorf("List(bad cursor) error = %v", err)
		}
	})
}

// at is a time in Sweden.
func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, zone())
	if err != nil {
		panic(err)
	}
	return t
}
