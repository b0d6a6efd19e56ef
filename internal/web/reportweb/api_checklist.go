package reportweb

import (
	"errors"
	"net/http"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The weekly checklist in the API: POST /api/v1/reports/weekly with the
// form's semantics (package report's SubmitChecklist), and who has sent
// the week, for the municipality's coordinators. The contract's report
// endpoints are as they were.

// checklistInputJSON is a checklist as a client sends it: the organisation
// may be left out when the user has one in the municipality.
type checklistInputJSON struct {
	report.ChecklistInput
	OrganizationID string `json:"organization_id"`
}

// apiSubmitChecklist stores the week's checklist: 201 for the week's
// first, 200 when it replaced the week's checklist or changed nothing (a
// repeat of the external_id, or filed before the one in force); status in
// the body says which.
func (s *Server) apiSubmitChecklist(w http.ResponseWriter, r *http.Request) error {
	var in checklistInputJSON
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	var e validation.Errors
	orgID := reportingOrg(r, strings.TrimSpace(in.MunicipalityCode), in.OrganizationID, "organization_id", &e)
	if len(e) > 0 || orgID == 0 {
		found, err := s.reports.CheckChecklist(r.Context(), 0, in.ChecklistInput)
		if err != nil {
			return err
		}
		for field, m := range found {
			e.Add(field, m.Key, m.Args...)
		}
		return e.Err()
	}
	cl, outcome, err := s.reports.SubmitChecklist(r.Context(), web.Actor(r), orgID, in.ChecklistInput)
	if err != nil {
		return err
	}
	web.WriteJSON(w, checklistStatusCode(outcome), checklistJSON{Checklist: cl, Status: outcome})
	return nil
}

// apiChecklistStatus says which reporting organisations of a municipality
// have sent the week's checklist (this week unless week is given).
func (s *Server) apiChecklistStatus(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var e validation.Errors
	code := strings.TrimSpace(q.Get("municipality_code"))
	switch {
	case code == "":
		e.Add("municipality_code", "error.required")
	case !municipality.ValidCode(code):
		e.Add("municipality_code", "error.municipality_unknown", code)
	}
	week := report.WeekOf(web.Now(r))
	if v := q.Get("week"); v != "" {
		var err error
		if week, err = report.ParseWeek(v); err != nil {
			e.Add("week", "error.week")
		}
	}
	if err := e.Err(); err != nil {
		return err
	}
	if _, err := s.municipalities.ByCode(r.Context(), code); err != nil {
		if errors.Is(err, db.ErrNotFound) {
			e.Add("municipality_code", "error.municipality_unknown", code)
			return e.Err()
		}
		return err
	}
	if !report.CanManage(web.Principal(r), code) {
		return web.ErrForbidden
	}
	st, err := s.reports.WeekStatus(r.Context(), code, week)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, st)
	return nil
}
