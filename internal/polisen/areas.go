package polisen

import (
	"fmt"
	"strings"

	"github.com/samverkan/samverkan/internal/municipality"
)

// Area is what a place in the feed stands for: a kommun, or a whole county
// when MunicipalityCode is empty.
type Area struct {
	MunicipalityCode string // kommunkod, "2062" for Mora; "" for a county
	CountyCode       string // länskod, "20" for Dalarna
}

// Areas finds the kommun or county that a place name in the feed stands for.
// The zero value and nil find nothing.
type Areas struct {
	exact  map[string]Area // names as SCB writes them, the common case
	folded map[string]Area // by fold(name), for the feed's other spellings
}

// LoadAreas returns the Areas of the kommuner shipped with the product.
func LoadAreas() (*Areas, error) {
	all, err := municipality.All()
	if err != nil {
		return nil, err
	}
	return NewAreas(all)
}

// NewAreas indexes the kommuner of ms and the counties they lie in. It fails
// when the list is inconsistent, since a wrong code would put events in the
// wrong municipality without anyone noticing.
func NewAreas(ms []municipality.Municipality) (*Areas, error) {
	if len(ms) == 0 {
		return nil, fmt.Errorf("polisen: no municipalities to match places against")
	}
	a := &Areas{exact: map[string]Area{}, folded: map[string]Area{}}
	add := func(name string, area Area) error {
		k := fold(name)
		if k == "" {
			return fmt.Errorf("polisen: municipality list: empty name for %+v", area)
		}
		if prev, ok := a.folded[k]; ok && prev != area {
			return fmt.Errorf("polisen: municipality list: %q stands for both %+v and %+v", name, prev, area)
		}
		a.exact[name] = area
		a.folded[k] = area
		return nil
	}
	for _, m := range ms {
		// The first two digits of a kommunkod are its county's code; a list
		// where they differ is broken.
		if !municipality.ValidCode(m.Code) || len(m.CountyCode) != 2 || m.Code[:2] != m.CountyCode {
			return nil, fmt.Errorf("polisen: municipality list: %s has code %q in county %q", m.Name, m.Code, m.CountyCode)
		}
		if err := add(m.Name, Area{MunicipalityCode: m.Code, CountyCode: m.CountyCode}); err != nil {
			return nil, err
		}
		if err := add(m.CountyName, Area{CountyCode: m.CountyCode}); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Find returns the area a place name stands for: "Mora", "Dalarnas län", or
// "Upplands väsby" for Upplands Väsby.
func (a *Areas) Find(name string) (Area, bool) {
	if a == nil {
		return Area{}, false
	}
	if area, ok := a.exact[name]; ok {
		return area, true
	}
	area, ok := a.folded[fold(name)]
	return area, ok
}

// fold makes the spellings the feed uses for one name equal: the feed has
// written "Upplands Väsby" as "Upplands väsby" and "Dals-Ed" as "Dals-ed",
// and both forms of Upplands-Bro occur in the same years. Hyphen and space
// are folded together too because no two kommuner differ by them alone.
func fold(name string) string {
	name = strings.ReplaceAll(strings.ToLower(name), "-", " ")
	return strings.Join(strings.Fields(name), " ")
}
