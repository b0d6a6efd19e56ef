package statistics

import (
	"container/heap"
)

// Suppress decides which cells of one week's table to hide. counts[i][j]
// is the count of category i in area j (never negative); every row has
// the same length. threshold is at least 1.
//
// Every count below threshold is hidden (primary suppression). Then more
// cells are hidden (secondary suppression), the cheapest first, until
//
//   - no hidden cell can be worked out from the published cells and the
//     table's row and column totals, which a visitor may know from
//     elsewhere (a category's total, an area's, the week's), counts being
//     never negative; except a cell that those totals give away on their
//     own, whatever is published (every cell of a line whose total is 0);
//   - no row or column of two or more cells has exactly one hidden cell.
//
// How: a direction in which the hidden cells can change without changing
// any total is a cycle of cells alternately +1 and −1, which in a
// bipartite table (rows against columns) is a directed cycle once each
// cell with +1 is read as an arc row → column and each with −1 as column
// → row. A cell whose count is 0 may only grow: its arc is row → column
// only. A hidden cell can take another value exactly when it lies on such
// a directed cycle of hidden cells (the feasible values form a polytope
// through the true counts; a cell is constant on it exactly when no
// feasible direction moves it). A line of a single cell has no equation of
// its own (its total is the cell), so all such lines are one node,
// "ground", without an equation. Each exposed cell gets the cheapest
// cycle: the path of published cells with the smallest counts that closes
// one. docs/statistics.md has the argument and an example.
//
// The result is hidden[i][j]. It depends on counts and threshold only.
func Suppress(counts [][]int, threshold int) [][]bool {
	m := len(counts)
	hidden := make([][]bool, m)
	if m == 0 {
		return hidden
	}
	n := len(counts[0])
	g := grid{m: m, n: n, counts: counts}
	for i := range counts {
		hidden[i] = make([]bool, n)
		for j, c := range counts[i] {
			hidden[i][j] = c < threshold
		}
	}
	// Cells the totals give away whatever is published.
	protectable := g.protectable()
	var safe [][]bool
	for {
		safe = g.protected(hidden, safe)
		if e, ok := g.firstExposed(hidden, safe, protectable); ok {
			g.cover(hidden, e)
			continue
		}
		if g.coverLoneCells(hidden) {
			continue
		}
		return hidden
	}
}

// grid is the graph of Suppress over an m × n table: rows are nodes
// 0…m−1, columns m…m+n−1, ground m+n.
type grid struct {
	m, n   int
	counts [][]int
}

// cell is a cell of the table by row and column.
type cell struct{ i, j int }

func (g grid) ground() int { return g.m + g.n }
func (g grid) nodes() int  { return g.m + g.n + 1 }

// rowNode and colNode are the nodes of row i and column j: ground for a
// line of one cell.
func (g grid) rowNode(i int) int {
	if g.n < 2 {
		return g.ground()
	}
	return i
}

func (g grid) colNode(j int) int {
	if g.m < 2 {
		return g.ground()
	}
	return g.m + j
}

// arc is a cell read as an arc between its row's and its column's nodes.
type arc struct {
	to int
	c  cell
}

// arcs builds the directed graph of the hidden cells: every hidden cell
// an arc row → column, and one with a count above 0 also column → row.
// A cell both of whose ends are ground (a table of one cell) is in no
// equation and in no arc.
func (g grid) arcs(hidden [][]bool) [][]arc {
	out := make([][]arc, g.nodes())
	for i := range hidden {
		for j, h := range hidden[i] {
			if !h {
				continue
			}
			u, v := g.rowNode(i), g.colNode(j)
			if u == v {
				continue
			}
			out[u] = append(out[u], arc{v, cell{i, j}})
			if g.counts[i][j] > 0 {
				out[v] = append(out[v], arc{u, cell{i, j}})
			}
		}
	}
	return out
}

// reaches reports whether from reaches to along arcs, not using cell skip.
func reaches(arcs [][]arc, from, to int, skip cell) bool {
	seen := make([]bool, len(arcs))
	seen[from] = true
	stack := []int{from}
	for len(stack) > 0 {
		u := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if u == to {
			return true
		}
		for _, a := range arcs[u] {
			if a.c != skip && !seen[a.to] {
				seen[a.to] = true
				stack = append(stack, a.to)
			}
		}
	}
	return false
}

