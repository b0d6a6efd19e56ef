package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/validation"
)

// BenchmarkSituation loads synthetic reports for one municipality (Mora)
// over three years and measures, as ratios within the same run:
//
//   - ingest/bare: CreateBatch (validation, the personal-data check,
//     idempotency, the weekly counts, the audit entry) in batches of 1,000
//     against a bare multi-row INSERT of the same rows into a second
//     database with the same schema, batch by batch in turn;
//   - picture/floor: the weekly picture of the municipality (and of the
//     area Noret) against running the SQL aggregates it reads and nothing
//     else, alternating which goes first.
//
// The number of reports is SAMVERKAN_BENCH_REPORTS, 1,000,000 unless set,
// so that CI can run it small:
//
//	SAMVERKAN_BENCH_REPORTS=20000 go test -run '^$' -bench Situation -benchtime 20x ./internal/report/
//
// The PostgreSQL half needs SAMVERKAN_TEST_POSTGRES_URL.
func BenchmarkSituation(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchSituation(b, dbtest.SQLite(b), dbtest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { benchSituation(b, dbtest.Postgres(b), dbtest.Postgres(b)) })
}

func benchReports(b *testing.B) int {
	n := 1_000_000
	if v := os.Getenv("SAMVERKAN_BENCH_REPORTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1000 {
			b.Fatalf("SAMVERKAN_BENCH_REPORTS=%q: want a number of at least 1000", v)
		}
	}
	return n
}

// benchSetup makes the municipalities, an organisation in Mora and the
// shipped places and areas.
func benchSetup(b *testing.B, d *db.DB) (*Store, int64) {
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		b.Fatal(err)
	}
	o, err := org.NewStore(d).Create(ctx, audit.System, org.Input{Name: "Mora kommun", Kind: "municipality", MunicipalityCodes: []string{CodeMora}})
	if err != nil {
		b.Fatal(err)
	}
	s := NewStore(d)
	s.now = func() time.Time { return benchEnd.Add(time.Hour) }
	if err := s.Seed(ctx, audit.System); err != nil {
		b.Fatal(err)
	}
	return s, o.ID
}

var (
	benchEnd   = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	benchStart = benchEnd.AddDate(-3, 0, 0)
	benchTexts = []string{
		"Ett 20-tal ungdomar samlades på parkeringen, lugnt efter 23.",
		"A-traktorer körde runt i hög fart, 3 st.",
		"Krossad ruta i busskuren, anmält till fastighetsägaren.",
		"Nedskräpning vid återvinningsstationen.",
		"",
	}
)

// benchInput is report i of n: spread evenly over three years, evenings and
// weekends more than mornings, most at Noret or in the centre.
func benchInput(r *rand.Rand, i, n int) Input {
	span := benchEnd.Sub(benchStart)
	at := benchStart.Add(time.Duration(float64(span) * (float64(i) + r.Float64()) / float64(n)))
	// Move to a likely hour of the same day.
	local := at.In(zone())
	hours := []int{19, 20, 21, 22, 23, 0, 1, 15, 16, 17, 18, 10, 12, 14}
	h := hours[r.IntN(len(hours))]
	at = time.Date(local.Year(), local.Month(), local.Day(), h, local.Minute(), local.Second(), 0, zone())
	if !at.Before(benchEnd) {
		at = benchEnd.Add(-time.Minute)
	}
	in := Input{
		Category:         DefaultCategories[r.IntN(len(DefaultCategories))],
		OccurredAt:       at.Format(time.RFC3339),
		MunicipalityCode: CodeMora,
		Description:      benchTexts[r.IntN(len(benchTexts))],
		ExternalID:       "bench-" + strconv.Itoa(i),
	}
	switch x := r.IntN(10); {
	case x < 4:
		in.Place = "Noret"
	case x < 6:
		in.Place = "Mora centrum"
	}
	if r.IntN(2) == 0 {
		lat := 61.0085 + (r.Float64()-0.5)*0.008
		lon := 14.58 + (r.Float64()-0.5)*0.02
		in.Lat, in.Lon = &lat, &lon
	}
	if r.IntN(5) == 0 {
		c := 2 + r.IntN(3)
		in.Count = &c
	}
	return in
}

