package surveyweb_test

import (
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestComparePage: the police in Mora open the current citizen dialogue's
// results, follow the link to the one a year before and read the change
// per question as tables, without JavaScript.
func TestComparePage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		police := ts.SignIn(t, webtest.AsMember)
		var current string
		if err := d.QueryRowContext(t.Context(), `SELECT id FROM surveys WHERE municipality_code = '2062' AND template = 'citizen_safety'
			AND status = 'published'`).Scan(&current); err != nil {
			t.Fatal(err)
		}
		res := police.Get(t, "/surveys/"+current+"/results")
		m := regexp.MustCompile(`href="(/surveys/` + current + `/compare\?with=\d+)"`).FindStringSubmatch(res.Body)
		if res.Status != 200 || m == nil {
			t.Fatalf("results = %d without a link to compare", res.Status)
		}
		page := police.Get(t, strings.ReplaceAll(m[1], "&amp;", "&"))
		if page.Status != 200 || !strings.Contains(page.Body, "procentenheter") || !strings.Contains(page.Body, "året innan (demo)") ||
			!strings.Contains(page.Body, "<table class=\"survey-compare-table\"") {
			t.Fatalf("the comparison = %d, want tables of the change in points", page.Status)
		}
		if strings.Contains(page.Body, "Bättre belysning på parkeringarna") {
			t.Error("the comparison shows a free text")
		}
		if en := police.Get(t, m[1], "Accept-Language", "en"); !strings.Contains(en.Body, "percentage points") {
			t.Error("the English comparison does not say percentage points")
		}
		if res := police.Get(t, "/surveys/"+current+"/compare?with="+current); res.Status != 422 {
			t.Errorf("a survey compared with itself = %d, want 422", res.Status)
		}
		if res := ts.SignIn(t, webtest.AsReporter).Get(t, m[1]); res.Status != 403 {
			t.Errorf("a reporter's comparison = %d, want 403", res.Status)
		}
	})
}

// TestPublicSummary: a visitor reads Sälen's visitor survey's summary only
// after the coordinator publishes it, and never a count below the
// threshold or a free text; withdrawn, it is gone.
func TestPublicSummary(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		var id string
		if err := d.QueryRowContext(t.Context(), `SELECT id FROM surveys WHERE municipality_code = '2023' AND kind = 'visitor'`).Scan(&id); err != nil {
			t.Fatal(err)
		}
		public := "/kommun/2023/surveys/" + id
		visitor := ts.NewClient(t)
		if res := visitor.Get(t, public); res.Status != 404 {
			t.Fatalf("the summary before publishing = %d, want 404", res.Status)
		}
		if m := visitor.Get(t, "/kommun/2023"); strings.Contains(m.Body, `href="`+public+`"`) {
			t.Error("Malung-Sälen's public page links the summary before it is published")
		}
		if res := ts.SignIn(t, webtest.AsMember).PostForm(t, "/surveys/"+id+"/public-summary", url.Values{"public_summary": {"on"}}); res.Status != 403 {
			t.Errorf("the police publishing the summary = %d, want 403", res.Status)
		}
		coord := ts.SignIn(t, webtest.AsCoordinator)
		if res := coord.PostForm(t, "/surveys/"+id+"/public-summary", url.Values{"public_summary": {"on"}}); res.Status != 303 {
			t.Fatalf("publishing the summary = %d", res.Status)
		}
		if view := coord.Get(t, "/surveys/"+id); !strings.Contains(view.Body, `href="`+public+`"`) {
			t.Error("the survey's page does not link the published summary")
		}
		if m := visitor.Get(t, "/kommun/2023"); !strings.Contains(m.Body, `href="`+public+`"`) {
			t.Error("Malung-Sälen's public page does not link the published summary")
		}
		res := visitor.Get(t, public)
		if res.Status != 200 || !strings.Contains(res.Body, "Lindvallen") {
			t.Fatalf("the published summary = %d, want the counts per named place", res.Status)
		}
		for _, tip := range []string{"Fler ordningsvakter vid busshållplatsen", "Bättre belysning på gångvägen", "Vakter vid nattklubben"} {
			if strings.Contains(res.Body, tip) {
				t.Errorf("the summary shows the free text %q", tip)
			}
		}
		// Every count in a table cell is at least the threshold (3) or 0.
		for _, c := range regexp.MustCompile(`<td>(\d+)</td>`).FindAllStringSubmatch(res.Body, -1) {
			if n, _ := strconv.Atoi(c[1]); n > 0 && n < 3 {
				t.Errorf("the summary shows a count of %d", n)
			}
		}
		if strings.Contains(res.Body, "survey-raw") || strings.Contains(res.Body, "survey-when-table") {
			t.Error("the summary shows pins or times")
		}
		if en := visitor.Get(t, public, "Accept-Language", "en"); !strings.Contains(en.Body, "Summary of the survey") {
			t.Error("the English summary is not in English")
		}
		if res := visitor.Get(t, "/kommun/2062/surveys/"+id); res.Status != 404 {
			t.Errorf("the summary under another municipality = %d, want 404", res.Status)
		}
		if res := coord.PostForm(t, "/surveys/"+id+"/public-summary", url.Values{"public_summary": {"off"}}); res.Status != 303 {
			t.Fatalf("withdrawing = %d", res.Status)
		}
		if res := visitor.Get(t, public); res.Status != 404 {
			t.Errorf("the withdrawn summary = %d, want 404", res.Status)
		}
	})
}
