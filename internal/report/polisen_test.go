package report

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/polisen"
)

// dalarnaFeed returns the 3,563 real police events of Dalarna (a copy of
// the shared polisen_events_dalarna_all.json), as bytes.
func dalarnaFeed(t testing.TB) []byte {
	t.Helper()
	f, err := os.Open("testdata/polisen_events_dalarna_all.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// independentCount counts the Dalarna events by municipality code, ISO
// week and category without package polisen, Map or the database: from
// the raw JSON, with regular expressions, the Swedish month names and
// SCB's list of municipalities. Summaries are counted apart.
type independentCount struct {
	counts    map[string]map[Week]map[string]int // municipality → week → category → events
	summaries int
	county    int // events about the whole county, not summaries
	events    int
}

var (
	nameWhen = regexp.MustCompile(`^(\d{1,2}) ([a-zåäö]+) (\d{1,2})[.:](\d{2})$`)
	dateTime = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2}) (\d{1,2}):(\d{2}):(\d{2}) ([+-])(\d{2}):(\d{2})$`)
	monthsSV = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}
)

func countIndependently(t *testing.T, feed []byte) independentCount {
	t.Helper()
	// SCB's names, for the place at the end of name.
	f, err := os.Open("../municipality/kommuner.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	codeOf := map[string]string{}
	for _, r := range recs[1:] {
		codeOf[strings.ToLower(r[1])] = r[0]
	}
	var raw []map[string]any
	if err := json.Unmarshal(feed, &raw); err != nil {
		t.Fatal(err)
	}
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	c := independentCount{counts: map[string]map[Week]map[string]int{}, events: len(raw)}
	for _, ev := range raw {
		typ := strings.TrimSpace(ev["type"].(string))
		if strings.HasPrefix(strings.ToLower(typ), "sammanfattning") {
			c.summaries++
			continue
		}
		name := ev["name"].(string)
		parts := strings.Split(name, ",")
		place := strings.ToLower(strings.TrimSpace(parts[len(parts)-1]))
		code, ok := codeOf[place]
		if !ok {
			if place != "dalarnas län" {
				t.Fatalf("event %v: place %q is neither a municipality nor the county", ev["id"], place)
			}
			c.county++
			continue
		}
		m := nameWhen.FindStringSubmatch(strings.TrimSpace(parts[0]))
		p := dateTime.FindStringSubmatch(strings.TrimSpace(ev["datetime"].(string)))
		if m == nil || p == nil {
			t.Fatalf("event %v: cannot read %q or %q", ev["id"], parts[0], ev["datetime"])
		}
		n := func(s string) int { v, _ := strconv.Atoi(s); return v }
		offset := (n(p[8])*60 + n(p[9])) * 60
		if p[7] == "-" {
			offset = -offset
		}
		published := time.Date(n(p[1]), time.Month(n(p[2])), n(p[3]), n(p[4]), n(p[5]), n(p[6]), 0, time.FixedZone("", offset))
		month := slices.Index(monthsSV, m[2]) + 1
		if month == 0 {
			t.Fatalf("event %v: month %q", ev["id"], m[2])
		}
		// Of the three years around publication, the one nearest to it.
		var when time.Time
		best := math.Inf(1)
		for y := published.Year() - 1; y <= published.Year()+1; y++ {
			cand := time.Date(y, time.Month(month), n(m[1]), n(m[3]), n(m[4]), 0, 0, stockholm)
			if gap := math.Abs(cand.Sub(published).Hours()); gap < best {
				best, when = gap, cand
			}
		}
		y, wk := when.ISOWeek()
		week := Week{y, wk}
		if c.counts[code] == nil {
			c.counts[code] = map[Week]map[string]int{}
		}
		if c.counts[code][week] == nil {
			c.counts[code][week] = map[string]int{}
		}
		c.counts[code][week][typ]++
	}
	return c
}

// TestSituationOfPoliceEvents imports the real police events of Dalarna and
// checks every week's picture of every municipality against a count made
// independently from the raw JSON.
func TestSituationOfPoliceEvents(t *testing.T) {
	feed := dalarnaFeed(t)
	want := countIndependently(t, feed)
	if want.events != 3563 || want.summaries != 1120 {
		t.Fatalf("independent count: %d events, %d summaries; want 3563 and 1120", want.events, want.summaries)
	}
	events, err := polisen.Parse(bytes.NewReader(feed))
	if err != nil {
		t.Fatal(err)
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
		res, err := f.s.ImportPolisen(ctx, audit.Actor{Label: "cli"}, events, nil)
		if err != nil {
			t.Fatalf("ImportPolisen() error = %v", err)
		}
		wantRes := ImportResult{Imported: 3563 - 1120, Summaries: 1120}
		if diff := cmp.Diff(wantRes, res); diff != "" {
			t.Errorf("ImportPolisen() (-want +got):\n%s", diff)
		}
		// Again: every event is a duplicate, nothing changes.
		again, err := f.s.ImportPolisen(ctx, audit.Actor{Label: "cli"}, events, nil)
		if err != nil || !cmp.Equal(again, ImportResult{Duplicates: 3563}) {
			t.Errorf("ImportPolisen(again) = %+v, %v; want 3563 duplicates", again, err)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports WHERE source = 'polisen'`); n != 3563 {
			t.Errorf("%d police reports stored, want 3563", n)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM reports WHERE municipality_code IS NULL AND NOT is_summary AND county_code = '20'`); n != want.county {
			t.Errorf("%d county-wide events stored without a municipality, want %d", n, want.county)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM audit_log WHERE entity = 'report_batch' AND action = 'import'`); n != 1 {
			t.Errorf("%d import audit entries, want 1 (the second import stored nothing)", n)
		}
		checkWeeks(t, d)

		pictures := 0
		for code, weeks := range want.counts {
			for week, cats := range weeks {
				sit, err := f.s.Situation(ctx, SituationQuery{MunicipalityCode: code, Week: week.String()})
				if err != nil {
					t.Fatalf("Situation(%s, %s) error = %v", code, week, err)
				}
				pictures++
				total := 0
				for _, n := range cats {
					total += n
				}
				got := map[string]int{}
				for _, c := range sit.ByCategory {
					if c.Count > 0 {
						got[c.Category] = c.Count
					}
					// The previous week of the picture is last week's count.
					if prev := weeks[week.Add(-1)][c.Category]; c.PreviousWeek != prev {
						t.Errorf("%s %s %s: previous_week = %d, counted %d", code, week, c.Category, c.PreviousWeek, prev)
					}
				}
				if sit.Total != total {
					t.Errorf("%s %s: total = %d, counted %d", code, week, sit.Total, total)
				}
				if diff := cmp.Diff(cats, got); diff != "" {
					t.Errorf("%s %s: categories (-counted +picture):\n%s", code, week, diff)
				}
				grid := 0
				for _, row := range sit.HourWeekday {
					for _, n := range row {
						grid += n
					}
				}
				if grid != total {
					t.Errorf("%s %s: the hour × weekday grid sums to %d, counted %d", code, week, grid, total)
				}
			}
		}
		if pictures < 1000 {
			t.Errorf("compared only %d pictures", pictures)
		}

		// Mora's busiest week, stated.
		var busiest Week
		most := 0
		for week, cats := range want.counts[mora] {
			n := 0
			for _, v := range cats {
				n += v
			}
			if n > most || n == most && week.Before(busiest) {
				busiest, most = week, n
			}
		}
		sit, err := f.s.Situation(ctx, SituationQuery{MunicipalityCode: mora, Week: busiest.String()})
		if err != nil || sit.Total != most || len(sit.Trend) != 12 || sit.Trend[11].Count != most {
			t.Errorf("Situation(Mora, %s) = total %d, trend %v, %v; want %d", busiest, sit.Total, sit.Trend, err, most)
		}
		t.Logf("compared %d pictures; Mora's busiest week %s had %d events, flags %v", pictures, busiest, most, sit.Flags)
	})
}

