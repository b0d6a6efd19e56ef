package export

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/clock"
)

// Calendar is an iCalendar object (RFC 5545) of events, such as a user's
// meetings. Times are written in Europe/Stockholm with its VTIMEZONE, so
// that a calendar shows a meeting at 15:00 in Sälen at 15:00 whatever the
// time of year.
type Calendar struct {
	// Name is shown by calendar applications (X-WR-CALNAME).
	Name string
	// Method is the iTIP method (RFC 5546): PUBLISH, the default, for a
	// feed or a file; REQUEST for an invitation by e-mail and each change
	// of it; CANCEL when the event is called off.
	Method string
	Events []Event
}

// Person is an organiser or an attendee of an invitation.
type Person struct {
	Name  string
	Email string
}

// Event is one event of a calendar.
type Event struct {
	// UID is the event's permanent, globally unique id, such as
	// "meeting-12@samverkan.example".
	UID         string
	Start, End  time.Time
	Summary     string
	Location    string
	Description string
	URL         string
	// Stamp is when the event was last changed (DTSTAMP).
	Stamp time.Time
	// Sequence counts the changes, so that a client replaces an older copy.
	Sequence  int
	Cancelled bool
	// Organizer and Attendees are an invitation's (METHOD:REQUEST or
	// CANCEL): who invites, whom a calendar's answer would reach, and who
	// is invited. The product asks for no answers (RSVP=FALSE): it keeps
	// who came in the minutes.
	Organizer *Person
	Attendees []Person
}

// icalZone is the time zone the events are written in; its rules are
// those of the EU since 1996.
const icalZone = "Europe/Stockholm"

const vtimezone = "BEGIN:VTIMEZONE\r\n" +
	"TZID:Europe/Stockholm\r\n" +
	"X-LIC-LOCATION:Europe/Stockholm\r\n" +
	"BEGIN:DAYLIGHT\r\n" +
	"TZOFFSETFROM:+0100\r\n" +
	"TZOFFSETTO:+0200\r\n" +
	"TZNAME:CEST\r\n" +
	"DTSTART:19700329T020000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n" +
	"END:DAYLIGHT\r\n" +
	"BEGIN:STANDARD\r\n" +
	"TZOFFSETFROM:+0200\r\n" +
	"TZOFFSETTO:+0100\r\n" +
	"TZNAME:CET\r\n" +
	"DTSTART:19701025T030000\r\n" +
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n" +
	"END:STANDARD\r\n" +
	"END:VTIMEZONE\r\n"

// WriteICalendar writes c as an iCalendar object: CRLF line ends, lines
// folded at 75 octets without splitting a character, text escaped.
func WriteICalendar(w io.Writer, c Calendar) error {
	loc := clock.Zone() // icalZone
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Samverkan//Samverkan//SV")
	line("CALSCALE", "GREGORIAN")
	method := c.Method
	if method == "" {
		method = "PUBLISH"
	}
	line("METHOD", method)
	if c.Name != "" {
		line("X-WR-CALNAME", escapeText(c.Name))
	}
	line("X-WR-TIMEZONE", icalZone)
	bw.WriteString(vtimezone)
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", escapeText(e.UID))
		line("DTSTAMP", e.Stamp.UTC().Format("20060102T150405Z"))
		writeFolded(bw, "DTSTART;TZID="+icalZone+":"+e.Start.In(loc).Format("20060102T150405"))
		if !e.End.IsZero() {
			writeFolded(bw, "DTEND;TZID="+icalZone+":"+e.End.In(loc).Format("20060102T150405"))
		}
		line("SUMMARY", escapeText(e.Summary))
		if e.Location != "" {
			line("LOCATION", escapeText(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION", escapeText(e.Description))
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		if o := e.Organizer; o != nil && o.Email != "" {
			writeFolded(bw, "ORGANIZER"+cnParam(o.Name)+":mailto:"+mailto(o.Email))
		}
		for _, a := range e.Attendees {
			writeFolded(bw, "ATTENDEE"+cnParam(a.Name)+";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:"+mailto(a.Email))
		}
		line("SEQUENCE", strconv.Itoa(e.Sequence))
		if e.Cancelled {
			line("STATUS", "CANCELLED")
		} else {
			line("STATUS", "CONFIRMED")
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// escapeText escapes a TEXT value (RFC 5545, 3.3.11): backslash,
// semicolon, comma and line breaks; other control characters are dropped.
func escapeText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// not allowed in TEXT
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cnParam is the CN parameter of a name, quoted: a quoted parameter value
// may hold any character but a double quote and the control characters
// (RFC 5545, 3.1), which are dropped.
func cnParam(name string) string {
	name = strings.Map(func(r rune) rune {
		if r == '"' || r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if strings.TrimSpace(name) == "" {
		return ""
	}
	return `;CN="` + name + `"`
}

// mailto keeps an address to the characters of a mailbox: no space, no
// control character that would end the line, nothing that would make it
// a list.
func mailto(email string) string {
	return strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f || strings.ContainsRune(`"<>,;`, r) {
			return -1
		}
		return r
	}, email)
}

// writeFolded writes a content line, folded so that no line is longer
// than 75 octets: the rest goes on lines that start with a space. A
// character is never split.
func writeFolded(w *bufio.Writer, content string) {
	const limit = 75
	first := true
	for len(content) > 0 {
		room := limit
		if !first {
			room = limit - 1 // the leading space counts
		}
		n := len(content)
		if n > room {
			n = room
			for n > 0 && !utf8.RuneStart(content[n]) {
				n--
			}
		}
		if !first {
			w.WriteByte(' ')
		}
		w.WriteString(content[:n])
		w.WriteString("\r\n")
		content = content[n:]
		first = false
	}
}

// MeetingEvent makes the calendar event of a meeting. uidDomain is the
// service's host name, which makes the UID unique in the world; url is the
// meeting's page; say gives the words (a localizer's T).
func MeetingEvent(m activity.Meeting, uidDomain, url string, say func(key string, args ...any) string) Event {
	var desc []string
	desc = append(desc, say("activity.meeting.kind."+m.Kind)+" – "+m.OrganizationName)
	if len(m.Organizations) > 0 {
		names := make([]string, len(m.Organizations))
		for i, o := range m.Organizations {
			names[i] = o.Name
		}
		desc = append(desc, say("field.organization_ids")+": "+strings.Join(names, ", "))
	}
	if m.Agenda != "" {
		desc = append(desc, say("field.agenda")+":\n"+m.Agenda)
	}
	if m.Decisions != "" {
		desc = append(desc, say("field.decisions")+":\n"+m.Decisions)
	}
	if url != "" {
		desc = append(desc, url)
	}
	return Event{
		UID:         "meeting-" + strconv.FormatInt(m.ID, 10) + "@" + uidDomain,
		Start:       m.StartsAt,
		End:         m.EndsAt,
		Summary:     m.Title,
		Location:    m.Place,
		Description: strings.Join(desc, "\n\n"),
		URL:         url,
		Stamp:       m.UpdatedAt,
		Sequence:    m.Sequence,
	}
}
