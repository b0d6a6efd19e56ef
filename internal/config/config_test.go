package config

import (
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
)

const feed = "https://polisen.se/api/events"

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		want    Config
		wantErr bool
	}{
		{name: "defaults", want: Config{Addr: "127.0.0.1:8080", DataDir: "./data", LogLevel: "info", LogFormat: "text", PublicURL: "http://127.0.0.1:8080", PolisenURL: feed, PolisenInterval: 5 * time.Minute, TileURL: DefaultTileURL, TileAttribution: DefaultTileAttribution}},
		{name: "environment", env: map[string]string{"SAMVERKAN_ADDR": ":9000", "SAMVERKAN_DATABASE_URL": "postgres://x@y/z"},
			want: Config{Addr: ":9000", DataDir: "./data", DatabaseURL: "postgres://x@y/z", LogLevel: "info", LogFormat: "text", PublicURL: "http://:9000", PolisenURL: feed, PolisenInterval: 5 * time.Minute, TileURL: DefaultTileURL, TileAttribution: DefaultTileAttribution}},
		{name: "flag beats environment", args: []string{"--addr", "127.0.0.1:1", "--demo"}, env: map[string]string{"SAMVERKAN_ADDR": ":9000"},
			want: Config{Addr: "127.0.0.1:1", DataDir: "./data", Demo: true, LogLevel: "info", LogFormat: "text", PublicURL: "http://127.0.0.1:1", PolisenURL: feed, PolisenInterval: 5 * time.Minute, TileURL: DefaultTileURL, TileAttribution: DefaultTileAttribution}},
		{name: "https public URL", args: []string{"--public-url", "https://samverkan.mora.se/"},
			want: Config{Addr: "127.0.0.1:8080", DataDir: "./data", LogLevel: "info", LogFormat: "text", PublicURL: "https://samverkan.mora.se", PolisenURL: feed, PolisenInterval: 5 * time.Minute, TileURL: DefaultTileURL, TileAttribution: DefaultTileAttribution}},
		{name: "mysql URL", args: []string{"--database-url", "mysql://x"}, wantErr: true},
		{name: "bad addr", args: []string{"--addr", "8080"}, wantErr: true},
		{name: "smtp without from", args: []string{"--smtp-url", "smtp://mail:25"}, wantErr: true},
		{name: "bad smtp", args: []string{"--smtp-url", "http://mail", "--mail-from", "a@b.se"}, wantErr: true},
		{name: "unknown flag", args: []string{"--colour"}, wantErr: true},
		{name: "bad log level", args: []string{"--log-level", "loud"}, wantErr: true},
		{name: "police feed", args: []string{"--polisen-municipalities", "2062, 2023", "--polisen-interval", "10m"},
			want: Config{Addr: "127.0.0.1:8080", DataDir: "./data", LogLevel: "info", LogFormat: "text", PublicURL: "http://127.0.0.1:8080", PolisenMunicipalities: "2062, 2023", PolisenURL: feed, PolisenInterval: 10 * time.Minute, TileURL: DefaultTileURL, TileAttribution: DefaultTileAttribution}},
		{name: "tiles", args: []string{"--tile-url", "https://{s}.tiles.example/{z}/{x}/{y}.png", "--tile-attribution", "© Lantmäteriet"},
			want: Config{Addr: "127.0.0.1:8080", DataDir: "./data", LogLevel: "info", LogFormat: "text", PublicURL: "http://127.0.0.1:8080", PolisenURL: feed, PolisenInterval: 5 * time.Minute, TileURL: "https://{s}.tiles.example/{z}/{x}/{y}.png", TileAttribution: "© Lantmäteriet"}},
		{name: "no tiles", args: []string{"--tile-url", "none"},
			want: Config{Addr: "127.0.0.1:8080", DataDir: "./data", LogLevel: "info", LogFormat: "text", PublicURL: "http://127.0.0.1:8080", PolisenURL: feed, PolisenInterval: 5 * time.Minute, TileURL: "none", TileAttribution: DefaultTileAttribution}},
		{name: "tiles without z", args: []string{"--tile-url", "https://tiles.example/{x}/{y}.png"}, wantErr: true},
		{name: "tiles not http", args: []string{"--tile-url", "ftp://tiles.example/{z}/{x}/{y}.png"}, wantErr: true},
		{name: "police feed too often", args: []string{"--polisen-interval", "30s"}, wantErr: true},
		{name: "log format unknown", args: []string{"--log-format", "xml"}, wantErr: true},
		{name: "police feed bad code", args: []string{"--polisen-municipalities", "Mora"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := Parse("serve", tt.args, env(tt.env), io.Discard, true)
			if tt.wantErr {
				var ue *UsageError
				if !errors.As(err, &ue) {
					t.Fatalf("Parse(%q) error = %v, want a UsageError", tt.args, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q) error = %v", tt.args, err)
			}
			if got.Clock != clock.System {
				t.Errorf("Parse(%q) clock = %v, want the machine's", tt.args, got.Clock)
			}
			got.Clock = nil
			if got != tt.want {
				t.Errorf("Parse(%q) = %+v, want %+v", tt.args, got, tt.want)
			}
		})
	}
}

func TestSecureCookies(t *testing.T) {
	if (Config{PublicURL: "http://x"}).SecureCookies() || !(Config{PublicURL: "https://x"}).SecureCookies() {
		t.Error("SecureCookies should follow the scheme of PublicURL")
	}
}

func TestTileHost(t *testing.T) {
	for in, want := range map[string]string{
		DefaultTileURL: "https://tile.openstreetmap.org",
		"https://{s}.tile.example.se:8443/{z}/{x}/{y}.png": "https://*.tile.example.se:8443",
		"http://127.0.0.1:9/{z}/{x}/{y}.png":               "http://127.0.0.1:9",
		"https://a{s}.example/{z}/{x}/{y}.png":             "",
		"none":                                             "",
		"":                                                 "",
		"javascript:alert(1)":                              "",
	} {
		if got := TileHost(in); got != want {
			t.Errorf("TileHost(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPolisenCodes(t *testing.T) {
	if got := (Config{PolisenMunicipalities: " 2062, ,2023 "}).PolisenCodes(); !slices.Equal(got, []string{"2062", "2023"}) {
		t.Errorf("PolisenCodes() = %v", got)
	}
	if got := (Config{}).PolisenCodes(); got != nil {
		t.Errorf("PolisenCodes() of nothing = %v", got)
	}
}
