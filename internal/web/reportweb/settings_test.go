package reportweb_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

// postMultipart sends a multipart form: fields, and files by field name.
func postMultipart(c *webtest.Client, t *testing.T, path string, fields map[string]string, files map[string]string, headers ...string) *webtest.Response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		if err := mw.WriteField(k, v); err != nil {
			t.Fatal(err)
		}
	}
	for k, v := range files {
		fw, err := mw.CreateFormFile(k, k+".geojson")
		if err != nil {
			t.Fatal(err)
		}
		fw.Write([]byte(v))
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return c.Do(t, http.MethodPost, path, &body, append([]string{"Content-Type", mw.FormDataContentType()}, headers...)...)
}

const centrumGeoJSON = `{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "Malung centrum"},
	"geometry": {"type": "Polygon", "coordinates": [[[13.70, 60.67], [13.74, 60.67], [13.74, 60.69], [13.70, 60.69], [13.70, 60.67]]]}}]}`

// TestSettingsPage: the coordinator of Malung-Sälen changes the checklist,
// adds a place and uploads an area; what is wrong is refused with a
// message at the field and nothing stored; Mora's coordinator may not.
func TestSettingsPage(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		ctx := context.Background()
		store := report.NewStore(d)
		const page = "/municipalities/2023/settings"
		c := ts.Session(t, webtest.AsCoordinator)

		res := c.Get(t, page)
		if res.Status != http.StatusOK {
			t.Fatalf("GET %s = %d; body:\n%.1000s", page, res.Status, res.Body)
		}
		for _, want := range []string{"Rapportinställningar för Malung-Sälen", "Ordningsstörning\nBerusade personer\n",
			"<td>Lindvallen</td>", "<li>Sälen</li>", `enctype="multipart/form-data"`, `type="file"`} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("GET %s lacks %q", page, want)
			}
		}
		if strings.Contains(res.Body, `style="`) || strings.Contains(res.Body, "<script>") {
			t.Errorf("GET %s has an inline style or script", page)
		}
		// The weekly picture and the start page lead here.
		if res := c.Get(t, "/situation/2023"); !strings.Contains(res.Body, `href="`+page+`"`) {
			t.Errorf("the picture of Malung-Sälen has no link to its settings")
		}
		if res := c.Get(t, "/start"); !strings.Contains(res.Body, `href="`+page+`"`) {
			t.Errorf("the start page has no link to the settings")
		}
		if res := ts.Session(t, webtest.AsMember).Get(t, "/situation/2023"); strings.Contains(res.Body, page) {
			t.Errorf("the police, who may not manage, see a link to the settings")
		}

		// The checklist, in the order typed; blank lines and spaces dropped.
		audits := ts.AuditCount(t, "report_categories")
		res = c.PostForm(t, "/municipalities/2023/categories", url.Values{"categories": {"Fylla\r\n\r\n  Klotter \r\nSkadegörelse vid liften"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != page {
			t.Fatalf("POST categories = %d to %q, want 303 to %s; body:\n%.1000s", res.Status, res.Header.Get("Location"), page, res.Body)
		}
		want := []string{"Fylla", "Klotter", "Skadegörelse vid liften"}
		if got, _ := store.Categories(ctx, "2023"); !slices.Equal(got, want) {
			t.Errorf("categories = %q, want %q", got, want)
		}
		if n := ts.AuditCount(t, "report_categories"); n != audits+1 {
			t.Errorf("audit entries of the checklist = %d, want %d", n, audits+1)
		}
		if res := c.Get(t, page); !strings.Contains(res.Body, "Checklistan är sparad.") || !strings.Contains(res.Body, "Fylla\nKlotter\nSkadegörelse vid liften</textarea>") {
			t.Errorf("the page after saving lacks the message or the new list; body:\n%.3000s", res.Body)
		}

		// A category twice, or too long: refused at the field, what was
		// typed kept, nothing changed.
		for _, tt := range []struct{ typed, message string }{
			{"Fylla\nKlotter\nklotter", "klotter finns två gånger i listan"},
			{"Fylla\n" + strings.Repeat("x", 101), "Rad 2 är längre än 100 tecken"},
			{"\n  \n", "Ange minst en kategori"},
		} {
			res = c.PostForm(t, "/municipalities/2023/categories", url.Values{"categories": {tt.typed}})
			if res.Status != http.StatusUnprocessableEntity {
				t.Errorf("POST categories %q = %d, want 422", tt.typed, res.Status)
			}
			for _, want := range []string{`href="#f-categories"`, tt.message, `aria-invalid="true"`, tt.typed + "</textarea>"} {
				if !strings.Contains(res.Body, want) {
					t.Errorf("POST categories %q: the page lacks %q", tt.typed, want)
				}
			}
			if got, _ := store.Categories(ctx, "2023"); !slices.Equal(got, want) {
				t.Errorf("categories = %q after a refused list, want %q unchanged", got, want)
			}
		}
		// In English for an English reader.
		res = c.PostForm(t, "/municipalities/2023/categories", url.Values{"categories": {"A\na"}}, "Accept-Language", "en")
		if !strings.Contains(res.Body, "a is in the list twice") {
			t.Errorf("the English page lacks the English message; body:\n%.2000s", res.Body)
		}

		// A place, with a position in Swedish notation.
		res = c.PostForm(t, "/municipalities/2023/places", url.Values{"name": {"Torget i Malung"}, "lat": {"60,6843"}, "lon": {"13,7168"}})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != page {
			t.Fatalf("POST places = %d to %q; body:\n%.1000s", res.Status, res.Header.Get("Location"), res.Body)
		}
		places, _ := store.Places(ctx, "2023")
		i := slices.IndexFunc(places, func(p report.Place) bool { return p.Name == "Torget i Malung" })
		if i < 0 || places[i].Lat == nil || *places[i].Lat != 60.6843 || *places[i].Lon != 13.7168 {
			t.Fatalf("places = %+v, want Torget i Malung at 60.6843, 13.7168", places)
		}
		if res := c.Get(t, page); !strings.Contains(res.Body, "<td>Torget i Malung</td>") || !strings.Contains(res.Body, "60,6843") {
			t.Errorf("the page lacks the new place")
		}
		// The same name again, and a bad number with no name: refused.
		if res := c.PostForm(t, "/municipalities/2023/places", url.Values{"name": {"torget i malung"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, "Kommunen har redan en plats med det namnet") || !strings.Contains(res.Body, `value="torget i malung"`) {
			t.Errorf("POST places with a name taken = %d, want 422 with the message", res.Status)
		}
		if res := c.PostForm(t, "/municipalities/2023/places", url.Values{"lat": {"61,x"}, "lon": {"13"}}); res.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(res.Body, `href="#f-name"`) || !strings.Contains(res.Body, `href="#f-lat"`) || !strings.Contains(res.Body, `value="61,x"`) {
			t.Errorf("POST places with no name and a bad latitude = %d, want 422 with both errors", res.Status)
		}
		if n, _ := store.Places(ctx, "2023"); len(n) != len(places) {
			t.Errorf("places = %d after refusals, want %d", len(n), len(places))
		}

		// Areas from a file.
		areasBefore, _ := store.Areas(ctx, "2023")
		res = postMultipart(c, t, "/municipalities/2023/areas", nil, map[string]string{"areas_file": centrumGeoJSON})
		if res.Status != http.StatusSeeOther || res.Header.Get("Location") != page {
			t.Fatalf("POST areas = %d to %q; body:\n%.2000s", res.Status, res.Header.Get("Location"), res.Body)
		}
		areas, _ := store.Areas(ctx, "2023")
		if len(areas) != len(areasBefore)+1 || !slices.ContainsFunc(areas, func(a report.Area) bool { return a.Name == "Malung centrum" }) {
			t.Fatalf("areas = %d, want Malung centrum added to %d", len(areas), len(areasBefore))
		}
		if res := c.Get(t, page); !strings.Contains(res.Body, "<li>Malung centrum</li>") || !strings.Contains(res.Body, "Området är sparat.") {
			t.Errorf("the page lacks the new area or the message")
		}

		// Broken GeoJSON, as a file or pasted: refused, nothing stored.
		areaAudits := ts.AuditCount(t, "area")
		noName := strings.Replace(centrumGeoJSON, `"name": "Malung centrum"`, `"namn": "Torget"`, 1)
		for _, tt := range []struct {
			name    string
			res     func() *webtest.Response
			message string
		}{
			{"file without a name", func() *webtest.Response {
				return postMultipart(c, t, "/municipalities/2023/areas", map[string]string{"areas_text": ""}, map[string]string{"areas_file": noName})
			}, "Område 1 saknar egenskapen name"},
			{"pasted, not JSON", func() *webtest.Response {
				return postMultipart(c, t, "/municipalities/2023/areas", map[string]string{"areas_text": `{"type": "FeatureCollection", "features": [`}, nil)
			}, "Filen är inte en GeoJSON-FeatureCollection med polygoner"},
			{"pasted as a plain form", func() *webtest.Response {
				return c.PostForm(t, "/municipalities/2023/areas", url.Values{"areas_text": {`{"type": "Point", "coordinates": [13.7, 60.6]}`}})
			}, "Filen är inte en GeoJSON-FeatureCollection med polygoner"},
			{"nothing", func() *webtest.Response {
				return postMultipart(c, t, "/municipalities/2023/areas", nil, map[string]string{"areas_file": ""})
			}, "Välj en GeoJSON-fil eller klistra in GeoJSON"},
			{"both", func() *webtest.Response {
				return postMultipart(c, t, "/municipalities/2023/areas", map[string]string{"areas_text": centrumGeoJSON}, map[string]string{"areas_file": centrumGeoJSON})
			}, "Välj en fil eller klistra in text, inte båda"},
		} {
			res := tt.res()
			if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, tt.message) || !strings.Contains(res.Body, `href="#f-areas"`) {
				t.Errorf("POST areas, %s = %d, want 422 with %q; body:\n%.2000s", tt.name, res.Status, tt.message, res.Body)
			}
		}
		if got, _ := store.Areas(ctx, "2023"); len(got) != len(areas) {
			t.Errorf("areas = %d after refusals, want %d", len(got), len(areas))
		}
		if n := ts.AuditCount(t, "area"); n != areaAudits {
			t.Errorf("audit entries of areas = %d after refusals, want %d", n, areaAudits)
		}
		// Too large: refused by the core, or before it is read.
		for _, tt := range []struct {
			size, status int
		}{{report.MaxAreasBytes + 1, http.StatusUnprocessableEntity}, {report.MaxAreasBytes + 100<<10, http.StatusRequestEntityTooLarge}} {
			big := centrumGeoJSON + strings.Repeat(" ", tt.size-len(centrumGeoJSON))
			if res := postMultipart(c, t, "/municipalities/2023/areas", nil, map[string]string{"areas_file": big}); res.Status != tt.status ||
				!strings.Contains(res.Body, "Filen får vara högst 4 MB") {
				t.Errorf("POST areas of %d bytes = %d, want %d with the message; body:\n%.1000s", len(big), res.Status, tt.status, res.Body)
			}
		}

		// Mora's coordinator manages Mora, not Malung-Sälen.
		mora := ts.SignInAs(t, webtest.MoraCoordEmail)
		if res := mora.Get(t, page); res.Status != http.StatusForbidden {
			t.Errorf("GET %s as Mora's coordinator = %d, want 403", page, res.Status)
		}
		if res := mora.PostForm(t, "/municipalities/2023/categories", url.Values{"categories": {"Annat"}}); res.Status != http.StatusForbidden {
			t.Errorf("POST categories of 2023 as Mora's coordinator = %d, want 403", res.Status)
		}
		if got, _ := store.Categories(ctx, "2023"); !slices.Equal(got, want) {
			t.Errorf("categories = %q after Mora's try, want %q unchanged", got, want)
		}
		if res := mora.Get(t, "/municipalities/2062/settings"); res.Status != http.StatusOK {
			t.Errorf("GET /municipalities/2062/settings as Mora's coordinator = %d, want 200", res.Status)
		}
		// Anonymous: to the sign-in page; an unknown code: not found.
		if res := ts.NewClient(t).Get(t, page); res.Status != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
			t.Errorf("GET %s anonymously = %d to %q, want 303 to sign in", page, res.Status, res.Header.Get("Location"))
		}
		if res := ts.Session(t, webtest.AsAdmin).Get(t, "/municipalities/abcd/settings"); res.Status != http.StatusNotFound {
			t.Errorf("GET /municipalities/abcd/settings = %d, want 404", res.Status)
		}
	})
}
