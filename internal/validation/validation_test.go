package validation

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	tests := []struct {
		in, want, key string
	}{
		{" Anna@Mora.SE ", "anna@mora.se", ""},
		{"", "", "error.required"},
		{"anna", "anna", "error.email"},
		{"anna@mora", "anna@mora", "error.email"},
		{"Anna <anna@mora.se>", "anna <anna@mora.se>", "error.email"},
		{strings.Repeat("a", 250) + "@x.se", strings.Repeat("a", 250) + "@x.se", "error.too_long"},
	}
	for _, tt := range tests {
		var e Errors
		got := e.Email("email", tt.in)
		if got != tt.want {
			t.Errorf("Email(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if e["email"].Key != tt.key {
			t.Errorf("Email(%q) error = %q, want %q", tt.in, e["email"].Key, tt.key)
		}
	}
}

func TestText(t *testing.T) {
	var e Errors
	if got := e.Text("name", "  Mora kommun ", true, 10); got != "Mora kommun" {
		t.Errorf("Text trimmed to %q", got)
	}
	if e.Has("name") != true || e["name"].Key != "error.too_long" {
		t.Errorf("Text of 11 runes with max 10: %v", e)
	}
	e = nil
	e.Text("name", "Åre älv", true, 7)
	e.Text("empty", " ", true, 7)
	e.Text("optional", "", false, 7)
	if e.Has("name") || !e.Has("empty") || e.Has("optional") {
		t.Errorf("Text errors = %v", e)
	}
	var ve *Error
	if err := e.Err(); !errors.As(err, &ve) || ve.Error() != "invalid fields: empty" {
		t.Errorf("Err() = %v", err)
	}
	if (Errors{}).Err() != nil {
		t.Error("empty Errors.Err() is not nil")
	}
}

func TestPasswordAndOneOf(t *testing.T) {
	var e Errors
	e.Password("short", "abc")
	e.Password("ok", "korrekt häst batteri")
	e.OneOf("role", "boss", []string{"coordinator", "member"})
	e.OneOf("kind", "", []string{"police"})
	e.OneOf("fine", "member", []string{"coordinator", "member"})
	want := map[string]string{"short": "error.password_short", "role": "error.one_of", "kind": "error.choose"}
	if len(e) != len(want) {
		t.Fatalf("errors = %v, want keys %v", e, want)
	}
	for f, k := range want {
		if e[f].Key != k {
			t.Errorf("%s: %q, want %q", f, e[f].Key, k)
		}
	}
}

func TestAbsorb(t *testing.T) {
	var e Errors
	e.Add("report_id", "walk.error.report_twice")
	var store Errors
	store.Add("report_id", "error.not_found")
	store.Add("text", "error.required")
	if err := e.Absorb(fmt.Errorf("update: %w", store.Err())); err != nil {
		t.Fatalf("Absorb(a validation error) = %v", err)
	}
	if e["report_id"].Key != "walk.error.report_twice" || e["text"].Key != "error.required" || len(e) != 2 {
		t.Errorf("after Absorb: %v; want the handler's own message kept and the store's added", e)
	}
	other := errors.New("database gone")
	if err := e.Absorb(other); err != other || len(e) != 2 {
		t.Errorf("Absorb(another error) = %v with %v", err, e)
	}
	if err := e.Absorb(nil); err != nil {
		t.Errorf("Absorb(nil) = %v", err)
	}
}
