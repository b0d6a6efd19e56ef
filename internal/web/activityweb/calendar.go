package activityweb

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The calendar: a month of activities and meetings on a page, and the
// user's meetings as an iCalendar feed (the contract's /calendar.ics) that
// a calendar program subscribes to with a personal token in the address.

const monthLayout = "2006-01"

// calendarItem is an activity or a meeting on a day of the calendar.
type calendarItem struct {
	Time, Title, Href string
	// Meeting is set for a meeting, else it is an activity.
	Meeting bool
}

// calendarDay is a day of the month's grid.
type calendarDay struct {
	Date    string // 2017-02-14
	Number  int
	Label   string // "tisdag 14 februari"
	InMonth bool
	Today   bool
	Monday  bool
	Week    int
	Items   []calendarItem
}

type calendarPage struct {
	areaPage
	MonthName      string
	Prev, Next     string
	ThisMonth      string
	Weekdays       []string
	Days           []calendarDay
	Municipalities []web.Option
	// Activities is set when the user reads activities; reporters see
	// their meetings only.
	Activities bool
	// Count is how many activities and meetings the month has; Latest
	// leads to the latest earlier month with any, when this one has none.
	Count      int
	Latest     string
	LatestName string
}

// monthName writes a month as "februari 2017".
func monthName(b *Base, t time.Time) string {
	return b.T("calendar.month."+strconv.Itoa(int(t.Month())), t.Year())
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) error {
	loc := web.Loc(r)
	zone := loc.Zone()
	pr := web.Principal(r)
	p := &calendarPage{areaPage: newAreaPage(r, "activity"), Activities: pr.Can(auth.PermActivityRead)}
	q := r.URL.Query()
	now := s.clock.Now().In(zone)
	month := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, zone)
	values := url.Values{}
	var e validation.Errors
	if v := strings.TrimSpace(q.Get("month")); v != "" {
		values.Set("month", v)
		t, err := time.ParseInLocation(monthLayout, v, zone)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			e.Add("month", "error.calendar_month")
		} else {
			month = t
		}
	}
	code := strings.TrimSpace(q.Get("municipality_code"))
	if code != "" {
		values.Set("municipality_code", code)
	}
	munis, err := s.activityMunicipalities(r)
	if err != nil {
		return err
	}
	p.Municipalities = web.MunicipalityChoices(munis, web.Option{Value: "", Label: loc.T("activity.list.all_municipalities")})
	if code != "" && !slices.ContainsFunc(p.Municipalities, func(o web.Option) bool { return o.Value == code }) {
		e.Add("municipality_code", "error.activity_municipality_not_yours")
	}
	values.Set("month", month.Format(monthLayout))
	p.SetErrors([]string{"month", "municipality_code"}, values, e)
	p.MonthName = monthName(&p.Base, month)
	link := func(t time.Time) string {
		v := url.Values{"month": {t.Format(monthLayout)}}
		if code != "" {
			v.Set("municipality_code", code)
		}
		return "/calendar?" + v.Encode()
	}
	p.Prev, p.Next, p.ThisMonth = link(month.AddDate(0, -1, 0)), link(month.AddDate(0, 1, 0)), link(now)
	for i := 1; i <= 7; i++ {
		p.Weekdays = append(p.Weekdays, loc.T("calendar.weekday_short."+strconv.Itoa(i)))
	}
	if len(e) > 0 {
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "calendar", p, "calendar.title")
	}

	// The grid: whole weeks, Monday first, around the month.
	first := month.AddDate(0, 0, -((int(month.Weekday()) + 6) % 7))
	end := month.AddDate(0, 1, 0)
	last := end.AddDate(0, 0, (7-(int(end.Weekday())+6)%7)%7)
	index := map[string]int{}
	for d := first; d.Before(last); d = d.AddDate(0, 0, 1) {
		_, week := d.ISOWeek()
		day := calendarDay{Date: d.Format(validation.DateLayout), Number: d.Day(), InMonth: d.Month() == month.Month(),
			Today: d.Format(validation.DateLayout) == now.Format(validation.DateLayout), Monday: d.Weekday() == time.Monday, Week: week,
			Label: loc.T("calendar.day", loc.T("calendar.weekday."+strconv.Itoa((int(d.Weekday())+6)%7+1)), d.Day(),
				loc.T("calendar.month_of."+strconv.Itoa(int(d.Month()))))}
		index[day.Date] = len(p.Days)
		p.Days = append(p.Days, day)
	}
	add := func(at time.Time, it calendarItem) {
		if i, ok := index[at.In(zone).Format(validation.DateLayout)]; ok && p.Days[i].InMonth {
			p.Days[i].Items = append(p.Days[i].Items, it)
			p.Count++
		}
	}
	sc := activity.ScopeOf(pr)
	if p.Activities {
		list, err := s.activities.Range(r.Context(), activity.Filter{Scope: sc, MunicipalityCode: code, From: month, To: end})
		if err != nil {
			return err
		}
		for _, a := range list {
			title := loc.T("activity.kind." + a.Kind)
			if a.Place != "" {
				title += ", " + a.Place
			}
			add(a.StartedAt, calendarItem{Time: a.StartedAt.In(zone).Format("15:04"), Title: title, Href: activityURL(a.ID)})
		}
	}
	meetings, err := s.activities.Meetings(r.Context(), activity.MeetingFilter{Scope: sc, MunicipalityCode: code, From: month, To: end, Limit: 500})
	if err != nil {
		return err
	}
	for i := len(meetings.Items) - 1; i >= 0; i-- { // the earliest first
		m := meetings.Items[i]
		add(m.StartsAt, calendarItem{Time: m.StartsAt.In(zone).Format("15:04"), Title: m.Title, Href: meetingURL(m.ID), Meeting: true})
	}
	for i := range p.Days {
		slices.SortStableFunc(p.Days[i].Items, func(a, b calendarItem) int { return strings.Compare(a.Time, b.Time) })
	}
	if p.Count == 0 {
		latest, err := s.latestBefore(r, sc, code, month, p.Activities)
		if err != nil {
			return err
		}
		if !latest.IsZero() {
			l := latest.In(zone)
			p.Latest, p.LatestName = link(l), monthName(&p.Base, l)
		}
	}
	return s.Render(w, r, "calendar", p, "calendar.title")
}

