package promiseweb

import (
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/promise"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The pages where coordinators make agreements and promises, and where the
// parties record the status of their commitments. The public pages of a
// promise are in public_promise.go.

// --- Agreements ------------------------------------------------------------

type agreementListPage struct {
	Base
	Agreements []promise.Agreement
	Names      map[string]string
	CanCreate  bool
	Pager      web.Pager
}

func (s *Server) agreementsPage(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	page, err := s.promises.Agreements(r.Context(), promise.AgreementFilter{Scope: promise.ScopeOf(p), Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	return s.Render(w, r, "agreement_list", &agreementListPage{Agreements: page.Items, Names: names,
		CanCreate: p.Can(auth.PermAgreementWrite), Pager: web.PagerFor(r, page.Next, len(page.Items))}, "agreement.list.title")
}

type agreementPage struct {
	Base
	Agreement    promise.Agreement
	Municipality string
	CanEdit      bool
	Promises     []promise.Promise
}

func (s *Server) agreementPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.readableAgreement(r)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	promises, err := s.promises.List(r.Context(), promise.Filter{Scope: promise.ScopeOf(web.Principal(r)), Public: true, MunicipalityCode: a.MunicipalityCode, Limit: 500})
	if err != nil {
		return err
	}
	p := &agreementPage{Agreement: a, Municipality: names[a.MunicipalityCode], CanEdit: promise.CanManage(web.Principal(r), a.MunicipalityCode)}
	for _, pr := range promises.Items {
		if pr.AgreementID == a.ID {
			p.Promises = append(p.Promises, pr)
		}
	}
	return s.Render(w, r, "agreement_view", p, "agreement.view.title", a.Title)
}

type agreementFormPage struct {
	Base
	Agreement      *promise.Agreement // nil when creating
	Municipalities []web.Option
	Organizations  []web.Option
	PartyRows      []int
	FocusRows      []int
}

// agreementFields are the agreement form's fields in the order shown; the
// rows of parties and focus areas come between them.
var agreementFields = []string{"title", "municipality_code", "parties", "signed_on", "signed_place", "starts_on", "ends_on",
	"purpose", "collaboration", "problem", "documentation", "follow_up", "focus_areas"}

func (s *Server) agreementForm(w http.ResponseWriter, r *http.Request, status int, a *promise.Agreement, values url.Values, errs validation.Errors) error {
	p := &agreementFormPage{Agreement: a}
	var err error
	if p.Municipalities, err = s.managedMunicipalities(r); err != nil {
		return err
	}
	if p.Organizations, err = s.organizationOptions(r); err != nil {
		return err
	}
	p.PartyRows = web.FormRows(values, "parties", "organization_id", 3, values.Get("more") != "")
	p.FocusRows = web.FormRows(values, "focus_areas", "title", 3, values.Get("more") != "")
	p.SetErrors(withRows(agreementFields, map[string][]string{
		"parties":     web.RowFields("parties", len(p.PartyRows), "organization_id", "signatory_title", "signatory_name"),
		"focus_areas": web.RowFields("focus_areas", len(p.FocusRows), "title", "description"),
	}), values, errs)
	title := "agreement.new.title"
	if a != nil {
		title = "agreement.edit.title"
	}
	return s.RenderStatus(w, r, status, "agreement_form", p, title)
}

func (s *Server) newAgreementPage(w http.ResponseWriter, r *http.Request) error {
	values := url.Values{}
	if codes := promise.ScopeOf(web.Principal(r)).Municipalities; len(codes) == 1 {
		values.Set("municipality_code", codes[0])
	}
	return s.agreementForm(w, r, http.StatusOK, nil, values, nil)
}

func agreementInputOf(f url.Values) promise.AgreementInput {
	in := promise.AgreementInput{
		Title: f.Get("title"), MunicipalityCode: f.Get("municipality_code"), SignedOn: f.Get("signed_on"), SignedPlace: f.Get("signed_place"),
		StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on"), Purpose: f.Get("purpose"), Collaboration: f.Get("collaboration"),
		Problem: f.Get("problem"), Documentation: f.Get("documentation"), FollowUp: f.Get("follow_up"),
		Parties: partyRowsOf(f), Choice: web.PersonalDataChoice(f),
	}
	for i := range web.CountRows(f, "focus_areas", "title") {
		in.FocusAreas = append(in.FocusAreas, promise.FocusAreaInput{
			Title: f.Get(web.RowName("focus_areas", i, "title")), Description: f.Get(web.RowName("focus_areas", i, "description"))})
	}
	return in
}

func agreementValues(a promise.Agreement) url.Values {
	in := promise.AgreementInputOf(a)
	v := url.Values{"title": {in.Title}, "municipality_code": {in.MunicipalityCode}, "signed_on": {in.SignedOn},
		"signed_place": {in.SignedPlace}, "starts_on": {in.StartsOn}, "ends_on": {in.EndsOn}, "purpose": {in.Purpose},
		"collaboration": {in.Collaboration}, "problem": {in.Problem}, "documentation": {in.Documentation}, "follow_up": {in.FollowUp}}
	setPartyValues(v, in.Parties)
	for i, f := range in.FocusAreas {
		v.Set(web.RowName("focus_areas", i, "title"), f.Title)
		v.Set(web.RowName("focus_areas", i, "description"), f.Description)
	}
	return v
}

func (s *Server) createAgreement(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("more") != "" {
		return s.agreementForm(w, r, http.StatusOK, nil, r.PostForm, nil)
	}
	in := agreementInputOf(r.PostForm)
	if err := mayManage(r, in.MunicipalityCode); err != nil {
		return err
	}
	a, err := s.promises.CreateAgreement(r.Context(), web.Actor(r), in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(r.PostForm, promiseFreeText)
		return s.agreementForm(w, r, http.StatusUnprocessableEntity, nil, r.PostForm, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "agreement.created")
	return web.Redirect(w, r, "/agreements/"+strconv.FormatInt(a.ID, 10))
}

// managedAgreement returns the agreement of the path when the user may
// change it.
func (s *Server) managedAgreement(r *http.Request) (promise.Agreement, error) {
	a, err := s.readableAgreement(r)
	if err != nil {
		return a, err
	}
	return a, mayManage(r, a.MunicipalityCode)
}

func (s *Server) editAgreementPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.managedAgreement(r)
	if err != nil {
		return err
	}
	return s.agreementForm(w, r, http.StatusOK, &a, agreementValues(a), nil)
}

func (s *Server) updateAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := s.managedAgreement(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("more") != "" {
		return s.agreementForm(w, r, http.StatusOK, &a, r.PostForm, nil)
	}
	in := agreementInputOf(r.PostForm)
	if err := mayManage(r, in.MunicipalityCode); err != nil {
		return err
	}
	_, err = s.promises.UpdateAgreement(r.Context(), web.Actor(r), a.ID, in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(r.PostForm, promiseFreeText)
		return s.agreementForm(w, r, http.StatusUnprocessableEntity, &a, r.PostForm, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "agreement.saved")
	return web.Redirect(w, r, "/agreements/"+strconv.FormatInt(a.ID, 10))
}

type agreementHistoryPage struct {
	Base
	Agreement promise.Agreement
	Versions  []versionView
}

type versionView struct {
	promise.Version
	Changes []changeView
}

type changeView struct {
	Label, Before, After string
}

func (s *Server) agreementHistoryPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.readableAgreement(r)
	if err != nil {
		return err
	}
	versions, err := s.promises.Versions(r.Context(), a.ID)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	p := &agreementHistoryPage{Agreement: a}
	for i, v := range versions {
		vv := versionView{Version: v}
		if i+1 < len(versions) {
			for _, c := range promise.Changes(versions[i+1].Agreement, v.Agreement) {
				vv.Changes = append(vv.Changes, changeView{Label: loc.T("field." + c.Field), Before: c.Before, After: c.After})
			}
		}
		p.Versions = append(p.Versions, vv)
	}
	return s.Render(w, r, "agreement_history", p, "agreement.history.title", a.Title)
}

// --- Promises --------------------------------------------------------------

type promiseListPage struct {
	Base
	Promises  []promise.Promise
	Names     map[string]string
	CanCreate bool
	Pager     web.Pager
}

// promisesPage lists the promises the user works with: drafts included.
func (s *Server) promisesPage(w http.ResponseWriter, r *http.Request) error {
	p := web.Principal(r)
	page, err := s.promises.List(r.Context(), promise.Filter{Scope: promise.ScopeOf(p), Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	return s.Render(w, r, "promise_list", &promiseListPage{Promises: page.Items, Names: names,
		CanCreate: p.Can(auth.PermPromiseWrite), Pager: web.PagerFor(r, page.Next, len(page.Items))}, "promise.list.title")
}

type promiseFormPage struct {
	Base
	Promise        *promise.Promise // nil when creating
	Municipalities []web.Option
	Organizations  []web.Option
	Agreements     []web.Option
	PartyRows      []int
	CommitmentRows []int
}

// Channels are the rows of the ways to make the promise known.
func (p *promiseFormPage) Channels() []channelRow {
	var rows []channelRow
	for i, c := range promise.Channels {
		row := channelRow{Planned: p.RowField("communication", i, "channel", "checkbox"), DoneOn: p.RowField("communication", i, "done_on", "date")}
		row.Planned.Label = p.ChannelName(c)
		row.DoneOn.Label = p.T("channel.done_on", row.Planned.Label)
		rows = append(rows, row)
	}
	return rows
}

// channelRow is a way to make the promise known: ticked when planned, with
// the date it was done.
type channelRow struct {
	Planned, DoneOn web.FieldView
}

var promiseFields = []string{"title", "municipality_code", "agreement_id", "starts_on", "ends_on", "period_label", "problem",
	"effect", "follow_up", "party_ids", "parties", "signed_on", "signed_place", "communication", "commitments"}

var commitmentRowFields = []string{"id", "organization_id", "text", "target", "unit", "measure", "due_on", "responsible"}

func (s *Server) promiseForm(w http.ResponseWriter, r *http.Request, status int, pr *promise.Promise, values url.Values, errs validation.Errors) error {
	p := &promiseFormPage{Promise: pr}
	var err error
	if p.Municipalities, err = s.managedMunicipalities(r); err != nil {
		return err
	}
	if p.Organizations, err = s.organizationOptions(r); err != nil {
		return err
	}
	loc := web.Loc(r)
	agreements, err := s.promises.Agreements(r.Context(), promise.AgreementFilter{Scope: promise.ScopeOf(web.Principal(r)), Limit: 500})
	if err != nil {
		return err
	}
	p.Agreements = []web.Option{{Value: "", Label: loc.T("promise.no_agreement")}}
	for _, a := range agreements.Items {
		p.Agreements = append(p.Agreements, web.Option{Value: strconv.FormatInt(a.ID, 10), Label: a.Title})
	}
	more := values.Get("more") != ""
	p.PartyRows = web.FormRows(values, "parties", "organization_id", 2, more)
	p.CommitmentRows = web.FormRows(values, "commitments", "organization_id", 3, more)
	p.SetErrors(withRows(promiseFields, map[string][]string{
		"parties":       web.RowFields("parties", len(p.PartyRows), "organization_id", "signatory_title", "signatory_name"),
		"communication": web.RowFields("communication", len(promise.Channels), "channel", "done_on"),
		"commitments":   web.RowFields("commitments", len(p.CommitmentRows), commitmentRowFields...),
	}), values, errs)
	title := "promise.new.title"
	if pr != nil {
		title = "promise.edit.title"
	}
	return s.RenderStatus(w, r, status, "promise_form", p, title)
}

func (s *Server) newPromisePage(w http.ResponseWriter, r *http.Request) error {
	values := url.Values{}
	if codes := promise.ScopeOf(web.Principal(r)).Municipalities; len(codes) == 1 {
		values.Set("municipality_code", codes[0])
	}
	return s.promiseForm(w, r, http.StatusOK, nil, values, nil)
}

func promiseInputOf(f url.Values) promise.Input {
	in := promise.Input{
		Title: f.Get("title"), MunicipalityCode: f.Get("municipality_code"), AgreementID: f.Get("agreement_id"),
		Problem: f.Get("problem"), Effect: f.Get("effect"), FollowUp: f.Get("follow_up"), StartsOn: f.Get("starts_on"),
		EndsOn: f.Get("ends_on"), PeriodLabel: f.Get("period_label"), SignedOn: f.Get("signed_on"), SignedPlace: f.Get("signed_place"),
		Parties: partyRowsOf(f), Commitments: commitmentRowsOf(f), Choice: web.PersonalDataChoice(f),
	}
	for i, c := range promise.Channels {
		ch := promise.Channel{DoneOn: f.Get(web.RowName("communication", i, "done_on"))}
		if web.Checkbox(f.Get(web.RowName("communication", i, "channel"))) {
			ch.Channel = c
		}
		in.Communication = append(in.Communication, ch)
	}
	return in
}

func promiseValues(p promise.Promise) url.Values {
	in := promise.InputOf(p)
	v := url.Values{"title": {in.Title}, "municipality_code": {in.MunicipalityCode}, "agreement_id": {in.AgreementID},
		"problem": {in.Problem}, "effect": {in.Effect}, "follow_up": {in.FollowUp}, "starts_on": {in.StartsOn}, "ends_on": {in.EndsOn},
		"period_label": {in.PeriodLabel}, "signed_on": {in.SignedOn}, "signed_place": {in.SignedPlace}}
	setPartyValues(v, in.Parties)
	setCommitmentValues(v, in.Commitments)
	for _, c := range in.Communication {
		i := slices.Index(promise.Channels, c.Channel)
		v.Set(web.RowName("communication", i, "channel"), "on")
		v.Set(web.RowName("communication", i, "done_on"), c.DoneOn)
	}
	return v
}

func (s *Server) createPromise(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("more") != "" {
		return s.promiseForm(w, r, http.StatusOK, nil, r.PostForm, nil)
	}
	in := promiseInputOf(r.PostForm)
	if err := mayManage(r, in.MunicipalityCode); err != nil {
		return err
	}
	p, err := s.promises.Create(r.Context(), web.Actor(r), in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(r.PostForm, promiseFreeText)
		return s.promiseForm(w, r, http.StatusUnprocessableEntity, nil, r.PostForm, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "promise.created")
	return web.Redirect(w, r, promiseURL(p.ID))
}

func (s *Server) editPromisePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	return s.promiseForm(w, r, http.StatusOK, &p, promiseValues(p), nil)
}

func (s *Server) updatePromise(w http.ResponseWriter, r *http.Request) error {
	p, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	if r.PostForm.Get("more") != "" {
		return s.promiseForm(w, r, http.StatusOK, &p, r.PostForm, nil)
	}
	in := promiseInputOf(r.PostForm)
	if err := mayManage(r, in.MunicipalityCode); err != nil {
		return err
	}
	_, err = s.promises.Update(r.Context(), web.Actor(r), p.ID, in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(r.PostForm, promiseFreeText)
		return s.promiseForm(w, r, http.StatusUnprocessableEntity, &p, r.PostForm, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "promise.saved")
	return web.Redirect(w, r, promiseURL(p.ID))
}

// publishPromise and endPromise answer a refusal (a draft without
// commitments, say) on the error page, which lists what is wrong.
func (s *Server) publishPromise(w http.ResponseWriter, r *http.Request) error {
	p, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	if _, err := s.promises.Publish(r.Context(), web.Actor(r), p.ID); err != nil {
		return err
	}
	s.Flash(r, "promise.published")
	return web.Redirect(w, r, promiseURL(p.ID))
}

func (s *Server) endPromise(w http.ResponseWriter, r *http.Request) error {
	p, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	if _, err := s.promises.End(r.Context(), web.Actor(r), p.ID); err != nil {
		return err
	}
	s.Flash(r, "promise.ended")
	return web.Redirect(w, r, promiseURL(p.ID))
}

type amendmentFormPage struct {
	Base
	Promise        promise.Promise
	Organizations  []web.Option
	PartyRows      []int
	CommitmentRows []int
}

var amendmentFields = []string{"status", "decided_on", "description", "ends_on", "party_ids", "parties", "commitments"}

func (s *Server) amendmentForm(w http.ResponseWriter, r *http.Request, status int, pr promise.Promise, values url.Values, errs validation.Errors) error {
	p := &amendmentFormPage{Promise: pr}
	var err error
	if p.Organizations, err = s.organizationOptions(r); err != nil {
		return err
	}
	more := values.Get("more") != ""
	p.PartyRows = web.FormRows(values, "parties", "organization_id", 2, more)
	p.CommitmentRows = web.FormRows(values, "commitments", "organization_id", 2, more)
	p.SetErrors(withRows(amendmentFields, map[string][]string{
		"parties":     web.RowFields("parties", len(p.PartyRows), "organization_id", "signatory_title", "signatory_name"),
		"commitments": web.RowFields("commitments", len(p.CommitmentRows), commitmentRowFields...),
	}), values, errs)
	return s.RenderStatus(w, r, status, "promise_amend", p, "promise.amend.title", pr.Title)
}

func (s *Server) amendPromisePage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	return s.amendmentForm(w, r, http.StatusOK, p, url.Values{"ends_on": {p.EndsOn}}, nil)
}

func (s *Server) amendPromise(w http.ResponseWriter, r *http.Request) error {
	p, err := s.managedPromise(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("more") != "" {
		return s.amendmentForm(w, r, http.StatusOK, p, f, nil)
	}
	in := promise.AmendmentInput{DecidedOn: f.Get("decided_on"), Description: f.Get("description"), EndsOn: f.Get("ends_on"),
		Parties: partyRowsOf(f), Commitments: commitmentRowsOf(f), Choice: web.PersonalDataChoice(f)}
	_, err = s.promises.Amend(r.Context(), web.Actor(r), p.ID, in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(f, promiseFreeText)
		return s.amendmentForm(w, r, http.StatusUnprocessableEntity, p, f, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "promise.amended")
	return web.Redirect(w, r, promiseURL(p.ID)+"#amendments")
}

// --- The status of a commitment --------------------------------------------

type commitmentStatusPage struct {
	Base
	Promise    promise.Promise
	Commitment promise.Commitment
	Statuses   []web.Option
}

var statusFields = []string{"status", "reason"}

// updatableCommitment returns the commitment of the path and its promise
// when the user may record its status.
func (s *Server) updatableCommitment(r *http.Request) (promise.Commitment, promise.Promise, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return promise.Commitment{}, promise.Promise{}, err
	}
	c, p, err := s.promises.CommitmentWithPromise(r.Context(), id)
	if err != nil {
		return c, p, err
	}
	if !promise.CanRead(web.Principal(r), p) {
		return c, p, web.ErrNotFound
	}
	if !promise.CanUpdateStatus(web.Principal(r), p, c) {
		return c, p, web.ErrForbidden
	}
	return c, p, nil
}

func (s *Server) statusForm(w http.ResponseWriter, r *http.Request, status int, c promise.Commitment, pr promise.Promise, values url.Values, errs validation.Errors) error {
	p := &commitmentStatusPage{Promise: pr, Commitment: c}
	loc := web.Loc(r)
	for _, st := range promise.CommitmentStatuses {
		p.Statuses = append(p.Statuses, web.Option{Value: string(st), Label: loc.T("commitment.status." + string(st))})
	}
	p.SetErrors(statusFields, values, errs)
	return s.RenderStatus(w, r, status, "promise_commitment_status", p, "commitment.status_page.title")
}

func (s *Server) commitmentStatusPage(w http.ResponseWriter, r *http.Request) error {
	c, p, err := s.updatableCommitment(r)
	if err != nil {
		return err
	}
	return s.statusForm(w, r, http.StatusOK, c, p, url.Values{"status": {string(c.Status)}, "reason": {c.Reason}}, nil)
}

func (s *Server) setCommitmentStatus(w http.ResponseWriter, r *http.Request) error {
	c, p, err := s.updatableCommitment(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	_, err = s.promises.SetStatus(r.Context(), web.Actor(r), c.ID, promise.StatusInput{Status: r.PostForm.Get("status"), Reason: r.PostForm.Get("reason"),
		Choice: web.PersonalDataChoice(r.PostForm)})
	var ve *validation.Error
	if errors.As(err, &ve) {
		web.MaskTyped(r.PostForm, promiseFreeText)
		return s.statusForm(w, r, http.StatusUnprocessableEntity, c, p, r.PostForm, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "commitment.status_saved")
	return web.Redirect(w, r, promiseURL(p.ID)+"#c"+strconv.FormatInt(c.ID, 10))
}

// --- Form helpers ------------------------------------------------------------

// promiseFreeText reports whether a value of an agreement's, a promise's,
// an amendment's or a status's form is free text that package promise
// checks for personal data.
func promiseFreeText(name string) bool {
	switch name {
	case "purpose", "collaboration", "problem", "documentation", "follow_up", "effect", "description", "reason":
		return true
	}
	return (strings.HasPrefix(name, "focus_areas.") && strings.HasSuffix(name, ".description")) ||
		(strings.HasPrefix(name, "commitments.") && strings.HasSuffix(name, ".text"))
}

// TextField names a free text in the warning about personal data as the
// error summary does: "Åtagande 2: Text".
func (b *Base) TextField(name string) (web.TextField, bool) {
	label := b.T("field." + name)
	if parts := strings.Split(name, "."); len(parts) == 3 {
		if n, err := strconv.Atoi(parts[1]); err == nil {
			label = b.T("row."+parts[0], n+1) + ": " + b.T("field."+parts[2])
		}
	}
	return web.TextField{ID: web.FieldID(name), Label: label, Text: b.Form.Values.Get(name)}, true
}

func promiseURL(id int64) string { return "/promises/" + strconv.FormatInt(id, 10) }

// managedMunicipalities are the municipalities the user may make
// agreements and promises for: all for administrators.
func (s *Server) managedMunicipalities(r *http.Request) ([]web.Option, error) {
	all, err := s.municipalities.List(r.Context())
	if err != nil {
		return nil, err
	}
	scope := promise.ScopeOf(web.Principal(r))
	opts := []web.Option{{Value: "", Label: web.Loc(r).T("form.choose")}}
	for _, o := range web.MunicipalityOptionsOf(all) {
		if scope.All || slices.Contains(scope.Municipalities, o.Value) {
			opts = append(opts, o)
		}
	}
	return opts, nil
}

// organizationOptions lists every organisation, for choosing parties.
func (s *Server) organizationOptions(r *http.Request) ([]web.Option, error) {
	orgs, err := s.orgs.List(r.Context(), org.Filter{Limit: 500})
	if err != nil {
		return nil, err
	}
	opts := []web.Option{{Value: "", Label: web.Loc(r).T("form.choose")}}
	for _, o := range orgs.Items {
		opts = append(opts, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}
	return opts, nil
}

// withRows puts the row fields of each list after its own name.
func withRows(fields []string, rows map[string][]string) []string {
	var out []string
	for _, f := range fields {
		out = append(out, f)
		out = append(out, rows[f]...)
	}
	return out
}

func partyRowsOf(f url.Values) []promise.PartyInput {
	var out []promise.PartyInput
	for i := range web.CountRows(f, "parties", "organization_id") {
		out = append(out, promise.PartyInput{OrganizationID: f.Get(web.RowName("parties", i, "organization_id")),
			SignatoryTitle: f.Get(web.RowName("parties", i, "signatory_title")), SignatoryName: f.Get(web.RowName("parties", i, "signatory_name"))})
	}
	return out
}

func setPartyValues(v url.Values, parties []promise.PartyInput) {
	for i, p := range parties {
		v.Set(web.RowName("parties", i, "organization_id"), p.OrganizationID)
		v.Set(web.RowName("parties", i, "signatory_title"), p.SignatoryTitle)
		v.Set(web.RowName("parties", i, "signatory_name"), p.SignatoryName)
	}
}

func commitmentRowsOf(f url.Values) []promise.CommitmentInput {
	var out []promise.CommitmentInput
	for i := range web.CountRows(f, "commitments", "organization_id") {
		get := func(name string) string { return f.Get(web.RowName("commitments", i, name)) }
		out = append(out, promise.CommitmentInput{ID: get("id"), OrganizationID: get("organization_id"), Text: get("text"),
			Target: parseTarget(get("target")), Unit: get("unit"), Measure: get("measure"), DueOn: get("due_on"), Responsible: get("responsible")})
	}
	return out
}

// parseTarget reads a number as typed in either language (4, 2,5 or 2.5).
// What is not a number becomes NaN, which validation reports with the
// other errors.
func parseTarget(s string) *float64 {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", ".")
	if s == "" {
		return nil
	}
	n, err := strconv.ParseFloat(s, 64)
	if err != nil {
		n = math.NaN()
	}
	return &n
}

func setCommitmentValues(v url.Values, commitments []promise.CommitmentInput) {
	for i, c := range commitments {
		set := func(name, value string) { v.Set(web.RowName("commitments", i, name), value) }
		set("id", c.ID)
		set("organization_id", c.OrganizationID)
		set("text", c.Text)
		set("unit", c.Unit)
		set("measure", c.Measure)
		set("due_on", c.DueOn)
		set("responsible", c.Responsible)
		if c.Target != nil {
			set("target", strconv.FormatFloat(*c.Target, 'f', -1, 64))
		}
	}
}

// RowField describes an input of row i of a list, labelled by the field's
// own name ("Organisation"); the row's fieldset says which row it is.
func (b *Base) RowField(list string, i int, name, typ string, opts ...string) web.FieldView {
	f := b.Field(web.RowName(list, i, name), typ, opts...)
	f.Label = b.T("field." + name)
	return f
}

// RowSelect is RowField for a select.
func (b *Base) RowSelect(list string, i int, name string, options []web.Option, opts ...string) web.FieldView {
	f := b.Select(web.RowName(list, i, name), options, opts...)
	f.Label = b.T("field." + name)
	return f
}

// MeasureOptions are the ways a commitment's progress is measured, for
// the form's choice.
func (b *Base) MeasureOptions() []web.Option {
	out := make([]web.Option, len(promise.Measures))
	for i, m := range promise.Measures {
		out[i] = web.Option{Value: string(m), Label: b.T("measure." + string(m))}
	}
	return out
}

// RowNumber is the number of row i as people count, from 1.
func (b *Base) RowNumber(i int) int { return i + 1 }

// rowSummary is the error summary of a form with rows: an error of a row's
// field is labelled with the row, "Commitment 2: Text".
func rowSummary(b *Base) []web.SummaryItem {
	items := b.ErrorSummary()
	for i, it := range items {
		name := strings.TrimPrefix(it.Label, "field.")
		parts := strings.Split(name, ".")
		if len(parts) != 3 {
			continue
		}
		n, err := strconv.Atoi(parts[1])
		if err != nil {
			continue
		}
		items[i].Label = b.T("row."+parts[0], n+1) + ": " + b.T("field."+parts[2])
	}
	return items
}

func (p *agreementFormPage) ErrorSummary() []web.SummaryItem { return rowSummary(&p.Base) }
func (p *promiseFormPage) ErrorSummary() []web.SummaryItem   { return rowSummary(&p.Base) }
func (p *amendmentFormPage) ErrorSummary() []web.SummaryItem { return rowSummary(&p.Base) }
