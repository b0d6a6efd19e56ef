package reportweb

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
)

// The exports of a filtered list of reports: CSV for a spreadsheet and
// GeoJSON for a map program. They reach exactly the reports the list does
// (report.AccessOf), with the same filter, every page of it.

// maxExport bounds one export; a filter that selects more is asked to
// narrow down.
const maxExport = 100_000

// eachReport calls fn with every report the filter of the request selects
// and the user may read, page by page.
func (s *Server) eachReport(r *http.Request, fn func(report.Report) error) error {
	access := report.AccessOf(web.Principal(r))
	f := reportFilterOf(r.URL.Query(), 500)
	f.Cursor = ""
	n := 0
	for {
		page, err := s.reports.List(r.Context(), access, f)
		if err != nil {
			return err
		}
		for _, rep := range page.Items {
			if n++; n > maxExport {
				return errExportTooLarge
			}
			if err := fn(rep); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		f.Cursor = page.Next
	}
}

var errExportTooLarge = &web.HTTPError{Status: http.StatusBadRequest, Code: "too_large", Key: "error.export_too_large", Args: []any{maxExport}}

// checkReportFilter runs the filter once before anything is written, so
// that a bad filter answers with an error page rather than half a file.
func (s *Server) checkReportFilter(r *http.Request) error {
	f := reportFilterOf(r.URL.Query(), 1)
	f.Cursor = ""
	_, err := s.reports.List(r.Context(), report.AccessOf(web.Principal(r)), f)
	return err
}

func exportName(r *http.Request, ext string) string {
	return "rapporter-" + web.Now(r).In(web.Loc(r).Zone()).Format("2006-01-02") + "." + ext
}

func formatFloat(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func (s *Server) reportsCSV(w http.ResponseWriter, r *http.Request) error {
	if err := s.checkReportFilter(r); err != nil {
		return err
	}
	orgs, err := s.organizationNames(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(r, "csv")+`"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	header := []string{"id", "source", "occurred_at", "week", "municipality_code", "county_code", "category", "place", "area",
		"lat", "lon", "count", "assessment", "description", "organization", "visibility", "is_summary", "synthetic", "url", "created_at"}
	if err := cw.Write(header); err != nil {
		return err
	}
	err = s.eachReport(r, func(rep report.Report) error {
		return cw.Write([]string{strconv.FormatInt(rep.ID, 10), rep.Source, rep.OccurredAt.Format(time.RFC3339), rep.Week.String(),
			rep.MunicipalityCode, rep.CountyCode, csvSafe(rep.Category), csvSafe(rep.Place), csvSafe(rep.Area),
			formatFloat(rep.Lat), formatFloat(rep.Lon), strconv.Itoa(rep.Count), csvSafe(rep.Assessment), csvSafe(rep.Description),
			csvSafe(orgs[rep.OrganizationID]), rep.Visibility, strconv.FormatBool(rep.IsSummary), strconv.FormatBool(rep.Synthetic),
			rep.URL, rep.CreatedAt.Format(time.RFC3339)})
	})
	cw.Flush()
	if err == nil {
		err = cw.Error()
	}
	if errors.Is(err, errExportTooLarge) {
		// The header is sent: say it in the file rather than cut it silently.
		_ = cw.Write([]string{"# " + web.Loc(r).T("error.export_too_large", maxExport)})
		cw.Flush()
		return nil
	}
	return err
}

// csvSafe keeps a spreadsheet from reading free text as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// geoFeature is a report as a GeoJSON Feature. A report at a named place
// has the place's point, marked position "place"; one without a position,
// and every police event, has no geometry (null).
type geoFeature struct {
	Type       string          `json:"type"`
	ID         string          `json:"id"`
	Geometry   *geoPoint       `json:"geometry"`
	Properties geoFeatureProps `json:"properties"`
}

type geoPoint struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"` // longitude, latitude
}

type geoFeatureProps struct {
	report.Report
	Organization string `json:"organization,omitempty"`
	Position     string `json:"position"` // "pin", "place" or "none"
}

func (s *Server) reportsGeoJSON(w http.ResponseWriter, r *http.Request) error {
	if err := s.checkReportFilter(r); err != nil {
		return err
	}
	orgs, err := s.organizationNames(r)
	if err != nil {
		return err
	}
	places := map[string]map[string]report.Place{}
	placeOf := func(rep report.Report) (report.Place, bool, error) {
		byName, ok := places[rep.MunicipalityCode]
		if !ok {
			list, err := s.reports.Places(r.Context(), rep.MunicipalityCode)
			if err != nil {
				return report.Place{}, false, err
			}
			byName = map[string]report.Place{}
			for _, p := range list {
				byName[p.Name] = p
			}
			places[rep.MunicipalityCode] = byName
		}
		p, ok := byName[rep.Place]
		return p, ok && p.Lat != nil && p.Lon != nil, nil
	}
	w.Header().Set("Content-Type", "application/geo+json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+exportName(r, "geojson")+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if _, err := w.Write([]byte(`{"type":"FeatureCollection","features":[`)); err != nil {
		return err
	}
	first := true
	err = s.eachReport(r, func(rep report.Report) error {
		f := geoFeature{Type: "Feature", ID: strconv.FormatInt(rep.ID, 10),
			Properties: geoFeatureProps{Report: rep, Organization: orgs[rep.OrganizationID], Position: "none"}}
		switch {
		case rep.Source == report.SourcePolisen:
			// The police's position is the municipality's centre: none.
		case rep.Lat != nil && rep.Lon != nil:
			f.Geometry = &geoPoint{Type: "Point", Coordinates: [2]float64{*rep.Lon, *rep.Lat}}
			f.Properties.Position = "pin"
		case rep.Place != "":
			p, ok, err := placeOf(rep)
			if err != nil {
				return err
			}
			if ok {
				f.Geometry = &geoPoint{Type: "Point", Coordinates: [2]float64{*p.Lon, *p.Lat}}
				f.Properties.Position = "place"
			}
		}
		b, err := json.Marshal(f)
		if err != nil {
			return err
		}
		if !first {
			b = append([]byte{','}, b...)
		}
		first = false
		_, err = w.Write(b)
		return err
	})
	if errors.Is(err, errExportTooLarge) {
		err = nil // what was written is valid; the list is cut at maxExport
	}
	if err != nil {
		return err
	}
	_, err = w.Write([]byte("]}\n"))
	return err
}
