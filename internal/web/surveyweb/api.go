package surveyweb

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of the surveys (the contract's "Surveys"): the
// municipality's surveys, one with its questions, a new one from a
// template, an answer (public while the survey is open) and the results.

// listItem is the contract's item of GET /api/v1/surveys.
type listItem struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Status    string `json:"status"`
	OpensOn   string `json:"opens_on"`
	ClosesOn  string `json:"closes_on"`
	PublicURL string `json:"public_url"`
	Answers   int    `json:"answers"`
}

// surveyJSON is a survey with its questions and public link.
type surveyJSON struct {
	survey.Survey
	PublicURL string `json:"public_url"`
}

func (s *Server) apiList(w http.ResponseWriter, r *http.Request) error {
	code := strings.TrimSpace(r.URL.Query().Get("municipality_code"))
	var e validation.Errors
	switch {
	case code == "":
		e.Add("municipality_code", "error.required")
	case !municipality.ValidCode(code):
		e.Add("municipality_code", "error.municipality_unknown", code)
	default:
		if _, err := s.municipalities.ByCode(r.Context(), code); errors.Is(err, db.ErrNotFound) {
			e.Add("municipality_code", "error.municipality_unknown", code)
		} else if err != nil {
			return err
		}
	}
	if err := e.Err(); err != nil {
		return err
	}
	if !survey.CanReadResults(web.Principal(r), code) {
		return web.ErrForbidden
	}
	list, err := s.surveys.List(r.Context(), code)
	if err != nil {
		return err
	}
	items := make([]listItem, len(list))
	for i, v := range list {
		items[i] = listItem{ID: strconv.FormatInt(v.ID, 10), Title: v.Title, Status: v.Status, OpensOn: v.OpensOn, ClosesOn: v.ClosesOn,
			PublicURL: s.publicURL(v), Answers: v.Answers}
	}
	web.WriteJSON(w, http.StatusOK, web.List(items, ""))
	return nil
}

func (s *Server) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in survey.New
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if code := strings.TrimSpace(in.MunicipalityCode); municipality.ValidCode(code) && !survey.CanManage(web.Principal(r), code) {
		if _, err := s.municipalities.ByCode(r.Context(), code); err == nil {
			return web.ErrForbidden
		}
	}
	v, err := s.surveys.Create(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1"+surveyURL(v.ID))
	web.WriteJSON(w, http.StatusCreated, surveyJSON{Survey: v, PublicURL: s.publicURL(v)})
	return nil
}

func (s *Server) apiSurvey(w http.ResponseWriter, r *http.Request) error {
	v, err := s.readableSurvey(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, surveyJSON{Survey: v, PublicURL: s.publicURL(v)})
	return nil
}

// answerReceived is the answer to an accepted answer: nothing that could
// name the person.
type answerReceived struct {
	Received bool `json:"received"`
}

func (s *Server) apiAnswer(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.surveys.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	if v.Status == survey.Draft {
		return web.ErrNotFound
	}
	addr := web.ClientIP(r)
	if ok, wait := s.limits.Allowed(v, addr); !ok {
		minutes := retryMinutes(wait)
		return &web.HTTPError{Status: http.StatusTooManyRequests, Code: "too_many_requests", Key: "survey.answer.too_many",
			Args: []any{minutes}, RetryAfter: minutes * 60}
	}
	var a survey.Answer
	if err := web.DecodeJSON(w, r, &a); err != nil {
		return err
	}
	if _, err := s.surveys.Submit(r.Context(), v.ID, a); err != nil {
		if ve, ok := errors.AsType[*validation.Error](err); ok {
			s.countGuess(v, addr, ve)
		}
		return err
	}
	s.limits.Count(v, addr)
	web.WriteJSON(w, http.StatusCreated, answerReceived{Received: true})
	return nil
}

func (s *Server) apiResults(w http.ResponseWriter, r *http.Request) error {
	v, err := s.readableSurvey(r)
	if err != nil {
		return err
	}
	res, err := s.surveys.ResultsFor(r.Context(), web.Principal(r), v)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, res)
	return nil
}

// apiSettings turns the survey's switches (tablet mode, invitation codes,
// the public summary) as a JSON merge: a field left out is left as it is.
func (s *Server) apiSettings(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	var in survey.Settings
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if _, err := s.surveys.SetSettings(r.Context(), web.Actor(r), v.ID, in); err != nil {
		return err
	}
	if v, err = s.surveys.ByID(r.Context(), v.ID); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, surveyJSON{Survey: v, PublicURL: s.publicURL(v)})
	return nil
}

func (s *Server) apiPublish(w http.ResponseWriter, r *http.Request) error {
	return s.apiStatus(w, r, survey.Published)
}
func (s *Server) apiClose(w http.ResponseWriter, r *http.Request) error {
	return s.apiStatus(w, r, survey.Closed)
}

func (s *Server) apiStatus(w http.ResponseWriter, r *http.Request, status string) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if v, err = s.surveys.SetStatus(r.Context(), web.Actor(r), v.ID, status); err != nil {
		return err
	}
	if v, err = s.surveys.ByID(r.Context(), v.ID); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, surveyJSON{Survey: v, PublicURL: s.publicURL(v)})
	return nil
}
