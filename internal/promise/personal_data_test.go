package promise

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/report/pii/piitest"
)

// An agreement names roles, not people, and a promise with its
// commitments, amendments and reasons is published: their texts are
// masked or changed, never kept with personal data.
func TestPersonalData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		newAgreement := func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
			in := f.agreementInput()
			in.Purpose, in.Choice = text, c
			a, err := f.s.CreateAgreement(ctx, actor, in)
			if err != nil {
				return 0, "", err
			}
			read, err := f.s.Agreement(ctx, a.ID)
			return a.ID, read.Purpose, err
		}
		agreement, err := f.s.CreateAgreement(ctx, actor, f.agreementInput())
		if err != nil {
			t.Fatal(err)
		}
		changeAgreement := func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
			current, err := f.s.Agreement(ctx, agreement.ID)
			if err != nil {
				return 0, "", err
			}
			in := AgreementInputOf(current)
			in.FocusAreas[0].Description, in.Choice = text, c
			if _, err := f.s.UpdateAgreement(ctx, actor, agreement.ID, in); err != nil {
				return 0, "", err
			}
			read, err := f.s.Agreement(ctx, agreement.ID)
			return agreement.ID, read.FocusAreas[0].Description, err
		}
		newPromise := func(set func(*Input, string), get func(Promise) string) func(context.Context, string, pii.Choice) (int64, string, error) {
			return func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
				in := f.promiseInput(agreement.ID)
				set(&in, text)
				in.Choice = c
				p, err := f.s.Create(ctx, actor, in)
				if err != nil {
					return 0, "", err
				}
				read, err := f.s.Promise(ctx, p.ID)
				return p.ID, get(read), err
			}
		}
		draft, err := f.s.Create(ctx, actor, f.promiseInput(agreement.ID))
		if err != nil {
			t.Fatal(err)
		}
		changePromise := func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
			current, err := f.s.Promise(ctx, draft.ID)
			if err != nil {
				return 0, "", err
			}
			in := InputOf(current)
			in.FollowUp, in.Choice = text, c
			if _, err := f.s.Update(ctx, actor, draft.ID, in); err != nil {
				return 0, "", err
			}
			read, err := f.s.Promise(ctx, draft.ID)
			return draft.ID, read.FollowUp, err
		}
		published, err := f.s.Create(ctx, actor, f.promiseInput(agreement.ID))
		if err == nil {
			published, err = f.s.Publish(ctx, actor, published.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		amend := func(description bool) func(context.Context, string, pii.Choice) (int64, string, error) {
			return func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
				in := AmendmentInput{DecidedOn: "2016-12-01", Description: "Fler insatser.", Choice: c,
					Commitments: []CommitmentInput{{OrganizationID: sid(f.police), Text: "Fler kontroller"}}}
				if description {
					in.Description = text
				} else {
					in.Commitments[0].Text = text
				}
				p, err := f.s.Amend(ctx, actor, published.ID, in)
				if err != nil {
					return 0, "", err
				}
				if description {
					return p.ID, p.Amendments[len(p.Amendments)-1].Description, nil
				}
				return p.ID, p.Commitments[len(p.Commitments)-1].Text, nil
			}
		}
		commitment := published.Commitments[0].ID
		reason := func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
			if _, err := f.s.SetStatus(ctx, actor, commitment, StatusInput{Status: string(NotDone), Reason: text, Choice: c}); err != nil {
				return 0, "", err
			}
			read, _, err := f.s.CommitmentWithPromise(ctx, commitment)
			return commitment, read.Reason, err
		}
		for _, field := range []piitest.Field{
			{Name: "purpose", Rule: pii.AgreementText, Entity: "agreement", Save: newAgreement},
			{Name: "focus_areas.0.description", Rule: pii.AgreementText, Entity: "agreement", Save: changeAgreement, Changes: true},
			{Name: "problem", Rule: pii.PublicText, Entity: "promise", Save: newPromise(func(in *Input, s string) { in.Problem = s },
				func(p Promise) string { return p.Problem })},
			{Name: "commitments.0.text", Rule: pii.PublicText, Entity: "promise", Save: newPromise(
				func(in *Input, s string) { in.Commitments[0].Text = s }, func(p Promise) string { return p.Commitments[0].Text })},
			{Name: "follow_up", Rule: pii.PublicText, Entity: "promise", Save: changePromise, Changes: true},
			{Name: "description", Rule: pii.PublicText, Entity: "promise", Save: amend(true)},
			{Name: "commitments.0.text", Rule: pii.PublicText, Entity: "promise", Save: amend(false)},
			{Name: "reason", Rule: pii.PublicText, Entity: "commitment", Save: reason, Changes: true},
		} {
			t.Run(field.Name, func(t *testing.T) { piitest.Run(t, d, field) })
		}
	})
}
