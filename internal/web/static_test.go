package web

import (
	"bytes"
	"testing"
	"testing/fstest"
)

// TestStyleSheetJoinsParts: style.css is served with every area's part
// after the common styles, and the parts are not served on their own.
func TestStyleSheetJoinsParts(t *testing.T) {
	t.Parallel()
	part := []byte(".area-part { color: inherit; }\n")
	area := Area{Name: "part", Files: fstest.MapFS{"static/css/part.css": {Data: part}}}
	sf, err := loadStatic([]Area{area})
	if err != nil {
		t.Fatal(err)
	}
	common, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	served := sf.byHashed[sf.hashed["style.css"]].content
	if !bytes.HasPrefix(served, common) || !bytes.Contains(served[len(common):], part) {
		t.Errorf("style.css (%d bytes) does not hold the common styles followed by css/part.css", len(served))
	}
	if sf.has("css/part.css") {
		t.Errorf("css/part.css is served on its own")
	}
}
