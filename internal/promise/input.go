package promise

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Input is what a coordinator gives to make or change a promise. Without
// parties, the parties are those of the agreement and every organisation
// that commits (DefaultParties).
type Input struct {
	Title            string            `json:"title"`
	MunicipalityCode string            `json:"municipality_code"`
	AgreementID      string            `json:"agreement_id"`
	Problem          string            `json:"problem"`
	Effect           string            `json:"effect"`
	FollowUp         string            `json:"follow_up"`
	StartsOn         string            `json:"starts_on"`
	EndsOn           string            `json:"ends_on"`
	PeriodLabel      string            `json:"period_label"`
	SignedOn         string            `json:"signed_on"`
	SignedPlace      string            `json:"signed_place"`
	PartyIDs         []string          `json:"party_ids"`
	Parties          []PartyInput      `json:"parties"`
	Communication    []Channel         `json:"communication"`
	Commitments      []CommitmentInput `json:"commitments"`
	// A promise is published: personal data in its problem, effect,
	// follow-up and commitments is refused unless Redact asks for it
	// masked (pii.PublicText).
	pii.Choice
}

// CommitmentInput is a commitment as given by a client. ID is set when a
// change keeps an existing commitment.
type CommitmentInput struct {
	ID             string   `json:"id"`
	OrganizationID string   `json:"organization_id"`
	Text           string   `json:"text"`
	Target         *float64 `json:"target"`
	Unit           string   `json:"unit"`
	// Measure is a Measure; "" is MeasureActivities.
	Measure     string `json:"measure"`
	DueOn       string `json:"due_on"`
	Responsible string `json:"responsible"`
}

// IsEmpty reports whether nothing was filled in, as in a spare row of a form.
func (c CommitmentInput) IsEmpty() bool {
	return c.ID == "" && strings.TrimSpace(c.OrganizationID+c.Text+c.Unit+c.DueOn+c.Responsible) == "" && c.Target == nil
}

// validate checks in and returns the promise it describes, without ids
// but those of the commitments it keeps, and what was decided about
// personal data in its texts.
func (in Input) validate(ctx context.Context, q db.Queryer) (Promise, pii.Review, error) {
	var e validation.Errors
	guard := pii.NewGuard(&e, in.Choice)
	p := Promise{
		Title:       e.Text("title", in.Title, true, maxShort),
		Problem:     e.Text("problem", in.Problem, true, maxLong),
		Effect:      e.Text("effect", in.Effect, true, maxLong),
		FollowUp:    e.Text("follow_up", in.FollowUp, false, maxLong),
		PeriodLabel: e.Text("period_label", in.PeriodLabel, false, maxShort),
		SignedPlace: e.Text("signed_place", in.SignedPlace, false, maxShort),
		StartsOn:    in.StartsOn,
		EndsOn:      in.EndsOn,
		Status:      Draft,
	}
	p.Problem = guard.Text("problem", p.Problem, pii.PublicText)
	p.Effect = guard.Text("effect", p.Effect, pii.PublicText)
	p.FollowUp = guard.Text("follow_up", p.FollowUp, pii.PublicText)
	p.SignedOn = checkDate(&e, "signed_on", in.SignedOn, false)
	checkPeriod(&e, &p.StartsOn, &p.EndsOn)
	var err error
	if p.MunicipalityCode, err = checkMunicipality(ctx, q, &e, in.MunicipalityCode); err != nil {
		return p, pii.Review{}, err
	}
	var agreement *Agreement
	switch p.AgreementID = parseID(in.AgreementID); {
	case p.AgreementID < 0:
		e.Add("agreement_id", "error.agreement_unknown")
	case p.AgreementID > 0:
		a, err := agreementByID(ctx, q, p.AgreementID)
		switch {
		case errors.Is(err, db.ErrNotFound):
			e.Add("agreement_id", "error.agreement_unknown")
		case err != nil:
			return p, pii.Review{}, err
		case a.MunicipalityCode != p.MunicipalityCode && !e.Has("municipality_code"):
			e.Add("agreement_id", "error.agreement_other_municipality")
		default:
			agreement = &a
		}
	}

	partyIDs, partyRows := in.PartyIDs, in.Parties
	// The parties would have come from an agreement that is wrong: whether
	// a commitment is a party's cannot be said until it is right.
	partiesKnown := true
	if len(partyIDs) == 0 && !hasPartyRows(partyRows) {
		if e.Has("agreement_id") {
			partiesKnown = false
		} else {
			partyRows, partyIDs = DefaultParties(agreement, in.Commitments)
		}
	}
	if partiesKnown {
		if p.Parties, err = checkParties(ctx, q, &e, partyIDs, partyRows, 1); err != nil {
			return p, pii.Review{}, err
		}
	}
	p.Communication = checkChannels(&e, in.Communication)
	p.Commitments = checkCommitments(&e, guard, "commitments", in.Commitments, p.Parties, partiesKnown)
	return p, guard.Review(), e.Err()
}

