package adminweb

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// --- Organisations -------------------------------------------------------

type orgListPage struct {
	web.Base
	Organizations []org.Organization
	Names         map[string]string
	Pager         web.Pager
}

func (s *Server) adminOrganizations(w http.ResponseWriter, r *http.Request) error {
	page, err := s.orgs.List(r.Context(), org.Filter{Cursor: r.URL.Query().Get("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	return s.Render(w, r, "admin_orgs", &orgListPage{Organizations: page.Items, Names: names, Pager: web.PagerFor(r, page.Next, len(page.Items))}, "admin.orgs.title")
}

// NameLimit is the option of the name field: an organisation's limit.
func (*orgFormPage) NameLimit() string { return fmt.Sprintf("maxlength=%d", org.MaxName) }

type orgFormPage struct {
	web.Base
	Organization   *org.Organization // nil when creating
	Kinds          []web.Option
	Municipalities []web.Option
	Members        []org.Member
}

var orgFields = []string{"name", "kind", "municipality_codes"}

func (s *Server) orgForm(w http.ResponseWriter, r *http.Request, status int, p *orgFormPage, values url.Values, errs validation.Errors) error {
	var err error
	p.Municipalities, err = s.MunicipalityOptions(r)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	for _, k := range org.Kinds {
		p.Kinds = append(p.Kinds, web.Option{Value: k, Label: loc.T("kind." + k)})
	}
	p.SetErrors(orgFields, values, errs)
	title := "admin.org_new.title"
	if p.Organization != nil {
		title = "admin.org_edit.title"
		p.Members, err = s.orgs.Members(r.Context(), p.Organization.ID)
		if err != nil {
			return err
		}
	}
	return s.RenderStatus(w, r, status, "admin_org_form", p, title)
}

func (s *Server) adminNewOrganization(w http.ResponseWriter, r *http.Request) error {
	return s.orgForm(w, r, http.StatusOK, &orgFormPage{}, url.Values{}, nil)
}

func orgInput(f url.Values) org.Input {
	return org.Input{Name: f.Get("name"), Kind: f.Get("kind"), MunicipalityCodes: f["municipality_codes"]}
}

func (s *Server) adminCreateOrganization(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	o, err := s.orgs.Create(r.Context(), web.Actor(r), orgInput(r.PostForm))
	var ve *validation.Error
	if errors.As(err, &ve) {
		return s.orgForm(w, r, http.StatusUnprocessableEntity, &orgFormPage{}, r.PostForm, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "admin.org_created")
	return web.Redirect(w, r, "/admin/organizations/"+strconv.FormatInt(o.ID, 10))
}

func (s *Server) adminEditOrganization(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.orgs.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	values := url.Values{"name": {o.Name}, "kind": {o.Kind}, "municipality_codes": o.MunicipalityCodes}
	return s.orgForm(w, r, http.StatusOK, &orgFormPage{Organization: &o}, values, nil)
}

func (s *Server) adminUpdateOrganization(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	o, err := s.orgs.Update(r.Context(), web.Actor(r), id, orgInput(r.PostForm))
	var ve *validation.Error
	if errors.As(err, &ve) {
		current, err := s.orgs.ByID(r.Context(), id)
		if err != nil {
			return err
		}
		return s.orgForm(w, r, http.StatusUnprocessableEntity, &orgFormPage{Organization: &current}, r.PostForm, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "admin.org_saved")
	return web.Redirect(w, r, "/admin/organizations/"+strconv.FormatInt(o.ID, 10))
}

// --- Users ---------------------------------------------------------------

type userListPage struct {
	web.Base
	Users []auth.User
	Query string
	Pager web.Pager
}

func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query().Get("q")
	page, err := s.users.List(r.Context(), q, r.URL.Query().Get("cursor"), 50)
	if err != nil {
		return err
	}
	return s.Render(w, r, "admin_users", &userListPage{Users: page.Items, Query: q, Pager: web.PagerFor(r, page.Next, len(page.Items))}, "admin.users.title")
}

type userFormPage struct {
	web.Base
	User          *auth.User // nil when creating
	Organizations []web.Option
	Roles         []web.Option
	Memberships   []auth.Membership
	// Second form on the edit page: add a membership.
	MembershipForm web.Form
}

var (
	newUserFields  = []string{"name", "email", "password", "is_admin", "organization_id", "role"}
	editUserFields = []string{"name", "email", "is_admin", "disabled"}
)

func (s *Server) userFormOptions(r *http.Request, p *userFormPage) error {
	orgs, err := s.orgs.List(r.Context(), org.Filter{Limit: 500})
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	p.Organizations = []web.Option{{Value: "", Label: loc.T("admin.user.no_org")}}
	for _, o := range orgs.Items {
		p.Organizations = append(p.Organizations, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	for _, role := range auth.Roles {
		p.Roles = append(p.Roles, web.Option{Value: string(role), Label: loc.T("role." + string(role))})
	}
	return nil
}

func (s *Server) adminNewUser(w http.ResponseWriter, r *http.Request) error {
	p := &userFormPage{}
	if err := s.userFormOptions(r, p); err != nil {
		return err
	}
	p.SetErrors(newUserFields, url.Values{"role": {string(auth.RoleMember)}}, nil)
	return s.Render(w, r, "admin_user_new", p, "admin.user_new.title")
}

func (s *Server) adminCreateUser(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := auth.NewUser{Name: f.Get("name"), Email: f.Get("email"), Password: f.Get("password"), IsAdmin: web.Checkbox(f.Get("is_admin"))}
	u, err := s.createUser(r, in, f.Get("organization_id"), f.Get("role"))
	var ve *validation.Error
	if errors.As(err, &ve) {
		p := &userFormPage{}
		if err := s.userFormOptions(r, p); err != nil {
			return err
		}
		values := url.Values{}
		for k, v := range f {
			if k != "password" {
				values[k] = v
			}
		}
		p.SetErrors(newUserFields, values, ve.Fields)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "admin_user_new", p, "admin.user_new.title")
	}
	if err != nil {
		return err
	}
	s.Flash(r, "admin.user_created")
	return web.Redirect(w, r, "/admin/users/"+strconv.FormatInt(u.ID, 10))
}

// createUser creates a user with an optional membership; orgText is the
// organisation's id as submitted, "" for none.
func (s *Server) createUser(r *http.Request, in auth.NewUser, orgText, role string) (auth.User, error) {
	var orgID int64
	if orgText != "" {
		id, err := strconv.ParseInt(orgText, 10, 64)
		if err != nil || id <= 0 {
			id = -1 // reported as an unknown organisation with the other errors
		}
		orgID = id
	}
	return s.orgs.CreateUser(r.Context(), web.Actor(r), in, orgID, role)
}

func (s *Server) editUserPage(w http.ResponseWriter, r *http.Request, status int, id int64, values url.Values, errs validation.Errors, mform web.Form) error {
	u, err := s.users.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	p := &userFormPage{User: &u, MembershipForm: mform}
	if err := s.userFormOptions(r, p); err != nil {
		return err
	}
	if p.Memberships, err = s.orgs.MembershipsOf(r.Context(), id); err != nil {
		return err
	}
	if values == nil {
		values = url.Values{"name": {u.Name}, "email": {u.Email}}
		if u.IsAdmin {
			values.Set("is_admin", "on")
		}
		if u.Disabled {
			values.Set("disabled", "on")
		}
	}
	p.SetErrors(editUserFields, values, errs)
	if p.MembershipForm.Values == nil {
		p.MembershipForm.Values = url.Values{"role": {string(auth.RoleMember)}}
	}
	return s.RenderStatus(w, r, status, "admin_user_edit", p, "admin.user_edit.title", u.Name)
}

func (s *Server) adminEditUser(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	return s.editUserPage(w, r, http.StatusOK, id, nil, nil, web.Form{})
}

func (s *Server) adminUpdateUser(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	_, err = s.users.Update(r.Context(), web.Actor(r), id, auth.Update{
		Name: f.Get("name"), Email: f.Get("email"), IsAdmin: web.Checkbox(f.Get("is_admin")), Disabled: web.Checkbox(f.Get("disabled")),
	})
	var ve *validation.Error
	if errors.As(err, &ve) {
		return s.editUserPage(w, r, http.StatusUnprocessableEntity, id, f, ve.Fields, web.Form{})
	}
	if err != nil {
		return err
	}
	s.Flash(r, "admin.user_saved")
	return web.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10))
}

func (s *Server) adminSetPassword(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	err = s.users.SetPassword(r.Context(), web.Actor(r), id, r.PostForm.Get("password"))
	var ve *validation.Error
	if errors.As(err, &ve) {
		return s.editUserPage(w, r, http.StatusUnprocessableEntity, id, nil, ve.Fields, web.Form{})
	}
	if err != nil {
		return err
	}
	s.Flash(r, "admin.password_set")
	return web.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10))
}

func (s *Server) adminSetMembership(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if _, err := s.users.ByID(r.Context(), id); err != nil {
		return err
	}
	orgID, _ := strconv.ParseInt(r.PostForm.Get("organization_id"), 10, 64)
	err = s.orgs.SetMembership(r.Context(), web.Actor(r), id, orgID, r.PostForm.Get("role"))
	var ve *validation.Error
	if errors.As(err, &ve) {
		loc := web.Loc(r)
		mf := web.Form{Fields: []string{"organization_id", "role"}, Values: r.PostForm, Errors: map[string]string{}}
		for f, m := range ve.Fields {
			mf.Errors[f] = loc.T(m.Key, m.Args...)
		}
		return s.editUserPage(w, r, http.StatusUnprocessableEntity, id, nil, nil, mf)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "admin.membership_saved")
	return web.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10))
}

