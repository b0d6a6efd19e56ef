package pii

import (
	"context"
	"slices"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// The rule of the product for free text that people type: personal data
// found in it is refused, unless the person asks for the text to be
// stored masked (the findings replaced as Redact does) or, in a field
// whose rule allows it, confirms that the text may name who it names.
// Nothing is stored until they have chosen, so that personal data is never
// kept by mistake. Which rule a field follows is the domain package's
// decision, and its area's document says it field by field.

// Rule is what one kind of free text does with personal data.
type Rule struct {
	// Key is the message key of the refusal, which says why this text
	// may not hold personal data as it is written.
	Key string
	// Confirm lets the person keep the text as written by confirming it:
	// for text that may rightly name people (minutes name who said what),
	// never for text that leaves the parties (a protocol sent to the
	// licence holder, a brief e-mailed, a public promise).
	Confirm bool
}

// The rules of the product. Each has its message in Swedish and English
// (internal/i18n/locales/*/pii.json).
var (
	// ReportText: a report describes what happened, not who was there.
	ReportText = Rule{Key: "error.personal_data"}
	// ProtocolText: an inspection's protocol goes to the licence holder.
	ProtocolText = Rule{Key: "error.personal_data_protocol"}
	// WorkNotes: an activity's notes are read by every party and counted
	// toward a public promise.
	WorkNotes = Rule{Key: "error.personal_data_notes"}
	// MeetingText: minutes, an agenda, decisions and action items may
	// name a participant or someone responsible, once confirmed.
	MeetingText = Rule{Key: "error.personal_data_meeting", Confirm: true}
	// BriefText: the weekly brief is e-mailed to every subscriber.
	BriefText = Rule{Key: "error.personal_data_brief"}
	// AgreementText: an agreement is read by every party for years; it
	// names roles, not people.
	AgreementText = Rule{Key: "error.personal_data_agreement"}
	// PublicText: citizen promises, their commitments and amendments are
	// published.
	PublicText = Rule{Key: "error.personal_data_public"}
	// SurveyText: a survey's questions and options are read by everyone
	// who answers it.
	SurveyText = Rule{Key: "error.personal_data_survey"}
)

// Rules lists every rule.
var Rules = []Rule{ReportText, ProtocolText, WorkNotes, MeetingText, BriefText, AgreementText, PublicText, SurveyText}

// RuleOf returns the rule whose refusal is key: a form that is shown again
// finds in its errors which fields were refused for personal data.
func RuleOf(key string) (Rule, bool) {
	i := slices.IndexFunc(Rules, func(r Rule) bool { return r.Key == key })
	if i < 0 {
		return Rule{}, false
	}
	return Rules[i], true
}

// Choice is what the person chose when told that their text holds
// personal data. It is embedded in the inputs of the stores, so that the
// API takes the same flags as the forms: "redact" and
// "confirm_personal_data".
type Choice struct {
	// Redact stores every refused text masked.
	Redact bool `json:"redact"`
	// ConfirmPersonalData keeps the texts as written where their rule
	// allows it (Rule.Confirm); elsewhere it changes nothing.
	ConfirmPersonalData bool `json:"confirm_personal_data"`
}

// Guard applies the rules to the free texts of one record and remembers
// what was decided, for the audit trail.
type Guard struct {
	choice Choice
	e      *validation.Errors
	review Review
}

// NewGuard returns a guard that adds its refusals to e.
func NewGuard(e *validation.Errors, c Choice) *Guard { return &Guard{choice: c, e: e} }

// Text checks the text of field (already checked and trimmed by
// validation.Errors.Text) by rule, and returns what is to be stored: the
// text, or the text masked. A field that has an error already is left as
// it is.
func (g *Guard) Text(field, text string, rule Rule) string {
	return g.check(field, text, rule, false)
}

// Kept is Text for a field of a record that is changed: a text that
// allows confirming and is the same as stored was accepted when it was
// stored, and is not asked about again (a meeting's minutes confirmed
// once do not ask again when its decisions are written). Text that may
// not be confirmed is checked every time: it can only have personal data
// stored from before the rule.
func (g *Guard) Kept(field, text, stored string, rule Rule) string {
	return g.check(field, text, rule, rule.Confirm && text == stored)
}

func (g *Guard) check(field, text string, rule Rule, accepted bool) string {
	if text == "" || accepted || g.e.Has(field) {
		return text
	}
	findings := Scan(text)
	switch {
	case len(findings) == 0:
		return text
	case g.choice.Redact:
		g.review.Masked = append(g.review.Masked, field)
		return Redact(text, findings)
	case g.choice.ConfirmPersonalData && rule.Confirm:
		g.review.Confirmed = append(g.review.Confirmed, field)
		return text
	}
	g.e.Add(field, rule.Key)
	return text
}

// Review is what a guard decided for one record: the fields stored masked
// and those kept as written on the person's confirmation. It names the
// fields, never what was in them.
type Review struct {
	Masked    []string `json:"masked,omitempty"`
	Confirmed []string `json:"confirmed,omitempty"`
}

// Review returns what the guard decided.
func (g *Guard) Review() Review { return g.review }

// Record writes the review to the audit trail, in the transaction of the
// change it belongs to, as an entry of its own (action "personal_data"):
// who chose to mask or to keep personal data, in which fields of which
// record. Nothing is written when there was nothing to decide.
func (r Review) Record(ctx context.Context, tx *db.Tx, actor audit.Actor, entity string, id int64) error {
	if len(r.Masked) == 0 && len(r.Confirmed) == 0 {
		return nil
	}
	return audit.Record(ctx, tx, actor, audit.Entry{Action: "personal_data", Entity: entity, EntityID: audit.ID(id), After: r})
}
