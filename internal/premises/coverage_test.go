package premises

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// register adds premises with the names given, numbered in order, and
// returns them.
func (f fixture) register(t *testing.T, names ...string) []Premises {
	t.Helper()
	var out []Premises
	for i, name := range names {
		in := kataan()
		in.Name, in.RestaurantNumber = name, fmt.Sprintf("2023%04d", i+1)
		p, err := f.s.Create(context.Background(), actor, in)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// inspect records an inspection of p at a time in Sweden.
func (f fixture) inspect(t *testing.T, p Premises, when string, kind string, recorded bool, sanction string) {
	t.Helper()
	in := InspectionInput{PremisesID: sid(p.ID), Kind: kind, ConductedAt: at(when).Format(time.RFC3339),
		OrganizationIDs: []string{sid(f.malung)}, Recorded: recorded, Sanction: sanction,
		Protocol: Protocol{Items: []Check{{Check: "Ordning och nykterhet", Result: ResultOK}}}}
	if kind == Joint {
		in.OrganizationIDs = append(in.OrganizationIDs, sid(f.police))
		in.Mode = ModeHidden
	}
	if sanction != "" {
		in.FollowUp = "Nytt besök"
	}
	if _, err := f.s.CreateInspection(context.Background(), actor, in); err != nil {
		t.Fatal(err)
	}
}

func TestCoverage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		ps := f.register(t, "Zebrabaren", "Åkes krog", "Ölstugan", "Ängens bar", "Afterskibaren", "Stängda krogen")
		zebra, ake, ol, ang, after, closedOne := ps[0], ps[1], ps[2], ps[3], ps[4], ps[5]
		in := InputOf(closedOne)
		in.Status = Closed
		if _, err := f.s.Update(ctx, actor, closedOne.ID, in); err != nil {
			t.Fatal(err)
		}
		f.inspect(t, zebra, "2017-12-01 00:00", OnSite, true, "")     // the first minute of the season
		f.inspect(t, zebra, "2018-01-10 21:00", Joint, true, "")      // twice: one premises, two visits
		f.inspect(t, ake, "2018-04-30 23:59", OnSite, true, "")       // the last minute
		f.inspect(t, ol, "2018-05-01 00:00", OnSite, true, "")        // after the season
		f.inspect(t, ol, "2017-11-30 23:59", OnSite, true, "")        // before it
		f.inspect(t, ang, "2018-02-01 20:00", Register, false, "")    // not recorded
		f.inspect(t, closedOne, "2018-01-20 22:00", OnSite, true, "") // counted as a visit, not as a premises
		_ = after

		got, err := f.s.Coverage(ctx, "2023", WinterSeason(2017))
		if err != nil {
			t.Fatal(err)
		}
		want := Coverage{MunicipalityCode: "2023", From: "2017-12-01", To: "2018-04-30", PremisesTotal: 5, RecordedVisits: 4,
			PremisesVisited: 2, NotVisited: []Ref{{after.ID, "Afterskibaren"}, {ang.ID, "Ängens bar"}, {ol.ID, "Ölstugan"}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Coverage() mismatch (-want +got):\n%s", diff)
		}
		none, err := f.s.Coverage(ctx, "2062", WinterSeason(2017))
		if err != nil || none.PremisesTotal != 0 || none.NotVisited == nil {
			t.Errorf("Coverage(Mora) = %+v, %v", none, err)
		}

		plan, err := f.s.Planning(ctx, "2023")
		if err != nil {
			t.Fatal(err)
		}
		var order []string
		for _, p := range plan {
			last := "never"
			if p.LastRecordedAt != nil {
				last = p.LastRecordedAt.In(zone()).Format("2006-01-02 15:04")
			}
			order = append(order, p.Name+" "+last+" "+sid(int64(p.RecordedVisits)))
		}
		wantOrder := []string{"Afterskibaren never 0", "Ängens bar never 0", "Zebrabaren 2018-01-10 21:00 2",
			"Åkes krog 2018-04-30 23:59 1", "Ölstugan 2018-05-01 00:00 2"}
		if diff := cmp.Diff(wantOrder, order); diff != "" {
			t.Errorf("Planning() order (-want +got):\n%s", diff)
		}
		if plan[1].LastInspectionAt == nil || plan[1].LastRecordedAt != nil {
			t.Errorf("Planning(): Ängens bar was inspected but not recorded: %+v", plan[1])
		}
	})
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		from, to string
		want     map[string]string
	}{
		{"2017-12-01", "2018-04-30", nil},
		{"2017-12-01", "2017-12-01", nil},
		{"2018-04-30", "2017-12-01", map[string]string{"to": "error.to_before_from"}},
		{"", "2018-13-01", map[string]string{"from": "error.required", "to": "error.date"}},
	}
	for _, tt := range tests {
		_, err := ParsePeriod(tt.from, tt.to)
		if tt.want == nil {
			if err != nil {
				t.Errorf("ParsePeriod(%q, %q) error = %v", tt.from, tt.to, err)
			}
			continue
		}
		if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
			t.Errorf("ParsePeriod(%q, %q) errors (-want +got):\n%s", tt.from, tt.to, diff)
		}
	}
	from, to := Period{From: "2018-03-25", To: "2018-03-25"}.Bounds() // the day summer time starts: 23 hours
	if to.Sub(from) != 23*time.Hour || !from.Equal(time.Date(2018, 3, 24, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("Bounds() = %v, %v", from, to)
	}
}

