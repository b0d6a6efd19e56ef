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
	res, err := importInChunks(ctx, report.NewStore(d), events, areas, env.stderr)
	if err != nil {
		return err
	}
	// A file in which no item is a police event is the wrong file, said
	// in one line rather than a line per item.
	if len(events) > 0 && res.Rejected == len(events) {
		return fmt.Errorf("none of the %d items is an event of the police feed (the first: %v); is this a file from polisen.se/api/events?",
			len(events), res.Rejections[0])
	}
	// Rejected events are not a failure of the import: the rest is
	// stored. Each is named on standard error so that it can be looked at.
	for _, r := range res.Rejections {
		fmt.Fprintln(env.stderr, "samverkan: rejected", r)
	}
	_, err = fmt.Fprintln(env.stdout, res.String())
	return err
}

// importChunk is how many events one transaction stores: a long import (the
// archive has 85,011) says how far it has come after each, and an
// interrupted one keeps what it stored (a second run skips those as
// duplicates).
const importChunk = 5000

// importInChunks stores events a chunk at a time, saying the progress on
// progress when there is more than one chunk.
func importInChunks(ctx context.Context, store *report.Store, events []polisen.Event, areas *polisen.Areas, progress io.Writer) (report.ImportResult, error) {
	var total report.ImportResult
	for from := 0; from < len(events); from += importChunk {
		to := min(from+importChunk, len(events))
		res, err := store.ImportPolisen(ctx, cliActor, events[from:to], areas)
		if err != nil {
			return total, fmt.Errorf("after %d of %d events: %w", from, len(events), err)
		}
		total.Imported += res.Imported
		total.Duplicates += res.Duplicates
		total.Summaries += res.Summaries
		total.Rejected += res.Rejected
		total.Rejections = append(total.Rejections, res.Rejections...)
		if len(events) > importChunk {
			fmt.Fprintf(progress, "samverkan: %d of %d events done (%d%%)\n", to, len(events), to*100/len(events))
		}
	}
	return total, nil
}

// usageOrHelp marks a flag error as wrong usage, leaving -h alone.
func usageOrHelp(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	return &config.UsageError{Err: err}
}
