package statistics

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"

	"slices"
)

// pattern writes hidden as rows of "x" (hidden) and "." (published), for
// readable test tables and failures.
func pattern(hidden [][]bool) string {
	var rows []string
	for _, r := range hidden {
		var b strings.Builder
		for _, h := range r {
			if h {
				b.WriteByte('x')
			} else {
				b.WriteByte('.')
			}
		}
		rows = append(rows, b.String())
	}
	return strings.Join(rows, " ")
}

func TestSuppress(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		counts    [][]int
		threshold int
		want      string
	}{
		{"nothing small", [][]int{{5, 9}, {7, 3}}, 3, ".. .."},
		{"empty week", [][]int{{0, 0}, {0, 0}}, 3, "xx xx"},
		{"one cell", [][]int{{2}}, 3, "x"},
		{"one cell, enough", [][]int{{3}}, 3, "."},
		// One small cell: the cheapest rectangle through it (1+10+5+8
		// beats anything with 7, 9, 20 or more).
		{"rectangle", [][]int{
			{1, 10, 20},
			{5, 8, 30},
			{7, 9, 40},
		}, 3, "xx. xx. ..."},
		// Two small cells in a row: the row is safe, each column is not;
		// the next row closes both.
		{"two in a row", [][]int{{1, 2, 50}, {30, 40, 60}}, 3, "xx. xx."},
		// Two small cells in a column are each other's cover.
		{"two in a column", [][]int{{1, 10, 20}, {2, 12, 30}, {50, 60, 70}}, 3, "xx. xx. ..."},
		// No areas: one column, whose total is the week's total; the
		// categories' totals are the cells themselves. The smallest
		// other category hides too.
		{"one column", [][]int{{1}, {10}, {20}, {8}}, 3, "x . . x"},
		{"one row", [][]int{{12, 1, 9}}, 3, ".xx"},
		// Two small cells in different rows and columns: hiding the
		// rectangle they span costs 4+6 against 5+7 or more elsewhere.
		{"diagonal", [][]int{{1, 4, 30}, {6, 2, 30}, {30, 30, 30}}, 3, "xx. xx. ..."},
		// A higher threshold hides more.
		{"threshold 5", [][]int{{4, 10, 20}, {5, 8, 30}, {7, 9, 40}}, 5, "xx. xx. ..."},
		{"threshold 5, nothing small", [][]int{{5, 10}, {6, 8}}, 5, ".. .."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := pattern(Suppress(tt.counts, tt.threshold))
			if got != tt.want {
				t.Errorf("Suppress(%v, %d) = %s, want %s", tt.counts, tt.threshold, got, tt.want)
			}
			checkSafe(t, tt.counts, tt.threshold, Suppress(tt.counts, tt.threshold))
		})
	}
}

// TestDeterminedByTotals: two rectangles of hidden cells joined by one
// hidden cell. Every row and column with a hidden cell has two, yet the
// row and column totals together give the joining cell away: its row's
// and its rectangle's other row's totals less its rectangle's columns'
// totals. The simple rule (never one hidden cell alone in a line) misses
// it; Suppress does not.
func TestDeterminedByTotals(t *testing.T) {
	t.Parallel()
	counts := [][]int{
		{1, 1, 50, 60},
		{1, 1, 1, 70},
		{40, 80, 1, 1},
		{90, 30, 1, 1},
	}
	shape := parsePattern("xx.. xxx. ..xx ..xx")
	if d := determined(counts, shape); !slices.Equal(d, []cell{{1, 2}}) {
		t.Errorf("determined(%s) = %v, want [{1 2}]", pattern(shape), d)
	}
	g := grid{m: 4, n: 4, counts: counts}
	if safe := g.protected(shape, nil); safe[1][2] || !safe[0][0] {
		t.Errorf("protected(%s) = %s, want all but the joining cell", pattern(shape), pattern(safe))
	}
	got := Suppress(counts, 3)
	checkSafe(t, counts, 3, got)
	if pattern(got) == pattern(shape) {
		t.Errorf("Suppress left the joining cell determined")
	}

	// Counts are never negative: a category with no reports in the week
	// (its total 0) gives its cells away, and an area's total then gives
	// away a small count that the rows alone would not.
	counts = [][]int{
		{0, 1, 0},
		{6, 0, 7},
		{0, 0, 0},
	}
	shape = parsePattern("xxx .x. xxx")
	if d := determined(counts, shape); !slices.Contains(d, cell{0, 1}) {
		t.Errorf("determined(%v, %s) = %v, want the 1 among them", counts, pattern(shape), d)
	}
	checkSafe(t, counts, 3, Suppress(counts, 3))
}

