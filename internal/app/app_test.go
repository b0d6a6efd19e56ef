package app_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/web/webtest"
)

const webPath = "github.com/samverkan/samverkan/internal/web"

// TestOneRoomPerArea: the kernel imports no area, no area imports another,
// and only this package (and the tests' webtest) gathers them.
func TestOneRoomPerArea(t *testing.T) {
	root := filepath.Join("..", "web")
	areas := map[string]bool{}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasSuffix(e.Name(), "web") {
			areas[webPath+"/"+e.Name()] = true
		}
	}
	if len(areas) < 7 {
		t.Fatalf("found the areas %v under internal/web: the scan is broken", areas)
	}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(p))
		self := webPath
		if dir != "." {
			self = webPath + "/" + filepath.ToSlash(dir)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if !areas[path] || path == self || self == webPath+"/webtest" {
				continue
			}
			if strings.HasSuffix(p, "_test.go") && path == self {
				continue
			}
			t.Errorf("%s imports the area %s: the kernel and the areas may import no area", p, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestEveryRouteHasOneArea: the route table is the kernel's routes and the
// areas', each pattern once, and every area the product mounts has routes.
func TestEveryRouteHasOneArea(t *testing.T) {
	s := webtest.Product(t)
	seen := map[string]string{}
	count := 0
	for _, rt := range s.AreaRoutes("") {
		seen[rt.Pattern] = "the kernel"
	}
	count += len(seen)
	for _, a := range []string{"reports", "promises", "activities", "premises", "briefs", "statistics", "admin", "walks", "surveys", "crimestats"} {
		routes := s.AreaRoutes(a)
		if len(routes) == 0 {
			t.Errorf("the area %s is not mounted or has no routes", a)
		}
		for _, rt := range routes {
			if other, dup := seen[rt.Pattern]; dup {
				t.Errorf("%s is a route of %s and of %s", rt.Pattern, other, a)
			}
			seen[rt.Pattern] = a
			count++
		}
	}
	if all := len(s.Routes()); all != count {
		t.Errorf("the route table has %d routes, the kernel and the areas %d", all, count)
	}
}
