package web_test

import (
	"net/url"
	"testing"

	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/web"
)

// A form sent with "redact" and refused for something else shows its free
// texts as they will be saved; the others stay as typed.
func TestMaskTyped(t *testing.T) {
	typed := "Ring Anna Andersson på 070-123 45 67."
	free := func(name string) bool { return name == "notes" }
	f := url.Values{"notes": {typed}, "inspectors": {"Anna Andersson"}}
	web.MaskTyped(f, free)
	if f.Get("notes") != typed {
		t.Errorf("masked without redact: %q", f.Get("notes"))
	}
	f.Set("redact", "1")
	web.MaskTyped(f, free)
	if f.Get("notes") != "Ring [namn] på [telefonnummer]." || f.Get("inspectors") != "Anna Andersson" {
		t.Errorf("after MaskTyped: %v", f)
	}
	if got := web.PersonalDataChoice(f); got != (pii.Choice{Redact: true}) {
		t.Errorf("PersonalDataChoice = %+v", got)
	}
	if got := web.PersonalDataChoice(url.Values{"confirm_personal_data": {"1"}}); got != (pii.Choice{ConfirmPersonalData: true}) {
		t.Errorf("PersonalDataChoice = %+v", got)
	}
}
