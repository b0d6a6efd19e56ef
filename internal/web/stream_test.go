package web_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/web"
)

// TestDownloadHeaders: a download's headers go with its first chunk, so
// that a handler that fails before anything was sent can still answer with
// an error page; an empty file still gets them.
func TestDownloadHeaders(t *testing.T) {
	rec := httptest.NewRecorder()
	d := web.NewDownload(rec, "text/csv; charset=utf-8", "a.csv")
	if _, err := d.WriteString("id;namn\r\n"); err != nil {
		t.Fatal(err)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "" || rec.Body.Len() != 0 {
		t.Errorf("before the first chunk: Content-Type %q, %d bytes sent", ct, rec.Body.Len())
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if rec.Header().Get("Content-Type") != "text/csv; charset=utf-8" || rec.Header().Get("Content-Disposition") != `attachment; filename="a.csv"` ||
		rec.Body.String() != "id;namn\r\n" {
		t.Errorf("after Close: %v, body %q", rec.Header(), rec.Body.String())
	}

	empty := httptest.NewRecorder()
	if err := web.NewDownload(empty, "application/geo+json", "b.geojson").Close(); err != nil {
		t.Fatal(err)
	}
	if empty.Header().Get("Content-Disposition") != `attachment; filename="b.geojson"` {
		t.Errorf("an empty download has headers %v", empty.Header())
	}
}

// TestDownloadOutlivesWriteTimeout: a file that takes longer to read than
// the server's write timeout arrives whole through a Download, written row
// by row or in one piece, while the same file written plainly is cut off
// at the timeout (which shows that the test can tell).
func TestDownloadOutlivesWriteTimeout(t *testing.T) {
	// Larger than what the sockets of the loopback buffer at most (tcp_wmem
	// and tcp_rmem), so that the server must wait for the reader.
	const size, writeTimeout = 32 << 20, 200 * time.Millisecond
	row := bytes.Repeat([]byte("x"), 99)
	row = append(row, '\n')
	file := bytes.Repeat(row, size/len(row))
	mux := http.NewServeMux()
	mux.HandleFunc("/rows", func(w http.ResponseWriter, r *http.Request) {
		d := web.NewDownload(w, "text/plain", "rows.txt")
		for i := 0; i < len(file); i += len(row) {
			if _, err := d.Write(file[i : i+len(row)]); err != nil {
				return
			}
		}
		_ = d.Close()
	})
	mux.HandleFunc("/whole", func(w http.ResponseWriter, r *http.Request) {
		d := web.NewDownload(w, "text/plain", "whole.txt")
		if _, err := d.Write(file); err == nil {
			_ = d.Close()
		}
	})
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write(file)
	})
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.WriteTimeout = writeTimeout
	srv.Start()
	t.Cleanup(srv.Close)

	get := func(path string) (int, error) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		time.Sleep(3 * writeTimeout) // a client that is slow to read
		n, err := io.Copy(io.Discard, res.Body)
		return int(n), err
	}
	for _, path := range []string{"/rows", "/whole"} {
		if n, err := get(path); n != len(file) || err != nil {
			t.Errorf("GET %s: %d of %d bytes, %v", path, n, len(file), err)
		}
	}
	if n, err := get("/plain"); n == len(file) && err == nil {
		t.Errorf("GET /plain: all %d bytes arrived past the write timeout, so the test cannot tell a download from a plain write", n)
	}
}
