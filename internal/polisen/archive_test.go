package polisen

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/testenv"
)

// The archive of every event the feed served from September 2022 to August
// 2026 lives outside the repository (38 MB of JSON); tests that need it skip
// without it.
const archivePath = "../../../shared/data/polisen/polisen_events_all_archive.json.gz"

var archive = sync.OnceValues(func() ([]Event, error) {
	f, err := os.Open(archivePath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	// The archive wraps each record verbatim: {"event": <record>, "commit":
	// ..., "commit_time": ...}. Decoding it straight into Events, rather
	// than rebuilding a feed for Parse, halves the time of the test; Parse
	// is tested on served bytes in event_test.go.
	var wrapped []struct {
		Event Event `json:"event"`
	}
	if err := json.NewDecoder(zr).Decode(&wrapped); err != nil {
		return nil, err
	}
	events := make([]Event, len(wrapped))
	for i, w := range wrapped {
		events[i] = w.Event
	}
	return events, nil
})

func archiveEvents(tb testing.TB) []Event {
	tb.Helper()
	events, err := archive()
	if errors.Is(err, fs.ErrNotExist) {
		testenv.Missing(tb, "the archive %s is not here; it ships beside the repository, not in it", archivePath)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return events
}

// TestArchive maps every event the feed has served in four years. The
// expected numbers were counted separately (with Python over the same file)
// and the test also recounts them here by a simpler method than Map's.
func TestArchive(t *testing.T) {
	if raceEnabled {
		// Map runs in one goroutine, so the detector has nothing to find
		// here; it only makes decoding 38 MB take ten times as long.
		t.Skip("the archive is mapped without -race; the race detector has nothing to check in it")
	}
	events := archiveEvents(t)
	areas := testAreas(t)

	// No event of the archive is rejected. An event that must be, once the
	// feed gives us one, is listed here with the reason.
	wantRejected := map[int]string{}

	// The simpler method: a strict pattern for the whole name, and names
	// compared in lower case only, no folding of hyphens or spaces.
	all, err := municipality.All()
	if err != nil {
		t.Fatal(err)
	}
	kommun, county := map[string]string{}, map[string]string{}
	for _, m := range all {
		kommun[strings.ToLower(m.Name)] = m.Code
		county[strings.ToLower(m.CountyName)] = m.CountyCode
	}
	nameRE := regexp.MustCompile(`^(\d{1,2}) (\p{Ll}+) (\d{1,2})[.:](\d{2}), (.+), ?([^,]*)$`)

	// places counts where events went; Map and the simple method must agree.
	type places struct {
		Events, Municipality, CountyOnly, Neither, Summaries, SummariesInKommun int
	}
	type counts struct {
		places
		Rejected, YearBefore, YearAfter, AfterPublication int
	}
	var got counts
	var simple places
	respelled := map[string]int{} // places found only by folding
	ids := map[string]bool{}
	for _, ev := range events {
		got.Events++
		in, err := Map(ev, areas)
		if err != nil {
			got.Rejected++
			if _, ok := wantRejected[ev.ID]; !ok {
				t.Errorf("Map() error = %v", err)
			}
			continue
		}
		ids[in.ExternalID] = true
		switch {
		case in.MunicipalityCode != "":
			got.Municipality++
		case in.CountyCode != "":
			got.CountyOnly++
		default:
			got.Neither++
		}
		if in.IsSummary {
			got.Summaries++
			if in.MunicipalityCode != "" {
				got.SummariesInKommun++
			}
		}
		switch {
		case in.OccurredAt.Year() < in.PublishedAt.Year():
			got.YearBefore++
		case in.OccurredAt.Year() > in.PublishedAt.Year():
			got.YearAfter++
		}
		if in.OccurredAt.Sub(in.PublishedAt) > time.Hour {
			got.AfterPublication++
		}
		if in.MunicipalityCode != "" {
			if m, ok := areas.exact[in.Place]; !ok || m.MunicipalityCode == "" {
				respelled[in.Place]++
			}
		}
		// Whatever year was chosen, it is within half a year and a few days
		// of publication, and the rest of the moment is as written.
		if gap := in.OccurredAt.Sub(in.PublishedAt).Abs(); gap > 185*24*time.Hour {
			t.Errorf("event %d: occurred %v, published %v: %v apart", ev.ID, in.OccurredAt, in.PublishedAt, gap)
		}

		m := nameRE.FindStringSubmatch(ev.Name)
		if m == nil {
			t.Errorf("event %d: name %q does not match %v", ev.ID, ev.Name, nameRE)
			continue
		}
		day, _ := strconv.Atoi(m[1])
		hour, _ := strconv.Atoi(m[3])
		minute, _ := strconv.Atoi(m[4])
		if o := in.OccurredAt; o.Day() != day || o.Month() != months[m[2]] || o.Hour() != hour || o.Minute() != minute {
			t.Errorf("event %d: name %q, occurred %v", ev.ID, ev.Name, o)
		}
		simple.Events++
		place := strings.ToLower(strings.TrimSpace(m[6]))
		wantKommun, wantCounty := kommun[place], county[place]
		switch {
		case wantKommun != "":
			simple.Municipality++
			wantCounty = wantKommun[:2]
		case wantCounty != "":
			simple.CountyOnly++
		case county[strings.ToLower(ev.Location.Name)] != "":
			simple.CountyOnly++
			wantCounty = county[strings.ToLower(ev.Location.Name)]
		default:
			simple.Neither++
		}
		if in.MunicipalityCode != wantKommun || in.CountyCode != wantCounty {
			t.Errorf("event %d (%q, location %q): Map = %q/%q, the simple method %q/%q",
				ev.ID, ev.Name, ev.Location.Name, in.MunicipalityCode, in.CountyCode, wantKommun, wantCounty)
		}
		if strings.HasPrefix(strings.TrimSpace(ev.Type), "Sammanfattning") {
			simple.Summaries++
			if wantKommun != "" {
				simple.SummariesInKommun++
			}
		}
	}

	want := counts{
		places: places{
			Events:            85011,
			Municipality:      62427,
			CountyOnly:        22584, // 22,582 county-wide events and 2 with no place
			Summaries:         14575,
			SummariesInKommun: 42,
		},
		YearBefore:       7,   // December events published in January
		AfterPublication: 188, // dated more than an hour after publication
	}
	if got != want {
		t.Errorf("Map(archive) counts\n got %+v\nwant %+v", got, want)
	}
	if simple != want.places {
		t.Errorf("simple method counts\n got %+v\nwant %+v", simple, want.places)
	}
	if len(ids) != want.Events-want.Rejected {
		t.Errorf("%d distinct external ids, want %d", len(ids), want.Events-want.Rejected)
	}
	wantRespelled := map[string]int{"Dals-ed": 16, "Lilla edet": 51, "Upplands väsby": 130, "Upplands-bro": 81, "Östra göinge": 100}
	if len(respelled) != len(wantRespelled) {
		t.Errorf("places found only by folding: %v, want %v", respelled, wantRespelled)
	}
	for name, n := range wantRespelled {
		if respelled[name] != n {
			t.Errorf("place %q found by folding %d times, want %d", name, respelled[name], n)
		}
	}
	t.Logf("%+v", got)
}

// BenchmarkMapArchive measures parsing and mapping the whole archive against
// the floor of decoding the same bytes with json.Unmarshal, in the same run:
// the ratio says what the feed's quirks cost, whatever the machine.
func BenchmarkMapArchive(b *testing.B) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as the police serve it: "Å", "&" unescaped
	if err := enc.Encode(archiveEvents(b)); err != nil {
		b.Fatal(err)
	}
	feed := buf.Bytes()
	areas := testAreas(b)
	var floor, mapping time.Duration
	var events int
	for b.Loop() {
		b.StopTimer()
		start := time.Now()
		var bare []Event
		if err := json.Unmarshal(feed, &bare); err != nil {
			b.Fatal(err)
		}
		floor += time.Since(start)
		b.StartTimer()

		parsed, err := Parse(bytes.NewReader(feed))
		if err != nil {
			b.Fatal(err)
		}
		start = time.Now()
		for _, ev := range parsed {
			if _, err := Map(ev, areas); err != nil {
				b.Fatal(err)
			}
		}
		mapping += time.Since(start)
		events += len(parsed)
	}
	b.ReportMetric(float64(b.Elapsed())/float64(floor), "x-unmarshal")
	b.ReportMetric(float64(mapping.Nanoseconds())/float64(events), "map-ns/event")
	b.SetBytes(int64(len(feed)))
}