func TestSummary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		ps := f.register(t, "Kåtan", "Puben", "Skybaren")
		f.inspect(t, ps[0], "2017-01-01 00:30", OnSite, true, "")      // New Year's night in Sweden, 2016 in UTC
		f.inspect(t, ps[0], "2017-02-18 23:00", Joint, true, "remark") // hidden
		f.inspect(t, ps[1], "2017-10-03 10:00", Register, false, "")
		f.inspect(t, ps[1], "2017-12-31 23:30", Joint, true, "warning")
		f.inspect(t, ps[2], "2016-12-31 23:30", OnSite, true, "") // the year before
		f.inspect(t, ps[2], "2018-01-01 00:10", OnSite, true, "") // the year after

		s, err := f.s.Summary(ctx, "2023", 2017)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Visits) != 4 || s.Visits[0].PremisesName != "Kåtan" || s.Visits[3].Sanction != "warning" {
			t.Errorf("Summary().Visits = %d, first %q", len(s.Visits), s.Visits[0].PremisesName)
		}
		s.Visits = nil
		want := Summary{MunicipalityCode: "2023", Year: 2017, PremisesTotal: 3, PremisesVisited: 2, Inspections: 4, Recorded: 3,
			Hidden: 2, Joint: 2, FollowUps: 2,
			ByKind:    []KindCount{{OnSite, 1, 1, 0}, {Register, 1, 0, 0}, {Joint, 2, 2, 2}, {Preventive, 0, 0, 0}},
			Sanctions: []SanctionCount{{"remark", 1}, {"warning", 1}, {"revocation", 0}}}
		if diff := cmp.Diff(want, s); diff != "" {
			t.Errorf("Summary() mismatch (-want +got):\n%s", diff)
		}
	})
}

func TestChecklist(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		c, err := f.s.Checklist(ctx, "2023", OnSite)
		if err != nil {
			t.Fatal(err)
		}
		want := Checklist{MunicipalityCode: "2023", Kind: OnSite, Default: true, Items: []string{"Ordning och nykterhet",
			"Ålderskontroller", "Berusade gäster", "Mat serveras", "Serveringsansvarig på plats", "Tillståndsbevis uppsatt",
			"Personalliggare", "Ljudnivå"}}
		if diff := cmp.Diff(want, c); diff != "" {
			t.Errorf("Checklist(default) mismatch (-want +got):\n%s", diff)
		}
		if p := c.Protocol(); len(p.Items) != 8 || p.Items[0] != (Check{Check: "Ordning och nykterhet", Result: ResultNotChecked}) {
			t.Errorf("Protocol() = %+v", p)
		}
		// Changing the returned list leaves the default alone.
		c.Items[0] = "x"
		if DefaultChecklist(OnSite)[0] != "Ordning och nykterhet" {
			t.Error("the default checklist was changed through a copy")
		}

		own, err := f.s.SetChecklist(ctx, actor, "2023", OnSite, []string{" Ordning och nykterhet ", "", "Åldersgränser i baren"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(Checklist{MunicipalityCode: "2023", Kind: OnSite, Items: []string{"Ordning och nykterhet", "Åldersgränser i baren"}}, own); diff != "" {
			t.Errorf("SetChecklist() mismatch (-want +got):\n%s", diff)
		}
		if other, _ := f.s.Checklist(ctx, "2062", OnSite); !other.Default {
			t.Error("another municipality's checklist changed")
		}
		tests := []struct {
			code, kind string
			items      []string
			want       map[string]string
		}{
			{"2023", "raid", nil, map[string]string{"kind": "error.one_of"}},
			{"9999", OnSite, nil, map[string]string{"municipality_code": "error.municipality_unknown"}},
			{"2023", OnSite, []string{"Ljud", "ljud"}, map[string]string{"items.1.text": "error.check_twice"}},
		}
		for _, tt := range tests {
			_, err := f.s.SetChecklist(ctx, actor, tt.code, tt.kind, tt.items)
			if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
				t.Errorf("SetChecklist(%s, %s, %q) errors (-want +got):\n%s", tt.code, tt.kind, tt.items, diff)
			}
		}
		back, err := f.s.SetChecklist(ctx, actor, "2023", OnSite, nil)
		if err != nil || !back.Default || len(back.Items) != 8 {
			t.Errorf("SetChecklist(none) = %+v, %v; want the default again", back, err)
		}
	})
}
