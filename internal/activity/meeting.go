package activity

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Attendee is a person present at a meeting and the party they came for.
type Attendee struct {
	Name           string `json:"name"`
	OrganizationID int64  `json:"organization_id,string,omitempty"`
}

// Action is an action item of a meeting: what is to be done, by which
// party, by when; open until DoneOn is set.
type Action struct {
	ID               int64  `json:"id,string"`
	MeetingID        int64  `json:"meeting_id,string"`
	Text             string `json:"text"`
	OrganizationID   int64  `json:"organization_id,string"`
	OrganizationName string `json:"organization_name"`
	DueOn            string `json:"due_on"`
	DoneOn           string `json:"done_on"`
}

// Meeting is a collaboration meeting, a council meeting (BRÅ) or the
// destination's forum, with what was said and decided.
type Meeting struct {
	ID    int64  `json:"id,string"`
	Kind  string `json:"kind"`
	Title string `json:"title"`
	// OrganizationID is the organiser, who keeps the minutes.
	OrganizationID   int64  `json:"organization_id,string"`
	OrganizationName string `json:"organization_name"`
	MunicipalityCode string `json:"municipality_code"`
	// CommitmentID is the organiser's commitment the meeting counts
	// toward, 0 for none.
	CommitmentID int64     `json:"commitment_id,string,omitempty"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
	Place        string    `json:"place"`
	// OrganizationIDs are the parties present, the organiser first;
	// Organizations the same with their names.
	OrganizationIDs []string   `json:"organization_ids"`
	Organizations   []Party    `json:"organizations"`
	Attendees       []Attendee `json:"attendees"`
	Agenda          string     `json:"agenda"`
	Minutes         string     `json:"minutes"`
	Decisions       string     `json:"decisions"`
	Actions         []Action   `json:"actions"`
	// Sequence counts the changes since the meeting was made, for
	// calendars.
	Sequence  int  `json:"sequence"`
	Synthetic bool `json:"synthetic"`
	// CreatedBy is the user who made the meeting, 0 when unknown: the
	// organiser its invitations name.
	CreatedBy int64     `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AttendeeInput is a person present as a client gives them.
type AttendeeInput struct {
	Name           string `json:"name"`
	OrganizationID string `json:"organization_id"`
}

// ActionInput is an action item as a client gives it; ID keeps an
// existing one when a meeting is changed.
type ActionInput struct {
	ID             string `json:"id"`
	Text           string `json:"text"`
	OrganizationID string `json:"organization_id"`
	DueOn          string `json:"due_on"`
	DoneOn         string `json:"done_on"`
}

// MeetingInput is a meeting as a client gives it (POST /api/v1/meetings).
// OrganizationID, the organiser, defaults to the first of
// OrganizationIDs; MunicipalityCode to the only municipality the
// organiser works in.
type MeetingInput struct {
	Title            string          `json:"title"`
	Kind             string          `json:"kind"`
	OrganizationID   string          `json:"organization_id"`
	MunicipalityCode string          `json:"municipality_code"`
	CommitmentID     string          `json:"commitment_id"`
	StartsAt         string          `json:"starts_at"`
	EndsAt           string          `json:"ends_at"`
	Place            string          `json:"place"`
	OrganizationIDs  []string        `json:"organization_ids"`
	Attendees        []AttendeeInput `json:"attendees"`
	Agenda           string          `json:"agenda"`
	Minutes          string          `json:"minutes"`
	Decisions        string          `json:"decisions"`
	Actions          []ActionInput   `json:"actions"`
	Synthetic        bool            `json:"synthetic"`
	// Personal data in the agenda, the minutes, the decisions and the
	// action items is refused unless Redact asks for it masked or
	// ConfirmPersonalData keeps it as written (pii.MeetingText).
	pii.Choice
}

// MeetingInputOf returns the input that would make m as it is.
func MeetingInputOf(m Meeting) MeetingInput {
	in := MeetingInput{Title: m.Title, Kind: m.Kind, OrganizationID: id(m.OrganizationID), MunicipalityCode: m.MunicipalityCode,
		StartsAt: m.StartsAt.Format(time.RFC3339), EndsAt: m.EndsAt.Format(time.RFC3339), Place: m.Place,
		OrganizationIDs: slices.Clone(m.OrganizationIDs), Agenda: m.Agenda, Minutes: m.Minutes, Decisions: m.Decisions,
		Synthetic: m.Synthetic}
	if m.CommitmentID != 0 {
		in.CommitmentID = id(m.CommitmentID)
	}
	for _, a := range m.Attendees {
		ai := AttendeeInput{Name: a.Name}
		if a.OrganizationID != 0 {
			ai.OrganizationID = id(a.OrganizationID)
		}
		in.Attendees = append(in.Attendees, ai)
	}
	for _, a := range m.Actions {
		in.Actions = append(in.Actions, ActionInput{ID: id(a.ID), Text: a.Text, OrganizationID: id(a.OrganizationID),
			DueOn: a.DueOn, DoneOn: a.DoneOn})
	}
	return in
}

// Limits of a meeting.
const (
	maxMinutes      = 20000
	maxMeetingHours = 72
	maxListItems    = 100
	maxActionText   = 2000
)

// Limits are the most characters each free text takes, by the field's
// name ("attendees.*.name" for a field of every row), for the forms to say while one
// types; the checks here use the same constants.
var Limits = map[string]int{
	"title": maxShort, "place": maxShort, "agenda": maxMinutes, "minutes": maxMinutes, "decisions": maxMinutes,
	"attendees.*.name": maxShort, "actions.*.text": maxActionText,
	"notes": maxNotes, "channel": maxChannel,
}

// validate checks in and returns the meeting it describes, and what was
// decided about personal data in its texts. before is the meeting as
// stored when it is changed, nil when it is made: a text that may be
// confirmed and is unchanged was accepted when it was stored.
func (in MeetingInput) validate(ctx context.Context, q db.Queryer, before *Meeting) (Meeting, pii.Review, error) {
	var e validation.Errors
	guard := pii.NewGuard(&e, in.Choice)
	if before == nil {
		before = &Meeting{}
	}
	m := Meeting{
		Title:     e.Text("title", in.Title, true, maxShort),
		Kind:      strings.TrimSpace(in.Kind),
		Place:     e.Text("place", in.Place, false, maxShort),
		Agenda:    e.Text("agenda", in.Agenda, false, maxMinutes),
		Minutes:   e.Text("minutes", in.Minutes, false, maxMinutes),
		Decisions: e.Text("decisions", in.Decisions, false, maxMinutes),
		Synthetic: in.Synthetic,
	}
	m.Agenda = guard.Kept("agenda", m.Agenda, before.Agenda, pii.MeetingText)
	m.Minutes = guard.Kept("minutes", m.Minutes, before.Minutes, pii.MeetingText)
	m.Decisions = guard.Kept("decisions", m.Decisions, before.Decisions, pii.MeetingText)
	e.OneOf("kind", m.Kind, MeetingKinds)
	m.StartsAt = checkTime(&e, "starts_at", in.StartsAt)
	m.EndsAt = checkTime(&e, "ends_at", in.EndsAt)
	if !e.Has("starts_at") && !e.Has("ends_at") {
		switch {
		case m.EndsAt.Before(m.StartsAt):
			e.Add("ends_at", "error.ends_before_start")
		case m.EndsAt.Sub(m.StartsAt) > maxMeetingHours*time.Hour:
			e.Add("ends_at", "error.meeting_too_long", maxMeetingHours)
		}
	}

	// The parties, the organiser first: the organiser is at the meeting
	// even when the list leaves it out.
	orgs, err := lookupOrganizations(ctx, q, append([]string{in.OrganizationID}, in.OrganizationIDs...))
	if err != nil {
		return m, pii.Review{}, err
	}
	organiser := parseID(in.OrganizationID)
	if organiser == 0 {
		for _, s := range in.OrganizationIDs {
			if n := parseID(s); n > 0 {
				organiser = n
				break
			}
		}
	}
	given := in.OrganizationIDs
	if organiser > 0 && orgs[organiser].Name != "" {
		m.OrganizationID, m.OrganizationName = organiser, orgs[organiser].Name
		given = append([]string{id(organiser)}, given...)
	}
	m.Organizations, m.OrganizationIDs = []Party{}, []string{}
	for _, s := range given {
		if strings.TrimSpace(s) == "" {
			continue
		}
		n := parseID(s)
		switch {
		case n <= 0 || orgs[n].Name == "":
			e.Add("organization_ids", "error.organization_unknown")
		case slices.Contains(m.OrganizationIDs, id(n)):
			if n != organiser {
				e.Add("organization_ids", "error.organization_twice")
			}
		default:
			m.Organizations = append(m.Organizations, Party{ID: n, Name: orgs[n].Name})
			m.OrganizationIDs = append(m.OrganizationIDs, id(n))
		}
	}
	switch {
	case strings.TrimSpace(in.OrganizationID) != "" && m.OrganizationID == 0:
		e.Add("organization_id", "error.organization_unknown")
	case m.OrganizationID == 0 && !e.Has("organization_ids"):
		e.Add("organization_ids", "error.choose_some")
	}

	commitment, err := lookupCommitment(ctx, q, &e, in.CommitmentID)
	if err != nil {
		return m, pii.Review{}, err
	}
	m.CommitmentID = commitment.id
	m.MunicipalityCode = strings.TrimSpace(in.MunicipalityCode)
	if m.MunicipalityCode == "" && m.OrganizationID != 0 && !e.Has("commitment_id") {
		switch codes := orgs[m.OrganizationID].Municipalities; {
		case commitment.id != 0:
			m.MunicipalityCode = commitment.municipality
		case len(codes) == 1:
			m.MunicipalityCode = codes[0]
		default:
			e.Add("municipality_code", "error.municipality_ambiguous")
		}
	}
	if m.MunicipalityCode != "" {
		if err := municipality.Check(ctx, q, &e, "municipality_code", m.MunicipalityCode); err != nil {
			return m, pii.Review{}, err
		}
		if m.OrganizationID != 0 && !e.Has("municipality_code") && !slices.Contains(orgs[m.OrganizationID].Municipalities, m.MunicipalityCode) {
			e.Add("organization_id", "error.organization_not_in_municipality")
		}
	}
	if commitment.id != 0 && m.OrganizationID != 0 {
		switch {
		case commitment.organization != m.OrganizationID:
			e.Add("commitment_id", "error.commitment_other_organization")
		case m.MunicipalityCode != "" && !e.Has("municipality_code") && commitment.municipality != m.MunicipalityCode:
			e.Add("commitment_id", "error.commitment_other_municipality")
		}
	}

	isParty := func(n int64) bool {
		return slices.ContainsFunc(m.Organizations, func(p Party) bool { return p.ID == n })
	}
	m.Attendees = []Attendee{}
	if len(in.Attendees) > maxListItems {
		e.Add("attendees", "error.too_many", maxListItems)
	}
	for i, a := range in.Attendees {
		if strings.TrimSpace(a.Name+a.OrganizationID) == "" {
			continue
		}
		at := Attendee{Name: e.Text(row("attendees", i, "name"), a.Name, true, maxShort), OrganizationID: parseID(a.OrganizationID)}
		if at.OrganizationID < 0 || (at.OrganizationID > 0 && !isParty(at.OrganizationID)) {
			e.Add(row("attendees", i, "organization_id"), "error.not_at_meeting")
		}
		m.Attendees = append(m.Attendees, at)
	}

	m.Actions = []Action{}
	if len(in.Actions) > maxListItems {
		e.Add("actions", "error.too_many", maxListItems)
	}
	meetingDay := m.StartsAt.In(zone()).Format(dateLayout)
	for i, a := range in.Actions {
		if strings.TrimSpace(a.ID+a.Text+a.OrganizationID+a.DueOn+a.DoneOn) == "" {
			continue
		}
		field := func(name string) string { return row("actions", i, name) }
		ac := Action{
			ID:             parseID(a.ID),
			Text:           e.Text(field("text"), a.Text, true, maxActionText),
			OrganizationID: parseID(a.OrganizationID),
			DueOn:          e.Date(field("due_on"), a.DueOn, false),
			DoneOn:         e.Date(field("done_on"), a.DoneOn, false),
		}
		stored := ""
		if i := slices.IndexFunc(before.Actions, func(b Action) bool { return b.ID == ac.ID }); ac.ID > 0 && i >= 0 {
			stored = before.Actions[i].Text
		}
		ac.Text = guard.Kept(field("text"), ac.Text, stored, pii.MeetingText)
		if ac.ID < 0 {
			e.Add(field("id"), "error.action_unknown")
		}
		switch {
		case ac.OrganizationID == 0:
			e.Add(field("organization_id"), "error.choose")
		case ac.OrganizationID < 0 || !isParty(ac.OrganizationID):
			e.Add(field("organization_id"), "error.not_at_meeting")
		default:
			ac.OrganizationName = orgs[ac.OrganizationID].Name
		}
		if ac.DueOn != "" && !e.Has(field("due_on")) && !e.Has("starts_at") && ac.DueOn < meetingDay {
			e.Add(field("due_on"), "error.due_before_meeting")
		}
		m.Actions = append(m.Actions, ac)
	}
	return m, guard.Review(), e.Err()
}

// AfterMeetingChange is work done inside the transaction of a change of
// a meeting, once it is made: before is the meeting as it was (nil when
// it is new), after as it is now (nil when it is deleted). The invitations
// by e-mail are such work (package activity/invite); an error undoes the
// change.
type AfterMeetingChange func(ctx context.Context, tx *db.Tx, actor audit.Actor, before, after *Meeting) error

func runAfter(ctx context.Context, tx *db.Tx, actor audit.Actor, before, after *Meeting, then []AfterMeetingChange) error {
	for _, f := range then {
		if f == nil {
			continue
		}
		if err := f(ctx, tx, actor, before, after); err != nil {
			return err
		}
	}
	return nil
}

// CreateMeeting records a meeting, and does then in the same transaction.
func (s *Store) CreateMeeting(ctx context.Context, actor audit.Actor, in MeetingInput, then ...AfterMeetingChange) (Meeting, error) {
	var m Meeting
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var review pii.Review
		var err error
		if m, review, err = in.validate(ctx, tx, nil); err != nil {
			return err
		}
		var e validation.Errors
		for i, a := range m.Actions {
			if a.ID != 0 {
				e.Add(row("actions", i, "id"), "error.action_unknown")
			}
		}
		if err := e.Err(); err != nil {
			return err
		}
		m.CreatedAt, m.UpdatedAt = tx.Now(), tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO meetings (kind, title, organization_id, municipality_code, commitment_id,
			starts_at, ends_at, place, agenda, minutes, decisions, sequence, synthetic, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?) RETURNING id`,
			m.Kind, m.Title, m.OrganizationID, m.MunicipalityCode, db.NullID(m.CommitmentID), m.StartsAt, m.EndsAt, m.Place,
			m.Agenda, m.Minutes, m.Decisions, m.Synthetic, db.NullID(actor.UserID), m.CreatedAt, m.UpdatedAt).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("create meeting: %w", db.Normalize(err))
		}
		if err := writeMeetingParts(ctx, tx, &m, nil); err != nil {
			return err
		}
		m.CreatedBy = actor.UserID
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "meeting", EntityID: audit.ID(m.ID), After: m}); err != nil {
			return err
		}
		if err := review.Record(ctx, tx, actor, "meeting", m.ID); err != nil {
			return err
		}
		return runAfter(ctx, tx, actor, nil, &m, then)
	})
	return m, err
}

// UpdateMeeting changes a meeting: the minutes written afterwards, the
// decisions, the action items. The organiser stays; action items given
// with their id keep it. then is done in the same transaction.
func (s *Store) UpdateMeeting(ctx context.Context, actor audit.Actor, meetingID int64, in MeetingInput, then ...AfterMeetingChange) (Meeting, error) {
	var m Meeting
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := meetingByID(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if strings.TrimSpace(in.OrganizationID) == "" {
			in.OrganizationID = id(before.OrganizationID)
		}
		var review pii.Review
		if m, review, err = in.validate(ctx, tx, &before); err != nil {
			return err
		}
		var e validation.Errors
		if m.OrganizationID != before.OrganizationID {
			e.Add("organization_id", "error.organization_fixed")
		}
		for i, a := range m.Actions {
			if a.ID != 0 && !slices.ContainsFunc(before.Actions, func(b Action) bool { return b.ID == a.ID }) {
				e.Add(row("actions", i, "id"), "error.action_unknown")
			}
		}
		if err := e.Err(); err != nil {
			return err
		}
		m.ID, m.CreatedAt, m.UpdatedAt, m.Sequence = meetingID, before.CreatedAt, tx.Now(), before.Sequence+1
		_, err = tx.ExecContext(ctx, `UPDATE meetings SET kind = ?, title = ?, municipality_code = ?, commitment_id = ?,
			starts_at = ?, ends_at = ?, place = ?, agenda = ?, minutes = ?, decisions = ?, sequence = ?, synthetic = ?,
			updated_at = ? WHERE id = ?`, m.Kind, m.Title, m.MunicipalityCode, db.NullID(m.CommitmentID), m.StartsAt, m.EndsAt,
			m.Place, m.Agenda, m.Minutes, m.Decisions, m.Sequence, m.Synthetic, m.UpdatedAt, meetingID)
		if err != nil {
			return fmt.Errorf("update meeting %d: %w", meetingID, err)
		}
		for _, table := range []string{"meeting_organizations", "meeting_attendees"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE meeting_id = ?`, meetingID); err != nil {
				return fmt.Errorf("clear %s: %w", table, err)
			}
		}
		if err := writeMeetingParts(ctx, tx, &m, before.Actions); err != nil {
			return err
		}
		if m, err = meetingByID(ctx, tx, meetingID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "meeting", EntityID: audit.ID(meetingID),
			Before: before, After: m}); err != nil {
			return err
		}
		if err := review.Record(ctx, tx, actor, "meeting", meetingID); err != nil {
			return err
		}
		return runAfter(ctx, tx, actor, &before, &m, then)
	})
	return m, err
}

