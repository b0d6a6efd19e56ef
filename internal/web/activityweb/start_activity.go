package activityweb

import (
	"net/http"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// startActionsShown is how many open action items the start page lists;
// the meetings list the rest.
const startActionsShown = 20

// startActionsView is the start page's section of open action items.
type startActionsView struct {
	Items []startAction
	// More counts the open items not listed.
	More int
}

// startAction is an open action item as the start page shows it.
type startAction struct {
	activity.OpenAction
	Overdue bool
	// CanMark is set when the user may mark the item done.
	CanMark bool
}

// startActions returns what the start page shows of the action items of
// meetings that the user's organisations own and have not done yet, for
// the partial "start_actions"; nil when there are none to show.
func (s *Server) startActions(r *http.Request) (any, error) {
	p := web.Principal(r)
	open, err := s.activities.OpenActions(r.Context(), activity.OrganizationsOf(p))
	if err != nil || len(open) == 0 {
		return nil, err
	}
	today := s.clock.Now().In(web.Loc(r).Zone()).Format(validation.DateLayout)
	v := &startActionsView{}
	for i, a := range open {
		if i == startActionsShown {
			v.More = len(open) - i
			break
		}
		v.Items = append(v.Items, startAction{OpenAction: a, Overdue: a.DueOn != "" && a.DueOn < today,
			CanMark: activity.CanMarkAction(p, a.Meeting(), a.Action)})
	}
	return v, nil
}
