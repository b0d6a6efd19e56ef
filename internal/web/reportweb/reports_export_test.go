package reportweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// TestReportsCSVForExcel: the CSV of reports opens in Excel with Swedish
// settings (a byte order mark, semicolons, CRLF, decimal commas) and a
// description that looks like a formula stays text there.
func TestReportsCSVForExcel(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		formula := `=HYPERLINK("https://evil.example";"Läs mer")`
		rep := newReport(t, ts.API(t, webtest.AsReporter), fmt.Sprintf(`{"category": "Ordningsstörning", "occurred_at": %q,
			"municipality_code": "2023", "place": "Tandådalen", "description": %q, "visibility": "municipality", "lat": 61.18, "lon": 12.99}`,
			webtest.Occurred(1), formula))
		res := ts.Session(t, webtest.AsReporter).Get(t, "/reports.csv?municipality_code=2023&from="+clocktest.Now().AddDate(0, 0, -2).Format("2006-01-02"))
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.HasPrefix(res.Header.Get("Content-Disposition"), `attachment; filename="rapporter-`) {
			t.Fatalf("GET /reports.csv = %d %q %q", res.Status, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
		}
		rows := webtest.ReadCSV(t, res.Body)
		col := func(name string) int { return slices.Index(rows[0], name) }
		var row []string
		for _, r := range rows[1:] {
			if r[0] == rep.ID {
				row = r
			}
		}
		if row == nil {
			t.Fatalf("the CSV lacks report %s:\n%s", rep.ID, res.Body)
		}
		for name, want := range map[string]string{"description": "'" + formula, "lat": "61,18", "lon": "12,99", "place": "Tandådalen"} {
			if got := row[col(name)]; got != want {
				t.Errorf("%s = %q, want %q", name, got, want)
			}
		}
	})
}

// exportReports is how many reports TestLargeExports adds:
// SAMVERKAN_TEST_EXPORT_REPORTS, or 30,000, enough for files many times
// the size of the buffers and of what the sockets hold; 15,000 under the
// race detector (a CSV of 4.3 MB, a GeoJSON of 10 MB).
func exportReports(t *testing.T) int {
	if s := os.Getenv("SAMVERKAN_TEST_EXPORT_REPORTS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("SAMVERKAN_TEST_EXPORT_REPORTS=%q: want a positive number", s)
		}
		return n
	}
	if raceDetector {
		return 15_000
	}
	return 30_000
}

// addReports adds n reports of the municipality, a minute apart, as plainly
// as the schema allows (the store's checks are not what is measured here).
func addReports(t *testing.T, d *db.DB, orgID int64, n int) {
	t.Helper()
	ctx := context.Background()
	const cols = `source, organization_id, category, occurred_at, week, weekday, hour, municipality_code, county_code,
		lat, lon, count, description, visibility, synthetic, created_at`
	const width, chunk = 16, 1000
	one := "(" + db.Placeholders(width) + ")"
	start := clocktest.Now().Add(-time.Hour)
	err := d.InTx(ctx, func(tx *db.Tx) error {
		args := make([]any, 0, chunk*width)
		for first := 0; first < n; first += chunk {
			args = args[:0]
			rows := min(chunk, n-first)
			for i := first; i < first+rows; i++ {
				at := start.Add(-time.Duration(i) * time.Minute).UTC()
				w := report.WeekOf(at)
				local := at.In(clocktest.Now().Location())
				args = append(args, "report", orgID, "Ordningsstörning", at, w.Year*100+w.Number, int(local.Weekday()), local.Hour(),
					"2023", "20", 61.16+float64(i%1000)/100000, 13.2+float64(i%700)/100000, 1+i%3,
					"Stökigt i kön vid entrén, vakterna lugnade ner sällskapet; rapport nummer "+strconv.Itoa(i)+".",
					"municipality", true, at)
			}
			values := strings.Repeat(one+", ", rows-1) + one
			if _, err := tx.ExecContext(ctx, `INSERT INTO reports (`+cols+`) VALUES `+values, args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("add %d reports: %v", n, err)
	}
}

// download reads a download the way a slow client does: nothing at first
// for longer than the server's write timeout, then the rest.
func download(t *testing.T, url, token string, pause time.Duration) []byte {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	time.Sleep(pause)
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: cut off after %d bytes: %v", url, len(body), err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d: %.300s", url, res.StatusCode, body)
	}
	return body
}

// heapWriter is a response writer that measures the live heap every MiB
// written, while the handler waits in Write: nothing else allocates
// meanwhile, so the figure is what the export holds. The body goes to a
// file, out of the heap.
type heapWriter struct {
	header     http.Header
	status     int
	file       *os.File
	size, next int
	peak       uint64
}

func (w *heapWriter) Header() http.Header { return w.header }
func (w *heapWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *heapWriter) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	if w.size += len(p); w.size >= w.next {
		w.peak = max(w.peak, liveHeap())
		w.next = w.size + 1<<20
	}
	return w.file.Write(p)
}

