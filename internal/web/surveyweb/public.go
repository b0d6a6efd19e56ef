package surveyweb

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The public answer page: no sign-in, phone first, complete without
// JavaScript. A place question offers the municipality's named places as
// checkboxes; a when question is a grid of checkboxes, weekday × part of
// the day. One answer per browser: a random token in a cookie, of which
// the survey stores only a keyed hash.

const browserCookie = "survey_browser"

// browserToken returns the browser's token, setting a new one when it has
// none.
func browserToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(browserCookie); err == nil && len(c.Value) >= 16 && len(c.Value) <= 200 {
		return c.Value
	}
	return newBrowserToken(w, r)
}

// newBrowserToken gives the browser a fresh token.
func newBrowserToken(w http.ResponseWriter, r *http.Request) string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	t := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: browserCookie, Value: t, Path: "/s/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteLaxMode})
	return t
}

// publicSurvey returns the survey of the path's token; a draft is not
// found.
func (s *Server) publicSurvey(r *http.Request) (survey.Survey, error) {
	v, err := s.surveys.ByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return v, err
	}
	if v.Status == survey.Draft {
		return v, web.ErrNotFound
	}
	return v, nil
}

type answerPage struct {
	Base
	Survey    survey.Survey
	Sections  []section
	Places    []report.Place
	Weekdays  []int
	Parts     []string
	Open      bool
	Municipal string
	// Map is the map of a place question, drawn by survey-map.js when
	// the binary has Leaflet and the browser runs JavaScript.
	Map pickMap
}

// pickMap is what survey-map.js needs to draw a place question's map.
type pickMap struct {
	Enabled              bool
	TileURL, Attribution string
	MaxPins              int
}

// pinView is a map pin the form was sent with, shown again: its hidden
// position, its own why and what is wrong with it.
type pinView struct {
	N                 int // from 1
	Index             int // from 0, as "q.<key>.pin_reason" names it
	ID, Value, Why    string
	Lat, Lon          string
	Position, Error   string
	WhyName, WhyField string
}

// Pins are the map pins of a place question as the form was sent, in
// their order, each with its why: the page is drawn again with them so
// that nothing typed is lost, and survey-map.js puts them on the map.
func (p *answerPage) Pins(q survey.Question) []pinView {
	name := p.Name(q)
	whys := p.Form.Values[name+".pin_why"]
	var out []pinView
	for i, v := range p.Form.Values[name+".pin"] {
		pv := pinView{N: i + 1, Index: i, ID: p.ID(q) + "-pin-" + strconv.Itoa(i+1), Value: v, Position: v,
			WhyName: name + ".pin_why", WhyField: survey.PinWhyField(q.Key, i)}
		if i < len(whys) {
			pv.Why = whys[i]
		}
		if la, lo, ok := strings.Cut(v, ","); ok {
			lat, err1 := strconv.ParseFloat(strings.TrimSpace(la), 64)
			lon, err2 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
			if err1 == nil && err2 == nil {
				pv.Lat, pv.Lon = strconv.FormatFloat(lat, 'f', 6, 64), strconv.FormatFloat(lon, 'f', 6, 64)
				pv.Position = p.Coordinate(&lat) + ", " + p.Coordinate(&lon)
			}
		}
		pv.Error = p.Form.Errors[pv.WhyField]
		out = append(out, pv)
	}
	return out
}

// LatText and LonText are a named place's coordinates for survey-map.js,
// "" when it has none.
func (p *answerPage) LatText(pl report.Place) string { return coordText(pl.Lat) }

func (p *answerPage) LonText(pl report.Place) string { return coordText(pl.Lon) }

func coordText(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', 6, 64)
}

// Name is a question's field name.
func (p *answerPage) Name(q survey.Question) string { return survey.FieldName(q.Key) }

// ID is a question's element id.
func (p *answerPage) ID(q survey.Question) string { return "q-" + strings.ReplaceAll(q.Key, "_", "-") }

