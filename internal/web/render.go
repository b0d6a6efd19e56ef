package web

import (
	"bytes"
	"cmp"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/validation"
)

//go:embed templates
var templateFS embed.FS

// pages holds every page template, each parsed with the layout, the
// kernel's partials and its area's partials, once at start; partials holds
// every partial of every area, for RenderPartial.
type pages struct {
	byName   map[string]*template.Template
	partials *template.Template
	// limits are the text fields' limits of each page, its area's.
	limits map[string]map[string]int
}

// templateSource is the kernel's templates or one area's.
type templateSource struct {
	name  string
	files fs.FS // with templates/pages and templates/partials
}

func parsePages(static *staticFiles, areas []Area) (*pages, error) {
	funcs := template.FuncMap{
		"asset":    static.url,
		"hasAsset": static.has,
		"join":     strings.Join,
		"dict":     dict,
	}
	sources := []templateSource{{"kernel", templateFS}}
	for _, a := range areas {
		if a.Files != nil {
			sources = append(sources, templateSource{a.Name, a.Files})
		}
	}
	p := &pages{byName: map[string]*template.Template{}, partials: template.New("partials").Funcs(funcs), limits: map[string]map[string]int{}}
	limitsOf := map[string]map[string]int{}
	for _, a := range areas {
		limitsOf[a.Name] = a.Limits
	}
	partialOf := map[string]string{} // partial name → its source, to refuse a second definition
	for _, src := range sources {
		files, err := fs.Glob(src.files, "templates/partials/*.html")
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			b, err := fs.ReadFile(src.files, file)
			if err != nil {
				return nil, err
			}
			t, err := template.New(file).Funcs(funcs).Parse(string(b))
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", src.name, file, err)
			}
			for _, d := range t.Templates() {
				if d.Name() == file {
					continue
				}
				if other, dup := partialOf[d.Name()]; dup {
					return nil, fmt.Errorf("%s %s: partial %q is defined by %s too", src.name, file, d.Name(), other)
				}
				partialOf[d.Name()] = src.name
			}
			if _, err := p.partials.New(src.name + "/" + file).Parse(string(b)); err != nil {
				return nil, fmt.Errorf("%s %s: %w", src.name, file, err)
			}
		}
	}
	for _, src := range sources {
		files, err := fs.Glob(src.files, "templates/pages/*.html")
		if err != nil {
			return nil, err
		}
		for _, file := range files {
			name := strings.TrimSuffix(path.Base(file), ".html")
			if _, dup := p.byName[name]; dup {
				return nil, fmt.Errorf("%s: page %q is defined twice", src.name, name)
			}
			t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
			if err != nil {
				return nil, fmt.Errorf("layout: %w", err)
			}
			if src.name != "kernel" {
				if own, _ := fs.Glob(src.files, "templates/partials/*.html"); len(own) > 0 {
					if t, err = t.ParseFS(src.files, "templates/partials/*.html"); err != nil {
						return nil, fmt.Errorf("%s partials: %w", src.name, err)
					}
				}
			}
			if t, err = t.ParseFS(src.files, file); err != nil {
				return nil, fmt.Errorf("%s template %s: %w", src.name, name, err)
			}
			p.byName[name] = t
			p.limits[name] = limitsOf[src.name]
		}
	}
	return p, nil
}

// dict makes a map of key, value pairs, to give a partial more than one
// value: {{template "x" (dict "Page" . "Rows" .Rows)}}.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// Page is what every page's data offers the layout.
type Page interface{ Common() *Base }

// Base is the part of every page's data that the layout uses.
type Base struct {
	*i18n.Localizer
	Title     string
	Principal *auth.Principal
	Path      string // the current path and query, for the language switch
	Flash     string
	Form      Form
	Menu      Menu
	now       time.Time // the request's instant (requestState.now)
	// limits are the page's text fields' limits (Area.Limits); counted is
	// set once a field with one is drawn, so that the layout loads the
	// script that counts.
	limits  map[string]int
	counted bool
}

func (b *Base) Common() *Base { return b }

type NavItem struct {
	Href    string
	Label   string
	Current bool
}

