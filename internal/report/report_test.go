package report

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Stockholm on hosts without zoneinfo

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/validation"
)

// Municipality codes used by the tests.
const (
	mora    = CodeMora
	salen   = CodeMalungSalen
	orsa    = "2034"
	unknown = "9999"
)

// fixture is a database with municipalities, the shipped places and areas,
// and organisations in Sälen and Mora.
type fixture struct {
	d      *db.DB
	s      *Store
	guards int64 // security company in Sälen
	mora   int64 // Mora kommun
	police int64 // the police, in both
	orsa   int64 // an organisation in Orsa only
	now    time.Time
}

// fixedNow is the clock of the tests: Saturday 21 February 2026, week 8.
var fixedNow = time.Date(2026, time.February, 21, 12, 0, 0, 0, time.UTC)

func setup(t testing.TB, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatalf("sync municipalities: %v", err)
	}
	os := org.NewStore(d)
	mk := func(name, kind string, codes ...string) int64 {
		o, err := os.Create(ctx, audit.System, org.Input{Name: name, Kind: kind, MunicipalityCodes: codes})
		if err != nil {
			t.Fatalf("create organization %s: %v", name, err)
		}
		return o.ID
	}
	f := &fixture{d: d, s: NewStore(d), now: fixedNow}
	f.s.now = func() time.Time { return f.now }
	f.guards = mk("Sälens Ordningsvakter", "security_company", salen)
	f.mora = mk("Mora kommun", "municipality", mora)
	f.police = mk("Polisen LPO Mora", "police", mora, salen)
	f.orsa = mk("Orsa kommun", "municipality", orsa)
	if err := f.s.Seed(ctx, audit.System); err != nil {
		t.Fatalf("Seed() error = %v", err)
	}
	return f
}

// validInput is a report that Create accepts, as the guards in Sälen would
// make it.
func validInput() Input {
	return Input{
		Category:         "Berusade personer",
		OccurredAt:       "2026-02-20T16:30:00+01:00",
		MunicipalityCode: salen,
		Place:            "Lindvallen",
		Lat:              new(61.1625),
		Lon:              new(13.19),
		Count:            new(3),
		Assessment:       "Stökigt",
		Description:      "Tre berusade gäster avvisades vid afterski.",
		ExternalID:       "app-1",
	}
}

// fieldKeys returns field → message key of a validation error, or fails.
func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v (%T), want a *validation.Error", err, err)
	}
	out := map[string]string{}
	for f, m := range ve.Fields {
		out[f] = m.Key
	}
	return out
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// checkWeeks fails unless the weekly counts and the first weeks agree with
// the reports they are kept from.
func checkWeeks(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	read := func(q string) map[string]int {
		rows, err := d.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var m, c string
			var w, a, p, n int
			if err := rows.Scan(&m, &w, &a, &p, &c, &n); err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("%s %d a%d p%d %s", m, w, a, p, c)] = n
		}
		return out
	}
	kept := read(`SELECT municipality_code, week, area_id, place_id, category, count FROM report_weeks`)
	fresh := read(`SELECT municipality_code, week, COALESCE(area_id, 0), COALESCE(place_id, 0), category, SUM(count)
		FROM reports WHERE municipality_code IS NOT NULL AND NOT is_summary
		GROUP BY municipality_code, week, COALESCE(area_id, 0), COALESCE(place_id, 0), category`)
	if diff := cmp.Diff(fresh, kept); diff != "" {
		t.Errorf("report_weeks differs from the reports (-from reports +kept):\n%s", diff)
	}
	firsts := func(q string) map[string]int {
		rows, err := d.QueryContext(ctx, q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var m, c string
			var w int
			if err := rows.Scan(&m, &c, &w); err != nil {
				t.Fatal(err)
			}
			out[m+" "+c] = w
		}
		return out
	}
	if diff := cmp.Diff(
		firsts(`SELECT municipality_code, category, MIN(week) FROM reports WHERE municipality_code IS NOT NULL AND NOT is_summary GROUP BY municipality_code, category`),
		firsts(`SELECT municipality_code, category, week FROM report_first_weeks`)); diff != "" {
		t.Errorf("report_first_weeks differs from the reports (-from reports +kept):\n%s", diff)
	}
}