// protected returns which hidden cells lie on a directed cycle of hidden
// cells: those the totals cannot give away. Cells already known to be
// (known[i][j]) stay so: hiding more only adds cycles. A cell whose count
// is 0 is a single arc row → column, on a cycle exactly when its ends are
// in one strongly connected component; a cell above 0 is a pair of arcs,
// and needs a search that leaves both out.
func (g grid) protected(hidden [][]bool, known [][]bool) [][]bool {
	arcs := g.arcs(hidden)
	component := components(arcs)
	out := make([][]bool, g.m)
	for i := range out {
		out[i] = make([]bool, g.n)
		for j := range out[i] {
			u, v := g.rowNode(i), g.colNode(j)
			switch {
			case !hidden[i][j]:
			case known != nil && known[i][j], u == v:
				out[i][j] = true
			case g.counts[i][j] == 0:
				out[i][j] = component[u] == component[v]
			default:
				out[i][j] = g.onCycle(arcs, cell{i, j})
			}
		}
	}
	return out
}

// protectable returns which cells the totals alone do not give away: those
// protected when every cell is hidden. With two rows and two columns or
// more, every row reaches every column, so it comes down to where the
// counts above 0 are (see the cases below); a table of one row or column
// is searched.
func (g grid) protectable() [][]bool {
	all := make([][]bool, g.m)
	for i := range all {
		all[i] = make([]bool, g.n)
		for j := range all[i] {
			all[i][j] = true
		}
	}
	if g.m < 2 || g.n < 2 {
		return g.protected(all, nil)
	}
	// positives in each row and column, and in all.
	rowPos := make([]int, g.m)
	colPos := make([]int, g.n)
	total := 0
	for i := range g.m {
		for j := range g.n {
			if g.counts[i][j] > 0 {
				rowPos[i]++
				colPos[j]++
				total++
			}
		}
	}
	for i := range g.m {
		for j := range g.n {
			if g.counts[i][j] == 0 {
				// Out of the column along a count above 0, back into the
				// row along another.
				all[i][j] = colPos[j] > 0 && rowPos[i] > 0
				continue
			}
			// As +1: as above, other than the cell itself. As −1: from
			// the row to any other column, up a count above 0 outside
			// the cell's row and column, and across to the column.
			others := rowPos[i] > 1 && colPos[j] > 1
			outside := total - rowPos[i] - colPos[j] + 1
			all[i][j] = others || outside > 0
		}
	}
	return all
}

// components numbers the strongly connected components of the graph
// (Tarjan's algorithm, without recursion).
func components(arcs [][]arc) []int {
	n := len(arcs)
	index := make([]int, n) // visit order + 1; 0 = not visited
	low := make([]int, n)
	comp := make([]int, n)
	onStack := make([]bool, n)
	var stack []int
	clock, next := 0, 0
	type frame struct{ node, arc int }
	for root := range n {
		if index[root] != 0 {
			continue
		}
		call := []frame{{root, 0}}
		clock++
		index[root], low[root] = clock, clock
		stack = append(stack, root)
		onStack[root] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			u := f.node
			if f.arc < len(arcs[u]) {
				w := arcs[u][f.arc].to
				f.arc++
				switch {
				case index[w] == 0:
					clock++
					index[w], low[w] = clock, clock
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				case onStack[w]:
					low[u] = min(low[u], index[w])
				}
				continue
			}
			if low[u] == index[u] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = next
					if w == u {
						break
					}
				}
				next++
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].node
				low[p] = min(low[p], low[u])
			}
		}
	}
	return comp
}

// onCycle reports whether the hidden cell c lies on a directed cycle: as
// +1 (row → column, then back from the column to the row along other
// cells) or, when its count is above 0, as −1.
func (g grid) onCycle(arcs [][]arc, c cell) bool {
	u, v := g.rowNode(c.i), g.colNode(c.j)
	if u == v {
		return true // in no equation at all
	}
	if reaches(arcs, v, u, c) {
		return true
	}
	return g.counts[c.i][c.j] > 0 && reaches(arcs, u, v, c)
}

// firstExposed returns the first hidden cell, in row-major order, that is
// not protected but could be.
func (g grid) firstExposed(hidden, safe, protectable [][]bool) (cell, bool) {
	for i := range hidden {
		for j := range hidden[i] {
			if hidden[i][j] && !safe[i][j] && protectable[i][j] {
				return cell{i, j}, true
			}
		}
	}
	return cell{}, false
}

