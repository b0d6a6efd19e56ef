package export

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/i18n"
)

// sayer is the catalogue of lang, failing the test on a key it lacks.
func sayer(t *testing.T, lang i18n.Lang) Say {
	t.Helper()
	b, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	loc := b.For(lang)
	return func(key string, args ...any) string {
		if !b.Has(key) {
			t.Errorf("message key %s is not in the catalogue", key)
		}
		return loc.T(key, args...)
	}
}

func stockholm(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func sampleMeetings(t *testing.T) []activity.Meeting {
	loc := stockholm(t)
	return []activity.Meeting{
		{ID: 12, Kind: activity.MeetingCollaboration, Title: "Samverkansmöte polis och ordningsvakter, vecka 7 (demo)",
			OrganizationID: 1, OrganizationName: "Polisen, lokalpolisområde Mora", MunicipalityCode: "2023",
			StartsAt: time.Date(2017, 2, 13, 10, 0, 0, 0, loc), EndsAt: time.Date(2017, 2, 13, 11, 0, 0, 0, loc),
			Place:         "Polisens lokaler i Sälen; entré B, plan 2",
			Organizations: []activity.Party{{ID: 1, Name: "Polisen, lokalpolisområde Mora"}, {ID: 5, Name: "Fjällvakterna Ordningsvakter AB (demo)"}},
			Agenda:        "1. Veckans lägesbild\n2. Helgens evenemang, afterski och ankomstdagar\n3. Rakel i samverkan polis och ordningsvakter \\ test",
			Decisions:     "Förstärkning vid afterski i Tandådalen och Lindvallen på lördag.",
			Sequence:      2, UpdatedAt: time.Date(2017, 2, 14, 8, 30, 0, 0, time.UTC)},
		// Summer time: 13:00 in Mora is 11:00 UTC.
		{ID: 40, Kind: activity.MeetingCouncil, Title: "BRÅ Mora, maj 2017 (demo)", OrganizationName: "Mora kommun",
			StartsAt: time.Date(2017, 5, 11, 11, 0, 0, 0, time.UTC), EndsAt: time.Date(2017, 5, 11, 13, 30, 0, 0, time.UTC),
			Place: "Mora kommunhus", UpdatedAt: time.Date(2017, 5, 12, 7, 0, 0, 0, time.UTC)},
	}
}

func TestWriteICalendar(t *testing.T) {
	say := sayer(t, i18n.Swedish)
	cal := Calendar{Name: "Samverkan: Per Polis (demo)"}
	for _, m := range sampleMeetings(t) {
		cal.Events = append(cal.Events, MeetingEvent(m, "samverkan.example", "https://samverkan.example/meetings/"+id(m.ID), say))
	}
	var buf bytes.Buffer
	if err := WriteICalendar(&buf, cal); err != nil {
		t.Fatal(err)
	}
	out := buf.Bytes()
	golden(t, "meetings.ics", out)

	// The form of RFC 5545: CRLF line ends, no line longer than 75 octets,
	// continuation lines folded with one space, no character split.
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Error("the calendar does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n")
	folded := 0
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Errorf("line %d has a bare line break: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Errorf("line %d is %d octets long: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
		if strings.HasPrefix(l, " ") {
			folded++
		}
	}
	if folded == 0 {
		t.Error("no line was folded; the test proves nothing about folding")
	}

	// An independent parser reads it back as it was meant.
	parsed, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("ics.ParseCalendar() error = %v", err)
	}
	var zones int
	for _, c := range parsed.Components {
		if tz, ok := c.(*ics.VTimezone); ok {
			zones++
			if p := tz.GetProperty(ics.ComponentPropertyTzid); p == nil || p.Value != "Europe/Stockholm" || len(tz.SubComponents()) != 2 {
				t.Errorf("VTIMEZONE = %+v", tz)
			}
		}
	}
	if zones != 1 {
		t.Errorf("%d VTIMEZONE components, want 1", zones)
	}
	events := parsed.Events()
	if len(events) != 2 {
		t.Fatalf("%d events, want 2", len(events))
	}
	for i, m := range sampleMeetings(t) {
		e := events[i]
		if e.Id() != "meeting-"+id(m.ID)+"@samverkan.example" {
			t.Errorf("event %d UID = %q", i, e.Id())
		}
		start, err := e.GetStartAt()
		if err != nil || !start.Equal(m.StartsAt) {
			t.Errorf("event %d DTSTART = %v, %v; want %v", i, start, err, m.StartsAt)
		}
		end, err := e.GetEndAt()
		if err != nil || !end.Equal(m.EndsAt) {
			t.Errorf("event %d DTEND = %v, %v; want %v", i, end, err, m.EndsAt)
		}
		stamp, err := e.GetDtStampTime()
		if err != nil || !stamp.Equal(m.UpdatedAt) {
			t.Errorf("event %d DTSTAMP = %v, %v", i, stamp, err)
		}
		if got := e.GetProperty(ics.ComponentPropertySummary).Value; got != m.Title {
			t.Errorf("event %d SUMMARY = %q, want %q", i, got, m.Title)
		}
		if got := e.GetProperty(ics.ComponentPropertyLocation).Value; got != m.Place {
			t.Errorf("event %d LOCATION = %q, want %q", i, got, m.Place)
		}
	}
	desc := events[0].GetProperty(ics.ComponentPropertyDescription).Value
	if !strings.Contains(desc, "Dagordning:\n1. Veckans lägesbild\n2. Helgens evenemang, afterski och ankomstdagar\n3. Rakel i samverkan polis och ordningsvakter \\ test") {
		t.Errorf("DESCRIPTION read back = %q", desc)
	}
}

func TestEscapeAndFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a,b;c\\d", `a\,b\;c\\d`},
		{"rad ett\r\nrad två\nrad tre", `rad ett\nrad två\nrad tre`},
		{"tab\tkeeps, bell\a goes", `tab` + "\t" + `keeps\, bell goes`},
	}
	for _, tt := range tests {
		if got := escapeText(tt.in); got != tt.want {
			t.Errorf("escapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// 74 octets of ASCII and then å (two octets) does not fit on the
	// first line of 75: it moves whole to the next.
	var buf bytes.Buffer
	cal := Calendar{Events: []Event{{UID: "x", Summary: strings.Repeat("a", 66) + "å" + strings.Repeat("ö", 40)}}}
	if err := WriteICalendar(&buf, cal); err != nil {
		t.Fatal(err)
	}
	for l := range strings.SplitSeq(buf.String(), "\r\n") {
		if strings.HasPrefix(l, "SUMMARY:") {
			if len(l) != 74 || !strings.HasSuffix(l, "a") {
				t.Errorf("first line of SUMMARY = %d octets %q", len(l), l)
			}
		}
	}
}

// TestInvitationICalendar: an invitation says its method, its organiser
// and its attendee, with names that could break a parameter made safe,
// and a cancellation marks the event cancelled.
func TestInvitationICalendar(t *testing.T) {
	say := sayer(t, i18n.Swedish)
	m := sampleMeetings(t)[0]
	for _, method := range []string{"REQUEST", "CANCEL"} {
		e := MeetingEvent(m, "samverkan.example", "https://samverkan.example/meetings/12", say)
		e.Organizer = &Person{Name: `Sara "Sam" Samordnare`, Email: "sara@example.se"}
		e.Attendees = []Person{{Name: "Öberg; Åsa:\r\nX", Email: "asa@example.se\r\nX-EVIL:1"}}
		e.Cancelled = method == "CANCEL"
		var buf bytes.Buffer
		if err := WriteICalendar(&buf, Calendar{Method: method, Events: []Event{e}}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "\r\nX-EVIL") || strings.Contains(buf.String(), "\r\nX\r\n") {
			t.Errorf("a name or address started a line of its own:\n%s", buf.String())
		}
		parsed, err := ics.ParseCalendar(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("%s: ics.ParseCalendar() error = %v\n%s", method, err, buf.String())
		}
		if got := parsed.CalendarProperties[methodIndex(parsed)].Value; got != method {
			t.Errorf("METHOD = %q, want %s", got, method)
		}
		ev := parsed.Events()[0]
		org := ev.GetProperty(ics.ComponentPropertyOrganizer)
		if org == nil || org.Value != "mailto:sara@example.se" || org.ICalParameters["CN"][0] != "Sara Sam Samordnare" {
			t.Errorf("%s: ORGANIZER = %+v", method, org)
		}
		atts := ev.Attendees()
		// The line break is gone from the address, and no line started.
		if len(atts) != 1 || atts[0].Value != "mailto:asa@example.seX-EVIL:1" || atts[0].ICalParameters["CN"][0] != "Öberg; Åsa:X" ||
			atts[0].ICalParameters["RSVP"][0] != "FALSE" {
			t.Errorf("%s: ATTENDEE = %+v", method, *atts[0])
		}
		status := ev.GetProperty(ics.ComponentPropertyStatus).Value
		if want := map[string]string{"REQUEST": "CONFIRMED", "CANCEL": "CANCELLED"}[method]; status != want {
			t.Errorf("%s: STATUS = %s, want %s", method, status, want)
		}
		if got := ev.GetProperty(ics.ComponentPropertySequence).Value; got != "2" {
			t.Errorf("%s: SEQUENCE = %s, want 2", method, got)
		}
	}
}

func methodIndex(c *ics.Calendar) int {
	for i, p := range c.CalendarProperties {
		if p.IANAToken == string(ics.PropertyMethod) {
			return i
		}
	}
	return 0
}