// DeleteMeeting removes a meeting with its action items, and does then in
// the same transaction.
func (s *Store) DeleteMeeting(ctx context.Context, actor audit.Actor, meetingID int64, then ...AfterMeetingChange) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := meetingByID(ctx, tx, meetingID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM meetings WHERE id = ?`, meetingID); err != nil {
			return fmt.Errorf("delete meeting %d: %w", meetingID, err)
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "delete", Entity: "meeting", EntityID: audit.ID(meetingID), Before: before}); err != nil {
			return err
		}
		return runAfter(ctx, tx, actor, &before, nil, then)
	})
}

// writeMeetingParts stores the parties, attendees and action items of m;
// before are the action items it had, which are changed, kept or removed.
func writeMeetingParts(ctx context.Context, tx *db.Tx, m *Meeting, before []Action) error {
	for i, o := range m.Organizations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_organizations (meeting_id, organization_id, position) VALUES (?, ?, ?)`,
			m.ID, o.ID, i); err != nil {
			return fmt.Errorf("meeting %d party %d: %w", m.ID, o.ID, err)
		}
	}
	for i, a := range m.Attendees {
		if _, err := tx.ExecContext(ctx, `INSERT INTO meeting_attendees (meeting_id, position, name, organization_id) VALUES (?, ?, ?, ?)`,
			m.ID, i, a.Name, db.NullID(a.OrganizationID)); err != nil {
			return fmt.Errorf("meeting %d attendee %d: %w", m.ID, i, err)
		}
	}
	var keep []int64
	at := tx.Now()
	for i := range m.Actions {
		a := &m.Actions[i]
		a.MeetingID = m.ID
		if a.ID != 0 {
			keep = append(keep, a.ID)
			if _, err := tx.ExecContext(ctx, `UPDATE meeting_actions SET position = ?, text = ?, organization_id = ?, due_on = ?,
				done_on = ?, updated_at = ? WHERE id = ? AND meeting_id = ?`, i, a.Text, a.OrganizationID, a.DueOn, a.DoneOn, at,
				a.ID, m.ID); err != nil {
				return fmt.Errorf("meeting %d action %d: %w", m.ID, a.ID, err)
			}
			continue
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO meeting_actions (meeting_id, position, text, organization_id, due_on, done_on,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.ID, i, a.Text, a.OrganizationID, a.DueOn,
			a.DoneOn, at, at).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("meeting %d action: %w", m.ID, db.Normalize(err))
		}
	}
	for _, b := range before {
		if !slices.Contains(keep, b.ID) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM meeting_actions WHERE id = ?`, b.ID); err != nil {
				return fmt.Errorf("remove action %d: %w", b.ID, err)
			}
		}
	}
	return nil
}

// Meeting returns one meeting, or db.ErrNotFound.
func (s *Store) Meeting(ctx context.Context, meetingID int64) (Meeting, error) {
	return meetingByID(ctx, s.db, meetingID)
}

func meetingByID(ctx context.Context, q db.Queryer, meetingID int64) (Meeting, error) {
	list, err := loadMeetings(ctx, q, `m.id = ?`, []any{meetingID}, "m.id", 0)
	if err != nil {
		return Meeting{}, err
	}
	if len(list) == 0 {
		return Meeting{}, fmt.Errorf("meeting %d: %w", meetingID, db.ErrNotFound)
	}
	return list[0], nil
}

// MeetingFilter narrows a listing of meetings.
type MeetingFilter struct {
	// Scope limits the listing to what a user may read (ScopeOf): the
	// meetings of its municipalities and those its organisations
	// organised or took part in.
	Scope            Scope
	MunicipalityCode string
	Kind             string
	From, To         time.Time // bound the start; To not included
	Cursor           string
	Limit            int
}

func (f MeetingFilter) where() (string, []any) {
	var conds []string
	var args []any
	switch {
	case f.Scope.All:
	case len(f.Scope.Municipalities) == 0 && len(f.Scope.Organizations) == 0:
		conds = append(conds, "1 = 0")
	default:
		var or []string
		if len(f.Scope.Municipalities) > 0 {
			or = append(or, "m.municipality_code IN ("+db.Placeholders(len(f.Scope.Municipalities))+")")
			for _, c := range f.Scope.Municipalities {
				args = append(args, c)
			}
		}
		if len(f.Scope.Organizations) > 0 {
			or = append(or, participates(len(f.Scope.Organizations)))
			args = append(args, db.IDArgs(f.Scope.Organizations)...)
		}
		conds = append(conds, "("+strings.Join(or, " OR ")+")")
	}
	if f.MunicipalityCode != "" {
		conds = append(conds, "m.municipality_code = ?")
		args = append(args, f.MunicipalityCode)
	}
	if f.Kind != "" {
		conds = append(conds, "m.kind = ?")
		args = append(args, f.Kind)
	}
	if !f.From.IsZero() {
		conds = append(conds, "m.starts_at >= ?")
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		conds = append(conds, "m.starts_at < ?")
		args = append(args, f.To.UTC())
	}
	if len(conds) == 0 {
		return "1 = 1", args
	}
	return strings.Join(conds, " AND "), args
}

// participates is the condition that one of n organisations took part in
// the meeting m (the organiser is always among the parties).
func participates(n int) string {
	return "EXISTS (SELECT 1 FROM meeting_organizations mo WHERE mo.meeting_id = m.id AND mo.organization_id IN (" +
		db.Placeholders(n) + "))"
}

// Meetings returns meetings, the latest first, a page at a time.
func (s *Store) Meetings(ctx context.Context, f MeetingFilter) (db.Page[Meeting], error) {
	where, args := f.where()
	return db.NewestFirst(f.Cursor, db.Limit(f.Limit, 50, 500), "m.starts_at", "m.id", where, args,
		func(where string, args []any, order string, limit int) ([]Meeting, error) {
			return loadMeetings(ctx, s.db, where, args, order, limit)
		},
		func(x Meeting) (time.Time, int64) { return x.StartsAt, x.ID })
}

// MaxCalendar is the most meetings a calendar holds.
const MaxCalendar = 2000

// MeetingsOf returns the meetings the organisations organised or took part
// in that start at since or later, the earliest first: a user's calendar.
// Of more than MaxCalendar, the latest are kept: a calendar that has to
// leave some out leaves out the oldest.
func (s *Store) MeetingsOf(ctx context.Context, organizationIDs []int64, since time.Time) ([]Meeting, error) {
	if len(organizationIDs) == 0 {
		return []Meeting{}, nil
	}
	args := append(db.IDArgs(organizationIDs), since.UTC())
	list, err := loadMeetings(ctx, s.db, participates(len(organizationIDs))+` AND m.starts_at >= ?`, args,
		"m.starts_at DESC, m.id DESC", MaxCalendar)
	if err != nil {
		return nil, err
	}
	slices.Reverse(list)
	if list == nil {
		list = []Meeting{}
	}
	return list, nil
}

func loadMeetings(ctx context.Context, q db.Queryer, where string, args []any, order string, limit int) ([]Meeting, error) {
	query := `SELECT m.id, m.kind, m.title, m.organization_id, o.name, m.municipality_code, m.commitment_id, m.starts_at,
		m.ends_at, m.place, m.agenda, m.minutes, m.decisions, m.sequence, m.synthetic, m.created_by, m.created_at, m.updated_at
		FROM meetings m JOIN organizations o ON o.id = m.organization_id WHERE ` + where + ` ORDER BY ` + order
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	var list []Meeting
	err := db.Each(ctx, q, query, args, func(sc db.Scanner) error {
		var m Meeting
		var commitment, createdBy sql.NullInt64
		if err := sc.Scan(&m.ID, &m.Kind, &m.Title, &m.OrganizationID, &m.OrganizationName, &m.MunicipalityCode, &commitment,
			&m.StartsAt, &m.EndsAt, &m.Place, &m.Agenda, &m.Minutes, &m.Decisions, &m.Sequence, &m.Synthetic, &createdBy,
			&m.CreatedAt, &m.UpdatedAt); err != nil {
			return err
		}
		m.CommitmentID, m.CreatedBy = commitment.Int64, createdBy.Int64
		m.StartsAt, m.EndsAt, m.CreatedAt, m.UpdatedAt = m.StartsAt.UTC(), m.EndsAt.UTC(), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
		m.OrganizationIDs, m.Organizations, m.Attendees, m.Actions = []string{}, []Party{}, []Attendee{}, []Action{}
		list = append(list, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("meetings: %w", err)
	}
	index := make(map[int64]*Meeting, len(list))
	ids := make([]int64, len(list))
	for i := range list {
		index[list[i].ID], ids[i] = &list[i], list[i].ID
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		in := ` IN (` + db.Placeholders(len(chunk)) + `)`
		err := db.Each(ctx, q, `SELECT mo.meeting_id, o.id, o.name FROM meeting_organizations mo JOIN organizations o ON o.id = mo.organization_id
			WHERE mo.meeting_id`+in+` ORDER BY mo.meeting_id, mo.position`, db.IDArgs(chunk), func(sc db.Scanner) error {
			var mid int64
			var p Party
			if err := sc.Scan(&mid, &p.ID, &p.Name); err != nil {
				return err
			}
			index[mid].Organizations = append(index[mid].Organizations, p)
			index[mid].OrganizationIDs = append(index[mid].OrganizationIDs, id(p.ID))
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("meeting parties: %w", err)
		}
		err = db.Each(ctx, q, `SELECT meeting_id, name, organization_id FROM meeting_attendees WHERE meeting_id`+in+`
			ORDER BY meeting_id, position`, db.IDArgs(chunk), func(sc db.Scanner) error {
			var mid int64
			var a Attendee
			var orgID sql.NullInt64
			if err := sc.Scan(&mid, &a.Name, &orgID); err != nil {
				return err
			}
			a.OrganizationID = orgID.Int64
			index[mid].Attendees = append(index[mid].Attendees, a)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("meeting attendees: %w", err)
		}
		err = db.Each(ctx, q, `SELECT a.meeting_id, a.id, a.text, a.organization_id, o.name, a.due_on, a.done_on FROM meeting_actions a
			JOIN organizations o ON o.id = a.organization_id WHERE a.meeting_id`+in+` ORDER BY a.meeting_id, a.position`,
			db.IDArgs(chunk), func(sc db.Scanner) error {
				var a Action
				if err := sc.Scan(&a.MeetingID, &a.ID, &a.Text, &a.OrganizationID, &a.OrganizationName, &a.DueOn, &a.DoneOn); err != nil {
					return err
				}
				index[a.MeetingID].Actions = append(index[a.MeetingID].Actions, a)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("meeting actions: %w", err)
		}
	}
	return list, nil
}

// OpenAction is an open action item with its meeting, for a start page.
type OpenAction struct {
	Action
	MeetingTitle    string    `json:"meeting_title"`
	MeetingStartsAt time.Time `json:"meeting_starts_at"`
	// MeetingOrganizationID is the meeting's organiser, who may mark the
	// item done too (CanMarkAction).
	MeetingOrganizationID int64  `json:"meeting_organization_id,string"`
	MunicipalityCode      string `json:"municipality_code"`
}

// Meeting returns the part of the item's meeting that CanMarkAction needs.
func (a OpenAction) Meeting() Meeting {
	return Meeting{ID: a.MeetingID, OrganizationID: a.MeetingOrganizationID, MunicipalityCode: a.MunicipalityCode}
}

// OpenActions returns the open action items the organisations own, those
// due first (items without a date last).
func (s *Store) OpenActions(ctx context.Context, organizationIDs []int64) ([]OpenAction, error) {
	out := []OpenAction{}
	if len(organizationIDs) == 0 {
		return out, nil
	}
	err := db.Each(ctx, s.db, `SELECT a.id, a.meeting_id, a.text, a.organization_id, o.name, a.due_on, a.done_on,
		m.title, m.starts_at, m.organization_id, m.municipality_code
		FROM meeting_actions a JOIN meetings m ON m.id = a.meeting_id JOIN organizations o ON o.id = a.organization_id
		WHERE a.done_on = '' AND a.organization_id IN (`+db.Placeholders(len(organizationIDs))+`)
		ORDER BY CASE WHEN a.due_on = '' THEN 1 ELSE 0 END, a.due_on, m.starts_at, a.id`, db.IDArgs(organizationIDs),
		func(sc db.Scanner) error {
			var a OpenAction
			if err := sc.Scan(&a.ID, &a.MeetingID, &a.Text, &a.OrganizationID, &a.OrganizationName, &a.DueOn, &a.DoneOn,
				&a.MeetingTitle, &a.MeetingStartsAt, &a.MeetingOrganizationID, &a.MunicipalityCode); err != nil {
				return err
			}
			a.MeetingStartsAt = a.MeetingStartsAt.UTC()
			out = append(out, a)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("open actions: %w", err)
	}
	return out, nil
}

// ActionWithMeeting returns an action item and its meeting, or
// db.ErrNotFound.
func (s *Store) ActionWithMeeting(ctx context.Context, actionID int64) (Action, Meeting, error) {
	var meetingID int64
	if err := s.db.QueryRowContext(ctx, `SELECT meeting_id FROM meeting_actions WHERE id = ?`, actionID).Scan(&meetingID); err != nil {
		return Action{}, Meeting{}, fmt.Errorf("action %d: %w", actionID, db.Normalize(err))
	}
	m, err := meetingByID(ctx, s.db, meetingID)
	if err != nil {
		return Action{}, Meeting{}, err
	}
	i := slices.IndexFunc(m.Actions, func(a Action) bool { return a.ID == actionID })
	if i < 0 {
		return Action{}, Meeting{}, fmt.Errorf("action %d: %w", actionID, db.ErrNotFound)
	}
	return m.Actions[i], m, nil
}

// SetActionDone marks an action item done on a date, or open again with
// "".
func (s *Store) SetActionDone(ctx context.Context, actor audit.Actor, actionID int64, doneOn string) (Action, error) {
	var e validation.Errors
	doneOn = e.Date("done_on", doneOn, false)
	if err := e.Err(); err != nil {
		return Action{}, err
	}
	var a Action
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var before Action
		err := tx.QueryRowContext(ctx, `SELECT a.id, a.meeting_id, a.text, a.organization_id, o.name, a.due_on, a.done_on
			FROM meeting_actions a JOIN organizations o ON o.id = a.organization_id WHERE a.id = ?`, actionID).
			Scan(&before.ID, &before.MeetingID, &before.Text, &before.OrganizationID, &before.OrganizationName, &before.DueOn, &before.DoneOn)
		if err = db.Normalize(err); err != nil {
			if errors.Is(err, db.ErrNotFound) {
				return fmt.Errorf("action %d: %w", actionID, err)
			}
			return err
		}
		a = before
		a.DoneOn = doneOn
		if _, err := tx.ExecContext(ctx, `UPDATE meeting_actions SET done_on = ?, updated_at = ? WHERE id = ?`, doneOn, tx.Now(), actionID); err != nil {
			return fmt.Errorf("action %d: %w", actionID, err)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "meeting_action", EntityID: audit.ID(actionID),
			Before: before, After: a})
	})
	return a, err
}

// CheckMeeting validates in as CreateMeeting would, without storing
// anything.
func (s *Store) CheckMeeting(ctx context.Context, in MeetingInput) error {
	_, _, err := in.validate(ctx, s.db, nil)
	return err
}
