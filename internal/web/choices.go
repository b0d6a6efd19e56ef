package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// The choices that the lists and forms of several areas offer in a select:
// municipalities and organisations, the organisations a user logs
// activities and meetings for, and the filter of a list as it was asked for.

// MunicipalityChoices are the municipalities of list as the options of a
// select, after the options first (such as "all" or "choose").
func MunicipalityChoices(list []municipality.Municipality, first ...Option) []Option {
	out := slices.Clone(first)
	for _, m := range list {
		out = append(out, Option{Value: m.Code, Label: m.Name})
	}
	return out
}

// OrganizationChoices are the organisations of list as the options of a
// select, after the options first.
func OrganizationChoices(list []org.Organization, first ...Option) []Option {
	out := slices.Clone(first)
	for _, o := range list {
		out = append(out, Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return out
}

// FilterValues are the fields of a list's filter that the query gives,
// trimmed; fields left empty are left out.
func FilterValues(q url.Values, fields []string) url.Values {
	values := url.Values{}
	for _, f := range fields {
		if v := strings.TrimSpace(q.Get(f)); v != "" {
			values.Set(f, v)
		}
	}
	return values
}

// activityWriter is whom the user logs activities and meetings for: the
// organisations they write for and the municipalities those work in.
type activityWriter struct {
	All  bool               // an administrator writes for every organisation
	Orgs []org.Organization // every organisation, by name
	Mine []int64            // the organisations the user writes for
	// Codes are the municipalities the organisations of Mine work in; nil
	// when All.
	Codes []string
	// Municipalities are those of Codes in use, by name: every one in use
	// when All.
	Municipalities []municipality.Municipality
}

func (s *Server) activityWriterOf(r *http.Request) (activityWriter, error) {
	all, writable := activity.WritableOrganizations(Principal(r))
	orgs, err := s.activityAllOrganizations(r)
	if err != nil {
		return activityWriter{}, err
	}
	aw := activityWriter{All: all, Orgs: orgs}
	for _, o := range orgs {
		if all || slices.Contains(writable, o.ID) {
			aw.Mine = append(aw.Mine, o.ID)
			for _, c := range o.MunicipalityCodes {
				if !slices.Contains(aw.Codes, c) {
					aw.Codes = append(aw.Codes, c)
				}
			}
		}
	}
	if all {
		aw.Codes = nil
	}
	munis, err := s.municipalities.InUse(r.Context())
	if err != nil {
		return activityWriter{}, err
	}
	if aw.Codes != nil {
		munis = slices.DeleteFunc(munis, func(m municipality.Municipality) bool { return !slices.Contains(aw.Codes, m.Code) })
	}
	aw.Municipalities = munis
	return aw, nil
}

// organizationField fills in the organisation of a new record: the user's
// only organisation, named and set in values, or else the choice among
// theirs.
func (aw activityWriter) organizationField(loc *i18n.Localizer, values url.Values) (name string, choices []Option) {
	if len(aw.Mine) == 1 {
		i := slices.IndexFunc(aw.Orgs, func(o org.Organization) bool { return o.ID == aw.Mine[0] })
		values.Set("organization_id", strconv.FormatInt(aw.Mine[0], 10))
		return aw.Orgs[i].Name, nil
	}
	mine := slices.DeleteFunc(slices.Clone(aw.Orgs), func(o org.Organization) bool { return !slices.Contains(aw.Mine, o.ID) })
	return "", OrganizationChoices(mine, Option{Value: "", Label: loc.T("form.choose")})
}

// municipalityField offers the municipalities the user logs for, after the
// choice to let the organisation decide.
func (aw activityWriter) municipalityField(loc *i18n.Localizer) []Option {
	return MunicipalityChoices(aw.Municipalities, Option{Value: "", Label: loc.T("activity.form.municipality_auto")})
}
