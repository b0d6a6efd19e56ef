package surveyweb_test

import (
	"image"
	"image/color"
	"regexp"
	"strconv"
	"strings"
	"testing"

	qr "github.com/piglig/go-qr"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

var svgModule = regexp.MustCompile(`M(\d+),(\d+)h(\d+)`)

// svgImage paints the dark modules of the SVG's path (each "Mx,yh…" a
// square) on a white image, four pixels per unit of the SVG's scale.
func svgImage(t *testing.T, svg string) image.Image {
	t.Helper()
	m := regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`).FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("SVG without a viewBox: %.200s", svg)
	}
	dim, _ := strconv.Atoi(m[1])
	img := image.NewGray(image.Rect(0, 0, dim, dim))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	modules := svgModule.FindAllStringSubmatch(svg, -1)
	if len(modules) < 100 {
		t.Fatalf("SVG path has %d modules, want a QR code's", len(modules))
	}
	for _, mod := range modules {
		x, _ := strconv.Atoi(mod[1])
		y, _ := strconv.Atoi(mod[2])
		s, _ := strconv.Atoi(mod[3])
		for dy := range s {
			for dx := range s {
				img.SetGray(x+dx, y+dy, color.Gray{})
			}
		}
	}
	return img
}

// TestQRPoster: the survey's poster names it, shows the QR code as an
// image and the link under it; the QR code is an SVG whose modules decode
// to the survey's public URL. A reporter gets neither.
func TestQRPoster(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		v := answeredSurvey(t, d)
		base := "/surveys/" + strconv.FormatInt(v.ID, 10)
		coord := ts.SignIn(t, webtest.AsCoordinator)
		var sv struct {
			PublicURL string `json:"public_url"`
		}
		webtest.DecodeBody(t, ts.API(t, webtest.AsCoordinator).Get(t, "/api/v1"+base), &sv)
		if !strings.HasSuffix(sv.PublicURL, v.PublicPath()) {
			t.Fatalf("public_url = %q", sv.PublicURL)
		}
		short := sv.PublicURL[strings.Index(sv.PublicURL, "://")+3:]

		if res := coord.Get(t, base); !strings.Contains(res.Body, `href="`+base+`/qr"`) {
			t.Errorf("the survey's page has no link to its poster")
		}
		page := coord.Get(t, base+"/qr")
		if page.Status != 200 || !strings.Contains(page.Body, `src="`+base+`/qr.svg"`) || !strings.Contains(page.Body, short) ||
			!strings.Contains(page.Body, "Export i Sälen") || !strings.Contains(page.Body, "Skanna koden") {
			t.Fatalf("GET %s/qr = %d, want the title, the QR image and %s", base, page.Status, short)
		}
		if en := coord.Get(t, base+"/qr", "Accept-Language", "en"); !strings.Contains(en.Body, "Scan the code") {
			t.Errorf("the English poster does not say Scan the code")
		}

		res := coord.Get(t, base+"/qr.svg")
		if res.Status != 200 || res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(res.Body, "<path d=\"M") {
			t.Fatalf("GET %s/qr.svg = %d %s", base, res.Status, res.Header.Get("Content-Type"))
		}
		got, err := qr.Decode(svgImage(t, res.Body))
		if err != nil || got != sv.PublicURL {
			t.Errorf("the QR code decodes to %q, %v; want %q", got, err, sv.PublicURL)
		}

		reporter := ts.SignIn(t, webtest.AsReporter)
		for _, p := range []string{base + "/qr", base + "/qr.svg"} {
			if res := reporter.Get(t, p); res.Status != 403 {
				t.Errorf("reporter %s = %d, want 403", p, res.Status)
			}
		}
		if res := coord.Get(t, "/surveys/999999/qr.svg"); res.Status != 404 {
			t.Errorf("the QR code of no survey = %d, want 404", res.Status)
		}
	})
}