func parsePattern(s string) [][]bool {
	var out [][]bool
	for _, row := range strings.Fields(s) {
		r := make([]bool, len(row))
		for j := range row {
			r[j] = row[j] == 'x'
		}
		out = append(out, r)
	}
	return out
}

// checkSafe fails t unless hidden is safe to publish: every count below
// the threshold hidden, every published count at least the threshold, no
// hidden cell alone in a row or column of two or more cells, and, checked
// by linear algebra and flows rather than by the graph Suppress uses, no
// hidden cell determined by the published cells and the row and column
// totals that the totals would not give away with every cell hidden.
func checkSafe(t *testing.T, counts [][]int, threshold int, hidden [][]bool) {
	t.Helper()
	if len(hidden) != len(counts) {
		t.Fatalf("Suppress returned %d rows for %d", len(hidden), len(counts))
	}
	for i := range counts {
		if len(hidden[i]) != len(counts[i]) {
			t.Fatalf("row %d: %d cells for %d", i, len(hidden[i]), len(counts[i]))
		}
		for j, c := range counts[i] {
			if c < threshold && !hidden[i][j] {
				t.Errorf("%v (threshold %d): cell %d,%d = %d is published, below the threshold", counts, threshold, i, j, c)
			}
		}
	}
	m, n := len(counts), 0
	if m > 0 {
		n = len(counts[0])
	}
	if n >= 2 {
		for i := range m {
			k := 0
			for j := range n {
				if hidden[i][j] {
					k++
				}
			}
			if k == 1 {
				t.Errorf("%v (threshold %d) → %s: row %d has one hidden cell", counts, threshold, pattern(hidden), i)
			}
		}
	}
	if m >= 2 {
		for j := range n {
			k := 0
			for i := range m {
				if hidden[i][j] {
					k++
				}
			}
			if k == 1 {
				t.Errorf("%v (threshold %d) → %s: column %d has one hidden cell", counts, threshold, pattern(hidden), j)
			}
		}
	}
	all := make([][]bool, m)
	for i := range all {
		all[i] = make([]bool, n)
		for j := range all[i] {
			all[i][j] = true
		}
	}
	anyway := determined(counts, all)
	for _, c := range determined(counts, hidden) {
		if !slices.Contains(anyway, c) {
			t.Errorf("%v (threshold %d) → %s: the totals determine the hidden cell %v = %d", counts, threshold, pattern(hidden), c, counts[c.i][c.j])
		}
	}
}

// determined returns the hidden cells whose value follows from the
// published cells, the totals of every row and column of two or more
// cells, and that no count is negative. The feasible counts form a
// polytope through the true ones; a cell is constant on it when it is 0
// on all of it (found by a flow: can the cell be 1 with every total
// kept?) or when, with those cells fixed at 0, the totals' equations
// determine it (its unit vector is in their row space: reduced row
// echelon form, exactly).
func determined(counts [][]int, hidden [][]bool) []cell {
	m := len(hidden)
	if m == 0 {
		return nil
	}
	n := len(hidden[0])
	rowsCount, colsCount := n >= 2, m >= 2 // lines with an equation
	var out []cell
	zero := map[cell]bool{}
	for i := range m {
		for j := range n {
			if hidden[i][j] && counts[i][j] == 0 && !canBePositive(counts, hidden, rowsCount, colsCount, cell{i, j}) {
				zero[cell{i, j}] = true
			}
		}
	}
	var unknowns []cell
	index := map[cell]int{}
	for i := range m {
		for j := range n {
			c := cell{i, j}
			if hidden[i][j] && !zero[c] {
				index[c] = len(unknowns)
				unknowns = append(unknowns, c)
			}
		}
	}
	var eqs [][]*big.Rat
	line := func(cells []cell) {
		v := make([]*big.Rat, len(unknowns))
		any := false
		for k := range v {
			v[k] = new(big.Rat)
		}
		for _, c := range cells {
			if k, ok := index[c]; ok {
				v[k].SetInt64(1)
				any = true
			}
		}
		if any {
			eqs = append(eqs, v)
		}
	}
	if rowsCount {
		for i := range m {
			var cells []cell
			for j := range n {
				cells = append(cells, cell{i, j})
			}
			line(cells)
		}
	}
	if colsCount {
		for j := range n {
			var cells []cell
			for i := range m {
				cells = append(cells, cell{i, j})
			}
			line(cells)
		}
	}
	// Reduced row echelon form.
	pivotOf := map[int]int{} // column → row
	r := 0
	for col := 0; col < len(unknowns) && r < len(eqs); col++ {
		p := -1
		for k := r; k < len(eqs); k++ {
			if eqs[k][col].Sign() != 0 {
				p = k
				break
			}
		}
		if p < 0 {
			continue
		}
		eqs[r], eqs[p] = eqs[p], eqs[r]
		inv := new(big.Rat).Inv(eqs[r][col])
		for c := range eqs[r] {
			eqs[r][c].Mul(eqs[r][c], inv)
		}
		for k := range eqs {
			if k == r || eqs[k][col].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(eqs[k][col])
			for c := range eqs[k] {
				eqs[k][c].Sub(eqs[k][c], new(big.Rat).Mul(f, eqs[r][c]))
			}
		}
		pivotOf[col] = r
		r++
	}
	// e_k is in the row space exactly when column k has a pivot whose row
	// is e_k.
	for i := range m {
		for j := range n {
			c := cell{i, j}
			if zero[c] {
				out = append(out, c)
				continue
			}
			k, ok := index[c]
			if !ok {
				continue
			}
			row, ok := pivotOf[k]
			if !ok {
				continue
			}
			alone := true
			for c2 := range eqs[row] {
				if c2 != k && eqs[row][c2].Sign() != 0 {
					alone = false
					break
				}
			}
			if alone {
				out = append(out, c)
			}
		}
	}
	return out
}

