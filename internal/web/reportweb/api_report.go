package reportweb

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/statistics"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The JSON API of reports, the weekly picture and the municipalities'
// settings (the contract's "Reports and the weekly situational picture").
// Package report decides which reports a user reads, for which
// organisation they report and whose picture they see.

// reportInputJSON is a report as a client sends it: the contract's fields
// and the organisation to report for, which may be left out when the user
// has one organisation in the municipality.
type reportInputJSON struct {
	report.Input
	OrganizationID string `json:"organization_id"`
}

// reportingOrg returns the organisation a report in the municipality is
// made for, or a field error on field.
func reportingOrg(r *http.Request, code, requested, field string, e *validation.Errors) int64 {
	var want int64
	if requested != "" {
		id, err := strconv.ParseInt(requested, 10, 64)
		if err != nil || id <= 0 {
			e.Add(field, "error.report_not_your_organization")
			return 0
		}
		want = id
	}
	if code == "" {
		return 0 // the core says the municipality is required
	}
	id, ok := report.ReportingOrganization(web.Principal(r), code, want)
	switch {
	case ok:
		return id
	case want != 0:
		e.Add(field, "error.report_not_your_organization")
	case !municipality.ValidCode(code):
		// The core names an unknown municipality.
	default:
		e.Add(field, "error.report_choose_organization")
	}
	return 0
}

func (s *Server) apiCreateReport(w http.ResponseWriter, r *http.Request) error {
	var in reportInputJSON
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	var e validation.Errors
	orgID := reportingOrg(r, strings.TrimSpace(in.MunicipalityCode), in.OrganizationID, "organization_id", &e)
	if len(e) > 0 || orgID == 0 {
		// Every error at once; without a municipality, or with an
		// unknown one, the core names that.
		if err := s.checkReports(r, []report.Input{in.Input}, false, &e); err != nil {
			return err
		}
		return e.Err()
	}
	rep, created, err := s.reports.Create(r.Context(), web.Actor(r), orgID, in.Input)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/reports/"+strconv.FormatInt(rep.ID, 10))
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	web.WriteJSON(w, status, rep)
	return nil
}

// apiCreateReports makes a batch of reports: all or none. Every report is
// made for the same organisation: the one named (in any report, or the
// organization_id parameter), else the user's only organisation in the
// first report's municipality.
func (s *Server) apiCreateReports(w http.ResponseWriter, r *http.Request) error {
	var ins []reportInputJSON
	if err := web.DecodeJSON(w, r, &ins); err != nil {
		return err
	}
	var e validation.Errors
	switch {
	case len(ins) == 0:
		e.Add("reports", "error.batch_empty")
	case len(ins) > report.MaxBatch:
		e.Add("reports", "error.batch_too_large", report.MaxBatch)
	}
	if err := e.Err(); err != nil {
		return err
	}
	requested := r.URL.Query().Get("organization_id")
	field := "organization_id"
	for i, in := range ins {
		if in.OrganizationID == "" {
			continue
		}
		if requested == "" {
			requested, field = in.OrganizationID, fmt.Sprintf("%d.organization_id", i)
		} else if in.OrganizationID != requested {
			e.Add(fmt.Sprintf("%d.organization_id", i), "error.report_batch_one_organization")
		}
	}
	orgID := reportingOrg(r, strings.TrimSpace(ins[0].MunicipalityCode), requested, field, &e)
	plain := make([]report.Input, len(ins))
	for i, in := range ins {
		plain[i] = in.Input
	}
	if len(e) > 0 || orgID == 0 {
		if err := s.checkReports(r, plain, true, &e); err != nil {
			return err
		}
		return e.Err()
	}
	// A repeat of an earlier report (by external_id) comes back as it was
	// made: 201 when the batch made anything new, 200 when it was all
	// repeats.
	reports, created, err := s.reports.CreateBatch(r.Context(), web.Actor(r), orgID, plain)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created > 0 {
		status = http.StatusCreated
	}
	web.WriteJSON(w, status, web.List(reports, ""))
	return nil
}

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) error {
	limit, err := web.QueryLimit(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if code := q.Get("municipality_code"); code != "" && !municipality.ValidCode(code) {
		var e validation.Errors
		e.Add("municipality_code", "error.municipality_unknown", code)
		return e.Err()
	}
	page, err := s.reports.List(r.Context(), report.AccessOf(web.Principal(r)), reportFilterOf(q, limit))
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, web.List(page.Items, page.Next))
	return nil
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := s.readableReport(r)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rep)
	return nil
}

