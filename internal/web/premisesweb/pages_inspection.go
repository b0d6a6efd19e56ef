package premisesweb

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/export"
	"github.com/samverkan/samverkan/internal/i18n"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/premises"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// Inspections (tillsynsbesök) on the web: the form an alcohol officer
// records a visit with on the spot, on a phone, from the municipality's
// checklist; the inspection with its protocol as a PDF for the licence
// holder; changing and removing one. The municipality records and changes
// inspections, and a party that took part (the police at a joint visit)
// those it took part in (premises.CanWriteInspection).

func inspectionURL(id int64) string { return "/inspections/" + idString(id) }

// readableInspection returns the inspection of the path when the user
// reads its municipality's register; one they may not read is not found.
func (s *Server) readableInspection(r *http.Request) (premises.Inspection, error) {
	return web.ReadableRecord(r, s.premises.Inspection, func(in premises.Inspection) bool { return premises.CanRead(web.Principal(r), in.MunicipalityCode) })
}

// writableInspection returns the inspection of the path when the user
// may change it: forbidden when they only read it.
func (s *Server) writableInspection(r *http.Request) (premises.Inspection, error) {
	in, err := s.readableInspection(r)
	if err != nil {
		return in, err
	}
	if !premises.CanWriteInspection(web.Principal(r), in.MunicipalityCode, in.PartyIDs()) {
		return in, web.ErrForbidden
	}
	return in, nil
}

// --- The form ------------------------------------------------------------------

type inspectionFormPage struct {
	premisesForm
	Premises      premises.Premises
	Inspection    *premises.Inspection // nil when recording a new one
	PostTo        string
	Kinds         []web.Option
	Modes         []web.Option
	Organizations []web.Option
	Sanctions     []web.Option
	Commitments   []web.Option
	Checklists    []checklistView
	MaxLocal      string
}

// checklistView is the protocol of one kind of inspection as the form
// shows it. Every kind's is on the page: premises.js shows the chosen
// kind's only; without JavaScript all are shown and the chosen kind's is
// the one saved.
type checklistView struct {
	Kind, Name, ID string
	Current        bool
	Items          []checkItemView
}

type checkItemView struct {
	Check                           string
	CheckName, ResultName, NoteName string
	ID, NoteID                      string
	Results                         []web.Option
	Note                            string
	Error, NoteError                string
}

// inspectionFields are the form's fields in the order shown; the
// protocol's are named by package premises ("protocol.items.2.note").
var inspectionFields = []string{"premises_id", "kind", "mode", "conducted_at", "organization_ids", "inspectors",
	"protocol.remarks", "follow_up", "follow_up_on", "sanction", "commitment_id", "recorded"}

// kindID is a kind as it goes into element ids: on_site → on-site.
func kindID(kind string) string { return strings.ReplaceAll(kind, "_", "-") }

// checkField names an input of a kind's checklist: "result.on_site.2".
func checkField(part, kind string, i int) string { return part + "." + kind + "." + strconv.Itoa(i) }

// chosenKind is the kind of the form's values, on-site by default.
func chosenKind(values url.Values) string {
	if k := values.Get("kind"); slices.Contains(premises.InspectionKinds, k) {
		return k
	}
	return premises.OnSite
}

// ConductedAtField is the time of the visit, no later than now.
func (p *inspectionFormPage) ConductedAtField() web.FieldView {
	f := p.PField("conducted_at", "datetime-local", "required")
	f.Max = p.MaxLocal
	return f
}

// authorityKinds are the kinds of organisation the form offers as taking
// part: those that supervise or join a supervision.
var authorityKinds = []string{"municipality", "police", "rescue_service", "healthcare", "other"}

