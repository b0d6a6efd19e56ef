// Package testenv says what a test does when something it needs from
// outside the repository is not there: the police archive in ../shared, a
// program such as pdftotext.
//
// On a developer's machine such a test skips, saying what is missing. Where
// every prerequisite is required (SAMVERKAN_TEST_REQUIRE_ALL=1, which
// scripts/test and so CI set) it fails instead, so that CI never reports a
// test as run that was silently skipped.
package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// RequireAllEnv names the variable that turns a missing prerequisite into a
// failure.
const RequireAllEnv = "SAMVERKAN_TEST_REQUIRE_ALL"

// Missing skips tb, or fails it where every prerequisite is required.
func Missing(tb testing.TB, format string, args ...any) {
	tb.Helper()
	what := fmt.Sprintf(format, args...)
	if os.Getenv(RequireAllEnv) == "1" {
		tb.Fatalf("%s, and %s=1 requires it", what, RequireAllEnv)
	}
	tb.Skip(what)
}

// Program returns the path of the program name, or calls Missing.
func Program(tb testing.TB, name, pkg string) string {
	tb.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(tb, "%s is not installed (apt-get install %s)", name, pkg)
	}
	return path
}
