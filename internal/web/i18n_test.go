package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/web"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// keyNamespaces are the first parts of message keys. A string literal in
// Go code that starts with one of them and looks like a key must be in the
// catalogue.
var keyNamespaces = []string{
	"ability", "account", "action", "admin", "audit", "entity", "error", "field", "form", "front", "hint",
	"kind", "layout", "login", "nav", "pager", "role", "start", "tokens", "week",
	"report", "situation", "map", "activity", "meeting", "calendar", "premises", "inspection", "coverage",
}

// dynamicPrefixes are the key prefixes the code completes at run time;
// TestMessageKeysExist enumerates each one's completions.
var dynamicPrefixes = []string{"ability.", "action.", "entity.", "field.", "kind.", "role."}

var (
	keyRE      = regexp.MustCompile(`^[a-z]+(\.[a-z0-9_]+)+$`)
	fileNameRE = regexp.MustCompile(`\.(html|css|svg|js|json|csv|sql)$`) // "layout.html" is no key
	// In templates: {{.T "key"}}, {{$.T "key"}}, (.Field "name" …),
	// (.Select "name" …), "hint=key" and (print "prefix." …).
	tmplKeyRE    = regexp.MustCompile(`\.T\s+"([^"]+)"`)
	tmplFieldRE  = regexp.MustCompile(`\.(?:Field|Select)\s+"([^"]+)"`)
	tmplHintRE   = regexp.MustCompile(`"hint=([^"]+)"`)
	tmplPrintRE  = regexp.MustCompile(`\(print\s+"([^"]+)"`)
	goAddRE      = regexp.MustCompile(`\.Add\(\s*"([^"]+)",\s*"([^"]+)"`)
	goFieldRE    = regexp.MustCompile(`\.(?:Text|Email|Password|OneOf)\(\s*"([^"]+)"`)
	goTRE        = regexp.MustCompile(`\b(?:T|badRequest|flash)\((?:r,\s*)?"([^"]+)"`)
	goEntityRE   = regexp.MustCompile(`Entity:\s*"([^"]+)"`)
	goActionRE   = regexp.MustCompile(`Action:\s*"([^"]+)"`)
	goKeyFieldRE = regexp.MustCompile(`\b[kK]ey:\s*"([^"]+)"`)
)

func TestMessageKeysExist(t *testing.T) {
	t.Parallel()
	bundle := webtest.LoadBundle(t)
	need := map[string][]string{} // key → where it is used
	use := func(key, where string) { need[key] = append(need[key], where) }
	fields := map[string]bool{}

	// Templates: the kernel's and every area's (internal/web/*/templates).
	tree := os.DirFS(".")
	err := fs.WalkDir(tree, ".", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(p, ".html") || !strings.Contains(p, "templates/") {
			return err
		}
		b, err := fs.ReadFile(tree, p)
		if err != nil {
			return err
		}
		src := string(b)
		for _, m := range tmplKeyRE.FindAllStringSubmatch(src, -1) {
			use(m[1], p)
		}
		for _, m := range tmplHintRE.FindAllStringSubmatch(src, -1) {
			use(m[1], p)
		}
		for _, m := range tmplFieldRE.FindAllStringSubmatch(src, -1) {
			fields[m[1]] = true
		}
		for _, m := range tmplPrintRE.FindAllStringSubmatch(src, -1) {
			if !slices.Contains(dynamicPrefixes, m[1]) {
				t.Errorf("%s: key prefix %q completed at run time is not among %v, whose completions this test checks", p, m[1], dynamicPrefixes)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// The internal packages the web server imports, and itself.
	webImports := []string{"web"}
	webFiles, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// The areas, each a package of its own below this one.
	areaFiles, err := filepath.Glob("*/*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range areaFiles {
		if dir := filepath.Base(filepath.Dir(p)); !slices.Contains(webImports, dir) {
			webImports = append(webImports, dir)
		}
	}
	webFiles = append(webFiles, areaFiles...)
	fset := token.NewFileSet()
	for _, p := range webFiles {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if rest, ok := strings.CutPrefix(path, "github.com/samverkan/samverkan/internal/"); ok {
				webImports = append(webImports, rest)
			}
		}
	}
	if !slices.Contains(webImports, "org") || !slices.Contains(webImports, "auth") {
		t.Fatalf("web imports %v: the import scan is broken", webImports)
	}

	// Go code of every internal package (not tests).
	var entities, actions []string
	err = filepath.WalkDir("..", func(p string, de fs.DirEntry, err error) error {
		if err != nil || de.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		src := string(b)
		// Fields with errors need a label where a web form can show them:
		// in the packages the web server uses.
		formPackage := slices.Contains(webImports, filepath.Base(filepath.Dir(p)))
		for _, m := range goAddRE.FindAllStringSubmatch(src, -1) {
			if formPackage {
				fields[m[1]] = true
			}
			use(m[2], p+" (validation)")
		}
		for _, m := range goFieldRE.FindAllStringSubmatch(src, -1) {
			if formPackage {
				fields[m[1]] = true
			}
		}
		for _, re := range []*regexp.Regexp{goTRE, goKeyFieldRE} {
			for _, m := range re.FindAllStringSubmatch(src, -1) {
				if !strings.HasSuffix(m[1], ".") {
					use(m[1], p)
				}
			}
		}
		for _, m := range goEntityRE.FindAllStringSubmatch(src, -1) {
			entities = append(entities, m[1])
		}
		for _, m := range goActionRE.FindAllStringSubmatch(src, -1) {
			actions = append(actions, m[1])
		}
		// Every string literal that looks like a key.
		f, err := parser.ParseFile(fset, p, b, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			ns, _, _ := strings.Cut(s, ".")
			if !slices.Contains(keyNamespaces, ns) {
				return true
			}
			if strings.HasSuffix(s, ".") && strings.Count(s, ".") == 1 {
				if !slices.Contains(dynamicPrefixes, s) {
					t.Errorf("%s: key prefix %q completed at run time is not among %v", fset.Position(lit.Pos()), s, dynamicPrefixes)
				}
				return true
			}
			if keyRE.MatchString(s) && !fileNameRE.MatchString(s) {
				use(s, fset.Position(lit.Pos()).String())
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(need) < 150 {
		t.Fatalf("found only %d keys in use; the search is broken", len(need))
	}
	for _, f := range []string{"name", "email", "kind", "municipality_codes", "organization_id", "role", "current_password", "limit"} {
		if !fields[f] {
			t.Fatalf("field %q was not found in use; the search is broken", f)
		}
	}

	// The completions of the dynamic prefixes.
	for _, k := range org.Kinds {
		use("kind."+k, "org.Kinds")
	}
	for _, r := range auth.Roles {
		use("role."+string(r), "auth.Roles")
		use("ability."+string(r), "startPage")
	}
	for _, e := range entities {
		use("entity."+e, "audit entities")
	}
	for _, a := range actions {
		use("action."+a, "audit actions")
	}
	for _, list := range [][]string{web.LoginFields} {
		for _, f := range list {
			fields[f] = true
		}
	}
	for f := range fields {
		use("field."+f, "a field with errors or a label")
	}

	var missing []string
	for key, where := range need {
		if !bundle.Has(key) {
			missing = append(missing, key+" (used in "+strings.Join(slices.Compact(slices.Sorted(slices.Values(where))), ", ")+")")
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("message key %s is not in the catalogue", m)
	}
}
