package reportweb_test

import (
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/web/reportweb"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var wildcardRE = regexp.MustCompile(`\{([a-z_]+)(?:\.\.\.)?\}`)

// TestOpenAPIMatchesRoutes: the area's part of the OpenAPI document
// describes exactly its /api/v1 operations, no more, no fewer, each path
// parameter declared; the served document has them.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	raw, err := fs.ReadFile(reportweb.Files, "openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var part struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &part); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	declares := func(raw json.RawMessage, name string) bool {
		var ps []struct{ Name, In string }
		_ = json.Unmarshal(raw, &ps)
		return slices.ContainsFunc(ps, func(p struct{ Name, In string }) bool { return p.Name == name && p.In == "path" })
	}
	var documented []string
	for path, item := range part.Paths {
		for key, op := range item {
			if key == "parameters" || key == "summary" || key == "description" {
				continue
			}
			documented = append(documented, strings.ToUpper(key)+" "+path)
			var o struct {
				Parameters json.RawMessage `json:"parameters"`
			}
			if err := json.Unmarshal(op, &o); err != nil {
				t.Fatalf("%s %s: %v", key, path, err)
			}
			for _, w := range wildcardRE.FindAllStringSubmatch(path, -1) {
				if !declares(item["parameters"], w[1]) && !declares(o.Parameters, w[1]) {
					t.Errorf("%s %s: path parameter %q is not declared", strings.ToUpper(key), path, w[1])
				}
			}
		}
	}
	var routed []string
	for _, rt := range webtest.Product(t).AreaRoutes("reports") {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if strings.HasPrefix(path, "/api/v1/") {
			routed = append(routed, method+" "+wildcardRE.ReplaceAllString(path, "{$1}"))
		}
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if len(routed) == 0 || !slices.Equal(routed, documented) {
		t.Errorf("the area's OpenAPI operations differ from its /api/v1 routes:\nroutes  %q\nopenapi %q", routed, documented)
	}
	var served struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(webtest.Product(t).OpenAPI(), &served); err != nil {
		t.Fatal(err)
	}
	for path := range part.Paths {
		if _, ok := served.Paths[path]; !ok {
			t.Errorf("the served OpenAPI document has no %s", path)
		}
	}
}
