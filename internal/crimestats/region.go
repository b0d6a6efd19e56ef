package crimestats

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/samverkan/samverkan/internal/municipality"
)

// RegionKind says what a region of a series is.
type RegionKind string

// The kinds of region Brå publishes that the product keeps: a kommun, a
// län and the whole country. Police regions and areas are not kept.
const (
	Municipality RegionKind = "municipality"
	County       RegionKind = "county"
	Country      RegionKind = "country"
)

// CountryCode is the region code of the whole country.
const CountryCode = "SE"

// Region is a municipality (Code is its kommunkod, 2062), a county (its
// länskod, 20) or the country (SE).
type Region struct {
	Kind RegionKind `json:"kind"`
	Code string     `json:"code"`
	Name string     `json:"name"`
}

// Regions matches the names and codes of a file to regions: the 290
// municipalities of SCB's list by code and by name (with the spelling
// variants of Brå's and the municipalities' own usage: "Malung-Sälens
// kommun", "Mora kommun", "Upplands-Väsby", "Stockholms stad"), their
// counties ("Dalarnas län", "Dalarna", "20") and the country ("Riket",
// "Hela landet", "Sverige").
type Regions struct {
	byName map[string]Region
	byCode map[string]Region
	county map[string]string // municipality code → county code
}

var leadingCode = regexp.MustCompile(`^([0-9]{4}|[0-9]{2})(?:\s*[-–:]?\s+|$)`)

// LoadRegions builds the matcher from the shipped municipality list.
func LoadRegions() (*Regions, error) {
	all, err := municipality.All()
	if err != nil {
		return nil, err
	}
	r := &Regions{byName: map[string]Region{}, byCode: map[string]Region{}, county: map[string]string{}}
	country := Region{Kind: Country, Code: CountryCode, Name: "Riket"}
	r.byCode[CountryCode] = country
	for _, n := range []string{"riket", "hela landet", "sverige", "hela riket", "sweden", "whole country"} {
		r.byName[n] = country
	}
	for _, m := range all {
		mr := Region{Kind: Municipality, Code: m.Code, Name: m.Name}
		r.byCode[m.Code] = mr
		r.byName[normalize(m.Name)] = mr
		r.county[m.Code] = m.CountyCode
		cr := Region{Kind: County, Code: m.CountyCode, Name: m.CountyName}
		r.byCode[m.CountyCode] = cr
		cn := normalize(m.CountyName)
		r.byName[cn] = cr
		// "Dalarnas län" → "Dalarna", "Dalarnas"; "Skåne län" → "Skåne".
		base := strings.TrimSuffix(cn, " län")
		r.byName[base+" lan"] = cr
		if _, taken := r.byName[base]; !taken {
			r.byName[base] = cr
		}
		if strings.HasSuffix(base, "s") {
			if _, taken := r.byName[strings.TrimSuffix(base, "s")]; !taken {
				r.byName[strings.TrimSuffix(base, "s")] = cr
			}
		}
	}
	return r, nil
}

// Match finds the region a file names, or reports false.
func (r *Regions) Match(name string) (Region, bool) {
	name = strings.TrimSpace(name)
	if m := leadingCode.FindStringSubmatch(name); m != nil {
		if reg, ok := r.byCode[m[1]]; ok {
			return reg, true
		}
		return Region{}, false
	}
	n := normalize(name)
	if reg, ok := r.byName[n]; ok {
		return reg, true
	}
	// "Mora kommun", "Malung-Sälens kommun", "Stockholms stad",
	// "Region Gotland", "Dalarnas läns".
	for _, suffix := range []string{" kommun", " stad", " municipality", " kommune"} {
		if s, ok := strings.CutSuffix(n, suffix); ok {
			if reg, ok := r.byName[s]; ok && reg.Kind == Municipality {
				return reg, true
			}
			if s2, ok := strings.CutSuffix(s, "s"); ok {
				if reg, ok := r.byName[s2]; ok && reg.Kind == Municipality {
					return reg, true
				}
			}
			return Region{}, false
		}
	}
	// "Region Stockholm" and the other police regions are not kept; of
	// the "Region …" names only Gotland is a municipality.
	if n == "region gotland" {
		return r.byName["gotland"], true
	}
	return Region{}, false
}

// CountyOf returns the county code of a municipality.
func (r *Regions) CountyOf(code string) string { return r.county[code] }

// ByCode returns the region with code (a kommunkod, a länskod or SE).
func (r *Regions) ByCode(code string) (Region, bool) {
	reg, ok := r.byCode[code]
	return reg, ok
}

// normalize lowercases a name and makes hyphens, dashes and runs of spaces
// one space: "Upplands-Väsby" and "Upplands Väsby" are the same.
func normalize(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	var b strings.Builder
	space := false
	for _, c := range s {
		if c == '-' || c == '–' || c == '—' || unicode.IsSpace(c) || c == '\u00a0' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(c)
	}
	return b.String()
}
