package reportweb

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/web"
)

// The exports of a filtered list of reports: CSV for a spreadsheet and
// GeoJSON for a map program. They reach exactly the reports the list does
// (report.AccessOf), with the same filter, every page of it, and stream:
// each page is written as it is read (web.Download), so that memory holds
// one page whatever the size of the file and the server's write timeout
// never cuts it off.

// eachReport calls fn with every report the filter of the request selects
// and the user may read, page by page.
func (s *Server) eachReport(r *http.Request, fn func(report.Report) error) error {
	access := report.AccessOf(web.Principal(r))
	f := reportFilterOf(r.URL.Query(), 500)
	f.Cursor = ""
	for {
		page, err := s.reports.List(r.Context(), access, f)
		if err != nil {
			return err
		}
		for _, rep := range page.Items {
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

func decimal(v *float64) string {
	if v == nil {
		return ""
	}
	return export.Decimal(*v)
}

// reportsCSV is the list as CSV for Excel with Swedish settings (see
// export.CSV): semicolons, decimal commas, and no text a spreadsheet would
// run as a formula.
func (s *Server) reportsCSV(w http.ResponseWriter, r *http.Request) error {
	if err := s.checkReportFilter(r); err != nil {
		return err
	}
	orgs, err := s.organizationNames(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	out := web.NewDownload(w, "text/csv; charset=utf-8", exportName(r, "csv"))
	cw, err := export.NewCSV(out)
	if err != nil {
		return err
	}
	if err := cw.Write("id", "source", "occurred_at", "week", "municipality_code", "county_code", "category", "place", "area",
		"lat", "lon", "count", "assessment", "description", "organization", "visibility", "is_summary", "synthetic", "url", "created_at"); err != nil {
		return err
	}
	err = s.eachReport(r, func(rep report.Report) error {
		return cw.Write(strconv.FormatInt(rep.ID, 10), rep.Source, rep.OccurredAt.Format(time.RFC3339), rep.Week.String(),
			rep.MunicipalityCode, rep.CountyCode, rep.Category, rep.Place, rep.Area,
			decimal(rep.Lat), decimal(rep.Lon), strconv.Itoa(rep.Count), rep.Assessment, rep.Description,
			orgs[rep.OrganizationID], rep.Visibility, strconv.FormatBool(rep.IsSummary), strconv.FormatBool(rep.Synthetic),
			rep.URL, rep.CreatedAt.Format(time.RFC3339))
	})
	if err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return out.Close()
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
	w.Header().Set("Cache-Control", "no-store")
	out := web.NewDownload(w, "application/geo+json; charset=utf-8", exportName(r, "geojson"))
	if _, err := out.WriteString(`{"type":"FeatureCollection","features":[`); err != nil {
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
			if _, err := out.WriteString(","); err != nil {
				return err
			}
		}
		first = false
		_, err = out.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if _, err := out.WriteString("]}\n"); err != nil {
		return err
	}
	return out.Close()
}