// canBePositive reports whether the hidden cell e can be 1 or more with
// every row total (when rows have equations) and column total (when
// columns do) kept and no count negative: a flow from the rows' hidden
// sums through the hidden cells to the columns' hidden sums, with e's
// unit taken out first. The constraint matrix is totally unimodular, so
// a real solution with e above 0 means an integer one with e at least 1.
func canBePositive(counts [][]int, hidden [][]bool, rowsCount, colsCount bool, e cell) bool {
	m, n := len(counts), len(counts[0])
	const inf = 1 << 40
	rowSum := make([]int, m)
	colSum := make([]int, n)
	for i := range m {
		for j := range n {
			if hidden[i][j] {
				rowSum[i] += counts[i][j]
				colSum[j] += counts[i][j]
			}
		}
	}
	if rowsCount {
		rowSum[e.i]--
	}
	if colsCount {
		colSum[e.j]--
	}
	if rowSum[e.i] < 0 || colSum[e.j] < 0 {
		return false
	}
	// Nodes: source 0, rows 1…m, columns m+1…m+n, sink m+n+1.
	size := m + n + 2
	capacity := make([][]int, size)
	for k := range capacity {
		capacity[k] = make([]int, size)
	}
	need := 0
	for i := range m {
		capacity[0][1+i] = inf
		if rowsCount {
			capacity[0][1+i] = rowSum[i]
		}
	}
	for j := range n {
		capacity[1+m+j][size-1] = inf
		if colsCount {
			capacity[1+m+j][size-1] = colSum[j]
		}
	}
	switch {
	case rowsCount:
		for _, s := range rowSum {
			need += s
		}
	case colsCount:
		for _, s := range colSum {
			need += s
		}
	default:
		return true // one cell: no equation at all
	}
	for i := range m {
		for j := range n {
			if hidden[i][j] {
				capacity[1+i][1+m+j] = inf
			}
		}
	}
	// Edmonds–Karp.
	flow := 0
	for {
		prev := make([]int, size)
		for k := range prev {
			prev[k] = -1
		}
		prev[0] = 0
		queue := []int{0}
		for len(queue) > 0 && prev[size-1] < 0 {
			u := queue[0]
			queue = queue[1:]
			for v := range size {
				if prev[v] < 0 && capacity[u][v] > 0 {
					prev[v] = u
					queue = append(queue, v)
				}
			}
		}
		if prev[size-1] < 0 {
			break
		}
		push := inf
		for v := size - 1; v != 0; v = prev[v] {
			push = min(push, capacity[prev[v]][v])
		}
		for v := size - 1; v != 0; v = prev[v] {
			capacity[prev[v]][v] -= push
			capacity[v][prev[v]] += push
		}
		flow += push
		if flow >= need {
			break
		}
	}
	return flow >= need
}

