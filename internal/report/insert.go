package report

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
)

// The columns of an insert, in the order of rowArgs.
const insertColumns = `source, organization_id, external_id, category, occurred_at, week, weekday, hour,
	municipality_code, county_code, place_id, area_id, lat, lon, count, assessment, description, visibility,
	is_summary, synthetic, url, created_by, created_at`

const insertWidth = 23

// insertChunk is how many rows go in one INSERT: 23 × 1,000 arguments stay
// under both SQLite's limit of 32,766 variables and PostgreSQL's 65,535,
// and a batch of the API's largest size is one statement.
const insertChunk = 1000

func rowArgs(args []any, r *row) []any {
	return append(args, r.source, nullInt(r.orgID), nullString(r.externalID), r.category, r.occurredAt.UTC(),
		r.local.week.key(), r.local.weekday, r.local.hour, nullString(r.municipality), r.county, nullInt(r.placeID),
		nullInt(r.areaID), r.lat, r.lon, r.count, r.assessment, r.description, r.visibility, r.isSummary,
		r.synthetic, r.url, nullInt(r.createdBy), r.createdAt)
}

func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// valuesList returns "(?, …), (?, …)" for n rows of width columns.
func valuesList(n, width int) string {
	one := "(" + db.Placeholders(width) + ")"
	var b strings.Builder
	b.Grow(n * (len(one) + 2))
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

// insertRows inserts rows with multi-row INSERTs and returns their ids in
// the order of rows. A row whose external id is taken (by the same
// organisation, or for police events by the same event) is skipped, and its
// id is 0: the caller looks up the report that has it. Checking on insert
// rather than looking every external id up first costs nothing when, as
// almost always, there is no repeat.
//
// The ids come back through RETURNING, whose order neither dialect
// promises. Rows with an external id are matched by it (it is unique among
// the rows). Rows without one cannot be skipped, and both dialects assign
// ids in the order of the VALUES list (SQLite one past the largest rowid,
// PostgreSQL from the sequence, row by row), so their ids, sorted, are
// theirs in order.
func insertRows(ctx context.Context, tx *db.Tx, rows []row, polisen bool) ([]int64, error) {
	conflict := ` ON CONFLICT (organization_id, external_id) DO NOTHING RETURNING id, external_id`
	if polisen {
		conflict = ` ON CONFLICT (external_id) WHERE source = 'polisen' DO NOTHING RETURNING id, external_id`
	}
	ids := make([]int64, 0, len(rows))
	args := make([]any, 0, insertChunk*insertWidth)
	for chunk := range slices.Chunk(rows, insertChunk) {
		args = args[:0]
		for i := range chunk {
			args = rowArgs(args, &chunk[i])
		}
		res, err := tx.QueryContext(ctx, `INSERT INTO reports (`+insertColumns+`) VALUES `+
			valuesList(len(chunk), insertWidth)+conflict, args...)
		if err != nil {
			return nil, fmt.Errorf("insert reports: %w", err)
		}
		byExternal := make(map[string]int64, len(chunk))
		var plain []int64
		for res.Next() {
			var id int64
			var ext sql.NullString
			if err := res.Scan(&id, &ext); err != nil {
				res.Close()
				return nil, err
			}
			if ext.Valid {
				byExternal[ext.String] = id
			} else {
				plain = append(plain, id)
			}
		}
		res.Close()
		if err := res.Err(); err != nil {
			return nil, fmt.Errorf("insert reports: %w", db.Normalize(err))
		}
		slices.Sort(plain)
		for i := range chunk {
			if ext := chunk[i].externalID; ext != "" {
				ids = append(ids, byExternal[ext])
				continue
			}
			if len(plain) == 0 {
				return nil, errors.New("insert reports: fewer ids than rows")
			}
			ids = append(ids, plain[0])
			plain = plain[1:]
		}
	}
	return ids, nil
}

// weekKey is a row of report_weeks.
type weekKey struct {
	municipality string
	week         int
	area, place  int64
	category     string
}

// addWeeks adds the counts of rows to the weekly counts. Summaries and
// events without a municipality are not counted.
func addWeeks(ctx context.Context, tx *db.Tx, rows []row) error {
	sums := map[weekKey]int{}
	for i := range rows {
		r := &rows[i]
		if r.isSummary || r.municipality == "" {
			continue
		}
		sums[weekKey{r.municipality, r.local.week.key(), r.areaID, r.placeID, r.category}] += r.count
	}
	return changeWeeks(ctx, tx, sums)
}

// changeWeeks adds deltas to the weekly counts; a count that comes to 0
// (a weekly checklist's report gone) loses its row. The keys go in sorted
// order so that concurrent batches on PostgreSQL lock rows in the same
// order and cannot deadlock.
func changeWeeks(ctx context.Context, tx *db.Tx, deltas map[weekKey]int) error {
	keys := make([]weekKey, 0, len(deltas))
	for k, n := range deltas {
		if n != 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b weekKey) int {
		return cmp.Or(cmp.Compare(a.municipality, b.municipality), cmp.Compare(a.week, b.week),
			cmp.Compare(a.area, b.area), cmp.Compare(a.place, b.place), cmp.Compare(a.category, b.category))
	})
	args := make([]any, 0, 500*6)
	for chunk := range slices.Chunk(keys, 500) {
		args = args[:0]
		for _, k := range chunk {
			args = append(args, k.municipality, k.week, k.area, k.place, k.category, deltas[k])
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO report_weeks (municipality_code, week, area_id, place_id, category, count)
			VALUES `+valuesList(len(chunk), 6)+`
			ON CONFLICT (municipality_code, week, area_id, place_id, category)
			DO UPDATE SET count = report_weeks.count + excluded.count`, args...)
		if err != nil {
			return fmt.Errorf("weekly counts: %w", err)
		}
	}
	var grown []weekKey
	for _, k := range keys {
		if deltas[k] > 0 {
			grown = append(grown, k)
			continue
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM report_weeks WHERE municipality_code = ? AND week = ? AND area_id = ?
			AND place_id = ? AND category = ? AND count <= 0`, k.municipality, k.week, k.area, k.place, k.category)
		if err != nil {
			return fmt.Errorf("weekly counts: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue
		}
		// The category's first week may have been this one.
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_first_weeks WHERE municipality_code = ? AND category = ?
			AND NOT EXISTS (SELECT 1 FROM report_weeks w WHERE w.municipality_code = ? AND w.category = ?)`,
			k.municipality, k.category, k.municipality, k.category); err != nil {
			return fmt.Errorf("first weeks of categories: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE report_first_weeks SET week = (SELECT MIN(w.week) FROM report_weeks w
			WHERE w.municipality_code = ? AND w.category = ?) WHERE municipality_code = ? AND category = ?`,
			k.municipality, k.category, k.municipality, k.category); err != nil {
			return fmt.Errorf("first weeks of categories: %w", err)
		}
	}
	return addFirstWeeks(ctx, tx, grown)
}

