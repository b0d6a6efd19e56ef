package reportweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/mail/mailtest"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

const demoRestaurant = "Restaurang Kåtan, Lindvallen (demo)"

// thisWeek is the week of the tests' stated day.
func thisWeek() report.Week { return report.WeekOf(clocktest.Now()) }

// weekForm is the weekly checklist as the form posts it for the guards in
// Malung-Sälen: lines in the order of the municipality's checklist.
func weekForm(ts *webtest.TestServer, w report.Week, ext string, lines map[string][3]string) url.Values {
	f := url.Values{"municipality_code": {"2023"}, "organization_id": {ts.OrgID(webtest.DemoGuards)}, "week": {w.String()},
		"external_id": {ext}}
	for i, c := range report.DefaultCategories {
		f.Set(fmt.Sprintf("lines.%d.category", i), c)
		l := lines[c]
		f.Set(fmt.Sprintf("lines.%d.count", i), l[0])
		f.Set(fmt.Sprintf("lines.%d.place", i), l[1])
		f.Set(fmt.Sprintf("lines.%d.note", i), l[2])
	}
	return f
}

// weekReports counts the organisation's reports of the week and sums their
// counts.
func weekReports(t *testing.T, d *db.DB, orgID int64, w report.Week) (n, sum int) {
	t.Helper()
	err := d.QueryRowContext(context.Background(), `SELECT COUNT(*), COALESCE(SUM(count), 0) FROM reports
		WHERE organization_id = ? AND week = ?`, orgID, w.Year*100+w.Number).Scan(&n, &sum)
	if err != nil {
		t.Fatal(err)
	}
	return n, sum
}