func (s *Server) adminRemoveMembership(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	orgID, err := web.PathID(r, "org")
	if err != nil {
		return err
	}
	if err := s.orgs.RemoveMembership(r.Context(), web.Actor(r), id, orgID); err != nil {
		return err
	}
	s.Flash(r, "admin.membership_removed")
	return web.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10))
}

// --- Audit trail ---------------------------------------------------------

type auditPage struct {
	web.Base
	Items    []audit.Item
	Entity   string
	Entities []web.Option
	Pager    web.Pager
}

var auditEntities = []string{"organization", "user", "membership", "api_token", "agreement", "promise", "commitment"}

func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	entity := q.Get("entity")
	page, err := s.audit.List(r.Context(), audit.Filter{Entity: entity, Cursor: q.Get("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	p := &auditPage{Items: page.Items, Entity: entity, Pager: web.PagerFor(r, page.Next, len(page.Items))}
	p.Entities = []web.Option{{Value: "", Label: loc.T("audit.all_entities")}}
	for _, e := range auditEntities {
		p.Entities = append(p.Entities, web.Option{Value: e, Label: loc.T("entity." + e), Selected: e == entity})
	}
	return s.Render(w, r, "admin_audit", p, "admin.audit.title")
}

// MembershipBase is the page seen through its second form, so that the
// field helpers of the "add membership" form read that form's values and
// errors.
func (p *userFormPage) MembershipBase() *web.Base {
	b := p.Base
	b.Form = p.MembershipForm
	return &b
}