func (s *Server) inspectionForm(w http.ResponseWriter, r *http.Request, status int, pm premises.Premises,
	insp *premises.Inspection, values url.Values, errs validation.Errors) error {
	ctx := r.Context()
	loc := web.Loc(r)
	p := &inspectionFormPage{Premises: pm, Inspection: insp, PostTo: "/inspections"}
	p.Localizer = loc // the labels below are said before the page is rendered
	if insp != nil {
		p.PostTo = inspectionURL(insp.ID)
	}
	p.labels = map[string]string{"kind": "inspection.field.kind", "organization_ids": "inspection.field.organization_ids",
		"follow_up": "inspection.field.follow_up", "commitment_id": "inspection.field.commitment_id",
		"recorded": "inspection.field.recorded", "premises_id": "field.premises_id"}
	for _, k := range premises.InspectionKinds {
		p.Kinds = append(p.Kinds, web.Option{Value: k, Label: p.InspectionKindName(k)})
	}
	for _, m := range premises.Modes {
		p.Modes = append(p.Modes, web.Option{Value: m, Label: p.InspectionModeName(m)})
	}
	p.Sanctions = []web.Option{{Value: "", Label: p.SanctionName("")}}
	for _, sn := range premises.Sanctions {
		p.Sanctions = append(p.Sanctions, web.Option{Value: sn, Label: p.SanctionName(sn)})
	}

	// The parties: the authorities working in the municipality, and any
	// other party the inspection has already.
	orgs, err := s.orgs.List(ctx, org.Filter{MunicipalityCode: pm.MunicipalityCode, Limit: 500})
	if err != nil {
		return err
	}
	chosen := values["organization_ids"]
	for _, o := range orgs.Items {
		id := idString(o.ID)
		if slices.Contains(authorityKinds, o.Kind) || slices.Contains(chosen, id) {
			p.Organizations = append(p.Organizations, web.Option{Value: id, Label: o.Name, Selected: slices.Contains(chosen, id)})
		}
	}

	commitments, err := s.premises.Commitments(ctx, pm.MunicipalityCode)
	if err != nil {
		return err
	}
	p.Commitments = []web.Option{{Value: "", Label: loc.T("inspection.form.no_commitment")}}
	today := web.Today(r)
	for _, c := range commitments {
		// An ended promise's commitments are history: offered only when
		// the visit counts toward one already.
		if c.IsOver(today) && values.Get("commitment_id") != idString(c.ID) {
			continue
		}
		p.Commitments = append(p.Commitments, web.Option{Value: idString(c.ID), Label: c.OrganizationName + ": " + c.Text, Group: c.PromiseTitle})
	}

	current := chosenKind(values)
	for _, kind := range premises.InspectionKinds {
		cl := checklistView{Kind: kind, Name: p.InspectionKindName(kind), ID: "checklist-" + kindID(kind), Current: kind == current}
		var texts []string
		for i := 0; ; i++ {
			v, ok := values[checkField("check", kind, i)]
			if !ok {
				break
			}
			texts = append(texts, v[0])
		}
		if texts == nil {
			list, err := s.premises.Checklist(ctx, pm.MunicipalityCode, kind)
			if err != nil {
				return err
			}
			texts = list.Items
		}
		for i, text := range texts {
			it := checkItemView{Check: text, CheckName: checkField("check", kind, i), ResultName: checkField("result", kind, i),
				NoteName: checkField("note", kind, i), ID: "f-check-" + kindID(kind) + "-" + strconv.Itoa(i),
				NoteID: "f-note-" + kindID(kind) + "-" + strconv.Itoa(i)}
			result := values.Get(it.ResultName)
			if result == "" {
				result = premises.ResultNotChecked
			}
			for _, res := range premises.Results {
				it.Results = append(it.Results, web.Option{Value: res, Label: p.InspectionResultName(res), Selected: res == result})
			}
			it.Note = values.Get(it.NoteName)
			if cl.Current {
				it.Error = errorText(loc, errs, fmt.Sprintf("protocol.items.%d.result", i), fmt.Sprintf("protocol.items.%d.check", i))
				it.NoteError = errorText(loc, errs, fmt.Sprintf("protocol.items.%d.note", i))
			}
			cl.Items = append(cl.Items, it)
		}
		p.Checklists = append(p.Checklists, cl)
	}
	// The error summary names a check by its words and links to it.
	p.describe = func(field string) (string, string, bool) {
		if field == "protocol.items" {
			return loc.T("field.protocol.items"), "checklist-" + kindID(current), true
		}
		rest, ok := strings.CutPrefix(field, "protocol.items.")
		if !ok {
			return "", "", false
		}
		n, part, _ := strings.Cut(rest, ".")
		i, err := strconv.Atoi(n)
		cl := p.Checklists[slices.Index(premises.InspectionKinds, current)]
		if err != nil || i < 0 || i >= len(cl.Items) {
			return "", "", false
		}
		if part == "note" {
			return loc.T("inspection.form.note_of", cl.Items[i].Check), cl.Items[i].NoteID, true
		}
		return cl.Items[i].Check, cl.Items[i].ID, true
	}
	p.MaxLocal = s.clock.Now().In(loc.Zone()).Format(web.LocalLayout)
	p.SetErrors(inspectionFields, values, errs)
	if insp != nil {
		return s.RenderStatus(w, r, status, "inspection_form", p, "inspection.edit.title", pm.Name)
	}
	return s.RenderStatus(w, r, status, "inspection_form", p, "inspection.new.title", pm.Name)
}

