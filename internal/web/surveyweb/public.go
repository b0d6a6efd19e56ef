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
		for _, name := range []string{p.Name(q), p.Name(q) + ".why"} {
			if msg, ok := p.Form.Errors[name]; ok {
				id := p.ID(q)
				if strings.HasSuffix(name, ".why") {
					id += "-why"
				}
				out = append(out, web.SummaryItem{ID: id, Label: p.Text(q), Message: msg})
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
	}
	return web.TextField{}, false
}

func (s *Server) renderAnswer(w http.ResponseWriter, r *http.Request, status int, v survey.Survey, values url.Values, errs validation.Errors) error {
	p := &answerPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v, Sections: sections(v.Questions),
		Weekdays: []int{1, 2, 3, 4, 5, 6, 7}, Parts: survey.Parts, Open: v.OpenOn(s.surveys.Today())}
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
