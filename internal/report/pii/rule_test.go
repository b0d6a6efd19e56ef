package pii

import (
	"reflect"
	"testing"

	"github.com/samverkan/samverkan/internal/validation"
)

func TestGuard(t *testing.T) {
	const text = "Ring Anna Andersson på 070-123 45 67."
	const masked = "Ring [namn] på [telefonnummer]."
	tests := []struct {
		name         string
		choice       Choice
		rule         Rule
		text, stored string
		kept         bool // Kept rather than Text
		want         string
		refused      bool
		review       Review
	}{
		{name: "empty", text: "", rule: ProtocolText, want: ""},
		{name: "nothing found", text: "Inget att anmärka.", rule: ProtocolText, want: "Inget att anmärka."},
		{name: "refused", text: text, rule: ProtocolText, want: text, refused: true},
		{name: "masked", choice: Choice{Redact: true}, text: text, rule: ProtocolText, want: masked, review: Review{Masked: []string{"f"}}},
		{name: "confirmed where allowed", choice: Choice{ConfirmPersonalData: true}, text: text, rule: MeetingText, want: text,
			review: Review{Confirmed: []string{"f"}}},
		{name: "confirmed where not allowed", choice: Choice{ConfirmPersonalData: true}, text: text, rule: ProtocolText, want: text, refused: true},
		{name: "both: masked", choice: Choice{Redact: true, ConfirmPersonalData: true}, text: text, rule: MeetingText, want: masked,
			review: Review{Masked: []string{"f"}}},
		{name: "kept unchanged", kept: true, text: text, stored: text, rule: MeetingText, want: text},
		{name: "kept unchanged, masking asked", kept: true, choice: Choice{Redact: true}, text: text, stored: text, rule: MeetingText, want: text},
		{name: "kept changed", kept: true, text: text, stored: "Annat.", rule: MeetingText, want: text, refused: true},
		{name: "kept unchanged, no confirming", kept: true, text: text, stored: text, rule: ProtocolText, want: text, refused: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var e validation.Errors
			g := NewGuard(&e, tt.choice)
			var got string
			if tt.kept {
				got = g.Kept("f", tt.text, tt.stored, tt.rule)
			} else {
				got = g.Text("f", tt.text, tt.rule)
			}
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if refused := e["f"].Key == tt.rule.Key; refused != tt.refused || len(e) > 1 {
				t.Errorf("errors = %v, want refused %v", e, tt.refused)
			}
			if !reflect.DeepEqual(g.Review(), tt.review) {
				t.Errorf("review = %+v, want %+v", g.Review(), tt.review)
			}
		})
	}

	// A field that is wrong already is left to that error.
	e := validation.Errors{"f": {Key: "error.too_long"}}
	if got := NewGuard(&e, Choice{Redact: true}).Text("f", text, ProtocolText); got != text || e["f"].Key != "error.too_long" {
		t.Errorf("a field with an error: %q, %v", got, e)
	}
}

func TestRuleOf(t *testing.T) {
	for _, r := range Rules {
		if got, ok := RuleOf(r.Key); !ok || got != r {
			t.Errorf("RuleOf(%q) = %+v, %v", r.Key, got, ok)
		}
	}
	if _, ok := RuleOf("error.required"); ok {
		t.Error("RuleOf(error.required) is a rule")
	}
}
