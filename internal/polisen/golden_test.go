package polisen

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// goldenRecord is an Incident as one line of the golden file, in the report
// API's field names so a reviewer reads it as what gets stored.
type goldenRecord struct {
	ExternalID       string `json:"external_id"`
	Category         string `json:"category"`
	OccurredAt       string `json:"occurred_at"`
	PublishedAt      string `json:"published_at"`
	Place            string `json:"place"`
	MunicipalityCode string `json:"municipality_code"`
	CountyCode       string `json:"county_code"`
	IsSummary        bool   `json:"is_summary"`
	AreaCenter       string `json:"area_center"`
	URL              string `json:"url"`
	Summary          string `json:"summary"`
}

func TestMapGolden(t *testing.T) {
	const golden = "testdata/mora_malung_salen.golden"
	areas := testAreas(t)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	for _, ev := range readEvents(t, "testdata/polisen_events_mora_malung_salen.json") {
		in, err := Map(ev, areas)
		if err != nil {
			t.Fatalf("Map() error = %v", err)
		}
		rec := goldenRecord{
			ExternalID:       in.ExternalID,
			Category:         in.Category,
			OccurredAt:       in.OccurredAt.Format(time.RFC3339),
			PublishedAt:      in.PublishedAt.Format(time.RFC3339),
			Place:            in.Place,
			MunicipalityCode: in.MunicipalityCode,
			CountyCode:       in.CountyCode,
			IsSummary:        in.IsSummary,
			URL:              in.URL,
			Summary:          in.Summary,
		}
		if in.AreaCenter != nil {
			rec.AreaCenter = fmt.Sprintf("%g,%g", in.AreaCenter.Lat, in.AreaCenter.Lon)
		}
		if err := enc.Encode(rec); err != nil {
			t.Fatal(err)
		}
	}
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestMapGolden -update to write it)", err)
	}
	if diff := cmp.Diff(string(want), out.String()); diff != "" {
		t.Errorf("Map(%s) differs from %s (-want +got):\n%s", "polisen_events_mora_malung_salen.json", golden, diff)
	}
}
