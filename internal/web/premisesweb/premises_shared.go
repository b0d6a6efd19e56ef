package premisesweb

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/web"
)

// What the pages of the premises register, the inspections and the
// coverage share: the choice of the municipality a page is about, the
// area's tabs, the words for the register's codes, and forms that label
// their fields with the area's own words.

// --- Which municipality ---------------------------------------------------------

// premisesReadable are the municipalities whose register the user reads,
// by name: every municipality in use for administrators.
func (s *Server) premisesReadable(r *http.Request) ([]municipality.Municipality, error) {
	all, codes := premises.Readable(web.Principal(r))
	if all {
		return s.municipalities.InUse(r.Context())
	}
	return s.MunicipalitiesByCode(r, codes)
}

// premisesWritable are the municipalities whose register and checklists
// the user keeps.
func (s *Server) premisesWritable(r *http.Request) ([]municipality.Municipality, error) {
	list, err := s.premisesReadable(r)
	if err != nil {
		return nil, err
	}
	p := web.Principal(r)
	return slices.DeleteFunc(list, func(m municipality.Municipality) bool { return !premises.CanWrite(p, m.Code) }), nil
}

// chooseMunicipality picks the municipality a page is about: the one of
// ?municipality_code= when it is among list, the only one of list when
// none is given. ok is false when the user is to choose. A municipality
// given that is not among them is not found, or forbidden when it exists.
func (s *Server) chooseMunicipality(r *http.Request, list []municipality.Municipality) (municipality.Municipality, bool, error) {
	code := strings.TrimSpace(r.URL.Query().Get("municipality_code"))
	if code == "" {
		if len(list) == 1 {
			return list[0], true, nil
		}
		return municipality.Municipality{}, false, nil
	}
	if i := slices.IndexFunc(list, func(m municipality.Municipality) bool { return m.Code == code }); i >= 0 {
		return list[i], true, nil
	}
	if !municipality.ValidCode(code) {
		return municipality.Municipality{}, false, web.ErrNotFound
	}
	if _, err := s.municipalities.ByCode(r.Context(), code); err != nil {
		return municipality.Municipality{}, false, err
	}
	return municipality.Municipality{}, false, web.ErrForbidden
}

// pageMunicipality picks the municipality of list a page is about, as
// chooseMunicipality does; when the user is to choose, it shows them the
// choice (titled titleKey, with empty saying why there is none). When ok is
// false the page is answered: the handler returns err as it is.
func (s *Server) pageMunicipality(w http.ResponseWriter, r *http.Request, list []municipality.Municipality,
	titleKey, empty string) (m municipality.Municipality, ok bool, err error) {
	m, ok, err = s.chooseMunicipality(r, list)
	if err != nil || ok {
		return m, ok, err
	}
	return m, false, s.renderChoice(w, r, list, titleKey, empty)
}

// premisesChoosePage asks which municipality (or premises) a page is to be
// about.
type premisesChoosePage struct {
	Base
	Heading, Intro, Empty string
	Links                 []choiceLink
}

type choiceLink struct {
	Href, Label, Note string
}

// renderChoice shows the municipalities to choose from, each a link to the
// same page about it; empty says why there are none.
func (s *Server) renderChoice(w http.ResponseWriter, r *http.Request, list []municipality.Municipality, titleKey, empty string) error {
	loc := web.Loc(r)
	p := &premisesChoosePage{Heading: loc.T(titleKey), Intro: loc.T("premises.choose.intro"), Empty: loc.T(empty)}
	for _, m := range list {
		q := r.URL.Query()
		q.Set("municipality_code", m.Code)
		p.Links = append(p.Links, choiceLink{Href: r.URL.Path + "?" + q.Encode(), Label: m.Name})
	}
	return s.Render(w, r, "premises_choose", p, titleKey)
}

// --- The area's tabs ----------------------------------------------------------

// premisesTabs are the links between the pages of a municipality's
// supervision, the current one marked.
func (s *Server) premisesTabs(r *http.Request, code, current string) []web.NavItem {
	loc := web.Loc(r)
	q := "?municipality_code=" + url.QueryEscape(code)
	tabs := []web.NavItem{
		{Href: "/premises" + q, Label: loc.T("premises.tab.register")},
		{Href: "/premises/coverage" + q, Label: loc.T("premises.tab.coverage")},
		{Href: "/premises/planning" + q, Label: loc.T("premises.tab.planning")},
		{Href: "/premises/summary" + q, Label: loc.T("premises.tab.summary")},
	}
	if premises.CanWrite(web.Principal(r), code) {
		tabs = append(tabs, web.NavItem{Href: "/premises/checklists" + q, Label: loc.T("premises.tab.checklists")})
	}
	for i := range tabs {
		path, _, _ := strings.Cut(tabs[i].Href, "?")
		tabs[i].Current = path == current
	}
	return tabs
}

