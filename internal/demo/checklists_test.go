package demo

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
)

// TestLoadChecklists: the demo's reporters have sent their weekly
// checklists of the weeks before this one, not this week's; a coordinator
// sees that, and whom to remind.
func TestLoadChecklists(t *testing.T) {
	dbtest.EachSeeded(t, "demo", func(ctx context.Context, d *db.DB) error {
		if err := municipality.NewStore(d).Sync(ctx); err != nil {
			return err
		}
		_, err := Load(ctx, d)
		return err
	}, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		store := report.NewStore(d)
		this := report.WeekOf(clocktest.Now())
		want := map[int]int{0: 0, 1: 2, 2: 2, 3: 1, 4: 1}
		for back, n := range want {
			st, err := store.WeekStatus(ctx, report.CodeMalungSalen, this.Add(-back))
			if err != nil {
				t.Fatal(err)
			}
			if st.Reported() != n || len(st.Organizations) != 2 {
				t.Errorf("week %s: %d of %d reporting organisations sent it, want %d of 2", st.Week, st.Reported(), len(st.Organizations), n)
			}
			for _, o := range st.Organizations {
				if o.Checklist != nil && (!o.Checklist.Synthetic || o.Checklist.SubmittedByName == "") {
					t.Errorf("week %s of %s: %+v, want synthetic and sent by its reporter", st.Week, o.Name, o.Checklist)
				}
			}
		}
		var bad int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM report_checklist_lines l JOIN reports r ON r.id = l.report_id
			WHERE NOT r.synthetic OR r.hour <> -1`).Scan(&bad); err != nil || bad != 0 {
			t.Errorf("%d reports of demo checklists are not synthetic or have an hour (%v)", bad, err)
		}
	})
}
