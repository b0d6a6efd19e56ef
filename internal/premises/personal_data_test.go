package premises

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/report/pii/piitest"
)

// The protocol goes to the licence holder: its remarks, the notes of its
// checks and the follow-up are masked or changed, never kept with personal
// data, whether the inspection is recorded or changed.
func TestInspectionPersonalData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		p, err := f.s.Create(ctx, actor, kataan())
		if err != nil {
			t.Fatal(err)
		}
		create := func(set func(*InspectionInput, string), get func(Inspection) string) func(context.Context, string, pii.Choice) (int64, string, error) {
			return func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
				in := f.visit(p, "2017-01-13T23:30:00+01:00")
				set(&in, text)
				in.Choice = c
				out, err := f.s.CreateInspection(ctx, actor, in)
				if err != nil {
					return 0, "", err
				}
				read, err := f.s.Inspection(ctx, out.ID)
				return out.ID, get(read), err
			}
		}
		existing, err := f.s.CreateInspection(ctx, actor, f.visit(p, "2017-01-20T22:00:00+01:00"))
		if err != nil {
			t.Fatal(err)
		}
		update := func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
			in := InspectionInputOf(existing)
			in.FollowUp, in.Choice = text, c
			if _, err := f.s.UpdateInspection(ctx, actor, existing.ID, in); err != nil {
				return 0, "", err
			}
			read, err := f.s.Inspection(ctx, existing.ID)
			return existing.ID, read.FollowUp, err
		}
		for _, field := range []piitest.Field{
			{Name: "protocol.remarks", Rule: pii.ProtocolText, Entity: "inspection", Save: create(
				func(in *InspectionInput, s string) { in.Protocol.Remarks = s }, func(in Inspection) string { return in.Protocol.Remarks })},
			{Name: "protocol.items.0.note", Rule: pii.ProtocolText, Entity: "inspection", Save: create(
				func(in *InspectionInput, s string) { in.Protocol.Items[0].Note = s }, func(in Inspection) string { return in.Protocol.Items[0].Note })},
			{Name: "follow_up", Rule: pii.ProtocolText, Entity: "inspection", Save: update},
		} {
			t.Run(field.Name, func(t *testing.T) { piitest.Run(t, d, field) })
		}

		// The names of the inspectors are what the field is for.
		in := f.visit(p, "2017-01-13T23:30:00+01:00")
		in.Inspectors = "Anna Andersson, Lars Nilsson"
		if _, err := f.s.CreateInspection(ctx, actor, in); err != nil {
			t.Errorf("inspectors named: %v", err)
		}
	})
}

// An inspection stored before the rule goes to the licence holder masked.
func TestForLicenceHolder(t *testing.T) {
	in := Inspection{Inspectors: "Anna Andersson", FollowUp: piitest.Text,
		Protocol: Protocol{Remarks: piitest.Text, Items: []Check{{Check: "Ålderskontroller", Result: ResultOK, Note: piitest.Text}}}}
	out := in.ForLicenceHolder()
	if out.FollowUp != piitest.Masked || out.Protocol.Remarks != piitest.Masked || out.Protocol.Items[0].Note != piitest.Masked {
		t.Errorf("ForLicenceHolder() = %+v", out)
	}
	if out.Inspectors != "Anna Andersson" || in.Protocol.Items[0].Note != piitest.Text {
		t.Errorf("ForLicenceHolder() changed the inspectors, or the inspection it was given: %+v, %+v", out, in)
	}
}
