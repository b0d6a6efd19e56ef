// Package config turns flags and environment variables into a Config value.
// Flags win over the environment, the environment over the defaults.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
)

// Config is how one run of the program is set up.
type Config struct {
	Addr        string // where serve listens
	DataDir     string // where the embedded SQLite database lives
	DatabaseURL string // a postgres:// URL selects PostgreSQL
	Demo        bool   // load the demo dataset into an empty database
	SMTPURL     string // smtp:// or smtps:// URL of the mail server; empty sends nothing
	MailFrom    string // the From address of e-mail
	// PublicURL is the address users reach the service at; an https URL
	// makes cookies Secure. Empty means http://Addr.
	PublicURL string
	LogLevel  string // debug, info, warn, error
	LogFormat string // text (logfmt) or json
	// PolisenMunicipalities, comma-separated kommun codes, turns on the
	// poller of the police events feed for those municipalities.
	PolisenMunicipalities string
	PolisenURL            string
	PolisenInterval       time.Duration
	// TileURL is the map tile server, {z}/{x}/{y} (and {s}) in Leaflet's
	// form; "none" or empty draws maps without a background.
	TileURL         string
	TileAttribution string // shown on every map, as the tile server's terms ask
	// Clock is the program's one clock: the machine's, or one started at
	// the instant --now names (for demonstrations and browser tests set on
	// a stated day).
	Clock clock.Clock
}

// DefaultTileURL is OpenStreetMap's tile server, with DefaultTileAttribution.
const (
	DefaultTileURL         = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
	DefaultTileAttribution = "© OpenStreetMap contributors"
)

