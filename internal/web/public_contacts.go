package web

import (
	"net/http"
	"slices"

	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
)

// Whom is whom a member of the public may ask about the work in a
// municipality, for the public pages that have nothing (yet) to show: a
// page that only says "nothing here" is a dead end.
type Whom struct {
	Municipality municipality.Municipality
	// Bodies names the public bodies that take part, the municipality's
	// own organisations and the police, in the reader's language ("Mora
	// kommun och Polisen, lokalpolisområde Mora"); "" when none does. Only
	// organisations: the people who work in them are not named to the
	// public.
	Bodies string
}

// publicKinds are the kinds of organisation the public may be sent to.
var publicKinds = []string{"municipality", "police"}

// WhomToAsk finds whom the public may ask about the work in m.
func (s *Server) WhomToAsk(r *http.Request, m municipality.Municipality) (Whom, error) {
	page, err := s.orgs.List(r.Context(), org.Filter{MunicipalityCode: m.Code, Limit: 500})
	if err != nil {
		return Whom{}, err
	}
	var names []string
	for _, o := range page.Items {
		if slices.Contains(publicKinds, o.Kind) {
			names = append(names, o.Name)
		}
	}
	return Whom{Municipality: m, Bodies: ListOf(Loc(r), names)}, nil
}

// ListOf joins names as a sentence says them: "A, B och C".
func ListOf(loc *i18n.Localizer, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	out := ""
	for i, n := range names[:len(names)-1] {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out + " " + loc.T("list.and") + " " + names[len(names)-1]
}
