package walkweb_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

const moraCoordinator = "samordnare.mora@demo.example"

// photoWithPosition is a tiny JPEG with an EXIF block that names a
// position, as a phone's camera writes one.
func photoWithPosition(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := range 8 {
		for y := range 8 {
			img.Set(x, y, color.RGBA{uint8(x * 30), uint8(y * 30), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00MM\x00*\x00\x00\x00\x08\x00\x00GPSLatitude 61.0085")
	out := append([]byte{}, buf.Bytes()[:2]...)
	out = append(out, 0xFF, 0xE1, byte((len(exif)+2)>>8), byte(len(exif)+2))
	out = append(out, exif...)
	return append(out, buf.Bytes()[2:]...)
}

// postMultipart sends the point form as a phone does: the fields and,
// when given, a photo.
func postMultipart(t *testing.T, c *webtest.Client, path string, fields url.Values, photo []byte) *webtest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			if err := mw.WriteField(k, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	part, err := mw.CreateFormFile("photo", "IMG_0001.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := part.Write(photo); err != nil {
		t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return c.Do(t, http.MethodPost, path, &body, "Content-Type", mw.FormDataContentType())
}

var walkPath = regexp.MustCompile(`^/safety-walks/([0-9]+)$`)

// TestWalkOnAPhone: Mora's coordinator records a walk, adds a point with a
// photo (a wrong field first: the form keeps what was typed, nothing is
// stored), makes it an action for the police, who see it on their start
// page and mark it done; the photo reaches Mora's parties only, stripped of
// its position; the report is a PDF.
func TestWalkOnAPhone(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		mora := ts.SignInAs(t, moraCoordinator)
		if res := mora.Get(t, "/safety-walks/new"); res.Status != http.StatusOK || !strings.Contains(res.Body, "Mora") {
			t.Fatalf("GET /safety-walks/new = %d", res.Status)
		}
		res := mora.PostForm(t, "/safety-walks", url.Values{"municipality_code": {"2062"}, "held_on": {day(-4)},
			"area": {"Noret, parkeringarna"}, "residents_count": {"många"}, "organization_ids": {ts.OrgID(webtest.DemoPolice)}})
		if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "residents-count") ||
			!strings.Contains(res.Body, `value="Noret, parkeringarna"`) {
			t.Fatalf("POST /safety-walks with a wrong count = %d, want 422 keeping the area; body:\n%s", res.Status, res.Body)
		}
		res = mora.PostForm(t, "/safety-walks", url.Values{"municipality_code": {"2062"}, "held_on": {day(-4)},
			"area": {"Noret, parkeringarna"}, "residents_count": {"8"}, "organization_ids": {ts.OrgID(webtest.DemoPolice)}})
		m := walkPath.FindStringSubmatch(res.Header.Get("Location"))
		if res.Status != http.StatusSeeOther || m == nil {
			t.Fatalf("POST /safety-walks = %d to %q; body:\n%s", res.Status, res.Header.Get("Location"), res.Body)
		}
		walk := m[1]
		points := ts.Count(t, "safety_walk_points")
		if res := mora.Get(t, "/safety-walks/"+walk+"/points/new"); res.Status != http.StatusOK ||
			!strings.Contains(res.Body, `accept="image/*" capture="environment"`) || !strings.Contains(res.Body, `enctype="multipart/form-data"`) {
			t.Fatalf("GET the point form = %d without the phone's photo field", res.Status)
		}
		photo := photoWithPosition(t)
		res = postMultipart(t, mora, "/safety-walks/"+walk+"/points", url.Values{"category": {"lighting"},
			"description": {"Trasig belysning på parkeringen bakom butikerna"}, "lat": {"norr"}, "lon": {"14,58"}}, photo)
		if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "lat") || !webtest.HasFieldError(res.Body, "photo") ||
			!strings.Contains(res.Body, "Trasig belysning på parkeringen bakom butikerna") || !strings.Contains(res.Body, `value="14,58"`) {
			t.Fatalf("POST a point with a wrong latitude = %d, want 422 keeping what was typed; body:\n%s", res.Status, res.Body)
		}
		if n := ts.Count(t, "safety_walk_points"); n != points {
			t.Fatalf("a refused point stored %d rows", n-points)
		}
		res = postMultipart(t, mora, "/safety-walks/"+walk+"/points", url.Values{"category": {"lighting"},
			"description": {"Trasig belysning på parkeringen bakom butikerna"}, "lat": {"61,0087"}, "lon": {"14,5805"}}, photo)
		if res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/safety-walks/"+walk+"#point-") {
			t.Fatalf("POST a point = %d to %q; body:\n%s", res.Status, res.Header.Get("Location"), res.Body)
		}
		point := strings.TrimPrefix(res.Header.Get("Location"), "/safety-walks/"+walk+"#point-")

		res = mora.Get(t, "/safety-walk-points/"+point+"/photo")
		if res.Status != http.StatusOK || res.Header.Get("Content-Type") != "image/jpeg" || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
			strings.Contains(res.Body, "GPSLatitude") {
			t.Errorf("GET the photo = %d, %q, nosniff %q, position kept %v", res.Status, res.Header.Get("Content-Type"),
				res.Header.Get("X-Content-Type-Options"), strings.Contains(res.Body, "GPSLatitude"))
		}
		salen := ts.SignIn(t, webtest.AsCoordinator)
		for _, path := range []string{"/safety-walk-points/" + point + "/photo", "/safety-walks/" + walk, "/api/v1/safety-walks/" + walk} {
			if res := salen.Get(t, path); res.Status != http.StatusNotFound {
				t.Errorf("GET %s as Malung-Sälen's coordinator = %d, want 404", path, res.Status)
			}
		}
		if res := ts.SignIn(t, webtest.AsReporter).Get(t, "/safety-walk-points/"+point+"/photo"); res.Status != http.StatusForbidden {
			t.Errorf("GET the photo as a reporter = %d, want 403", res.Status)
		}
		if res := ts.NewClient(t).Get(t, "/safety-walk-points/"+point+"/photo"); res.Status == http.StatusOK {
			t.Errorf("GET the photo without signing in = %d", res.Status)
		}

		if res := mora.Get(t, "/safety-walk-points/"+point+"/actions/new"); res.Status != http.StatusOK {
			t.Fatalf("GET the action form = %d", res.Status)
		}
		res = mora.PostForm(t, "/safety-walk-points/"+point+"/actions", url.Values{"text": {"Byt armaturerna vid parkeringen"},
			"organization_id": {ts.OrgID(webtest.DemoMalung)}, "due_on": {day(39)}, "status": {"open"}})
		if res.Status != http.StatusUnprocessableEntity || !webtest.HasFieldError(res.Body, "organization-id") {
			t.Fatalf("POST an action for a party of another municipality = %d, want 422", res.Status)
		}
		res = mora.PostForm(t, "/safety-walk-points/"+point+"/actions", url.Values{"text": {"Patrullera parkeringen fredagskvällar"},
			"organization_id": {ts.OrgID(webtest.DemoPolice)}, "due_on": {day(39)}, "status": {"open"}})
		if res.Status != http.StatusSeeOther {
			t.Fatalf("POST an action = %d; body:\n%s", res.Status, res.Body)
		}
		action := strings.TrimPrefix(res.Header.Get("Location"), "/safety-walks/"+walk+"#action-")

		police := ts.SignIn(t, webtest.AsMember)
		start := police.Get(t, "/start")
		if !strings.Contains(start.Body, "Patrullera parkeringen fredagskvällar") || !strings.Contains(start.Body, "/safety-walk-actions/"+action+"/status") {
			t.Fatalf("the police's start page does not show the walk's action; body:\n%s", start.Body)
		}
		if res := salen.Get(t, "/start"); strings.Contains(res.Body, "Patrullera parkeringen fredagskvällar") {
			t.Error("Malung-Sälen's start page shows the police's action")
		}
		res = police.PostForm(t, "/safety-walk-actions/"+action+"/status", url.Values{"status": {"done"}, "next": {"/start"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != "/start" {
			t.Fatalf("POST the status = %d to %q", res.Status, res.Header.Get("Location"))
		}
		if res := police.Get(t, "/start"); strings.Contains(res.Body, "Patrullera parkeringen fredagskvällar") {
			t.Error("a done action is still on the start page")
		}
		page := mora.Get(t, "/safety-walks/"+walk)
		for _, want := range []string{"Noret, parkeringarna", "Trasig belysning på parkeringen bakom butikerna", "Klar " + day(0),
			`src="/safety-walk-points/` + point + `/photo"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the walk's page lacks %q", want)
			}
		}
		pdf := mora.Get(t, "/safety-walks/"+walk+"/report.pdf")
		if pdf.Status != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF") {
			t.Errorf("GET the PDF = %d, %q", pdf.Status, pdf.Header.Get("Content-Type"))
		}
		list := mora.Get(t, "/safety-walks")
		if !strings.Contains(list.Body, "/safety-walks/"+walk) {
			t.Error("the list does not show the walk")
		}
		if res := salen.Get(t, "/safety-walks"); !strings.Contains(res.Body, "Inga trygghetsvandringar ännu") {
			t.Error("Malung-Sälen's list is not empty")
		}
	})
}

// day is the date offset days from the tests' day (clocktest), so that the
// tests hold on any day scripts/test-days runs them on.
func day(offset int) string {
	return clocktest.Now().In(clock.Zone()).AddDate(0, 0, offset).Format(time.DateOnly)
}