// TestChecklistFormFlow: a guard fills in the week on the form; it is the
// week's reports and the picture counts them; the same form sent again
// changes nothing; changed and sent again it replaces the week; errors
// keep what was typed and are all shown; a note with personal data is
// warned about and stored masked when chosen.
func TestChecklistFormFlow(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.Session(t, webtest.AsReporter)
		week := thisWeek()
		guards := ts.OrgIDs[webtest.DemoGuards]
		res := c.Get(t, "/reports/week")
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "Du rapporterar för Fjällvakterna Ordningsvakter AB (demo) i Malung-Sälen.") ||
			!strings.Contains(res.Body, `name="lines.0.category" value="Ordningsstörning"`) || !strings.Contains(res.Body, "<legend>Klotter</legend>") ||
			!strings.Contains(res.Body, fmt.Sprintf("Den här veckan (v. %d)", week.Number)) ||
			!strings.Contains(res.Body, fmt.Sprintf("Förra veckan (v. %d)", week.Add(-1).Number)) ||
			!strings.Contains(res.Body, `name="external_id" value="`) || !strings.Contains(res.Body, `<option value="Lindvallen">`) {
			t.Fatalf("GET /reports/week = %d, want the guards' checklist of this week; body:\n%.3000s", res.Status, res.Body)
		}
		// The menu has it, beside the report.
		if !strings.Contains(res.Body, `href="/reports/week" aria-current="page"`) {
			t.Errorf("the menu does not show the weekly checklist as the current page")
		}
		before, _ := weekReports(t, d, guards, week)

		form := weekForm(ts, week, "week-1", map[string][3]string{
			"Berusade personer": {"3", "Lindvallen", "Mest vid afterski."},
			"Klotter":           {"0", "", "Inget nytt, det gamla vid liften finns kvar."},
			"Skadegörelse":      {"1", "", ""},
		})
		res = c.PostForm(t, "/reports/week", form)
		loc := res.Header.Get("Location")
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/reports/week?") || !strings.Contains(loc, "week="+week.String()) {
			t.Fatalf("POST /reports/week = %d to %q, want 303 to the week; body:\n%.2000s", res.Status, loc, res.Body)
		}
		n, sum := weekReports(t, d, guards, week)
		if n != before+2 || sum < 4 {
			t.Errorf("reports of the week = %d (sum %d), want %d more, with the counts", n, sum, 2)
		}
		page := c.Get(t, loc)
		for _, want := range []string{"Veckorapporten är skickad. Tack!", fmt.Sprintf("Vecka %d är rapporterad", week.Number),
			"av Viktor Vakt (demo)", "4 iakttagelser.", `value="Mest vid afterski."`, `value="Inget nytt, det gamla vid liften finns kvar."`,
			`<option value="Lindvallen" selected>`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the week after sending lacks %q", want)
			}
		}
		sit, err := report.NewStore(d).Situation(context.Background(), report.SituationQuery{MunicipalityCode: "2023", Week: week.String()})
		if err != nil || sit.WeekOnly != 4 {
			t.Errorf("the picture: week only %d, %v; want the checklist's 4", sit.WeekOnly, err)
		}
		// The start page says the week is sent.
		if start := c.Get(t, "/start"); !strings.Contains(start.Body, fmt.Sprintf("Veckorapport, vecka %d", week.Number)) ||
			!strings.Contains(start.Body, "Fjällvakterna Ordningsvakter AB (demo) i Malung-Sälen: skickad") {
			t.Errorf("the start page does not say the week is sent")
		}

		// The same form again (a double tap, the back button): nothing new.
		reports := ts.Count(t, "reports")
		res = c.PostForm(t, "/reports/week", form)
		if res.Status != http.StatusSeeOther || ts.Count(t, "reports") != reports {
			t.Errorf("the same form again = %d, reports %d → %d; want nothing new", res.Status, reports, ts.Count(t, "reports"))
		}
		if page := c.Get(t, loc); !strings.Contains(page.Body, "Veckorapporten var redan skickad.") {
			t.Errorf("a repeat is not said")
		}

		// Changed and sent again: it replaces the week.
		form = weekForm(ts, week, "week-2", map[string][3]string{"Berusade personer": {"5", "Lindvallen", "Fem."}})
		res = c.PostForm(t, "/reports/week", form)
		if res.Status != http.StatusSeeOther {
			t.Fatalf("the changed form = %d, want 303", res.Status)
		}
		if n, sum := weekReports(t, d, guards, week); n != before+1 || sum < 5 {
			t.Errorf("reports after the replacement = %d (sum %d), want %d", n, sum, before+1)
		}
		if page := c.Get(t, loc); !strings.Contains(page.Body, "Veckorapporten är ändrad.") || !strings.Contains(page.Body, "5 iakttagelser.") {
			t.Errorf("the replacement is not said")
		}

		// Every error at once, what was typed kept; the note with a phone
		// number is warned about.
		reports = ts.Count(t, "reports")
		form = weekForm(ts, week, "week-3", map[string][3]string{
			"Ordningsstörning":  {"två", "", "Bråk i kön."},
			"Berusade personer": {"-1", "", ""},
			"Klotter":           {"1", "", "Ring vakten på 070-123 45 67."},
		})
		form.Set("lines.12.category", "Klotter") // a spare line: the same category and place again
		form.Set("lines.12.count", "2")
		res = c.PostForm(t, "/reports/week", form)
		if res.Status != http.StatusUnprocessableEntity {
			t.Fatalf("POST /reports/week with errors = %d, want 422", res.Status)
		}
		for _, want := range []string{"Ordningsstörning: Antal: Ange ett heltal från 0 till 1000", "#f-lines.0.count",
			"Berusade personer: Antal", "#f-lines.12.place", `value="två"`, `value="Bråk i kön."`,
			"Kategorin och platsen finns redan på en annan rad", "Texten innehåller personuppgifter", "Klotter: telefonnummer",
			`name="redact" value="1"`, `name="external_id" value="week-3"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the form with errors lacks %q", want)
			}
		}
		if ts.Count(t, "reports") != reports {
			t.Errorf("a refused checklist stored reports")
		}

		// "Add a line" stores nothing and gives one more spare line.
		form = weekForm(ts, week, "week-4", map[string][3]string{"Klotter": {"1", "", ""}})
		form.Set("more", "1")
		res = c.PostForm(t, "/reports/week", form)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, `name="lines.13.category"`) || ts.Count(t, "reports") != reports ||
			strings.Contains(res.Body, "error-summary") {
			t.Errorf("POST more = %d, want the form with two spare lines (12 and 13), nothing stored, no errors", res.Status)
		}

		// The masked note is stored when chosen.
		form = weekForm(ts, week, "week-5", map[string][3]string{"Klotter": {"1", "", "Ring vakten på 070-123 45 67."}})
		form.Set("redact", "1")
		if res := c.PostForm(t, "/reports/week", form); res.Status != http.StatusSeeOther {
			t.Fatalf("POST /reports/week with redact = %d, want 303; body:\n%.2000s", res.Status, res.Body)
		}
		cl, ok, err := report.NewStore(d).ChecklistOf(context.Background(), guards, "2023", week)
		if err != nil || !ok || len(cl.Lines) != 1 || strings.Contains(cl.Lines[0].Note, "070") || cl.Revision != 3 {
			t.Errorf("the week's checklist = %+v, %v; want one line, masked, revision 3", cl, err)
		}

		// Last week may be chosen; a week that has not begun may not.
		if res := c.Get(t, "/reports/week?week="+week.Add(-1).String()); !strings.Contains(res.Body, `name="week" value="`+week.Add(-1).String()+`"`) {
			t.Errorf("GET /reports/week?week=last week: the form is not for last week")
		}
		res = c.PostForm(t, "/reports/week", weekForm(ts, week.Add(1), "week-6", nil))
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Veckorapporten kan skickas för veckorna") {
			t.Errorf("POST next week = %d, want 422 with the weeks that can be sent", res.Status)
		}
	})
}

// TestChecklistFormJSON: the phone's queue (report-offline.js) posts the
// form for JSON with its own id and the time the button was pressed; a
// resend is a repeat, one filed before the week in force is superseded.
func TestChecklistFormJSON(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		c := ts.Session(t, webtest.AsReporter)
		week := thisWeek()
		post := func(ext string, filed time.Time, lines map[string][3]string) (int, map[string]any) {
			f := weekForm(ts, week, ext, lines)
			f.Set("filed_at", filed.Format(time.RFC3339))
			f.Set("queued", "1")
			res := c.PostForm(t, "/reports/week", f, "Accept", "application/json")
			var body map[string]any
			if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
				t.Fatalf("POST /reports/week for JSON = %d, not JSON: %s", res.Status, res.Body)
			}
			return res.Status, body
		}
		now := clocktest.Now()
		status, body := post("phone-a", now.Add(-2*time.Hour), map[string][3]string{"Skadegörelse": {"2", "", ""}})
		if status != http.StatusCreated || body["status"] != "created" || body["total"] != float64(2) || body["week"] != week.String() {
			t.Fatalf("first = %d %v, want 201 created", status, body)
		}
		if status, body = post("phone-a", now.Add(-2*time.Hour), map[string][3]string{"Skadegörelse": {"2", "", ""}}); status != http.StatusOK || body["status"] != "repeat" {
			t.Errorf("resend = %d %v, want 200 repeat", status, body)
		}
		if status, body = post("phone-b", now.Add(-time.Hour), map[string][3]string{"Skadegörelse": {"3", "", ""}}); status != http.StatusOK || body["status"] != "replaced" {
			t.Errorf("later version = %d %v, want 200 replaced", status, body)
		}
		if status, body = post("phone-c", now.Add(-3*time.Hour), map[string][3]string{"Skadegörelse": {"9", "", ""}}); status != http.StatusOK ||
			body["status"] != "superseded" || body["total"] != float64(3) {
			t.Errorf("an earlier version arriving late = %d %v, want 200 superseded with the week in force", status, body)
		}
		// Refused: the contract's error body, the messages in Swedish.
		status, body = post("phone-d", now, map[string][3]string{"Skadegörelse": {"x", "", ""}})
		fields, _ := body["error"].(map[string]any)["fields"].(map[string]any)
		if status != http.StatusUnprocessableEntity || fields["lines.3.count"] != "Ange ett heltal från 0 till 1000" {
			t.Errorf("refused = %d %v, want 422 naming lines.3.count", status, body)
		}
		// The queue's own posts are not thanked for on the next page.
		if page := c.Get(t, "/reports/week"); strings.Contains(page.Body, "Veckorapporten är skickad") {
			t.Errorf("a queued checklist was thanked for on the next page")
		}
	})
}

// TestChecklistAPI: POST /api/v1/reports/weekly has the form's semantics.
func TestChecklistAPI(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		vakt := ts.API(t, webtest.AsReporter)
		week := thisWeek().Add(-3) // the demo's guards sent the two weeks before this one
		body := fmt.Sprintf(`{"municipality_code": "2023", "week": %q, "external_id": "app-w1", "lines": [
			{"category": "berusade personer", "place": "Tandådalen", "count": 4, "note": "Vid liftkön"},
			{"category": "Klotter", "count": 0, "note": "Inget"},
			{"category": "Nedskräpning"}]}`, week)
		res := vakt.SendJSON(t, http.MethodPost, "/api/v1/reports/weekly", body)
		var cl struct {
			ID, Week, Status string
			Total, Revision  int
			Lines            []struct {
				Category, Place, Note string
				ReportID              string `json:"report_id"`
				Count                 int
			}
		}
		webtest.DecodeBody(t, res, &cl)
		if res.Status != http.StatusCreated || cl.Status != "created" || cl.Total != 4 || len(cl.Lines) != 2 ||
			cl.Lines[0].Category != "Berusade personer" || cl.Lines[0].ReportID == "" || cl.Lines[1].ReportID != "" {
			t.Fatalf("POST /api/v1/reports/weekly = %d %+v; body:\n%s", res.Status, cl, res.Body)
		}
		rep := vakt.Get(t, "/api/v1/reports/"+cl.Lines[0].ReportID)
		var r reportJSON
		webtest.DecodeBody(t, rep, &r)
		if r.Count != 4 || r.Week != week.String() || r.OccurredAt != week.Start().Format(time.RFC3339) || !strings.Contains(rep.Body, `"period":"week"`) {
			t.Errorf("the line's report = %+v; want 4, in the week, Monday 00:00, period week", r)
		}
		// Its page and the list say the week, not Monday at midnight.
		want := fmt.Sprintf("under vecka %d, %d (veckorapport)", week.Number, week.Year)
		if page := ts.Session(t, webtest.AsReporter).Get(t, "/reports/"+cl.Lines[0].ReportID); !strings.Contains(page.Body, want) {
			t.Errorf("the line's report page lacks %q", want)
		}
		if list := ts.Session(t, webtest.AsReporter).Get(t, "/reports?municipality_code=2023&category=Berusade+personer&from="+
			week.Start().Format("2006-01-02")+"&to="+week.Start().Format("2006-01-02")); !strings.Contains(list.Body, want) {
			t.Errorf("the list of reports lacks %q", want)
		}
		// The picture says what is not in its grid: this checklist's 4 and
		// the demo restaurant's of the week.
		var sit struct {
			WeekOnly int `json:"week_only"`
		}
		webtest.DecodeBody(t, ts.API(t, webtest.AsCoordinator).Get(t, "/api/v1/situation?municipality_code=2023&week="+week.String()), &sit)
		page := ts.Session(t, webtest.AsCoordinator).Get(t, "/situation/2023?week="+week.String())
		if sit.WeekOnly < 4 || !strings.Contains(page.Body, fmt.Sprintf(`">%d iakttagelser kommer från veckorapporter`, sit.WeekOnly)) ||
			!strings.Contains(page.Body, "/municipalities/2023/weekly?week="+week.String()) {
			t.Errorf("the picture of the week (week only %d) does not say what came from weekly checklists, or lacks the link to who has reported", sit.WeekOnly)
		}
		if res := vakt.SendJSON(t, http.MethodPost, "/api/v1/reports/weekly", body); res.Status != http.StatusOK || !strings.Contains(res.Body, `"status":"repeat"`) {
			t.Errorf("repeat = %d %s, want 200 repeat", res.Status, res.Body)
		}
		audits := ts.Count(t, "audit_log")
		res = vakt.SendJSON(t, http.MethodPost, "/api/v1/reports/weekly", `{"municipality_code": "2023", "week": "2020-W01",
			"lines": [{"category": "Snöbollskrig", "count": 1}], "organization_id": "abc"}`)
		fields := webtest.APIErr(t, res).Error.Fields
		if res.Status != http.StatusUnprocessableEntity || fields["week"] == "" || fields["lines.0.category"] == "" || fields["organization_id"] == "" {
			t.Errorf("bad checklist = %d %v, want 422 naming the week, the category and the organisation", res.Status, fields)
		}
		if ts.Count(t, "audit_log") != audits {
			t.Errorf("a refused checklist was audited")
		}
	})
}

