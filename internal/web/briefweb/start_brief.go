package briefweb

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/web"
)

// startBriefsView is the start page's section of weekly briefs: the
// latest the user received, unread ones marked, with how many of their
// own and their organisation's reports went into each, and how many
// reports each of their organisations sent this season.
type startBriefsView struct {
	Items  []startBriefItem
	Season string
	Orgs   []brief.OrgCount
}

type startBriefItem struct {
	brief.InboxItem
	Municipality string
	URL          string
}

// startBriefCount is how many briefs the start page lists.
const startBriefCount = 5

// startBriefs returns what the start page shows of the latest weekly
// briefs the user receives and of their own reports in them, for the
// partial "start_briefs"; nil when there is nothing to show.
func (s *Server) startBriefs(r *http.Request) (any, error) {
	p := web.Principal(r)
	if !canReadBriefs(p) || len(p.Memberships) == 0 {
		return nil, nil
	}
	var orgIDs []int64
	for _, m := range p.Memberships {
		orgIDs = append(orgIDs, m.OrganizationID)
	}
	items, err := s.briefs.Inbox(r.Context(), p.User.ID, orgIDs, startBriefCount)
	if err != nil {
		return nil, err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return nil, err
	}
	v := &startBriefsView{}
	for _, it := range items {
		v.Items = append(v.Items, startBriefItem{InboxItem: it, Municipality: names[it.MunicipalityCode], URL: briefURL(it.ID)})
	}
	season := brief.SeasonOf(s.clock.Now())
	v.Season = seasonLabel(web.Loc(r), season)
	counts, err := s.briefs.SeasonCounts(r.Context(), orgIDs, season)
	if err != nil {
		return nil, err
	}
	for _, m := range p.Memberships {
		v.Orgs = append(v.Orgs, brief.OrgCount{OrgRef: brief.OrgRef{ID: m.OrganizationID, Name: m.OrganizationName}, Count: counts[m.OrganizationID]})
	}
	return v, nil
}
