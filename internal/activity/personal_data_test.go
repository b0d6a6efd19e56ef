package activity

import (
	"context"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/report/pii/piitest"
)

// An activity's notes are masked or changed. A meeting's agenda, minutes,
// decisions and action items may keep personal data once confirmed (they
// name who is to do what), and a text confirmed once is not asked about
// again when the meeting is changed.
func TestPersonalData(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		newActivity := func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
			in := f.control()
			in.Notes, in.Choice = text, c
			a, err := f.s.Create(ctx, actor, in)
			if err != nil {
				return 0, "", err
			}
			read, err := f.s.ByID(ctx, a.ID)
			return a.ID, read.Notes, err
		}
		existing, err := f.s.Create(ctx, actor, f.control())
		if err != nil {
			t.Fatal(err)
		}
		changeActivity := func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
			in := InputOf(existing)
			in.Notes, in.Choice = text, c
			if _, err := f.s.Update(ctx, actor, existing.ID, in); err != nil {
				return 0, "", err
			}
			read, err := f.s.ByID(ctx, existing.ID)
			return existing.ID, read.Notes, err
		}

		newMeeting := func(set func(*MeetingInput, string), get func(Meeting) string) func(context.Context, string, pii.Choice) (int64, string, error) {
			return func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
				in := f.guardMeeting()
				set(&in, text)
				in.Choice = c
				m, err := f.s.CreateMeeting(ctx, actor, in)
				if err != nil {
					return 0, "", err
				}
				read, err := f.s.Meeting(ctx, m.ID)
				return m.ID, get(read), err
			}
		}
		meeting, err := f.s.CreateMeeting(ctx, actor, f.guardMeeting())
		if err != nil {
			t.Fatal(err)
		}
		changeMeeting := func(set func(*MeetingInput, string), get func(Meeting) string) func(context.Context, string, pii.Choice) (int64, string, error) {
			return func(ctx context.Context, text string, c pii.Choice) (int64, string, error) {
				current, err := f.s.Meeting(ctx, meeting.ID)
				if err != nil {
					return 0, "", err
				}
				in := MeetingInputOf(current)
				set(&in, text)
				in.Place += "." // something else changes too
				in.Choice = c
				if _, err := f.s.UpdateMeeting(ctx, actor, meeting.ID, in); err != nil {
					return 0, "", err
				}
				read, err := f.s.Meeting(ctx, meeting.ID)
				return meeting.ID, get(read), err
			}
		}
		agenda := func(in *MeetingInput, s string) { in.Agenda = s }
		minutes := func(in *MeetingInput, s string) { in.Minutes = s }
		decisions := func(in *MeetingInput, s string) { in.Decisions = s }
		action := func(in *MeetingInput, s string) { in.Actions[0].Text = s }
		for _, field := range []piitest.Field{
			{Name: "notes", Rule: pii.WorkNotes, Entity: "activity", Save: newActivity},
			{Name: "notes", Rule: pii.WorkNotes, Entity: "activity", Save: changeActivity, Changes: true},
			{Name: "agenda", Rule: pii.MeetingText, Entity: "meeting", Save: newMeeting(agenda, func(m Meeting) string { return m.Agenda })},
			{Name: "minutes", Rule: pii.MeetingText, Entity: "meeting", Save: changeMeeting(minutes, func(m Meeting) string { return m.Minutes }), Changes: true},
			{Name: "decisions", Rule: pii.MeetingText, Entity: "meeting", Save: newMeeting(decisions, func(m Meeting) string { return m.Decisions })},
			{Name: "actions.0.text", Rule: pii.MeetingText, Entity: "meeting", Save: newMeeting(action, func(m Meeting) string { return m.Actions[0].Text })},
			{Name: "actions.0.text", Rule: pii.MeetingText, Entity: "meeting", Save: changeMeeting(action, func(m Meeting) string { return m.Actions[0].Text }), Changes: true},
		} {
			t.Run(field.Name, func(t *testing.T) { piitest.Run(t, d, field) })
		}

		// Who was there is what the attendees are for.
		in := f.guardMeeting()
		in.Attendees[0].Name = "Anna Andersson"
		if _, err := f.s.CreateMeeting(ctx, actor, in); err != nil {
			t.Errorf("an attendee named: %v", err)
		}
	})
}