// cover hides the published cells of the cheapest path that closes a
// directed cycle through the exposed cell e. Hidden cells are free; a
// published cell costs its count, and one more so that of two paths that
// hide as much the one with fewer cells wins.
func (g grid) cover(hidden [][]bool, e cell) {
	u, v := g.rowNode(e.i), g.colNode(e.j)
	best, cost := g.cheapestPath(hidden, e, v, u)
	if g.counts[e.i][e.j] > 0 {
		if p, c := g.cheapestPath(hidden, e, u, v); c >= 0 && (cost < 0 || c < cost) {
			best, cost = p, c
		}
	}
	if cost < 0 {
		// e is protectable, so a path exists; should that ever be wrong,
		// hide everything rather than publish a cell that gives e away.
		for i := range hidden {
			for j := range hidden[i] {
				hidden[i][j] = true
			}
		}
		return
	}
	for _, c := range best {
		hidden[c.i][c.j] = true
	}
}

// cheapestPath is Dijkstra from node from to node to over every cell but
// skip, each read as arcs the way arcs reads hidden cells (a published
// cell's count is above 0: both ways). It returns the cells of the path
// and its cost, −1 when to is not reached.
func (g grid) cheapestPath(hidden [][]bool, skip cell, from, to int) ([]cell, int64) {
	all := make([][]bool, g.m)
	for i := range all {
		all[i] = make([]bool, g.n)
		for j := range all[i] {
			all[i][j] = true
		}
	}
	arcs := g.arcs(all)
	weight := int64(g.m*g.n + 1)
	dist := make([]int64, g.nodes())
	prev := make([]arc, g.nodes()) // the arc the best path arrived by, to = where it came from
	for k := range dist {
		dist[k] = -1
	}
	dist[from] = 0
	pq := &nodeQueue{{from, 0}}
	done := make([]bool, g.nodes())
	for pq.Len() > 0 {
		q := heap.Pop(pq).(queued)
		x := q.node
		if done[x] {
			continue
		}
		done[x] = true
		if x == to {
			var path []cell
			for y := to; y != from; y = prev[y].to {
				if c := prev[y].c; !hidden[c.i][c.j] {
					path = append(path, c)
				}
			}
			return path, dist[to]
		}
		for _, a := range arcs[x] {
			if a.c == skip || done[a.to] {
				continue
			}
			cost := int64(0)
			if !hidden[a.c.i][a.c.j] {
				cost = int64(g.counts[a.c.i][a.c.j])*weight + 1
			}
			if d := dist[x] + cost; dist[a.to] < 0 || d < dist[a.to] {
				dist[a.to] = d
				prev[a.to] = arc{x, a.c}
				heap.Push(pq, queued{a.to, d})
			}
		}
	}
	return nil, -1
}

// coverLoneCells hides, in the first row or column of two or more cells
// that has exactly one hidden cell, its smallest published cell (the first
// of equals), and reports whether it hid one. Only a cell the totals give
// away on their own (see Suppress) can be alone in its line by now; this
// keeps a visitor who knows only the line's total from learning it.
func (g grid) coverLoneCells(hidden [][]bool) bool {
	smallest := func(cells []cell) bool {
		var lone, pick []cell
		for _, c := range cells {
			if hidden[c.i][c.j] {
				lone = append(lone, c)
			} else if len(pick) == 0 || g.counts[c.i][c.j] < g.counts[pick[0].i][pick[0].j] {
				pick = []cell{c}
			}
		}
		if len(lone) != 1 || len(pick) == 0 {
			return false
		}
		hidden[pick[0].i][pick[0].j] = true
		return true
	}
	if g.n >= 2 {
		for i := range g.m {
			row := make([]cell, g.n)
			for j := range row {
				row[j] = cell{i, j}
			}
			if smallest(row) {
				return true
			}
		}
	}
	if g.m >= 2 {
		for j := range g.n {
			col := make([]cell, g.m)
			for i := range col {
				col[i] = cell{i, j}
			}
			if smallest(col) {
				return true
			}
		}
	}
	return false
}

// queued is a node in Dijkstra's queue with its distance.
type queued struct {
	node int
	dist int64
}

// nodeQueue is a min-heap of queued nodes, ties by node number so that
// the result never depends on the order of insertion.
type nodeQueue []queued

func (q nodeQueue) Len() int { return len(q) }
func (q nodeQueue) Less(a, b int) bool {
	if q[a].dist != q[b].dist {
		return q[a].dist < q[b].dist
	}
	return q[a].node < q[b].node
}
func (q nodeQueue) Swap(a, b int) { q[a], q[b] = q[b], q[a] }
func (q *nodeQueue) Push(x any)   { *q = append(*q, x.(queued)) }
func (q *nodeQueue) Pop() any {
	old := *q
	x := old[len(old)-1]
	*q = old[:len(old)-1]
	return x
}
