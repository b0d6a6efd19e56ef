package walkweb

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/walk"
	"github.com/samverkan/samverkan/internal/web"
)

// Telling the residents what was done: a coordinator publishes a walk and
// its public page shows the date, the area, the counts and the actions
// with their status and category. Never photos, descriptions, notes or
// positions (only a point's named place).

// setPublic publishes the walk of the path or takes it back; only the
// municipality's coordinators (and administrators) may.
func (s *Server) setPublic(w http.ResponseWriter, r *http.Request) error {
	wk, err := s.readableWalk(r)
	if err != nil {
		return err
	}
	if !walk.CanPublish(web.Principal(r), wk.MunicipalityCode) {
		return web.ErrForbidden
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	public := r.PostForm.Get("public") == "true"
	if err := s.walks.SetPublic(r.Context(), web.Actor(r), wk.ID, public); err != nil {
		return err
	}
	if public {
		s.Flash(r, "walk.public.published")
	} else {
		s.Flash(r, "walk.public.unpublished")
	}
	return web.Redirect(w, r, walkURL(wk.ID)+"#w-public")
}

// apiPublish and apiUnpublish publish a walk's residents' page, or take it
// back, as the walk's page does; the walk as it is then is the answer.
func (s *Server) apiPublish(w http.ResponseWriter, r *http.Request) error {
	return s.apiSetPublic(w, r, true)
}

func (s *Server) apiUnpublish(w http.ResponseWriter, r *http.Request) error {
	return s.apiSetPublic(w, r, false)
}

func (s *Server) apiSetPublic(w http.ResponseWriter, r *http.Request, public bool) error {
	wk, err := s.readableWalk(r)
	if err != nil {
		return err
	}
	if !walk.CanPublish(web.Principal(r), wk.MunicipalityCode) {
		return web.ErrForbidden
	}
	if err := s.walks.SetPublic(r.Context(), web.Actor(r), wk.ID, public); err != nil {
		return err
	}
	if wk, err = s.readableWalk(r); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, wk)
	return nil
}

type publicPage struct {
	page
	Walk         walk.PublicWalk
	Municipality string
	Whom         web.Whom
	// RouteMap draws the route the walk took; never the points.
	RouteMap walkMap
	RouteKm  float64
}

// Count is the number of actions of a status.
func (p *publicPage) Count(status string) int {
	n := 0
	for _, a := range p.Walk.Actions {
		if a.Status == status {
			n++
		}
	}
	return n
}

// publicWalkPage is the walk's page for the residents, without signing in;
// a walk not published (or of another municipality) is not found.
func (s *Server) publicWalkPage(w http.ResponseWriter, r *http.Request) error {
	m, err := s.PublicMunicipality(r)
	if err != nil {
		return err
	}
	walkID, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pw, err := s.walks.Public(r.Context(), m.Code, walkID)
	if err != nil {
		return err
	}
	p := &publicPage{page: newPage(r), Walk: pw, Municipality: m.Name}
	p.RouteMap = s.walkMapOf(r, pw.Route, nil, nil)
	p.RouteKm, _ = routeKm(pw.Route)
	if p.Whom, err = s.WhomToAsk(r, m); err != nil {
		return err
	}
	return s.Render(w, r, "walk_public", p, "walk.public.title", pw.Area, pw.HeldOn)
}
