package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/premises"
)

// importPremises stores a municipality's register of licensed premises
// from CSV: samverkan import premises FILE.csv, with - for standard input.
// The whole file is stored or, when a line is wrong, nothing: the error
// names the line and what is wrong with it.
func importPremises(ctx context.Context, args []string, env environment) error {
	fs := commandFlags("import premises", env)
	fs.Usage = func() {
		fmt.Fprintln(env.stderr, "Usage: samverkan import premises [flags] FILE.csv")
		fmt.Fprintln(env.stderr, "FILE.csv is UTF-8 CSV with the header "+strings.Join(premises.Columns, ",")+"; - reads standard input.")
		fmt.Fprintln(env.stderr, "Premises whose restaurant number is registered already are updated; a bad line stores nothing.")
		fs.PrintDefaults()
	}
	// The file may come before or after the flags.
	if err := fs.Parse(args); err != nil {
		return helpIsFine(usageOrHelp(err))
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return &config.UsageError{Err: errors.New("import premises needs a FILE.csv (- for standard input)")}
	}
	file := rest[0]
	cfg, err := parseCommand("import premises", fs, rest[1:], env)
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
	// The file is read and checked before the database is opened: a
	// wrong file touches nothing.
	rows, err := premises.ParseCSV(in)
	if err != nil {
		return importError(err, env)
	}
	d, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := premises.NewStore(d).Import(ctx, cliActor, rows)
	if err != nil {
		return importError(err, env)
	}
	_, err = fmt.Fprintln(env.stdout, res.String())
	return err
}

// importError says what is wrong with a line in the language of the
// terminal (LANG), as the web interface would say it.
func importError(err error, env environment) error {
	var ie *premises.ImportError
	if !errors.As(err, &ie) {
		return err
	}
	bundle, berr := i18n.Load()
	if berr != nil {
		return err
	}
	lang := i18n.English
	if strings.HasPrefix(env.getenv("LANG"), "sv") {
		lang = i18n.Swedish
	}
	return errors.New(ie.Describe(bundle.For(lang).T))
}
