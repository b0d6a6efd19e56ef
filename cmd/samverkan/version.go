package main

import (
	"runtime/debug"
	"strings"
)

// buildVersion is the version the program says it is: the one given at
// build time with -ldflags "-X main.version=…", else what the Go toolchain
// recorded of the repository the binary was built from (the commit, its
// time, and whether the tree had changes), else "dev" (go run records no
// repository).
func buildVersion(info *debug.BuildInfo, ok bool) string {
	if version != "dev" {
		return version
	}
	if !ok {
		return version
	}
	var rev, at string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		if v := info.Main.Version; v != "" && v != "(devel)" {
			return v
		}
		return version
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	out := rev
	if day, _, found := strings.Cut(at, "T"); found {
		out = day + "-" + rev
	}
	if modified {
		out += "+modified"
	}
	return out
}

// programVersion is the running binary's version.
func programVersion() string {
	info, ok := debug.ReadBuildInfo()
	return buildVersion(info, ok)
}
