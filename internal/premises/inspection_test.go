package premises

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// visit is a valid recorded on-site visit to p by the municipality.
func (f fixture) visit(p Premises, when string) InspectionInput {
	return InspectionInput{PremisesID: sid(p.ID), Kind: OnSite, Mode: ModeHidden, ConductedAt: when,
		OrganizationIDs: []string{sid(f.malung)}, Inspectors: "Alva (alkoholhandläggare)",
		Protocol: Protocol{Items: []Check{{Check: "Ålderskontroller", Result: ResultDeficiency, Note: "Ingen legitimation"},
			{Check: "Mat serveras", Result: ResultOK}, {}}, Remarks: "Se över rutinerna."},
		Recorded: true, FollowUp: "Nytt besök", FollowUpOn: "2017-02-03", Sanction: "remark", CommitmentID: sid(f.visitsCommitment)}
}

func TestCreateInspection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		p, err := f.s.Create(ctx, actor, kataan())
		if err != nil {
			t.Fatal(err)
		}
		in := f.visit(p, "2017-01-13T23:30:00+01:00")
		got, err := f.s.CreateInspection(ctx, actor, in)
		if err != nil {
			t.Fatalf("CreateInspection() error = %v", err)
		}
		want := Inspection{ID: got.ID, PremisesID: p.ID, PremisesName: "Restaurang Kåtan", RestaurantNumber: "20230001",
			MunicipalityCode: "2023", Kind: OnSite, Mode: ModeHidden, ConductedAt: time.Date(2017, 1, 13, 22, 30, 0, 0, time.UTC),
			OrganizationIDs: []string{sid(f.malung)}, Organizations: []Organization{{f.malung, "Malung-Sälens kommun"}},
			Inspectors: "Alva (alkoholhandläggare)",
			Protocol: Protocol{Items: []Check{{"Ålderskontroller", ResultDeficiency, "Ingen legitimation"}, {"Mat serveras", ResultOK, ""}},
				Remarks: "Se över rutinerna."},
			Recorded: true, FollowUp: "Nytt besök", FollowUpOn: "2017-02-03", Sanction: "remark", CommitmentID: f.visitsCommitment}
		ignore := cmpopts.IgnoreFields(Inspection{}, "CreatedAt", "UpdatedAt")
		if diff := cmp.Diff(want, got, ignore); diff != "" {
			t.Errorf("CreateInspection() mismatch (-want +got):\n%s", diff)
		}
		read, err := f.s.Inspection(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(got, read); diff != "" {
			t.Errorf("Inspection() mismatch (-created +read):\n%s", diff)
		}

		// A joint visit with the police, and a change: the police joins
		// and the time moves.
		in = InspectionInputOf(read)
		in.Kind, in.OrganizationIDs, in.ConductedAt = Joint, []string{sid(f.malung), sid(f.police), ""}, "2017-01-14T00:15:00+01:00"
		changed, err := f.s.UpdateInspection(ctx, actor, got.ID, in)
		if err != nil {
			t.Fatalf("UpdateInspection() error = %v", err)
		}
		if changed.Kind != Joint || len(changed.Organizations) != 2 || changed.Organizations[1].Name != "Polisen" ||
			!changed.ConductedAt.Equal(time.Date(2017, 1, 13, 23, 15, 0, 0, time.UTC)) {
			t.Errorf("UpdateInspection() = %+v", changed)
		}
		if diff := cmp.Diff([]int64{f.malung, f.police}, changed.PartyIDs()); diff != "" {
			t.Errorf("PartyIDs() (-want +got):\n%s", diff)
		}
		other := kataan()
		other.RestaurantNumber = "20230002"
		p2, err := f.s.Create(ctx, actor, other)
		if err != nil {
			t.Fatal(err)
		}
		in.PremisesID = sid(p2.ID)
		if _, err := f.s.UpdateInspection(ctx, actor, got.ID, in); fields(t, err)["premises_id"] != "error.premises_fixed" {
			t.Errorf("UpdateInspection(other premises) error = %v", err)
		}
		if err := f.s.DeleteInspection(ctx, actor, got.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Inspection(ctx, got.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Inspection(deleted) error = %v", err)
		}
		if err := f.s.DeleteInspection(ctx, actor, got.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("DeleteInspection(again) error = %v", err)
		}
		for _, table := range []string{"inspection_items", "inspection_organizations"} {
			if n := count(t, d, table); n != 0 {
				t.Errorf("%d rows left in %s", n, table)
			}
		}
	})
}

func TestCreateInspectionInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		p, err := f.s.Create(ctx, actor, kataan())
		if err != nil {
			t.Fatal(err)
		}
		audits := count(t, d, "audit_log")
		tests := []struct {
			name   string
			change func(*InspectionInput)
			want   map[string]string
		}{
			{"nothing", func(in *InspectionInput) { *in = InspectionInput{} }, map[string]string{"premises_id": "error.choose",
				"kind": "error.choose", "conducted_at": "error.required", "organization_ids": "error.choose_some"}},
			{"unknown premises", func(in *InspectionInput) { in.PremisesID = sid(p.ID + 99) }, map[string]string{"premises_id": "error.premises_unknown"}},
			{"not an id", func(in *InspectionInput) { in.PremisesID = "x" }, map[string]string{"premises_id": "error.premises_unknown"}},
			{"unknown kind", func(in *InspectionInput) { in.Kind = "raid" }, map[string]string{"kind": "error.one_of"}},
			{"hidden register check", func(in *InspectionInput) { in.Kind = Register }, map[string]string{"mode": "error.hidden_not_visit"}},
			{"joint alone", func(in *InspectionInput) { in.Kind = Joint }, map[string]string{"organization_ids": "error.joint_needs_two"}},
			{"in the future", func(in *InspectionInput) { in.ConductedAt = clocktest.Now().Add(time.Hour).Format(time.RFC3339) },
				map[string]string{"conducted_at": "error.occurred_future"}},
			{"not a time", func(in *InspectionInput) { in.ConductedAt = "fredag kväll" }, map[string]string{"conducted_at": "error.time_format"}},
			{"follow-up before the visit", func(in *InspectionInput) { in.FollowUpOn = "2017-01-12" },
				map[string]string{"follow_up_on": "error.follow_up_before_visit"}},
			{"a date without an action", func(in *InspectionInput) { in.FollowUp = "" }, map[string]string{"follow_up": "error.follow_up_required"}},
			{"recorded without a protocol", func(in *InspectionInput) { in.Protocol.Items = []Check{{}} },
				map[string]string{"protocol.items": "error.protocol_required"}},
			{"a check without a result", func(in *InspectionInput) { in.Protocol.Items[1].Result = "" },
				map[string]string{"protocol.items.1.result": "error.choose"}},
			{"a result without a check", func(in *InspectionInput) { in.Protocol.Items[0].Check = " " },
				map[string]string{"protocol.items.0.check": "error.required"}},
			{"unknown sanction", func(in *InspectionInput) { in.Sanction = "fine" }, map[string]string{"sanction": "error.one_of"}},
			{"unknown organisation", func(in *InspectionInput) { in.OrganizationIDs = []string{sid(f.malung), "9999"} },
				map[string]string{"organization_ids": "error.organization_unknown"}},
			{"organisation twice", func(in *InspectionInput) { in.OrganizationIDs = []string{sid(f.malung), sid(f.malung)} },
				map[string]string{"organization_ids": "error.organization_twice"}},
			{"organisation of another municipality", func(in *InspectionInput) { in.OrganizationIDs = []string{sid(f.mora)} },
				map[string]string{"organization_ids": "error.organization_not_in_municipality", "commitment_id": "error.commitment_other_organization"}},
			{"commitment of another party", func(in *InspectionInput) { in.CommitmentID = sid(f.policeCommitment) },
				map[string]string{"commitment_id": "error.commitment_other_organization"}},
			{"commitment of another municipality", func(in *InspectionInput) {
				in.OrganizationIDs = []string{sid(f.malung), sid(f.police)}
				in.CommitmentID = sid(f.moraCommitment)
			}, map[string]string{"commitment_id": "error.commitment_other_organization"}},
			{"unknown commitment", func(in *InspectionInput) { in.CommitmentID = sid(f.moraCommitment + 100) },
				map[string]string{"commitment_id": "error.commitment_not_found"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := f.visit(p, "2017-01-13T23:30:00+01:00")
				tt.change(&in)
				_, err := f.s.CreateInspection(ctx, actor, in)
				if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
					t.Errorf("CreateInspection() errors (-want +got):\n%s", diff)
				}
			})
		}
		if n, a := count(t, d, "inspections"), count(t, d, "audit_log"); n != 0 || a != audits {
			t.Errorf("rejected inspections stored %d rows and %d audit entries", n, a-audits)
		}
	})
}

func TestInspectionCommitmentOfAnotherMunicipality(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		p, err := f.s.Create(ctx, actor, kataan())
		if err != nil {
			t.Fatal(err)
		}
		// The police works in both municipalities; its commitment in Mora
		// does not count for a premises in Sälen.
		in := f.visit(p, "2017-01-13T23:30:00+01:00")
		in.OrganizationIDs, in.CommitmentID = []string{sid(f.malung), sid(f.police)}, sid(f.moraPoliceCommitment)
		if _, err := f.s.CreateInspection(ctx, actor, in); fields(t, err)["commitment_id"] != "error.commitment_other_municipality" {
			t.Errorf("CreateInspection(commitment in Mora) error = %v", err)
		}
	})
}

func TestListInspections(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		p, err := f.s.Create(ctx, actor, kataan())
		if err != nil {
			t.Fatal(err)
		}
		times := []string{"2017-01-13T23:30:00+01:00", "2017-02-20T21:00:00+01:00", "2017-02-20T21:00:00+01:00", "2016-12-20T20:00:00+01:00"}
		for i, when := range times {
			in := f.visit(p, when)
			in.FollowUp, in.FollowUpOn, in.Recorded = "", "", i != 3
			if _, err := f.s.CreateInspection(ctx, actor, in); err != nil {
				t.Fatal(err)
			}
		}
		var got []string
		cursor := ""
		for range 10 {
			page, err := f.s.Inspections(ctx, InspectionFilter{MunicipalityCode: "2023", Cursor: cursor, Limit: 3})
			if err != nil {
				t.Fatal(err)
			}
			for _, in := range page.Items {
				got = append(got, in.ConductedAt.In(zone()).Format("2006-01-02 15:04")+" "+sid(in.ID))
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		want := []string{"2017-02-20 21:00 3", "2017-02-20 21:00 2", "2017-01-13 23:30 1", "2016-12-20 20:00 4"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Inspections() pages (-want +got):\n%s", diff)
		}
		page, err := f.s.Inspections(ctx, InspectionFilter{PremisesID: p.ID, RecordedOnly: true,
			From: at("2017-01-01 00:00"), To: at("2017-02-20 21:00")})
		if err != nil || len(page.Items) != 1 || page.Items[0].ID != 1 {
			t.Errorf("Inspections(recorded, January) = %+v, %v", page.Items, err)
		}
		if page, err := f.s.Inspections(ctx, InspectionFilter{MunicipalityCode: "2062"}); err != nil || len(page.Items) != 0 {
			t.Errorf("Inspections(Mora) = %d, %v", len(page.Items), err)
		}
	})
}
