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

// The register file of the premises package's tests: three premises, a
// byte order mark, CRLF, a decimal comma and an empty line.
const registerFile = "../../internal/premises/testdata/register.csv"

const registerHeader = "restaurant_number,name,organization_number,holder_name,street_address,postal_code,postal_area,municipality_code,licence_type,serving_hours,lat,lon\n"

func TestImportPremises(t *testing.T) {
	file, err := os.ReadFile(registerFile)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte(registerHeader+
		"20230009,Ny krog,556012-5790,Ny AB,,,,2023,permanent_public,,,\n"+
		"20230010,Fel krog,556012-5791,Fel AB,,,,2023,permanent_public,,,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dbs := map[string]func(t *testing.T) []string{
		"sqlite":   func(t *testing.T) []string { return []string{"--data-dir", t.TempDir()} },
		"postgres": func(t *testing.T) []string { return []string{"--database-url", dbtest.NewPostgresDatabase(t)} },
	}
	for name, dbFlagsOf := range dbs {
		t.Run(name, func(t *testing.T) {
			dbFlags := dbFlagsOf(t)
			stdout, stderr, exit := importRun(t, "", append(append([]string{"import", "premises"}, dbFlags...), registerFile)...)
			if exit != 0 || stdout != "created 3, updated 0, unchanged 0\n" {
				t.Fatalf("import premises FILE = exit %d, %q, %s", exit, stdout, stderr)
			}
			// Again from standard input, with the file before the flags.
			stdout, stderr, exit = importRun(t, string(file), append([]string{"import", "premises", "-"}, dbFlags...)...)
			if exit != 0 || stdout != "created 0, updated 0, unchanged 3\n" {
				t.Errorf("import premises - (again) = exit %d, %q, %s", exit, stdout, stderr)
			}
			// A bad line stops the import, says where and why, and stores
			// nothing, not even the good line before it.
			stdout, stderr, exit = importRun(t, "", append(append([]string{"import", "premises"}, dbFlags...), bad)...)
			if exit != 1 || stdout != "" || stderr != "samverkan: line 3, organization_number: The check digit of the organisation number is wrong: check the number\n" {
				t.Errorf("import premises (bad line) = exit %d, %q, stderr %q", exit, stdout, stderr)
			}
			var errOut bytes.Buffer
			err := run(context.Background(), append(append([]string{"import", "premises"}, dbFlags...), bad),
				func(k string) string {
					if k == "LANG" {
						return "sv_SE.UTF-8"
					}
					return ""
				}, strings.NewReader(""), &bytes.Buffer{}, &errOut)
			if err == nil || err.Error() != "rad 3, organization_number: Organisationsnumrets kontrollsiffra stämmer inte: kontrollera numret" {
				t.Errorf("import premises (bad line, LANG=sv) error = %v", err)
			}
			good := registerHeader + "20230009,Ny krog,556012-5790,Ny AB,,,,2023,permanent_public,,,\n"
			stdout, stderr, exit = importRun(t, good, append([]string{"import", "premises", "-"}, dbFlags...)...)
			if exit != 0 || stdout != "created 1, updated 0, unchanged 0\n" {
				t.Errorf("import premises (the good line alone) = exit %d, %q, %s; the refused file stored something", exit, stdout, stderr)
			}
			// A municipality code that is no municipality is found in the
			// database, with its line too.
			unknown := registerHeader + "99990001,Okänd,556012-5790,AB,,,,9999,permanent_public,,,\n"
			_, stderr, exit = importRun(t, unknown, append([]string{"import", "premises", "-"}, dbFlags...)...)
			if exit != 1 || stderr != "samverkan: line 2, municipality_code: Unknown municipality code: 9999\n" {
				t.Errorf("import premises (unknown municipality) = exit %d, %q", exit, stderr)
			}
		})
	}
}

func TestImportPremisesUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		args []string
		exit int
		want string
	}{
		{"no file", []string{"import", "premises", "--data-dir", dir}, 2, "needs a FILE.csv"},
		{"two files", []string{"import", "premises", "--data-dir", dir, "a.csv", "b.csv"}, 2, "unexpected"},
		{"unknown flag", []string{"import", "premises", "--colour", "x.csv"}, 2, "colour"},
		{"missing file", []string{"import", "premises", "--data-dir", dir, filepath.Join(dir, "none.csv")}, 1, "none.csv"},
		{"not a register", []string{"import", "premises", "--data-dir", dir, "-"}, 1, "line 1: The file holds no premises"},
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
	// A file that is wrong opens no database.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the data directory holds %d files after refused imports", len(entries))
	}
	stdout, stderr, exit := importRun(t, "", "import", "premises", "--help")
	if exit != 0 || !strings.Contains(stderr, "restaurant_number,name,organization_number") {
		t.Errorf("import premises --help = exit %d, %q, %q", exit, stdout, stderr)
	}
	stdout, _, exit = importRun(t, "", "help")
	if exit != 0 || !strings.Contains(stdout, "\n  import polisen ") || !strings.Contains(stdout, "\n  import premises ") {
		t.Errorf("help does not list both imports:\n%s", stdout)
	}
}