// --- Words for the register's codes -----------------------------------------

// LicenceTypeName is the words for a licence type.
func (b *Base) LicenceTypeName(code string) string { return b.T("premises.licence_type." + code) }

// PremisesStatusName is the words for open or closed.
func (b *Base) PremisesStatusName(code string) string { return b.T("premises.status." + code) }

// InspectionKindName is the words for a kind of inspection.
func (b *Base) InspectionKindName(kind string) string { return b.T("inspection.kind." + kind) }

// InspectionModeName is the words for an open or hidden visit.
func (b *Base) InspectionModeName(mode string) string { return b.T("inspection.mode." + mode) }

// InspectionResultName is the words for the result of a check.
func (b *Base) InspectionResultName(result string) string {
	return b.T("inspection.result." + result)
}

// SanctionName is the words for a sanction; "" is none.
func (b *Base) SanctionName(sanction string) string {
	if sanction == "" {
		return b.T("inspection.sanction_none")
	}
	return b.T("inspection.sanction." + sanction)
}

// PeriodName writes a period: "vintersäsongen 2017–2018" for a winter
// season, else its dates.
func (b *Base) PeriodName(p premises.Period) string {
	if y, err := strconv.Atoi(p.From[:min(4, len(p.From))]); err == nil && premises.WinterSeason(y) == p {
		return b.T("premises.season", y, y+1)
	}
	return b.T("premises.period", p.From, p.To)
}

// --- Forms in the area's words ------------------------------------------------

// premisesForm is a form page whose fields are labelled with the area's
// words where the shared "field.<name>" says something else ("kind" is
// the kind of an organisation there), in the fields and in the error
// summary, and whose fields may have ids of their own.
type premisesForm struct {
	Base
	labels map[string]string // field → message key of its label
	// describe names the fields that are not in labels nor in the form's
	// list, such as a protocol's "protocol.items.2.note": their label and
	// the id of their element.
	describe func(field string) (label, id string, ok bool)
}

func (p *premisesForm) label(field string) string {
	if key, ok := p.labels[field]; ok {
		return p.T(key)
	}
	return p.T("field." + field)
}

// ErrorSummary lists the errors in the order of the form's fields, in the
// form's words, each linked to its field.
func (p *premisesForm) ErrorSummary() []web.SummaryItem {
	var out []web.SummaryItem
	seen := map[string]bool{}
	for _, f := range p.Form.Fields {
		if msg, ok := p.Form.Errors[f]; ok {
			out = append(out, web.SummaryItem{ID: web.FieldID(f), Label: p.label(f), Message: msg})
			seen[f] = true
		}
	}
	var rest []string
	for f := range p.Form.Errors {
		if !seen[f] {
			rest = append(rest, f)
		}
	}
	slices.SortFunc(rest, compareFields)
	for _, f := range rest {
		it := web.SummaryItem{Label: p.label(f), Message: p.Form.Errors[f]}
		if p.describe != nil {
			if label, id, ok := p.describe(f); ok {
				it.Label, it.ID = label, id
			}
		}
		out = append(out, it)
	}
	return out
}

// compareFields orders field names with numbers by their numbers:
// "protocol.items.2.note" before "protocol.items.10.note".
func compareFields(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		switch {
		case ea == nil && eb == nil && na != nb:
			return na - nb
		case pa[i] != pb[i]:
			return strings.Compare(pa[i], pb[i])
		}
	}
	return len(pa) - len(pb)
}

// PField is Field in the form's words.
func (p *premisesForm) PField(name, typ string, opts ...string) web.FieldView {
	f := p.Field(name, typ, opts...)
	f.Label = p.label(name)
	return f
}

// PSelect is Select in the form's words.
func (p *premisesForm) PSelect(name string, options []web.Option, opts ...string) web.FieldView {
	f := p.Select(name, options, opts...)
	f.Label = p.label(name)
	return f
}

// PCheckbox is a checkbox, ticked when the form's value says so.
func (p *premisesForm) PCheckbox(name string, opts ...string) web.FieldView {
	f := p.PField(name, "checkbox", opts...)
	if !web.Checkbox(f.Value) {
		f.Value = ""
	}
	return f
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }
