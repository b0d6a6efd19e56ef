package activityweb

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// areaPage is a page of activities or meetings: its forms label their
// fields by the area's own words ("Typ av insats", not the "Typ av
// organisation" that the core's field.kind says), rows of a list by their
// number, and counters by their names.
type areaPage struct {
	Base
	// area is "activity" or "meeting": the prefix of the page's own labels
	// (activity.field.kind, meeting.field.organization_id).
	area string
	// now is the request's instant (web.Now).
	now time.Time
}

// say returns the text of key, or "" when the catalogue has none.
func (p *areaPage) say(key string, args ...any) string {
	if s := p.T(key, args...); s != key {
		return s
	}
	return ""
}

// Label is the label of a field of the page's forms. Row fields
// ("actions.2.text") get their column's label; counters ("counts.hours",
// "counts.patrol.hours") the counter's name.
func (p *areaPage) Label(name string) string {
	parts := strings.Split(name, ".")
	if parts[0] == "counts" && len(parts) > 1 {
		return p.T("activity.counter." + parts[len(parts)-1])
	}
	if len(parts) == 3 {
		if _, err := strconv.Atoi(parts[1]); err == nil {
			name = parts[0] + "." + parts[2]
		}
	}
	if s := p.say(p.area + ".field." + name); s != "" {
		return s
	}
	if s := p.say("field." + name); s != "" {
		return s
	}
	if _, last, ok := strings.Cut(name, "."); ok {
		return p.Label(last)
	}
	return name
}

// Input is Field labelled by Label.
func (p *areaPage) Input(name, typ string, opts ...string) web.FieldView {
	f := p.Field(name, typ, opts...)
	f.Label = p.Label(name)
	return f
}

// Choice is Select labelled by Label.
func (p *areaPage) Choice(name string, options []web.Option, opts ...string) web.FieldView {
	f := p.Select(name, options, opts...)
	f.Label = p.Label(name)
	return f
}

// RowInput is an input of row i of a list; the row's fieldset says which
// row it is.
func (p *areaPage) RowInput(list string, i int, name, typ string, opts ...string) web.FieldView {
	return p.Input(web.RowName(list, i, name), typ, opts...)
}

// RowChoice is RowInput for a select.
func (p *areaPage) RowChoice(list string, i int, name string, options []web.Option, opts ...string) web.FieldView {
	return p.Choice(web.RowName(list, i, name), options, opts...)
}

// RowLegend names row i of a list: "Åtgärdspunkt 3".
func (p *areaPage) RowLegend(list string, i int) string {
	return p.T(p.area+".row."+list, i+1)
}

// ErrorSummary lists the errors in the order of the form's fields, each
// linked to its field and labelled by Label, an error of a row by its row
// too ("Åtgärdspunkt 2: Vad ska göras"); then any error of a field the form
// does not show.
func (p *areaPage) ErrorSummary() []web.SummaryItem {
	var out []web.SummaryItem
	for _, f := range p.Form.Fields {
		if msg, ok := p.Form.Errors[f]; ok {
			out = append(out, web.SummaryItem{ID: web.FieldID(f), Label: p.summaryLabel(f), Message: msg})
		}
	}
	var rest []string
	for f := range p.Form.Errors {
		if !slices.Contains(p.Form.Fields, f) {
			rest = append(rest, f)
		}
	}
	slices.Sort(rest)
	for _, f := range rest {
		out = append(out, web.SummaryItem{Label: p.summaryLabel(f), Message: p.Form.Errors[f]})
	}
	return out
}

func (p *areaPage) summaryLabel(f string) string {
	label := p.Label(f)
	if parts := strings.Split(f, "."); len(parts) == 3 {
		if n, err := strconv.Atoi(parts[1]); err == nil {
			label = p.RowLegend(parts[0], n) + ": " + label
		}
	}
	return label
}

// TextField names a free text in the warning about personal data as the
// error summary does.
func (p *areaPage) TextField(name string) (web.TextField, bool) {
	f := p.Input(name, "textarea")
	return web.TextField{ID: f.ID, Label: p.summaryLabel(name), Text: f.Value}, true
}

// areaFormErrors turns the errors of the domain into the form's: a counter's
// error ("counts.hours") belongs to the counter of the kind chosen
// ("counts.patrol.hours"), and a time the form could not read is said in
// the form's words.
func areaFormErrors(errs validation.Errors, kind string) validation.Errors {
	out := validation.Errors{}
	for f, m := range errs {
		if name, ok := strings.CutPrefix(f, "counts."); ok && !strings.Contains(name, ".") && kind != "" {
			f = "counts." + kind + "." + name
		}
		if m.Key == "error.time_format" {
			m = validation.Message{Key: "error.activity_time_format"}
		}
		out[f] = m
	}
	return out
}

// newAreaPage is the start of a page of the area, already speaking the
// request's language so that the handler may use its words.
func newAreaPage(r *http.Request, area string) areaPage {
	return areaPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, area: area, now: web.Now(r)}
}