// Text is a question in the page's language.
func (p *answerPage) Text(q survey.Question) string { return q.In(p.Lang()) }

// Chosen reports whether value was chosen in the question's field name.
func (p *answerPage) Chosen(name, value string) bool {
	return slices.Contains(p.Form.Values[name], value)
}

// Value is what the field holds.
func (p *answerPage) Value(name string) string { return p.Form.Values.Get(name) }

// Error is what is wrong with the field.
func (p *answerPage) Error(name string) string { return p.Form.Errors[name] }

// Cell is a when cell's value: "6.evening".
func (p *answerPage) Cell(day int, part string) string { return strconv.Itoa(day) + "." + part }

// PlaceValue is a named place's value.
func (p *answerPage) PlaceValue(pl report.Place) string { return strconv.FormatInt(pl.ID, 10) }

// Summary lists the errors in the order of the questions, each linked to
// its question; personal data is said by the warning instead.
func (p *answerPage) Summary() []web.SummaryItem {
	var out []web.SummaryItem
	for _, q := range p.Survey.Questions {
		for _, name := range []string{p.Name(q), p.Name(q) + ".why", survey.ReasonField(q.Key)} {
			if msg, ok := p.Form.Errors[name]; ok {
				id := p.ID(q)
				switch {
				case strings.HasSuffix(name, ".why"):
					id += "-why"
				case strings.HasSuffix(name, ".reason"):
					id += "-reason"
				}
				out = append(out, web.SummaryItem{ID: id, Label: p.Text(q), Message: msg})
			}
		}
		if q.Kind == survey.Place {
			for _, pin := range p.Pins(q) {
				if pin.Error != "" {
					out = append(out, web.SummaryItem{ID: pin.ID + "-why", Label: p.T("survey.answer.pin_why", pin.N), Message: pin.Error})
				}
			}
		}
	}
	if msg, ok := p.Form.Errors[survey.FieldInvitation]; ok {
		out = append([]web.SummaryItem{{ID: web.FieldID(survey.FieldInvitation), Label: p.T("field.invitation_code"), Message: msg}}, out...)
	}
	if msg, ok := p.Form.Errors["browser_token"]; ok {
		out = append(out, web.SummaryItem{Label: p.T("survey.answer.browser"), Message: msg})
	}
	if msg, ok := p.Form.Errors["rate"]; ok {
		out = append(out, web.SummaryItem{Label: p.T("survey.answer.rate"), Message: msg})
	}
	return p.Form.Unwarned(out)
}

// TextField names the free texts for the personal-data warning.
func (p *answerPage) TextField(name string) (web.TextField, bool) {
	for _, q := range p.Survey.Questions {
		switch name {
		case p.Name(q):
			return web.TextField{ID: p.ID(q), Label: p.Text(q), Text: p.Form.Values.Get(name)}, true
		case p.Name(q) + ".why":
			return web.TextField{ID: p.ID(q) + "-why", Label: p.T("survey.answer.why"), Text: p.Form.Values.Get(name)}, true
		}
		if q.Kind == survey.Place && strings.HasPrefix(name, p.Name(q)+".pin_why.") {
			for _, pin := range p.Pins(q) {
				if pin.WhyField == name {
					return web.TextField{ID: pin.ID + "-why", Label: p.T("survey.answer.pin_why", pin.N), Text: pin.Why}, true
				}
			}
		}
	}
	return web.TextField{}, false
}

