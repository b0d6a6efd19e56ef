package statistics

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Stockholm on hosts without zoneinfo

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/polisen"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
)

const salen = report.CodeMalungSalen

// thursday is the clock of the tests: Thursday 26 February 2026 at noon,
// so that week 8 (16–22 February) has been over for more than Settle and
// week 9 has not begun to be published.
var thursday = time.Date(2026, time.February, 26, 12, 0, 0, 0, time.UTC)

type fixture struct {
	d       *db.DB
	st      *Store
	reports *report.Store
	guards  int64
}

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatalf("sync municipalities: %v", err)
	}
	o, err := org.NewStore(d).Create(ctx, audit.System, org.Input{Name: "Sälens Ordningsvakter", Kind: "security_company",
		MunicipalityCodes: []string{salen}})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{d: d, st: NewStore(d), reports: report.NewStore(d), guards: o.ID}
	f.st.now = func() time.Time { return thursday }
	if err := f.reports.Seed(ctx, audit.System); err != nil {
		t.Fatalf("Seed() error = %v", err)
	}
	return f
}

// add makes n reports of one count each, in the week of 2026-W08 unless
// at says otherwise, at a named place (which puts them in its area) or at
// none.
func (f *fixture) add(t *testing.T, n int, category, place, at string) {
	t.Helper()
	if at == "" {
		at = "2026-02-18T22:00:00+01:00"
	}
	one := 1
	ins := make([]report.Input, n)
	for i := range ins {
		ins[i] = report.Input{Category: category, OccurredAt: at, MunicipalityCode: salen, Place: place, Count: &one}
	}
	if _, _, err := f.reports.CreateBatch(context.Background(), audit.System, f.guards, ins); err != nil {
		t.Fatalf("CreateBatch(%d × %s at %q) error = %v", n, category, place, err)
	}
}

func (f *fixture) turnOn(t *testing.T, threshold int) {
	t.Helper()
	on := true
	if _, err := f.st.Update(context.Background(), audit.System, salen, Change{Public: &on, Threshold: &threshold}); err != nil {
		t.Fatalf("Update() error = %v", err)
	}
}

// cells returns the published cells of a week as "category/area" → count
// ("-" when hidden).
func cellMap(cells []Cell) map[string]string {
	out := map[string]string{}
	for _, c := range cells {
		v := "-"
		if c.Count != nil {
			v = fmt.Sprint(*c.Count)
		}
		out[c.Week.String()+" "+c.Category+"/"+c.Area] = v
	}
	return out
}

func fieldKeys(t *testing.T, err error) map[string]string {
	t.Helper()
	var ve *validation.Error
	if !errors.As(err, &ve) {
		t.Fatalf("error = %v (%T), want a *validation.Error", err, err)
	}
	out := map[string]string{}
	for f, m := range ve.Fields {
		out[f] = m.Key
	}
	return out
}

