package premises

import (
	"context"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestRecordedNeedsACheck: a recorded visit's protocol says something; a
// checklist left all "not checked" is refused and nothing is stored.
func TestRecordedNeedsACheck(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		ps := f.register(t, "Kåtan")
		in := InspectionInput{PremisesID: sid(ps[0].ID), Kind: OnSite, ConductedAt: at("2018-01-10 21:00").Format(time.RFC3339),
			OrganizationIDs: []string{sid(f.malung)}, Recorded: true,
			Protocol: Checklist{Items: DefaultChecklist(OnSite)}.Protocol()}
		before := count(t, d, "inspections")
		_, err := f.s.CreateInspection(ctx, actor, in)
		if got := fields(t, err); got["protocol.items"] != "error.protocol_required" {
			t.Errorf("recorded, nothing checked: errors = %v, want protocol.items", got)
		}
		if n := count(t, d, "inspections"); n != before {
			t.Errorf("inspections = %d after a refusal, want %d", n, before)
		}
		// Not recorded, the same protocol is fine; recorded, one check is.
		in.Recorded = false
		if _, err := f.s.CreateInspection(ctx, actor, in); err != nil {
			t.Errorf("not recorded: %v", err)
		}
		in.Recorded = true
		in.Protocol.Items[2].Result = ResultDeficiency
		if _, err := f.s.CreateInspection(ctx, actor, in); err != nil {
			t.Errorf("recorded with a deficiency: %v", err)
		}
	})
}