// randomTable makes a table of the shape a week has: mostly small counts,
// some large, and a fair share of empty cells.
func randomTable(r *rand.Rand) ([][]int, int) {
	m, n := 1+r.IntN(7), 1+r.IntN(7)
	counts := make([][]int, m)
	for i := range counts {
		counts[i] = make([]int, n)
		for j := range counts[i] {
			switch x := r.Float64(); {
			case x < 0.3:
				counts[i][j] = 0
			case x < 0.6:
				counts[i][j] = r.IntN(5)
			default:
				counts[i][j] = r.IntN(60)
			}
		}
	}
	return counts, 3 + r.IntN(4)
}

// TestSuppressProperty: for random tables, whatever Suppress publishes is
// safe (checkSafe), and the same table always gives the same answer.
func TestSuppressProperty(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(2026, 6))
	secondary := 0
	for range 3000 {
		counts, threshold := randomTable(r)
		hidden := Suppress(counts, threshold)
		checkSafe(t, counts, threshold, hidden)
		if again := Suppress(counts, threshold); pattern(again) != pattern(hidden) {
			t.Fatalf("Suppress(%v, %d) = %s, then %s", counts, threshold, pattern(hidden), pattern(again))
		}
		for i := range counts {
			for j := range counts[i] {
				if hidden[i][j] && counts[i][j] >= threshold {
					secondary++
				}
			}
		}
		if t.Failed() {
			return
		}
	}
	// The tables are meant to need secondary suppression often; a
	// generator that never does would test nothing.
	if secondary < 1000 {
		t.Errorf("only %d cells were hidden by secondary suppression in 3000 tables", secondary)
	}
}

// FuzzSuppress: any table of bytes; the answer is always safe.
func FuzzSuppress(f *testing.F) {
	f.Add([]byte{3, 3, 3, 1, 10, 20, 5, 8, 30, 7, 9, 40})
	f.Add([]byte{4, 4, 3, 1, 1, 50, 60, 1, 1, 1, 70, 40, 80, 1, 1, 90, 30, 1, 1})
	f.Add([]byte{1, 5, 4, 0, 9, 2, 30, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 3 {
			return
		}
		m, n := 1+int(data[0])%8, 1+int(data[1])%8
		threshold := MinThreshold + int(data[2])%8
		counts := make([][]int, m)
		k := 3
		for i := range counts {
			counts[i] = make([]int, n)
			for j := range counts[i] {
				if k < len(data) {
					counts[i][j] = int(data[k])
					k++
				}
			}
		}
		checkSafe(t, counts, threshold, Suppress(counts, threshold))
	})
}

// ExampleSuppress writes a worked example for the documentation, so
// that the numbers in docs/statistics.md are the code's.
func ExampleSuppress() {
	counts := [][]int{
		{1, 10, 20},
		{5, 8, 30},
		{7, 9, 40},
	}
	for i, row := range Suppress(counts, 3) {
		var cells []string
		for j, h := range row {
			if h {
				cells = append(cells, "–")
			} else {
				cells = append(cells, fmt.Sprint(counts[i][j]))
			}
		}
		fmt.Println(strings.Join(cells, " "))
	}
	// Output:
	// – – 20
	// – – 30
	// 7 9 40
}

// TestProtectable: the shortcut that finds the cells the totals give away
// agrees with searching the graph of a table with every cell hidden.
func TestProtectable(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(6, 2026))
	for range 2000 {
		counts, _ := randomTable(r)
		g := grid{m: len(counts), n: len(counts[0]), counts: counts}
		all := make([][]bool, g.m)
		for i := range all {
			all[i] = make([]bool, g.n)
			for j := range all[i] {
				all[i][j] = true
			}
		}
		if got, want := pattern(g.protectable()), pattern(g.protected(all, nil)); got != want {
			t.Fatalf("protectable(%v) = %s, the search says %s", counts, got, want)
		}
		// And with the independent checker: what it finds determined
		// with everything hidden is what is not protectable.
		d := determined(counts, all)
		p := g.protectable()
		for i := range counts {
			for j := range counts[i] {
				if slices.Contains(d, cell{i, j}) == p[i][j] {
					t.Fatalf("%v: cell %d,%d protectable = %v, determined = %v", counts, i, j, p[i][j], slices.Contains(d, cell{i, j}))
				}
			}
		}
	}
}