// latestBefore is the start of the latest activity or meeting before t
// that the user sees, the zero time if none.
func (s *Server) latestBefore(r *http.Request, sc activity.Scope, code string, t time.Time, activities bool) (time.Time, error) {
	var latest time.Time
	if activities {
		page, err := s.activities.List(r.Context(), activity.Filter{Scope: sc, MunicipalityCode: code, To: t, Limit: 1})
		if err != nil {
			return latest, err
		}
		if len(page.Items) > 0 {
			latest = page.Items[0].StartedAt
		}
	}
	page, err := s.activities.Meetings(r.Context(), activity.MeetingFilter{Scope: sc, MunicipalityCode: code, To: t, Limit: 1})
	if err != nil {
		return latest, err
	}
	if len(page.Items) > 0 && page.Items[0].StartsAt.After(latest) {
		latest = page.Items[0].StartsAt
	}
	return latest, nil
}

// --- The iCalendar feed --------------------------------------------------------------

// calendarFeed is the user's meetings as an iCalendar feed: those of the
// organisations they belong to, signed in or with ?token= (a personal
// token, for a calendar program that cannot sign in): a calendar token,
// which reads nothing else, or an api token as the contract allows. A bad
// token is refused with 401, whoever is signed in.
func (s *Server) calendarFeed(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	if q := r.URL.Query(); q.Has("token") {
		userID, err := s.tokens.AuthenticateScope(r.Context(), strings.TrimSpace(q.Get("token")), auth.ScopeCalendar)
		if errors.Is(err, auth.ErrBadToken) {
			return calendarUnauthorized(w)
		}
		if err != nil {
			return err
		}
		if p, err = s.LoadPrincipal(r.Context(), userID); err != nil {
			return err
		}
		if p == nil {
			return calendarUnauthorized(w)
		}
	}
	if p == nil {
		return web.ErrUnauthenticated
	}
	meetings, err := s.activities.MeetingsOf(r.Context(), activity.OrganizationsOf(p), time.Time{})
	if err != nil {
		return err
	}
	// In the language of the feed's owner, who may not be the one asking.
	loc := s.Bundle().For(s.ChooseLang(r, p))
	cal := export.Calendar{Name: loc.T("calendar.feed_name", p.User.Name)}
	for _, m := range meetings {
		cal.Events = append(cal.Events, s.meetingEvent(r, m, loc.T))
	}
	var buf bytes.Buffer
	if err := export.WriteICalendar(&buf, cal); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="samverkan.ics"`)
	w.Header().Set("Cache-Control", "private, no-cache")
	_, err = w.Write(buf.Bytes())
	return err
}

// calendarUnauthorized answers a calendar program whose token is wrong: in
// plain text, since it reads no page.
func calendarUnauthorized(w http.ResponseWriter) error {
	w.Header().Set("WWW-Authenticate", `Bearer realm="samverkan"`)
	http.Error(w, "401 Unauthorized: the token in the address is unknown or revoked", http.StatusUnauthorized)
	return nil
}

type calendarFeedPage struct {
	areaPage
	// FeedURL is the address with a new token, shown once.
	FeedURL  string
	Meetings int
}

func (s *Server) calendarFeedPage(w http.ResponseWriter, r *http.Request) error {
	return s.showCalendarFeed(w, r, http.StatusOK, "")
}

func (s *Server) showCalendarFeed(w http.ResponseWriter, r *http.Request, status int, feedURL string) error {
	p := &calendarFeedPage{areaPage: newAreaPage(r, "meeting"), FeedURL: feedURL}
	meetings, err := s.activities.MeetingsOf(r.Context(), activity.OrganizationsOf(web.Principal(r)), time.Time{})
	if err != nil {
		return err
	}
	p.Meetings = len(meetings)
	return s.RenderStatus(w, r, status, "calendar_feed", p, "calendar.feed.title")
}

// createCalendarToken makes a calendar token, which only reads the user's
// own feed, and shows its address once; it is listed and revoked on the
// tokens page like any other token.
func (s *Server) createCalendarToken(w http.ResponseWriter, r *http.Request) error {
	loc := web.Loc(r)
	secret, _, err := s.tokens.CreateScoped(r.Context(), web.Actor(r), web.Principal(r).User.ID, loc.T("calendar.token_name", web.Today(r)), auth.ScopeCalendar)
	if err != nil {
		return err
	}
	return s.showCalendarFeed(w, r, http.StatusCreated, s.AbsURL(r, "/calendar.ics?"+url.Values{"token": {secret}}.Encode()))
}
