package clock_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// measuring lists the files that may read the machine's clock, and why:
// each measures how long something takes, which no server clock can do.
var measuring = map[string]string{
	"internal/clock/clock.go":            "the clock itself",
	"internal/web/middleware.go":         "request latency for the log and metrics",
	"internal/web/stream.go":             "the write deadline of each chunk of a download, which the network checks against the machine's clock",
	"cmd/samverkan/serve.go":             "how long the start took",
	"internal/mail/mailtest/mailtest.go": "a test server's TLS certificate, which crypto/tls checks against the machine's clock",
}

// TestNothingReadsTheWallClock: outside the files above, no product code
// calls time.Now, time.Since or time.Until, or loads a time zone itself;
// everything goes through the server's one Clock and clock.Zone.
func TestNothingReadsTheWallClock(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "node_modules" || name == "testdata" || strings.HasPrefix(name, ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		timeName := ""
		for _, imp := range f.Imports {
			if imp.Path.Value == `"time"` {
				timeName = "time"
				if imp.Name != nil {
					timeName = imp.Name.Name
				}
			}
		}
		if timeName == "" {
			return nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); !ok || x.Name != timeName {
				return true
			}
			switch sel.Sel.Name {
			case "Now", "Since", "Until":
				if _, ok := measuring[rel]; !ok {
					t.Errorf("%s: time.%s reads the machine's clock; use the server's Clock (db.DB.Clock, clocktest in tests)", fset.Position(sel.Pos()), sel.Sel.Name)
				}
			case "LoadLocation":
				if rel != "internal/clock/clock.go" {
					t.Errorf("%s: time.LoadLocation; use clock.Zone", fset.Position(sel.Pos()))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