// Menu is the main menu of a page, for the layout: what this user may open.
type Menu struct {
	// Home is where the name of the service in the header leads: the
	// start page for a signed-in user, the public front page otherwise.
	Home string
	// Top are the entries above the groups: the start page and any entry
	// without a group.
	Top    []NavItem
	Groups []NavGroup
	// Account is the user's own page, linked from their name; nil if none.
	Account *NavItem
}

// NavGroup is one group of the main menu.
type NavGroup struct {
	Name, Label string
	Items       []NavItem
}

// Empty reports whether the menu has nothing to show (a visitor's).
func (m Menu) Empty() bool { return len(m.Top) == 0 && len(m.Groups) == 0 }

// Render writes a page with status 200.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, name string, data Page, titleKey string, args ...any) error {
	return s.RenderStatus(w, r, http.StatusOK, name, data, titleKey, args...)
}

// RenderStatus fills in the common part of data and writes the page. It
// renders to a buffer first so that a template error becomes a clean 500.
func (s *Server) RenderStatus(w http.ResponseWriter, r *http.Request, status int, name string, data Page, titleKey string, args ...any) error {
	t, ok := s.pages.byName[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	st := state(r)
	b := data.Common()
	b.Localizer = st.loc
	b.Principal = st.principal
	b.Title = st.loc.T(titleKey, args...)
	b.Path = r.URL.RequestURI()
	b.now = st.now
	b.Menu = s.menu(r)
	b.limits = s.pages.limits[name]
	if b.Form.Values == nil {
		b.Form.Values = url.Values{}
	}
	if b.Form.untranslated != nil {
		b.Form.Errors = make(map[string]string, len(b.Form.untranslated))
		for f, m := range b.Form.untranslated {
			b.Form.Errors[f] = st.loc.Message(cmp.Or(pageWords[m.Key], m.Key), m.Args...)
		}
		b.Form.PersonalData = personalDataOf(data)
	}
	if !st.sessionless {
		if key := s.sessions.PopString(r.Context(), sessionFlash); key != "" {
			b.Flash = st.loc.T(key)
		}
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, st.loc.T("error.internal"), http.StatusInternalServerError)
		return nil
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// menu is the main menu: what this user may open, in its groups. A
// visitor has none: the public pages link to each other, and the name of
// the service leads to the front page. A signed-in user's start page is
// their home: the name leads there too, so that "the start page" is one
// place.
func (s *Server) menu(r *http.Request) Menu {
	p := Principal(r)
	if p == nil {
		return Menu{Home: "/"}
	}
	loc := Loc(r)
	m := Menu{Home: "/start", Top: []NavItem{{Href: "/start", Label: loc.T("nav.start")}}}
	var account NavItem
	for _, e := range s.navEntries() {
		if !p.Can(e.Perm) {
			continue
		}
		item := NavItem{Href: e.Href, Label: loc.T(e.Label)}
		switch i := slices.IndexFunc(m.Groups, func(g NavGroup) bool { return g.Name == e.Group }); {
		case e.Group == NavGroupAccount:
			if m.Account == nil {
				account = item
				m.Account = &account
			}
		case e.Group == "":
			m.Top = append(m.Top, item)
		case i < 0:
			m.Groups = append(m.Groups, NavGroup{Name: e.Group, Label: loc.T("nav.group." + e.Group), Items: []NavItem{item}})
		default:
			m.Groups[i].Items = append(m.Groups[i].Items, item)
		}
	}
	// The current item is the one whose address the path is in, the
	// longest if several are ("/reports/new", not "/reports").
	var best *NavItem
	consider := func(it *NavItem) {
		h := it.Href
		if (r.URL.Path == h || strings.HasPrefix(r.URL.Path, h+"/")) && (best == nil || len(h) > len(best.Href)) {
			best = it
		}
	}
	for i := range m.Top {
		consider(&m.Top[i])
	}
	for g := range m.Groups {
		for i := range m.Groups[g].Items {
			consider(&m.Groups[g].Items[i])
		}
	}
	if m.Account != nil {
		consider(m.Account)
	}
	if best != nil {
		best.Current = true
	}
	return m
}

// pageWords say a domain's message the way a form's field needs it: the
// API's words would be wrong on a page ("RFC 3339" for a field where one
// picks a date and a time).
var pageWords = map[string]string{"error.time_format": "error.form_time"}

// Form is a submitted form: what was typed, to show again, and what is
// wrong with it, in the user's language.
type Form struct {
	// Fields lists the form's fields in the order they are shown, so that
	// the error summary follows the page.
	Fields []string
	Values url.Values
	Errors map[string]string
	// untranslated are the errors given to setErrors, said in the user's
	// language into Errors when the page is rendered.
	untranslated validation.Errors
	// PersonalData is the warning about personal data in the free text,
	// made when the page is rendered (see personal_data.go).
	PersonalData *PersonalDataWarning
}

// SetErrors shows the form again with the values typed and what is wrong.
// The errors are translated by renderStatus, which knows the language:
// handlers call setErrors before the page has a Localizer.
func (b *Base) SetErrors(fields []string, values url.Values, errs validation.Errors) {
	b.Form.Fields = fields
	b.Form.Values = values
	b.Form.untranslated = errs
}

// HasErrors reports whether the form has any error.
func (f Form) HasErrors() bool { return len(f.Errors) > 0 }

// SummaryItem is one line of the error summary above a form.
type SummaryItem struct {
	ID, Label, Message string
}

// ErrorSummary lists the form's errors in the order of its fields, then
// any error of a field the form does not show.
func (b *Base) ErrorSummary() []SummaryItem {
	var out []SummaryItem
	seen := map[string]bool{}
	for _, f := range b.Form.Fields {
		if msg, ok := b.Form.Errors[f]; ok {
			out = append(out, SummaryItem{ID: FieldID(f), Label: b.T("field." + f), Message: msg})
			seen[f] = true
		}
	}
	var rest []string
	for f := range b.Form.Errors {
		if !seen[f] {
			rest = append(rest, f)
		}
	}
	slices.Sort(rest)
	for _, f := range rest {
		out = append(out, SummaryItem{Label: b.T("field." + f), Message: b.Form.Errors[f]})
	}
	return out
}

func FieldID(name string) string { return "f-" + strings.ReplaceAll(name, "_", "-") }

// FieldView is what the "field" partial needs to draw one labelled input
// with its hint and error.
type FieldView struct {
	ID, Name, Type, Label, Value, Error, Hint, Autocomplete string
	Required                                                bool
	// Translated words the partial needs: "(optional)" and the prefix
	// that tells screen-reader users a message is an error.
	OptionalText, ErrorPrefix string
	Options                   []Option
	Multiple                  bool
	Size                      int
	// Rows is the height of a textarea in lines, 5 unless told.
	Rows int
	// InputMode, Min, Max and Step are the attributes of the same names,
	// given as "inputmode=decimal", "min=1" and so on.
	InputMode, Min, Max, Step string
	// MaxLength is the most characters the field takes (0: no limit),
	// said in Limit; Count are the words counter.js says while one types,
	// with %d for the number.
	MaxLength int
	Limit     string
	Count     CountWords
}

// CountWords are what a counted field says of the characters left.
type CountWords struct{ Left, LeftOne, Over, OverOne string }

// Option is one choice of a select or a group of radio buttons.
type Option struct {
	Value, Label, Group string
	Selected            bool
}

// Field describes an input named name of type typ, labelled by the text
// "field.<name>". Further options: "required", "autocomplete=…",
// "hint=<message key>", "rows=<n>" for a textarea, "maxlength=<n>" for a
// limit other than the area's (Area.Limits).
func (b *Base) Field(name, typ string, opts ...string) FieldView {
	f := FieldView{
		ID:    FieldID(name),
		Name:  name,
		Type:  typ,
		Label: b.T("field." + name),
		Value: b.Form.Values.Get(name),
		Error: b.Form.Errors[name],

		OptionalText: b.T("form.optional"),
		ErrorPrefix:  b.T("form.error_prefix"),
	}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, "=")
		switch k {
		case "required":
			f.Required = true
		case "autocomplete":
			f.Autocomplete = v
		case "hint":
			f.Hint = b.T(v)
		case "inputmode":
			f.InputMode = v
		case "min":
			f.Min = v
		case "max":
			f.Max = v
		case "step":
			f.Step = v
		case "rows":
			fmt.Sscan(v, &f.Rows)
		case "maxlength":
			fmt.Sscan(v, &f.MaxLength)
		}
	}
	if f.MaxLength == 0 && (typ == "text" || typ == "textarea") {
		f.MaxLength = b.limits[limitKey(name)]
	}
	if f.MaxLength > 0 {
		b.counted = true
		f.Limit = b.TN("form.limit", f.MaxLength, b.Number(f.MaxLength))
		f.Count = CountWords{Left: b.T("form.count.left"), LeftOne: b.T("form.count.left.one"),
			Over: b.T("form.count.over"), OverOne: b.T("form.count.over.one")}
	}
	return f
}