// TextField says where the form holds a free text of the protocol, for
// the warning about personal data: a check's note is in the chosen
// kind's checklist, labelled by its check.
func (p *inspectionFormPage) TextField(name string) (web.TextField, bool) {
	if n, ok := strings.CutSuffix(strings.TrimPrefix(name, "protocol.items."), ".note"); ok && n != name {
		i, err := strconv.Atoi(n)
		cl := p.Checklists[slices.Index(premises.InspectionKinds, chosenKind(p.Form.Values))]
		if err != nil || i < 0 || i >= len(cl.Items) {
			return web.TextField{}, false
		}
		return web.TextField{ID: cl.Items[i].NoteID, Label: p.T("inspection.form.note_of", cl.Items[i].Check), Text: cl.Items[i].Note}, true
	}
	f := p.PField(name, "textarea")
	return web.TextField{ID: f.ID, Label: f.Label, Text: f.Value}, true
}

// inspectionFreeText reports whether a value of the form is free text the
// protocol's rule for personal data applies to.
func inspectionFreeText(name string) bool {
	return name == "protocol.remarks" || name == "follow_up" || strings.HasPrefix(name, "note.")
}

// errorText is the first of the fields' errors, in the user's language.
func errorText(loc *i18n.Localizer, errs validation.Errors, fields ...string) string {
	for _, f := range fields {
		if m, ok := errs[f]; ok {
			return loc.T(m.Key, m.Args...)
		}
	}
	return ""
}

// inspectionInputOf reads the form: the protocol is the chosen kind's
// checklist.
func inspectionInputOf(f url.Values) premises.InspectionInput {
	in := premises.InspectionInput{PremisesID: f.Get("premises_id"), Kind: f.Get("kind"), Mode: f.Get("mode"),
		ConductedAt: f.Get("conducted_at"), OrganizationIDs: f["organization_ids"], Inspectors: f.Get("inspectors"),
		Protocol: premises.Protocol{Items: []premises.Check{}, Remarks: f.Get("protocol.remarks")},
		Recorded: web.Checkbox(f.Get("recorded")), FollowUp: f.Get("follow_up"), FollowUpOn: f.Get("follow_up_on"),
		Sanction: f.Get("sanction"), CommitmentID: f.Get("commitment_id"), Choice: web.PersonalDataChoice(f)}
	if slices.Contains(premises.InspectionKinds, in.Kind) {
		for i := 0; i < premises.MaxChecks+1; i++ {
			text, ok := f[checkField("check", in.Kind, i)]
			if !ok {
				break
			}
			in.Protocol.Items = append(in.Protocol.Items, premises.Check{Check: text[0],
				Result: f.Get(checkField("result", in.Kind, i)), Note: f.Get(checkField("note", in.Kind, i))})
		}
	}
	return in
}

