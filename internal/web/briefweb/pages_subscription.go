package briefweb

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/brief"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// Which weekly briefs a user gets: everyone in an organisation that works
// in a municipality gets its brief until they opt out, and may put some of
// its areas first. Every signed-in user has the page; one in no
// organisation is told so.

type subscriptionsPage struct {
	Base
	Municipalities []subscriptionView
}

type subscriptionView struct {
	Code, Name string
	Subscribed bool
	Areas      []areaChoice
}

type areaChoice struct {
	ID     int64
	Name   string
	Chosen bool
}

// AreaValue is the form value of an area of a municipality: "2023:12".
func (a areaChoice) Value(code string) string { return code + ":" + strconv.FormatInt(a.ID, 10) }

// subscriptionCodes are the municipalities the user's organisations work
// in: the briefs they may subscribe to.
func subscriptionCodes(r *http.Request) []string {
	var codes []string
	for _, m := range web.Principal(r).Memberships {
		for _, c := range m.MunicipalityCodes {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	return codes
}

func (s *Server) subscriptionsView(r *http.Request, subs map[string]brief.Subscription) (*subscriptionsPage, error) {
	page := &subscriptionsPage{}
	munis, err := s.MunicipalitiesByCode(r, subscriptionCodes(r))
	if err != nil {
		return nil, err
	}
	for _, m := range munis {
		sub := brief.SubscriptionOf(subs, m.Code)
		v := subscriptionView{Code: m.Code, Name: m.Name, Subscribed: sub.Subscribed}
		areas, err := s.reports.Areas(r.Context(), m.Code)
		if err != nil {
			return nil, err
		}
		for _, a := range areas {
			v.Areas = append(v.Areas, areaChoice{ID: a.ID, Name: a.Name, Chosen: slices.Contains(sub.AreaIDs, a.ID)})
		}
		page.Municipalities = append(page.Municipalities, v)
	}
	return page, nil
}

func (s *Server) subscriptionsPage(w http.ResponseWriter, r *http.Request) error {
	subs, err := s.briefs.Subscriptions(r.Context(), web.Principal(r).User.ID)
	if err != nil {
		return err
	}
	page, err := s.subscriptionsView(r, subs)
	if err != nil {
		return err
	}
	return s.Render(w, r, "subscriptions", page, "brief.subscriptions.title")
}

// saveSubscriptions stores the choices of the municipalities the form
// showed (the hidden "shown" fields), so that an unticked box, which a
// browser does not send, still counts, and a municipality the form did
// not show keeps its choice. "none" opts out of every one shown.
func (s *Server) saveSubscriptions(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	allowed := subscriptionCodes(r)
	none := f.Get("none") != ""
	var subs []brief.Subscription
	var e validation.Errors
	for _, code := range f["shown"] {
		if !slices.Contains(allowed, code) {
			e.Add("municipality_code", "error.brief_not_working_there")
			continue
		}
		sub := brief.Subscription{MunicipalityCode: code, Subscribed: !none && slices.Contains(f["subscribed"], code)}
		for _, v := range f["area"] {
			c, idText, ok := strings.Cut(v, ":")
			if !ok || c != code {
				continue
			}
			id, err := strconv.ParseInt(idText, 10, 64)
			if err != nil {
				e.Add("areas", "error.area_unknown")
				continue
			}
			sub.AreaIDs = append(sub.AreaIDs, id)
		}
		subs = append(subs, sub)
	}
	err := e.Err()
	if err == nil {
		err = s.briefs.SetSubscriptions(r.Context(), web.Actor(r), web.Principal(r).User.ID, allowed, subs)
	}
	var ve *validation.Error
	if errors.As(err, &ve) {
		current, err := s.briefs.Subscriptions(r.Context(), web.Principal(r).User.ID)
		if err != nil {
			return err
		}
		page, err := s.subscriptionsView(r, current)
		if err != nil {
			return err
		}
		page.SetErrors([]string{"municipality_code", "areas"}, f, ve.Fields)
		return s.RenderStatus(w, r, http.StatusUnprocessableEntity, "subscriptions", page, "brief.subscriptions.title")
	}
	if err != nil {
		return err
	}
	if len(subs) > 0 {
		key := "brief.flash.subscriptions_saved"
		if none {
			key = "brief.flash.unsubscribed"
		}
		s.Flash(r, key)
	}
	return web.Redirect(w, r, "/account/subscriptions")
}