// TestChecklistStatusAndReminder: the coordinator sees who has sent the
// week and reminds the others: a notice on their start page until they
// send it, and an e-mail, once per organisation and week.
func TestChecklistStatusAndReminder(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		srv := mailtest.Start(t, mailtest.Options{STARTTLS: true})
		ctx := context.Background()
		krogID := webtest.IDsBy(t, d, `SELECT id, email FROM users`)[webtest.KrogEmail]
		if err := auth.NewUsers(d).SetLocale(ctx, audit.System, krogID, "en"); err != nil {
			t.Fatal(err)
		}
		sender, err := mail.NewSMTP(srv.URL, "Samverkan <noreply@samverkan.example>")
		if err != nil {
			t.Fatal(err)
		}
		sender.TLS = srv.ClientTLS()
		w := mail.NewWorker(d, sender, nil)
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { w.Run(runCtx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		ts := webtest.NewServer(t, d, func(o *web.Options) { o.Mail = w; o.PublicURL = "https://samverkan.example" })
		week := thisWeek()

		// The guards send the week; the restaurant does not.
		vakt := ts.Session(t, webtest.AsReporter)
		if res := vakt.PostForm(t, "/reports/week", weekForm(ts, week, "", map[string][3]string{"Klotter": {"1", "", ""}})); res.Status != http.StatusSeeOther {
			t.Fatalf("the guards' week = %d", res.Status)
		}
		coord := ts.Session(t, webtest.AsCoordinator)
		start := coord.Get(t, "/start")
		if !strings.Contains(start.Body, `href="/municipalities/2023/weekly"`) {
			t.Errorf("the coordinator's start page does not link who has reported")
		}
		page := coord.Get(t, "/municipalities/2023/weekly")
		if page.Status != http.StatusOK {
			t.Fatalf("GET /municipalities/2023/weekly = %d", page.Status)
		}
		rows := regexp.MustCompile(`(?s)<tr class="(reported|missing)">\s*<td>([^<]+)</td>`).FindAllStringSubmatch(page.Body, -1)
		got := map[string]string{}
		for _, m := range rows {
			got[m[2]] = m[1]
		}
		if got[webtest.DemoGuards] != "reported" || got[demoRestaurant] != "missing" {
			t.Errorf("who has reported = %v, want the guards and not the restaurant", got)
		}
		for _, want := range []string{"Viktor Vakt (demo)", "Kim Krögare (demo)", "Påminn 1 organisation", "och via e-post"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the status page lacks %q", want)
			}
		}

		// The reminder.
		res := coord.PostForm(t, "/municipalities/2023/weekly/reminders", url.Values{"week": {week.String()}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST reminders = %d; body:\n%.1000s", res.Status, res.Body)
		}
		msgs := srv.Wait(t, 1, 10*time.Second)
		p, err := mailtest.Parse(msgs[0].Data)
		if err != nil {
			t.Fatal(err)
		}
		link := fmt.Sprintf("https://samverkan.example/reports/week?municipality_code=2023&organization_id=%d&week=%s",
			ts.OrgIDs[demoRestaurant], week)
		if p.To.Address != webtest.KrogEmail || p.Subject != fmt.Sprintf("Reminder: the weekly checklist of week %d, Malung-Sälen", week.Number) ||
			!strings.Contains(p.Text, link) || !strings.Contains(p.Text, "Sara Samordnare (demo)") {
			t.Errorf("reminder e-mail to %s %q:\n%s\nwant Kim's, in English, linking %s", p.To.Address, p.Subject, p.Text, link)
		}
		page = coord.Get(t, "/municipalities/2023/weekly")
		if !strings.Contains(page.Body, "Påminnelsen är skickad.") || !strings.Contains(page.Body, "1 person, 1 e-brev") ||
			!strings.Contains(page.Body, "Alla som inte har rapporterat är redan påminda") {
			t.Errorf("the status page after the reminder lacks what was sent")
		}
		// Once per organisation and week.
		coord.PostForm(t, "/municipalities/2023/weekly/reminders", url.Values{"week": {week.String()}})
		if n := ts.Count(t, "mail_outbox WHERE kind = 'checklist_reminder'"); n != 1 {
			t.Errorf("reminder e-mails = %d after a second press, want 1", n)
		}

		// The restaurant's reporter sees the notice until the week is sent.
		krog := ts.SignInAs(t, webtest.KrogEmail)
		notice := fmt.Sprintf("Reminder: %s has not sent the weekly checklist of week %d in Malung-Sälen.", demoRestaurant, week.Number)
		start = krog.Get(t, "/start")
		if i := strings.Index(start.Body, notice); i < 0 || i > strings.Index(start.Body, `class="facts"`) {
			t.Errorf("the reporter's start page lacks the reminder %q at its top", notice)
		}
		form := weekForm(ts, week, "", nil)
		form.Set("organization_id", ts.OrgID(demoRestaurant))
		if res := krog.PostForm(t, "/reports/week", form); res.Status != http.StatusSeeOther {
			t.Fatalf("the restaurant's week of nothing = %d; body:\n%.2000s", res.Status, res.Body)
		}
		if start := krog.Get(t, "/start"); strings.Contains(start.Body, "has not sent the weekly checklist") {
			t.Errorf("the reminder is still shown after the week was sent")
		}
		page = coord.Get(t, "/municipalities/2023/weekly")
		if !strings.Contains(page.Body, "Alla har rapporterat den här veckan.") || !strings.Contains(page.Body, "Inget att rapportera.") {
			t.Errorf("the status page does not say everyone has reported, the restaurant with nothing")
		}

		// The same in the API, for the coordinators of the municipality.
		api := ts.API(t, webtest.AsCoordinator)
		res = api.Get(t, "/api/v1/reports/weekly?municipality_code=2023&week="+week.String())
		var st report.ChecklistStatus
		webtest.DecodeBody(t, res, &st)
		if res.Status != http.StatusOK || len(st.Organizations) < 2 || st.Week != week {
			t.Errorf("GET /api/v1/reports/weekly = %d %+v", res.Status, st)
		}
		if res := api.Get(t, "/api/v1/reports/weekly?municipality_code=2062"); res.Status != http.StatusForbidden {
			t.Errorf("GET /api/v1/reports/weekly for Mora as Sälen's coordinator = %d, want 403", res.Status)
		}
		if res := coord.Get(t, "/municipalities/2062/weekly"); res.Status != http.StatusForbidden {
			t.Errorf("GET /municipalities/2062/weekly as Sälen's coordinator = %d, want 403", res.Status)
		}
		if res := coord.Get(t, "/municipalities/2023/weekly?week="+week.Add(1).String()); res.Status != http.StatusNotFound {
			t.Errorf("the status of next week = %d, want 404", res.Status)
		}
	})
}

