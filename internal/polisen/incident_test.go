package polisen

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/municipality"
)

func testAreas(t testing.TB) *Areas {
	t.Helper()
	areas, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	return areas
}

func readEvents(t testing.TB, path string) []Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	events, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse(%s) error = %v", path, err)
	}
	return events
}

// outcome is the part of an Incident that the rules decide, with times as
// text so a failure reads like the feed.
type outcome struct {
	Occurred, Published string
	Category, Place     string
	Municipality        string
	County              string
	Summary             bool
}

func outcomeOf(in Incident) outcome {
	return outcome{
		Occurred:     in.OccurredAt.Format(time.RFC3339),
		Published:    in.PublishedAt.Format(time.RFC3339),
		Category:     in.Category,
		Place:        in.Place,
		Municipality: in.MunicipalityCode,
		County:       in.CountyCode,
		Summary:      in.IsSummary,
	}
}

func TestMapRealEvents(t *testing.T) {
	areas := testAreas(t)
	byID := map[int]Event{}
	for _, ev := range readEvents(t, "testdata/polisen_events_cases.json") {
		byID[ev.ID] = ev
	}
	tests := []struct {
		id   int
		why  string
		want outcome
	}{
		{650274, "unpadded hour, kommun from name while location is the county",
			outcome{"2026-08-22T09:12:00+02:00", "2026-08-22T09:25:11+02:00", "Trafikolycka", "Malung-Sälen", "2023", "20", false}},
		{650290, "type with a comma",
			outcome{"2026-08-22T11:48:00+02:00", "2026-08-22T17:41:59+02:00", "Trafikolycka, personskada", "Hjo", "1497", "14", false}},
		{469284, "':' in the time",
			outcome{"2023-11-09T09:42:00+01:00", "2023-11-09T13:26:57+01:00", "Arbetsplatsolycka", "Örebro", "1880", "18", false}},
		{421538, "notice of 1 May published on 28 April: same year",
			outcome{"2023-05-01T08:00:00+02:00", "2023-04-28T07:30:18+02:00", "Övrigt", "Stockholm", "0180", "01", false}},
		{529769, "notice four days ahead, county-wide",
			outcome{"2024-06-17T07:00:00+02:00", "2024-06-13T05:56:19+02:00", "Övrigt", "Örebro län", "", "18", false}},
		{619868, "31 December published on 1 January: old year",
			outcome{"2025-12-31T23:08:00+01:00", "2026-01-01T00:05:56+01:00", "Vållande till kroppsskada", "Solna", "0184", "01", false}},
		{619887, "31 December published on 1 January in the morning",
			outcome{"2025-12-31T23:49:00+01:00", "2026-01-01T07:23:31+01:00", "Olaga hot", "Ronneby", "1081", "10", false}},
		{480687, "31 December 00.07 published on 1 January 00:40: old year, a day before",
			outcome{"2023-12-31T00:07:00+01:00", "2024-01-01T00:40:16+01:00", "Brand", "Nacka", "0182", "01", false}},
		{480632, "dated after its publication (the name has the publication's date); kept as written",
			outcome{"2023-12-31T23:25:00+01:00", "2023-12-31T00:36:31+01:00", "Trafikolycka", "Enköping", "0381", "03", false}},
		{598797, "dated 23 days after publication",
			outcome{"2025-09-18T12:27:00+02:00", "2025-08-26T12:51:59+02:00", "Anträffad död", "Karlstad", "1780", "17", false}},
		{580555, "dated 22 days before publication",
			outcome{"2025-04-02T22:35:00+02:00", "2025-04-25T06:26:54+02:00", "Djur", "Eslöv", "1285", "12", false}},
		{438676, "summary filed under a kommun",
			outcome{"2023-08-07T17:52:00+02:00", "2023-08-07T17:52:35+02:00", "Sammanfattning vecka", "Östhammar", "0382", "03", true}},
		{478787, "summary of a day, Stockholms län",
			outcome{"2023-12-25T08:23:00+01:00", "2023-12-25T08:40:35+01:00", "Sammanfattning dygn", "Stockholms län", "", "01", true}},
		{647418, "summary of a weekend",
			outcome{"2026-07-20T10:32:00+02:00", "2026-07-20T10:32:33+02:00", "Sammanfattning helg", "Norrbottens län", "", "25", true}},
		{650258, "summary of evening and night",
			outcome{"2026-08-22T07:00:00+02:00", "2026-08-22T07:14:18+02:00", "Sammanfattning kväll och natt", "Hallands län", "", "13", true}},
		{650262, "summary of a night",
			outcome{"2026-08-22T07:28:00+02:00", "2026-08-22T07:33:37+02:00", "Sammanfattning natt", "Dalarnas län", "", "20", true}},
		{641263, "type with a trailing space",
			outcome{"2026-06-10T08:24:00+02:00", "2026-06-10T09:46:31+02:00", "Lagen om hundar och katter", "Uppsala", "0380", "03", false}},
		{626782, "type renamed after publication: the type field wins",
			outcome{"2026-03-08T09:25:00+01:00", "2026-03-08T12:48:41+01:00", "Fylleri", "Ragunda", "2303", "23", false}},
		{643427, "empty place: the county from location.name",
			outcome{"2026-06-20T16:00:00+02:00", "2026-06-20T17:20:20+02:00", "Brand", "", "", "07", false}},
		{586066, "empty place before 2026, location.name is a county",
			outcome{"2025-05-20T13:09:00+02:00", "2025-05-20T13:09:32+02:00", "Trafikkontroll", "", "", "24", false}},
		{626247, "Dals-ed for Dals-Ed",
			outcome{"2026-03-03T16:19:00+01:00", "2026-03-03T16:19:01+01:00", "Övrigt", "Dals-ed", "1438", "14", false}},
		{649603, "Lilla edet for Lilla Edet",
			outcome{"2026-08-16T08:15:00+02:00", "2026-08-16T08:47:58+02:00", "Övrigt", "Lilla edet", "1462", "14", false}},
		{621962, "Upplands väsby for Upplands Väsby",
			outcome{"2026-01-19T00:48:00+01:00", "2026-01-19T03:39:13+01:00", "Mord/dråp, försök", "Upplands väsby", "0114", "01", false}},
		{619494, "Upplands-bro for Upplands-Bro",
			outcome{"2025-12-26T21:54:00+01:00", "2025-12-27T08:13:48+01:00", "Misshandel", "Upplands-bro", "0139", "01", false}},
		{647078, "Östra göinge for Östra Göinge",
			outcome{"2026-07-15T18:18:00+02:00", "2026-07-15T21:18:39+02:00", "Misshandel", "Östra göinge", "1256", "12", false}},
		{647845, "Gotlands län is the county, not the kommun Gotland",
			outcome{"2026-07-25T11:53:00+02:00", "2026-07-25T12:54:35+02:00", "Misshandel", "Gotlands län", "", "09", false}},
		{649865, "Gotland is the kommun",
			outcome{"2026-08-18T16:55:00+02:00", "2026-08-18T21:01:02+02:00", "Trafikolycka", "Gotland", "0980", "09", false}},
		{650265, "Stockholms län",
			outcome{"2026-08-22T07:10:00+02:00", "2026-08-22T07:35:51+02:00", "Fylleri", "Stockholms län", "", "01", false}},
		{650137, "Hedemora is not Mora",
			outcome{"2026-08-20T19:26:00+02:00", "2026-08-20T19:30:34+02:00", "Stöld/inbrott", "Hedemora", "2083", "20", false}},
	}
	seen := map[int]bool{}
	for _, tt := range tests {
		seen[tt.id] = true
		ev, ok := byID[tt.id]
		if !ok {
			t.Errorf("event %d is not in testdata/polisen_events_cases.json", tt.id)
			continue
		}
		got, err := Map(ev, areas)
		if err != nil {
			t.Errorf("Map(%d: %s) error = %v", tt.id, tt.why, err)
			continue
		}
		if diff := cmp.Diff(tt.want, outcomeOf(got)); diff != "" {
			t.Errorf("Map(%d: %s) (-want +got):\n%s", tt.id, tt.why, diff)
		}
	}
	for id := range byID {
		if !seen[id] {
			t.Errorf("event %d of testdata/polisen_events_cases.json has no case", id)
		}
	}
}

