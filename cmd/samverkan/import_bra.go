package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/crimestats"
	"github.com/samverkan/samverkan/internal/i18n"
)

// importBra stores crime statistics exported from Brå's statistics
// database: samverkan import bra FILE, with - for standard input. A line
// that cannot be read (a count that is no number, a period that is no
// period, the same figure twice) fails the whole file with its line number
// and nothing is stored. Lines that are read but not stored, because every
// figure is ".." or the region is neither a municipality, a county nor
// the country, are counted as rejected and named on standard error; a
// file of which nothing can be stored fails.
func importBra(ctx context.Context, args []string, env environment) error {
	fs := commandFlags("import bra", env)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: samverkan import bra [flags] FILE")
		fmt.Fprintln(env.stderr, "FILE is an export of Brå's statistics database: the text export (header "+strings.Join(crimestats.TextHeader, ";")+
			", ISO-8859-1 or UTF-8) or the older table layout (header "+strings.Join(crimestats.TableHeader, ",")+"); - reads standard input.")
		fmt.Fprintln(env.stderr, "A figure of the same region, crime and period is replaced; a bad line stores nothing.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return helpIsFine(usageOrHelp(err))
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return &config.UsageError{Err: errors.New("import bra needs a FILE (- for standard input)")}
	}
	file := rest[0]
	cfg, err := parseCommand("import bra", fs, rest[1:], env)
	if err != nil {
		return helpIsFine(err)
	}
	var in io.Reader = env.stdin
	name := "stdin"
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("read %s: %w", file, err)
		}
		defer f.Close()
		in, name = f, filepath.Base(file)
	}
	regions, err := crimestats.LoadRegions()
	if err != nil {
		return err
	}
	say := terminalLanguage(env)
	// The file is read and checked before the database is opened: a wrong
	// file touches nothing.
	parsed, err := crimestats.Parse(in, regions)
	if err != nil {
		return braError(err, say)
	}
	d, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := crimestats.NewStore(d).Import(ctx, cliActor, crimestats.Source{File: name}, parsed, nil)
	if err != nil {
		return braError(err, say)
	}
	for _, r := range res.Rejections {
		fmt.Fprintln(env.stderr, "samverkan: rejected", r.Describe(say))
	}
	_, err = fmt.Fprintln(env.stdout, res.String())
	return err
}

// terminalLanguage returns the words of the terminal's language (LANG):
// Swedish for sv_*, English otherwise.
func terminalLanguage(env environment) func(key string, args ...any) string {
	bundle, err := i18n.Load()
	if err != nil {
		return func(key string, args ...any) string { return key }
	}
	lang := i18n.English
	if strings.HasPrefix(env.getenv("LANG"), "sv") {
		lang = i18n.Swedish
	}
	return bundle.For(lang).T
}

func braError(err error, say func(key string, args ...any) string) error {
	var ie *crimestats.ImportError
	if !errors.As(err, &ie) {
		return err
	}
	return errors.New(ie.Describe(say))
}
