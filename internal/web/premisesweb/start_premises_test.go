package premisesweb_test

import (
	"fmt"
	"github.com/samverkan/samverkan/internal/activity"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/web/premisesweb"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestStartPremises: the alcohol officer's start page says in one line how
// many of the register's open premises have had no recorded visit in the
// latest season, as the coverage API counts them, with links to record a
// visit and to the coverage; a recorded visit lowers the number. Those who
// keep no register (the police, a security guard) see no such section.
func TestStartPremises(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		officer := ts.SignInAs(t, alcoholOfficerEmail)

		// The coverage of the default season, as the contract's API says it.
		coverage := func(query string) (total int, notVisited []string, from string) {
			t.Helper()
			res := ts.APIAs(t, alcoholOfficerEmail).Get(t, "/api/v1/premises/coverage?municipality_code=2023"+query)
			var cov struct {
				PremisesTotal int    `json:"premises_total"`
				From          string `json:"from"`
				NotVisited    []struct {
					Name string `json:"name"`
				} `json:"not_visited"`
			}
			webtest.DecodeBody(t, res, &cov)
			for _, ref := range cov.NotVisited {
				notVisited = append(notVisited, ref.Name)
			}
			return cov.PremisesTotal, notVisited, cov.From
		}
		// The default season is the one going on, or between seasons the
		// latest with recorded visits: the demo's current cycle has the
		// season before the coming one whole. Either way the start page
		// speaks of the season the API defaults to.
		total, notVisited, from := coverage("")
		current, inSeason := premises.SeasonOf(clocktest.Now())
		wantFrom := premises.WinterSeason(activity.DemoSeason(clocktest.Now()) - 1).From
		if inSeason {
			wantFrom = current.From
		}
		if from != wantFrom || total != 14 {
			t.Fatalf("the demo's default coverage = %d not visited of %d from %s, want 14 premises from %s", len(notVisited), total, from, wantFrom)
		}
		// A season of the cycle that is over, or under way, leaves some
		// premises unvisited, not all: the start page has progress to show.
		if len(notVisited) == 0 || !inSeason && len(notVisited) != 2 {
			t.Errorf("the demo's default coverage leaves %q unvisited", notVisited)
		}
		// The demo of 2016–2018 left the same two premises of Malung-Sälen
		// unvisited in its season 2017–18.
		if _, past, _ := coverage("&season=2017"); !slices.Equal(past, []string{"Catering Sälenfjällen (demo)", "Stötens Värdshus (demo)"}) {
			t.Fatalf("the demo's coverage of 2017–18 = %q not visited, want the caterer and Stöten", past)
		}
		line := func(n int) string {
			if inSeason {
				return fmt.Sprintf("%d av %d serveringsställen har inte fått något protokollfört besök den här säsongen.", n, total)
			}
			y, _ := strconv.Atoi(from[:4])
			return fmt.Sprintf("%d av %d serveringsställen fick inget protokollfört besök under vintersäsongen %d–%d.", n, total, y, y+1)
		}

		res := officer.Get(t, "/start")
		if res.Status != http.StatusOK {
			t.Fatalf("GET /start as the alcohol officer = %d", res.Status)
		}
		for _, want := range []string{
			`<h2 id="start-premises">Tillsyn av serveringsställen</h2>`,
			"<h3>Malung-Sälen</h3>",
			"<p>" + line(len(notVisited)) + "</p>",
			`href="/inspections/new?municipality_code=2023"`,
			`href="/premises/coverage?municipality_code=2023"`,
		} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the alcohol officer's start page lacks %q", want)
			}
		}
		for _, link := range []string{"/inspections/new?municipality_code=2023", "/premises/coverage?municipality_code=2023"} {
			if res := officer.Get(t, link); res.Status != http.StatusOK {
				t.Errorf("GET %s (a link of the start page) = %d, want 200", link, res.Status)
			}
		}

		// A recorded visit in the season to one not visited: one fewer. The
		// visit is on the season's first evening, or a minute ago when that
		// evening is still to come.
		seasonStart, _ := premises.Period{From: from, To: from}.Bounds()
		at := seasonStart.Add(20 * time.Hour)
		if now := clocktest.Now(); at.After(now) {
			at = now.Add(-time.Minute)
		}
		body := inspectionBody(ts, premisesByName(ts, t, notVisited[0]), at.Format(time.RFC3339))
		body = strings.Replace(body, `"follow_up_on": "2018-04-10"`, `"follow_up_on": ""`, 1)
		if res := ts.APIAs(t, alcoholOfficerEmail).SendJSON(t, http.MethodPost, "/api/v1/inspections", body); res.Status != http.StatusCreated {
			t.Fatalf("POST /api/v1/inspections = %d; body:\n%s", res.Status, res.Body)
		}
		if _, left, _ := coverage(""); len(left) != len(notVisited)-1 {
			t.Fatalf("the API's coverage after a visit = %d not visited, want %d", len(left), len(notVisited)-1)
		}
		if res := officer.Get(t, "/start"); !strings.Contains(res.Body, "<p>"+line(len(notVisited)-1)+"</p>") {
			t.Errorf("the start page after a visit lacks %q", line(len(notVisited)-1))
		}

		// Those who keep no register see nothing of it.
		for _, email := range []string{premisesGuardEmail, premisesPoliceEmail} {
			res := ts.SignInAs(t, email).Get(t, "/start")
			if res.Status != http.StatusOK {
				t.Fatalf("GET /start as %s = %d", email, res.Status)
			}
			for _, unwanted := range []string{"start-premises", "protokollfört besök", "/premises/coverage?"} {
				if strings.Contains(res.Body, unwanted) {
					t.Errorf("the start page of %s has %q", email, unwanted)
				}
			}
		}
	})
}

