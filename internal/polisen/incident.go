package polisen

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
)

// Incident is an event as the product stores it: a report with source
// "polisen".
type Incident struct {
	ExternalID  string    // the event id; makes a repeated import idempotent
	Category    string    // the event's type, trimmed
	OccurredAt  time.Time // the date and time in name, in Europe/Stockholm
	PublishedAt time.Time // datetime, in Europe/Stockholm
	// Place is the last part of name as written: a kommun, a county, or a
	// name not in the list, kept so an import can say which.
	Place            string
	MunicipalityCode string // "" for county-wide events and unknown places
	CountyCode       string // "" only when neither name nor location tell
	// IsSummary marks a "Sammanfattning …" event: an account of many
	// incidents that must never be counted as one.
	IsSummary bool
	URL       string // absolute, on https://polisen.se
	Summary   string
	// AreaCenter is the centre of the kommun or county the event is filed
	// under (nil when the feed gives none). It is never the incident's
	// position: every event in Mora has the same point.
	AreaCenter *Point
}

// Point is a WGS 84 coordinate.
type Point struct {
	Lat, Lon float64
}

// Error says what is wrong with which event.
type Error struct {
	ID     int
	Reason string
}

func (e *Error) Error() string { return fmt.Sprintf("event %d: %s", e.ID, e.Reason) }

// DatetimeLayout is the layout of Event.Datetime. time.Parse reads "15" as
// one or two digits, which the feed needs: it writes "9:25:11".
const DatetimeLayout = "2006-01-02 15:04:05 -07:00"

const baseURL = "https://polisen.se"

// Map turns an event into the incident the product stores, reading the
// municipality from the last part of name with areas. An event whose place
// is not a known kommun or county still maps, with no municipality; an error
// means the event cannot be stored at all, and says why.
func Map(ev Event, areas *Areas) (Incident, error) {
	fail := func(format string, args ...any) (Incident, error) {
		return Incident{}, &Error{ID: ev.ID, Reason: fmt.Sprintf(format, args...)}
	}
	loc := clock.Zone()
	if ev.ID <= 0 {
		return fail("id must be positive")
	}
	category := strings.TrimSpace(ev.Type)
	if category == "" {
		return fail("type is empty")
	}
	published, err := time.Parse(DatetimeLayout, strings.TrimSpace(ev.Datetime))
	if err != nil {
		return fail("datetime %q is not %q", ev.Datetime, DatetimeLayout)
	}
	published = published.In(loc)

	when, place, ok := splitName(ev.Name)
	if !ok {
		return fail("name %q is not \"day month time, type, place\"", ev.Name)
	}
	occurred, err := occurredAt(when, published, loc)
	if err != nil {
		return fail("name %q: %v", ev.Name, err)
	}
	link, err := absoluteURL(ev.URL)
	if err != nil {
		return fail("url %q: %v", ev.URL, err)
	}
	center, err := parsePoint(ev.Location.GPS)
	if err != nil {
		return fail("location.gps %q: %v", ev.Location.GPS, err)
	}

	in := Incident{
		ExternalID:  strconv.Itoa(ev.ID),
		Category:    category,
		OccurredAt:  occurred,
		PublishedAt: published,
		Place:       place,
		IsSummary:   isSummary(category),
		URL:         link,
		Summary:     strings.TrimSpace(ev.Summary),
		AreaCenter:  center,
	}
	if area, ok := areas.Find(place); ok {
		in.MunicipalityCode, in.CountyCode = area.MunicipalityCode, area.CountyCode
	} else if area, ok := areas.Find(strings.TrimSpace(ev.Location.Name)); ok && area.MunicipalityCode == "" {
		// location.name is the kommun in older events, which name already
		// gave us, or the county, which is still worth keeping. Only a
		// county is taken, so location.name never decides the kommun.
		in.CountyCode = area.CountyCode
	}
	return in, nil
}

// isSummary tells the summaries ("Sammanfattning natt", "… kväll och natt",
// "… helg", "… vecka" and more) by their common first word, since new
// periods keep appearing.
func isSummary(category string) bool {
	const prefix = "sammanfattning"
	return len(category) >= len(prefix) && strings.EqualFold(category[:len(prefix)], prefix)
}