// inspectionValues are the form's values of an inspection as it is (to
// change it), or of a new one (in nil).
func inspectionValues(in *premises.Inspection, pm premises.Premises, orgIDs []string, commitment int64, now time.Time) url.Values {
	v := url.Values{"premises_id": {idString(pm.ID)}}
	if in == nil {
		v.Set("kind", premises.OnSite)
		v.Set("mode", premises.ModeOpen)
		v.Set("conducted_at", now.Format(web.LocalLayout))
		v["organization_ids"] = orgIDs
		v.Set("recorded", "on")
		if commitment != 0 {
			v.Set("commitment_id", idString(commitment))
		}
		return v
	}
	v.Set("kind", in.Kind)
	v.Set("mode", in.Mode)
	v.Set("conducted_at", in.ConductedAt.In(now.Location()).Format(web.LocalLayout))
	v["organization_ids"] = slices.Clone(in.OrganizationIDs)
	v.Set("inspectors", in.Inspectors)
	for i, c := range in.Protocol.Items {
		v.Set(checkField("check", in.Kind, i), c.Check)
		v.Set(checkField("result", in.Kind, i), c.Result)
		v.Set(checkField("note", in.Kind, i), c.Note)
	}
	v.Set("protocol.remarks", in.Protocol.Remarks)
	v.Set("follow_up", in.FollowUp)
	v.Set("follow_up_on", in.FollowUpOn)
	v.Set("sanction", in.Sanction)
	if in.CommitmentID != 0 {
		v.Set("commitment_id", idString(in.CommitmentID))
	}
	if in.Recorded {
		v.Set("recorded", "on")
	}
	return v
}

// formInspectionValues keeps what was posted of the form, the checklists
// of every kind included.
func formInspectionValues(f url.Values) url.Values {
	out := formValues(f, inspectionFields)
	for k, v := range f {
		if strings.HasPrefix(k, "check.") || strings.HasPrefix(k, "result.") || strings.HasPrefix(k, "note.") {
			out[k] = v
		}
	}
	return out
}

// parseIDs reads ids given as strings; what is not an id is left out (the
// core names it).
func parseIDs(list []string) []int64 {
	var out []int64
	for _, s := range list {
		if id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64); err == nil && id > 0 {
			out = append(out, id)
		}
	}
	return out
}

// checkParties refuses an inspection that the user would record or leave
// in the name of parties without their own organisation, when only taking
// part lets them write it (the police): they may not write it then.
func checkParties(r *http.Request, code string, in premises.InspectionInput, e *validation.Errors) {
	if !premises.CanWriteInspection(web.Principal(r), code, parseIDs(in.OrganizationIDs)) && !e.Has("organization_ids") {
		e.Add("organization_ids", "error.inspection_own_party")
	}
}

// inspectionErrors adds what the core finds wrong to e, without storing.
func (s *Server) inspectionErrors(r *http.Request, in premises.InspectionInput, e *validation.Errors) error {
	err := s.premises.CheckInspection(r.Context(), in)
	if err == nil {
		return nil
	}
	ve, ok := errors.AsType[*validation.Error](err)
	if !ok {
		return err
	}
	for k, m := range ve.Fields {
		if !e.Has(k) {
			e.Add(k, m.Key, m.Args...)
		}
	}
	return nil
}

func (s *Server) newInspectionPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Get("premises_id") == "" {
		return s.choosePremisesToInspect(w, r)
	}
	id, err := strconv.ParseInt(q.Get("premises_id"), 10, 64)
	if err != nil || id <= 0 {
		return web.ErrNotFound
	}
	pm, err := s.premises.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	pr := web.Principal(r)
	if !premises.CanRead(pr, pm.MunicipalityCode) {
		return web.ErrNotFound
	}
	mine := web.UserOrganizationIDs(pr)
	if !premises.CanWriteInspection(pr, pm.MunicipalityCode, mine) {
		return web.ErrForbidden
	}
	// The user's own organisations that work in the municipality take
	// part, unless the form is told otherwise.
	orgs, err := s.orgs.List(r.Context(), org.Filter{MunicipalityCode: pm.MunicipalityCode, Limit: 500})
	if err != nil {
		return err
	}
	var own []string
	for _, o := range orgs.Items {
		if slices.Contains(mine, o.ID) {
			own = append(own, idString(o.ID))
		}
	}
	// The commitment the latest visit counted toward is suggested, when
	// it is one of the user's own organisations' (only a party's own
	// commitments count its work) and its promise is not over.
	commitment, err := s.premises.LastCommitment(r.Context(), pm.MunicipalityCode, web.Today(r))
	if err != nil {
		return err
	}
	if commitment != 0 {
		choices, err := s.premises.Commitments(r.Context(), pm.MunicipalityCode)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(choices, func(c premises.CommitmentChoice) bool { return c.ID == commitment }); i < 0 ||
			!slices.Contains(own, idString(choices[i].OrganizationID)) {
			commitment = 0
		}
	}
	values := inspectionValues(nil, pm, own, commitment, s.clock.Now().In(web.Loc(r).Zone()))
	if k := q.Get("kind"); slices.Contains(premises.InspectionKinds, k) {
		values.Set("kind", k)
	}
	return s.inspectionForm(w, r, http.StatusOK, pm, nil, values, nil)
}

