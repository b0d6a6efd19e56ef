package premisesweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The checklists a municipality writes its protocols from, one per kind
// of inspection, kept by the municipality's coordinators and alcohol
// officers (premises.CanWrite). A municipality without a list of its own
// uses the product's (premises.DefaultChecklist). One form per kind on one
// page, each a text area with a check per line; a refused form is shown
// again with what was typed, the others with what is stored.

type checklistsPage struct {
	Base
	Municipality municipality.Municipality
	Tabs         []web.NavItem
	Lists        []checklistForm
	Max          int
}

// checklistForm is the form of one kind's list.
type checklistForm struct {
	Kind, Name, ID string
	Default        bool
	Text           string
	Rows           int
	Error          string
}

func (s *Server) checklistsPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.premisesWritable(r)
	if err != nil {
		return err
	}
	m, ok, err := s.pageMunicipality(w, r, list, "premises.checklists.title", "premises.checklists.none")
	if !ok {
		return err
	}
	return s.checklistsForm(w, r, http.StatusOK, m, "", "", nil)
}

// checklistsForm renders the page; kind, text and errs are those of the
// form that was refused.
func (s *Server) checklistsForm(w http.ResponseWriter, r *http.Request, status int, m municipality.Municipality,
	kind, text string, errs validation.Errors) error {
	loc := web.Loc(r)
	p := &checklistsPage{Base: Base{web.Base{Localizer: loc}}, Municipality: m, Tabs: s.premisesTabs(r, m.Code, "/premises/checklists"), Max: premises.MaxChecks}
	for _, k := range premises.InspectionKinds {
		c, err := s.premises.Checklist(r.Context(), m.Code, k)
		if err != nil {
			return err
		}
		f := checklistForm{Kind: k, Name: p.InspectionKindName(k), ID: "f-items-" + kindID(k), Default: c.Default,
			Text: strings.Join(c.Items, "\n")}
		if k == kind {
			f.Text = text
			if msg, ok := checklistError(errs); ok {
				f.Error = loc.T(msg.Key, msg.Args...)
			}
		}
		f.Rows = max(4, strings.Count(f.Text, "\n")+2)
		p.Lists = append(p.Lists, f)
	}
	return s.RenderStatus(w, r, status, "premises_checklists", p, "premises.checklists.title_in", m.Name)
}

// ErrorSummary is the error summary of the page: the refused list's
// error, linked to its text area.
func (p *checklistsPage) ErrorSummary() []web.SummaryItem {
	for _, l := range p.Lists {
		if l.Error != "" {
			return []web.SummaryItem{{ID: l.ID, Label: p.T("premises.checklists.list_of", l.Name), Message: l.Error}}
		}
	}
	return nil
}

// checklistError says a checklist's errors on its one text area: what is
// wrong with the list as a whole, else with its first wrong line, by
// number ("items.3.text" is the fourth line).
func checklistError(errs validation.Errors) (validation.Message, bool) {
	if len(errs) == 0 {
		return validation.Message{}, false
	}
	return checklistMessage(errs), true
}

func checklistMessage(errs validation.Errors) validation.Message {
	for _, f := range []string{"items", "kind", "municipality_code"} {
		if m, ok := errs[f]; ok {
			return m
		}
	}
	line, msg := -1, validation.Message{}
	for f, m := range errs {
		n, _, _ := strings.Cut(strings.TrimPrefix(f, "items."), ".")
		i, err := strconv.Atoi(n)
		if err != nil || !strings.HasPrefix(f, "items.") || (line >= 0 && i >= line) {
			continue
		}
		line, msg = i, m
	}
	switch {
	case line < 0:
		for _, m := range errs {
			return m
		}
	case msg.Key == "error.check_twice":
		return validation.Message{Key: "error.checklist_line_twice", Args: []any{line + 1}}
	case msg.Key == "error.too_long":
		return validation.Message{Key: "error.checklist_line_too_long", Args: append([]any{line + 1}, msg.Args...)}
	}
	return validation.Message{Key: "error.checklist_line_invalid", Args: []any{line + 1}}
}

// saveChecklist replaces a kind's list with the lines of the text area,
// in their order; "reset" goes back to the product's list.
func (s *Server) saveChecklist(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	code, kind := strings.TrimSpace(f.Get("municipality_code")), f.Get("kind")
	if !municipality.ValidCode(code) {
		var e validation.Errors
		e.Add("municipality_code", "error.choose")
		return e.Err()
	}
	m, err := s.municipalities.ByCode(r.Context(), code)
	if err != nil {
		return err
	}
	if !premises.CanWrite(web.Principal(r), code) {
		return web.ErrForbidden
	}
	text := strings.ReplaceAll(f.Get("items"), "\r\n", "\n")
	items := strings.Split(text, "\n")
	if f.Get("reset") != "" {
		items, text = nil, ""
	}
	_, err = s.premises.SetChecklist(r.Context(), web.Actor(r), code, kind, items)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		if _, known := ve.Fields["kind"]; known {
			return err // not a kind of this form: a request made by hand
		}
		return s.checklistsForm(w, r, http.StatusUnprocessableEntity, m, kind, text, ve.Fields)
	}
	if err != nil {
		return err
	}
	key := "premises.checklists.saved"
	if f.Get("reset") != "" {
		key = "premises.checklists.reset_done"
	}
	s.Flash(r, key)
	return web.Redirect(w, r, "/premises/checklists?municipality_code="+url.QueryEscape(code)+"#"+"f-items-"+kindID(kind))
}
