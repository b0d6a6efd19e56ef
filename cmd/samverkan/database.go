package main

import (
	"context"
	"fmt"
	"log/slog"
	"sort"

	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
)

// openDatabase opens the configured database, migrates it and makes sure
// the municipalities are there: every command needs all three.
func openDatabase(ctx context.Context, cfg config.Config) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.Database())
	if err != nil {
		return nil, err
	}
	if err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func newLogger(cfg config.Config, env environment) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(env.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(env.stderr, opts))
}

func migrate(ctx context.Context, args []string, env environment) error {
	cfg, rest, err := config.Parse("migrate", args, env.getenv, env.stderr, false)
	if err != nil {
		return helpIsFine(err)
	}
	if len(rest) > 0 {
		return &config.UsageError{Err: fmt.Errorf("migrate takes no arguments, got %q", rest)}
	}
	d, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	_, err = fmt.Fprintf(env.stdout, "database up to date (%s)\n", d.Dialect())
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
