package activity

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// guardMeeting is a valid collaboration meeting of the police with the
// security guards.
func (f fixture) guardMeeting() MeetingInput {
	return MeetingInput{Title: "Samverkansmöte vecka 7", Kind: MeetingCollaboration, StartsAt: "2017-02-13T10:00:00+01:00",
		EndsAt: "2017-02-13T11:00:00+01:00", Place: "Polisen i Sälen", OrganizationIDs: []string{sid(f.police), sid(f.guards)},
		MunicipalityCode: "2023",
		Attendees:        []AttendeeInput{{Name: "Kommunpolisen", OrganizationID: sid(f.police)}, {Name: "Vaktchefen", OrganizationID: sid(f.guards)}, {}},
		Agenda:           "1. Lägesbild\n2. Helgen", Minutes: "Lugn vecka.", Decisions: "Förstärkning på lördag.",
		Actions: []ActionInput{
			{Text: "Två extra vakter på lördag", OrganizationID: sid(f.guards), DueOn: "2017-02-18"},
			{Text: "Trafikkontroll på ankomstdagen", OrganizationID: sid(f.police), DueOn: "2017-02-18", DoneOn: "2017-02-18"},
			{},
		}}
}

func TestCreateMeeting(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		m, err := f.s.CreateMeeting(ctx, actor, f.guardMeeting())
		if err != nil {
			t.Fatalf("CreateMeeting() error = %v", err)
		}
		want := Meeting{ID: m.ID, Kind: MeetingCollaboration, Title: "Samverkansmöte vecka 7", OrganizationID: f.police,
			OrganizationName: "Polisen, lokalpolisområde Mora", MunicipalityCode: "2023",
			StartsAt: time.Date(2017, 2, 13, 9, 0, 0, 0, time.UTC), EndsAt: time.Date(2017, 2, 13, 10, 0, 0, 0, time.UTC),
			Place: "Polisen i Sälen", OrganizationIDs: []string{sid(f.police), sid(f.guards)},
			Organizations: []Party{{f.police, "Polisen, lokalpolisområde Mora"}, {f.guards, "Fjällvakterna Ordningsvakter AB (demo)"}},
			Attendees:     []Attendee{{"Kommunpolisen", f.police}, {"Vaktchefen", f.guards}},
			Agenda:        "1. Lägesbild\n2. Helgen", Minutes: "Lugn vecka.", Decisions: "Förstärkning på lördag.",
			Actions: []Action{
				{ID: m.Actions[0].ID, MeetingID: m.ID, Text: "Två extra vakter på lördag", OrganizationID: f.guards,
					OrganizationName: "Fjällvakterna Ordningsvakter AB (demo)", DueOn: "2017-02-18"},
				{ID: m.Actions[1].ID, MeetingID: m.ID, Text: "Trafikkontroll på ankomstdagen", OrganizationID: f.police,
					OrganizationName: "Polisen, lokalpolisområde Mora", DueOn: "2017-02-18", DoneOn: "2017-02-18"},
			}}
		ignore := cmpopts.IgnoreFields(Meeting{}, "CreatedAt", "UpdatedAt")
		if diff := cmp.Diff(want, m, ignore); diff != "" {
			t.Errorf("CreateMeeting() mismatch (-want +got):\n%s", diff)
		}
		read, err := f.s.Meeting(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(m, read); diff != "" {
			t.Errorf("Meeting() mismatch (-created +read):\n%s", diff)
		}

		// The organiser is at the meeting even when the list leaves it out,
		// and the only municipality of the organiser is the meeting's.
		council, err := f.s.CreateMeeting(ctx, actor, MeetingInput{Title: "BRÅ", Kind: MeetingCouncil, OrganizationID: sid(f.mora),
			OrganizationIDs: []string{sid(f.police), sid(f.mora)}, StartsAt: "2017-02-09T13:00", EndsAt: "2017-02-09T15:30"})
		if err != nil {
			t.Fatalf("CreateMeeting(council) error = %v", err)
		}
		if council.MunicipalityCode != "2062" || !cmp.Equal(council.OrganizationIDs, []string{sid(f.mora), sid(f.police)}) {
			t.Errorf("CreateMeeting(council) = %s, %v", council.MunicipalityCode, council.OrganizationIDs)
		}
	})
}

func TestCreateMeetingInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		audits := count(t, d, "audit_log")
		tests := []struct {
			name   string
			change func(*MeetingInput)
			want   map[string]string
		}{
			{"nothing", func(in *MeetingInput) { *in = MeetingInput{} }, map[string]string{"title": "error.required", "kind": "error.choose",
				"starts_at": "error.required", "ends_at": "error.required", "organization_ids": "error.choose_some"}},
			{"unknown kind", func(in *MeetingInput) { in.Kind = "party" }, map[string]string{"kind": "error.one_of"}},
			{"end before start", func(in *MeetingInput) { in.EndsAt = "2017-02-13T09:00:00+01:00" }, map[string]string{"ends_at": "error.ends_before_start"}},
			{"a week long", func(in *MeetingInput) { in.EndsAt = "2017-02-20T11:00:00+01:00" }, map[string]string{"ends_at": "error.meeting_too_long"}},
			{"unknown organiser", func(in *MeetingInput) { in.OrganizationID = "99999" }, map[string]string{"organization_id": "error.organization_unknown"}},
			{"unknown party", func(in *MeetingInput) { in.OrganizationIDs = append(in.OrganizationIDs, "99999") },
				map[string]string{"organization_ids": "error.organization_unknown"}},
			{"party twice", func(in *MeetingInput) { in.OrganizationIDs = append(in.OrganizationIDs, sid(f.guards)) },
				map[string]string{"organization_ids": "error.organization_twice"}},
			{"municipality not said", func(in *MeetingInput) { in.MunicipalityCode = "" }, map[string]string{"municipality_code": "error.municipality_ambiguous"}},
			{"organiser not in the municipality", func(in *MeetingInput) { in.MunicipalityCode = "2034" },
				map[string]string{"organization_id": "error.organization_not_in_municipality"}},
			{"commitment of another party", func(in *MeetingInput) { in.CommitmentID = sid(f.visits) },
				map[string]string{"commitment_id": "error.commitment_other_organization"}},
			{"commitment of another municipality", func(in *MeetingInput) { in.CommitmentID = sid(f.moraPolice) },
				map[string]string{"commitment_id": "error.commitment_other_municipality"}},
			{"action of a party not there", func(in *MeetingInput) { in.Actions[0].OrganizationID = sid(f.malung) },
				map[string]string{"actions.0.organization_id": "error.not_at_meeting"}},
			{"action without owner or text", func(in *MeetingInput) { in.Actions[1].OrganizationID, in.Actions[1].Text = "", "" },
				map[string]string{"actions.1.organization_id": "error.choose", "actions.1.text": "error.required"}},
			{"action due before the meeting", func(in *MeetingInput) { in.Actions[0].DueOn = "2017-02-12" },
				map[string]string{"actions.0.due_on": "error.due_before_meeting"}},
			{"action with a bad date", func(in *MeetingInput) { in.Actions[0].DoneOn = "2017-02-30" }, map[string]string{"actions.0.done_on": "error.date"}},
			{"action with an id when new", func(in *MeetingInput) { in.Actions[0].ID = "7" }, map[string]string{"actions.0.id": "error.action_unknown"}},
			{"attendee of a party not there", func(in *MeetingInput) { in.Attendees[0].OrganizationID = sid(f.malung) },
				map[string]string{"attendees.0.organization_id": "error.not_at_meeting"}},
			{"attendee without a name", func(in *MeetingInput) { in.Attendees[1].Name = "" }, map[string]string{"attendees.1.name": "error.required"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := f.guardMeeting()
				tt.change(&in)
				_, err := f.s.CreateMeeting(ctx, actor, in)
				if diff := cmp.Diff(tt.want, fields(t, err)); diff != "" {
					t.Errorf("CreateMeeting() errors (-want +got):\n%s", diff)
				}
			})
		}
		for _, table := range []string{"meetings", "meeting_actions", "meeting_attendees", "meeting_organizations"} {
			if n := count(t, d, table); n != 0 {
				t.Errorf("rejected meetings left %d rows in %s", n, table)
			}
		}
		if n := count(t, d, "audit_log"); n != audits {
			t.Errorf("rejected meetings wrote %d audit entries", n-audits)
		}
	})
}

