package adminweb

import (
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

func (s *Server) apiMunicipalities(w http.ResponseWriter, r *http.Request) error {
	var all []municipality.Municipality
	var err error
	if r.URL.Query().Get("in_use") == "true" {
		all, err = s.municipalities.InUse(r.Context())
	} else {
		all, err = s.municipalities.List(r.Context())
	}
	if err != nil {
		return err
	}
	items := make([]web.MunicipalityJSON, len(all))
	for i, m := range all {
		items[i] = web.ToMunicipalityJSON(m)
	}
	web.WriteJSON(w, http.StatusOK, web.List(items, ""))
	return nil
}

type membershipJSON struct {
	OrganizationID    string   `json:"organization_id"`
	OrganizationName  string   `json:"organization_name"`
	OrganizationKind  string   `json:"organization_kind"`
	Role              string   `json:"role"`
	MunicipalityCodes []string `json:"municipality_codes"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	web.WriteJSON(w, http.StatusOK, userJSON{User: p.User, Memberships: membershipsJSON(p.Memberships)})
	return nil
}

func (s *Server) apiOrganizations(w http.ResponseWriter, r *http.Request) error {
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
	page, err := s.orgs.List(r.Context(), org.Filter{MunicipalityCode: code, Cursor: q.Get("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiOrganization(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.orgs.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) apiCreateOrganization(w http.ResponseWriter, r *http.Request) error {
	var in org.Input
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	o, err := s.orgs.Create(r.Context(), web.Actor(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/organizations/"+strconv.FormatInt(o.ID, 10))
	web.WriteJSON(w, http.StatusCreated, o)
	return nil
}

// orgPatch is a partial change: the fields left out keep their value.
type orgPatch struct {
	Name              *string   `json:"name"`
	Kind              *string   `json:"kind"`
	MunicipalityCodes *[]string `json:"municipality_codes"`
}

func (s *Server) apiUpdateOrganization(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var patch orgPatch
	if err := web.DecodeJSON(w, r, &patch); err != nil {
		return err
	}
	current, err := s.orgs.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	in := org.Input{Name: current.Name, Kind: current.Kind, MunicipalityCodes: current.MunicipalityCodes}
	if patch.Name != nil {
		in.Name = *patch.Name
	}
	if patch.Kind != nil {
		in.Kind = *patch.Kind
	}
	if patch.MunicipalityCodes != nil {
		in.MunicipalityCodes = *patch.MunicipalityCodes
	}
	o, err := s.orgs.Update(r.Context(), web.Actor(r), id, in)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := s.users.List(r.Context(), q.Get("q"), q.Get("cursor"), limit)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

type newUserJSON struct {
	Email          string `json:"email"`
	Name           string `json:"name"`
	Password       string `json:"password"`
	IsAdmin        bool   `json:"is_admin"`
	Locale         string `json:"locale"`
	OrganizationID string `json:"organization_id"`
	Role           string `json:"role"`
}

// userJSON is a user as an administrator sees it through the API: the
// account and its memberships.
type userJSON struct {
	auth.User
	Memberships []membershipJSON `json:"memberships"`
}

func membershipsJSON(ms []auth.Membership) []membershipJSON {
	out := make([]membershipJSON, 0, len(ms))
	for _, m := range ms {
		out = append(out, membershipJSON{
			OrganizationID: strconv.FormatInt(m.OrganizationID, 10), OrganizationName: m.OrganizationName,
			OrganizationKind: m.OrganizationKind, Role: string(m.Role), MunicipalityCodes: m.MunicipalityCodes,
		})
	}
	return out
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.users.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	ms, err := s.orgs.MembershipsOf(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, userJSON{User: u, Memberships: membershipsJSON(ms)})
	return nil
}

func (s *Server) apiCreateUser(w http.ResponseWriter, r *http.Request) error {
	var in newUserJSON
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	if in.Role != "" && in.OrganizationID == "" {
		// A role means nothing without the organisation it is held in.
		var e validation.Errors
		e.Add("organization_id", "error.choose")
		return e.Err()
	}
	u, err := s.createUser(r, auth.NewUser{Email: in.Email, Name: in.Name, Password: in.Password, IsAdmin: in.IsAdmin, Locale: in.Locale},
		in.OrganizationID, in.Role)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/users/"+strconv.FormatInt(u.ID, 10))
	web.WriteJSON(w, http.StatusCreated, u)
	return nil
}

type auditJSON struct {
	ID         string `json:"id"`
	At         string `json:"at"`
	ActorID    string `json:"actor_id,omitempty"`
	ActorLabel string `json:"actor"`
	Action     string `json:"action"`
	Entity     string `json:"entity"`
	EntityID   string `json:"entity_id"`
	Before     any    `json:"before"`
	After      any    `json:"after"`
}

func rawOrNull(s string) any {
	if s == "" {
		return nil
	}
	return rawJSON(s)
}

type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, err := s.audit.List(r.Context(), audit.Filter{Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Cursor: q.Get("cursor"), Limit: limit})
	if err != nil {
		return err
	}
	items := make([]auditJSON, len(page.Items))
	for i, it := range page.Items {
		items[i] = auditJSON{ID: strconv.FormatInt(it.ID, 10), At: it.At.UTC().Format("2006-01-02T15:04:05Z07:00"),
			ActorLabel: it.ActorLabel, Action: it.Action, Entity: it.Entity, EntityID: it.EntityID,
			Before: rawOrNull(it.Before), After: rawOrNull(it.After)}
		if it.ActorID != 0 {
			items[i].ActorID = strconv.FormatInt(it.ActorID, 10)
		}
	}
	web.WriteJSON(w, http.StatusOK, web.List(items, page.Next))
	return nil
}
