package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/municipality"
)

// UserOrganizationIDs are the organisations the user takes part as,
// where their role is more than reporting.
func UserOrganizationIDs(p *auth.Principal) []int64 {
	var ids []int64
	if p == nil {
		return nil
	}
	for _, m := range p.Memberships {
		if m.Role != auth.RoleReporter {
			ids = append(ids, m.OrganizationID)
		}
	}
	return ids
}

// MunicipalitiesByCode returns the municipalities with the codes, by name.
func (s *Server) MunicipalitiesByCode(r *http.Request, codes []string) ([]municipality.Municipality, error) {
	all, err := s.municipalities.List(r.Context())
	if err != nil {
		return nil, err
	}
	var out []municipality.Municipality
	for _, m := range all {
		if slices.Contains(codes, m.Code) {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b municipality.Municipality) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

func (s *Server) MunicipalityNames(r *http.Request) (map[string]string, error) {
	all, err := s.municipalities.List(r.Context())
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(all))
	for _, m := range all {
		names[m.Code] = m.Name
	}
	return names, nil
}

// MunicipalityOptions lists every municipality, grouped by county, for a
// select.
func (s *Server) MunicipalityOptions(r *http.Request) ([]Option, error) {
	all, err := s.municipalities.List(r.Context())
	if err != nil {
		return nil, err
	}
	return MunicipalityOptionsOf(all), nil
}

func MunicipalityOptionsOf(all []municipality.Municipality) []Option {
	opts := make([]Option, len(all))
	for i, m := range all {
		opts[i] = Option{Value: m.Code, Label: m.Name + " (" + m.Code + ")", Group: m.CountyName}
	}
	return opts
}

// PathMunicipality returns the code of the path, or not found.
func PathMunicipality(r *http.Request) (string, error) {
	code := r.PathValue("code")
	if !municipality.ValidCode(code) {
		return "", ErrNotFound
	}
	return code, nil
}

// publicMunicipality returns the municipality of the path, or not found.
func (s *Server) PublicMunicipality(r *http.Request) (municipality.Municipality, error) {
	code := r.PathValue("code")
	if !municipality.ValidCode(code) {
		return municipality.Municipality{}, ErrNotFound
	}
	return s.municipalities.ByCode(r.Context(), code)
}

type MunicipalityJSON struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	CountyCode string `json:"county_code"`
	CountyName string `json:"county_name"`
}

func ToMunicipalityJSON(m municipality.Municipality) MunicipalityJSON {
	return MunicipalityJSON{Code: m.Code, Name: m.Name, CountyCode: m.CountyCode, CountyName: m.CountyName}
}
