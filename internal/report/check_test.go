package report

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestCheck: the input is checked as Create would, nothing is stored, and
// without an organisation the organisation's municipalities are not asked.
func TestCheck(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		bad := validInput()
		bad.Category = "Inget på listan"
		bad.OccurredAt = "i går"
		got, err := f.s.Check(ctx, 0, []Input{validInput(), bad}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got["1.category"].Key == "" || got["1.occurred_at"].Key == "" {
			t.Errorf("Check(batch) = %v, want the category and the time of report 1", got)
		}
		// Without an organisation, the municipality is not its question.
		if got, err := f.s.Check(ctx, 0, []Input{validInput()}, false); err != nil || len(got) != 0 {
			t.Errorf("Check(a good report, no organisation) = %v, %v; want nothing wrong", got, err)
		}
		// With one, it is: Mora kommun does not report in Sälen.
		if got, _ := f.s.Check(ctx, f.mora, []Input{validInput()}, false); got["municipality_code"].Key != "error.organization_not_in_municipality" {
			t.Errorf("Check(Mora kommun in Sälen) = %v, want the municipality refused", got)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != 0 {
			t.Errorf("Check stored %d reports", n)
		}
	})
}

// TestSubmit: the form's rule for a used external_id: the same report
// again is a repeat; another report with the id is made with a new id.
func TestSubmit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		newID := func() string { return "form-2" }
		first, created, err := f.s.Submit(ctx, audit.System, f.guards, validInput(), newID)
		if err != nil || !created {
			t.Fatalf("Submit() = %v, %v", created, err)
		}
		again := validInput()
		again.OccurredAt = "2026-02-20T16:31:00+01:00" // "now" a minute later
		again.Description = "  Tre berusade gäster   avvisades vid afterski. "
		rep, created, err := f.s.Submit(ctx, audit.System, f.guards, again, newID)
		if err != nil || created || rep.ID != first.ID {
			t.Errorf("Submit(the same report again) = %d, created %v, %v; want the first, %d", rep.ID, created, err, first.ID)
		}
		other := validInput()
		other.Category = "Ordningsstörning"
		rep, created, err = f.s.Submit(ctx, audit.System, f.guards, other, newID)
		if err != nil || !created || rep.ID == first.ID || rep.ExternalID != "form-2" {
			t.Errorf("Submit(another report, the same id) = %+v, created %v, %v; want a new report with id form-2", rep, created, err)
		}
		// The API's rule stays: the id answers with its first report.
		if rep, created, err := f.s.Create(ctx, audit.System, f.guards, other); err != nil || created || rep.ID != first.ID {
			t.Errorf("Create(another report, a used id) = %d, %v, %v; want the first report", rep.ID, created, err)
		}
	})
}
