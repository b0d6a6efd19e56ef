package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/mail"
)

// outboxCollector reads the mail outbox when /metrics is scraped: how many
// messages wait, were sent or failed for good, and how long the oldest
// waiting one has waited (a mail server that stopped answering shows here
// first).
type outboxCollector struct {
	outbox *mail.Outbox
	log    *slog.Logger
	count  *prometheus.Desc
	oldest *prometheus.Desc
}

func newOutboxCollector(d *db.DB, log *slog.Logger) *outboxCollector {
	return &outboxCollector{
		outbox: mail.NewOutbox(d),
		log:    log,
		count: prometheus.NewDesc("samverkan_mail_outbox_messages", "E-mail messages in the outbox by status (waiting, sent, failed).",
			[]string{"status"}, nil),
		oldest: prometheus.NewDesc("samverkan_mail_outbox_oldest_waiting_seconds", "How long the oldest waiting e-mail has waited.",
			nil, nil),
	}
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.count
	ch <- c.oldest
}

func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := c.outbox.Counts(ctx)
	if err != nil {
		c.log.Warn("metrics: count the mail outbox", "err", err)
		return
	}
	for status, n := range counts.ByStatus {
		ch <- prometheus.MustNewConstMetric(c.count, prometheus.GaugeValue, float64(n), status)
	}
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, counts.OldestWaiting.Seconds())
}

// feedMetrics count the calls to the police feed and what became of their
// events.
type feedMetrics struct {
	polls       *prometheus.CounterVec
	events      *prometheus.CounterVec
	lastSuccess prometheus.Gauge
}

func newFeedMetrics(reg prometheus.Registerer) *feedMetrics {
	m := &feedMetrics{
		polls: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "samverkan_polisen_polls_total",
			Help: "Calls to the police events feed by result (ok, error)."}, []string{"result"}),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "samverkan_polisen_events_total",
			Help: "Events of the police feed by outcome (imported, duplicate, summary, rejected)."}, []string{"outcome"}),
		lastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{Name: "samverkan_polisen_last_success_timestamp_seconds",
			Help: "When the police feed last answered and its events were stored (Unix time)."}),
	}
	reg.MustRegister(m.polls, m.events, m.lastSuccess)
	return m
}
