package polisen

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// FuzzParse: no input makes Parse panic, and whatever it accepts encodes
// back into a feed it reads the same.
func FuzzParse(f *testing.F) {
	served, err := os.ReadFile("testdata/polisen_events_latest_25.json")
	if err != nil {
		f.Fatal(err)
	}
	// The first two records as served. Not all 25: the fuzzer minimises
	// every input that finds new code, and minimising 10 kB stalls it.
	cut := bytes.Index(served, []byte("\n  },\n  {"))
	cut += bytes.Index(served[cut+1:], []byte("\n  },\n  {")) + 1
	if cut <= 0 {
		f.Fatal("testdata/polisen_events_latest_25.json has changed shape")
	}
	first2 := string(served[:cut]) + "\n  }\n]\n"
	if events, err := Parse(strings.NewReader(first2)); err != nil || len(events) != 2 {
		f.Fatalf("Parse(first two served records) = %d events, %v", len(events), err)
	}
	for _, seed := range []string{
		first2,
		"[]",
		`[{"id": 1, "datetime": "2026-08-22 9:25:11 +02:00", "name": "22 augusti 09.12, Brand, Mora"}]`,
		`[{"id": "1"}]`,
		`[{"id": 1}`,
		`[null, {}]`,
		`[{"location": null, "name": "\u00e5\ud800"}]`,
		"[\"\xff\"]",
		`{}`,
		``,
		`[] []`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		events, err := Parse(bytes.NewReader(in))
		if err != nil {
			if events != nil {
				t.Fatalf("Parse() = %d events and error %v", len(events), err)
			}
			return
		}
		out, err := json.Marshal(events)
		if err != nil {
			t.Fatalf("Marshal(Parse()) error = %v", err)
		}
		again, err := Parse(bytes.NewReader(out))
		if err != nil {
			t.Fatalf("Parse(Marshal(Parse(%q))) error = %v", in, err)
		}
		if diff := cmp.Diff(events, again); diff != "" {
			t.Fatalf("Parse(Marshal(Parse(%q))) changed (-first +second):\n%s", in, diff)
		}
	})
}

// FuzzMap: no name or datetime makes Map panic, and a time it accepts is
// within a year of publication, as the year rule promises.
func FuzzMap(f *testing.F) {
	for _, ev := range readEvents(f, "testdata/polisen_events_cases.json") {
		f.Add(ev.Name, ev.Datetime, ev.Location.GPS)
	}
	for _, seed := range [][3]string{
		{"29 februari 12.00, Brand, Mora", "2025-01-10 8:00:00 +01:00", ""},
		{"31 december 24.00, Brand, Mora", "2027-01-01 0:10:00 +01:00", "1,2"},
		{"1 juli 12.00, Brand, Mora", "0000-01-01 0:00:00 +14:00", ""},
		{"31 december 23.59, Brand, Mora", "9999-12-31 23:59:59 -12:00", ""},
		{"28 mars 02.30, Brand, Mora", "2027-03-28 9:00:00 +02:00", ""},
		{",", "", ","},
		{"", "", "NaN,Inf"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	areas := testAreas(f)
	f.Fuzz(func(t *testing.T, name, datetime, gps string) {
		ev := Event{ID: 1, Name: name, Datetime: datetime, Type: "Brand", URL: "/x", Location: Location{Name: "Dalarnas län", GPS: gps}}
		in, err := Map(ev, areas)
		if err != nil {
			return
		}
		if gap := in.OccurredAt.Sub(in.PublishedAt).Abs(); gap > 366*24*time.Hour {
			t.Fatalf("Map(%q, %q): occurred %v, published %v: %v apart", name, datetime, in.OccurredAt, in.PublishedAt, gap)
		}
		if in.CountyCode == "" {
			t.Fatalf("Map(%q): no county though location.name is Dalarnas län", name)
		}
	})
}
