package web

import (
	"html/template"
	"net/http"
	"slices"

	"github.com/samverkan/samverkan/internal/auth"
)

// startPage is the signed-in user's start page: who they are, in which
// organisations, what they may do, and the areas' sections.
type startPage struct {
	Base
	Memberships    []membershipView
	Abilities      []string
	Municipalities map[string]string
	// Sections are the areas' parts of the page (Area.Start), in order;
	// Notices what they put above everything (Area.StartNotice).
	Sections, Notices []template.HTML
}

type membershipView struct {
	auth.Membership
	Municipalities []string
}

func (s *Server) startPage(w http.ResponseWriter, r *http.Request) error {
	p := Principal(r)
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	page := &startPage{}
	var roles []auth.Role
	for _, m := range p.Memberships {
		mv := membershipView{Membership: m}
		for _, c := range m.MunicipalityCodes {
			mv.Municipalities = append(mv.Municipalities, names[c])
		}
		page.Memberships = append(page.Memberships, mv)
		if !slices.Contains(roles, m.Role) {
			roles = append(roles, m.Role)
		}
	}
	// What the user can do, said per role held, most powerful first.
	if p.User.IsAdmin {
		page.Abilities = append(page.Abilities, "ability.admin")
	}
	for _, role := range auth.Roles {
		if slices.Contains(roles, role) {
			page.Abilities = append(page.Abilities, "ability."+string(role))
		}
	}
	page.Abilities = append(page.Abilities, "ability.self")
	if page.Sections, err = s.startSections(r); err != nil {
		return err
	}
	if page.Notices, err = s.startNotices(r); err != nil {
		return err
	}
	return s.Render(w, r, "start", page, "start.title")
}