// bareInsert inserts rows as plainly as the schema allows: multi-row
// INSERTs of the same width, no RETURNING, no checks, no weekly counts.
func bareInsert(ctx context.Context, d *db.DB, rows []row) error {
	return d.InTx(ctx, func(tx *db.Tx) error {
		args := make([]any, 0, insertChunk*insertWidth)
		for chunk := range slices.Chunk(rows, insertChunk) {
			args = args[:0]
			for i := range chunk {
				args = rowArgs(args, &chunk[i])
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO reports (`+insertColumns+`) VALUES `+valuesList(len(chunk), insertWidth), args...); err != nil {
				return err
			}
		}
		return nil
	})
}

func benchSituation(b *testing.B, storeDB, bareDB *db.DB) {
	ctx := context.Background()
	n := benchReports(b)
	s, orgID := benchSetup(b, storeDB)
	_, bareOrg := benchSetup(b, bareDB)
	r := rand.New(rand.NewPCG(1, 2))

	// Load: the same batches through CreateBatch and bare, in turn.
	var storeTime, bareTime time.Duration
	loadStart := time.Now()
	for start := 0; start < n; start += MaxBatch {
		batch := make([]Input, 0, MaxBatch)
		for i := start; i < min(start+MaxBatch, n); i++ {
			batch = append(batch, benchInput(r, i, n))
		}
		t0 := time.Now()
		if _, _, err := s.CreateBatch(ctx, audit.System, orgID, batch); err != nil {
			b.Fatalf("CreateBatch: %v", err)
		}
		storeTime += time.Since(t0)

		// The bare rows are the rows CreateBatch stored; preparing them is
		// not part of the floor.
		c, err := newChecker(ctx, bareDB, bareOrg, s.now())
		if err != nil {
			b.Fatal(err)
		}
		rows := make([]row, len(batch))
		for i, in := range batch {
			var e validation.Errors
			if rows[i], err = c.check(&e, "", in); err != nil || e.Err() != nil {
				b.Fatalf("check: %v %v", err, e.Err())
			}
		}
		t0 = time.Now()
		if err := bareInsert(ctx, bareDB, rows); err != nil {
			b.Fatalf("bare insert: %v", err)
		}
		bareTime += time.Since(t0)
	}
	b.Logf("loaded %d reports twice in %v: CreateBatch %v (%.0f/s), bare INSERT %v (%.0f/s)",
		n, time.Since(loadStart).Round(time.Second), storeTime.Round(time.Millisecond), float64(n)/storeTime.Seconds(),
		bareTime.Round(time.Millisecond), float64(n)/bareTime.Seconds())
	// Statistics for the planner, as autovacuum (PostgreSQL) or a
	// periodic ANALYZE (SQLite) would have them after a load.
	for _, d := range []*db.DB{storeDB, bareDB} {
		if _, err := d.ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}

	// The weeks asked for: the last two years, in a fixed shuffled order.
	var weeks []Week
	for w := WeekOf(benchEnd).Add(-1); !w.Before(WeekOf(benchEnd).Add(-104)); w = w.Add(-1) {
		weeks = append(weeks, w)
	}
	r.Shuffle(len(weeks), func(i, j int) { weeks[i], weeks[j] = weeks[j], weeks[i] })
	noret, _, err := areaByName(ctx, storeDB, CodeMora, "Noret")
	if err != nil || noret == 0 {
		b.Fatalf("area Noret: %d, %v", noret, err)
	}

	var picture, floor, areaPicture, areaFloor time.Duration
	var total int
	i := 0
	for b.Loop() {
		w := weeks[i%len(weeks)]
		q := SituationQuery{MunicipalityCode: CodeMora, Week: w.String()}
		qa := q
		qa.Area = "Noret"
		pic := func(q SituationQuery, into *time.Duration) {
			t0 := time.Now()
			sit, err := s.Situation(ctx, q)
			*into += time.Since(t0)
			if err != nil {
				b.Fatal(err)
			}
			total += sit.Total
		}
		flo := func(areaID int64, into *time.Duration) {
			t0 := time.Now()
			if err := situationFloor(ctx, storeDB, CodeMora, w, areaID); err != nil {
				b.Fatal(err)
			}
			*into += time.Since(t0)
		}
		if i%2 == 0 {
			pic(q, &picture)
			flo(0, &floor)
			pic(qa, &areaPicture)
			flo(noret, &areaFloor)
		} else {
			flo(0, &floor)
			pic(q, &picture)
			flo(noret, &areaFloor)
			pic(qa, &areaPicture)
		}
		i++
	}
	if total == 0 {
		b.Fatal("every picture was empty")
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(i) }
	b.ReportMetric(float64(n)/storeTime.Seconds(), "reports/s")
	b.ReportMetric(storeTime.Seconds()/bareTime.Seconds(), "ingest/bare")
	b.ReportMetric(ms(picture), "ms/picture")
	b.ReportMetric(ms(floor), "ms/floor")
	b.ReportMetric(float64(picture)/float64(floor), "picture/floor")
	b.ReportMetric(ms(areaPicture), "ms/area-picture")
	b.ReportMetric(float64(areaPicture)/float64(areaFloor), "area-picture/floor")
	b.ReportMetric(float64(n), "reports")
}

// situationFloor runs the SQL aggregates the picture reads and scans
// every row into variables of the same types, doing nothing else: the
// floor the picture is measured against.
func situationFloor(ctx context.Context, d *db.DB, code string, w Week, areaID int64) error {
	var (
		category, name       string
		place, id            int64
		weekday, hour, n, wk int
	)
	q1, a1 := weekCellsQuery(code, w, areaID)
	q2, a2 := historyQuery(code, planHistory(w), areaID)
	queries := []struct {
		q    string
		args []any
		dest []any
	}{
		{q1, a1, []any{&category, &place, &weekday, &hour, &n}},
		{q2, a2, []any{&wk, &place, &category, &n}},
		{sqlFirstWeeks, []any{code}, []any{&category, &wk}},
		{sqlPlaceNames, []any{code}, []any{&id, &name}},
	}
	for _, q := range queries {
		rows, err := d.QueryContext(ctx, q.q, q.args...)
		if err != nil {
			return fmt.Errorf("%s: %w", q.q, err)
		}
		for rows.Next() {
			if err := rows.Scan(q.dest...); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}
