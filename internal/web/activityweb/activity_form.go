package activityweb

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/activity"
	"github.com/samverkan/samverkan/internal/org"
	"github.com/samverkan/samverkan/internal/validation"
	"github.com/samverkan/samverkan/internal/web"
)

// The form of an activity. Its counters follow the kind: each kind's
// counters (and what only a training or an information effort has) are in
// a group of their own, named counts.KIND.COUNTER. Without JavaScript every
// group is there, the chosen kind's open; activity.js shows only the
// chosen kind's. Numbers typed for another kind than the one chosen are an
// error, not lost in silence.

type activityFormPage struct {
	areaPage
	// Activity is the activity changed, nil for a new one.
	Activity *activity.Activity
	// Organizations to log for when the user may log for several; else
	// OrganizationName is the one.
	Organizations    []web.Option
	OrganizationName string
	Municipalities   []web.Option
	Commitments      []web.Option
	Kinds            []web.Option
	Groups           []kindGroup
	Partners         []web.Option
	Topics           []web.Option
	Premises         []web.Option
	ParticipantRows  []int
}

// kindGroup is the part of the form that belongs to one kind.
type kindGroup struct {
	Kind, Label string
	Counters    []counterInput
	Open        bool
	// Training has topic and participants; Information a channel.
	Training, Information bool
}

// PartnerChecked reports whether the organisation is among the partners.
func (p *activityFormPage) PartnerChecked(id string) bool {
	return slices.Contains(p.Form.Values["partner_ids"], id)
}

// activityFormFields are the form's fields in the order shown, the
// counters and rows included.
func activityFormFields(values url.Values) []string {
	fields := []string{"kind", "organization_id", "municipality_code", "commitment_id", "started_at", "ended_at", "place", "lat", "lon"}
	for _, k := range activity.Kinds {
		for _, c := range k.Counters {
			fields = append(fields, counterField(k.Name, c.Name))
		}
		switch k.Name {
		case activity.KindTraining:
			fields = append(fields, "topic", "participants")
			fields = append(fields, web.RowFields("participants", max(web.CountRows(values, "participants", "premises_id"), 3), "premises_id", "count")...)
		case activity.KindInformation:
			fields = append(fields, "channel")
		}
	}
	return append(fields, "partner_ids", "notes")
}

// counterInput is a counter's input: its name and the keyboard a phone
// shows for it.
type counterInput struct {
	Name, Mode string
}

func counterField(kind, counter string) string { return "counts." + kind + "." + counter }

// activityInputOf reads the form. Numbers that cannot be read, and
// counters of another kind than the one chosen, go to e under the form's
// names.
func activityInputOf(f url.Values, e *validation.Errors) activity.Input {
	in := activity.Input{
		Kind: strings.TrimSpace(f.Get("kind")), OrganizationID: f.Get("organization_id"), MunicipalityCode: f.Get("municipality_code"),
		CommitmentID: f.Get("commitment_id"), StartedAt: f.Get("started_at"), EndedAt: f.Get("ended_at"), Place: f.Get("place"),
		Notes: f.Get("notes"), Counts: map[string]float64{}, Choice: web.PersonalDataChoice(f),
	}
	var ok bool
	if in.Lat, ok = web.ParseDecimal(f.Get("lat")); !ok {
		e.Add("lat", "error.lat_number")
	}
	if in.Lon, ok = web.ParseDecimal(f.Get("lon")); !ok {
		e.Add("lon", "error.lon_number")
	}
	_, known := activity.KindOf(in.Kind)
	for _, k := range activity.Kinds {
		for _, c := range k.Counters {
			name := counterField(k.Name, c.Name)
			v, ok := web.ParseDecimal(f.Get(name))
			switch {
			case !ok:
				e.Add(name, "error.number")
			case v == nil:
			case k.Name == in.Kind:
				in.Counts[c.Name] = *v
			case known:
				e.Add(name, "error.counter_other_kind")
			}
		}
	}
	if in.Kind == activity.KindTraining || !known {
		in.Topic = f.Get("topic")
	} else if strings.TrimSpace(f.Get("topic")) != "" {
		e.Add("topic", "error.counter_other_kind")
	}
	if in.Kind == activity.KindInformation || !known {
		in.Channel = f.Get("channel")
	} else if strings.TrimSpace(f.Get("channel")) != "" {
		e.Add("channel", "error.counter_other_kind")
	}
	for _, id := range f["partner_ids"] {
		if strings.TrimSpace(id) != "" {
			in.PartnerIDs = append(in.PartnerIDs, id)
		}
	}
	// Rows of participants: the empty ones keep their place, so that the
	// core's errors ("participants.2.count") name the row of the form.
	rows := web.CountRows(f, "participants", "premises_id")
	var given bool
	participants := make([]activity.ParticipantInput, rows)
	for i := range rows {
		p := activity.ParticipantInput{PremisesID: f.Get(web.RowName("participants", i, "premises_id"))}
		if c := strings.TrimSpace(f.Get(web.RowName("participants", i, "count"))); c != "" {
			n, err := strconv.Atoi(c)
			if err != nil {
				e.Add(web.RowName("participants", i, "count"), "error.counter_whole")
			}
			p.Count = n
		}
		given = given || !web.RowEmpty(f, "participants", i)
		participants[i] = p
	}
	switch {
	case in.Kind == activity.KindTraining:
		in.Participants = participants
	case given && known:
		e.Add("participants", "error.counter_other_kind")
	}
	return in
}