// TestChecklistOffline: the service worker keeps the weekly checklist too,
// and the offline queue's script is on it.
func TestChecklistOffline(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		sw := ts.NewClient(t).Get(t, "/reports/sw.js")
		if !strings.Contains(sw.Body, `"^/reports/week$"`) || !strings.Contains(sw.Body, ts.Srv.StaticURL("weekly.js")) {
			t.Errorf("the service worker does not keep the weekly checklist")
		}
		page := ts.Session(t, webtest.AsReporter).Get(t, "/reports/week")
		for _, want := range []string{ts.Srv.StaticURL("report-offline.js"), ts.Srv.StaticURL("weekly.js"), `id="offline-queue"`, `id="checklist-form"`,
			`data-week-label="Veckorapport v. `} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the weekly checklist lacks %q", want)
			}
		}
	})
}

// TestChecklistFormChoices: a user of several municipalities chooses one,
// of several organisations there one; the administrator, in none, is told
// why there is no form; the English form is complete.
func TestChecklistFormChoices(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		if res := ts.Session(t, webtest.AsAdmin).Get(t, "/reports/week"); !strings.Contains(res.Body, "Rapporter görs alltid för en organisation") {
			t.Errorf("GET /reports/week as the administrator: want why there is no form")
		}
		police := ts.Session(t, webtest.AsMember)
		if res := police.Get(t, "/reports/week"); !strings.Contains(res.Body, `href="/reports/week?municipality_code=2062"`) || strings.Contains(res.Body, `id="checklist-form"`) {
			t.Errorf("GET /reports/week as the police: want a choice of municipality first")
		}
		if err := webtest.SetMembership(ts, webtest.DemoEmail[webtest.AsReporter], demoRestaurant); err != nil {
			t.Fatal(err)
		}
		c := ts.SignIn(t, webtest.AsReporter)
		res := c.Get(t, "/reports/week")
		choice := fmt.Sprintf(`href="/reports/week?municipality_code=2023&amp;organization_id=%d&amp;week=%s"`, ts.OrgIDs[demoRestaurant], thisWeek())
		if !strings.Contains(res.Body, "För vilken organisation rapporterar du i Malung-Sälen?") || !strings.Contains(res.Body, choice) {
			t.Errorf("GET /reports/week in two organisations: want a choice of organisation, with %s", choice)
		}
		res = c.Get(t, fmt.Sprintf("/reports/week?municipality_code=2023&organization_id=%d", ts.OrgIDs[demoRestaurant]), "Accept-Language", "en")
		for _, want := range []string{"You report for " + demoRestaurant + " in Malung-Sälen.", "Place and note", "Add a line",
			fmt.Sprintf("Send the checklist of week %d", thisWeek().Number)} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the English form lacks %q", want)
			}
		}
	})
}
