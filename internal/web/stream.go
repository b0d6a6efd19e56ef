package web

import (
	"bufio"
	"errors"
	"net/http"
	"time"
)

// Downloads. An export (reports, activities, the year's supervision) may
// be larger than memory should hold and take longer to send than the
// server's WriteTimeout (60 s in serve), which sets one deadline for the
// whole response and would cut a large file off in the middle, silently
// for the person who saves it. A Download is written row by row as the
// rows are read, in chunks, and moves the connection's write deadline
// forward before each chunk: the file is never cut off while the client
// keeps reading, and a client that stops reading for a whole ChunkTimeout
// still is.

// ChunkTimeout is how long one chunk of a download may take to leave.
const ChunkTimeout = 60 * time.Second

// chunkSize is the size of the chunks of a download: large enough that
// moving the deadline costs nothing next to the writing, small enough
// that memory holds many downloads at once.
const chunkSize = 32 << 10

// Download is the body of a file the browser saves. Its headers go out
// with the first chunk, so a handler that fails before anything was sent
// still answers with an error page rather than an attachment.
type Download struct {
	buf *bufio.Writer
	cw  *chunkWriter
}

// NewDownload starts a download of a file named filename with the content
// type ct. Close it when the file is written.
func NewDownload(w http.ResponseWriter, ct, filename string) *Download {
	cw := &chunkWriter{w: w, rc: http.NewResponseController(w), ct: ct, filename: filename}
	return &Download{buf: bufio.NewWriterSize(cw, chunkSize), cw: cw}
}

// Write adds p to the file.
func (d *Download) Write(p []byte) (int, error) { return d.buf.Write(p) }

// WriteString adds s to the file.
func (d *Download) WriteString(s string) (int, error) { return d.buf.WriteString(s) }

// Close sends what is left of the file (the headers, for an empty one).
func (d *Download) Close() error {
	if err := d.buf.Flush(); err != nil {
		return err
	}
	d.cw.start()
	return nil
}

// chunkWriter sends the chunks of a download, each with a new deadline.
type chunkWriter struct {
	w            http.ResponseWriter
	rc           *http.ResponseController
	ct, filename string
	started      bool
}

func (c *chunkWriter) start() {
	if !c.started {
		c.started = true
		c.w.Header().Set("Content-Type", c.ct)
		c.w.Header().Set("Content-Disposition", `attachment; filename="`+c.filename+`"`)
	}
}

// Write sends p a chunk at a time: bufio passes a write larger than its
// buffer straight through, such as a workbook made in memory.
func (c *chunkWriter) Write(p []byte) (int, error) {
	c.start()
	n := 0
	for len(p) > 0 {
		chunk := p[:min(len(p), chunkSize)]
		// The network checks a deadline against the machine's clock, so
		// this is the one place a download reads it. A writer that cannot
		// take a deadline (a test's recorder) has none to move.
		if err := c.rc.SetWriteDeadline(time.Now().Add(ChunkTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return n, err
		}
		m, err := c.w.Write(chunk)
		n += m
		if err != nil {
			return n, err
		}
		p = p[m:]
	}
	return n, nil
}
