package briefweb_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// jargon are words of the statistics that a reporter should not meet: the
// test's name, its p-values, its baseline, a file of the documentation.
var jargon = regexp.MustCompile(`(?i)poisson|p [<=] ?0|baslinje|baseline|docs/|\.md\b`)

// TestBriefWords: a reporter reads the demo's briefs in plain words; the
// coordinator, who weighs the picture, has the method one click away.
func TestBriefWords(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		vakt := ts.Session(t, webtest.AsReporter)
		coord := ts.Session(t, webtest.AsCoordinator)
		list := vakt.Get(t, "/briefs")
		paths := regexp.MustCompile(`href="(/briefs/[0-9]+)"`).FindAllStringSubmatch(list.Body, -1)
		if len(paths) == 0 {
			t.Fatalf("GET /briefs as the reporter lists no brief")
		}
		flagged := 0
		for _, m := range paths {
			res := vakt.Get(t, m[1])
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s as the reporter = %d", m[1], res.Status)
			}
			if w := jargon.FindString(res.Body); w != "" {
				t.Errorf("GET %s as the reporter says %q", m[1], w)
			}
			if strings.Contains(res.Body, `class="method"`) {
				t.Errorf("GET %s as the reporter shows the method", m[1])
			}
			res = coord.Get(t, m[1])
			if strings.Contains(res.Body, `<ul class="flags">`) {
				flagged++
				if !strings.Contains(res.Body, `<details class="method" id="method">`) || !strings.Contains(res.Body, "Poisson") ||
					!strings.Contains(res.Body, `<ul class="flag-details">`) {
					t.Errorf("GET %s as the coordinator: the flags without the method one click away", m[1])
				}
			}
		}
		if flagged == 0 {
			t.Errorf("no demo brief has a flag: the test sees nothing")
		}
	})
}