// TestCoverageLine: the sentence for the season going on, for a past
// season, when all were visited and when the register is empty, in both
// languages.
func TestCoverageLine(t *testing.T) {
	b := webtest.LoadBundle(t)
	sv, en := b.For(i18n.Swedish), b.For(i18n.English)
	refs := func(n int) []premises.Ref {
		out := make([]premises.Ref, n)
		for i := range out {
			out[i] = premises.Ref{ID: int64(i + 1), Name: "Krog " + strconv.Itoa(i)}
		}
		return out
	}
	season := premises.WinterSeason(2026)
	tests := []struct {
		name          string
		total, unseen int
		period        premises.Period
		now           bool
		wantSV        string
		wantEN        string
	}{
		{"this season", 34, 2, season, true,
			"2 av 34 serveringsställen har inte fått något protokollfört besök den här säsongen.",
			"2 of 34 licensed premises have had no recorded visit this season."},
		{"this season, all visited", 34, 0, season, true,
			"Alla 34 serveringsställen har fått minst ett protokollfört besök den här säsongen.",
			"All 34 licensed premises have had at least one recorded visit this season."},
		{"a past season", 12, 3, premises.WinterSeason(2017), false,
			"3 av 12 serveringsställen fick inget protokollfört besök under vintersäsongen 2017–2018.",
			"3 of 12 licensed premises had no recorded visit in the winter season 2017–2018."},
		{"a past season, all visited", 12, 0, premises.WinterSeason(2017), false,
			"Alla 12 serveringsställen fick minst ett protokollfört besök under vintersäsongen 2017–2018.",
			"All 12 licensed premises had at least one recorded visit in the winter season 2017–2018."},
		{"not a season", 5, 1, premises.Period{From: "2026-06-01", To: "2026-08-31"}, false,
			"1 av 5 serveringsställen fick inget protokollfört besök 2026-06-01–2026-08-31.",
			"1 of 5 licensed premises had no recorded visit from 2026-06-01 to 2026-08-31."},
		{"an empty register", 0, 0, season, true,
			"Registret har inga öppna serveringsställen ännu.",
			"The register has no open licensed premises yet."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cov := premises.Coverage{PremisesTotal: tt.total, PremisesVisited: tt.total - tt.unseen, NotVisited: refs(tt.unseen)}
			if got := premisesweb.CoverageLine(sv.T, cov, tt.period, tt.now); got != tt.wantSV {
				t.Errorf("coverageLine(sv) = %q, want %q", got, tt.wantSV)
			}
			if got := premisesweb.CoverageLine(en.T, cov, tt.period, tt.now); got != tt.wantEN {
				t.Errorf("coverageLine(en) = %q, want %q", got, tt.wantEN)
			}
		})
	}
}
