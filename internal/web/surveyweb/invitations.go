package surveyweb

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/survey"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// One-time invitation codes, for the municipality's coordinators: turned
// on and off on the survey's page, made there 1–1000 at a time and shown
// once on a printable page, from which they are downloaded as CSV (the
// codes are sent back with the request: the server keeps only hashes and
// writes only codes it made for the survey). The public form then asks
// for a code; a link may carry it as ?code=.

// setInvitationRequired turns on or off that answers need a code.
func (s *Server) setInvitationRequired(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	on := web.Checkbox(r.PostForm.Get("invitation_required"))
	if _, err := s.surveys.SetInvitationRequired(r.Context(), web.Actor(r), v.ID, on); err != nil {
		return err
	}
	if on {
		s.Flash(r, "survey.flash.codes_on")
	} else {
		s.Flash(r, "survey.flash.codes_off")
	}
	return web.Redirect(w, r, surveyURL(v.ID))
}

type invitationsPage struct {
	Base
	Survey survey.Survey
	Codes  []string
	// Link is the public link a code is appended to.
	Link string
}

// CodeLink is the public link with the code in it.
func (p *invitationsPage) CodeLink(code string) string {
	return p.Link + "?code=" + url.QueryEscape(code)
}

// issueInvitations makes the codes and shows them, once.
func (s *Server) issueInvitations(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	raw := strings.TrimSpace(r.PostForm.Get("invitation_count"))
	count, convErr := strconv.Atoi(raw)
	if convErr != nil {
		count = -1
	}
	codes, err := s.surveys.IssueInvitations(r.Context(), web.Actor(r), v.ID, count)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		errs := validation.Errors{}
		for name, m := range ve.Fields {
			errs.Add("invitation_"+name, m.Key, m.Args...)
		}
		return s.renderView(w, r, http.StatusUnprocessableEntity, v, url.Values{"invitation_count": {raw}}, errs)
	}
	if err != nil {
		return err
	}
	if v, err = s.surveys.ByID(r.Context(), v.ID); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	p := &invitationsPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Survey: v, Codes: codes, Link: s.publicURL(v)}
	return s.RenderStatus(w, r, http.StatusOK, "survey_invitations", p, "survey.codes.title", v.Title)
}

// invitationsCSV writes the codes sent back from the page as CSV: the
// code and the link with it. Only codes made for the survey are written.
func (s *Server) invitationsCSV(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	codes, err := s.surveys.IssuedCodes(r.Context(), v.ID, r.PostForm["code"])
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	link := s.publicURL(v)
	w.Header().Set("Cache-Control", "no-store")
	out := web.NewDownload(w, "text/csv; charset=utf-8", loc.T("survey.codes.file", strconv.FormatInt(v.ID, 10))+".csv")
	cw, err := export.NewCSV(out)
	if err != nil {
		return err
	}
	if err := cw.Write(loc.T("survey.codes.code"), loc.T("survey.codes.link")); err != nil {
		return err
	}
	for _, c := range codes {
		if err := cw.Write(c, link+"?code="+url.QueryEscape(c)); err != nil {
			return err
		}
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	return out.Close()
}

// invitationsIn is the body of POST /api/v1/surveys/{id}/invitations.
type invitationsIn struct {
	Count int `json:"count"`
}

// invitationsOut are the codes made, shown this once, and the survey's
// counts after.
type invitationsOut struct {
	Codes       []string           `json:"codes"`
	Invitations survey.Invitations `json:"invitations"`
	Required    bool               `json:"invitation_required"`
}

func (s *Server) apiIssueInvitations(w http.ResponseWriter, r *http.Request) error {
	v, err := s.managedSurvey(r)
	if err != nil {
		return err
	}
	var in invitationsIn
	if err := web.DecodeJSON(w, r, &in); err != nil {
		return err
	}
	codes, err := s.surveys.IssueInvitations(r.Context(), web.Actor(r), v.ID, in.Count)
	if err != nil {
		return err
	}
	if v, err = s.surveys.ByID(r.Context(), v.ID); err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, invitationsOut{Codes: codes, Invitations: v.Invitations, Required: v.InvitationRequired})
	return nil
}
