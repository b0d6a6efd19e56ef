package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

var wildcardRE = regexp.MustCompile(`\{([a-z_]+)(?:\.\.\.)?\}`)

// TestOpenAPIMatchesRoutes: the OpenAPI document describes exactly the
// /api/v1 operations of the route table, no more, no fewer.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	s := mountedServer(t)
	raw := s.OpenAPI()
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("openapi document: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi = %q, want 3.x", doc.OpenAPI)
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	var documented []string
	for path, item := range doc.Paths {
		for key, op := range item {
			if !slices.Contains(methods, key) {
				continue // parameters, summary, …
			}
			documented = append(documented, strings.ToUpper(key)+" "+path)
			// Every path parameter is declared, on the path or the operation.
			for _, w := range wildcardRE.FindAllStringSubmatch(path, -1) {
				if !declaresParam(item["parameters"], w[1]) && !declaresParam(operationParams(t, op), w[1]) {
					t.Errorf("%s %s: path parameter %q is not declared", strings.ToUpper(key), path, w[1])
				}
			}
		}
	}

	var routed []string
	for _, rt := range s.routeTable() {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		path = strings.TrimSuffix(path, "{$}")
		path = wildcardRE.ReplaceAllString(path, "{$1}")
		routed = append(routed, method+" "+path)
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if len(routed) == 0 {
		t.Fatal("no /api/v1 routes in the route table")
	}
	if diff := cmp.Diff(routed, documented); diff != "" {
		t.Errorf("OpenAPI operations differ from the /api/v1 routes (-routes +openapi.json):\n%s", diff)
	}
}

func operationParams(t *testing.T, op json.RawMessage) json.RawMessage {
	t.Helper()
	var o struct {
		Parameters json.RawMessage `json:"parameters"`
	}
	if err := json.Unmarshal(op, &o); err != nil {
		t.Fatalf("operation %s: %v", op, err)
	}
	return o.Parameters
}

func declaresParam(params json.RawMessage, name string) bool {
	var ps []struct {
		Name string `json:"name"`
		In   string `json:"in"`
	}
	_ = json.Unmarshal(params, &ps)
	for _, p := range ps {
		if p.Name == name && p.In == "path" {
			return true
		}
	}
	return false
}

// TestOpenAPIServed: the document served is the merge of the parts in
// the repository.
func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	s := mountedServer(t)
	raw, err := openAPIOf(s.areas)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	if err := s.openAPI(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil)); err != nil {
		t.Fatalf("openAPI() error = %v", err)
	}
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Errorf("GET /api/v1/openapi.json = %d %q, want 200 application/json", rec.Code, rec.Header().Get("Content-Type"))
	}
	if rec.Body.String() != string(raw) {
		t.Errorf("GET /api/v1/openapi.json is not the merge of openapi/*.json")
	}
}

// TestOpenAPIPartsMerge: parts add paths and schemas; a name defined twice
// or an unknown key in a part is refused.
func TestOpenAPIPartsMerge(t *testing.T) {
	t.Parallel()
	base := `{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {}}},
		"components": {"securitySchemes": {"bearer": {"type": "http"}}, "schemas": {"A": {"type": "string"}}}}`
	tests := []struct {
		name, part, wantErr string
	}{
		{"adds", `{"paths": {"/b": {"get": {}}}, "components": {"schemas": {"B": {"type": "integer"}}}}`, ""},
		{"path twice", `{"paths": {"/a": {"post": {}}}}`, `path "/a" is defined twice`},
		{"schema twice", `{"components": {"schemas": {"A": {}}}}`, `schema "A" is defined twice`},
		{"unknown key", `{"info": {}}`, `unknown field "info"`},
		{"patch of", `{"components": {"schemas": {"B": {"type": "object", "properties": {"b": {"type": "string"}}, "required": ["b"]},
			"BPatch": {"type": "object", "x-patch-of": "B"}}}}`, ""},
		{"patch of nothing", `{"components": {"schemas": {"BPatch": {"x-patch-of": "B"}}}}`, `names "B", which is no schema`},
		{"patch with its own", `{"components": {"schemas": {"B": {"properties": {}}, "BPatch": {"x-patch-of": "B", "properties": {}}}}}`,
			`it has its own`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{"openapi.json": {Data: []byte(tt.part)}}
			out, err := mergeOpenAPI([]byte(base), []openAPISource{{"part", fsys, "openapi.json"}})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("mergeOpenAPI() error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Paths      map[string]any `json:"paths"`
				Components struct {
					Schemas         map[string]any `json:"schemas"`
					SecuritySchemes map[string]any `json:"securitySchemes"`
				} `json:"components"`
			}
			if err := json.Unmarshal(out, &doc); err != nil {
				t.Fatal(err)
			}
			if tt.name == "patch of" {
				patch, _ := json.Marshal(doc.Components.Schemas["BPatch"])
				if want := `{"properties":{"b":{"type":"string"}},"type":"object","x-patch-of":"B"}`; string(patch) != want {
					t.Errorf("BPatch = %s, want %s: the properties of B, none required", patch, want)
				}
				return
			}
			if len(doc.Paths) != 2 || len(doc.Components.Schemas) != 2 || len(doc.Components.SecuritySchemes) != 1 {
				t.Errorf("merged = %s, want paths /a and /b, schemas A and B, the security scheme kept", out)
			}
		})
	}
}

// mountedServer is the kernel on an empty database, mounted without areas
// (this package imports none), for the tests of the kernel's own part of
// the document.
func mountedServer(t *testing.T) *Server {
	t.Helper()
	s, err := New(Options{DB: dbtest.SQLite(t)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Mount(); err != nil {
		t.Fatal(err)
	}
	return s
}
