package activity

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/validation"
)

var actor = audit.Actor{Label: "test"}

// fixture is a database with the parties of Sälen and Mora, a promise in
// each, and a premises in each.
type fixture struct {
	d                                   *db.DB
	s                                   *Store
	police, malung, destination, guards int64
	mora, orsa                          int64
	traffic, visits, training, info     int64 // the Sälen promise's commitments
	moraPolice, moraFieldWork           int64 // the Mora promise's
	kataan, noretgrillen                int64 // premises in Sälen and in Mora
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
		police: mk("Polisen, lokalpolisområde Mora", "police", "2023", "2062"), malung: mk("Malung-Sälens kommun", "municipality", "2023"),
		destination: mk("Destination Sälenfjällen", "company", "2023"), guards: mk("Fjällvakterna Ordningsvakter AB (demo)", "security_company", "2023"),
		mora: mk("Mora kommun", "municipality", "2062"), orsa: mk("Orsa kommun", "municipality", "2034")}
	ps := promise.NewStore(d)
	ten := 10.0
	salen, err := ps.Create(ctx, actor, promise.Input{Title: "Sälen", MunicipalityCode: "2023", Problem: "p", Effect: "e",
		StartsOn: "2016-12-09", EndsOn: "2018-04-30", Commitments: []promise.CommitmentInput{
			{OrganizationID: sid(f.police), Text: "Trafikkontroller", Target: &ten, Unit: "kontroller"},
			{OrganizationID: sid(f.malung), Text: "Protokollförda besök"},
			{OrganizationID: sid(f.malung), Text: "Ansvarsfull alkoholservering"},
			{OrganizationID: sid(f.destination), Text: "Information"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	mora, err := ps.Create(ctx, actor, promise.Input{Title: "Noret", MunicipalityCode: "2062", Problem: "p", Effect: "e",
		StartsOn: "2016-10-01", EndsOn: "2016-12-31", Commitments: []promise.CommitmentInput{
			{OrganizationID: sid(f.police), Text: "Synlig polis"}, {OrganizationID: sid(f.mora), Text: "Fältarbetare"}}})
	if err != nil {
		t.Fatal(err)
	}
	f.traffic, f.visits, f.training, f.info = salen.Commitments[0].ID, salen.Commitments[1].ID, salen.Commitments[2].ID, salen.Commitments[3].ID
	f.moraPolice, f.moraFieldWork = mora.Commitments[0].ID, mora.Commitments[1].ID
	pr := premises.NewStore(d)
	for _, p := range []struct {
		number, code, name string
		dst                *int64
	}{{"20230001", "2023", "Restaurang Kåtan", &f.kataan}, {"20620001", "2062", "Noretgrillen", &f.noretgrillen}} {
		created, err := pr.Create(ctx, actor, premises.Input{Name: p.name, RestaurantNumber: p.number, OrganizationNumber: "556012-5790",
			HolderName: "AB", MunicipalityCode: p.code, LicenceType: premises.PermanentPublic})
		if err != nil {
			t.Fatal(err)
		}
		*p.dst = created.ID
	}
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

// control is a valid traffic control of the police toward its commitment.
func (f fixture) control() Input {
	return Input{Kind: KindTrafficControl, OrganizationID: sid(f.police), CommitmentID: sid(f.traffic),
		StartedAt: "2017-02-18T15:30:00+01:00", EndedAt: "2017-02-18T18:30:00+01:00", Place: "Riksväg 66 vid Lindvallen",
		Lat: new(61.16), Lon: new(13.2), Counts: map[string]float64{"vehicles_checked": 120, "breath_tests": 118, "offences": 3},
		Notes: "Afterski", PartnerIDs: []string{sid(f.guards)}}
}

func TestCreateActivity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a, err := f.s.Create(ctx, audit.Actor{Label: "polis@demo.example"}, f.control())
		if err != nil {
			t.Fatalf("Create() error = %v", err)
		}
		end := time.Date(2017, 2, 18, 17, 30, 0, 0, time.UTC)
		want := Activity{ID: a.ID, Kind: KindTrafficControl, OrganizationID: f.police, OrganizationName: "Polisen, lokalpolisområde Mora",
			MunicipalityCode: "2023", // said by the commitment: the police works in two municipalities
			CommitmentID:     f.traffic, StartedAt: time.Date(2017, 2, 18, 14, 30, 0, 0, time.UTC), EndedAt: &end,
			Place: "Riksväg 66 vid Lindvallen", Lat: new(61.16), Lon: new(13.2),
			Counts: map[string]float64{"vehicles_checked": 120, "breath_tests": 118, "offences": 3}, Notes: "Afterski",
			PartnerIDs: []string{sid(f.guards)}, Partners: []Party{{f.guards, "Fjällvakterna Ordningsvakter AB (demo)"}},
			Participants: []Participant{}}
		ignore := cmpopts.IgnoreFields(Activity{}, "CreatedAt", "UpdatedAt")
		if diff := cmp.Diff(want, a, ignore); diff != "" {
			t.Errorf("Create() mismatch (-want +got):\n%s", diff)
		}
		read, err := f.s.ByID(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(a, read); diff != "" {
			t.Errorf("ByID() mismatch (-created +read):\n%s", diff)
		}

		// A training with its participants per premises; the total counts
		// them when it is not given. The municipality is the
		// organisation's only one. Times as a form sends them.
		training, err := f.s.Create(ctx, actor, Input{Kind: KindTraining, OrganizationID: sid(f.malung), CommitmentID: sid(f.training),
			StartedAt: "2016-12-13T13:00", EndedAt: "2016-12-13T17:00", Topic: TopicResponsibleService,
			Participants: []ParticipantInput{{PremisesID: sid(f.kataan), Count: 3}, {}}})
		if err != nil {
			t.Fatalf("Create(training) error = %v", err)
		}
		if training.Counts["participants"] != 3 || len(training.Participants) != 1 || training.Participants[0].PremisesName != "Restaurang Kåtan" ||
			training.MunicipalityCode != "2023" || !training.StartedAt.Equal(time.Date(2016, 12, 13, 12, 0, 0, 0, time.UTC)) {
			t.Errorf("Create(training) = %+v", training)
		}
		// An activity without an end, toward no commitment.
		info, err := f.s.Create(ctx, actor, Input{Kind: KindInformation, OrganizationID: sid(f.destination), StartedAt: "2017-02-08T09:00:00+01:00",
			Channel: "Sociala medier", Counts: map[string]float64{"reach": 25000}})
		if err != nil || info.EndedAt != nil || info.CommitmentID != 0 || info.Channel != "Sociala medier" {
			t.Errorf("Create(information) = %+v, %v", info, err)
		}
		if n := count(t, d, "audit_log"); n < 3 {
			t.Errorf("%d audit entries", n)
		}
	})
}

func TestCreateActivityInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		audits := count(t, d, "audit_log")
		training := func(in *Input) {
			in.Kind, in.OrganizationID, in.CommitmentID, in.Counts, in.Topic = KindTraining, sid(f.malung), "", nil, TopicNarcotics
		}
		tests := []struct {
			name   string
			change func(*Input)
			want   map[string]string
		}{
			{"nothing", func(in *Input) { *in = Input{} }, map[string]string{"kind": "error.choose", "organization_id": "error.choose",
				"started_at": "error.required"}},
			{"unknown kind", func(in *Input) { in.Kind = "raid" }, map[string]string{"kind": "error.one_of"}},
			{"end before start", func(in *Input) { in.EndedAt = "2017-02-18T15:00:00+01:00" }, map[string]string{"ended_at": "error.ends_before_start"}},
			{"a year too long", func(in *Input) { in.EndedAt = "2018-02-18T18:30:00+01:00" }, map[string]string{"ended_at": "error.activity_too_long"}},
			{"not a time", func(in *Input) { in.StartedAt = "lördag" }, map[string]string{"started_at": "error.time_format"}},
			{"before 2000", func(in *Input) { in.StartedAt, in.EndedAt = "1999-12-31T23:00:00+01:00", "" },
				map[string]string{"started_at": "error.occurred_too_early"}},
			{"negative counter", func(in *Input) { in.Counts["offences"] = -1 }, map[string]string{"counts.offences": "error.counter_negative"}},
			{"counter of another kind", func(in *Input) { in.Counts["contacts"] = 4 }, map[string]string{"counts.contacts": "error.counter_not_of_kind"}},
			{"half a vehicle", func(in *Input) { in.Counts["vehicles_checked"] = 120.5 }, map[string]string{"counts.vehicles_checked": "error.counter_whole"}},
			{"too many", func(in *Input) { in.Counts["vehicles_checked"] = 2e6 }, map[string]string{"counts.vehicles_checked": "error.counter_too_large"}},
			{"unknown organisation", func(in *Input) { in.OrganizationID = "99999" },
				map[string]string{"organization_id": "error.organization_unknown"}},
			{"commitment of another organisation", func(in *Input) { in.CommitmentID = sid(f.visits) },
				map[string]string{"commitment_id": "error.commitment_other_organization"}},
			{"commitment of another municipality", func(in *Input) { in.MunicipalityCode = "2023"; in.CommitmentID = sid(f.moraPolice) },
				map[string]string{"commitment_id": "error.commitment_other_municipality"}},
			{"unknown commitment", func(in *Input) { in.CommitmentID = "99999" }, map[string]string{"commitment_id": "error.commitment_not_found"}},
			{"municipality not said", func(in *Input) { in.CommitmentID = "" }, map[string]string{"municipality_code": "error.municipality_ambiguous"}},
			{"municipality the party does not work in", func(in *Input) { in.CommitmentID, in.MunicipalityCode = "", "2034" },
				map[string]string{"organization_id": "error.organization_not_in_municipality"}},
			{"unknown municipality", func(in *Input) { in.MunicipalityCode = "9999" }, map[string]string{"municipality_code": "error.municipality_unknown"}},
			{"partner is itself", func(in *Input) { in.PartnerIDs = []string{sid(f.police)} }, map[string]string{"partner_ids": "error.partner_is_own"}},
			{"partner twice", func(in *Input) { in.PartnerIDs = []string{sid(f.guards), sid(f.guards)} },
				map[string]string{"partner_ids": "error.organization_twice"}},
			{"topic of a traffic control", func(in *Input) { in.Topic = TopicNarcotics }, map[string]string{"topic": "error.field_not_of_kind"}},
			{"channel of a traffic control", func(in *Input) { in.Channel = "Radio" }, map[string]string{"channel": "error.field_not_of_kind"}},
			{"participants of a traffic control", func(in *Input) { in.Participants = []ParticipantInput{{PremisesID: sid(f.kataan), Count: 1}} },
				map[string]string{"participants": "error.field_not_of_kind"}},
			{"training without a topic", func(in *Input) { training(in); in.Topic = "" }, map[string]string{"topic": "error.choose"}},
			{"premises of another municipality", func(in *Input) {
				training(in)
				in.Participants = []ParticipantInput{{PremisesID: sid(f.noretgrillen), Count: 2}}
			}, map[string]string{"participants.0.premises_id": "error.premises_other_municipality"}},
			{"unknown premises", func(in *Input) {
				training(in)
				in.Participants = []ParticipantInput{{PremisesID: "99999", Count: 2}}
			}, map[string]string{"participants.0.premises_id": "error.premises_unknown"}},
			{"premises twice, nobody", func(in *Input) {
				training(in)
				in.Participants = []ParticipantInput{{PremisesID: sid(f.kataan), Count: 2}, {PremisesID: sid(f.kataan), Count: 0}}
			}, map[string]string{"participants.1.premises_id": "error.premises_twice", "participants.1.count": "error.count_range"}},
			{"fewer in all than per premises", func(in *Input) {
				training(in)
				in.Counts = map[string]float64{"participants": 1}
				in.Participants = []ParticipantInput{{PremisesID: sid(f.kataan), Count: 2}}
			}, map[string]string{"counts.participants": "error.participants_below_sum"}},
			{"outside Sweden", func(in *Input) { in.Lat, in.Lon = new(13.2), new(61.16) }, map[string]string{"lat": "error.outside_sweden"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := f.control()
				in.Counts = map[string]float64{"vehicles_checked": 120, "breath_tests": 118}
				tt.change(&in)
				_, err := f.s.Create(ctx, actor, in)
				if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
					t.Errorf("Create() errors (-want +got):\n%s", diff)
				}
			})
		}
		for _, table := range []string{"activities", "activity_counts", "activity_partners", "training_participants"} {
			if n := count(t, d, table); n != 0 {
				t.Errorf("rejected activities left %d rows in %s", n, table)
			}
		}
		if n := count(t, d, "audit_log"); n != audits {
			t.Errorf("rejected activities wrote %d audit entries", n-audits)
		}
	})
}