func TestImportPolisenRejects(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		events := []polisen.Event{
			{ID: 1, Datetime: "2026-02-20 21:10:00 +01:00", Name: "20 februari 21.00, Brand, Mora", Type: "Brand", Summary: "Brand i bil ABC 123, ägaren nås på 070-123 45 67.", URL: "/aktuellt/handelser/2026/februari/20/x/"},
			{ID: 1, Datetime: "2026-02-20 21:10:00 +01:00", Name: "20 februari 21.00, Brand, Mora", Type: "Brand"}, // twice in the file
			{ID: 2, Datetime: "2026-02-20 21:10:00 +01:00", Name: "30 februari 21.00, Brand, Mora", Type: "Brand"},
			{ID: 3, Datetime: "igår", Name: "20 februari 21.00, Brand, Mora", Type: "Brand"},
			{ID: 4, Datetime: "2026-02-20 21:10:00 +01:00", Name: "20 februari 21.00, Brand, Mora", Type: strings.Repeat("x", 101)},
			{ID: 5, Datetime: "2026-02-20 21:10:00 +01:00", Name: "20 februari 21.00, Brand, Atlantis", Type: "Brand"},
		}
		res, err := f.s.ImportPolisen(ctx, audit.System, events, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != 2 || res.Duplicates != 1 || res.Rejected != 3 || len(res.Rejections) != 3 {
			t.Errorf("ImportPolisen() = %+v; want 2 imported, 1 duplicate, 3 rejected", res)
		}
		if got := res.String(); got != "imported 2, duplicates 1, summaries 0, rejected 3" {
			t.Errorf("String() = %q", got)
		}
		for i, id := range []int{2, 3, 4} {
			if !strings.Contains(res.Rejections[i].Error(), fmt.Sprintf("event %d:", id)) {
				t.Errorf("rejection %d = %v, want event %d", i, res.Rejections[i], id)
			}
		}
		page, err := f.s.List(ctx, Access{All: true}, Filter{Source: SourcePolisen})
		if err != nil || len(page.Items) != 2 {
			t.Fatalf("List() = %v, %v", page.Items, err)
		}
		var brand Report
		for _, r := range page.Items {
			if r.ExternalID == "1" {
				brand = r
			}
		}
		if brand.Description != "Brand i bil [registreringsnummer], ägaren nås på [telefonnummer]." ||
			brand.URL != "https://polisen.se/aktuellt/handelser/2026/februari/20/x/" || brand.OrganizationID != 0 ||
			brand.Lat != nil || brand.Category != "Brand" || brand.MunicipalityCode != mora {
			t.Errorf("stored event = %+v", brand)
		}
		// An event in a place that is no municipality is kept, in no
		// municipality and no county, and counted nowhere.
		if n := count(t, d, `SELECT COUNT(*) FROM reports WHERE external_id = '5' AND municipality_code IS NULL AND county_code = ''`); n != 1 {
			t.Errorf("event 5 stored %d times without a place", n)
		}
		checkWeeks(t, d)
	})
}