// choosePremisesToInspect lists the open premises to record a visit to,
// those waiting longest for a recorded visit first.
func (s *Server) choosePremisesToInspect(w http.ResponseWriter, r *http.Request) error {
	list, err := s.premisesReadable(r)
	if err != nil {
		return err
	}
	pr := web.Principal(r)
	mine := web.UserOrganizationIDs(pr)
	list = slices.DeleteFunc(list, func(m municipality.Municipality) bool {
		return !premises.CanWriteInspection(pr, m.Code, mine)
	})
	m, ok, err := s.pageMunicipality(w, r, list, "inspection.choose.title", "inspection.choose.none")
	if !ok {
		return err
	}
	plan, err := s.premises.Planning(r.Context(), m.Code)
	if err != nil {
		return err
	}
	loc := web.Loc(r)
	p := &premisesChoosePage{Heading: loc.T("inspection.choose.heading", m.Name), Intro: loc.T("inspection.choose.intro"),
		Empty: loc.T("premises.list.empty")}
	b := &web.Base{Localizer: loc}
	for _, it := range plan {
		note := loc.T("premises.never_visited")
		if it.LastRecordedAt != nil {
			note = loc.T("premises.last_visit", b.Date(*it.LastRecordedAt))
		}
		p.Links = append(p.Links, choiceLink{Href: "/inspections/new?premises_id=" + idString(it.ID), Label: it.Name, Note: note})
	}
	return s.Render(w, r, "premises_choose", p, "inspection.choose.title")
}

func (s *Server) createInspection(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	id, err := strconv.ParseInt(strings.TrimSpace(f.Get("premises_id")), 10, 64)
	if err != nil || id <= 0 {
		var e validation.Errors
		e.Add("premises_id", "error.premises_unknown")
		return e.Err()
	}
	pm, err := s.premises.ByID(r.Context(), id)
	if err != nil {
		return err
	}
	pr := web.Principal(r)
	if !premises.CanRead(pr, pm.MunicipalityCode) {
		return web.ErrNotFound
	}
	if !premises.CanWriteInspection(pr, pm.MunicipalityCode, web.UserOrganizationIDs(pr)) {
		return web.ErrForbidden
	}
	in := inspectionInputOf(f)
	var e validation.Errors
	checkParties(r, pm.MunicipalityCode, in, &e)
	web.MaskTyped(f, inspectionFreeText)
	values := formInspectionValues(f)
	if len(e) > 0 {
		if err := s.inspectionErrors(r, in, &e); err != nil {
			return err
		}
		return s.inspectionForm(w, r, http.StatusUnprocessableEntity, pm, nil, values, e)
	}
	insp, err := s.premises.CreateInspection(r.Context(), web.Actor(r), in)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.inspectionForm(w, r, http.StatusUnprocessableEntity, pm, nil, values, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "inspection.saved")
	return web.Redirect(w, r, inspectionURL(insp.ID))
}

func (s *Server) editInspectionPage(w http.ResponseWriter, r *http.Request) error {
	insp, err := s.writableInspection(r)
	if err != nil {
		return err
	}
	pm, err := s.premises.ByID(r.Context(), insp.PremisesID)
	if err != nil {
		return err
	}
	values := inspectionValues(&insp, pm, nil, 0, s.clock.Now().In(web.Loc(r).Zone()))
	return s.inspectionForm(w, r, http.StatusOK, pm, &insp, values, nil)
}