func TestCreate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		in := validInput()
		in.Category = "  berusade   PERSONER " // matched to the checklist's spelling
		r, created, err := f.s.Create(ctx, audit.Actor{Label: "test"}, f.guards, in)
		if err != nil {
			t.Fatalf("Create() error = %v", err)
		}
		if !created {
			t.Error("Create() created = false for a new report")
		}
		want := Report{
			ID: r.ID, Source: SourceReport, OrganizationID: f.guards, ExternalID: "app-1", Category: "Berusade personer",
			OccurredAt: time.Date(2026, 2, 20, 16, 30, 0, 0, zone()), Week: Week{2026, 8}, MunicipalityCode: salen,
			CountyCode: "20", Place: "Lindvallen", Area: "Lindvallen", Lat: new(61.1625), Lon: new(13.19), Count: 3,
			Assessment: "Stökigt", Description: "Tre berusade gäster avvisades vid afterski.", Visibility: VisibilityMunicipality,
		}
		opts := cmpopts.IgnoreFields(Report{}, "CreatedAt")
		if diff := cmp.Diff(want, r, opts); diff != "" {
			t.Errorf("Create() mismatch (-want +got):\n%s", diff)
		}
		got, err := f.s.Get(ctx, r.ID)
		if err != nil {
			t.Fatalf("Get(%d) error = %v", r.ID, err)
		}
		if diff := cmp.Diff(want, got, opts); diff != "" {
			t.Errorf("Get() mismatch (-want +got):\n%s", diff)
		}
		if !got.CreatedAt.Equal(r.CreatedAt) {
			t.Errorf("Get().CreatedAt = %v, Create() said %v", got.CreatedAt, r.CreatedAt)
		}
		if _, err := f.s.Get(ctx, r.ID+1000); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Get(missing) error = %v, want ErrNotFound", err)
		}
		var wk, wd, hr int
		if err := d.QueryRowContext(ctx, `SELECT week, weekday, hour FROM reports WHERE id = ?`, r.ID).Scan(&wk, &wd, &hr); err != nil {
			t.Fatal(err)
		}
		if wk != 202608 || wd != 4 || hr != 16 {
			t.Errorf("stored week, weekday, hour = %d, %d, %d; want 202608, 4 (Friday), 16", wk, wd, hr)
		}
		items, err := audit.NewLog(d).List(ctx, audit.Filter{Entity: "report"})
		if err != nil || len(items.Items) != 1 || items.Items[0].Action != "create" || items.Items[0].ActorLabel != "test" {
			t.Errorf("audit of Create = %+v, %v; want one create entry", items.Items, err)
		}

		// A report with only the municipality and the essentials.
		r2, _, err := f.s.Create(ctx, audit.System, f.mora, Input{Category: "Klotter", OccurredAt: "2026-02-21T09:00:00Z", MunicipalityCode: mora})
		if err != nil {
			t.Fatalf("Create(minimal) error = %v", err)
		}
		if r2.Count != 1 || r2.Place != "" || r2.Area != "" || r2.Lat != nil || r2.Visibility != VisibilityMunicipality || r2.ExternalID != "" {
			t.Errorf("Create(minimal) = %+v; want count 1, no place, area, position or external id", r2)
		}
		// A place without a pin puts the report in the place's area.
		r3, _, err := f.s.Create(ctx, audit.System, f.mora, Input{Category: "Klotter", OccurredAt: "2026-02-21T09:00:00Z", MunicipalityCode: mora, Place: "noret"})
		if err != nil {
			t.Fatalf("Create(place only) error = %v", err)
		}
		if r3.Place != "Noret" || r3.Area != "Noret" {
			t.Errorf("Create(place only) place, area = %q, %q; want Noret, Noret", r3.Place, r3.Area)
		}
		checkWeeks(t, d)
	})
}

func TestCreateInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		long := strings.Repeat("a", 2001)
		tests := []struct {
			name   string
			org    func(f *fixture) int64
			change func(in *Input)
			want   map[string]string
		}{
			{"unknown category", nil, func(in *Input) { in.Category = "Inbrott" }, map[string]string{"category": "error.category_unknown"}},
			{"no category", nil, func(in *Input) { in.Category = " " }, map[string]string{"category": "error.choose"}},
			{"no time", nil, func(in *Input) { in.OccurredAt = "" }, map[string]string{"occurred_at": "error.required"}},
			{"time without zone", nil, func(in *Input) { in.OccurredAt = "2026-02-20 16:30" }, map[string]string{"occurred_at": "error.time_format"}},
			{"future", nil, func(in *Input) { in.OccurredAt = "2026-02-21T13:11:00+01:00" }, map[string]string{"occurred_at": "error.occurred_future"}},
			{"before 2000", nil, func(in *Input) { in.OccurredAt = "1999-12-31T23:59:59+00:00" }, map[string]string{"occurred_at": "error.occurred_too_early"}},
			{"count zero", nil, func(in *Input) { in.Count = new(0) }, map[string]string{"count": "error.count_range"}},
			{"count absurd", nil, func(in *Input) { in.Count = new(MaxCount + 1) }, map[string]string{"count": "error.count_range"}},
			{"lat out of range", nil, func(in *Input) { in.Lat = new(91.0) }, map[string]string{"lat": "error.lat_range"}},
			{"lon out of range", nil, func(in *Input) { in.Lon = new(-181.0) }, map[string]string{"lon": "error.lon_range"}},
			{"swapped lat and lon", nil, func(in *Input) { in.Lat, in.Lon = new(13.19), new(61.16) }, map[string]string{"lat": "error.outside_sweden"}},
			{"helsinki", nil, func(in *Input) { in.Lat, in.Lon = new(60.17), new(24.94) }, map[string]string{"lat": "error.outside_sweden"}},
			{"lat without lon", nil, func(in *Input) { in.Lon = nil }, map[string]string{"lon": "error.position_pair"}},
			{"text too long", nil, func(in *Input) { in.Description = long }, map[string]string{"description": "error.too_long"}},
			{"assessment too long", nil, func(in *Input) { in.Assessment = long[:201] }, map[string]string{"assessment": "error.too_long"}},
			{"unknown municipality", nil, func(in *Input) { in.MunicipalityCode = unknown }, map[string]string{"municipality_code": "error.municipality_unknown"}},
			{"no municipality", nil, func(in *Input) { in.MunicipalityCode = "" }, map[string]string{"municipality_code": "error.choose"}},
			{"organisation elsewhere", func(f *fixture) int64 { return f.mora }, func(in *Input) {}, map[string]string{"municipality_code": "error.organization_not_in_municipality"}},
			{"unknown place", nil, func(in *Input) { in.Place = "Noret" }, map[string]string{"place": "error.place_unknown"}},
			{"visibility", nil, func(in *Input) { in.Visibility = "public" }, map[string]string{"visibility": "error.one_of"}},
			{"personal identity number", nil, func(in *Input) { in.Description = "Mannen, 811218-9876, avvisades." }, map[string]string{"description": "error.personal_data"}},
			{"plate in assessment", nil, func(in *Input) { in.Assessment = "Bil ABC 123" }, map[string]string{"assessment": "error.personal_data"}},
			{"external id too long", nil, func(in *Input) { in.ExternalID = long[:101] }, map[string]string{"external_id": "error.too_long"}},
			{"several at once", nil, func(in *Input) { in.Category, in.Count, in.OccurredAt = "x", new(-1), "igår" },
				map[string]string{"category": "error.category_unknown", "count": "error.count_range", "occurred_at": "error.time_format"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := validInput()
				tt.change(&in)
				orgID := f.guards
				if tt.org != nil {
					orgID = tt.org(f)
				}
				_, _, err := f.s.Create(ctx, audit.System, orgID, in)
				if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
					t.Errorf("Create() errors (-want +got):\n%s", diff)
				}
			})
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != 0 {
			t.Errorf("%d reports stored after rejections, want 0", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity LIKE 'report%'`); n != 0 {
			t.Errorf("%d audit entries after rejections, want 0", n)
		}

		// Within the tolerance of a drifting clock, and redacted on request.
		in := validInput()
		in.OccurredAt = "2026-02-21T13:09:00+01:00"
		in.Description = "Ring 070-123 45 67 om bilen ABC 123 syns igen."
		in.Redact = true
		r, _, err := f.s.Create(ctx, audit.System, f.guards, in)
		if err != nil {
			t.Fatalf("Create(redact, 9 minutes ahead) error = %v", err)
		}
		if want := "Ring [telefonnummer] om bilen [registreringsnummer] syns igen."; r.Description != want {
			t.Errorf("redacted description = %q, want %q", r.Description, want)
		}
	})
}

func TestCreateIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		first, created, err := f.s.Create(ctx, audit.System, f.guards, validInput())
		if err != nil || !created {
			t.Fatalf("Create() = %v, %v", created, err)
		}
		again := validInput()
		again.Count = new(7) // a repeat answers with the first report, as it was
		second, created, err := f.s.Create(ctx, audit.System, f.guards, again)
		if err != nil {
			t.Fatalf("Create(repeat) error = %v", err)
		}
		if created || second.ID != first.ID || second.Count != 3 {
			t.Errorf("Create(repeat) = id %d count %d created %v; want the first report (id %d, count 3), not created", second.ID, second.Count, created, first.ID)
		}
		// The same external id from another organisation is another report.
		other, created, err := f.s.Create(ctx, audit.System, f.police, validInput())
		if err != nil || !created || other.ID == first.ID {
			t.Errorf("Create(other organisation) = id %d created %v, %v; want a new report", other.ID, created, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != 2 {
			t.Errorf("%d reports, want 2", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'report'`); n != 2 {
			t.Errorf("%d audit entries, want 2 (the repeat changes nothing)", n)
		}
		checkWeeks(t, d)
	})
}