func TestUpdateMeetingAndActions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		m, err := f.s.CreateMeeting(ctx, actor, f.guardMeeting())
		if err != nil {
			t.Fatal(err)
		}
		// The minutes are written afterwards: the first action item is
		// kept (and done), the second dropped, a third added.
		in := MeetingInputOf(m)
		in.OrganizationID = ""
		in.Minutes = "Genomgång av helgen."
		in.Actions = []ActionInput{
			{ID: sid(m.Actions[0].ID), Text: in.Actions[0].Text, OrganizationID: sid(f.guards), DueOn: "2017-02-18", DoneOn: "2017-02-18"},
			{Text: "Rakel-test med vakterna", OrganizationID: sid(f.police), DueOn: "2017-03-01"},
		}
		changed, err := f.s.UpdateMeeting(ctx, actor, m.ID, in)
		if err != nil {
			t.Fatalf("UpdateMeeting() error = %v", err)
		}
		if changed.Sequence != 1 || changed.Minutes != "Genomgång av helgen." || len(changed.Actions) != 2 ||
			changed.Actions[0].ID != m.Actions[0].ID || changed.Actions[0].DoneOn != "2017-02-18" || changed.Actions[1].ID == m.Actions[1].ID {
			t.Errorf("UpdateMeeting() = %+v", changed)
		}
		in.Actions[0].ID = sid(m.Actions[1].ID) // removed above
		if _, err := f.s.UpdateMeeting(ctx, actor, m.ID, in); fields(t, err)["actions.0.id"] != "error.action_unknown" {
			t.Errorf("UpdateMeeting(removed action id) error = %v", err)
		}
		in = MeetingInputOf(changed)
		in.OrganizationID = sid(f.guards)
		if _, err := f.s.UpdateMeeting(ctx, actor, m.ID, in); fields(t, err)["organization_id"] != "error.organization_fixed" {
			t.Errorf("UpdateMeeting(other organiser) error = %v", err)
		}

		// Open action items, for the start pages of the owners.
		open, err := f.s.OpenActions(ctx, []int64{f.police, f.guards})
		if err != nil {
			t.Fatal(err)
		}
		if len(open) != 1 || open[0].Text != "Rakel-test med vakterna" || open[0].MeetingTitle != "Samverkansmöte vecka 7" ||
			open[0].MunicipalityCode != "2023" {
			t.Errorf("OpenActions() = %+v", open)
		}
		if none, err := f.s.OpenActions(ctx, []int64{f.guards}); err != nil || len(none) != 0 {
			t.Errorf("OpenActions(guards) = %+v, %v", none, err)
		}
		if none, err := f.s.OpenActions(ctx, nil); err != nil || none == nil || len(none) != 0 {
			t.Errorf("OpenActions(nobody) = %#v, %v", none, err)
		}
		action, meeting, err := f.s.ActionWithMeeting(ctx, open[0].ID)
		if err != nil || action.ID != open[0].ID || meeting.ID != m.ID {
			t.Errorf("ActionWithMeeting() = %d, %d, %v", action.ID, meeting.ID, err)
		}
		done, err := f.s.SetActionDone(ctx, actor, open[0].ID, "2017-03-01")
		if err != nil || done.DoneOn != "2017-03-01" {
			t.Errorf("SetActionDone() = %+v, %v", done, err)
		}
		if left, _ := f.s.OpenActions(ctx, []int64{f.police}); len(left) != 0 {
			t.Errorf("OpenActions() after done = %+v", left)
		}
		if _, err := f.s.SetActionDone(ctx, actor, open[0].ID, "1 mars"); fields(t, err)["done_on"] != "error.date" {
			t.Errorf("SetActionDone(bad date) error = %v", err)
		}
		if _, err := f.s.SetActionDone(ctx, actor, 99999, ""); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("SetActionDone(unknown) error = %v", err)
		}
		if _, _, err := f.s.ActionWithMeeting(ctx, 99999); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("ActionWithMeeting(unknown) error = %v", err)
		}

		if err := f.s.DeleteMeeting(ctx, actor, m.ID); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "meeting_actions"); n != 0 {
			t.Errorf("%d action items left", n)
		}
		if _, err := f.s.Meeting(ctx, m.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Meeting(deleted) error = %v", err)
		}
	})
}

