package surveyweb

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/survey"
)

// The map's colour classes are quarters of the largest cell: every count
// falls in the class whose legend says it, and empty classes are left out
// of the legend.
func TestHeatClasses(t *testing.T) {
	p := &resultsPage{}
	for _, tt := range []struct {
		counts []int
		legend []HeatClass
	}{
		{[]int{3, 5, 12, 20}, []HeatClass{{1, 1, 5}, {2, 6, 10}, {3, 11, 15}, {4, 16, 20}}},
		{[]int{3}, []HeatClass{{2, 1, 1}, {3, 2, 2}, {4, 3, 3}}},
		{[]int{1}, []HeatClass{{4, 1, 1}}},
		{nil, nil},
	} {
		var q survey.QuestionResult
		for _, c := range tt.counts {
			q.Grid = append(q.Grid, survey.GridCell{Count: c})
		}
		legend := p.Legend(q)
		if diff := cmp.Diff(tt.legend, legend); diff != "" {
			t.Errorf("Legend of %v (-want +got):\n%s", tt.counts, diff)
		}
		for _, c := range tt.counts {
			h := p.Heat(q, c)
			found := false
			for _, l := range legend {
				if l.Class == h && c >= l.Min && c <= l.Max {
					found = true
				}
			}
			if !found {
				t.Errorf("count %d of %v is in class %d, which the legend %v does not give it", c, tt.counts, h, legend)
			}
		}
	}
}