func TestMapWholeIncident(t *testing.T) {
	ev := Event{
		ID:       650274,
		Datetime: "2026-08-22 9:25:11 +02:00",
		Name:     "22 augusti 09.12, Trafikolycka, Malung-Sälen",
		Summary:  "En olycka har inträffat i Malungsfors",
		URL:      "/aktuellt/handelser/2026/augusti/22/22-augusti-09.12-trafikolycka-malung-salen/",
		Type:     "Trafikolycka",
		Location: Location{Name: "Dalarnas län", GPS: "61.091701,14.666365"},
	}
	got, err := Map(ev, testAreas(t))
	if err != nil {
		t.Fatal(err)
	}
	loc := clock.Zone()
	want := Incident{
		ExternalID:       "650274",
		Category:         "Trafikolycka",
		OccurredAt:       time.Date(2026, 8, 22, 9, 12, 0, 0, loc),
		PublishedAt:      time.Date(2026, 8, 22, 9, 25, 11, 0, loc),
		Place:            "Malung-Sälen",
		MunicipalityCode: "2023",
		CountyCode:       "20",
		URL:              "https://polisen.se/aktuellt/handelser/2026/augusti/22/22-augusti-09.12-trafikolycka-malung-salen/",
		Summary:          "En olycka har inträffat i Malungsfors",
		AreaCenter:       &Point{Lat: 61.091701, Lon: 14.666365},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Map() (-want +got):\n%s", diff)
	}
	if got.OccurredAt.Location().String() != "Europe/Stockholm" || got.PublishedAt.Location().String() != "Europe/Stockholm" {
		t.Errorf("Map() times in %v and %v, want Europe/Stockholm", got.OccurredAt.Location(), got.PublishedAt.Location())
	}
}

