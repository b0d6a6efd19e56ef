package brief_test

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
)

func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v, want a validation error", err)
	}
	out := map[string]string{}
	for f, m := range ve.Fields {
		out[f] = m.Key
	}
	return out
}

func TestCreateInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		next := report.WeekOf(clocktest.Now()).Add(1).String()
		for _, tc := range []struct {
			name string
			in   brief.Input
			want map[string]string
		}{
			{"empty", brief.Input{}, map[string]string{"municipality_code": "error.choose", "week": "error.required", "analysis": "error.required"}},
			{"unknown municipality", brief.Input{MunicipalityCode: "9999", Week: "2026-W08", Analysis: "x"},
				map[string]string{"municipality_code": "error.municipality_unknown"}},
			{"not a week", brief.Input{MunicipalityCode: "2023", Week: "2026-08", Analysis: "x"}, map[string]string{"week": "error.week"}},
			{"week 53 of a year without", brief.Input{MunicipalityCode: "2023", Week: "2025-W53", Analysis: "x"}, map[string]string{"week": "error.week"}},
			{"a week to come", brief.Input{MunicipalityCode: "2023", Week: next, Analysis: "x"}, map[string]string{"week": "error.brief_future_week"}},
			{"blank analysis", brief.Input{MunicipalityCode: "2023", Week: "2026-W08", Analysis: " \n "}, map[string]string{"analysis": "error.required"}},
			{"too long", brief.Input{MunicipalityCode: "2023", Week: "2026-W08", Analysis: strings.Repeat("å", brief.MaxAnalysis+1),
				Actions: strings.Repeat("x", brief.MaxActions+1)}, map[string]string{"analysis": "error.too_long", "actions": "error.too_long"}},
		} {
			_, err := f.s.Create(context.Background(), f.actor("coord"), tc.in)
			if diff := cmp.Diff(tc.want, fieldKeys(t, err)); diff != "" {
				t.Errorf("%s: errors differ (-want +got):\n%s", tc.name, diff)
			}
			if err := f.s.Check(context.Background(), tc.in); err == nil {
				t.Errorf("%s: Check() = nil, want the same errors", tc.name)
			}
		}
		if n := count(t, d, `SELECT COUNT(*) FROM briefs`); n != 0 {
			t.Errorf("briefs after refused input = %d, want 0", n)
		}
	})
}

