package report

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/org"
)

// week8 is the week of fixedNow; the guards' checklist of it in
// weekInput.
var week8 = Week{2026, 8}

func weekInput(ext string) ChecklistInput {
	return ChecklistInput{
		MunicipalityCode: salen, Week: "2026-W08", ExternalID: ext,
		Lines: []ChecklistLineInput{
			{Category: "Berusade personer", Place: "Lindvallen", Count: new(4), Note: "Mest vid afterski på fredagen."},
			{Category: "berusade personer", Count: new(2)}, // the same category with no place is another line
			{Category: "Skadegörelse", Count: new(1)},
			{Category: "Klotter", Count: new(0), Note: "Inget nytt klotter, det gamla vid liften är kvar."},
			{Category: "Nedskräpning", Count: new(0)}, // nothing, no note: not kept
			{}, // a spare line of the form
		},
	}
}

// checklistReports returns the reports of the organisation in the week, by
// category and place.
func checklistReports(t *testing.T, f *fixture, orgID int64, w Week) map[string]Report {
	t.Helper()
	page, err := f.s.List(context.Background(), Access{All: true}, Filter{MunicipalityCode: salen,
		From: w.Start().Format(dateLayout), To: w.Start().AddDate(0, 0, 6).Format(dateLayout), Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]Report{}
	for _, r := range page.Items {
		if r.OrganizationID == orgID {
			out[r.Category+"@"+r.Place] = r
		}
	}
	return out
}

func TestChecklistSubmit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		actor := audit.Actor{Label: "test"}
		cl, outcome, err := f.s.SubmitChecklist(ctx, actor, f.guards, weekInput("phone-1"))
		if err != nil {
			t.Fatalf("SubmitChecklist() error = %v", err)
		}
		if outcome != ChecklistCreated || cl.Week != week8 || cl.Total != 7 || cl.Revision != 1 || cl.OrganizationID != f.guards ||
			cl.From != "2026-02-16" || cl.To != "2026-02-22" || cl.Visibility != VisibilityMunicipality {
			t.Errorf("SubmitChecklist() = %+v, %s; want created, week 8, total 7, revision 1", cl, outcome)
		}
		lines := make([]string, len(cl.Lines))
		for i, l := range cl.Lines {
			lines[i] = l.Category + "|" + l.Place + "|" + string(rune('0'+l.Count)) + "|" + l.Note
			if (l.Count > 0) != (l.ReportID != 0) {
				t.Errorf("line %d = %+v: a report for a count above 0, none for 0", i, l)
			}
		}
		want := []string{"Berusade personer|Lindvallen|4|Mest vid afterski på fredagen.", "Berusade personer||2|",
			"Skadegörelse||1|", "Klotter||0|Inget nytt klotter, det gamla vid liften är kvar."}
		if diff := cmp.Diff(want, lines); diff != "" {
			t.Errorf("lines (-want +got):\n%s", diff)
		}

		// The reports: during the week, outside the hour grid, counted in
		// the week's picture.
		reps := checklistReports(t, f, f.guards, week8)
		if len(reps) != 3 {
			t.Fatalf("reports of the checklist = %v, want 3", reps)
		}
		r := reps["Berusade personer@Lindvallen"]
		if !r.OccurredAt.Equal(week8.Start()) || r.Period != PeriodWeek || r.Count != 4 || r.Area != "Lindvallen" ||
			r.Description != "Mest vid afterski på fredagen." || r.Week != week8 {
			t.Errorf("report of the first line = %+v, want Monday 00:00, period week, count 4, in Lindvallen", r)
		}
		if got, _ := f.s.Get(ctx, cl.Lines[0].ReportID); got.Period != PeriodWeek {
			t.Errorf("Get(report of a line).Period = %q, want week", got.Period)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports WHERE organization_id = ? AND (weekday <> -1 OR hour <> -1)`, f.guards); n != 0 {
			t.Errorf("%d reports of the checklist have a weekday or an hour", n)
		}
		sit, err := f.s.Situation(ctx, SituationQuery{MunicipalityCode: salen, Week: "2026-W08"})
		if err != nil {
			t.Fatal(err)
		}
		grid := 0
		for _, day := range sit.HourWeekday {
			for _, n := range day {
				grid += n
			}
		}
		if sit.Total != 7 || sit.WeekOnly != 7 || grid != 0 {
			t.Errorf("picture: total %d, week only %d, in the grid %d; want 7, 7, 0", sit.Total, sit.WeekOnly, grid)
		}
		checkWeeks(t, d)
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'report_checklist' AND action = 'create'`); n != 1 {
			t.Errorf("audit entries = %d, want 1", n)
		}

		// The same submission again (the answer was lost): nothing changes.
		again, outcome, err := f.s.SubmitChecklist(ctx, actor, f.guards, weekInput("phone-1"))
		if err != nil || outcome != ChecklistRepeat || again.ID != cl.ID || again.Revision != 1 {
			t.Errorf("repeat = %+v, %s, %v; want the checklist as it was, repeat", again, outcome, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports WHERE organization_id = ?`, f.guards); n != 3 {
			t.Errorf("reports after a repeat = %d, want 3", n)
		}

		// Another submission of the week replaces it: the line kept keeps
		// its report, the line gone loses it, the new line gets one.
		in := weekInput("phone-2")
		in.Lines = []ChecklistLineInput{
			{Category: "Berusade personer", Place: "Lindvallen", Count: new(5), Note: "Fem, inte fyra."},
			{Category: "Hot eller våld", Place: "Tandådalen", Count: new(1)},
		}
		next, outcome, err := f.s.SubmitChecklist(ctx, actor, f.guards, in)
		if err != nil || outcome != ChecklistReplaced {
			t.Fatalf("replacement = %s, %v; want replaced", outcome, err)
		}
		if next.ID != cl.ID || next.Revision != 2 || next.Total != 6 || len(next.Lines) != 2 ||
			!next.FirstSubmittedAt.Equal(cl.FirstSubmittedAt) {
			t.Errorf("replacement = %+v, want the same checklist, revision 2, total 6, two lines", next)
		}
		if next.Lines[0].ReportID != cl.Lines[0].ReportID {
			t.Errorf("the kept line's report = %d, want %d kept", next.Lines[0].ReportID, cl.Lines[0].ReportID)
		}
		reps = checklistReports(t, f, f.guards, week8)
		if len(reps) != 2 || reps["Berusade personer@Lindvallen"].Count != 5 || reps["Hot eller våld@Tandådalen"].Count != 1 ||
			reps["Berusade personer@Lindvallen"].Description != "Fem, inte fyra." {
			t.Errorf("reports after the replacement = %v, want Lindvallen 5 and Tandådalen 1", reps)
		}
		for _, gone := range cl.Lines[1:3] {
			if _, err := f.s.Get(ctx, gone.ReportID); !isNotFound(err) {
				t.Errorf("report %d of a line gone: %v, want not found", gone.ReportID, err)
			}
		}
		if sit, _ := f.s.Situation(ctx, SituationQuery{MunicipalityCode: salen, Week: "2026-W08"}); sit.Total != 6 {
			t.Errorf("picture after the replacement: total %d, want 6", sit.Total)
		}
		checkWeeks(t, d)

		// A submission filed before the one in force (a phone's queue
		// sending late) changes nothing.
		late := weekInput("phone-0")
		late.FiledAt = f.now.Add(-time.Hour).Format(time.RFC3339)
		old, outcome, err := f.s.SubmitChecklist(ctx, actor, f.guards, late)
		if err != nil || outcome != ChecklistSuperseded || old.Revision != 2 || old.Total != 6 {
			t.Errorf("late submission = %+v, %s, %v; want superseded, the checklist in force", old, outcome, err)
		}
		// … also when it is sent again.
		if _, outcome, _ := f.s.SubmitChecklist(ctx, actor, f.guards, late); outcome != ChecklistRepeat {
			t.Errorf("late submission again = %s, want repeat", outcome)
		}
		checkWeeks(t, d)
		if n := count(t, d, `SELECT COUNT(*) FROM report_checklists`); n != 1 {
			t.Errorf("checklists = %d, want 1", n)
		}
	})
}

// TestChecklistNothingHappened: a week of zeros is a checklist of the
// week, with no report.
func TestChecklistNothingHappened(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		in := ChecklistInput{MunicipalityCode: salen, Week: "2026-W07", Lines: []ChecklistLineInput{
			{Category: "Klotter", Count: new(0)}, {Category: "Skadegörelse"}}}
		cl, outcome, err := f.s.SubmitChecklist(ctx, audit.Actor{Label: "test"}, f.guards, in)
		if err != nil || outcome != ChecklistCreated || cl.Total != 0 || len(cl.Lines) != 0 || cl.Week != (Week{2026, 7}) {
			t.Fatalf("SubmitChecklist(zeros) = %+v, %s, %v; want a checklist of week 7, total 0, no lines", cl, outcome, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != 0 {
			t.Errorf("reports = %d, want none", n)
		}
		got, ok, err := f.s.ChecklistOf(ctx, f.guards, salen, Week{2026, 7})
		if err != nil || !ok || got.ID != cl.ID {
			t.Errorf("ChecklistOf() = %+v, %v, %v; want the checklist", got, ok, err)
		}
		if _, ok, _ := f.s.ChecklistOf(ctx, f.guards, salen, week8); ok {
			t.Error("ChecklistOf(week 8) found a checklist that was never sent")
		}
	})
}

func TestChecklistRefusesBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		actor := audit.Actor{Label: "test"}
		tests := []struct {
			name string
			org  int64
			in   func(*ChecklistInput)
			want map[string]string
		}{
			{"a week that has not begun", f.guards, func(in *ChecklistInput) { in.Week = "2026-W09" },
				map[string]string{"week": "error.weekly_week"}},
			{"a week too old", f.guards, func(in *ChecklistInput) { in.Week = "2026-W03" },
				map[string]string{"week": "error.weekly_week"}},
			{"no week", f.guards, func(in *ChecklistInput) { in.Week = "" }, map[string]string{"week": "error.required"}},
			{"not a week", f.guards, func(in *ChecklistInput) { in.Week = "vecka 8" }, map[string]string{"week": "error.week"}},
			{"every line wrong", f.guards, func(in *ChecklistInput) {
				in.Lines = []ChecklistLineInput{
					{Category: "Snöbollskrig", Count: new(1)},
					{Category: "Klotter", Place: "Ingenstans", Count: new(-1)},
					{Category: "Skadegörelse", Count: new(MaxCount + 1)},
					{Category: "Klotter", Count: new(1), Note: "Ring Kalle på 070-123 45 67."},
					{Category: "klotter", Count: new(2)},
					{Count: new(3)},
				}
			}, map[string]string{
				"lines.0.category": "error.category_unknown", "lines.1.place": "error.place_unknown",
				"lines.1.count": "error.weekly_count_range", "lines.2.count": "error.weekly_count_range",
				"lines.3.note": "error.personal_data", "lines.4.place": "error.weekly_line_twice",
				"lines.5.category": "error.choose",
			}},
			{"an organisation elsewhere", f.mora, func(*ChecklistInput) {},
				map[string]string{"municipality_code": "error.organization_not_in_municipality"}},
			{"an unknown municipality", f.guards, func(in *ChecklistInput) { in.MunicipalityCode = unknown },
				map[string]string{"municipality_code": "error.municipality_unknown"}},
			{"the rest", f.guards, func(in *ChecklistInput) {
				in.Visibility, in.FiledAt, in.ExternalID = "alla", "i morse", strings.Repeat("x", 101)
				in.Lines = make([]ChecklistLineInput, MaxChecklistLines+1)
			}, map[string]string{"visibility": "error.one_of", "filed_at": "error.time_format", "external_id": "error.too_long",
				"lines": "error.weekly_too_many_lines"}},
		}
		for _, tt := range tests {
			in := weekInput("")
			tt.in(&in)
			_, _, err := f.s.SubmitChecklist(ctx, actor, tt.org, in)
			if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
				t.Errorf("%s: errors (-want +got):\n%s", tt.name, diff)
			}
			check, err := f.s.CheckChecklist(ctx, tt.org, in)
			if err != nil || len(check) != len(tt.want) {
				t.Errorf("%s: CheckChecklist() = %v, %v; want the same errors", tt.name, check, err)
			}
		}
		for _, table := range []string{"reports", "report_checklists", "report_checklist_submissions", "audit_log WHERE entity = 'report_checklist'"} {
			if n := count(t, d, `SELECT COUNT(*) FROM `+table); n != 0 {
				t.Errorf("%s: %d rows after refused checklists", table, n)
			}
		}

		// Personal data in a note is stored masked when asked.
		in := weekInput("")
		in.Lines = []ChecklistLineInput{{Category: "Klotter", Count: new(1), Note: "Ring Kalle på 070-123 45 67."}}
		in.Redact = true
		cl, _, err := f.s.SubmitChecklist(ctx, actor, f.guards, in)
		if err != nil || strings.Contains(cl.Lines[0].Note, "070") {
			t.Errorf("redacted note = %+v, %v; want the number masked", cl.Lines, err)
		}
		if r, _ := f.s.Get(ctx, cl.Lines[0].ReportID); r.Description != cl.Lines[0].Note {
			t.Errorf("the report's description = %q, want the line's masked note %q", r.Description, cl.Lines[0].Note)
		}
	})
}

// TestChecklistOpenWeeks: this week and ChecklistWeeksBack before it,
// across a new year.
func TestChecklistOpenWeeks(t *testing.T) {
	now := time.Date(2027, time.January, 5, 9, 0, 0, 0, zone()) // Tuesday of 2027-W01
	weeks := ChecklistWeeks(now)
	want := []Week{{2027, 1}, {2026, 53}, {2026, 52}, {2026, 51}, {2026, 50}}
	if diff := cmp.Diff(want, weeks); diff != "" {
		t.Errorf("ChecklistWeeks() (-want +got):\n%s", diff)
	}
	for _, w := range want {
		if !ChecklistWeekOpen(w, now) {
			t.Errorf("ChecklistWeekOpen(%s) = false", w)
		}
	}
	for _, w := range []Week{{2027, 2}, {2026, 49}} {
		if ChecklistWeekOpen(w, now) {
			t.Errorf("ChecklistWeekOpen(%s) = true", w)
		}
	}
}

// TestChecklistConcurrent: two phones send the same week at once; one
// checklist, the other submission replaces or is superseded, nothing
// twice.
func TestChecklistConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		var wg sync.WaitGroup
		outcomes := make([]string, 4)
		errs := make([]error, 4)
		for i := range outcomes {
			wg.Go(func() {
				in := weekInput(string(rune('a' + i)))
				_, outcomes[i], errs[i] = f.s.SubmitChecklist(ctx, audit.Actor{Label: "test"}, f.guards, in)
			})
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("submission %d: %v", i, err)
			}
		}
		slices.Sort(outcomes)
		if outcomes[0] != ChecklistCreated || slices.Contains(outcomes[1:], ChecklistCreated) {
			t.Errorf("outcomes = %v, want one created", outcomes)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != 3 {
			t.Errorf("reports = %d, want the 3 of one checklist", n)
		}
		checkWeeks(t, d)
	})
}

// addUser adds a user with a role in an organisation.
func addUser(t *testing.T, d *db.DB, email, name, locale string, orgID int64, role auth.Role) int64 {
	t.Helper()
	var id int64
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		u, err := auth.CreateInTx(context.Background(), tx, audit.System, auth.NewUser{Email: email, Name: name, Locale: locale}, "x")
		if err != nil {
			return err
		}
		id = u.ID
		return org.SetMembershipInTx(context.Background(), tx, audit.System, u.ID, orgID, role)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestChecklistStatusAndReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		os := org.NewStore(d)
		restaurant, err := os.Create(ctx, audit.System, org.Input{Name: "Afterski AB", Kind: "company", MunicipalityCodes: []string{salen}})
		if err != nil {
			t.Fatal(err)
		}
		vakt := addUser(t, d, "vakt@test.example", "Vera Vakt", "", f.guards, auth.RoleReporter)
		addUser(t, d, "chef@test.example", "Carl Chef", "", f.guards, auth.RoleMember) // not a reporter: no reminder
		krog := addUser(t, d, "krog@test.example", "Kim Krog", "en", restaurant.ID, auth.RoleReporter)
		addUser(t, d, "polis@test.example", "Pia Polis", "", f.police, auth.RoleMember) // no reporter: not a reporting organisation

		if _, _, err := f.s.SubmitChecklist(ctx, audit.Actor{UserID: vakt, Label: "vakt"}, f.guards, weekInput("")); err != nil {
			t.Fatal(err)
		}
		st, err := f.s.WeekStatus(ctx, salen, week8)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, o := range st.Organizations {
			names = append(names, o.Name)
		}
		if diff := cmp.Diff([]string{"Afterski AB", "Sälens Ordningsvakter"}, names); diff != "" {
			t.Errorf("reporting organisations (-want +got):\n%s", diff)
		}
		if !st.Open || st.Reported() != 1 || st.Organizations[1].Checklist == nil || st.Organizations[1].Checklist.SubmittedByName != "Vera Vakt" ||
			len(st.Organizations[0].Reporters) != 1 || st.Organizations[0].Reporters[0].Name != "Kim Krog" {
			t.Errorf("status = %+v, want the guards reported by Vera Vakt, Afterski AB not", st)
		}

		res, err := f.s.Remind(ctx, audit.Actor{Label: "samordnare"}, salen, week8, RemindOptions{Mail: true,
			BaseURL: "https://samverkan.example/", SentBy: "Sara Samordnare"})
		if err != nil {
			t.Fatal(err)
		}
		if res != (RemindResult{Organizations: 1, Recipients: 1, Emails: 1}) {
			t.Errorf("Remind() = %+v, want one organisation, one e-mail", res)
		}
		var to, subject, text string
		if err := d.QueryRowContext(ctx, `SELECT to_address, subject, text_body FROM mail_outbox WHERE kind = 'checklist_reminder'`).
			Scan(&to, &subject, &text); err != nil {
			t.Fatal(err)
		}
		link := "https://samverkan.example/reports/week?municipality_code=2023&organization_id=" +
			audit.ID(restaurant.ID) + "&week=2026-W08"
		if to != "krog@test.example" || subject != "Reminder: the weekly checklist of week 8, Malung-Sälen" ||
			!strings.Contains(text, link) || !strings.Contains(text, "Afterski AB has not yet sent") || !strings.Contains(text, "Sara Samordnare") {
			t.Errorf("e-mail to %s %q:\n%s\nwant Kim's, in English, with the link %s", to, subject, text, link)
		}
		// Once per organisation and week.
		again, err := f.s.Remind(ctx, audit.Actor{Label: "samordnare"}, salen, week8, RemindOptions{Mail: true})
		if err != nil || again != (RemindResult{Skipped: 1}) {
			t.Errorf("Remind() again = %+v, %v; want one skipped, nothing sent", again, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM mail_outbox`); n != 1 {
			t.Errorf("e-mails = %d, want 1", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE action = 'remind'`); n != 1 {
			t.Errorf("audit entries of reminders = %d, want 1", n)
		}

		// The notice waits on the start page until the week is sent.
		pending, err := f.s.PendingReminders(ctx, []int64{restaurant.ID})
		if err != nil || len(pending) != 1 || pending[0].Week != week8 || pending[0].OrganizationName != "Afterski AB" || pending[0].SentBy != "" {
			t.Errorf("PendingReminders() = %+v, %v; want week 8 of Afterski AB", pending, err)
		}
		in := weekInput("")
		if _, _, err := f.s.SubmitChecklist(ctx, audit.Actor{UserID: krog, Label: "krog"}, restaurant.ID, in); err != nil {
			t.Fatal(err)
		}
		if pending, _ := f.s.PendingReminders(ctx, []int64{restaurant.ID}); len(pending) != 0 {
			t.Errorf("PendingReminders() after sending = %+v, want none", pending)
		}
		st, _ = f.s.WeekStatus(ctx, salen, week8)
		if st.Reported() != 2 || st.Organizations[0].Reminder == nil || len(st.ToRemind()) != 0 {
			t.Errorf("status after both sent = %+v", st)
		}
		// A closed week is not reminded.
		if _, err := f.s.Remind(ctx, audit.Actor{Label: "samordnare"}, salen, Week{2026, 2}, RemindOptions{}); fieldKeys(t, err)["week"] != "error.weekly_week" {
			t.Errorf("Remind(week 2) = %v, want the week refused", err)
		}
		sent, err := f.s.SentChecklists(ctx, []int64{restaurant.ID, f.guards, f.mora}, week8)
		if err != nil || len(sent) != 2 {
			t.Errorf("SentChecklists() = %v, %v; want 2", sent, err)
		}
	})
}

// FuzzChecklist: whatever a client sends as a checklist, the check and the
// submission never panic; a submission refused stores nothing, and one
// accepted keeps the weekly counts right.
func FuzzChecklist(f *testing.F) {
	d := dbtest.SQLite(f)
	fx := setup(f, d)
	ctx := context.Background()
	f.Add("2026-W08", "Klotter", "Lindvallen", 3, "Vid liften.", "x-1", "", false)
	f.Add("2026-W53", "", "", 0, "", "", "2026-02-21T12:00:00+01:00", true)
	f.Add("2026-W8", "klotter ", "lindvallen", -1, "070-123 45 67", "x-1", "i går", true)
	f.Add("0000-W00", "\x00", "\xff", 1001, strings.Repeat("å", 3000), strings.Repeat("x", 200), "2099-01-01T00:00:00Z", false)
	f.Fuzz(func(t *testing.T, week, category, place string, n int, note, ext, filed string, redact bool) {
		in := ChecklistInput{MunicipalityCode: salen, Week: week, ExternalID: ext, FiledAt: filed, Redact: redact,
			Lines: []ChecklistLineInput{{Category: category, Place: place, Count: &n, Note: note}, {Category: "Skadegörelse", Count: new(1)}}}
		if _, err := fx.s.CheckChecklist(ctx, fx.guards, in); err != nil {
			t.Fatalf("CheckChecklist() error = %v", err)
		}
		reports := count(t, d, `SELECT COUNT(*) FROM reports`)
		_, _, err := fx.s.SubmitChecklist(ctx, audit.Actor{Label: "fuzz"}, fx.guards, in)
		if err != nil {
			fieldKeys(t, err) // a validation error, nothing else
			if n := count(t, d, `SELECT COUNT(*) FROM reports`); n != reports {
				t.Fatalf("a refused checklist changed the reports: %d → %d", reports, n)
			}
			return
		}
		checkWeeks(t, d)
	})
}