func TestListMeetings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		mk := func(title, code string, orgs []int64, starts string) int64 {
			t.Helper()
			ids := make([]string, len(orgs))
			for i, o := range orgs {
				ids[i] = sid(o)
			}
			start, _ := time.Parse(time.RFC3339, starts)
			m, err := f.s.CreateMeeting(ctx, actor, MeetingInput{Title: title, Kind: MeetingOther, MunicipalityCode: code,
				OrganizationIDs: ids, StartsAt: starts, EndsAt: start.Add(time.Hour).Format(time.RFC3339)})
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		guards := mk("Vakter", "2023", []int64{f.police, f.guards}, "2017-02-13T10:00:00+01:00")
		forum := mk("Forum", "2023", []int64{f.destination, f.police, f.malung}, "2016-12-14T09:00:00+01:00")
		bra := mk("BRÅ", "2062", []int64{f.mora, f.police}, "2017-02-09T13:00:00+01:00")
		orsa := mk("Orsa", "2034", []int64{f.orsa}, "2017-03-01T13:00:00+01:00")

		var got []int64
		fl := MeetingFilter{Scope: Scope{All: true}, Limit: 3}
		for range 5 {
			page, err := f.s.Meetings(ctx, fl)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range page.Items {
				got = append(got, m.ID)
			}
			if fl.Cursor = page.Next; fl.Cursor == "" {
				break
			}
		}
		if diff := cmp.Diff([]int64{orsa, guards, bra, forum}, got); diff != "" {
			t.Errorf("Meetings(all) (-want +got):\n%s", diff)
		}
		tests := []struct {
			name  string
			scope Scope
			want  []int64
		}{
			{"the security guards take part in one", Scope{Organizations: []int64{f.guards}}, []int64{guards}},
			{"Mora's parties, and Orsa's own", Scope{Municipalities: []string{"2062"}, Organizations: []int64{f.orsa}}, []int64{orsa, bra}},
			{"nobody", Scope{}, nil},
		}
		for _, tt := range tests {
			page, err := f.s.Meetings(ctx, MeetingFilter{Scope: tt.scope})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, m := range page.Items {
				ids = append(ids, m.ID)
			}
			if diff := cmp.Diff(tt.want, ids); diff != "" {
				t.Errorf("Meetings(%s) (-want +got):\n%s", tt.name, diff)
			}
		}
		cal, err := f.s.MeetingsOf(ctx, []int64{f.police}, time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC))
		if err != nil || len(cal) != 2 || cal[0].ID != bra || cal[1].ID != guards {
			t.Errorf("MeetingsOf(police, 2017) = %d meetings, %v", len(cal), err)
		}
		if cal, err := f.s.MeetingsOf(ctx, nil, time.Time{}); err != nil || len(cal) != 0 {
			t.Errorf("MeetingsOf(nobody) = %d, %v", len(cal), err)
		}
	})
}
