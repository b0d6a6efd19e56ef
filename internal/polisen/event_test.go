package polisen

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
)

func TestParseServedFeed(t *testing.T) {
	// The first 25 records of a real API answer, byte for byte.
	f, err := os.Open("testdata/polisen_events_latest_25.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	events, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse() error = %v", err)
	}
	if len(events) != 25 {
		t.Fatalf("Parse() = %d events, want 25", len(events))
	}
	want := Event{
		ID:       650297,
		Datetime: "2026-08-22 19:51:41 +02:00",
		Name:     "22 augusti 17.59, Brand, Kävlinge",
		Summary:  "Försök till grov mordbrand, Kävlinge.",
		URL:      "/aktuellt/handelser/2026/augusti/22/22-augusti-17.59-brand-kavlinge/",
		Type:     "Brand",
		Location: Location{Name: "Skåne län", GPS: "55.990257,13.595769"},
	}
	if diff := cmp.Diff(want, events[0]); diff != "" {
		t.Errorf("Parse() first event (-want +got):\n%s", diff)
	}
	for _, ev := range events {
		if ev.ID == 0 || ev.Name == "" || ev.Datetime == "" || ev.Location.GPS == "" {
			t.Errorf("Parse() left a field empty: %+v", ev)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    []Event
		wantErr string // a part of the error message; "" for success
	}{
		{name: "empty array", in: "[]", want: []Event{}},
		{name: "whitespace around", in: " \n[ ]\n", want: []Event{}},
		{
			name: "unknown fields are ignored",
			in:   `[{"id": 1, "name": "n", "extra": {"a": [1]}, "location": {"name": "Mora", "gps": "1,2", "x": 1}}]`,
			want: []Event{{ID: 1, Name: "n", Location: Location{Name: "Mora", GPS: "1,2"}}},
		},
		{name: "no input", in: "", wantErr: "feed is empty"},
		{name: "object instead of array", in: `{"id": 1}`, wantErr: `starts with "{"`},
		{name: "null", in: `null`, wantErr: "starts with null"},
		{name: "string", in: `"x"`, wantErr: "starts with a string"},
		{name: "id as string", in: `[{"id": 1}, {"id": "2"}]`, wantErr: "feed item 2"},
		{name: "number item", in: `[1]`, wantErr: "feed item 1"},
		{name: "id too large for int", in: `[{"id": 1e40}]`, wantErr: "feed item 1"},
		{name: "not closed", in: `[{"id": 1}`, wantErr: "after item 1: unexpected EOF"},
		{name: "cut inside an item", in: `[{"id": 1`, wantErr: "feed item 1"},
		{name: "trailing garbage", in: `[] x`, wantErr: "after the array"},
		{name: "second array", in: `[] []`, wantErr: `has "[" after the array`},
		{name: "mismatched bracket", in: `[}`, wantErr: "after item 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q) error = %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseTooManyEvents(t *testing.T) {
	// 200,001 empty objects are 600 kB: the count limit, not the size limit,
	// must refuse them.
	feed := "[" + strings.Repeat("{},", MaxFeedEvents) + "{}]"
	_, err := Parse(strings.NewReader(feed))
	if !errors.Is(err, ErrFeedTooLarge) || !strings.Contains(err.Error(), "more than 200000 events") {
		t.Errorf("Parse(%d events) error = %v, want ErrFeedTooLarge naming the count", MaxFeedEvents+1, err)
	}
	// Exactly the limit is fine, shown on a small limit.
	if events, err := parse(strings.NewReader("[{},{},{}]"), MaxFeedBytes, 3); err != nil || len(events) != 3 {
		t.Errorf("parse(3 events, limit 3) = %d events, %v", len(events), err)
	}
	if _, err := parse(strings.NewReader("[{},{},{},{}]"), MaxFeedBytes, 3); !errors.Is(err, ErrFeedTooLarge) {
		t.Errorf("parse(4 events, limit 3) error = %v, want ErrFeedTooLarge", err)
	}
}

func TestParseTooManyBytes(t *testing.T) {
	// A feed padded with spaces beyond 50 MB: Parse must stop reading at
	// the limit and refuse it without decoding it.
	r := io.MultiReader(strings.NewReader("["), &spaces{n: MaxFeedBytes}, strings.NewReader("]"))
	_, err := Parse(r)
	if !errors.Is(err, ErrFeedTooLarge) || !strings.Contains(err.Error(), "more than 50 MB") {
		t.Errorf("Parse(50 MB + 2 bytes) error = %v, want ErrFeedTooLarge naming 50 MB", err)
	}

	// At the limit and one byte over, on a small limit.
	feed := `[{"id": 1}]`
	if _, err := parse(strings.NewReader(feed), int64(len(feed)), 10); err != nil {
		t.Errorf("parse(feed of exactly the limit) error = %v", err)
	}
	if _, err := parse(strings.NewReader(feed), int64(len(feed)-1), 10); !errors.Is(err, ErrFeedTooLarge) {
		t.Errorf("parse(feed one byte over the limit) error = %v, want ErrFeedTooLarge", err)
	}
	// Over the limit with the cut-off in the middle of an item still says
	// "too large", not "unexpected EOF".
	if _, err := parse(strings.NewReader(feed), 5, 10); !errors.Is(err, ErrFeedTooLarge) {
		t.Errorf("parse(feed cut inside an item) error = %v, want ErrFeedTooLarge", err)
	}
}

func TestParseReadError(t *testing.T) {
	broken := errors.New("connection reset")
	_, err := Parse(io.MultiReader(strings.NewReader("[{}"), iotest.ErrReader(broken)))
	if !errors.Is(err, broken) || !strings.Contains(err.Error(), "reading feed") {
		t.Errorf("Parse(failing reader) error = %v, want it to wrap %v", err, broken)
	}
}

// spaces reads as n spaces.
type spaces struct{ n int }

var blank = bytes.Repeat([]byte{' '}, 64<<10)

func (s *spaces) Read(p []byte) (int, error) {
	if s.n == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), s.n)], blank)
	s.n -= n
	return n, nil
}
