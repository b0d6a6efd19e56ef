package premisesweb

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The follow-up of the supervision in the API: a period's coverage (the
// contract's GET /api/v1/premises/coverage), the planning list and the
// year's summary.

// apiCoverage answers {municipality_code, from, to, premises_total,
// recorded_visits, premises_visited, not_visited: [{id, name}]}; without
// from and to (or season), for the municipality's default season.
func (s *Server) apiCoverage(w http.ResponseWriter, r *http.Request) error {
	code, err := s.apiPremisesMunicipality(r)
	if err != nil {
		return err
	}
	period, err := s.periodOf(r, code)
	if err != nil {
		return err
	}
	cov, err := s.premises.Coverage(r.Context(), code, period)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, cov)
	return nil
}

// planningJSON is the planning list of a municipality.
type planningJSON struct {
	MunicipalityCode string                  `json:"municipality_code"`
	Items            []premises.PlanningItem `json:"items"`
}

func (s *Server) apiPlanning(w http.ResponseWriter, r *http.Request) error {
	code, err := s.apiPremisesMunicipality(r)
	if err != nil {
		return err
	}
	items, err := s.premises.Planning(r.Context(), code)
	if err != nil {
		return err
	}
	if items == nil {
		items = []premises.PlanningItem{}
	}
	web.WriteJSON(w, http.StatusOK, planningJSON{MunicipalityCode: code, Items: items})
	return nil
}

// apiSummary is a year's summary; the year defaults to the latest with
// an inspection.
func (s *Server) apiSummary(w http.ResponseWriter, r *http.Request) error {
	code, err := s.apiPremisesMunicipality(r)
	if err != nil {
		return err
	}
	_, year, err := s.premises.Years(r.Context(), code, s.clock.Now())
	if err != nil {
		return err
	}
	if v := strings.TrimSpace(r.URL.Query().Get("year")); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2200 {
			var e validation.Errors
			e.Add("year", "error.year")
			return e.Err()
		}
		year = y
	}
	sum, err := s.premises.Summary(r.Context(), code, year)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, sum)
	return nil
}
