package webtest

import (
	"html/template"
	"net/http"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/report/pii/piitest"
)

// PersonalData checks a form refused for the personal data of
// piitest.Text in the fields with the element ids: 422, the warning
// above the form with what was found and each text masked, the buttons
// that send the form (its id) again masked, and as written only when
// confirm; the error summary leaving the fields to the warning; and what
// was typed kept.
func PersonalData(t *testing.T, res *Response, form string, confirm bool, ids ...string) {
	t.Helper()
	if res.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a form with personal data = %d, want 422; body:\n%.1000s", res.Status, res.Body)
	}
	start := strings.Index(res.Body, `class="notice warning pii-warning"`)
	if start < 0 {
		t.Fatalf("the refused form has no warning about personal data:\n%s", res.Body)
	}
	warning := res.Body[start : start+strings.Index(res.Body[start:], "</section>")]
	for _, want := range []string{"Anna Andersson", "070-123 45 67", "811228-9874", template.HTMLEscapeString(piitest.Masked),
		`form="` + form + `" name="redact" value="1"`, `href="#` + ids[0] + `"`} {
		if !strings.Contains(warning, want) {
			t.Errorf("the warning lacks %s:\n%s", want, warning)
		}
	}
	if n := strings.Count(warning, `class="redacted-text"`); n != len(ids) {
		t.Errorf("the warning shows %d masked texts, want %d", n, len(ids))
	}
	if got := strings.Contains(warning, `form="`+form+`" name="confirm_personal_data" value="1"`); got != confirm {
		t.Errorf("the warning offers to save as written: %v, want %v", got, confirm)
	}
	if i := strings.Index(res.Body, `class="error-summary"`); i >= 0 {
		summary := res.Body[i : i+strings.Index(res.Body[i:], "</div>")]
		for _, id := range ids {
			if strings.Contains(summary, `href="#`+id+`"`) {
				t.Errorf("the error summary says again what the warning says, at %s", id)
			}
		}
	}
	for _, id := range ids {
		if !strings.Contains(res.Body, `id="`+id+`-error"`) {
			t.Errorf("the field %s does not say what is wrong with it", id)
		}
	}
	if n := strings.Count(res.Body, template.HTMLEscapeString(piitest.Text)); n < len(ids) {
		t.Errorf("what was typed is kept in %d fields, want %d", n, len(ids))
	}
}