func TestOccurredAt(t *testing.T) {
	areas := testAreas(t)
	tests := []struct {
		name, when, published string
		want                  string // RFC 3339, or the error's text
	}{
		{"same day", "22 augusti 09.12", "2026-08-22 9:25:11 +02:00", "2026-08-22T09:12:00+02:00"},
		{"unpadded hour in name", "22 augusti 9.12", "2026-08-22 19:25:11 +02:00", "2026-08-22T09:12:00+02:00"},
		{"colon", "09 november 09:42", "2023-11-09 13:26:57 +01:00", "2023-11-09T09:42:00+01:00"},
		{"unpadded day", "1 maj 08:00", "2023-04-28 7:30:18 +02:00", "2023-05-01T08:00:00+02:00"},
		{"capitalised month", "1 Maj 08.00", "2023-05-01 9:00:00 +02:00", "2023-05-01T08:00:00+02:00"},
		{"31 December published on 1 January", "31 december 23.49", "2026-01-01 7:23:31 +01:00", "2025-12-31T23:49:00+01:00"},
		{"1 January published on 31 December", "01 januari 00.00", "2025-12-31 12:00:00 +01:00", "2026-01-01T00:00:00+01:00"},
		{"1 May notice published on 28 April", "01 maj 08:00", "2023-04-28 7:30:18 +02:00", "2023-05-01T08:00:00+02:00"},
		{"almost half a year back", "1 juli 12.00", "2025-12-20 12:00:00 +01:00", "2025-07-01T12:00:00+02:00"},
		{"almost half a year ahead", "30 juni 12.00", "2026-01-15 12:00:00 +01:00", "2026-06-30T12:00:00+02:00"},
		{"summer time in name, winter time published", "28 mars 23.00", "2026-03-29 7:00:00 +02:00", "2026-03-28T23:00:00+01:00"},
		{"published with another offset", "22 augusti 09.12", "2026-08-22 7:25:11 +00:00", "2026-08-22T09:12:00+02:00"},
		{"24.00 is the next midnight", "31 december 24.00", "2027-01-01 0:10:00 +01:00", "2027-01-01T00:00:00+01:00"},
		{"29 februari in a leap year", "29 februari 12.00", "2024-03-01 8:00:00 +01:00", "2024-02-29T12:00:00+01:00"},
		{"29 februari of the year before", "29 februari 12.00", "2025-01-10 8:00:00 +01:00", `name "29 februari 12.00, Brand, Mora": 29 februari does not exist in 2025`},
		{"31 april", "31 april 12.00", "2025-04-30 8:00:00 +02:00", `name "31 april 12.00, Brand, Mora": 31 april does not exist in 2025`},
		{"24.01", "22 augusti 24.01", "2026-08-22 9:25:11 +02:00", `name "22 augusti 24.01, Brand, Mora": time "24.01" is not hh.mm`},
		{"minute 60", "22 augusti 09.60", "2026-08-22 9:25:11 +02:00", `name "22 augusti 09.60, Brand, Mora": time "09.60" is not hh.mm`},
		{"no minutes", "22 augusti 09", "2026-08-22 9:25:11 +02:00", `name "22 augusti 09, Brand, Mora": time "09" is not hh.mm`},
		{"signed hour", "22 augusti +9.12", "2026-08-22 9:25:11 +02:00", `name "22 augusti +9.12, Brand, Mora": time "+9.12" is not hh.mm`},
		{"day 0", "0 augusti 09.12", "2026-08-22 9:25:11 +02:00", `name "0 augusti 09.12, Brand, Mora": day "0" is not 1–31`},
		{"day 32", "32 augusti 09.12", "2026-08-22 9:25:11 +02:00", `name "32 augusti 09.12, Brand, Mora": day "32" is not 1–31`},
		{"English month", "22 august 09.12", "2026-08-22 9:25:11 +02:00", `name "22 august 09.12, Brand, Mora": "august" is not a month`},
		{"no date", "Brand", "2026-08-22 9:25:11 +02:00", `name "Brand, Brand, Mora": has no date and time`},
		{"padded hour in datetime", "22 augusti 09.12", "2026-08-22 09:25:11 +02:00", "2026-08-22T09:12:00+02:00"},
		{"datetime without offset", "22 augusti 09.12", "2026-08-22 9:25:11", `datetime "2026-08-22 9:25:11" is not "2006-01-02 15:04:05 -07:00"`},
		{"datetime in RFC 3339", "22 augusti 09.12", "2026-08-22T09:25:11+02:00", `datetime "2026-08-22T09:25:11+02:00" is not "2006-01-02 15:04:05 -07:00"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := Event{ID: 1, Datetime: tt.published, Name: tt.when + ", Brand, Mora", Type: "Brand"}
			in, err := Map(ev, areas)
			got := ""
			if err != nil {
				got = strings.TrimPrefix(err.Error(), "event 1: ")
			} else {
				got = in.OccurredAt.Format(time.RFC3339)
			}
			if got != tt.want {
				t.Errorf("Map(%q published %q) = %s, want %s", ev.Name, tt.published, got, tt.want)
			}
		})
	}
}

func TestMapPlaces(t *testing.T) {
	areas := testAreas(t)
	tests := []struct {
		name, place, location string
		wantMunicipality      string
		wantCounty            string
	}{
		{"kommun", "Mora", "Dalarnas län", "2062", "20"},
		{"kommun before 2026", "Mora", "Mora", "2062", "20"},
		{"location.name never gives the kommun", "Sälen", "Malung-Sälen", "", ""},
		{"unknown place, county from location.name", "Sälen", "Dalarnas län", "", "20"},
		{"unknown place, unknown location", "Sälen", "Sälenfjällen", "", ""},
		{"empty place", "", "Dalarnas län", "", "20"},
		{"county", "Dalarnas län", "Dalarnas län", "", "20"},
		{"county beats location.name", "Dalarnas län", "Mora", "", "20"},
		{"the name beats location.name", "Leksand", "Mora", "2029", "20"},
		{"case", "MORA", "", "2062", "20"},
		{"hyphen written as space", "Upplands Bro", "", "0139", "01"},
		{"county in lower case", "dalarnas län", "", "", "20"},
		{"county without län", "Dalarna", "", "", ""},
		{"a place elsewhere", "Oslo", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := Event{
				ID: 7, Datetime: "2026-08-22 9:25:11 +02:00", Type: "Brand",
				Name:     "22 augusti 09.12, Brand, " + tt.place,
				Location: Location{Name: tt.location},
			}
			got, err := Map(ev, areas)
			if err != nil {
				t.Fatal(err)
			}
			if got.MunicipalityCode != tt.wantMunicipality || got.CountyCode != tt.wantCounty || got.Place != tt.place {
				t.Errorf("Map(place %q, location %q) = place %q, kommun %q, county %q; want %q, %q, %q",
					tt.place, tt.location, got.Place, got.MunicipalityCode, got.CountyCode, tt.place, tt.wantMunicipality, tt.wantCounty)
			}
		})
	}
}

func TestMapTypes(t *testing.T) {
	areas := testAreas(t)
	tests := []struct {
		name, typ     string
		wantCategory  string
		wantIsSummary bool
	}{
		{"plain", "Brand", "Brand", false},
		{"comma", "Trafikolycka, vilt", "Trafikolycka, vilt", false},
		{"trailing space", "Lagen om hundar och katter ", "Lagen om hundar och katter", false},
		{"summary of a night", "Sammanfattning natt", "Sammanfattning natt", true},
		{"summary of evening and night", "Sammanfattning kväll och natt", "Sammanfattning kväll och natt", true},
		{"summary of a kind not seen yet", "Sammanfattning påsk", "Sammanfattning påsk", true},
		{"summary in lower case", "sammanfattning natt", "sammanfattning natt", true},
		{"update is not a summary", "Uppdatering", "Uppdatering", false},
		{"word inside", "Ej sammanfattning", "Ej sammanfattning", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := Event{ID: 7, Datetime: "2026-08-22 9:25:11 +02:00", Name: "22 augusti 09.12, " + tt.typ + ", Mora", Type: tt.typ}
			got, err := Map(ev, areas)
			if err != nil {
				t.Fatal(err)
			}
			if got.Category != tt.wantCategory || got.IsSummary != tt.wantIsSummary || got.MunicipalityCode != "2062" {
				t.Errorf("Map(type %q) = category %q, summary %v, kommun %q; want %q, %v, 2062",
					tt.typ, got.Category, got.IsSummary, got.MunicipalityCode, tt.wantCategory, tt.wantIsSummary)
			}
		})
	}
}

func TestMapErrors(t *testing.T) {
	areas := testAreas(t)
	good := Event{
		ID: 650297, Datetime: "2026-08-22 19:51:41 +02:00", Name: "22 augusti 17.59, Brand, Kävlinge",
		URL: "/aktuellt/handelser/2026/augusti/22/x/", Type: "Brand",
		Location: Location{Name: "Skåne län", GPS: "55.990257,13.595769"},
	}
	if _, err := Map(good, areas); err != nil {
		t.Fatalf("Map(good) error = %v", err)
	}
	tests := []struct {
		name   string
		change func(*Event)
		want   string
	}{
		{"no id", func(e *Event) { e.ID = 0 }, "event 0: id must be positive"},
		{"negative id", func(e *Event) { e.ID = -3 }, "event -3: id must be positive"},
		{"no type", func(e *Event) { e.Type = " " }, "event 650297: type is empty"},
		{"no datetime", func(e *Event) { e.Datetime = "" }, `event 650297: datetime "" is not "2006-01-02 15:04:05 -07:00"`},
		{"no name", func(e *Event) { e.Name = "" }, `event 650297: name "" is not "day month time, type, place"`},
		{"name without commas", func(e *Event) { e.Name = "22 augusti 17.59 Brand Kävlinge" },
			`event 650297: name "22 augusti 17.59 Brand Kävlinge" is not "day month time, type, place"`},
		{"name without date", func(e *Event) { e.Name = "Brand, Kävlinge" }, `event 650297: name "Brand, Kävlinge": has no date and time`},
		{"foreign url", func(e *Event) { e.URL = "https://example.com/x" }, `event 650297: url "https://example.com/x": is not a path on polisen.se`},
		{"scheme-relative url", func(e *Event) { e.URL = "//example.com/x" }, `event 650297: url "//example.com/x": is not a path on polisen.se`},
		{"javascript url", func(e *Event) { e.URL = "javascript:alert(1)" }, `event 650297: url "javascript:alert(1)": is not a path on polisen.se`},
		{"bad url", func(e *Event) { e.URL = "/a%zz" }, `event 650297: url "/a%zz": is not a URL`},
		{"gps without comma", func(e *Event) { e.Location.GPS = "55.99" }, `event 650297: location.gps "55.99": is not "lat,lon"`},
		{"gps out of range", func(e *Event) { e.Location.GPS = "95,13" }, `event 650297: location.gps "95,13": is not "lat,lon" in degrees`},
		{"gps NaN", func(e *Event) { e.Location.GPS = "NaN,13" }, `event 650297: location.gps "NaN,13": is not "lat,lon" in degrees`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := good
			tt.change(&ev)
			_, err := Map(ev, areas)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Map() error = %v, want %s", err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.ID != ev.ID {
				t.Errorf("Map() error = %#v, want an *Error for event %d", err, ev.ID)
			}
		})
	}
}

func TestMapURL(t *testing.T) {
	areas := testAreas(t)
	tests := []struct{ in, want string }{
		{"/aktuellt/handelser/2026/augusti/22/x/", "https://polisen.se/aktuellt/handelser/2026/augusti/22/x/"},
		{"", ""},
		{"https://polisen.se/aktuellt/x/", "https://polisen.se/aktuellt/x/"},
		{"http://www.polisen.se/aktuellt/x/", "https://www.polisen.se/aktuellt/x/"},
	}
	for _, tt := range tests {
		ev := Event{ID: 1, Datetime: "2026-08-22 9:25:11 +02:00", Name: "22 augusti 09.12, Brand, Mora", Type: "Brand", URL: tt.in}
		got, err := Map(ev, areas)
		if err != nil || got.URL != tt.want {
			t.Errorf("Map(url %q).URL = %q, %v; want %q", tt.in, got.URL, err, tt.want)
		}
	}
}

func TestAreas(t *testing.T) {
	areas := testAreas(t)
	for name, want := range map[string]Area{
		"Mora":                 {"2062", "20"},
		"Malung-Sälen":         {"2023", "20"},
		"malung sälen":         {"2023", "20"},
		" Mora ":               {"2062", "20"},
		"Dalarnas län":         {"", "20"},
		"Stockholm":            {"0180", "01"},
		"Stockholms län":       {"", "01"},
		"Östra  göinge":        {"1256", "12"},
		"Västra Götalands län": {"", "14"},
	} {
		if got, ok := areas.Find(name); !ok || got != want {
			t.Errorf("Find(%q) = %+v, %v; want %+v", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "Sälen", "Malung", "Dalarna", "Mora kommun", "Hedemor"} {
		if got, ok := areas.Find(name); ok {
			t.Errorf("Find(%q) = %+v, want nothing", name, got)
		}
	}
	var none *Areas
	if _, ok := none.Find("Mora"); ok {
		t.Error("(*Areas)(nil).Find(Mora) found something")
	}
}

func TestNewAreasRefusesBrokenLists(t *testing.T) {
	mora := municipality.Municipality{Code: "2062", Name: "Mora", CountyCode: "20", CountyName: "Dalarnas län"}
	tests := []struct {
		name string
		list []municipality.Municipality
		want string
	}{
		{"empty", nil, "no municipalities"},
		{"code outside its county", []municipality.Municipality{{Code: "2162", Name: "Mora", CountyCode: "20", CountyName: "Dalarnas län"}}, `code "2162" in county "20"`},
		{"short code", []municipality.Municipality{{Code: "206", Name: "Mora", CountyCode: "20", CountyName: "Dalarnas län"}}, `code "206"`},
		{"same name twice", []municipality.Municipality{mora, {Code: "2080", Name: "MORA", CountyCode: "20", CountyName: "Dalarnas län"}}, `"MORA" stands for both`},
		{"county with two codes", []municipality.Municipality{mora, {Code: "2180", Name: "Gävle", CountyCode: "21", CountyName: "Dalarnas län"}}, `"Dalarnas län" stands for both`},
		{"no name", []municipality.Municipality{{Code: "2062", CountyCode: "20", CountyName: "Dalarnas län"}}, "empty name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewAreas(tt.list)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("NewAreas() error = %v, want it to contain %s", err, tt.want)
			}
		})
	}
	// The shipped list is consistent: every kommun and every county is found.
	all, err := municipality.All()
	if err != nil {
		t.Fatal(err)
	}
	areas := testAreas(t)
	counties := map[string]bool{}
	for _, m := range all {
		if got, ok := areas.Find(m.Name); !ok || got != (Area{m.Code, m.CountyCode}) {
			t.Errorf("Find(%q) = %+v, %v", m.Name, got, ok)
		}
		counties[m.CountyName] = true
	}
	if len(counties) != 21 {
		t.Errorf("the list has %d counties, want 21", len(counties))
	}
}

// The cases file must stay what the README says: verbatim records.
func TestCasesAreFeedRecords(t *testing.T) {
	raw, err := os.ReadFile("testdata/polisen_events_cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var generic []map[string]any
	if err := json.Unmarshal(raw, &generic); err != nil {
		t.Fatal(err)
	}
	for _, rec := range generic {
		if len(rec) != 7 {
			t.Errorf("record %v has %d fields, want the feed's 7", rec["id"], len(rec))
		}
	}
}