func TestUpdateAndDeleteActivity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		a, err := f.s.Create(ctx, actor, f.control())
		if err != nil {
			t.Fatal(err)
		}
		in := InputOf(a)
		in.Counts = map[string]float64{"vehicles_checked": 130, "drug_tests": 2}
		in.PartnerIDs, in.CommitmentID = nil, ""
		changed, err := f.s.Update(ctx, actor, a.ID, in)
		if err != nil {
			t.Fatalf("Update() error = %v", err)
		}
		if diff := cmp.Diff(map[string]float64{"vehicles_checked": 130, "drug_tests": 2}, changed.Counts); diff != "" {
			t.Errorf("Update() counts (-want +got):\n%s", diff)
		}
		if changed.CommitmentID != 0 || len(changed.Partners) != 0 || changed.MunicipalityCode != "2023" || !changed.CreatedAt.Equal(a.CreatedAt) {
			t.Errorf("Update() = %+v", changed)
		}
		read, _ := f.s.ByID(ctx, a.ID)
		if diff := cmp.Diff(changed, read); diff != "" {
			t.Errorf("ByID() after Update() (-updated +read):\n%s", diff)
		}
		// A party documents its own work: the activity stays the police's.
		in.OrganizationID = sid(f.malung)
		if _, err := f.s.Update(ctx, actor, a.ID, in); fields(t, err)["organization_id"] != "error.organization_fixed" {
			t.Errorf("Update(other organisation) error = %v", err)
		}
		if _, err := f.s.Update(ctx, actor, a.ID+100, InputOf(a)); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Update(unknown) error = %v", err)
		}
		if err := f.s.Delete(ctx, actor, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.ByID(ctx, a.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ByID(deleted) error = %v", err)
		}
		if n := count(t, d, "activity_counts"); n != 0 {
			t.Errorf("%d counts left", n)
		}
		var entries []string
		page, _ := audit.NewLog(d).List(ctx, audit.Filter{Entity: "activity"})
		for _, e := range page.Items {
			entries = append(entries, e.Action)
		}
		if diff := cmp.Diff([]string{"delete", "update", "create"}, entries); diff != "" {
			t.Errorf("audit trail (-want +got):\n%s", diff)
		}
	})
}

