package activityweb

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The trainings of a municipality (Responsible Alcohol Service, narcotics)
// with their participants per premises, and which premises have staff
// trained: what the alcohol officer follows up.

type trainingsPage struct {
	areaPage
	Municipalities []web.Option
	Municipality   municipality.Municipality
	Trainings      []activity.Activity
	Premises       []activity.TrainedPremises
	// Trained counts the premises with trained staff.
	Trained   int
	Since     string
	CanCreate bool
	// More is the full list of trainings when it is longer than shown.
	More string
}

// maxTrainingsShown is how many trainings the page lists; the list of
// activities has the rest.
const maxTrainingsShown = 50

func (s *Server) trainingsPage(w http.ResponseWriter, r *http.Request) error {
	loc := web.Loc(r)
	p := &trainingsPage{areaPage: newAreaPage(r, "activity"), CanCreate: web.Principal(r).Can(auth.PermActivityWrite)}
	munis, err := s.activityMunicipalities(r)
	if err != nil {
		return err
	}
	sc := activity.ScopeOf(web.Principal(r))
	for _, m := range munis {
		if sc.All || slices.Contains(sc.Municipalities, m.Code) {
			p.Municipalities = append(p.Municipalities, web.Option{Value: m.Code, Label: m.Name})
		}
	}
	q := r.URL.Query()
	values := url.Values{}
	code := strings.TrimSpace(q.Get("municipality_code"))
	if code == "" && len(p.Municipalities) > 0 {
		code = p.Municipalities[0].Value
	}
	values.Set("municipality_code", code)
	var e validation.Errors
	since := activityFilterTime(q, "since", loc.Zone(), false, &e)
	if v := strings.TrimSpace(q.Get("since")); v != "" {
		values.Set("since", v)
	}
	i := slices.IndexFunc(p.Municipalities, func(o web.Option) bool { return o.Value == code })
	switch {
	case code == "":
		// No municipality to show: the page says so.
	case i < 0:
		e.Add("municipality_code", "error.activity_municipality_not_yours")
	default:
		i := slices.IndexFunc(munis, func(m municipality.Municipality) bool { return m.Code == code })
		p.Municipality = munis[i]
	}
	p.SetErrors([]string{"municipality_code", "since"}, values, e)
	if len(e) > 0 {
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "activity_trainings", p, "activity.trainings.title")
	}
	if p.Municipality.Code == "" {
		return s.Render(w, r, "activity_trainings", p, "activity.trainings.title")
	}
	f := activity.Filter{Scope: sc, MunicipalityCode: code, Kind: activity.KindTraining, From: since, Limit: maxTrainingsShown}
	page, err := s.activities.List(r.Context(), f)
	if err != nil {
		return err
	}
	p.Trainings = page.Items
	if page.Next != "" {
		p.More = "/activities?" + url.Values{"municipality_code": {code}, "kind": {activity.KindTraining}}.Encode()
	}
	if p.Premises, err = s.activities.TrainedPremises(r.Context(), code, since); err != nil {
		return err
	}
	for _, tp := range p.Premises {
		if tp.Trainings > 0 {
			p.Trained++
		}
	}
	if !since.IsZero() {
		p.Since = loc.Date(since)
	}
	return s.Render(w, r, "activity_trainings", p, "activity.trainings.title")
}

// LastTrained writes when a premises last had staff at a training.
func (p *trainingsPage) LastTrained(t *time.Time) string {
	if t == nil {
		return ""
	}
	return p.Date(*t)
}

// TopicNames writes a premises' topics in words.
func (p *trainingsPage) TopicNames(topics []string) string {
	names := make([]string, len(topics))
	for i, t := range topics {
		names[i] = p.TopicName(t)
	}
	return strings.Join(names, ", ")
}