// limitKey is the key of a field in Area.Limits: a row's number is "*"
// ("commitments.2.text" is "commitments.*.text").
func limitKey(name string) string {
	parts := strings.Split(name, ".")
	for i, p := range parts {
		if p != "" && strings.Trim(p, "0123456789") == "" {
			parts[i] = "*"
		}
	}
	return strings.Join(parts, ".")
}

// Counted reports whether the page has drawn a field with a limit, for
// the layout, after the content.
func (b *Base) Counted() bool { return b.counted }

// Select describes a select named name with the given options; the ones
// whose value was submitted are selected.
func (b *Base) Select(name string, options []Option, opts ...string) FieldView {
	f := b.Field(name, "select", opts...)
	chosen := b.Form.Values[name]
	f.Options = make([]Option, len(options))
	for i, o := range options {
		o.Selected = slices.Contains(chosen, o.Value)
		f.Options[i] = o
	}
	for _, o := range opts {
		if k, v, _ := strings.Cut(o, "="); k == "multiple" {
			f.Multiple = true
			fmt.Sscan(v, &f.Size)
		}
	}
	return f
}

// Groups returns the option groups of a select in order, for optgroup.
func (f FieldView) Groups() []OptionGroup {
	var out []OptionGroup
	for _, o := range f.Options {
		if len(out) == 0 || out[len(out)-1].Label != o.Group {
			out = append(out, OptionGroup{Label: o.Group})
		}
		out[len(out)-1].Options = append(out[len(out)-1].Options, o)
	}
	return out
}

type OptionGroup struct {
	Label   string
	Options []Option
}

// Chosen returns the labels of the group's selected options.
func (g OptionGroup) Chosen() []string {
	var out []string
	for _, o := range g.Options {
		if o.Selected {
			out = append(out, o.Label)
		}
	}
	return out
}

// DescribedBy is the aria-describedby value of a field: its hint and error.
func (f FieldView) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Error != "" {
		ids = append(ids, f.ID+"-error")
	}
	if f.MaxLength > 0 {
		ids = append(ids, f.ID+"-limit")
	}
	return strings.Join(ids, " ")
}

// Pager is the "earlier / later" navigation of a paged list.
type Pager struct {
	Next  string // URL of the next page, "" at the end
	First string // URL of the first page, "" on the first page
	Count int
	// Translated labels.
	Label, FirstLabel, NextLabel string
}

// PagerFor builds the links to the first and the next page of a list,
// keeping the other query parameters.
func PagerFor(r *http.Request, next string, count int) Pager {
	loc := Loc(r)
	p := Pager{Count: count, Label: loc.T("pager.label"), FirstLabel: loc.T("pager.first"), NextLabel: loc.T("pager.next")}
	q := r.URL.Query()
	if q.Get("cursor") != "" {
		q.Del("cursor")
		p.First = r.URL.Path + "?" + q.Encode()
		q = r.URL.Query()
	}
	if next != "" {
		q.Set("cursor", next)
		p.Next = r.URL.Path + "?" + q.Encode()
	}
	return p
}

// At writes a time, or a pointer to one, as a date and time in Sweden.
func (b *Base) At(v any) string {
	switch t := v.(type) {
	case time.Time:
		return b.DateTime(t)
	case *time.Time:
		if t != nil {
			return b.DateTime(*t)
		}
	}
	return ""
}
