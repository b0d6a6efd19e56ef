package walkweb

import (
	"net/http"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/walk"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of safety walks. The list's items are the contract's
// {id, held_on, area, points, actions}, where points and actions are
// counts (open_actions and municipality_code beside them); a walk itself
// has its points with their actions.

func (s *Server) apiWalks(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := walk.Filter{Scope: walk.ScopeOf(web.Principal(r)), Cursor: q.Get("cursor"), Limit: limit}
	if f.MunicipalityCode = strings.TrimSpace(q.Get("municipality_code")); f.MunicipalityCode != "" && !municipality.ValidCode(f.MunicipalityCode) {
		var e validation.Errors
		e.Add("municipality_code", "error.municipality_unknown", f.MunicipalityCode)
		return e.Err()
	}
	page, err := s.walks.Walks(r.Context(), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiCreateWalk(w http.ResponseWriter, r *http.Request) error {
	var in walk.Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if code := strings.TrimSpace(in.MunicipalityCode); code != "" && !walk.CanWrite(web.Principal(r), code) {
		var e validation.Errors
		e.Add("municipality_code", "walk.error.not_your_municipality")
		return e.Err()
	}
	created, err := s.walks.CreateWalk(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/safety-walks/"+id(created.ID))
	web.WriteJSON(w, http.StatusCreated, created)
	return nil
}

func (s *Server) apiWalk(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.readableWalk(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, wk)
	return nil
}

func (s *Server) apiCreatePoint(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.writableWalk(r)
	if err != nil {
		return err
	}
	var in walk.PointInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ReportVisible = s.reportVisible(r)
	pt, created, err := s.walks.SubmitPoint(r.Context(), web.Actor(r), wk.ID, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/safety-walks/"+id(wk.ID))
	status := http.StatusCreated
	if !created {
		status = http.StatusOK // a repeat of its external_id
	}
	web.WriteJSON(w, status, pt)
	return nil
}

func (s *Server) apiCreateAction(w http.ResponseWriter, r *http.Request) error {
	_, pt, err := s.pointOf(r)
	if err != nil {
		return err
	}
	var in walk.ActionInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	in.ReportVisible = s.reportVisible(r)
	a, err := s.walks.AddAction(r.Context(), web.Actor(r), pt.ID, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiUpdateAction(w http.ResponseWriter, r *http.Request) error {
	a, _, err := s.writableAction(r)
	if err != nil {
		return err
	}
	ch, err := web.PatchOf(w, r, walk.ChangeOf(a))
	if err != nil {
		return err
	}
	ch.ReportVisible = s.reportVisible(r)
	changed, err := s.walks.UpdateAction(r.Context(), web.Actor(r), a.ID, ch)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, changed)
	return nil
}
