package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/validation"
)

func decodeOrgInput(body, contentType string) (org.Input, error) {
	r := httptest.NewRequest(http.MethodPost, "/api/v1/organizations", strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	var in org.Input
	err := DecodeJSON(httptest.NewRecorder(), r, &in)
	return in, err
}

// FuzzDecodeJSON: whatever the body, decodeJSON never panics and every
// error it returns is one the error mapping knows how to say: an
// *httpError (4xx) or a *validation.Error.
func FuzzDecodeJSON(f *testing.F) {
	for _, seed := range []string{
		`{"name":"Mora kommun","kind":"municipality","municipality_codes":["2062"]}`,
		`{"name":5}`,
		`{"name":"a","x":1}`,
		`{"municipality_codes":[1,{}]}`,
		`[]`, `null`, `""`, ``, ` `, `{`, `{}{}`, `{} x`, `{"name":"\ud800"}`, `{"name":1e999}`,
	} {
		f.Add(seed, "application/json")
	}
	f.Add(`{}`, "")
	f.Add(`{}`, "text/plain")
	f.Add(`{}`, "application/json; charset=utf-8")
	f.Fuzz(func(t *testing.T, body, contentType string) {
		in, err := decodeOrgInput(body, contentType)
		if err == nil {
			return
		}
		var he *HTTPError
		var ve *validation.Error
		switch {
		case errors.As(err, &he):
			if he.Status < 400 || he.Status > 499 || he.Key == "" || he.Code == "" {
				t.Errorf("decodeJSON(%q) = %#v, want a 4xx with a code and a message key", body, he)
			}
		case errors.As(err, &ve):
			if len(ve.Fields) == 0 {
				t.Errorf("decodeJSON(%q) = a validation error without fields", body)
			}
		default:
			t.Errorf("decodeJSON(%q) = %T %v, want *httpError or *validation.Error", body, err, err)
		}
		_ = in
	})
}

func TestDecodeJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		body, contentType string
		want              org.Input
		status            int               // of an *httpError, 0 for none
		fields            map[string]string // of a *validation.Error: field → key
	}{
		{body: `{"name":"Mora","kind":"police","municipality_codes":["2062"]}`, contentType: "application/json",
			want: org.Input{Name: "Mora", Kind: "police", MunicipalityCodes: []string{"2062"}}},
		{body: ` {"name":"Mora"} ` + "\n", contentType: "application/json; charset=utf-8", want: org.Input{Name: "Mora"}},
		{body: `{"name":"Mora"}`, contentType: "", want: org.Input{Name: "Mora"}},
		{body: `{"name":"Mora"}`, contentType: "Application/JSON; charset=UTF-8", want: org.Input{Name: "Mora"}},
		{body: `{"name":"Mora"}`, contentType: "text/plain", status: 415},
		{body: `{"name":"Mora"}`, contentType: "application/jsonp", status: 415},
		{body: `{"name":"Mora"}`, contentType: "application/json-seq", status: 415},
		{body: ``, contentType: "application/json", status: 400},
		{body: `{"name":"Mora"}{}`, contentType: "application/json", status: 400},
		{body: `{"name":"Mora"}]`, contentType: "application/json", status: 400},
		{body: `{"name":`, contentType: "application/json", status: 400},
		{body: `{"name":"Mora",}`, contentType: "application/json", status: 400},
		{body: `[1]`, contentType: "application/json", status: 400},
		{body: `{"name":true}`, contentType: "application/json", fields: map[string]string{"name": "error.json_want_text"}},
		{body: `{"municipality_codes":{}}`, contentType: "application/json", fields: map[string]string{"municipality_codes": "error.json_want_list"}},
		{body: `{"Name ":"x"}`, contentType: "application/json", fields: map[string]string{"Name ": "error.json_unknown_field"}},
		{body: `{"name":"` + strings.Repeat("x", MaxJSONBytes) + `"}`, contentType: "application/json", status: 413},
	}
	for _, tt := range tests {
		got, err := decodeOrgInput(tt.body, tt.contentType)
		name := tt.body
		if len(name) > 60 {
			name = name[:60] + "…"
		}
		var he *HTTPError
		var ve *validation.Error
		switch {
		case tt.status != 0:
			if !errors.As(err, &he) || he.Status != tt.status {
				t.Errorf("decodeJSON(%q, %q) error = %v, want status %d", name, tt.contentType, err, tt.status)
			}
		case tt.fields != nil:
			if !errors.As(err, &ve) {
				t.Errorf("decodeJSON(%q) error = %v, want invalid fields %v", name, err, tt.fields)
				continue
			}
			keys := map[string]string{}
			for f, m := range ve.Fields {
				keys[f] = m.Key
			}
			if diff := cmp.Diff(tt.fields, keys); diff != "" {
				t.Errorf("decodeJSON(%q) fields mismatch (-want +got):\n%s", name, diff)
			}
		case err != nil:
			t.Errorf("decodeJSON(%q) error = %v, want none", name, err)
		default:
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decodeJSON(%q) mismatch (-want +got):\n%s", name, diff)
			}
		}
	}
}
