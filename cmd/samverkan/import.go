package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/polisen"
	"github.com/samverkan/samverkan/internal/report"
)

// importPolisen stores a file of the police events feed as reports:
// samverkan import polisen FILE, with - for standard input.
func importPolisen(ctx context.Context, args []string, env environment) error {
	fs := commandFlags("import polisen", env)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: samverkan import polisen [flags] FILE")
		fmt.Fprintln(env.stderr, "FILE is a JSON array as served by https://polisen.se/api/events; - reads standard input.")
		fs.PrintDefaults()
	}
	// The file may come before or after the flags.
	if err := fs.Parse(args); err != nil {
		return helpIsFine(usageOrHelp(err))
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return &config.UsageError{Err: errors.New("import polisen needs a FILE (- for standard input)")}
	}
	file := rest[0]
	cfg, err := parseCommand("import polisen", fs, rest[1:], env)
	if err != nil {
		return helpIsFine(err)
	}

	var in io.Reader = env.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("read %s: %w", file, err)
		}
		defer f.Close()
		in = f
	}
	events, err := polisen.Parse(in)
	if err != nil {
		return err
	}
	areas, err := polisen.LoadAreas()
	if err != nil {
		return err
	}
	d, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := report.NewStore(d).ImportPolisen(ctx, cliActor, events, areas)
	if err != nil {
		return err
	}
	// Rejected events are not a failure of the import: the rest is
	// stored. Each is named on standard error so that it can be looked at.
	for _, r := range res.Rejections {
		fmt.Fprintln(env.stderr, "samverkan: rejected", r)
	}
	_, err = fmt.Fprintln(env.stdout, res.String())
	return err
}

// usageOrHelp marks a flag error as wrong usage, leaving -h alone.
func usageOrHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &config.UsageError{Err: err}
}
