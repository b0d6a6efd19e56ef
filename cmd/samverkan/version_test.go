package main

import (
	"runtime/debug"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	vcs := func(settings ...string) *debug.BuildInfo {
		info := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
		for i := 0; i+1 < len(settings); i += 2 {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
		}
		return info
	}
	for _, tt := range []struct {
		name string
		info *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "dev"},
		{"go run", vcs(), true, "dev"},
		{"a clean build", vcs("vcs.revision", "3b8c837f00aa11bb22cc", "vcs.time", "2026-12-07T09:00:00Z", "vcs.modified", "false"), true, "2026-12-07-3b8c837f00aa"},
		{"a build with changes", vcs("vcs.revision", "3b8c837f", "vcs.time", "2026-12-07T09:00:00Z", "vcs.modified", "true"), true, "2026-12-07-3b8c837f+modified"},
		{"a module version", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, true, "v1.2.3"},
	} {
		if got := buildVersion(tt.info, tt.ok); got != tt.want {
			t.Errorf("%s: buildVersion() = %q, want %q", tt.name, got, tt.want)
		}
	}
}