// DefaultParties are the parties of a promise given none: the parties of
// its agreement (if any), with their signatories, and after them every
// other organisation that commits, in the order of the commitments. A
// promise is signed by those who promise: in Sälen the destination company
// commits and signs without being a party to the agreement between the
// municipality and the police.
func DefaultParties(agreement *Agreement, commitments []CommitmentInput) (rows []PartyInput, ids []string) {
	var have []string
	if agreement != nil {
		rows = partyInputs(agreement.Parties)
		for _, p := range agreement.Parties {
			have = append(have, fmt.Sprint(p.OrganizationID))
		}
	}
	for _, c := range commitments {
		if id := strings.TrimSpace(c.OrganizationID); id != "" && !slices.Contains(have, id) {
			have = append(have, id)
			ids = append(ids, id)
		}
	}
	return rows, ids
}

func hasPartyRows(rows []PartyInput) bool {
	for _, r := range rows {
		if strings.TrimSpace(r.OrganizationID) != "" {
			return true
		}
	}
	return false
}

// checkChannels keeps the known channels once each, in the order of
// Channels.
func checkChannels(e *validation.Errors, in []Channel) []Channel {
	byName := map[string]Channel{}
	for i, c := range in {
		if c.Channel == "" {
			// An unticked channel of a form: a date without it is a mistake.
			if strings.TrimSpace(c.DoneOn) != "" {
				e.Add(row("communication", i, "channel"), "error.channel_unticked")
			}
			continue
		}
		if !slices.Contains(Channels, c.Channel) {
			e.OneOf(row("communication", i, "channel"), c.Channel, Channels)
			continue
		}
		c.DoneOn = checkDate(e, row("communication", i, "done_on"), c.DoneOn, false)
		byName[c.Channel] = c
	}
	out := []Channel{}
	for _, name := range Channels {
		if c, ok := byName[name]; ok {
			out = append(out, c)
		}
	}
	return out
}

// checkCommitments checks the commitments given in list (the name of the
// field) against the parties: each is made by one of them.
func checkCommitments(e *validation.Errors, guard *pii.Guard, list string, in []CommitmentInput, parties []Party, partiesKnown bool) []Commitment {
	out := []Commitment{}
	for i, c := range in {
		if c.IsEmpty() {
			continue
		}
		field := func(name string) string { return row(list, i, name) }
		cm := Commitment{
			ID:          parseID(c.ID),
			Text:        guard.Text(field("text"), e.Text(field("text"), c.Text, true, maxLong), pii.PublicText),
			Responsible: e.Text(field("responsible"), c.Responsible, false, maxShort),
			DueOn:       checkDate(e, field("due_on"), c.DueOn, false),
			Status:      Planned,
		}
		if cm.ID < 0 {
			e.Add(field("id"), "error.commitment_unknown")
		}
		cm.Target, cm.Unit = checkTarget(e, field(""), c.Target, c.Unit)
		cm.Measure = checkMeasure(e, field("measure"), c.Measure)
		switch cm.OrganizationID = parseID(c.OrganizationID); {
		case cm.OrganizationID == 0:
			e.Add(field("organization_id"), "error.choose")
		case partiesKnown:
			party, ok := Promise{Parties: parties}.Party(cm.OrganizationID)
			if !ok {
				e.Add(field("organization_id"), "error.not_a_party")
			}
			cm.OrganizationName = party.OrganizationName
		}
		out = append(out, cm)
	}
	return out
}

// InputOf returns the input that would make p as it is, as the start of a
// change.
func InputOf(p Promise) Input {
	in := Input{
		Title: p.Title, MunicipalityCode: p.MunicipalityCode, Problem: p.Problem, Effect: p.Effect, FollowUp: p.FollowUp,
		StartsOn: p.StartsOn, EndsOn: p.EndsOn, PeriodLabel: p.PeriodLabel, SignedOn: p.SignedOn, SignedPlace: p.SignedPlace,
		Parties: partyInputs(p.Parties), Communication: p.Communication,
	}
	if p.AgreementID != 0 {
		in.AgreementID = fmt.Sprint(p.AgreementID)
	}
	for _, c := range p.Commitments {
		in.Commitments = append(in.Commitments, CommitmentInput{ID: fmt.Sprint(c.ID), OrganizationID: fmt.Sprint(c.OrganizationID),
			Text: c.Text, Target: c.Target, Unit: c.Unit, Measure: string(c.Measure), DueOn: c.DueOn, Responsible: c.Responsible})
	}
	return in
}

func partyInputs(parties []Party) []PartyInput {
	out := make([]PartyInput, len(parties))
	for i, p := range parties {
		out[i] = PartyInput{OrganizationID: fmt.Sprint(p.OrganizationID), SignatoryTitle: p.SignatoryTitle, SignatoryName: p.SignatoryName}
	}
	return out
}