func TestCreateBatch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		earlier, _, err := f.s.Create(ctx, audit.System, f.guards, validInput())
		if err != nil {
			t.Fatal(err)
		}
		batch := make([]Input, 0, 1200)
		for i := range 1000 {
			in := validInput()
			in.ExternalID = fmt.Sprintf("b-%d", i)
			in.OccurredAt = time.Date(2026, 1, 1, 0, 0, 0, 0, zone()).Add(time.Duration(i) * time.Hour).Format(time.RFC3339)
			in.Count = new(1 + i%3)
			batch = append(batch, in)
		}
		batch[10].ExternalID = "app-1" // made before the batch
		batch[20].ExternalID = "b-5"   // twice in the batch
		batch[30].ExternalID = ""      // no key at all

		// One invalid report keeps the whole batch out.
		bad := append([]Input(nil), batch...)
		bad[2].Category = "Inbrott"
		bad[999].Count = new(0)
		_, _, err = f.s.CreateBatch(ctx, audit.System, f.guards, bad)
		want := map[string]string{"2.category": "error.category_unknown", "999.count": "error.count_range"}
		if diff := cmp.Diff(want, fieldKeys(t, err)); diff != "" {
			t.Errorf("CreateBatch(invalid) errors (-want +got):\n%s", diff)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != 1 {
			t.Fatalf("%d reports after a rejected batch, want 1", n)
		}

		got, created, err := f.s.CreateBatch(ctx, audit.System, f.guards, batch)
		if err != nil {
			t.Fatalf("CreateBatch() error = %v", err)
		}
		if created != 998 { // 1000 less the repeat of app-1 and of b-5
			t.Errorf("CreateBatch() created = %d, want 998", created)
		}
		if len(got) != len(batch) {
			t.Fatalf("CreateBatch() returned %d reports for %d", len(got), len(batch))
		}
		if got[10].ID != earlier.ID {
			t.Errorf("report 10 = id %d, want the earlier report %d", got[10].ID, earlier.ID)
		}
		if got[20].ID != got[5].ID {
			t.Errorf("report 20 = id %d, want report 5's id %d", got[20].ID, got[5].ID)
		}
		ids := map[int64]bool{}
		for i, r := range got {
			ids[r.ID] = true
			if i == 10 || i == 20 {
				continue
			}
			// The ids match the inputs: each report is what was sent.
			if r.ExternalID != batch[i].ExternalID || r.Count != *batch[i].Count || r.OccurredAt.Format(time.RFC3339) != batch[i].OccurredAt {
				t.Fatalf("report %d = %+v, not input %d", i, r, i)
			}
			stored, err := f.s.Get(ctx, r.ID)
			if err != nil || stored.ExternalID != r.ExternalID || stored.Count != r.Count || !stored.OccurredAt.Equal(r.OccurredAt) {
				t.Fatalf("Get(%d) = %+v, %v; want %+v", r.ID, stored, err, r)
			}
		}
		if len(ids) != 999 { // 1000 less the repeat of app-1, plus app-1 itself, less the repeat of b-5
			t.Errorf("%d distinct ids, want 999", len(ids))
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != 999 {
			t.Errorf("%d reports stored, want 999", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'report_batch'`); n != 1 {
			t.Errorf("%d batch audit entries, want 1", n)
		}
		// Sending the batch again stores nothing.
		if _, created, err := f.s.CreateBatch(ctx, audit.System, f.guards, batch[:30]); err != nil || created != 0 {
			t.Fatalf("CreateBatch(a repeat) created = %d, %v; want 0", created, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != 999 {
			t.Errorf("%d reports after a repeated batch, want 999", n)
		}
		checkWeeks(t, d)

		for _, n := range []int{0, MaxBatch + 1} {
			_, _, err := f.s.CreateBatch(ctx, audit.System, f.guards, make([]Input, n))
			if _, ok := fieldKeys(t, err)["reports"]; !ok {
				t.Errorf("CreateBatch(%d reports) error = %v, want one on reports", n, err)
			}
		}
	})
}
