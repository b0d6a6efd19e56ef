package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/samverkan/samverkan/internal/app"
	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/demo"
	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/mail"
	"github.com/samverkan/samverkan/internal/web"
)

// helpIsFine turns a request for a command's help into success.
func helpIsFine(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func serve(ctx context.Context, args []string, env environment) error {
	cfg, rest, err := config.Parse("serve", args, env.getenv, env.stderr, true)
	if err != nil {
		return helpIsFine(err)
	}
	if len(rest) > 0 {
		return &config.UsageError{Err: fmt.Errorf("serve takes no arguments, got %q", rest)}
	}
	started := time.Now()
	log := newLogger(cfg, env)
	d, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()

	if cfg.Demo {
		empty, err := demo.IsEmpty(ctx, d)
		if err != nil {
			return err
		}
		if empty {
			logins, err := demo.Load(ctx, d)
			if err != nil {
				return fmt.Errorf("load demo data: %w", err)
			}
			fmt.Fprintf(env.stdout, "Demo data loaded. Sign in with password %q as:\n", demo.Password)
			for _, l := range logins {
				if l.Note != "" {
					fmt.Fprintf(env.stdout, "Also loaded: %s.\n", l.Note)
					continue
				}
				fmt.Fprintf(env.stdout, "  %-30s %s\n", l.Email, l.Description)
			}
		} else {
			fmt.Fprintln(env.stdout, "The database is not empty, so no demo data was loaded.")
		}
	}

	// E-mail: the worker sends the outbox in the background, so that
	// nothing waits for the mail server.
	var mailer *mail.Worker
	if cfg.SMTPURL != "" {
		sender, err := mail.NewSMTP(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return &config.UsageError{Err: err}
		}
		mailer = mail.NewWorker(d, sender, log)
	}

	srv, err := app.New(web.Options{DB: d, Logger: log, SecureCookies: cfg.SecureCookies(), PublicURL: cfg.PublicURL, Version: programVersion(),
		TileURL: cfg.TileURL, TileAttribution: cfg.TileAttribution, Mail: mailer})
	if err != nil {
		return err
	}
	srv.Metrics().MustRegister(newOutboxCollector(d, log))
	if !export.UnicodeFont() {
		// Once, at the start: every PDF would say it otherwise.
		log.Warn("PDFs in the core fonts: the binary was built without internal/export/fonts (npm ci && scripts/assets), so letters and signs outside Windows-1252 print as \".\"")
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	hkCtx, stopHousekeeping := context.WithCancel(ctx)
	defer stopHousekeeping()
	go srv.Housekeeping(hkCtx, time.Hour)
	if mailer != nil {
		mailDone := make(chan struct{})
		go func() { mailer.Run(hkCtx); close(mailDone) }()
		// Before the database closes: the worker stops with the
		// background work, and a message being sent is cut off and tried
		// again at the next start.
		defer func() { stopHousekeeping(); <-mailDone }()
	}
	if len(cfg.PolisenCodes()) > 0 {
		if err := pollPolice(hkCtx, d, cfg, log, newFeedMetrics(srv.Metrics())); err != nil {
			return err
		}
	}

	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()
	fmt.Fprintf(env.stdout, "Samverkan is running on http://%s (%s database, started in %s). Stop it with Ctrl+C.\n",
		ln.Addr(), d.Dialect(), time.Since(started).Round(time.Millisecond))
	log.Info("listening", "addr", ln.Addr().String(), "database", string(d.Dialect()))

	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	// Finish the requests in flight, but not forever.
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
