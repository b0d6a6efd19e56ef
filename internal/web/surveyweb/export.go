package surveyweb

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/web"
)

// The exports of a survey's results, for those who read them: the table
// as CSV (for Excel with Swedish settings, export.CSV) and as an Excel
// workbook, and the place answers as GeoJSON. Package survey decides what
// each reader gets (ResultsFor): counts with small groups hidden for
// everyone, the free texts and exact pins for the municipality's
// coordinators only.

// exportName is the file's name: "enkat-12-resultat.csv".
func exportName(r *http.Request, v survey.Survey, ext string) string {
	return web.Loc(r).T("survey.export.file", strconv.FormatInt(v.ID, 10)) + "." + ext
}

// exportResults returns the survey of the path and its results as the
// user may read them.
func (s *Server) exportResults(r *http.Request) (survey.Survey, survey.Results, error) {
	v, err := s.readableSurvey(r)
	if err != nil {
		return v, survey.Results{}, err
	}
	res, err := s.surveys.ResultsFor(r.Context(), web.Principal(r), v)
	return v, res, err
}

func optInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func optDecimal(f *float64) string {
	if f == nil {
		return ""
	}
	return export.Decimal(*f)
}

func (s *Server) resultsCSV(w http.ResponseWriter, r *http.Request) error {
	v, res, err := s.exportResults(r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	out := web.NewDownload(w, "text/csv; charset=utf-8", exportName(r, v, "csv"))
	cw, err := export.NewCSV(out)
	if err != nil {
		return err
	}
	if err := cw.Write(survey.RowColumns...); err != nil {
		return err
	}
	for _, row := range res.Rows(string(web.Loc(r).Lang)) {
		if err := cw.Write(row.QuestionKey, row.Section, row.Kind, row.Question, row.Type, row.Value, row.Label,
			strconv.Itoa(row.Answered), optInt(row.Count), optDecimal(row.Share), strconv.FormatBool(row.Suppressed),
			optDecimal(row.Lat), optDecimal(row.Lon)); err != nil {
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return out.Close()
}

func cell[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func (s *Server) resultsXLSX(w http.ResponseWriter, r *http.Request) error {
	v, res, err := s.exportResults(r)
	if err != nil {
		return err
	}
	sheet := export.Sheet{Name: web.Loc(r).T("survey.export.sheet"), Columns: survey.RowColumns}
	for _, row := range res.Rows(string(web.Loc(r).Lang)) {
		sheet.Rows = append(sheet.Rows, []any{row.QuestionKey, row.Section, row.Kind, row.Question, row.Type, row.Value, row.Label,
			row.Answered, cell(row.Count), cell(row.Share), strconv.FormatBool(row.Suppressed), cell(row.Lat), cell(row.Lon)})
	}
	var buf bytes.Buffer
	if err := export.WriteXLSX(&buf, []export.Sheet{sheet}, web.Now(r)); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	out := web.NewDownload(w, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exportName(r, v, "xlsx"))
	if _, err := out.Write(buf.Bytes()); err != nil {
		return err
	}
	return out.Close()
}

func (s *Server) resultsGeoJSON(w http.ResponseWriter, r *http.Request) error {
	v, res, err := s.exportResults(r)
	if err != nil {
		return err
	}
	fc, err := s.surveys.GeoJSON(r.Context(), v, res)
	if err != nil {
		return err
	}
	body, err := json.Marshal(fc)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	out := web.NewDownload(w, "application/geo+json", exportName(r, v, "geojson"))
	if _, err := out.Write(body); err != nil {
		return err
	}
	return out.Close()
}