// TileHost returns the scheme and host of the tile server as a
// Content-Security-Policy source ("https://tile.openstreetmap.org"; a
// {s} subdomain becomes "*"), or "" when maps have no tiles.
func TileHost(tileURL string) string {
	if tileURL == "" || tileURL == "none" {
		return ""
	}
	u, err := url.Parse(strings.ReplaceAll(tileURL, "{s}", "SUBDOMAIN"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	host := strings.ReplaceAll(u.Host, "SUBDOMAIN", "*")
	if strings.Contains(host, "*") && !strings.HasPrefix(host, "*.") {
		return "" // CSP allows a wildcard only as the leftmost label
	}
	return u.Scheme + "://" + host
}

// PolisenCodes returns the municipality codes the police feed is polled
// for; none when polling is off.
func (c Config) PolisenCodes() []string {
	var codes []string
	for _, f := range strings.Split(c.PolisenMunicipalities, ",") {
		if f = strings.TrimSpace(f); f != "" {
			codes = append(codes, f)
		}
	}
	return codes
}

// UsageError is wrong use of the command line; the program exits with 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Database returns the options to open the database with.
func (c Config) Database() db.Options {
	return db.Options{URL: c.DatabaseURL, DataDir: c.DataDir, Clock: c.Clock}
}

// SecureCookies reports whether cookies must be sent over TLS only.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.PublicURL, "https://") }

type flagSpec struct {
	name, env, def, usage string
	target                *string
}

// register defines the string flags of specs on fs, each defaulting to its
// environment variable where that is set.
func register(fs *flag.FlagSet, cfg *Config, specs []flagSpec, getenv func(string) string) {
	for _, s := range specs {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		fs.StringVar(s.target, s.name, def, s.usage+" (env "+s.env+")")
	}
}

// Parse reads the flags of command name from args, with defaults from the
// environment through getenv. withServe adds the flags only serve has.
func Parse(name string, args []string, getenv func(string) string, stderr io.Writer, withServe bool) (Config, []string, error) {
	var cfg Config
	var polisenInterval, now string
	fs := flag.NewFlagSet("samverkan "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	specs := []flagSpec{
		{"data-dir", "SAMVERKAN_DATA_DIR", "./data", "directory of the embedded SQLite database", &cfg.DataDir},
		{"database-url", "SAMVERKAN_DATABASE_URL", "", "a postgres:// URL to use PostgreSQL instead of SQLite", &cfg.DatabaseURL},
		{"log-level", "SAMVERKAN_LOG_LEVEL", "info", "debug, info, warn or error", &cfg.LogLevel},
		{"log-format", "SAMVERKAN_LOG_FORMAT", "text", "text (key=value lines) or json (one object a line, for a log collector)", &cfg.LogFormat},
		{"now", "SAMVERKAN_NOW", "", "start the clock at this instant, e.g. 2026-12-07T10:00, for demonstrations and tests (empty: the machine's clock)", &now},
	}
	if withServe {
		specs = append(specs,
			flagSpec{"addr", "SAMVERKAN_ADDR", "127.0.0.1:8080", "address to listen on", &cfg.Addr},
			flagSpec{"smtp-url", "SAMVERKAN_SMTP_URL", "", "smtp://user:password@host:port (smtps:// for implicit TLS)", &cfg.SMTPURL},
			flagSpec{"mail-from", "SAMVERKAN_MAIL_FROM", "", "From address of e-mail", &cfg.MailFrom},
			flagSpec{"public-url", "SAMVERKAN_PUBLIC_URL", "", "address users reach the service at, e.g. https://samverkan.mora.se", &cfg.PublicURL},
			flagSpec{"polisen-municipalities", "SAMVERKAN_POLISEN_MUNICIPALITIES", "", "kommun codes, e.g. 2062,2023, to poll the police events feed for", &cfg.PolisenMunicipalities},
			flagSpec{"polisen-url", "SAMVERKAN_POLISEN_URL", "https://polisen.se/api/events", "the police events feed", &cfg.PolisenURL},
			flagSpec{"tile-url", "SAMVERKAN_TILE_URL", DefaultTileURL, "map tile server, {z}/{x}/{y}.png; none for maps without tiles", &cfg.TileURL},
			flagSpec{"tile-attribution", "SAMVERKAN_TILE_ATTRIBUTION", DefaultTileAttribution, "attribution the tile server asks for", &cfg.TileAttribution},
			flagSpec{"polisen-interval", "SAMVERKAN_POLISEN_INTERVAL", "5m", "time between calls to the police feed, at least 1m", &polisenInterval},
		)
		fs.BoolVar(&cfg.Demo, "demo", false, "load the demo dataset into an empty database")
	}
	register(fs, &cfg, specs, getenv)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return cfg, nil, err
		}
		return cfg, nil, &UsageError{Err: err}
	}
	cfg.Clock = clock.System
	if now != "" {
		t, err := clock.Parse(now)
		if err != nil {
			return cfg, nil, &UsageError{Err: fmt.Errorf("--now: %w", err)}
		}
		cfg.Clock = clock.StartingAt(t)
	}
	if withServe {
		d, err := time.ParseDuration(polisenInterval)
		if err != nil || d < time.Minute {
			return cfg, nil, &UsageError{Err: fmt.Errorf("--polisen-interval must be a duration of at least 1m (the feed's terms allow at most 60 calls an hour), not %q", polisenInterval)}
		}
		cfg.PolisenInterval = d
	}
	if err := cfg.check(withServe); err != nil {
		return cfg, nil, &UsageError{Err: err}
	}
	return cfg, fs.Args(), nil
}

func (c *Config) check(serve bool) error {
	if c.DatabaseURL != "" && !db.IsPostgresURL(c.DatabaseURL) {
		return errors.New("--database-url must be a postgres:// URL")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level must be debug, info, warn or error, not %q", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	}
	if !serve {
		return nil
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q is not host:port", c.Addr)
	}
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return errors.New("--smtp-url must look like smtp://user:password@host:port")
		}
		if c.MailFrom == "" {
			return errors.New("--mail-from is needed with --smtp-url")
		}
	}
	if c.TileURL != "" && c.TileURL != "none" {
		if TileHost(c.TileURL) == "" || !strings.Contains(c.TileURL, "{z}") || !strings.Contains(c.TileURL, "{x}") || !strings.Contains(c.TileURL, "{y}") {
			return errors.New("--tile-url must be an http:// or https:// URL with {z}, {x} and {y}, or none")
		}
	}
	for _, code := range c.PolisenCodes() {
		if len(code) != 4 || strings.Trim(code, "0123456789") != "" {
			return fmt.Errorf("--polisen-municipalities takes kommun codes such as 2062,2023, not %q", code)
		}
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return errors.New("--public-url must be an http:// or https:// URL")
		}
		c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	} else {
		c.PublicURL = "http://" + c.Addr
	}
	return nil
}
