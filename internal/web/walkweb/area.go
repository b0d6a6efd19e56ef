// Package walkweb is the safety-walk area of the product (issue 13): the
// walks of a municipality, a walk recorded on a phone point by point (with
// a photo, without JavaScript), its action list with an owner per point,
// the walk's report as a page and a PDF, the start page's section of the
// open actions an organisation owns, and the JSON API. Package walk
// decides which municipality's walks a user reaches; these handlers only
// ask it.
package walkweb

import (
	"embed"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/walk"
	"github.com/samverkan/samverkan/internal/web"
)

//go:embed templates static locales openapi.json
var files embed.FS

// Server is the area's handlers on the kernel.
type Server struct {
	*web.Server
	walks   *walk.Store
	reports *report.Store
}

// New builds the area on the kernel k.
func New(k *web.Server) web.Area {
	s := &Server{Server: k, walks: walk.NewStore(k.DB()), reports: report.NewStore(k.DB())}
	return web.Area{Name: "walks", Routes: s.routes(), Files: files, Limits: walk.Limits,
		StartOrder: 15, Start: s.startSection, Public: s.publicSection,
		Nav: []web.NavEntry{{Href: "/safety-walks", Label: "nav.safety_walks", Perm: auth.PermWalkRead, Order: 26, Group: web.NavGroupDialogue}}}
}

func (s *Server) routes() []web.Route {
	return []web.Route{
		web.Handle("GET /safety-walks", auth.PermWalkRead, s.listPage),
		web.Handle("GET /safety-walks/new", auth.PermWalkWrite, s.newWalkPage),
		web.Handle("GET /safety-walks/sw.js", web.Public, s.serviceWorker),
		web.Handle("POST /safety-walks", auth.PermWalkWrite, s.createWalk),
		web.Handle("GET /safety-walks/{id}", auth.PermWalkRead, s.walkPage),
		web.Handle("GET /safety-walks/{id}/report.pdf", auth.PermWalkRead, s.walkPDF),
		web.Handle("GET /safety-walks/{id}/points/new", auth.PermWalkWrite, s.newPointPage),
		web.Handle("POST /safety-walks/{id}/points", auth.PermWalkWrite, s.createPoint),
		web.Handle("GET /safety-walk-points/{id}/photo", auth.PermWalkRead, s.photo),
		web.Handle("GET /safety-walk-points/{id}/actions/new", auth.PermWalkWrite, s.newActionPage),
		web.Handle("POST /safety-walk-points/{id}/actions", auth.PermWalkWrite, s.createAction),
		web.Handle("POST /safety-walk-actions/{id}/status", auth.PermWalkWrite, s.setStatus),
		web.Handle("POST /safety-walks/{id}/public", auth.PermWalkWrite, s.setPublic),
		web.Handle("GET /kommun/{code}/safety-walks/{id}", web.Public, s.publicWalkPage),
		web.Handle("GET /safety-walks/{id}/edit", auth.PermWalkWrite, s.editWalkPage),
		web.Handle("POST /safety-walks/{id}", auth.PermWalkWrite, s.updateWalk),
		web.Handle("GET /safety-walk-points/{id}/edit", auth.PermWalkWrite, s.editPointPage),
		web.Handle("POST /safety-walk-points/{id}", auth.PermWalkWrite, s.updatePoint),
		web.Handle("GET /safety-walk-points/{id}/delete", auth.PermWalkWrite, s.deletePointPage),
		web.Handle("POST /safety-walk-points/{id}/delete", auth.PermWalkWrite, s.deletePoint),
		web.Handle("GET /safety-walk-actions/{id}/edit", auth.PermWalkWrite, s.editActionPage),
		web.Handle("POST /safety-walk-actions/{id}", auth.PermWalkWrite, s.updateAction),
		web.Handle("GET /safety-walk-actions/{id}/delete", auth.PermWalkWrite, s.deleteActionPage),
		web.Handle("POST /safety-walk-actions/{id}/delete", auth.PermWalkWrite, s.deleteAction),

		web.Handle("GET /api/v1/safety-walks", auth.PermWalkRead, s.apiWalks),
		web.Handle("POST /api/v1/safety-walks", auth.PermWalkWrite, s.apiCreateWalk),
		web.Handle("GET /api/v1/safety-walks/{id}", auth.PermWalkRead, s.apiWalk),
		web.Handle("POST /api/v1/safety-walks/{id}/points", auth.PermWalkWrite, s.apiCreatePoint),
		web.Handle("POST /api/v1/safety-walk-points/{id}/actions", auth.PermWalkWrite, s.apiCreateAction),
		web.Handle("PATCH /api/v1/safety-walk-actions/{id}", auth.PermWalkWrite, s.apiUpdateAction),
		web.Handle("PATCH /api/v1/safety-walks/{id}", auth.PermWalkWrite, s.apiUpdateWalk),
		web.Handle("POST /api/v1/safety-walks/{id}/publish", auth.PermWalkWrite, s.apiPublish),
		web.Handle("POST /api/v1/safety-walks/{id}/unpublish", auth.PermWalkWrite, s.apiUnpublish),
		web.Handle("PATCH /api/v1/safety-walk-points/{id}", auth.PermWalkWrite, s.apiUpdatePoint),
		web.Handle("DELETE /api/v1/safety-walk-points/{id}", auth.PermWalkWrite, s.apiDeletePoint),
		web.Handle("DELETE /api/v1/safety-walk-actions/{id}", auth.PermWalkWrite, s.apiDeleteAction),
	}
}