func auditCount(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE entity = 'statistics_settings'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestSettings(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		got, err := f.st.Settings(ctx, salen)
		if err != nil || got != (Settings{MunicipalityCode: salen, Threshold: 3}) {
			t.Fatalf("Settings() = %+v, %v; want off at 3", got, err)
		}
		on, five, two, many := true, 5, 2, 101
		actor := audit.Actor{Label: "samordnare@demo.example"}
		for _, tt := range []struct {
			code string
			c    Change
			want map[string]string
		}{
			{salen, Change{Threshold: &two}, map[string]string{"suppression_threshold": "error.suppression_threshold_min"}},
			{salen, Change{Public: &on, Threshold: &many}, map[string]string{"suppression_threshold": "error.suppression_threshold_max"}},
			{"9999", Change{Public: &on}, map[string]string{"municipality_code": "error.municipality_unknown"}},
		} {
			_, err := f.st.Update(ctx, actor, tt.code, tt.c)
			if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
				t.Errorf("Update(%s, %+v) errors (-want +got):\n%s", tt.code, tt.c, diff)
			}
		}
		if got, _ := f.st.Settings(ctx, salen); got.Public || got.Threshold != 3 || auditCount(t, d) != 0 {
			t.Fatalf("after refused changes: %+v and %d audit entries; want nothing stored", got, auditCount(t, d))
		}

		got, err = f.st.Update(ctx, actor, salen, Change{Public: &on, Threshold: &five})
		want := Settings{MunicipalityCode: salen, Public: true, Threshold: 5}
		if err != nil || got != want {
			t.Fatalf("Update() = %+v, %v; want %+v", got, err, want)
		}
		if got, _ := f.st.Settings(ctx, salen); got != want {
			t.Errorf("Settings() after Update = %+v, want %+v", got, want)
		}
		// The same again changes nothing and records nothing.
		if _, err := f.st.Update(ctx, actor, salen, Change{Threshold: &five}); err != nil || auditCount(t, d) != 1 {
			t.Errorf("Update(same) = %v with %d audit entries, want 1", err, auditCount(t, d))
		}
		// A change of one field keeps the other.
		off := false
		if got, _ := f.st.Update(ctx, actor, salen, Change{Public: &off}); got.Threshold != 5 || got.Public {
			t.Errorf("Update(public off) = %+v, want off at 5", got)
		}
		var before, after, who string
		if err := d.QueryRowContext(ctx, `SELECT before_json, after_json, actor_label FROM audit_log WHERE entity = 'statistics_settings'
			ORDER BY id DESC LIMIT 1`).Scan(&before, &after, &who); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(before, `"public_statistics":true`) || !strings.Contains(after, `"public_statistics":false`) || who != actor.Label {
			t.Errorf("audit entry = %s → %s by %s", before, after, who)
		}
	})
}

// police is a police event of type typ in Malung-Sälen on 18 February 2026.
func police(id int, typ string) string {
	return fmt.Sprintf(`{"id": %d, "datetime": "2026-02-18 23:10:00 +01:00", "name": "18 februari 22.40, %s, Malung-Sälen",
		"summary": "Händelse.", "url": "/aktuellt/handelser/%d/", "type": %q,
		"location": {"name": "Dalarnas län", "gps": "61.091701,14.666365"}}`, id, typ, id, typ)
}

func TestPublished(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		q := Query{MunicipalityCode: salen, FromWeek: "2026-W08", ToWeek: "2026-W08"}
		if _, err := f.st.Published(ctx, q); !errors.Is(err, ErrNotPublic) {
			t.Fatalf("Published() before turning on: error = %v, want ErrNotPublic", err)
		}
		f.turnOn(t, 3)

		// Week 8: at Lindvallen 9 cases of drunkenness and 4 of disorder,
		// at Tandådalen 6 and 1, in the rest of the municipality (no
		// place) 5 and 5. Week 9 is not published yet on Thursday.
		f.add(t, 9, "Berusade personer", "Lindvallen", "")
		f.add(t, 4, "Ordningsstörning", "Lindvallen", "")
		f.add(t, 6, "Berusade personer", "Tandådalen", "")
		f.add(t, 1, "Ordningsstörning", "Tandådalen", "")
		f.add(t, 5, "Berusade personer", "", "")
		f.add(t, 5, "Ordningsstörning", "", "")
		f.add(t, 7, "Berusade personer", "Lindvallen", "2026-02-24T22:00:00+01:00")
		// Police events: two of a checklist category in week 8, one
		// summary. They are left out.
		events, err := polisen.Parse(strings.NewReader("[" + police(1, "Ordningsstörning") + "," + police(2, "Ordningsstörning") +
			"," + police(3, "Sammanfattning natt") + "]"))
		if err != nil {
			t.Fatal(err)
		}
		if res, err := f.reports.ImportPolisen(ctx, audit.System, events, nil); err != nil || res.Imported != 2 {
			t.Fatalf("ImportPolisen() = %+v, %v", res, err)
		}

		res, err := f.st.Published(ctx, Query{MunicipalityCode: salen, FromWeek: "2026-W08", ToWeek: "2026-W09"})
		if err != nil {
			t.Fatalf("Published() error = %v", err)
		}
		if res.To != (report.Week{Year: 2026, Number: 8}) || res.LastPublished != res.To {
			t.Errorf("To = %v, LastPublished = %v; want 2026-W08 (week 9 is not over long enough)", res.To, res.LastPublished)
		}
		wantAreas := []string{"Hundfjället", "Högfjället", "Kläppen", "Lindvallen", "Stöten", "Sälen", "Tandådalen", ""}
		if !slices.Equal(res.Areas, wantAreas) || !slices.Equal(res.Categories, report.DefaultCategories) {
			t.Errorf("Areas = %q, Categories = %q", res.Areas, res.Categories)
		}
		if len(res.Cells) != len(wantAreas)*len(report.DefaultCategories) {
			t.Fatalf("%d cells, want a complete table of week 8: %d", len(res.Cells), len(wantAreas)*len(report.DefaultCategories))
		}
		got := cellMap(res.Cells)
		// Tandådalen's one case of disorder (three with the police
		// events, which are left out) is hidden. Every other category
		// had no reports and its cells are 0 and hidden, but a visitor
		// who knows the categories' totals knows those are 0, and the
		// areas' totals would then give the 1 away; so the cheapest
		// cycle of cells through it is hidden too: drunkenness at
		// Tandådalen (6) and both categories outside the areas (5 and
		// 5), 16 in all, against 6 + 9 + 4 through Lindvallen.
		for k, want := range map[string]string{
			"2026-W08 Berusade personer/Lindvallen": "9",
			"2026-W08 Berusade personer/Tandådalen": "-",
			"2026-W08 Berusade personer/":           "-",
			"2026-W08 Ordningsstörning/Lindvallen":  "4",
			"2026-W08 Ordningsstörning/Tandådalen":  "-",
			"2026-W08 Ordningsstörning/":            "-",
			"2026-W08 Klotter/Sälen":                "-",
		} {
			if got[k] != want {
				t.Errorf("%s = %s, want %s", k, got[k], want)
			}
		}
		// Every week's table is safe.
		counts, hidden := tableOf(t, d, res)
		checkSafe(t, counts, 3, hidden)
		for _, c := range res.Cells {
			if c.Count != nil && *c.Count < 3 || c.Suppressed != (c.Count == nil) {
				t.Errorf("cell %+v", c)
			}
		}

		// A higher threshold hides the four too, and with it the nine.
		f.turnOn(t, 5)
		res, err = f.st.Published(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got := cellMap(res.Cells); got["2026-W08 Ordningsstörning/Lindvallen"] != "-" || got["2026-W08 Berusade personer/Lindvallen"] != "-" {
			t.Errorf("at threshold 5, Lindvallen is published: %v", got)
		}
	})
}