func (s *Server) updateInspection(w http.ResponseWriter, r *http.Request) error {
	insp, err := s.writableInspection(r)
	if err != nil {
		return err
	}
	pm, err := s.premises.ByID(r.Context(), insp.PremisesID)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := inspectionInputOf(f)
	in.PremisesID = idString(insp.PremisesID) // an inspection stays with its premises
	in.Synthetic = insp.Synthetic
	var e validation.Errors
	checkParties(r, pm.MunicipalityCode, in, &e)
	web.MaskTyped(f, inspectionFreeText)
	values := formInspectionValues(f)
	values.Set("premises_id", in.PremisesID)
	if len(e) > 0 {
		if err := s.inspectionErrors(r, in, &e); err != nil {
			return err
		}
		return s.inspectionForm(w, r, http.StatusUnprocessableEntity, pm, &insp, values, e)
	}
	_, err = s.premises.UpdateInspection(r.Context(), web.Actor(r), insp.ID, in)
	if ve, ok := errors.AsType[*validation.Error](err); ok {
		return s.inspectionForm(w, r, http.StatusUnprocessableEntity, pm, &insp, values, ve.Fields)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "inspection.updated")
	return web.Redirect(w, r, inspectionURL(insp.ID))
}

func (s *Server) deleteInspection(w http.ResponseWriter, r *http.Request) error {
	insp, err := s.writableInspection(r)
	if err != nil {
		return err
	}
	if err := s.premises.DeleteInspection(r.Context(), web.Actor(r), insp.ID); err != nil {
		return err
	}
	s.Flash(r, "inspection.deleted")
	return web.Redirect(w, r, premisesURL(insp.PremisesID))
}

// --- The inspection and its protocol --------------------------------------------

type inspectionViewPage struct {
	Base
	Inspection   premises.Inspection
	Premises     premises.Premises
	Municipality string
	Tabs         []web.NavItem
	Commitment   string
	Deficiencies int
	CanEdit      bool
	CanInspect   bool
}

func (s *Server) inspectionPage(w http.ResponseWriter, r *http.Request) error {
	insp, err := s.readableInspection(r)
	if err != nil {
		return err
	}
	pm, err := s.premises.ByID(r.Context(), insp.PremisesID)
	if err != nil {
		return err
	}
	names, err := s.MunicipalityNames(r)
	if err != nil {
		return err
	}
	pr := web.Principal(r)
	p := &inspectionViewPage{Base: Base{web.Base{Localizer: web.Loc(r)}}, Inspection: insp, Premises: pm, Municipality: names[pm.MunicipalityCode],
		Tabs:       s.premisesTabs(r, pm.MunicipalityCode, ""),
		CanEdit:    premises.CanWriteInspection(pr, pm.MunicipalityCode, insp.PartyIDs()),
		CanInspect: premises.CanWriteInspection(pr, pm.MunicipalityCode, web.UserOrganizationIDs(pr))}
	for _, c := range insp.Protocol.Items {
		if c.Result == premises.ResultDeficiency {
			p.Deficiencies++
		}
	}
	if insp.CommitmentID != 0 {
		list, err := s.premises.Commitments(r.Context(), pm.MunicipalityCode)
		if err != nil {
			return err
		}
		for _, c := range list {
			if c.ID == insp.CommitmentID {
				p.Commitment = c.OrganizationName + ": " + c.Text
			}
		}
	}
	return s.Render(w, r, "inspection_view", p, "inspection.view.title", pm.Name, p.Date(insp.ConductedAt))
}

// inspectionProtocolPDF is the protocol for the licence holder: in
// Swedish, the language of the licence, unless ?lang=en asks for English.
func (s *Server) inspectionProtocolPDF(w http.ResponseWriter, r *http.Request) error {
	insp, err := s.readableInspection(r)
	if err != nil {
		return err
	}
	pm, err := s.premises.ByID(r.Context(), insp.PremisesID)
	if err != nil {
		return err
	}
	m, err := s.municipalities.ByCode(r.Context(), pm.MunicipalityCode)
	if err != nil {
		return err
	}
	lang := i18n.Swedish
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		lang = l
	}
	loc := s.i18n.For(lang)
	d := export.InspectionProtocol(insp.ForLicenceHolder(), pm, m.Name, loc.T, string(lang))
	name := fmt.Sprintf("tillsynsprotokoll-%s-%s.pdf", pm.RestaurantNumber, loc.Date(insp.ConductedAt))
	if lang == i18n.English {
		name = fmt.Sprintf("inspection-protocol-%s-%s.pdf", pm.RestaurantNumber, loc.Date(insp.ConductedAt))
	}
	var buf bytes.Buffer
	if err := export.WriteProtocolPDF(&buf, d); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}
