package brief_test

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/report/pii/piitest"
)

// The brief is e-mailed to every subscriber: its analysis and actions are
// masked or changed, never kept with personal data.
func TestPersonalData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		weeks := 0
		create := func(actions bool) func(context.Context, string, pii.Choice) (int64, string, error) {
			return func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
				weeks++ // one brief a week
				in := brief.Input{MunicipalityCode: "2023", Week: week.Add(-weeks).String(), Analysis: "Lugn vecka.", Choice: c}
				if actions {
					in.Actions = text
				} else {
					in.Analysis = text
				}
				b, err := f.s.Create(ctx, f.actor("coord"), in)
				if err != nil {
					return 0, "", err
				}
				read, err := f.s.Get(ctx, b.ID)
				if actions {
					return b.ID, read.Actions, err
				}
				return b.ID, read.Analysis, err
			}
		}
		draft, err := f.s.Create(context.Background(), f.actor("coord"), brief.Input{MunicipalityCode: "2023", Week: week.String(), Analysis: "Lugn vecka."})
		if err != nil {
			t.Fatal(err)
		}
		update := func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
			if _, err := f.s.Update(ctx, f.actor("coord"), draft.ID, brief.Patch{Analysis: &text, Choice: c}); err != nil {
				return 0, "", err
			}
			read, err := f.s.Get(ctx, draft.ID)
			return draft.ID, read.Analysis, err
		}
		for _, field := range []piitest.Field{
			{Name: "analysis", Rule: pii.BriefText, Entity: "brief", Save: create(false)},
			{Name: "actions", Rule: pii.BriefText, Entity: "brief", Save: create(true)},
			{Name: "analysis", Rule: pii.BriefText, Entity: "brief", Save: update, Changes: true},
		} {
			t.Run(field.Name, func(t *testing.T) { piitest.Run(t, d, field) })
		}
	})
}