// splitName cuts name into its date and time and its place. The type in
// between is left alone: it may contain commas, and Event.Type is the
// current one while name keeps the type at publication.
func splitName(name string) (when, place string, ok bool) {
	when, _, ok = strings.Cut(name, ",")
	if !ok {
		return "", "", false
	}
	place = name[strings.LastIndexByte(name, ',')+1:]
	return strings.TrimSpace(when), strings.TrimSpace(place), true
}

var months = map[string]time.Month{
	"januari": time.January, "februari": time.February, "mars": time.March,
	"april": time.April, "maj": time.May, "juni": time.June, "juli": time.July,
	"augusti": time.August, "september": time.September, "oktober": time.October,
	"november": time.November, "december": time.December,
}

// occurredAt reads "22 augusti 09.12" (or "09:12") in loc, in the year that
// puts it closest to published.
func occurredAt(when string, published time.Time, loc *time.Location) (time.Time, error) {
	f := strings.Fields(when)
	if len(f) != 3 {
		return time.Time{}, errors.New("has no date and time")
	}
	day, ok := number(f[0])
	if !ok || day < 1 || day > 31 {
		return time.Time{}, fmt.Errorf("day %q is not 1–31", f[0])
	}
	month, ok := months[strings.ToLower(f[1])]
	if !ok {
		return time.Time{}, fmt.Errorf("%q is not a month", f[1])
	}
	hour, minute, ok := clockTime(f[2])
	if !ok {
		return time.Time{}, fmt.Errorf("time %q is not hh.mm", f[2])
	}

	// Of the years before, of and after publication the nearest is right:
	// incidents are published days after at most, notices weeks before.
	year := published.Year()
	var best time.Time
	var bestYear int
	var bestGap time.Duration = math.MaxInt64
	for y := year - 1; y <= year+1; y++ {
		t := time.Date(y, month, day, hour, minute, 0, 0, loc)
		if gap := t.Sub(published).Abs(); gap < bestGap {
			best, bestYear, bestGap = t, y, gap
		}
	}
	// time.Date turns 29 februari of a common year into 1 March and 31
	// april into 1 May, so the date is checked in the year chosen.
	if time.Date(bestYear, month, day, 0, 0, 0, 0, time.UTC).Day() != day {
		return time.Time{}, fmt.Errorf("%d %s does not exist in %d", day, f[1], bestYear)
	}
	return best, nil
}

// clockTime reads "09.12", "9.12" or "09:12". "24.00", the end of a day in
// Swedish usage, is the next day's midnight: the archive has none, but it is
// a correct way to write the time and costs nothing to accept.
func clockTime(s string) (hour, minute int, ok bool) {
	h, m, found := strings.Cut(s, ".")
	if !found {
		h, m, found = strings.Cut(s, ":")
	}
	if !found || len(m) != 2 {
		return 0, 0, false
	}
	hour, ok1 := number(h)
	minute, ok2 := number(m)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	if hour == 24 && minute == 0 {
		return 24, 0, true
	}
	return hour, minute, hour < 24 && minute < 60
}

// number reads one or two ASCII digits; strconv.Atoi would also take signs.
func number(s string) (int, bool) {
	if len(s) < 1 || len(s) > 2 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// absoluteURL puts the feed's path on https://polisen.se. An absolute link
// is accepted only to polisen.se, so a stored link cannot lead elsewhere.
func absoluteURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", errors.New("is not a URL")
	}
	switch {
	case u.Scheme == "" && u.Host == "" && strings.HasPrefix(u.Path, "/"):
		return baseURL + u.String(), nil
	case (u.Scheme == "https" || u.Scheme == "http") && (u.Host == "polisen.se" || u.Host == "www.polisen.se") && u.User == nil:
		u.Scheme = "https"
		return u.String(), nil
	}
	return "", errors.New("is not a path on polisen.se")
}

// parsePoint reads "61.091701,14.666365". An empty value is no point; a
// value that does not read as one is an error, because it means the feed
// changed and the point would be wrong.
func parsePoint(s string) (*Point, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return nil, errors.New("is not \"lat,lon\"")
	}
	lat, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64)
	lon, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64)
	// ParseFloat accepts "NaN" and "Inf"; the range checks refuse them.
	if err1 != nil || err2 != nil || !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180) {
		return nil, errors.New("is not \"lat,lon\" in degrees")
	}
	return &Point{Lat: lat, Lon: lon}, nil
}
