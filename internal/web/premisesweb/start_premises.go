package premisesweb

import (
	"net/http"
	"net/url"
	"slices"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/web"
)

// startPremisesView is the start page's section for the alcohol officer:
// per municipality whose register the user keeps, how many open premises
// have had no recorded visit in the current or latest season, with links
// to the coverage and to record a visit.
type startPremisesView struct {
	Items []startPremisesItem
}

type startPremisesItem struct {
	Municipality string
	Coverage     premises.Coverage
	// Line says the coverage in one sentence: "2 av 34 serveringsställen
	// har inte fått något protokollfört besök den här säsongen".
	Line string
	// CoverageURL and RecordURL are the municipality's coverage page and
	// the form to record a visit.
	CoverageURL, RecordURL string
}

// startPremises returns what the start page shows of the supervision of
// licensed premises, for the partial "start_premises"; nil for a user who
// records no inspections as keeper of a register. An administrator sees
// the municipalities of the organisations they belong to, not all.
func (s *Server) startPremises(r *http.Request) (any, error) {
	p := web.Principal(r)
	if !p.Can(auth.PermInspectionWrite) {
		return nil, nil
	}
	list, err := s.premisesWritable(r)
	if err != nil {
		return nil, err
	}
	if p.User.IsAdmin {
		var own []string
		for _, m := range p.Memberships {
			own = append(own, m.MunicipalityCodes...)
		}
		list = slices.DeleteFunc(list, func(m municipality.Municipality) bool { return !slices.Contains(own, m.Code) })
	}
	if len(list) == 0 {
		return nil, nil
	}
	ctx, now := r.Context(), s.clock.Now()
	current, inSeason := premises.SeasonOf(now)
	loc := web.Loc(r)
	v := &startPremisesView{}
	for _, m := range list {
		period, err := s.premises.DefaultSeason(ctx, m.Code, now)
		if err != nil {
			return nil, err
		}
		cov, err := s.premises.Coverage(ctx, m.Code, period)
		if err != nil {
			return nil, err
		}
		q := url.Values{"municipality_code": {m.Code}}.Encode()
		v.Items = append(v.Items, startPremisesItem{Municipality: m.Name, Coverage: cov,
			Line:        coverageLine(loc.T, cov, period, inSeason && period == current),
			CoverageURL: "/premises/coverage?" + q, RecordURL: "/inspections/new?" + q})
	}
	return v, nil
}

// coverageLine says a season's coverage in one sentence: how many of the
// open premises had no recorded visit, in the season going on (now) or in
// the latest one.
func coverageLine(t func(string, ...any) string, cov premises.Coverage, period premises.Period, now bool) string {
	n := len(cov.NotVisited)
	switch {
	case cov.PremisesTotal == 0:
		return t("premises.start.empty")
	case now && n == 0:
		return t("premises.start.all_visited_now", cov.PremisesTotal)
	case now:
		return t("premises.start.not_visited_now", n, cov.PremisesTotal)
	}
	y, ok := seasonStart(period)
	switch {
	case !ok:
		// Not a winter season: the default season always is one, but say
		// the dates rather than nothing.
		return t("premises.start.not_visited_period", n, cov.PremisesTotal, period.From, period.To)
	case n == 0:
		return t("premises.start.all_visited_season", cov.PremisesTotal, y, y+1)
	}
	return t("premises.start.not_visited_season", n, cov.PremisesTotal, y, y+1)
}
