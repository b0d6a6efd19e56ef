package polisen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"
)

func TestFetchSendsUserAgentAndParses(t *testing.T) {
	body, err := os.ReadFile("testdata/polisen_events_mora_malung_salen.json")
	if err != nil {
		t.Fatal(err)
	}
	var gotUA string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotUA = r.Header.Get("User-Agent")
		w.Write(body)
	}))
	defer srv.Close()
	f := &Fetcher{URL: srv.URL, UserAgent: "Samverkan/test (mora.se)"}
	events, err := f.Fetch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if gotUA != "Samverkan/test (mora.se)" {
		t.Errorf("User-Agent = %q", gotUA)
	}
	if len(events) != 420 {
		t.Errorf("Fetch() = %d events, want 420", len(events))
	}
}

func TestFetchFails(t *testing.T) {
	for name, h := range map[string]http.HandlerFunc{
		"status":  func(w http.ResponseWriter, r *http.Request) { http.Error(w, "nope", http.StatusServiceUnavailable) },
		"garbage": func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<html>")) },
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			if _, err := (&Fetcher{URL: srv.URL}).Fetch(context.Background()); err == nil {
				t.Error("Fetch() succeeded, want an error")
			}
		})
	}
}

// Run never calls more often than MinInterval, however small Interval is:
// within a short test only the first call may happen.
func TestRunKeepsTheTerms(t *testing.T) {
	var mu sync.Mutex
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		w.Write([]byte("[]"))
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	handled := 0
	(&Fetcher{URL: srv.URL, Interval: time.Millisecond}).Run(ctx, func(context.Context, []Event) error {
		handled++
		return nil
	})
	mu.Lock()
	defer mu.Unlock()
	if calls != 1 || handled != 1 {
		t.Errorf("calls = %d, handled = %d in 300 ms, want 1 and 1", calls, handled)
	}
}

func TestSelect(t *testing.T) {
	areas, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	events := []Event{
		{ID: 1, Datetime: "2026-02-14 22:10:00 +01:00", Name: "14 februari 21.50, Misshandel, Mora", Type: "Misshandel", URL: "/a"},
		{ID: 2, Datetime: "2026-02-14 22:10:00 +01:00", Name: "14 februari 21.50, Stöld, Malung-Sälen", Type: "Stöld", URL: "/b"},
		{ID: 3, Datetime: "2026-02-14 22:10:00 +01:00", Name: "14 februari 21.50, Brand, Hedemora", Type: "Brand", URL: "/c"},
		{ID: 4, Datetime: "2026-02-15 06:10:00 +01:00", Name: "15 februari 06.00, Sammanfattning natt, Dalarnas län", Type: "Sammanfattning natt", URL: "/d"},
		{ID: 5, Datetime: "2026-02-15 06:10:00 +01:00", Name: "15 februari 06.00, Sammanfattning natt, Uppsala län", Type: "Sammanfattning natt", URL: "/e"},
		{ID: 6, Datetime: "2026-02-15 06:10:00 +01:00", Name: "no date here, Brand, Mora", Type: "Brand", URL: "/f"},
	}
	got, err := Select(events, areas, []string{"2062", "2023"})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int
	for _, ev := range got {
		ids = append(ids, ev.ID)
	}
	want := []int{1, 2, 4, 6}
	if len(ids) != len(want) {
		t.Fatalf("Select() = %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("Select() = %v, want %v", ids, want)
		}
	}
	if _, err := Select(events, areas, nil); err != ErrNoMunicipalities {
		t.Errorf("Select(no codes) error = %v", err)
	}
}
