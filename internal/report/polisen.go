package report

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/polisen"
	"github.com/samverkan/samverkan/internal/report/pii"
)

// ImportResult says what an import of police events did. Every event of
// the input is in exactly one of the four counts.
type ImportResult struct {
	Imported   int // new events, stored and counted in the picture
	Duplicates int // events stored by an earlier import, or twice in the input
	Summaries  int // new summaries ("Sammanfattning …"), stored and never counted
	Rejected   int // events that could not be read
	// Rejections says why each rejected event was, in input order.
	Rejections []error
}

// String is the line the import command prints.
func (r ImportResult) String() string {
	return fmt.Sprintf("imported %d, duplicates %d, summaries %d, rejected %d", r.Imported, r.Duplicates, r.Summaries, r.Rejected)
}

// ImportPolisen stores police events (polisen.Parse) as reports with
// source "polisen", mapped by polisen.Map: external_id is the event id, so
// importing the same feed again stores nothing twice; the category is the
// event's type; occurred_at the date and time in its name; the
// municipality is read from its name, and events about a whole county are
// stored with the county and no municipality. The position the feed gives
// is the centre of the municipality, never the incident's, so no position
// is stored. Summaries are stored, marked, and never counted.
//
// areas may be nil for the municipalities shipped with the product. The
// import is one transaction with one audit entry: all of it or nothing.
func (s *Store) ImportPolisen(ctx context.Context, actor audit.Actor, events []polisen.Event, areas *polisen.Areas) (ImportResult, error) {
	if areas == nil {
		var err error
		if areas, err = polisen.LoadAreas(); err != nil {
			return ImportResult{}, err
		}
	}
	var res ImportResult
	now := s.now().UTC().Truncate(time.Microsecond)
	seen := map[string]bool{}
	var rows []row
	for _, ev := range events {
		in, err := polisen.Map(ev, areas)
		if err == nil && utf8.RuneCountInString(in.Category) > maxCategoryLength {
			err = &polisen.Error{ID: ev.ID, Reason: fmt.Sprintf("type is longer than %d characters", maxCategoryLength)}
		}
		if err != nil {
			var pe *polisen.Error
			if !errors.As(err, &pe) {
				return ImportResult{}, err // the time zone is missing: no event can be read
			}
			res.Rejected++
			res.Rejections = append(res.Rejections, err)
			continue
		}
		if seen[in.ExternalID] {
			res.Duplicates++
			continue
		}
		seen[in.ExternalID] = true
		rows = append(rows, incidentRow(in, actor.UserID, now))
	}

	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ids, err := insertRows(ctx, tx, rows, true)
		if err != nil {
			return err
		}
		var stored []row
		var storedIDs []int64
		imported, summaries := 0, 0
		for i, id := range ids {
			if id == 0 {
				continue
			}
			stored = append(stored, rows[i])
			storedIDs = append(storedIDs, id)
			if rows[i].isSummary {
				summaries++
			} else {
				imported++
			}
		}
		if err := addWeeks(ctx, tx, stored); err != nil {
			return err
		}
		res.Imported, res.Summaries = imported, summaries
		res.Duplicates += len(rows) - len(stored)
		if len(stored) == 0 {
			return nil
		}
		// One entry for the import, not one per event: the events carry
		// their own ids and times, and the feed is public.
		summary := batchSummary(SourcePolisen, 0, storedIDs, len(rows)-len(stored))
		summary["summaries"], summary["rejected"] = summaries, res.Rejected
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "import", Entity: "report_batch",
			EntityID: audit.ID(slices.Min(storedIDs)), After: summary})
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// incidentRow turns a mapped police event into a row. The summary is
// public text, but it is redacted all the same: nothing that the detector
// takes for personal data is stored, whoever wrote it.
func incidentRow(in polisen.Incident, userID int64, now time.Time) row {
	desc := strings.TrimSpace(in.Summary)
	if utf8.RuneCountInString(desc) > maxDescription {
		desc = string([]rune(desc)[:maxDescription])
	}
	if f := pii.Scan(desc); len(f) > 0 {
		desc = pii.Redact(desc, f)
	}
	occurred := in.OccurredAt.UTC().Truncate(time.Second)
	return row{
		source: SourcePolisen, externalID: in.ExternalID, category: in.Category, occurredAt: occurred,
		local: localOf(occurred), municipality: in.MunicipalityCode, county: in.CountyCode, count: 1,
		description: desc, visibility: VisibilityMunicipality, isSummary: in.IsSummary, url: in.URL,
		createdBy: userID, createdAt: now,
	}
}