func TestCreateOnePerWeek(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.create(t, "2023", week)
		if b.Status != brief.StatusDraft || b.Week != week || b.Snapshot != nil || b.PublishedAt != nil {
			t.Errorf("Create() = %+v, want a draft of %s without snapshot", b, week)
		}
		_, err := f.s.Create(context.Background(), f.actor("coord"), brief.Input{MunicipalityCode: "2023", Week: " 2026-W08 ", Analysis: "igen"})
		if diff := cmp.Diff(map[string]string{"week": "error.brief_exists"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("second brief of the week: errors differ:\n%s", diff)
		}
		// Another municipality's brief of the same week is fine.
		f.create(t, "2062", week)
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'brief' AND action = 'create'`); n != 2 {
			t.Errorf("audit entries of creation = %d, want 2", n)
		}
	})
}

func TestUpdate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		b := f.create(t, "2023", week)
		text := "Ny analys."
		got, err := f.s.Update(ctx, f.actor("coord"), b.ID, brief.Patch{Analysis: &text})
		if err != nil {
			t.Fatalf("Update() error = %v", err)
		}
		if got.Analysis != text || got.Actions != b.Actions {
			t.Errorf("Update() = %q, %q; want the new analysis and the old actions", got.Analysis, got.Actions)
		}
		empty := ""
		if _, err := f.s.Update(ctx, f.actor("coord"), b.ID, brief.Patch{Analysis: &empty}); err == nil {
			t.Errorf("Update() to an empty analysis = nil error")
		}
		stored, _ := f.s.Get(ctx, b.ID)
		if stored.Analysis != text {
			t.Errorf("stored analysis = %q after a refused update, want %q", stored.Analysis, text)
		}
		if _, err := f.s.Update(ctx, f.actor("coord"), 999999, brief.Patch{Analysis: &text}); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("Update() of no brief error = %v, want ErrNotFound", err)
		}
	})
}

// TestPublish: publication freezes the picture, delivers to everyone in
// the municipality's organisations who has not opted out, queues an
// e-mail in each one's language, links the organisations' reports of the
// week, and records it; the brief then never changes.
func TestPublish(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.seedWeek(t)
		b := f.create(t, "2023", week)
		n, withEmail, err := f.s.RecipientCount(ctx, "2023")
		if err != nil || n != 3 || withEmail != 3 {
			t.Errorf("RecipientCount() = %d, %d, %v; want 3, 3", n, withEmail, err)
		}
		got, err := f.s.Publish(ctx, f.actor("coord"), b.ID, brief.PublishOptions{Mail: true, BaseURL: "https://samverkan.example/"})
		if err != nil {
			t.Fatalf("Publish() error = %v", err)
		}
		// The picture counts the police event; the links are the
		// organisations' four reports of the week.
		if !got.Published() || got.Snapshot == nil || got.Snapshot.Situation.Total != 5 || got.Total != 5 ||
			got.ReportCount != 4 || got.Recipients != 3 || got.PublishedAt == nil {
			t.Fatalf("Publish() = status %s, total %d, reports %d, recipients %d; want published, 5, 4, 3",
				got.Status, got.Total, got.ReportCount, got.Recipients)
		}
		if prev := got.Snapshot.PreviousTotal(); prev != 1 {
			t.Errorf("snapshot's previous week = %d, want 1", prev)
		}
		if len(got.Snapshot.Areas) == 0 {
			t.Errorf("snapshot has no areas; the municipality's seeded areas are %v", got.Snapshot.Areas)
		}

		var recipients []string
		err = db.Each(ctx, d, `SELECT u.email FROM brief_deliveries bd JOIN users u ON u.id = bd.user_id WHERE bd.brief_id = ? ORDER BY u.email`,
			[]any{b.ID}, func(row db.Scanner) error {
				var e string
				recipients = append(recipients, e)
				return row.Scan(&recipients[len(recipients)-1])
			})
		if err != nil {
			t.Fatal(err)
		}
		// Not Mora's reporter, not the disabled guard, not the administrator
		// who is in no organisation.
		if diff := cmp.Diff([]string{"coord@example.se", "guard@example.se", "police@example.se"}, recipients); diff != "" {
			t.Errorf("recipients differ:\n%s", diff)
		}

		// The e-mail, in each recipient's language, with the brief in it.
		subjects := map[string]string{}
		var texts []string
		err = db.Each(ctx, d, `SELECT to_address, subject, text_body, html_body, status FROM mail_outbox WHERE kind = 'brief' AND ref_id = ?`,
			[]any{b.ID}, func(row db.Scanner) error {
				var to, subject, text, html, status string
				if err := row.Scan(&to, &subject, &text, &html, &status); err != nil {
					return err
				}
				subjects[to] = subject
				texts = append(texts, text, html)
				if status != "waiting" {
					t.Errorf("mail to %s is %s, want waiting", to, status)
				}
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		wantSubjects := map[string]string{
			"coord@example.se":  "Veckobrev Malung-Sälen, vecka 8, 2026",
			"guard@example.se":  "Weekly brief Malung-Sälen, week 8, 2026",
			"police@example.se": "Veckobrev Malung-Sälen, vecka 8, 2026",
		}
		if diff := cmp.Diff(wantSubjects, subjects); diff != "" {
			t.Errorf("e-mail subjects differ:\n%s", diff)
		}
		for _, text := range texts {
			for _, want := range []string{"Mest ordningsstörning vid stängning.", "Fler vakter vid stängning",
				"https://samverkan.example/briefs/", "https://samverkan.example/account/subscriptions"} {
				if !strings.Contains(text, want) {
					t.Errorf("an e-mail part lacks %q:\n%s", want, text)
				}
			}
		}

		// The guard's reports are linked; the police event is not.
		if n := count(t, d, `SELECT COUNT(*) FROM brief_reports br JOIN reports r ON r.id = br.report_id
			WHERE br.brief_id = ? AND r.source = 'polisen'`, b.ID); n != 0 {
			t.Errorf("police events linked = %d, want 0", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'brief' AND action = 'publish' AND entity_id = ?`,
			audit.ID(b.ID)); n != 1 {
			t.Errorf("audit entries of publication = %d, want 1", n)
		}

		// Published is final.
		if _, err := f.s.Publish(ctx, f.actor("coord"), b.ID, brief.PublishOptions{Mail: true}); !errors.Is(err, brief.ErrPublished) {
			t.Errorf("second Publish() error = %v, want ErrPublished", err)
		}
		text := "Ändrad i efterhand"
		if _, err := f.s.Update(ctx, f.actor("coord"), b.ID, brief.Patch{Analysis: &text}); !errors.Is(err, brief.ErrPublished) {
			t.Errorf("Update() of a published brief error = %v, want ErrPublished", err)
		}
		// A late report of the week changes neither the snapshot nor the
		// links.
		f.report(t, "guard", "Vakterna", "2023", "Skadegörelse", week, 6)
		again, err := f.s.Get(ctx, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Snapshot.Situation.Total != 5 || again.Analysis != b.Analysis {
			t.Errorf("after a late report the brief says %d reports, want the 5 of its publication", again.Snapshot.Situation.Total)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM brief_reports WHERE brief_id = ?`, b.ID); n != 4 {
			t.Errorf("linked reports after a late report = %d, want 4", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM mail_outbox`); n != 3 {
			t.Errorf("outbox rows after a refused second publication = %d, want 3", n)
		}
	})
}

