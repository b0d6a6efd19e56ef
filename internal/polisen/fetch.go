package polisen

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"time"
)

// FeedURL is the police's public events feed. It answers with the latest
// 500 events of the whole country.
const FeedURL = "https://polisen.se/api/events"

// The feed's terms of use ask for at least 10 seconds between calls and at
// most 60 calls an hour; MinInterval keeps within both with room to spare.
const MinInterval = time.Minute

// Fetcher polls the feed within its terms: one call at a time, never more
// often than Interval (at least MinInterval), with a User-Agent that says
// who is asking, backing off when the feed fails.
type Fetcher struct {
	URL       string
	Client    *http.Client
	UserAgent string
	Interval  time.Duration
	Log       *slog.Logger
	// OnPoll, when set, is told the outcome of every call (nil: the feed
	// answered and its events were handled), for the server's metrics.
	OnPoll func(err error)
}

// Fetch makes one call to the feed and parses the answer.
func (f *Fetcher) Fetch(ctx context.Context) ([]Event, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.URL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", f.UserAgent)
	req.Header.Set("Accept", "application/json")
	client := f.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("police feed: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("police feed: %s", resp.Status)
	}
	return Parse(resp.Body)
}

// Run fetches now and then every Interval until ctx ends, handing each
// answer to handle. A failed call (or handle) is logged and the wait
// doubles, up to an hour, until a call succeeds again.
func (f *Fetcher) Run(ctx context.Context, handle func(context.Context, []Event) error) {
	interval := max(f.Interval, MinInterval)
	wait := interval
	for {
		events, err := f.Fetch(ctx)
		if err == nil {
			err = handle(ctx, events)
		}
		if ctx.Err() != nil {
			return
		}
		if f.OnPoll != nil {
			f.OnPoll(err)
		}
		switch {
		case err != nil:
			wait = min(wait*2, time.Hour)
			f.log().Warn("police feed", "err", err, "next_try_in", wait)
		default:
			wait = interval
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
	}
}

func (f *Fetcher) log() *slog.Logger {
	if f.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Log
}

// ErrNoMunicipalities is returned by Select when there is nothing to keep.
var ErrNoMunicipalities = errors.New("no municipalities chosen")

// Select keeps the events filed under one of the municipalities with codes,
// and the county-wide events of their counties, which also concern them.
func Select(events []Event, areas *Areas, codes []string) ([]Event, error) {
	if len(codes) == 0 {
		return nil, ErrNoMunicipalities
	}
	counties := map[string]bool{}
	for _, c := range codes {
		counties[c[:2]] = true
	}
	var out []Event
	for _, ev := range events {
		in, err := Map(ev, areas)
		if err != nil {
			// Kept: the import rejects it and counts it, which says more
			// than dropping it here.
			out = append(out, ev)
			continue
		}
		if slices.Contains(codes, in.MunicipalityCode) || (in.MunicipalityCode == "" && counties[in.CountyCode]) {
			out = append(out, ev)
		}
	}
	return out, nil
}
