package crimestatsweb_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/web/crimestatsweb"
	"github.com/samverkan/samverkan/internal/web/webtest"
)

const moraCoordinator = "samordnare.mora@demo.example"

// multipartFile is a form with one file.
func multipartFile(t *testing.T, name string, content []byte) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, err := w.CreateFormFile(crimestatsweb.ImportField, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(content)
	w.Close()
	return &buf, w.FormDataContentType()
}

const good = "Region;Brott;År;Period;Antal;/100 000 inv;\n" +
	"Mora kommun;Skadegörelse (test);År;2023;400;1 000,5;\n" +
	"Mora kommun;Skadegörelse (test);År;2024;420;1 050;\n" +
	"Dalarnas län;Skadegörelse (test);År;2023;3 000;1 040;\n" +
	"Dalarnas län;Skadegörelse (test);År;2024;3 100;1 070;\n" +
	"Riket;Skadegörelse (test);År;2023;150 000;1 430;\n" +
	"Riket;Skadegörelse (test);År;2024;..;1 450;\n" +
	"Malung-Sälens kommun;Skadegörelse (test);År;2024;250;2 400;\n"

func TestImportAndSeries(t *testing.T) {
	t.Parallel()
	webtest.EachDemo(t, func(t *testing.T, d *db.DB) {
		ts := webtest.NewServer(t, d)
		before := ts.Count(t, "crime_statistics")
		audits := ts.AuditCount(t, "crime_statistics") // the demo's import
		page := ts.SignInAs(t, moraCoordinator)

		// A bad line: its number and what is wrong, in Swedish; nothing stored.
		bad := strings.Replace(good, "420;1 050", "fyrahundra;1 050", 1)
		body, ct := multipartFile(t, "bra.txt", []byte(bad))
		res := page.Do(t, http.MethodPost, "/crime-statistics/import", body, "Content-Type", ct)
		if res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "rad 3, Antal: &#34;fyrahundra&#34; är inget antal") {
			t.Errorf("a bad file = %d; body:\n%.3000s", res.Status, res.Body)
		}
		if res := page.PostForm(t, "/crime-statistics/import", url.Values{}); res.Status != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Välj en fil") {
			t.Errorf("no file = %d", res.Status)
		}
		if n := ts.Count(t, "crime_statistics"); n != before {
			t.Fatalf("%d rows after refused imports, want %d", n, before)
		}

		// A good one: Malung-Sälen is not Mora's coordinator's to import.
		body, ct = multipartFile(t, "bra.txt", []byte(good))
		res = page.Do(t, http.MethodPost, "/crime-statistics/import", body, "Content-Type", ct)
		if res.Status != http.StatusOK || !strings.Contains(res.Body, "imported 6, replaced 0, rejected 1") ||
			!strings.Contains(res.Body, "rad 8: Malung-Sälen är inte en kommun du samordnar") {
			t.Fatalf("a good file = %d; body:\n%.3000s", res.Status, res.Body)
		}
		body, ct = multipartFile(t, "bra.txt", []byte(good))
		if res := page.Do(t, http.MethodPost, "/crime-statistics/import", body, "Content-Type", ct); !strings.Contains(res.Body, "imported 0, replaced 6, rejected 1") {
			t.Errorf("again: %.2000s", res.Body)
		}
		if n := ts.AuditCount(t, "crime_statistics"); n != audits+2 {
			t.Errorf("%d audit entries, want %d", n, audits+2)
		}

		res = page.Get(t, "/crime-statistics?municipality=2062&crime="+url.QueryEscape("Skadegörelse (test)"))
		for _, want := range []string{"<svg", `role="img"`, "<title id=\"chart-title\">Skadegörelse (test) per 100 000 invånare, 2023–2024</title>",
			"Dalarnas län", "Riket", "1\u00a0000,5", ">..</td>"} {
			if !strings.Contains(res.Body, want) {
				t.Errorf("the series page lacks %q", want)
			}
		}
		if strings.Contains(res.Body, "style=") {
			t.Error("the series page has a style attribute, which the CSP refuses")
		}
		// Malung-Sälen is not the Mora coordinator's to read.
		if res := page.Get(t, "/crime-statistics?municipality=2023"); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("another municipality = %d, want 422", res.Status)
		}

		api := ts.APIAs(t, moraCoordinator)
		res = api.Get(t, "/api/v1/crime-statistics?municipality=Mora+kommun&crime="+url.QueryEscape("Skadegörelse (test)"))
		var out struct {
			Municipality struct{ Code string }
			County       struct{ Name string }
			Items        []struct {
				Crime        string
				Periods      []string
				Municipality []struct {
					Period string
					Count  *int64
					Rate   *float64
				}
				Country []struct {
					Period string
					Count  *int64
				}
			}
		}
		if err := json.Unmarshal([]byte(res.Body), &out); err != nil || res.Status != http.StatusOK {
			t.Fatalf("API = %d %v: %s", res.Status, err, res.Body)
		}
		if out.Municipality.Code != "2062" || out.County.Name != "Dalarnas län" || len(out.Items) != 1 ||
			strings.Join(out.Items[0].Periods, ",") != "2023,2024" || *out.Items[0].Municipality[1].Count != 420 ||
			out.Items[0].Country[1].Count != nil {
			t.Errorf("API = %s", res.Body)
		}
		if res := api.Get(t, "/api/v1/crime-statistics?municipality=2023"); res.Status != http.StatusForbidden {
			t.Errorf("API of another municipality = %d, want 403", res.Status)
		}
		if res := api.Get(t, "/api/v1/crime-statistics?municipality=9999"); res.Status != http.StatusUnprocessableEntity {
			t.Errorf("API of no municipality = %d, want 422", res.Status)
		}
	})
}