func (s *Server) renderAnswer(w http.ResponseWriter, r *http.Request, status int, v survey.Survey, values url.Values, errs validation.Errors) error {
	p := &answerPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v, Sections: sections(v.Questions),
		Weekdays: []int{1, 2, 3, 4, 5, 6, 7}, Parts: survey.Parts, Open: v.OpenOn(s.surveys.Today()),
		Map: pickMap{Enabled: s.HasStatic("vendor/leaflet.js"), TileURL: s.TileURL(), Attribution: s.TileAttribution(),
			MaxPins: survey.MaxPins}}
	places, err := report.NewStore(s.DB()).Places(r.Context(), v.MunicipalityCode)
	if err != nil {
		return err
	}
	p.Places = places
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	p.Municipal = names[v.MunicipalityCode]
	fields := []string{survey.FieldInvitation}
	for _, q := range v.Questions {
		fields = append(fields, survey.FieldName(q.Key), survey.FieldName(q.Key)+".why")
		for i := range values[survey.FieldName(q.Key)+".pin"] {
			fields = append(fields, survey.PinWhyField(q.Key, i))
		}
	}
	p.SetErrors(fields, values, errs)
	return s.RenderStatus(w, r, status, "survey_answer", p, "survey.answer.title", v.Title)
}

func (s *Server) answerPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicSurvey(r)
	if err != nil {
		return err
	}
	browserToken(w, r)
	values := url.Values{}
	if c := r.URL.Query().Get("code"); c != "" && v.InvitationRequired {
		// A code sent in the link fills the field.
		if code, ok := survey.ParseCode(c); ok {
			c = code
		}
		values.Set(survey.FieldInvitation, c)
	}
	return s.renderAnswer(w, r, http.StatusOK, v, values, nil)
}

func (s *Server) answer(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	values := url.Values{}
	for k, val := range r.PostForm {
		if strings.HasPrefix(k, "q.") || k == survey.FieldInvitation {
			values[k] = val
		}
	}
	addr := web.ClientIP(r)
	if ok, wait := s.limits.Allowed(v, addr); !ok {
		// What was typed is kept: the person may send it later.
		minutes := retryMinutes(wait)
		w.Header().Set("Retry-After", strconv.Itoa(minutes*60))
		var e validation.Errors
		e.Add("rate", "survey.answer.too_many", minutes)
		return s.renderAnswer(w, r, http.StatusTooManyRequests, v, values, e)
	}
	a := survey.FormAnswer(r.PostForm, v.Questions)
	a.BrowserToken = browserToken(w, r)
	_, err = s.surveys.Submit(r.Context(), v.ID, a)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		s.countGuess(v, addr, ve)
		return s.renderAnswer(w, r, http.StatusUnprocessableEntity, v, values, ve.Fields)
	}
	if errors.Is(err, survey.ErrClosed) {
		return s.renderAnswer(w, r, http.StatusConflict, v, url.Values{}, nil)
	}
	if err != nil {
		return err
	}
	s.limits.Count(v, addr)
	return web.Redirect(w, r, v.PublicPath()+"/thanks")
}

// countGuess counts an answer refused for an unknown invitation code
// against the address's answers, as if taken: codes cannot be guessed at
// more than the limit's pace.
func (s *Server) countGuess(v survey.Survey, addr string, ve *validation.Error) {
	if ve.Fields[survey.FieldInvitation].Key == "error.survey_code_unknown" {
		s.limits.Count(v, addr)
	}
}

// retryMinutes is a wait in whole minutes, at least one.
func retryMinutes(wait time.Duration) int { return max(1, int(math.Ceil(wait.Minutes()))) }

// nextPerson starts a fresh answer on a tablet at a meeting: the browser
// gets a new token, so the next person's answer is their own. Outside
// tablet mode there is no next person.
func (s *Server) nextPerson(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicSurvey(r)
	if err != nil {
		return err
	}
	if !v.Tablet {
		return web.ErrNotFound
	}
	newBrowserToken(w, r)
	return web.Redirect(w, r, v.PublicPath())
}

type thanksPage struct {
	Base
	Survey survey.Survey
}

func (s *Server) thanksPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.publicSurvey(r)
	if errors.Is(err, db.ErrNotFound) {
		return web.ErrNotFound
	}
	if err != nil {
		return err
	}
	return s.Render(w, r, "survey_thanks", &thanksPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v}, "survey.thanks.title")
}