// apiSituation is the weekly picture; the week defaults to this one.
func (s *Server) apiSituation(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	code := strings.TrimSpace(q.Get("municipality_code"))
	if municipality.ValidCode(code) && !report.CanViewSituation(web.Principal(r), code) {
		// An unknown municipality is the core's to name.
		if _, err := s.municipalities.ByCode(r.Context(), code); err == nil {
			return web.ErrForbidden
		}
	}
	week := q.Get("week")
	if _, ok := q["week"]; !ok {
		week = report.WeekOf(s.clock.Now()).String()
	}
	sit, err := s.reports.Situation(r.Context(), report.SituationQuery{MunicipalityCode: code, Week: week, Area: q.Get("area")})
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, sit)
	return nil
}

// municipalitySettingsJSON is GET /api/v1/municipalities/{code}.
type municipalitySettingsJSON struct {
	web.MunicipalityJSON
	Categories []string `json:"categories"`
	// Whether the municipality publishes statistics, and below which
	// count a number is hidden (package statistics).
	PublicStatistics     bool           `json:"public_statistics"`
	SuppressionThreshold int            `json:"suppression_threshold"`
	Places               []report.Place `json:"places"`
	Areas                []string       `json:"areas"`
}

func (s *Server) municipalitySettings(r *http.Request, code string) (municipalitySettingsJSON, error) {
	m, err := s.municipalities.ByCode(r.Context(), code)
	if err != nil {
		return municipalitySettingsJSON{}, err
	}
	out := municipalitySettingsJSON{MunicipalityJSON: web.ToMunicipalityJSON(m), Places: []report.Place{}, Areas: []string{}}
	stats, err := s.statisticsStore().Settings(r.Context(), code)
	if err != nil {
		return out, err
	}
	out.PublicStatistics, out.SuppressionThreshold = stats.Public, stats.Threshold
	if out.Categories, err = s.reports.Categories(r.Context(), code); err != nil {
		return out, err
	}
	places, err := s.reports.Places(r.Context(), code)
	if err != nil {
		return out, err
	}
	out.Places = append(out.Places, places...)
	areas, err := s.reports.Areas(r.Context(), code)
	if err != nil {
		return out, err
	}
	for _, a := range areas {
		out.Areas = append(out.Areas, a.Name)
	}
	return out, nil
}

// apiMunicipality is the municipality's settings: readable by everyone
// who reports, since the checklist is what they report from.
func (s *Server) apiMunicipality(w http.ResponseWriter, r *http.Request) error {
	code, err := web.PathMunicipality(r)
	if err != nil {
		return err
	}
	out, err := s.municipalitySettings(r, code)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

// municipalityPatch is PATCH /api/v1/municipalities/{code}: the fields
// given change, the rest keep their value.
type municipalityPatch struct {
	Categories           *[]string `json:"categories"`
	PublicStatistics     *bool     `json:"public_statistics"`
	SuppressionThreshold *int      `json:"suppression_threshold"`
	// Places replaces the named places (report.Store.ReplacePlaces).
	Places *[]report.PlaceInput `json:"places"`
}

// apiUpdateMunicipality changes the checklist, the named places and the
// statistics settings. Every field is checked before anything is stored,
// and every error is said at once.
func (s *Server) apiUpdateMunicipality(w http.ResponseWriter, r *http.Request) error {
	code, err := web.PathMunicipality(r)
	if err != nil {
		return err
	}
	if !report.CanManage(web.Principal(r), code) {
		return web.ErrForbidden
	}
	var in municipalityPatch
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	var e validation.Errors
	stats := statistics.Change{Public: in.PublicStatistics, Threshold: in.SuppressionThreshold}
	stats.Check(&e)
	if in.Categories != nil {
		report.CheckCategories(&e, *in.Categories)
	}
	if in.Places != nil {
		if err := s.reports.CheckPlaces(r.Context(), &e, code, *in.Places); err != nil {
			return err
		}
	}
	if err := e.Err(); err != nil {
		return err
	}
	if in.Categories != nil {
		if _, err := s.reports.SetCategories(r.Context(), web.Actor(r), code, *in.Categories); err != nil {
			return err
		}
	}
	if in.Places != nil {
		if _, err := s.reports.ReplacePlaces(r.Context(), web.Actor(r), code, *in.Places); err != nil {
			return err
		}
	}
	if stats.Public != nil || stats.Threshold != nil {
		if _, err := s.statisticsStore().Update(r.Context(), web.Actor(r), code, stats); err != nil {
			return err
		}
	}
	out, err := s.municipalitySettings(r, code)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}
