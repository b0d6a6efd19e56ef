package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/polisen"
	"github.com/samverkan/samverkan/internal/report"
)

// importRun runs the program as main would and returns its output and exit
// status, with no environment but what the test gives.
func importRun(t *testing.T, stdin string, args ...string) (stdout, stderr string, exit int) {
	t.Helper()
	getenv := func(string) string { return "" }
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errOut)
	exit = exitCode(err, getenv, &errOut)
	return out.String(), errOut.String(), exit
}

// The police's own test file: 29 real events picked for their quirks
// (summaries, county-wide events, ':' times, year boundaries).
const casesFile = "../../internal/polisen/testdata/polisen_events_cases.json"

func TestImportPolisen(t *testing.T) {
	feed, err := os.ReadFile(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	dbs := map[string]func(t *testing.T) []string{
		"sqlite":   func(t *testing.T) []string { return []string{"--data-dir", t.TempDir()} },
		"postgres": func(t *testing.T) []string { return []string{"--database-url", dbtest.NewPostgresDatabase(t)} },
	}
	for name, dbFlagsOf := range dbs {
		t.Run(name, func(t *testing.T) {
			dbFlags := dbFlagsOf(t)
			first, stderr, exit := importRun(t, "", append(append([]string{"import", "polisen"}, dbFlags...), casesFile)...)
			if exit != 0 {
				t.Fatalf("import polisen FILE: exit %d, %s", exit, stderr)
			}
			if first != "imported 24, duplicates 0, summaries 5, rejected 0\n" {
				t.Errorf("import polisen FILE printed %q", first)
			}
			// Again from standard input, with the file after the flags.
			second, stderr, exit := importRun(t, string(feed), append([]string{"import", "polisen", "-"}, dbFlags...)...)
			if exit != 0 || second != "imported 0, duplicates 29, summaries 0, rejected 0\n" {
				t.Errorf("import polisen - (again) = exit %d, %q, %s", exit, second, stderr)
			}
			// An event that cannot be read is named, and the rest stored.
			mixed := `[{"id": 1, "datetime": "2026-02-20 21:10:00 +01:00", "name": "20 februari 21.00, Brand, Mora", "type": "Brand"},
				{"id": 2, "datetime": "2026-02-20 21:10:00 +01:00", "name": "30 februari 21.00, Brand, Mora", "type": "Brand"}]`
			third, stderr, exit := importRun(t, mixed, append(append([]string{"import", "polisen"}, dbFlags...), "-")...)
			if exit != 0 || third != "imported 1, duplicates 0, summaries 0, rejected 1\n" {
				t.Errorf("import polisen (one bad event) = exit %d, %q", exit, third)
			}
			if !strings.HasPrefix(stderr, "samverkan: rejected event 2: ") || strings.Count(stderr, "\n") != 1 {
				t.Errorf("standard error = %q, want one line naming event 2", stderr)
			}
		})
	}
}

func TestImportPolisenFailures(t *testing.T) {
	dir := t.TempDir()
	notJSON := filepath.Join(dir, "feed.json")
	if err := os.WriteFile(notJSON, []byte(`{"not": "an array"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		exit  int
		want  string
	}{
		{"no file", []string{"import", "polisen", "--data-dir", dir}, "", 2, "needs a FILE"},
		{"two files", []string{"import", "polisen", "--data-dir", dir, "a.json", "b.json"}, "", 2, "unexpected"},
		{"unknown flag", []string{"import", "polisen", "--colour", "x.json"}, "", 2, "colour"},
		{"missing file", []string{"import", "polisen", "--data-dir", dir, filepath.Join(dir, "none.json")}, "", 1, "none.json"},
		{"not a feed", []string{"import", "polisen", "--data-dir", dir, notJSON}, "", 1, "JSON array"},
		{"empty standard input", []string{"import", "polisen", "--data-dir", dir, "-"}, "", 1, "empty"},
		// An array of something else: one line, not one per item.
		{"the wrong file", []string{"import", "polisen", "--data-dir", dir, "-"},
			`[{"name": "a"}, {"name": "b"}, {"name": "c"}]`, 1, "none of the 3 items is an event of the police feed"},
		{"unknown import", []string{"import", "bananas", "x"}, "", 2, "unknown command"},
	}
	for _, tt := range tests {
		stdout, stderr, exit := importRun(t, tt.stdin, tt.args...)
		if exit != tt.exit {
			t.Errorf("%s: exit %d, want %d (stderr %q)", tt.name, exit, tt.exit, stderr)
		}
		last := stderr[strings.LastIndex(strings.TrimSuffix(stderr, "\n"), "\n")+1:]
		if !strings.HasPrefix(last, "samverkan: ") || !strings.Contains(last, tt.want) || tt.name == "the wrong file" && strings.Count(stderr, "\n") != 1 {
			t.Errorf("%s: last line of standard error %q, want one line mentioning %q", tt.name, last, tt.want)
		}
		if stdout != "" {
			t.Errorf("%s: printed %q", tt.name, stdout)
		}
	}
	stdout, _, exit := importRun(t, "", "help")
	if exit != 0 || !strings.Contains(stdout, "import polisen") {
		t.Errorf("help does not list import polisen:\n%s", stdout)
	}
}

// TestImportInChunks: a long import says how far it has come after each
// chunk and adds the chunks' results up.
func TestImportInChunks(t *testing.T) {
	f, err := os.Open(casesFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	events, err := polisen.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var many []polisen.Event
	for i := range importChunk*2 + 10 {
		ev := events[i%len(events)]
		ev.ID = 9000000 + i
		many = append(many, ev)
	}
	areas, err := polisen.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	d := dbtest.SQLite(t)
	if err := municipality.NewStore(d).Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	var progress strings.Builder
	res, err := importInChunks(context.Background(), report.NewStore(d), many, areas, &progress)
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Imported + res.Duplicates + res.Summaries + res.Rejected; got != len(many) {
		t.Errorf("the chunks add up to %d events, want %d (%s)", got, len(many), res)
	}
	lines := strings.Split(strings.TrimSpace(progress.String()), "\n")
	if len(lines) != 3 || !strings.HasSuffix(lines[2], fmt.Sprintf("%d of %d events done (100%%)", len(many), len(many))) {
		t.Errorf("progress = %q, want a line per chunk ending at 100%%", lines)
	}
}