// activityValues are the form's values of an activity as it is.
func (b *Base) activityValues(a activity.Activity) url.Values {
	v := url.Values{}
	local := func(t time.Time) string { return t.In(b.Zone()).Format(web.LocalLayout) }
	v.Set("kind", a.Kind)
	v.Set("organization_id", strconv.FormatInt(a.OrganizationID, 10))
	v.Set("municipality_code", a.MunicipalityCode)
	if a.CommitmentID != 0 {
		v.Set("commitment_id", strconv.FormatInt(a.CommitmentID, 10))
	}
	v.Set("started_at", local(a.StartedAt))
	if a.EndedAt != nil {
		v.Set("ended_at", local(*a.EndedAt))
	}
	v.Set("place", a.Place)
	v.Set("lat", b.Coordinate(a.Lat))
	v.Set("lon", b.Coordinate(a.Lon))
	for name, n := range a.Counts {
		v.Set(counterField(a.Kind, name), b.Decimal(n, 2))
	}
	v.Set("topic", a.Topic)
	v.Set("channel", a.Channel)
	v["partner_ids"] = slices.Clone(a.PartnerIDs)
	for i, p := range a.Participants {
		v.Set(web.RowName("participants", i, "premises_id"), strconv.FormatInt(p.PremisesID, 10))
		v.Set(web.RowName("participants", i, "count"), strconv.Itoa(p.Count))
	}
	v.Set("notes", a.Notes)
	return v
}

// activityForm shows the form with values and errors.
func (s *Server) activityForm(w http.ResponseWriter, r *http.Request, status int, a *activity.Activity, values url.Values, errs validation.Errors, more bool) error {
	loc := web.Loc(r)
	p := &activityFormPage{areaPage: newAreaPage(r, "activity"), Activity: a}
	aw, err := s.activityWriterOf(r)
	if err != nil {
		return err
	}
	if a != nil {
		p.OrganizationName = a.OrganizationName
		values.Set("organization_id", strconv.FormatInt(a.OrganizationID, 10))
	} else {
		p.OrganizationName, p.Organizations = aw.organizationField(loc, values)
	}
	p.Municipalities = aw.municipalityField(loc)

	commitments, err := s.activities.CommitmentsOf(r.Context(), aw.Mine, aw.All)
	if err != nil {
		return err
	}
	p.Commitments = []web.Option{{Value: "", Label: loc.T("activity.form.no_commitment")}}
	today := web.Today(r)
	for _, c := range commitments {
		// An ended promise's commitments are history: offered only when
		// the record counts toward one already.
		if c.IsOver(today) && values.Get("commitment_id") != strconv.FormatInt(c.ID, 10) {
			continue
		}
		label := activityShorten(c.Text, 90)
		if len(aw.Mine) > 1 {
			if i := slices.IndexFunc(aw.Orgs, func(o org.Organization) bool { return o.ID == c.OrganizationID }); i >= 0 {
				label = aw.Orgs[i].Name + ": " + label
			}
		}
		p.Commitments = append(p.Commitments, web.Option{Value: strconv.FormatInt(c.ID, 10), Label: label, Group: c.PromiseTitle})
	}

	p.Kinds = p.kindOptions("")
	kind := values.Get("kind")
	for _, k := range activity.Kinds {
		g := kindGroup{Kind: k.Name, Label: loc.T("activity.kind." + k.Name), Open: k.Name == kind,
			Training: k.Name == activity.KindTraining, Information: k.Name == activity.KindInformation}
		for _, c := range k.Counters {
			name := counterField(k.Name, c.Name)
			mode := "inputmode=numeric"
			if !c.Whole {
				mode = "inputmode=decimal"
			}
			g.Counters = append(g.Counters, counterInput{Name: name, Mode: mode})
			if values.Get(name) != "" || errs.Has(name) {
				g.Open = true
			}
		}
		if g.Training && (errs.Has("topic") || values.Get("topic") != "") {
			g.Open = true
		}
		for f := range errs {
			if g.Training && strings.HasPrefix(f, "participants") {
				g.Open = true
			}
		}
		if g.Information && (errs.Has("channel") || values.Get("channel") != "") {
			g.Open = true
		}
		p.Groups = append(p.Groups, g)
	}
	p.Topics = []web.Option{{Value: "", Label: loc.T("form.choose")}}
	for _, t := range activity.Topics {
		p.Topics = append(p.Topics, web.Option{Value: t, Label: loc.T("activity.topic." + t)})
	}

	partners, err := s.activityOrganizationsIn(r, aw.Codes)
	if err != nil {
		return err
	}
	for _, o := range partners {
		if len(aw.Mine) == 1 && o.ID == aw.Mine[0] {
			continue
		}
		p.Partners = append(p.Partners, web.Option{Value: strconv.FormatInt(o.ID, 10), Label: o.Name})
	}

	premisesCodes := aw.Codes
	if aw.All {
		premisesCodes = activityCodes(aw.Municipalities)
	}
	premises, err := s.activities.PremisesIn(r.Context(), premisesCodes)
	if err != nil {
		return err
	}
	p.Premises = []web.Option{{Value: "", Label: loc.T("form.choose")}}
	for _, pm := range premises {
		label := pm.Name
		if !pm.Open {
			label += " (" + loc.T("activity.form.premises_closed") + ")"
		}
		p.Premises = append(p.Premises, web.Option{Value: strconv.FormatInt(pm.ID, 10), Label: label})
	}
	p.ParticipantRows = web.FormRows(values, "participants", "premises_id", 3, more)

	p.SetErrors(activityFormFields(values), values, errs)
	title := "activity.new.title"
	if a != nil {
		title = "activity.edit.title"
	}
	return s.RenderStatus(w, r, status, "activity_form", p, title)
}

