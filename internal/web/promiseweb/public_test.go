package promiseweb_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestMunicipalityPageWithoutDeadEnds: a municipality with nothing to show
// says what the service is and whom to ask instead of two empty lists and
// links to empty data; one that takes part names its public bodies.
func TestMunicipalityPageWithoutDeadEnds(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		anon := ts.NewClient(t)
		for _, tt := range []struct {
			path        string
			want, never []string
		}{
			// Stockholm does not use the service.
			{"/kommun/0180", []string{"Stockholm har inte publicerat några medborgarlöften eller någon statistik i Samverkan ännu.",
				"Samverkan är tjänsten där", "Stockholm använder inte Samverkan ännu.", "114 14", `href="/"`},
				[]string{"Inga löften gäller just nu.", "/open-data/promises.csv", "/statistik"}},
			// Sälen: promises, statistics, and its public bodies by name.
			{"/kommun/2023", []string{"I Malung-Sälen deltar Malung-Sälens kommun och Polisen, lokalpolisområde Mora.",
				`href="/kommun/2023/statistik"`, "/open-data/promises.csv"},
				[]string{"har inte publicerat", "Samverkan är tjänsten där"}},
		} {
			res := anon.Get(t, tt.path)
			if res.Status != http.StatusOK {
				t.Fatalf("GET %s = %d", tt.path, res.Status)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Body, w) {
					t.Errorf("GET %s lacks %q", tt.path, w)
				}
			}
			for _, w := range tt.never {
				if strings.Contains(res.Body, w) {
					t.Errorf("GET %s has %q", tt.path, w)
				}
			}
		}
	})
}