// heapOf serves a request in this goroutine and returns the body and how
// much the live heap grew over what it was before, at most.
func heapOf(t *testing.T, h http.Handler, url, token string) (body []byte, growth float64) {
	t.Helper()
	f, err := os.Create(filepath.Join(t.TempDir(), "body"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	req := httptest.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	w := &heapWriter{header: http.Header{}, file: f}
	base := liveHeap()
	h.ServeHTTP(w, req)
	if w.status != http.StatusOK {
		t.Fatalf("GET %s = %d", url, w.status)
	}
	if body, err = os.ReadFile(f.Name()); err != nil {
		t.Fatal(err)
	}
	return body, float64(w.peak) - float64(base)
}

// liveHeap is the heap that is still in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestLargeExports: the CSV and GeoJSON of many reports stream with
// bounded memory, and a client slower than the server's write timeout
// still gets every row.
//
// Memory is the growth of the live heap over the baseline before the
// request, measured every MiB written while the handler waits. The floor
// is the export of the demo's reports alone (about 1,800, more than three
// pages), measured in the same run; then 30,000 reports (exportReports)
// are added and the export is measured again. What the large file needs
// beyond the floor, against its size, is the ratio: a writer that held
// the file would need at least as much as the file (1 or more); one that
// streams needs nothing more (0). Not parallel: the heap is the process's, and no other
// test may allocate in it meanwhile.
//
// The slow client: a server with a write timeout of 250 ms (serve's is
// 60 s), and a client that reads nothing for a second, then the rest.
//
// The figures, for 200,000 reports:
//
//	SAMVERKAN_TEST_EXPORT_REPORTS=200000 go test ./internal/web/reportweb -run TestLargeExports -v
func TestLargeExports(t *testing.T) {
	n := exportReports(t)
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		const writeTimeout = 250 * time.Millisecond
		slow := httptest.NewUnstartedServer(ts.Srv)
		slow.Config.WriteTimeout = writeTimeout
		slow.Start()
		t.Cleanup(slow.Close)
		token := ts.API(t, webtest.AsAdmin).Token
		count := func() int {
			var c int
			if err := d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM reports WHERE municipality_code = '2023'`).Scan(&c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		reports := func(ext string, body []byte) int {
			if ext == "csv" {
				return len(webtest.ReadCSV(t, string(body))) - 1
			}
			var fc struct {
				Features []json.RawMessage `json:"features"`
			}
			if err := json.Unmarshal(body, &fc); err != nil {
				t.Fatalf("the GeoJSON of %d bytes is not whole: %v", len(body), err)
			}
			return len(fc.Features)
		}

		type measure struct {
			size   int
			growth float64
		}
		exts := []string{"csv", "geojson"}
		floor := map[string]measure{}
		demo := count()
		for _, ext := range exts {
			body, growth := heapOf(t, ts.Srv, "/reports."+ext+"?municipality_code=2023", token)
			if got := reports(ext, body); got != demo {
				t.Errorf("%s: %d reports, want %d", ext, got, demo)
			}
			floor[ext] = measure{len(body), growth}
		}
		addReports(t, d, ts.OrgIDs[webtest.GuardsName], n)
		for _, ext := range exts {
			path := "/reports." + ext + "?municipality_code=2023"
			body, growth := heapOf(t, ts.Srv, path, token)
			if got := reports(ext, body); got != demo+n {
				t.Errorf("%s: %d reports, want %d", ext, got, demo+n)
			}
			f := floor[ext]
			ratio := (growth - f.growth) / float64(len(body))
			t.Logf("%s: %d reports, %.1f MB: live heap %+.2f MB; floor (%d reports, %.2f MB): %+.2f MB; ratio %.3f",
				ext, demo+n, float64(len(body))/1e6, growth/1e6, demo, float64(f.size)/1e6, f.growth/1e6, ratio)
			if ratio > 0.1 {
				t.Errorf("%s: the large file needs %.0f%% of its size in memory beyond the floor: it is held, not streamed", ext, 100*ratio)
			}

			started := time.Now()
			slowBody := download(t, slow.URL+path, token, 4*writeTimeout)
			took := time.Since(started)
			if got := reports(ext, slowBody); got != demo+n {
				t.Errorf("%s to a slow client: %d reports of %d in %v (write timeout %v): cut off", ext, got, demo+n, took, writeTimeout)
			}
			t.Logf("%s to a slow client: %.1f MB in %v, write timeout %v", ext, float64(len(slowBody))/1e6, took.Round(time.Millisecond), writeTimeout)
		}
	})
}