// TestPublishWithoutMail: without e-mail set up, the brief is delivered in
// the product only.
func TestPublishWithoutMail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		b := f.create(t, "2023", week)
		got, err := f.s.Publish(context.Background(), f.actor("coord"), b.ID, brief.PublishOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got.Recipients != 3 || got.Total != 0 || got.ReportCount != 0 {
			t.Errorf("Publish() of an empty week = %d recipients, %d total, %d reports; want 3, 0, 0", got.Recipients, got.Total, got.ReportCount)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM mail_outbox`); n != 0 {
			t.Errorf("outbox rows = %d, want none", n)
		}
	})
}

// TestPublishThroughSMTP: the e-mail queued at publication reaches a real
// SMTP server and parses, in each recipient's language.
func TestPublishThroughSMTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.seedWeek(t)
		srv := mailtest.Start(t, mailtest.Options{})
		b := f.create(t, "2023", week)
		if _, err := f.s.Publish(ctx, f.actor("coord"), b.ID, brief.PublishOptions{Mail: true, BaseURL: "https://samverkan.example"}); err != nil {
			t.Fatal(err)
		}
		w := newWorker(t, d, srv)
		if _, err := w.RunOnce(ctx); err != nil {
			t.Fatal(err)
		}
		msgs := srv.Wait(t, 3, 5*time.Second)
		byTo := map[string]mailtest.Parsed{}
		for _, m := range msgs {
			p, err := mailtest.Parse(m.Data)
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			byTo[p.To.Address] = p
		}
		guard := byTo["guard@example.se"]
		if !strings.Contains(guard.Text, "Hello Viktor,") || !strings.Contains(guard.HTML, "lang=\"en\"") ||
			!strings.Contains(guard.Text, "Reports from Vakterna that went into the week's picture: 3.") ||
			!strings.Contains(guard.Text, "3 of them were yours.") {
			t.Errorf("the guard's e-mail is not in English with their reports:\n%s", guard.Text)
		}
		coord := byTo["coord@example.se"]
		if !strings.Contains(coord.Text, "Hej Sara!") || !strings.Contains(coord.HTML, "Samordnarens analys") {
			t.Errorf("the coordinator's e-mail is not in Swedish:\n%s", coord.Text)
		}
		if strings.Join(coord.PartTypes, ",") != "text/plain,text/html" {
			t.Errorf("parts = %v", coord.PartTypes)
		}
	})
}

// TestOptOutAndAreas: who opted out gets nothing; who chose areas gets
// their figures first.
func TestOptOutAndAreas(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.seedWeek(t)
		areas, err := f.reports.Areas(ctx, "2023")
		if err != nil || len(areas) < 2 {
			t.Fatalf("areas of 2023 = %d, %v; want the seeded ones", len(areas), err)
		}
		err = f.s.SetSubscriptions(ctx, f.actor("police"), f.users["police"].ID, []string{"2023", "2062"},
			[]brief.Subscription{{MunicipalityCode: "2023", Subscribed: false}})
		if err != nil {
			t.Fatal(err)
		}
		err = f.s.SetSubscriptions(ctx, f.actor("coord"), f.users["coord"].ID, []string{"2023"},
			[]brief.Subscription{{MunicipalityCode: "2023", Subscribed: true, AreaIDs: []int64{areas[1].ID, areas[0].ID, areas[0].ID}}})
		if err != nil {
			t.Fatal(err)
		}
		b := f.create(t, "2023", week)
		got, err := f.s.Publish(ctx, f.actor("coord"), b.ID, brief.PublishOptions{Mail: true})
		if err != nil {
			t.Fatal(err)
		}
		if got.Recipients != 2 {
			t.Errorf("recipients = %d, want 2 (the police opted out)", got.Recipients)
		}
		var text string
		if err := d.QueryRowContext(ctx, `SELECT text_body FROM mail_outbox WHERE to_address = 'coord@example.se'`).Scan(&text); err != nil {
			t.Fatal(err)
		}
		for _, a := range areas[:2] {
			if !strings.Contains(text, "- "+a.Name+":") {
				t.Errorf("the coordinator's e-mail lacks the area %s:\n%s", a.Name, text)
			}
		}
		if strings.Contains(text, "- "+areas[2].Name+":") {
			t.Errorf("the coordinator's e-mail has an area not chosen, %s", areas[2].Name)
		}
	})
}

func TestSubscriptions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		police := f.users["police"].ID
		subs, err := f.s.Subscriptions(ctx, police)
		if err != nil {
			t.Fatal(err)
		}
		if s := brief.SubscriptionOf(subs, "2023"); !s.Subscribed || len(s.AreaIDs) != 0 {
			t.Errorf("default subscription = %+v, want subscribed to the whole municipality", s)
		}
		mora, err := f.reports.Areas(ctx, "2062")
		if err != nil || len(mora) == 0 {
			t.Fatalf("areas of Mora: %v", err)
		}
		// Not a municipality of the user's; an area of another municipality.
		err = f.s.SetSubscriptions(ctx, f.actor("police"), police, []string{"2023", "2062"},
			[]brief.Subscription{{MunicipalityCode: "1480", Subscribed: true}})
		if diff := cmp.Diff(map[string]string{"municipality_code": "error.brief_not_working_there"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("subscribing elsewhere: %s", diff)
		}
		err = f.s.SetSubscriptions(ctx, f.actor("police"), police, []string{"2023", "2062"},
			[]brief.Subscription{{MunicipalityCode: "2023", Subscribed: true, AreaIDs: []int64{mora[0].ID}}})
		if diff := cmp.Diff(map[string]string{"areas": "error.area_unknown"}, fieldKeys(t, err)); diff != "" {
			t.Errorf("an area of another municipality: %s", diff)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM brief_subscriptions`); n != 0 {
			t.Errorf("subscriptions after refused changes = %d, want 0", n)
		}
		err = f.s.SetSubscriptions(ctx, f.actor("police"), police, []string{"2023", "2062"}, []brief.Subscription{
			{MunicipalityCode: "2062", Subscribed: true, AreaIDs: []int64{mora[0].ID}},
			{MunicipalityCode: "2023", Subscribed: false, AreaIDs: []int64{}},
		})
		if err != nil {
			t.Fatal(err)
		}
		subs, err = f.s.Subscriptions(ctx, police)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]brief.Subscription{
			"2062": {MunicipalityCode: "2062", Subscribed: true, AreaIDs: []int64{mora[0].ID}},
			"2023": {MunicipalityCode: "2023", Subscribed: false},
		}
		if diff := cmp.Diff(want, subs); diff != "" {
			t.Errorf("subscriptions differ:\n%s", diff)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'brief_subscription'`); n != 1 {
			t.Errorf("audit entries of subscriptions = %d, want 1", n)
		}
	})
}

// TestInboxAndFeedback: what comes back to a reporter: the brief, unread
// until read, and their reports in it.
func TestInboxAndFeedback(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		f.seedWeek(t)
		b := f.create(t, "2023", week)
		if _, err := f.s.Publish(ctx, f.actor("coord"), b.ID, brief.PublishOptions{}); err != nil {
			t.Fatal(err)
		}
		guard := f.users["guard"].ID
		vakterna := f.orgs["Vakterna"]
		items, err := f.s.Inbox(ctx, guard, []int64{vakterna}, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].ID != b.ID || items[0].Read || items[0].OrgReports != 3 || items[0].OwnReports != 3 {
			t.Fatalf("Inbox() = %+v, want the brief unread with 3 and 3 reports", items)
		}
		if err := f.s.MarkRead(ctx, b.ID, guard); err != nil {
			t.Fatal(err)
		}
		items, _ = f.s.Inbox(ctx, guard, []int64{vakterna}, 5)
		if !items[0].Read {
			t.Errorf("after MarkRead the brief is unread")
		}
		fb, err := f.s.FeedbackFor(ctx, b.ID, guard, []brief.OrgRef{{ID: vakterna, Name: "Vakterna"}})
		if err != nil {
			t.Fatal(err)
		}
		var cats []string
		for _, o := range fb.Own {
			cats = append(cats, o.Category)
		}
		sort.Strings(cats)
		if fb.OwnTotal != 3 || len(fb.Organizations) != 1 || fb.Organizations[0].Count != 3 ||
			!slices.Equal(cats, []string{"Berusade personer", "Ordningsstörning", "Ordningsstörning"}) {
			t.Errorf("FeedbackFor() = %+v", fb)
		}
		// The police, whose organisation made no report, hear of none.
		fb, err = f.s.FeedbackFor(ctx, b.ID, f.users["police"].ID, []brief.OrgRef{{ID: f.orgs["Polisen"], Name: "Polisen"}})
		if err != nil || fb.OwnTotal != 0 || len(fb.Organizations) != 0 {
			t.Errorf("FeedbackFor(police) = %+v, %v; want nothing", fb, err)
		}
		// Mora's reporter got nothing.
		if items, _ := f.s.Inbox(ctx, f.users["mora"].ID, []int64{f.orgs["Noretbolaget"]}, 5); len(items) != 0 {
			t.Errorf("Mora's reporter's inbox = %+v, want empty", items)
		}
	})
}

func TestSeasonCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.seedWeek(t)
		f.report(t, "guard", "Vakterna", "2023", "Klotter", report.Week{Year: 2025, Number: 30}, 2) // summer before
		season := brief.SeasonOf(week.Start())
		got, err := f.s.SeasonCounts(context.Background(), []int64{f.orgs["Vakterna"], f.orgs["Polisen"]}, season)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[int64]int{f.orgs["Vakterna"]: 4}, got); diff != "" {
			t.Errorf("SeasonCounts() differ:\n%s", diff)
		}
	})
}

func TestSeasonOf(t *testing.T) {
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		at             time.Time
		winter         bool
		from, lastDate string
	}{
		{time.Date(2026, 2, 20, 12, 0, 0, 0, stockholm), true, "2025-12-01", "2026-04-30"},
		{time.Date(2025, 12, 1, 0, 0, 0, 0, stockholm), true, "2025-12-01", "2026-04-30"},
		{time.Date(2026, 4, 30, 23, 59, 0, 0, stockholm), true, "2025-12-01", "2026-04-30"},
		{time.Date(2026, 4, 30, 22, 30, 0, 0, time.UTC), false, "2026-05-01", "2026-11-30"}, // 00:30 on 1 May in Sweden
		{time.Date(2026, 11, 21, 12, 0, 0, 0, stockholm), false, "2026-05-01", "2026-11-30"},
	} {
		s := brief.SeasonOf(tc.at)
		if s.Winter != tc.winter || s.From.Format("2006-01-02") != tc.from || s.Last().Format("2006-01-02") != tc.lastDate {
			t.Errorf("SeasonOf(%v) = winter %v, %s – %s; want %v, %s – %s", tc.at, s.Winter, s.From.Format("2006-01-02"),
				s.Last().Format("2006-01-02"), tc.winter, tc.from, tc.lastDate)
		}
	}
}

func TestParagraphsAndActions(t *testing.T) {
	got := brief.Paragraphs("Första raden\r\nandra raden\n\n\n  \nNytt stycke  \n")
	want := [][]string{{"Första raden", "andra raden"}, {"Nytt stycke"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Paragraphs() differ:\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Vakter vid stängning", "Kontroll", "Möte tisdag"},
		brief.ActionLines("- Vakter vid stängning\n* Kontroll\n\n• Möte tisdag\n")); diff != "" {
		t.Errorf("ActionLines() differ:\n%s", diff)
	}
}
