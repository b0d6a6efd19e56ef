package polisen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Event is one record of the feed as served. Fields keep the feed's own
// strings; Map interprets them.
type Event struct {
	ID       int      `json:"id"`
	Datetime string   `json:"datetime"` // publication time, see Map
	Name     string   `json:"name"`     // "22 augusti 09.12, Trafikolycka, Malung-Sälen"
	Summary  string   `json:"summary"`
	URL      string   `json:"url"` // relative to https://polisen.se
	Type     string   `json:"type"`
	Location Location `json:"location"`
}

// Location is the area an event is filed under: a kommun (until January
// 2026) or a county (since), with that area's centre as "lat,lon".
type Location struct {
	Name string `json:"name"`
	GPS  string `json:"gps"`
}

// The live feed serves 500 events (about 210 kB) and the whole archive of
// four years is 85,011 events in 38 MB, so anything beyond these bounds is
// not a feed, and refusing it keeps an import from exhausting memory.
const (
	MaxFeedBytes  = 50 << 20
	MaxFeedEvents = 200_000
)

// ErrFeedTooLarge is returned by Parse for input beyond MaxFeedBytes or
// MaxFeedEvents.
var ErrFeedTooLarge = errors.New("polisen: feed too large")

// Parse reads a JSON array of events as served by the feed. It reads at most
// MaxFeedBytes and fails on anything but one array of at most MaxFeedEvents
// objects, naming the item that is wrong. Fields it does not know are
// ignored, so a feed that gains a field still imports.
func Parse(r io.Reader) ([]Event, error) {
	return parse(r, MaxFeedBytes, MaxFeedEvents)
}

func parse(r io.Reader, maxBytes int64, maxEvents int) ([]Event, error) {
	// The whole feed is read before any of it is decoded: it costs at most
	// maxBytes of memory, and an oversized input is refused at the price of
	// a copy rather than of decoding 50 MB first. One byte more than the
	// limit is read so that a feed of exactly maxBytes is accepted.
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("polisen: reading feed: %w", err)
	}
	if int64(len(data)) > maxBytes {
		size := fmt.Sprintf("%d bytes", maxBytes)
		if maxBytes%(1<<20) == 0 {
			size = fmt.Sprintf("%d MB", maxBytes>>20)
		}
		return nil, fmt.Errorf("%w: more than %s", ErrFeedTooLarge, size)
	}
	return decode(json.NewDecoder(bytes.NewReader(data)), maxEvents)
}

func decode(dec *json.Decoder, maxEvents int) ([]Event, error) {
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, errors.New("polisen: feed is empty, want a JSON array of events")
	}
	if err != nil {
		return nil, fmt.Errorf("polisen: feed: %w", err)
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("polisen: feed starts with %s, want a JSON array of events", describe(tok))
	}
	// Not nil: an empty feed is a valid answer and must encode back as [].
	events := []Event{}
	for dec.More() {
		if len(events) == maxEvents {
			return nil, fmt.Errorf("%w: more than %d events", ErrFeedTooLarge, maxEvents)
		}
		var ev Event
		if err := dec.Decode(&ev); err != nil {
			// Decoding one item at a time lets the error name the item; the
			// id is unknown when the item itself is broken.
			return nil, fmt.Errorf("polisen: feed item %d: %w", len(events)+1, err)
		}
		events = append(events, ev)
	}
	if _, err := dec.Token(); err != nil { // the closing ]
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, fmt.Errorf("polisen: feed after item %d: %w", len(events), err)
	}
	if tok, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, fmt.Errorf("polisen: feed after the array: %w", err)
		}
		return nil, fmt.Errorf("polisen: feed has %s after the array", describe(tok))
	}
	return events, nil
}

// describe names a JSON token for an error message.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return "a string"
	case bool:
		return "a boolean"
	default:
		return "a number"
	}
}
