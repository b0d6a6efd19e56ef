package app_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// openAPIDoc is the whole product's merged document, loaded and checked
// against the OpenAPI specification by kin-openapi.
func openAPIDoc(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(webtest.Product(t).OpenAPI())
	if err != nil {
		t.Fatalf("load the OpenAPI document: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is not valid OpenAPI %s: %v", doc.OpenAPI, err)
	}
	return doc
}

// operation is one method of one path of the document.
type operation struct {
	method, path string
	op           *openapi3.Operation
}

func (o operation) String() string {
	return fmt.Sprintf("%s %s (%s)", o.method, o.path, o.op.OperationID)
}

// operations lists the document's operations in path and method order.
func operations(doc *openapi3.T) []operation {
	var ops []operation
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			ops = append(ops, operation{method, path, item.Operations()[method]})
		}
	}
	return ops
}

var operationIDRE = regexp.MustCompile(`^[a-z][a-zA-Z0-9]*$`)

// TestOpenAPIOperations: every operation of the whole product's document
// has an operationId of its own, in camelCase, and every response says what
// its body is (a schema for each media type), but a 204 and a redirect,
// which have none. Generated clients name their functions by the ids and
// their types by the schemas.
func TestOpenAPIOperations(t *testing.T) {
	doc := openAPIDoc(t)
	ops := operations(doc)
	if len(ops) == 0 {
		t.Fatal("the document has no operations")
	}
	ids := map[string]operation{}
	for _, o := range ops {
		name := o.method + " " + o.path
		switch id := o.op.OperationID; {
		case id == "":
			t.Errorf("%s has no operationId", name)
		case !operationIDRE.MatchString(id):
			t.Errorf("%s: operationId %q is not camelCase", name, id)
		default:
			if other, dup := ids[id]; dup {
				t.Errorf("%s: operationId %q is also the id of %s %s", name, id, other.method, other.path)
			}
			ids[id] = o
		}
		if o.op.Responses == nil || o.op.Responses.Len() == 0 {
			t.Errorf("%s has no responses", name)
			continue
		}
		if o.op.Responses.Default() == nil {
			t.Errorf("%s has no default response (the shared Error)", name)
		}
		for _, status := range slices.Sorted(maps.Keys(o.op.Responses.Map())) {
			ref := o.op.Responses.Value(status)
			if ref == nil || ref.Value == nil {
				t.Errorf("%s response %s is not resolved", name, status)
				continue
			}
			if n, err := strconv.Atoi(status); err == nil && (n == http.StatusNoContent || n/100 == 3) {
				if len(ref.Value.Content) > 0 {
					t.Errorf("%s response %s has a body in the document; it has none", name, status)
				}
				continue
			}
			if len(ref.Value.Content) == 0 {
				t.Errorf("%s response %s has no content: say what its body is", name, status)
			}
			for _, mt := range slices.Sorted(maps.Keys(ref.Value.Content)) {
				if ref.Value.Content[mt].Schema == nil {
					t.Errorf("%s response %s %s has no schema", name, status, mt)
				}
			}
		}
	}
}

// TestOpenAPIMatchesProductRoutes: the whole product's document describes
// exactly the /api/v1 routes of the whole product (the kernel's test sees
// the kernel's part only).
func TestOpenAPIMatchesProductRoutes(t *testing.T) {
	doc := openAPIDoc(t)
	var documented, routed []string
	for _, o := range operations(doc) {
		documented = append(documented, o.method+" "+o.path)
	}
	wildcard := regexp.MustCompile(`\{([a-z_]+)(?:\.\.\.)?\}`)
	product := webtest.Product(t)
	routes := product.AreaRoutes("")
	for _, a := range app.Areas(product) {
		routes = append(routes, product.AreaRoutes(a.Name)...)
	}
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt.Pattern, " ")
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		path = wildcard.ReplaceAllString(strings.TrimSuffix(path, "{$}"), "{$1}")
		routed = append(routed, method+" "+path)
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if !slices.Equal(documented, routed) {
		for _, r := range routed {
			if !slices.Contains(documented, r) {
				t.Errorf("route %s is not in the OpenAPI document", r)
			}
		}
		for _, d := range documented {
			if !slices.Contains(routed, d) {
				t.Errorf("the OpenAPI document has %s, which is no route", d)
			}
		}
	}
}

// TestOpenAPIPatches: in the served document, a patch schema marked
// x-patch-of takes every field of the input it patches and requires none,
// as the handlers do (web.PatchOf and premisesweb's decodePatch read a
// patch over the input of the record as it is).
func TestOpenAPIPatches(t *testing.T) {
	doc := openAPIDoc(t)
	n := 0
	for _, name := range slices.Sorted(maps.Keys(doc.Components.Schemas)) {
		patch := doc.Components.Schemas[name].Value
		of, ok := patch.Extensions["x-patch-of"].(string)
		if !ok {
			continue
		}
		n++
		input := doc.Components.Schemas[of]
		if input == nil || input.Value == nil {
			t.Errorf("%s: x-patch-of names %q, which is no schema", name, of)
			continue
		}
		want, got := slices.Sorted(maps.Keys(input.Value.Properties)), slices.Sorted(maps.Keys(patch.Properties))
		if !slices.Equal(want, got) {
			t.Errorf("%s takes the fields %v, %s has %v", name, got, of, want)
		}
		if len(patch.Required) > 0 {
			t.Errorf("%s requires %v: a patch gives only what changes", name, patch.Required)
		}
	}
	if n == 0 {
		t.Error("no schema is marked x-patch-of: the check is broken")
	}
}
