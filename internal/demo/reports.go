package demo

import (
	"bytes"
	"compress/gzip"
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/polisen"
	"github.com/samverkan/samverkan/internal/report"
)

// The police's public events for Dalarna, 2022-09 to 2026-08, as archived
// from the feed (see shared/data/PROVENANCE.md): real events, not
// synthetic.
//
//go:embed data/polisen_dalarna.json.gz
var dalarnaEvents []byte

// Who files the synthetic reports in each municipality: in Sälen the
// security guards, and some the restaurant at Lindvallen, the destination,
// the municipality and the police; at Noret the municipality's field
// workers.
var syntheticReporters = map[string]string{
	report.CodeMalungSalen: "Fjällvakterna Ordningsvakter AB (demo)",
	report.CodeMalungSalen + "/" + report.ReporterRestaurant:   "Restaurang Kåtan, Lindvallen (demo)",
	report.CodeMalungSalen + "/" + report.ReporterDestination:  destination,
	report.CodeMalungSalen + "/" + report.ReporterMunicipality: malung,
	report.CodeMalungSalen + "/" + report.ReporterPolice:       police,
	report.CodeMora: "Mora kommun",
}

// ReportSummary says what loadReports stored.
type ReportSummary struct {
	Synthetic int
	Police    report.ImportResult
}

// loadReports adds the shipped places and areas, synthetic reports up to
// now, and the real police events of Dalarna.
func loadReports(ctx context.Context, d *db.DB, actor audit.Actor, orgIDs map[string]int64, now time.Time) (ReportSummary, error) {
	var sum ReportSummary
	store := report.NewStore(d)
	reporters := map[string]int64{}
	for code, name := range syntheticReporters {
		reporters[code] = orgIDs[name]
	}
	n, err := store.LoadSynthetic(ctx, actor, reporters, report.SyntheticOptions{Seed: 2016, End: now})
	if err != nil {
		return sum, err
	}
	sum.Synthetic = n

	zr, err := gzip.NewReader(bytes.NewReader(dalarnaEvents))
	if err != nil {
		return sum, fmt.Errorf("demo police events: %w", err)
	}
	events, err := polisen.Parse(zr)
	if err != nil {
		return sum, fmt.Errorf("demo police events: %w", err)
	}
	areas, err := polisen.LoadAreas()
	if err != nil {
		return sum, err
	}
	sum.Police, err = store.ImportPolisen(ctx, actor, events, areas)
	return sum, err
}
