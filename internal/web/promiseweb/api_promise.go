package promiseweb

import (
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of agreements and citizen promises. The route table lets in
// those who hold the permission at all; these handlers decide whether it
// reaches the municipality and the record (package promise says how).

// mayManage refuses a change in a municipality the user does not
// coordinate. An unknown code passes: validation names it.
func mayManage(r *http.Request, code string) error {
	if municipality.ValidCode(code) && !promise.CanManage(web.Principal(r), code) {
		return web.ErrForbidden
	}
	return nil
}

// --- Agreements ------------------------------------------------------------

func (s *Server) apiAgreements(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := s.promises.Agreements(r.Context(), promise.AgreementFilter{
		Scope: promise.ScopeOf(web.Principal(r)), MunicipalityCode: q.Get("municipality_code"), Cursor: q.Get("cursor"), Limit: limit,
	})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiCreateAgreement(w http.ResponseWriter, r *http.Request) error {
	var in promise.AgreementInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := mayManage(r, in.MunicipalityCode); err != nil {
		return err
	}
	a, err := s.promises.CreateAgreement(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/agreements/"+strconv.FormatInt(a.ID, 10))
	web.WriteJSON(w, http.StatusCreated, a)
	return nil
}

// readableAgreement returns the agreement of the path when the user may
// read it; one they may not is not found.
func (s *Server) readableAgreement(r *http.Request) (promise.Agreement, error) {
	return web.ReadableRecord(r, s.promises.Agreement, func(a promise.Agreement) bool { return promise.CanReadAgreement(web.Principal(r), a) })
}

func (s *Server) apiAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := s.readableAgreement(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiUpdateAgreement(w http.ResponseWriter, r *http.Request) error {
	current, err := s.readableAgreement(r)
	if err != nil {
		return err
	}
	if err := mayManage(r, current.MunicipalityCode); err != nil {
		return err
	}
	in, err := web.PatchOf(w, r, promise.AgreementInputOf(current))
	if err != nil {
		return err
	}
	if err := mayManage(r, in.MunicipalityCode); err != nil {
		return err
	}
	a, err := s.promises.UpdateAgreement(r.Context(), web.Actor(r), current.ID, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiAgreementVersions(w http.ResponseWriter, r *http.Request) error {
	a, err := s.readableAgreement(r)
	if err != nil {
		return err
	}
	versions, err := s.promises.Versions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(versions, ""))
	return nil
}

// --- Promises --------------------------------------------------------------

// apiPromises lists the public promises and the drafts the user may see.
func (s *Server) apiPromises(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := s.promises.List(r.Context(), promise.Filter{
		Scope: promise.ScopeOf(web.Principal(r)), Public: true, MunicipalityCode: q.Get("municipality_code"), Cursor: q.Get("cursor"), Limit: limit,
	})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiCreatePromise(w http.ResponseWriter, r *http.Request) error {
	var in promise.Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := mayManage(r, in.MunicipalityCode); err != nil {
		return err
	}
	p, err := s.promises.Create(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/promises/"+strconv.FormatInt(p.ID, 10))
	web.WriteJSON(w, http.StatusCreated, p)
	return nil
}

// readablePromise returns the promise of the path when the user may read
// it; a draft they may not see is not found.
func (s *Server) readablePromise(r *http.Request) (promise.Promise, error) {
	return web.ReadableRecord(r, s.promises.Promise, func(p promise.Promise) bool { return promise.CanRead(web.Principal(r), p) })
}

// managedPromise returns the promise of the path when the user may change
// it.
func (s *Server) managedPromise(r *http.Request) (promise.Promise, error) {
	p, err := s.readablePromise(r)
	if err != nil {
		return p, err
	}
	return p, mayManage(r, p.MunicipalityCode)
}

func (s *Server) apiPromise(w http.ResponseWriter, r *http.Request) error {
	p, err := s.readablePromise(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiUpdatePromise(w http.ResponseWriter, r *http.Request) error {
	current, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	in, err := web.PatchOf(w, r, promise.InputOf(current))
	if err != nil {
		return err
	}
	if err := mayManage(r, in.MunicipalityCode); err != nil {
		return err
	}
	p, err := s.promises.Update(r.Context(), web.Actor(r), current.ID, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiPublishPromise(w http.ResponseWriter, r *http.Request) error {
	current, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	p, err := s.promises.Publish(r.Context(), web.Actor(r), current.ID)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiEndPromise(w http.ResponseWriter, r *http.Request) error {
	current, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	p, err := s.promises.End(r.Context(), web.Actor(r), current.ID)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiAmendPromise(w http.ResponseWriter, r *http.Request) error {
	current, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	var in promise.AmendmentInput
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	p, err := s.promises.Amend(r.Context(), web.Actor(r), current.ID, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, p)
	return nil
}

func (s *Server) apiPromiseProgress(w http.ResponseWriter, r *http.Request) error {
	p, err := s.readablePromise(r)
	if err != nil {
		return err
	}
	progress, err := s.progress(r.Context(), p)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, progress)
	return nil
}

// apiUpdateCommitment records the status of a commitment: by those who
// manage the municipality and by the party that made it, nobody else.
func (s *Server) apiUpdateCommitment(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	c, p, err := s.promises.CommitmentWithPromise(r.Context(), id)
	if err != nil {
		return err
	}
	if !promise.CanRead(web.Principal(r), p) {
		return web.ErrNotFound
	}
	if !promise.CanUpdateStatus(web.Principal(r), p, c) {
		return web.ErrForbidden
	}
	in, err := web.PatchOf(w, r, promise.StatusInput{Status: string(c.Status), Reason: c.Reason})
	if err != nil {
		return err
	}
	c, err = s.promises.SetStatus(r.Context(), web.Actor(r), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, c)
	return nil
}

// --- Public ----------------------------------------------------------------

// apiPublicPromises lists the published and ended promises, to anyone.
func (s *Server) apiPublicPromises(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	code := q.Get("municipality_code")
	if code != "" && !municipality.ValidCode(code) {
		var e validation.Errors
		e.Add("municipality_code", "error.municipality_unknown", code)
		return e.Err()
	}
	page, err := s.promises.List(r.Context(), promise.PublicFilter(code, q.Get("cursor"), limit))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiPublicPromise(w http.ResponseWriter, r *http.Request) error {
	p, err := s.publicPromise(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, p)
	return nil
}

// publicPromise returns the promise of the path when it is public.
func (s *Server) publicPromise(r *http.Request) (promise.Promise, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return promise.Promise{}, err
	}
	p, err := s.promises.Promise(r.Context(), id)
	if err != nil {
		return promise.Promise{}, err
	}
	if !p.IsPublic() {
		return promise.Promise{}, web.ErrNotFound
	}
	return p, nil
}
