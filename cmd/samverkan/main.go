// Command samverkan is the whole product in one binary: the web server and
// the commands that administer it. main only wires; run does the work so
// that tests can call it with their own arguments, environment and streams.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	_ "time/tzdata" // Europe/Stockholm without the host's zoneinfo

	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/validation"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Getenv, os.Stderr))
}

// exitCode prints err as one line and returns the exit status of the
// contract: 0 success, 1 failure, 2 wrong usage.
func exitCode(err error, getenv func(string) string, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	fmt.Fprintln(stderr, "samverkan: "+describe(err, getenv))
	var ue *config.UsageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

// describe says an error in one line; validation errors are said in the
// language of the terminal (LANG), as the web interface would say them.
func describe(err error, getenv func(string) string) string {
	var ve *validation.Error
	if !errors.As(err, &ve) {
		return err.Error()
	}
	bundle, berr := i18n.Load()
	if berr != nil {
		return err.Error()
	}
	lang := i18n.English
	if strings.HasPrefix(getenv("LANG"), "sv") {
		lang = i18n.Swedish
	}
	loc := bundle.For(lang)
	var parts []string
	for _, f := range sortedKeys(ve.Fields) {
		m := ve.Fields[f]
		parts = append(parts, "--"+strings.ReplaceAll(f, "_", "-")+": "+loc.T(m.Key, m.Args...))
	}
	return strings.Join(parts, "; ")
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env environment) error
}

// environment is what a command may touch of the world.
type environment struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func commands() []command {
	return []command{
		{"serve", "start the web server (--demo loads demo data into an empty database)", serve},
		{"migrate", "bring the database schema up to date and exit", migrate},
		{"user add", "add a user; the password is read from standard input", userAdd},
		{"token create", "create a personal API token for a user and print it", tokenCreate},
		{"import polisen", "store a file of the police events feed as reports (- reads standard input)", importPolisen},
		{"import premises", "store a register of licensed premises from CSV, all lines or none (- reads standard input)", importPremises},
		{"import bra", "store crime statistics exported from Brå's statistics database; a re-import replaces the same region, crime and period (- reads standard input)", importBra},
		{"version", "print the version", func(_ context.Context, _ []string, env environment) error {
			_, err := fmt.Fprintln(env.stdout, "samverkan", programVersion())
			return err
		}},
		{"help", "list the commands", nil},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	env := environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return &config.UsageError{Err: errors.New("no command given")}
	}
	if args[0] == "--version" {
		_, err := fmt.Fprintln(stdout, "samverkan", programVersion())
		return err
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return nil
	}
	for _, c := range commands() {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == c.name && c.run != nil {
			return c.run(ctx, args[len(words):], env)
		}
	}
	usage(stderr)
	return &config.UsageError{Err: fmt.Errorf("unknown command %q", strings.Join(args, " "))}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: samverkan COMMAND [flags]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-16s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run samverkan COMMAND --help for the flags of a command.")
}
