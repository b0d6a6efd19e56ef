package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/i18n"
)

// Area is one room of the product (reports, promises, premises, …): a
// package of its own under internal/web that builds an Area from the
// kernel and is mounted by serve. The kernel never imports an area, and no
// area imports another; what two areas share lives here or in a domain
// package.
type Area struct {
	// Name is the area's name, unique among the mounted areas.
	Name string
	// Routes are the area's lines of the route table, which is also the
	// permission table.
	Routes []Route
	// Files holds the area's own files, each kind in its folder:
	//
	//	templates/pages/*.html     pages, each parsed with the layout, the
	//	                           kernel's partials and the area's partials
	//	templates/partials/*.html  the area's partials
	//	static/…                   files served under /static/; static/css/*.css
	//	                           are joined to the common style sheet
	//	locales/{sv,en}/*.json     messages, both languages complete
	//	openapi.json               operations and schemas of the API document
	//
	// Every name must be unique across the areas: a page, partial, static
	// file, message key, path or schema defined twice stops the start.
	Files fs.FS
	// Start, when set, renders the area's section of the start page for
	// the user of r (RenderPartial); "" leaves it out.
	Start func(r *http.Request) (template.HTML, error)
	// StartOrder places the section among the others, lower first.
	StartOrder int
	// StartNotice, when set, renders what the user of r must not miss (a
	// coordinator's reminder) at the top of the start page, above every
	// section, in StartOrder too; "" leaves it out.
	StartNotice func(r *http.Request) (template.HTML, error)
	// Public, when set, renders the area's section of a municipality's
	// public page (/kommun/{code}) for the reader of r: what the area has
	// published there (a survey's summary, a safety walk); "" leaves it
	// out. Sections come in StartOrder.
	Public func(r *http.Request, code string) (template.HTML, error)
	// Nav are the area's entries of the main menu.
	Nav []NavEntry
	// Limits are the most characters the text fields of the area's forms
	// take, by field name ("commitments.*.text" for a field of every row),
	// as the domain checks them: the fields say the limit in their hint
	// and count down while one types.
	Limits map[string]int
}

// NavEntry is an entry of the main menu, shown to those with Perm.
type NavEntry struct {
	Href  string
	Label string // message key
	Perm  auth.Permission
	// Order places the entry among all areas' entries, lower first; a
	// group is placed by its first entry.
	Order int
	// Group is the menu's group the entry is shown in (NavGroupReport, …),
	// labelled "nav.group.<group>"; "" shows it at the top, beside the
	// start page.
	Group string
}

// The groups of the main menu. A long flat menu of every area hid the
// content on a phone and told a new user nothing about what goes with
// what; the groups say it, and fold behind one button on a phone.
const (
	// NavGroupReport is making a report: the form a reporter opens.
	NavGroupReport = "report"
	// NavGroupPicture is what the reports say: the list, the weekly
	// picture and the briefs.
	NavGroupPicture = "picture"
	// NavGroupDialogue is asking and looking before the work: surveys of
	// citizens and staff, and safety walks, where a problem picture starts.
	NavGroupDialogue = "dialogue"
	// NavGroupWork is the work itself: agreements, promises, activities,
	// meetings, premises.
	NavGroupWork = "work"
	// NavGroupAdmin is the administration of the service.
	NavGroupAdmin = "admin"
	// NavGroupAccount is the user's own page, linked from their name in
	// the header rather than from the menu.
	NavGroupAccount = "account"
)

// Mount adds the areas and builds what depends on all of them: the
// templates, the static files, the messages, the OpenAPI document and the
// routes. It is called once, before the server answers a request.
func (s *Server) Mount(areas ...Area) error {
	if s.handler != nil {
		return fmt.Errorf("web: Mount called twice")
	}
	names := map[string]bool{}
	for _, a := range areas {
		if a.Name == "" || names[a.Name] {
			return fmt.Errorf("web: area %q is unnamed or mounted twice", a.Name)
		}
		names[a.Name] = true
	}
	s.areas = areas
	var err error
	var locales []fs.FS
	for _, a := range areas {
		if a.Files != nil {
			locales = append(locales, a.Files)
		}
	}
	if s.i18n, err = i18n.Load(locales...); err != nil {
		return err
	}
	if s.static, err = loadStatic(areas); err != nil {
		return err
	}
	if s.pages, err = parsePages(s.static, areas); err != nil {
		return err
	}
	if s.openAPIDoc, err = openAPIOf(areas); err != nil {
		return err
	}
	s.handler = s.routes()
	return nil
}

// RenderPartial renders one of the partials (any area's or the kernel's)
// to HTML, for a section of a page another part builds: the start page's
// sections, say.
func (s *Server) RenderPartial(name string, data any) (template.HTML, error) {
	if s.pages.partials.Lookup(name) == nil {
		return "", fmt.Errorf("no partial %q", name)
	}
	var buf bytes.Buffer
	if err := s.pages.partials.ExecuteTemplate(&buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// startSections renders the areas' sections of r's start page, in order.
func (s *Server) startSections(r *http.Request) ([]template.HTML, error) {
	return s.startParts(r, func(a Area) func(*http.Request) (template.HTML, error) { return a.Start })
}

// startNotices renders the areas' notices of r's start page, in order.
func (s *Server) startNotices(r *http.Request) ([]template.HTML, error) {
	return s.startParts(r, func(a Area) func(*http.Request) (template.HTML, error) { return a.StartNotice })
}

// PublicSections renders the areas' sections of the public page of the
// municipality code, in order, for the area that draws that page.
func (s *Server) PublicSections(r *http.Request, code string) ([]template.HTML, error) {
	return s.startParts(r, func(a Area) func(*http.Request) (template.HTML, error) {
		if a.Public == nil {
			return nil
		}
		return func(r *http.Request) (template.HTML, error) { return a.Public(r, code) }
	})
}

func (s *Server) startParts(r *http.Request, part func(Area) func(*http.Request) (template.HTML, error)) ([]template.HTML, error) {
	withStart := slices.DeleteFunc(slices.Clone(s.areas), func(a Area) bool { return part(a) == nil })
	slices.SortStableFunc(withStart, func(a, b Area) int { return a.StartOrder - b.StartOrder })
	var out []template.HTML
	for _, a := range withStart {
		h, err := part(a)(r)
		if err != nil {
			return nil, fmt.Errorf("start section of %s: %w", a.Name, err)
		}
		if h != "" {
			out = append(out, h)
		}
	}
	return out, nil
}

// navEntries are the menu entries of every area, in order.
func (s *Server) navEntries() []NavEntry {
	var out []NavEntry
	for _, a := range s.areas {
		out = append(out, a.Nav...)
	}
	slices.SortStableFunc(out, func(a, b NavEntry) int { return a.Order - b.Order })
	return out
}

// PageBase is a Base ready for r, for a partial rendered outside a page
// (RenderPartial): its words are in r's language.
func PageBase(r *http.Request) *Base {
	st := state(r)
	return &Base{Localizer: st.loc, Principal: st.principal, now: st.now}
}
