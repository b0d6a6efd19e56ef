// Package promise owns the agreements between a municipality and the local
// police area (samverkansöverenskommelser) and the citizen promises
// (medborgarlöften) made under them: their parties and signatories, the
// commitments of each party with their status, the amendments made during
// the period, the versions of an agreement, and the progress of a promise.
package promise

import (
	"time"

	"github.com/samverkan/samverkan/internal/db"
)

// Party is an organisation that is part of an agreement or a promise, with
// the person who signs for it. The name of the signatory is optional: some
// parties sign by title only.
type Party struct {
	OrganizationID   int64  `json:"organization_id,string"`
	OrganizationName string `json:"organization_name"`
	SignatoryTitle   string `json:"signatory_title"`
	SignatoryName    string `json:"signatory_name"`
}

// PartyInput is a party as given by a client.
type PartyInput struct {
	OrganizationID string `json:"organization_id"`
	SignatoryTitle string `json:"signatory_title"`
	SignatoryName  string `json:"signatory_name"`
}

// FocusArea is one of the areas an agreement prioritises, such as traffic
// or narcotics.
type FocusArea struct {
	ID          int64  `json:"id,string"`
	Title       string `json:"title"`
	Description string `json:"description"`
}

// Agreement is a collaboration agreement (samverkansöverenskommelse).
type Agreement struct {
	ID               int64       `json:"id,string"`
	Title            string      `json:"title"`
	MunicipalityCode string      `json:"municipality_code"`
	PartyIDs         []string    `json:"party_ids"`
	Parties          []Party     `json:"parties"`
	SignedOn         string      `json:"signed_on"`
	SignedPlace      string      `json:"signed_place"`
	StartsOn         string      `json:"starts_on"`
	EndsOn           string      `json:"ends_on"`
	Purpose          string      `json:"purpose"`
	Collaboration    string      `json:"collaboration"`
	Problem          string      `json:"problem"`
	Documentation    string      `json:"documentation"`
	FollowUp         string      `json:"follow_up"`
	FocusAreas       []FocusArea `json:"focus_areas"`
	Version          int         `json:"version"`
	CreatedAt        time.Time   `json:"created_at"`
	UpdatedAt        time.Time   `json:"updated_at"`
}

// Version is one state of an agreement as it was saved.
type Version struct {
	Version    int       `json:"version"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id,string,omitempty"`
	ActorLabel string    `json:"actor"`
	Agreement  Agreement `json:"agreement"`
}

// Status is where a promise is in its life.
type Status string

const (
	// Draft promises are seen only by the parties and coordinators.
	Draft Status = "draft"
	// Published promises are public.
	Published Status = "published"
	// Ended promises are public and no longer current.
	Ended Status = "ended"
)

// CommitmentStatus is how far a commitment has come.
type CommitmentStatus string

const (
	Planned    CommitmentStatus = "planned"
	InProgress CommitmentStatus = "in_progress"
	Done       CommitmentStatus = "done"
	NotDone    CommitmentStatus = "not_done"
)

// CommitmentStatuses lists the statuses in the order of a commitment's life.
var CommitmentStatuses = []CommitmentStatus{Planned, InProgress, Done, NotDone}

// Channels are the ways a promise is made known, in the order they are
// shown: the press, the parties' websites, social media, and internally
// at each party.
var Channels = []string{"press", "websites", "social_media", "internal"}

// Channel is a way the promise is to be made known; DoneOn is set once it
// was.
type Channel struct {
	Channel string `json:"channel"`
	DoneOn  string `json:"done_on"`
}

