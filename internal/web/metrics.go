package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/samverkan/samverkan/internal/db"
)

// metrics are the server's Prometheus metrics, on a registry of its own
// (no global state, so tests can run servers side by side).
type metrics struct {
	registry *prometheus.Registry
	imports  *prometheus.CounterVec
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	handler  http.Handler
}

func newMetrics(reg *prometheus.Registry, d *db.DB, version string) *metrics {
	m := &metrics{
		registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "samverkan_http_requests_total",
			Help: "HTTP requests by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "samverkan_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	write, read := d.Pools()
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "samverkan_build_info",
		Help:        "The version of the running program and its database dialect; always 1.",
		ConstLabels: prometheus.Labels{"version": version, "database": string(d.Dialect())},
	})
	build.Set(1)
	m.imports = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "samverkan_imports_total",
		Help: "Imports by kind (polisen, premises) and result (ok, refused, failed).",
	}, []string{"kind", "result"})
	reg.MustRegister(m.requests, m.duration, build, m.imports,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewBuildInfoCollector(),
		collectors.NewDBStatsCollector(write, "write"),
	)
	if read != write {
		reg.MustRegister(collectors.NewDBStatsCollector(read, "read"))
	}
	m.handler = promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) observe(method, route string, status int, d time.Duration) {
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(d.Seconds())
}

func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.handler.ServeHTTP(w, r)
	return nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write([]byte("ok\n"))
	return err
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.db.Ping(r.Context()); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		_, err = w.Write([]byte("database unavailable\n"))
		return err
	}
	_, err := w.Write([]byte("ok\n"))
	return err
}

// Metrics is where the parts of the program that run beside the web
// server (the mail worker, the police feed) register their metrics, so
// that /metrics shows them with the server's.
func (s *Server) Metrics() prometheus.Registerer { return s.metrics.registry }

// CountImport counts an import of kind ("polisen", "premises") by its
// result: "ok", "refused" (the file was wrong, nothing stored) or "failed".
func (s *Server) CountImport(kind, result string) {
	s.metrics.imports.WithLabelValues(kind, result).Inc()
}