func TestListActivities(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		mk := func(org int64, code, kind, start string) int64 {
			t.Helper()
			a, err := f.s.Create(ctx, actor, Input{Kind: kind, OrganizationID: sid(org), MunicipalityCode: code, StartedAt: start})
			if err != nil {
				t.Fatal(err)
			}
			return a.ID
		}
		c1 := mk(f.police, "2023", KindTrafficControl, "2017-02-18T15:30:00+01:00")
		c2 := mk(f.police, "2023", KindTrafficControl, "2017-02-18T15:30:00+01:00")
		p1 := mk(f.police, "2062", KindPatrol, "2017-02-17T21:00:00+01:00")
		i1 := mk(f.destination, "2023", KindInformation, "2017-01-10T09:00:00+01:00")
		m1 := mk(f.mora, "2062", KindFieldWork, "2017-02-17T20:00:00+01:00")
		o1 := mk(f.orsa, "2034", KindOther, "2017-03-01T10:00:00+01:00")

		list := func(fl Filter) []int64 {
			t.Helper()
			var ids []int64
			for range 20 {
				page, err := f.s.List(ctx, fl)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range page.Items {
					ids = append(ids, a.ID)
				}
				if fl.Cursor = page.Next; fl.Cursor == "" {
					return ids
				}
			}
			t.Fatal("no end of pages")
			return nil
		}
		tests := []struct {
			name   string
			filter Filter
			want   []int64
		}{
			{"all, in pages", Filter{Scope: Scope{All: true}, Limit: 2}, []int64{o1, c2, c1, p1, m1, i1}},
			{"Sälen's parties", Filter{Scope: Scope{Municipalities: []string{"2023"}}}, []int64{c2, c1, i1}},
			{"Mora's parties", Filter{Scope: Scope{Municipalities: []string{"2062"}}}, []int64{p1, m1}},
			{"Orsa's own and Sälen's", Filter{Scope: Scope{Municipalities: []string{"2023"}, Organizations: []int64{f.orsa}}},
				[]int64{o1, c2, c1, i1}},
			{"nothing", Filter{}, nil},
			{"a kind", Filter{Scope: Scope{All: true}, Kind: KindTrafficControl}, []int64{c2, c1}},
			{"an organisation in a municipality", Filter{Scope: Scope{All: true}, OrganizationID: f.police, MunicipalityCode: "2062"}, []int64{p1}},
			{"a period", Filter{Scope: Scope{All: true}, From: time.Date(2017, 2, 17, 20, 0, 0, 0, time.UTC), To: time.Date(2017, 2, 18, 14, 30, 0, 0, time.UTC)},
				[]int64{p1}},
		}
		for _, tt := range tests {
			if diff := cmp.Diff(tt.want, list(tt.filter)); diff != "" {
				t.Errorf("List(%s) (-want +got):\n%s", tt.name, diff)
			}
			// Each: the same, in the order they started, however the
			// pages fall (c1 and c2 start at the same time).
			want := slices.Clone(tt.want)
			slices.Reverse(want)
			for _, size := range []int{1, 2, 500} {
				var got []int64
				err := f.s.each(ctx, tt.filter, size, func(a Activity) error {
					got = append(got, a.ID)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("each(%s, pages of %d) (-want +got):\n%s", tt.name, size, diff)
				}
			}
		}
		stop := errors.New("stop")
		n := 0
		if err := f.s.Each(ctx, Filter{Scope: Scope{All: true}}, func(Activity) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
			t.Errorf("Each() with fn failing = %v after %d, want its error after 1", err, n)
		}
		all, err := f.s.Range(ctx, Filter{Scope: Scope{All: true}, Limit: 1})
		if err != nil || len(all) != 6 || all[0].ID != i1 || all[5].ID != o1 {
			t.Errorf("Range() = %d, %v", len(all), err)
		}
		if _, err := f.s.List(ctx, Filter{Scope: Scope{All: true}, Cursor: "bm9wZQ"}); !errors.Is(err, db.ErrBadCursor) {
			t.Errorf("List(bad cursor) error = %v", err)
		}
	})
}
