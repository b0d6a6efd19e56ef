package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/org"
)

// cliActor is who the audit trail names for changes made from the command
// line.
var cliActor = audit.Actor{Label: "cli"}

// commandFlags is a flag set with the database flags that every
// administrative command takes besides its own.
func commandFlags(name string, env environment) *flag.FlagSet {
	fs := flag.NewFlagSet("samverkan "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	fs.String("data-dir", "", "directory of the embedded SQLite database (env SAMVERKAN_DATA_DIR)")
	fs.String("database-url", "", "a postgres:// URL (env SAMVERKAN_DATABASE_URL)")
	fs.String("log-level", "", "debug, info, warn or error")
	return fs
}

// parseCommand parses a command's flags together with the database flags.
func parseCommand(name string, fs *flag.FlagSet, args []string, env environment) (config.Config, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config.Config{}, err
		}
		return config.Config{}, &config.UsageError{Err: err}
	}
	if fs.NArg() > 0 {
		return config.Config{}, &config.UsageError{Err: fmt.Errorf("unexpected arguments %q", fs.Args())}
	}
	var dbArgs []string
	for _, f := range []string{"data-dir", "database-url", "log-level"} {
		if v := fs.Lookup(f).Value.String(); v != "" {
			dbArgs = append(dbArgs, "--"+f, v)
		}
	}
	cfg, _, err := config.Parse(name, dbArgs, env.getenv, env.stderr, false)
	return cfg, err
}

func userAdd(ctx context.Context, args []string, env environment) error {
	fs := commandFlags("user add", env)
	email := fs.String("email", "", "e-mail address (required)")
	name := fs.String("name", "", "full name (required)")
	orgName := fs.String("org", "", "name of the organisation to join")
	role := fs.String("role", "", "role in the organisation: coordinator, member or reporter")
	admin := fs.Bool("admin", false, "make the user a system administrator")
	cfg, err := parseCommand("user add", fs, args, env)
	if err != nil {
		return helpIsFine(err)
	}
	if *email == "" || *name == "" {
		return &config.UsageError{Err: errors.New("user add needs --email and --name")}
	}
	if (*orgName == "") != (*role == "") {
		return &config.UsageError{Err: errors.New("--org and --role go together")}
	}
	password, err := readPassword(env)
	if err != nil {
		return err
	}
	d, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	store := org.NewStore(d)
	var orgID int64
	if *orgName != "" {
		o, err := store.ByName(ctx, *orgName)
		if errors.Is(err, db.ErrNotFound) {
			return fmt.Errorf("there is no organisation named %q", *orgName)
		}
		if err != nil {
			return err
		}
		orgID = o.ID
	}
	u, err := store.CreateUser(ctx, cliActor, auth.NewUser{Email: *email, Name: *name, Password: password, IsAdmin: *admin}, orgID, *role)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(env.stdout, "added user %s (id %d)\n", u.Email, u.ID)
	return err
}

// readPassword reads one line from standard input, without its line end.
func readPassword(env environment) (string, error) {
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("give the password on standard input, one line")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func tokenCreate(ctx context.Context, args []string, env environment) error {
	fs := commandFlags("token create", env)
	email := fs.String("email", "", "e-mail address of the user (required)")
	name := fs.String("name", "command line", "what the token is for")
	cfg, err := parseCommand("token create", fs, args, env)
	if err != nil {
		return helpIsFine(err)
	}
	if *email == "" {
		return &config.UsageError{Err: errors.New("token create needs --email")}
	}
	d, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := auth.NewUsers(d).ByEmail(ctx, *email)
	if errors.Is(err, db.ErrNotFound) {
		return fmt.Errorf("there is no user with the e-mail address %q", *email)
	}
	if err != nil {
		return err
	}
	secret, _, err := auth.NewTokens(d).Create(ctx, cliActor, u.ID, *name)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(env.stdout, secret)
	return err
}
