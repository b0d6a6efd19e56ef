package main

import (
	"context"
	"log/slog"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/config"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/polisen"
	"github.com/samverkan/samverkan/internal/report"
)

// pollPolice imports the police's public events for the configured
// municipalities until ctx ends. The import is idempotent on the event id,
// so the overlap between two answers of the feed is counted as duplicates.
func pollPolice(ctx context.Context, d *db.DB, cfg config.Config, log *slog.Logger, metrics *feedMetrics) error {
	codes := cfg.PolisenCodes()
	areas, err := polisen.LoadAreas()
	if err != nil {
		return err
	}
	store := report.NewStore(d)
	actor := audit.Actor{Label: "polisen-feed"}
	f := &polisen.Fetcher{
		URL:       cfg.PolisenURL,
		UserAgent: "Samverkan/" + version + " (+" + cfg.PublicURL + ")",
		Interval:  cfg.PolisenInterval,
		Log:       log,
		OnPoll: func(err error) {
			if err != nil {
				metrics.polls.WithLabelValues("error").Inc()
				return
			}
			metrics.polls.WithLabelValues("ok").Inc()
			metrics.lastSuccess.Set(float64(d.Clock().Now().Unix()))
		},
	}
	log.Info("polling the police events feed", "municipalities", codes, "interval", cfg.PolisenInterval)
	go f.Run(ctx, func(ctx context.Context, events []polisen.Event) error {
		chosen, err := polisen.Select(events, areas, codes)
		if err != nil {
			return err
		}
		res, err := store.ImportPolisen(ctx, actor, chosen, areas)
		if err != nil {
			return err
		}
		log.Info("police feed imported", "imported", res.Imported, "duplicates", res.Duplicates, "summaries", res.Summaries, "rejected", res.Rejected)
		for outcome, n := range map[string]int{"imported": res.Imported, "duplicate": res.Duplicates, "summary": res.Summaries, "rejected": res.Rejected} {
			metrics.events.WithLabelValues(outcome).Add(float64(n))
		}
		return nil
	})
	return nil
}