// tableOf returns the true counts of the first week of res, summed from
// the reporters' reports themselves, and the cells hidden; it fails t
// where a published count differs from the true one.
func tableOf(t *testing.T, d *db.DB, res Result) ([][]int, [][]bool) {
	t.Helper()
	counts := make([][]int, len(res.Categories))
	hidden := make([][]bool, len(res.Categories))
	for i := range counts {
		counts[i] = make([]int, len(res.Areas))
		hidden[i] = make([]bool, len(res.Areas))
	}
	err := db.Each(context.Background(), d, `SELECT r.category, COALESCE(a.name, ''), SUM(r.count) FROM reports r
		LEFT JOIN areas a ON a.id = r.area_id
		WHERE r.municipality_code = ? AND r.week = ? AND r.source = 'report'
		GROUP BY r.category, COALESCE(a.name, '')`, []any{res.MunicipalityCode, key(res.From)}, func(r db.Scanner) error {
		var category, area string
		var n int
		if err := r.Scan(&category, &area, &n); err != nil {
			return err
		}
		counts[slices.Index(res.Categories, category)][slices.Index(res.Areas, area)] = n
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cells {
		if c.Week != res.From {
			continue
		}
		i, j := slices.Index(res.Categories, c.Category), slices.Index(res.Areas, c.Area)
		hidden[i][j] = c.Suppressed
		if c.Count != nil && *c.Count != counts[i][j] {
			t.Errorf("%s %s/%s = %d, the reports sum to %d", c.Week, c.Category, c.Area, *c.Count, counts[i][j])
		}
	}
	return counts, hidden
}

func TestPublishedQuery(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		f.turnOn(t, 3)
		for _, tt := range []struct {
			q    Query
			want map[string]string
		}{
			{Query{FromWeek: "2026-W08"}, map[string]string{"municipality_code": "error.required"}},
			{Query{MunicipalityCode: "9999"}, map[string]string{"municipality_code": "error.municipality_unknown"}},
			{Query{MunicipalityCode: salen, FromWeek: "2026-8", ToWeek: "vecka 9"}, map[string]string{"from_week": "error.week", "to_week": "error.week"}},
			{Query{MunicipalityCode: salen, FromWeek: "2025-W53"}, map[string]string{"from_week": "error.week"}}, // 2025 has 52 weeks
			{Query{MunicipalityCode: salen, FromWeek: "2026-W08", ToWeek: "2026-W07"}, map[string]string{"to_week": "error.statistics_week_order"}},
			{Query{MunicipalityCode: salen, FromWeek: "2025-W07", ToWeek: "2026-W08"}, map[string]string{"to_week": "error.statistics_range"}},
		} {
			_, err := f.st.Published(ctx, tt.q)
			if diff := cmp.Diff(tt.want, fieldKeys(t, err)); diff != "" {
				t.Errorf("Published(%+v) errors (-want +got):\n%s", tt.q, diff)
			}
		}

		// 53 weeks is the most; by default, the last 12 published.
		res, err := f.st.Published(ctx, Query{MunicipalityCode: salen, FromWeek: "2025-W08", ToWeek: "2026-W08"})
		if err != nil || res.From.String() != "2025-W08" || len(res.Cells) != 53*len(res.Categories)*len(res.Areas) {
			t.Errorf("Published(53 weeks) = %v .. %v, %d cells, %v", res.From, res.To, len(res.Cells), err)
		}
		res, err = f.st.Published(ctx, Query{MunicipalityCode: salen})
		if err != nil || res.From.String() != "2025-W49" || res.To.String() != "2026-W08" {
			t.Errorf("Published(default) = %v .. %v, %v; want 2025-W49 .. 2026-W08", res.From, res.To, err)
		}
		// Weeks not yet published: none, not an error.
		res, err = f.st.Published(ctx, Query{MunicipalityCode: salen, FromWeek: "2026-W09"})
		if err != nil || len(res.Cells) != 0 {
			t.Errorf("Published(from week 9) = %d cells, %v; want none", len(res.Cells), err)
		}
		res, err = f.st.Published(ctx, Query{MunicipalityCode: salen, FromWeek: "2026-W07", ToWeek: "2026-W12"})
		if err != nil || res.To.String() != "2026-W08" || len(res.Cells) != 2*len(res.Categories)*len(res.Areas) {
			t.Errorf("Published(to week 12) = %v .. %v, %d cells, %v; want weeks 7 and 8", res.From, res.To, len(res.Cells), err)
		}
	})
}

func TestLastPublished(t *testing.T) {
	t.Parallel()
	stockholm, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		now  time.Time
		want string
	}{
		// Week 8 ends Monday 23 February 00:00; it is published from
		// Thursday 26 February 00:00, Swedish time.
		{time.Date(2026, 2, 25, 23, 59, 0, 0, stockholm), "2026-W07"},
		{time.Date(2026, 2, 26, 0, 0, 0, 0, stockholm), "2026-W08"},
		{time.Date(2026, 3, 1, 23, 0, 0, 0, stockholm), "2026-W08"},
		// New Year: 2026-W01 began Monday 29 December 2025.
		{time.Date(2026, 1, 8, 12, 0, 0, 0, stockholm), "2026-W01"},
		{time.Date(2026, 1, 7, 12, 0, 0, 0, stockholm), "2025-W52"},
	} {
		if got := LastPublished(tt.now).String(); got != tt.want {
			t.Errorf("LastPublished(%v) = %s, want %s", tt.now, got, tt.want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	t.Parallel()
	seven := 7
	w := report.Week{Year: 2026, Number: 8}
	var b strings.Builder
	err := WriteCSV(&b, []Cell{
		{Week: w, Category: "Berusade personer", Area: "Lindvallen", Count: &seven},
		{Week: w, Category: "Hot, våld", Area: "", Suppressed: true},
	})
	want := "\ufeffweek;category;area;count;suppressed\r\n" +
		"2026-W08;Berusade personer;Lindvallen;7;false\r\n" +
		"2026-W08;Hot, våld;;;true\r\n"
	if err != nil || b.String() != want {
		t.Errorf("WriteCSV() = %q, %v; want %q", b.String(), err, want)
	}
}