// page is every page of the area: its fields are labelled by the area's
// own words (walk.field.<name>).
type page struct {
	web.Base
}

// Label is the label of a field of the area's forms.
func (p *page) Label(name string) string { return p.T("walk.field." + name) }

// Input is Field labelled by Label.
func (p *page) Input(name, typ string, opts ...string) web.FieldView {
	f := p.Field(name, typ, opts...)
	f.Label = p.Label(name)
	return f
}

// Choice is Select labelled by Label.
func (p *page) Choice(name string, options []web.Option, opts ...string) web.FieldView {
	f := p.Select(name, options, opts...)
	f.Label = p.Label(name)
	return f
}

// ErrorSummary lists the errors in the order of the form's fields, each
// labelled by Label.
func (p *page) ErrorSummary() []web.SummaryItem {
	var out []web.SummaryItem
	seen := map[string]bool{}
	for _, f := range p.Form.Fields {
		if msg, ok := p.Form.Errors[f]; ok {
			out = append(out, web.SummaryItem{ID: web.FieldID(f), Label: p.Label(f), Message: msg})
			seen[f] = true
		}
	}
	for f, msg := range p.Form.Errors {
		if !seen[f] {
			out = append(out, web.SummaryItem{Label: p.Label(f), Message: msg})
		}
	}
	return out
}

// TextField names a free text in the warning about personal data.
func (p *page) TextField(name string) (web.TextField, bool) {
	f := p.Input(name, "textarea")
	return web.TextField{ID: f.ID, Label: f.Label, Text: f.Value}, true
}

// CategoryName is the name of a point's category.
func (p *page) CategoryName(c string) string { return p.T("walk.category." + c) }

// StatusName is the name of an action's status.
func (p *page) StatusName(st string) string { return p.T("walk.status." + st) }

// Categories are the categories as options, after "choose".
func (p *page) categoryOptions() []web.Option {
	out := []web.Option{{Value: "", Label: p.T("form.choose")}}
	for _, c := range walk.Categories {
		out = append(out, web.Option{Value: c, Label: p.CategoryName(c)})
	}
	return out
}

// StatusOptions are the statuses of an action, the current one chosen.
func (p *page) StatusOptions(current string) []web.Option {
	var out []web.Option
	for _, st := range walk.Statuses {
		out = append(out, web.Option{Value: st, Label: p.StatusName(st), Selected: st == current})
	}
	return out
}

func newPage(r *http.Request) page { return page{Base: web.Base{Localizer: web.Loc(r)}} }

func walkURL(id int64) string { return "/safety-walks/" + strconv.FormatInt(id, 10) }

func id(n int64) string { return strconv.FormatInt(n, 10) }

// trimmed returns the non-empty values.
func trimmed(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Num is the number of the i-th item of a list, counted from 1.
func (p *page) Num(i int) int { return i + 1 }