// addFirstWeeks keeps the first week of each category in each
// municipality. keys are sorted, so the first key of a category is its
// earliest week here.
func addFirstWeeks(ctx context.Context, tx *db.Tx, keys []weekKey) error {
	type mc struct{ municipality, category string }
	first := map[mc]int{}
	var order []mc
	for _, k := range keys {
		key := mc{k.municipality, k.category}
		if w, ok := first[key]; !ok || k.week < w {
			if !ok {
				order = append(order, key)
			}
			first[key] = k.week
		}
	}
	slices.SortFunc(order, func(a, b mc) int {
		return cmp.Or(cmp.Compare(a.municipality, b.municipality), cmp.Compare(a.category, b.category))
	})
	args := make([]any, 0, 500*3)
	for chunk := range slices.Chunk(order, 500) {
		args = args[:0]
		for _, k := range chunk {
			args = append(args, k.municipality, k.category, first[k])
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO report_first_weeks (municipality_code, category, week)
			VALUES `+valuesList(len(chunk), 3)+`
			ON CONFLICT (municipality_code, category) DO UPDATE SET week = CASE
				WHEN excluded.week < report_first_weeks.week THEN excluded.week ELSE report_first_weeks.week END`, args...)
		if err != nil {
			return fmt.Errorf("first weeks of categories: %w", err)
		}
	}
	return nil
}

// rebuildWeeks computes the weekly counts of a municipality from its
// reports again, after reports moved between areas.
func rebuildWeeks(ctx context.Context, tx *db.Tx, code string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM report_weeks WHERE municipality_code = ?`, code); err != nil {
		return fmt.Errorf("rebuild weekly counts: %w", err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO report_weeks (municipality_code, week, area_id, place_id, category, count)
		SELECT municipality_code, week, COALESCE(area_id, 0), COALESCE(place_id, 0), category, SUM(count)
		FROM reports WHERE municipality_code = ? AND NOT is_summary
		GROUP BY municipality_code, week, COALESCE(area_id, 0), COALESCE(place_id, 0), category`, code)
	if err != nil {
		return fmt.Errorf("rebuild weekly counts: %w", err)
	}
	return nil
}