// Commitment is what one party promises to do (åtagande).
type Commitment struct {
	ID               int64            `json:"id,string"`
	OrganizationID   int64            `json:"organization_id,string"`
	OrganizationName string           `json:"organization_name"`
	Text             string           `json:"text"`
	Target           *float64         `json:"target"`
	Unit             string           `json:"unit"`
	Measure          Measure          `json:"measure"`
	DueOn            string           `json:"due_on"`
	Responsible      string           `json:"responsible"`
	Status           CommitmentStatus `json:"status"`
	Reason           string           `json:"reason"`
	// AmendmentID is the amendment that added the commitment, 0 for the
	// promise's own.
	AmendmentID int64     `json:"amendment_id,string,omitempty"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Measure is how the progress of a commitment is measured.
type Measure string

const (
	// MeasureActivities counts the activities, inspections and meetings
	// documented toward the commitment ("3 av 10 kontroller").
	MeasureActivities Measure = "activities"
	// MeasurePremisesCoverage is the share of the municipality's licensed
	// premises that had a recorded visit in the promise's period: the
	// commitment "at least one recorded visit to every serving premises",
	// which reads "12 av 14 serveringsställen", not as a count of visits.
	MeasurePremisesCoverage Measure = "premises_coverage"
)

// Measures lists the measures, the default first.
var Measures = []Measure{MeasureActivities, MeasurePremisesCoverage}

// Amendment is a change to a promise during its period: a new end, new
// commitments, or both.
type Amendment struct {
	ID             int64     `json:"id,string"`
	DecidedOn      string    `json:"decided_on"`
	Description    string    `json:"description"`
	PreviousEndsOn string    `json:"previous_ends_on"`
	EndsOn         string    `json:"ends_on"`
	CommitmentIDs  []string  `json:"commitment_ids"`
	CreatedAt      time.Time `json:"created_at"`
}

// Extends reports whether the amendment moved the end of the period.
func (a Amendment) Extends() bool { return a.EndsOn != a.PreviousEndsOn }

// Promise is a citizen promise (medborgarlöfte).
type Promise struct {
	ID               int64        `json:"id,string"`
	Title            string       `json:"title"`
	MunicipalityCode string       `json:"municipality_code"`
	AgreementID      int64        `json:"agreement_id,string,omitempty"`
	Status           Status       `json:"status"`
	Problem          string       `json:"problem"`
	Effect           string       `json:"effect"`
	FollowUp         string       `json:"follow_up"`
	StartsOn         string       `json:"starts_on"`
	EndsOn           string       `json:"ends_on"`
	PeriodLabel      string       `json:"period_label"`
	SignedOn         string       `json:"signed_on"`
	SignedPlace      string       `json:"signed_place"`
	Parties          []Party      `json:"parties"`
	Communication    []Channel    `json:"communication"`
	Commitments      []Commitment `json:"commitments"`
	Amendments       []Amendment  `json:"amendments"`
	PublishedAt      *time.Time   `json:"published_at"`
	EndedAt          *time.Time   `json:"ended_at"`
	CreatedAt        time.Time    `json:"created_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
}

// IsPublic reports whether anyone may read the promise.
func (p Promise) IsPublic() bool { return p.Status == Published || p.Status == Ended }

// IsCurrent reports whether the promise is public and its period has not
// ended by the date today (YYYY-MM-DD).
func (p Promise) IsCurrent(today string) bool {
	return p.Status == Published && p.EndsOn >= today
}

// IsOver reports whether the promise is over on the date today
// (YYYY-MM-DD): ended by its coordinator, or its period past.
func (p Promise) IsOver(today string) bool { return IsOver(p.Status, p.EndsOn, today) }

// IsOver is Promise.IsOver for a promise known by its status and end, as a
// query of commitments reads them. The commitments of a promise that is
// over are history: the forms do not offer them for new work, nor suggest
// them, though work already counted toward them stays so.
func IsOver(status Status, endsOn, today string) bool { return status == Ended || endsOn < today }

// Party returns the party with the organisation id, if it is one.
func (p Promise) Party(orgID int64) (Party, bool) {
	for _, pt := range p.Parties {
		if pt.OrganizationID == orgID {
			return pt, true
		}
	}
	return Party{}, false
}

// Store reads and writes agreements and promises.
type Store struct {
	db *db.DB
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }
