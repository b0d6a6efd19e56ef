package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/report/pii"
)

// Personal data in a form's free text. The domain refuses such text with
// the message key of one of package pii's rules, unless the form is sent
// again with "redact" (store it masked) or, where the rule allows it,
// "confirm_personal_data" (store it as written). A refused form is shown
// again with a warning above it, drawn by the "personal-data" partial:
// what was found in which field, each field's text as it would be stored
// masked, and the buttons that send the form again with the choice. The
// error summary leaves out the fields the warning speaks of, so that it is
// said once; each field still says it where it is. Every form that
// calls SetErrors gets this: the page only places the partial, and, when
// its fields are not named as the domain names them, says where their
// text is (TextFielder).

// TextField is a free-text field of a form as the warning names it: the
// id of its element, its label and the text typed in it.
type TextField struct {
	ID, Label, Text string
}

// TextFielder is a page whose form holds the text of a field the domain
// names ("protocol.items.2.note") under another name, or labels it in its
// own words. Pages without it use the value of the same name, the element
// FieldID(name) and the label "field.<name>".
type TextFielder interface {
	TextField(name string) (TextField, bool)
}

// PersonalDataWarning is what the "personal-data" partial draws.
type PersonalDataWarning struct {
	Fields []PersonalDataField
	// Confirm: every field in the warning may be stored as written once
	// the person confirms it (pii.Rule.Confirm).
	Confirm bool
}

// PersonalDataField is one field with personal data: what was found, and
// its text masked.
type PersonalDataField struct {
	TextField
	Findings []PersonalDataFinding
	Masked   string
}

// PersonalDataFinding is one finding: its kind in words and the text.
type PersonalDataFinding struct {
	Kind, Text string
}

// personalDataOf builds the warning of a page's form from its errors, or
// nil when no field was refused for personal data. It runs when the page
// is rendered, when the page's words are known.
func personalDataOf(page Page) *PersonalDataWarning {
	b := page.Common()
	var names []string
	for name, m := range b.Form.untranslated {
		if _, ok := pii.RuleOf(m.Key); ok {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	slices.SortFunc(names, func(x, y string) int { return compareFieldOrder(b.Form.Fields, x, y) })
	w := &PersonalDataWarning{Confirm: true}
	for _, name := range names {
		tf, ok := TextField{ID: FieldID(name), Label: b.T("field." + name), Text: b.Form.Values.Get(name)}, true
		if own, is := page.(TextFielder); is {
			tf, ok = own.TextField(name)
		}
		if !ok {
			continue
		}
		res := pii.Check(tf.Text)
		if len(res.Findings) == 0 {
			continue // the form's text is not the one refused: nothing to show
		}
		f := PersonalDataField{TextField: tf, Masked: res.Redacted}
		for _, fd := range res.Findings {
			f.Findings = append(f.Findings, PersonalDataFinding{Kind: b.T("pii." + string(fd.Kind)), Text: fd.Text})
		}
		w.Fields = append(w.Fields, f)
		if rule, _ := pii.RuleOf(b.Form.untranslated[name].Key); !rule.Confirm {
			w.Confirm = false
		}
	}
	if len(w.Fields) == 0 {
		return nil
	}
	return w
}

// compareFieldOrder orders field names as the form shows them (fields),
// then the others with the numbers of rows compared as numbers
// ("actions.2.text" before "actions.10.text").
func compareFieldOrder(fields []string, x, y string) int {
	i, j := slices.Index(fields, x), slices.Index(fields, y)
	switch {
	case i >= 0 && j >= 0:
		return i - j
	case i >= 0:
		return -1
	case j >= 0:
		return 1
	}
	px, py := strings.Split(x, "."), strings.Split(y, ".")
	for k := 0; k < len(px) && k < len(py); k++ {
		nx, ex := strconv.Atoi(px[k])
		ny, ey := strconv.Atoi(py[k])
		switch {
		case ex == nil && ey == nil && nx != ny:
			return nx - ny
		case px[k] != py[k]:
			return strings.Compare(px[k], py[k])
		}
	}
	return len(px) - len(py)
}

// Unwarned is the error summary without the fields the personal-data
// warning speaks of.
func (f Form) Unwarned(items []SummaryItem) []SummaryItem {
	if f.PersonalData == nil {
		return items
	}
	return slices.DeleteFunc(slices.Clone(items), func(it SummaryItem) bool {
		return it.ID != "" && slices.ContainsFunc(f.PersonalData.Fields, func(p PersonalDataField) bool { return p.ID == it.ID })
	})
}

// MaskTyped replaces the free texts of a form sent with "redact" by their
// masked text, which is what the domain stores: a form refused for another
// reason then shows what will be saved, and the person corrects the rest
// on it instead of being asked about the personal data again. free says
// which of the form's values are free text that the domain checks.
func MaskTyped(values url.Values, free func(name string) bool) {
	if values.Get("redact") == "" {
		return
	}
	for name, vs := range values {
		if !free(name) {
			continue
		}
		for i, v := range vs {
			vs[i] = pii.Check(v).Redacted
		}
	}
}

// PersonalDataChoice reads the choice a form was sent with from the
// warning's buttons.
func PersonalDataChoice(f url.Values) pii.Choice {
	return pii.Choice{Redact: f.Get("redact") != "", ConfirmPersonalData: f.Get("confirm_personal_data") != ""}
}
