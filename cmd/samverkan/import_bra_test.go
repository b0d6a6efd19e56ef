package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// The files of the crimestats package's tests: Brå's text export example
// and the older table layout of the whole country.
const (
	braTextFile  = "../../internal/crimestats/testdata/bra_sol_dbfil_example.txt"
	braTableFile = "../../internal/crimestats/testdata/bra_sol_export_hela_landet_via_bra_scraper.csv"
)

func TestImportBra(t *testing.T) {
	text, err := os.ReadFile(braTextFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("Region;Brott;År;Period;Antal;/100 000 inv;\n"+
		"Mora kommun;Rån;År;2024;4;16,4;\n"+
		"Mora kommun;Rån;År;2025;fyra;16,4;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dbs := map[string]func(t *testing.T) []string{
		"sqlite":   func(t *testing.T) []string { return []string{"--data-dir", t.TempDir()} },
		"postgres": func(t *testing.T) []string { return []string{"--database-url", dbtest.NewPostgresDatabase(t)} },
	}
	for name, dbFlagsOf := range dbs {
		t.Run(name, func(t *testing.T) {
			if !dbtest.Selected(name) {
				t.Skip()
			}
			dbFlags := dbFlagsOf(t)
			stdout, stderr, exit := importRun(t, "", append(append([]string{"import", "bra"}, dbFlags...), braTableFile)...)
			if exit != 0 || stdout != "imported 170, replaced 0, rejected 0\n" {
				t.Fatalf("import bra TABLE = exit %d, %q, %s", exit, stdout, stderr)
			}
			stdout, stderr, exit = importRun(t, string(text), append([]string{"import", "bra", "-"}, dbFlags...)...)
			if exit != 0 || stdout != "imported 2, replaced 0, rejected 0\n" {
				t.Fatalf("import bra - = exit %d, %q, %s", exit, stdout, stderr)
			}
			// Again: the same figures are replaced. A line with nothing but
			// ".." and a police region are rejected and named.
			more := string(text) + "Hela landet;Bedrägeri;År;2025;..;..;\nRegion Bergslagen;Bedrägeri;År;2025;5;1;\n"
			stdout, stderr, exit = importRun(t, more, append([]string{"import", "bra", "-"}, dbFlags...)...)
			if exit != 0 || stdout != "imported 0, replaced 2, rejected 2\n" ||
				stderr != "samverkan: rejected line 4: No figures (..), the line is not stored\n"+
					"samverkan: rejected line 5: \"Region Bergslagen\" is neither a municipality, a county nor the whole country; the line is not stored\n" {
				t.Errorf("import bra (again) = exit %d, %q, stderr %q", exit, stdout, stderr)
			}
			// A bad line fails the file with its number; nothing is stored.
			stdout, stderr, exit = importRun(t, "", append(append([]string{"import", "bra"}, dbFlags...), bad)...)
			if exit != 1 || stdout != "" || stderr != "samverkan: line 3, Antal: \"fyra\" is not a count (a whole number, or .. where there is none)\n" {
				t.Errorf("import bra (bad line) = exit %d, %q, stderr %q", exit, stdout, stderr)
			}
			var errOut bytes.Buffer
			err := run(context.Background(), append(append([]string{"import", "bra"}, dbFlags...), bad),
				func(k string) string {
					if k == "LANG" {
						return "sv_SE.UTF-8"
					}
					return ""
				}, strings.NewReader(""), &bytes.Buffer{}, &errOut)
			if err == nil || err.Error() != "rad 3, Antal: \"fyra\" är inget antal (ett heltal, eller .. när uppgift saknas)" {
				t.Errorf("import bra (bad line, LANG=sv) error = %v", err)
			}
			good := "Region;Brott;År;Period;Antal;/100 000 inv;\nMora kommun;Rån;År;2024;4;16,4;\n"
			stdout, stderr, exit = importRun(t, good, append([]string{"import", "bra", "-"}, dbFlags...)...)
			if exit != 0 || stdout != "imported 1, replaced 0, rejected 0\n" {
				t.Errorf("import bra (the good line alone) = exit %d, %q, %s; the refused file stored something", exit, stdout, stderr)
			}
			// A file of which nothing can be stored fails.
			none := "Region;Brott;År;Period;Antal;/100 000 inv;\nRegion Syd;Rån;År;2024;4;16,4;\n"
			_, stderr, exit = importRun(t, none, append([]string{"import", "bra", "-"}, dbFlags...)...)
			if exit != 1 || !strings.Contains(stderr, "samverkan: line 2: None of the file's 1 lines could be stored; the first: \"Region Syd\" is neither") {
				t.Errorf("import bra (nothing to store) = exit %d, %q", exit, stderr)
			}
		})
	}
}

func TestImportBraUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		exit int
		want string
	}{
		{"no file", []string{"import", "bra", "--data-dir", dir}, 2, "needs a FILE"},
		{"two files", []string{"import", "bra", "--data-dir", dir, "a.txt", "b.txt"}, 2, "unexpected"},
		{"missing file", []string{"import", "bra", "--data-dir", dir, filepath.Join(dir, "none.txt")}, 1, "none.txt"},
		{"empty", []string{"import", "bra", "--data-dir", dir, "-"}, 1, "line 1: The file holds no statistics"},
	}
	for _, tt := range tests {
		stdout, stderr, exit := importRun(t, "", tt.args...)
		if exit != tt.exit || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, want exit %d (stderr %q)", tt.name, exit, stdout, tt.exit, stderr)
		}
		last := stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]
		if !strings.HasPrefix(last, "samverkan: ") || !strings.Contains(last, tt.want) {
			t.Errorf("%s: last line of standard error %q, want one line mentioning %q", tt.name, last, tt.want)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the data directory holds %d files after refused imports", len(entries))
	}
	_, stderr, exit := importRun(t, "", "import", "bra", "--help")
	if exit != 0 || !strings.Contains(stderr, "Region;Brott;År;Period") {
		t.Errorf("import bra --help = exit %d, %q", exit, stderr)
	}
}
