package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// The choices that the lists and forms of several areas offer in a select:
// municipalities and organisations, and the filter of a list as it was
// asked for.

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
