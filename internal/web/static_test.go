package web

import (
	"bytes"
	"testing"
)

// TestStyleSheetJoinsParts: style.css is served with every area's part
// after the common styles, and the parts are not served on their own.
func TestStyleSheetJoinsParts(t *testing.T) {
	t.Parallel()
	sf, err := loadStatic(nil)
	if err != nil {
		t.Fatal(err)
	}
	common, err := staticFS.ReadFile("static/style.css")
	if err != nil {
		t.Fatal(err)
	}
	part, err := staticFS.ReadFile("static/css/activity.css")
	if err != nil {
		t.Fatal(err)
	}
	served := sf.byHashed[sf.hashed["style.css"]].content
	if !bytes.HasPrefix(served, common) || !bytes.Contains(served[len(common):], part) {
		t.Errorf("style.css (%d bytes) does not hold the common styles followed by css/activity.css", len(served))
	}
	if sf.has("css/activity.css") {
		t.Errorf("css/activity.css is served on its own")
	}
}