// activityShorten cuts a text to at most n characters at a word, with an ellipsis.
func activityShorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndex(cut, " "); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + " …"
}

func (s *Server) newActivityPage(w http.ResponseWriter, r *http.Request) error {
	values := url.Values{}
	q := r.URL.Query()
	for _, k := range []string{"kind", "commitment_id", "municipality_code"} {
		if v := q.Get(k); v != "" {
			values.Set(k, v)
		}
	}
	return s.activityForm(w, r, http.StatusOK, nil, values, nil, false)
}

// activityErrors checks the form as the core would and adds what the core
// finds to e, so that every error shows at once.
func (s *Server) activityErrors(r *http.Request, in activity.Input, e validation.Errors) (validation.Errors, error) {
	err := s.activities.Check(r.Context(), in)
	var ve *validation.Error
	if err != nil && !errors.As(err, &ve) {
		return nil, err
	}
	out := validation.Errors{}
	if ve != nil {
		out = areaFormErrors(ve.Fields, in.Kind)
	}
	for f, m := range e {
		out[f] = m
	}
	return out, nil
}

func (s *Server) createActivity(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("more") != "" {
		return s.activityForm(w, r, http.StatusOK, nil, f, nil, true)
	}
	var e validation.Errors
	in := activityInputOf(f, &e)
	web.MaskTyped(f, func(name string) bool { return name == "notes" })
	orgID, err := activityOwnOrganization(web.Principal(r), in.OrganizationID)
	if errors.Is(err, web.ErrForbidden) {
		e.Add("organization_id", "error.activity_not_your_organization")
	} else {
		in.OrganizationID = orgID
	}
	if len(e) > 0 {
		errs, err := s.activityErrors(r, in, e)
		if err != nil {
			return err
		}
		return s.activityForm(w, r, http.StatusUnprocessableEntity, nil, f, errs, false)
	}
	a, err := s.activities.Create(r.Context(), web.Actor(r), in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		return s.activityForm(w, r, http.StatusUnprocessableEntity, nil, f, areaFormErrors(ve.Fields, in.Kind), false)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "activity.saved")
	return web.Redirect(w, r, activityURL(a.ID))
}

func (s *Server) editActivityPage(w http.ResponseWriter, r *http.Request) error {
	a, err := s.writableActivity(r)
	if err != nil {
		return err
	}
	b := &Base{web.Base{Localizer: web.Loc(r)}}
	return s.activityForm(w, r, http.StatusOK, &a, b.activityValues(a), nil, false)
}

func (s *Server) updateActivity(w http.ResponseWriter, r *http.Request) error {
	a, err := s.writableActivity(r)
	if err != nil {
		return err
	}
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	if f.Get("more") != "" {
		return s.activityForm(w, r, http.StatusOK, &a, f, nil, true)
	}
	var e validation.Errors
	in := activityInputOf(f, &e)
	web.MaskTyped(f, func(name string) bool { return name == "notes" })
	in.OrganizationID = strconv.FormatInt(a.OrganizationID, 10) // a party's activity stays its own
	in.Synthetic = a.Synthetic
	if len(e) > 0 {
		errs, err := s.activityErrors(r, in, e)
		if err != nil {
			return err
		}
		return s.activityForm(w, r, http.StatusUnprocessableEntity, &a, f, errs, false)
	}
	changed, err := s.activities.Update(r.Context(), web.Actor(r), a.ID, in)
	var ve *validation.Error
	if errors.As(err, &ve) {
		return s.activityForm(w, r, http.StatusUnprocessableEntity, &a, f, areaFormErrors(ve.Fields, in.Kind), false)
	}
	if err != nil {
		return err
	}
	s.Flash(r, "activity.saved")
	return web.Redirect(w, r, activityURL(changed.ID))
}
