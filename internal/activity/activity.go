package activity

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Party is an organisation named on an activity or a meeting.
type Party struct {
	ID   int64  `json:"id,string"`
	Name string `json:"name"`
}

// Participant is how many came to a training from one premises.
type Participant struct {
	PremisesID   int64  `json:"premises_id,string"`
	PremisesName string `json:"premises_name"`
	Count        int    `json:"count"`
}

// Activity is one thing a party did (insats): a traffic control, a
// patrol, a training.
type Activity struct {
	ID               int64  `json:"id,string"`
	Kind             string `json:"kind"`
	OrganizationID   int64  `json:"organization_id,string"`
	OrganizationName string `json:"organization_name"`
	MunicipalityCode string `json:"municipality_code"`
	// CommitmentID is the commitment the activity counts toward, 0 for
	// none.
	CommitmentID int64      `json:"commitment_id,string,omitempty"`
	StartedAt    time.Time  `json:"started_at"`
	EndedAt      *time.Time `json:"ended_at"`
	Place        string     `json:"place"`
	Lat          *float64   `json:"lat"`
	Lon          *float64   `json:"lon"`
	// Counts holds the kind's counters that were given.
	Counts map[string]float64 `json:"counts"`
	Notes  string             `json:"notes"`
	// PartnerIDs are the other parties that took part or co-organised;
	// Partners the same with their names.
	PartnerIDs []string `json:"partner_ids"`
	Partners   []Party  `json:"partners"`
	// Topic is a training's subject; Channel an information effort's way
	// out (press, social media, a leaflet).
	Topic   string `json:"topic"`
	Channel string `json:"channel"`
	// Participants are a training's participants per premises.
	Participants []Participant `json:"participants"`
	Synthetic    bool          `json:"synthetic"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// ParticipantInput is a training's participants from one premises.
type ParticipantInput struct {
	PremisesID string `json:"premises_id"`
	Count      int    `json:"count"`
}

// Input is an activity as a client gives it (POST /api/v1/activities).
// MunicipalityCode may be left out when the commitment or the
// organisation says which municipality it is.
type Input struct {
	Kind             string             `json:"kind"`
	OrganizationID   string             `json:"organization_id"`
	MunicipalityCode string             `json:"municipality_code"`
	CommitmentID     string             `json:"commitment_id"`
	StartedAt        string             `json:"started_at"` // RFC 3339
	EndedAt          string             `json:"ended_at"`
	Place            string             `json:"place"`
	Lat              *float64           `json:"lat"`
	Lon              *float64           `json:"lon"`
	Counts           map[string]float64 `json:"counts"`
	Notes            string             `json:"notes"`
	PartnerIDs       []string           `json:"partner_ids"`
	Topic            string             `json:"topic"`
	Channel          string             `json:"channel"`
	Participants     []ParticipantInput `json:"participants"`
	Synthetic        bool               `json:"synthetic"`
	// Personal data in the notes is refused unless Redact asks for it
	// masked (pii.WorkNotes).
	pii.Choice
}

// InputOf returns the input that would make a as it is.
func InputOf(a Activity) Input {
	in := Input{Kind: a.Kind, OrganizationID: id(a.OrganizationID), MunicipalityCode: a.MunicipalityCode,
		StartedAt: a.StartedAt.Format(time.RFC3339), Place: a.Place, Lat: a.Lat, Lon: a.Lon, Counts: maps.Clone(a.Counts),
		Notes: a.Notes, PartnerIDs: slices.Clone(a.PartnerIDs), Topic: a.Topic, Channel: a.Channel, Synthetic: a.Synthetic}
	if a.CommitmentID != 0 {
		in.CommitmentID = id(a.CommitmentID)
	}
	if a.EndedAt != nil {
		in.EndedAt = a.EndedAt.Format(time.RFC3339)
	}
	for _, p := range a.Participants {
		in.Participants = append(in.Participants, ParticipantInput{PremisesID: id(p.PremisesID), Count: p.Count})
	}
	return in
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// Limits of an activity.
const (
	maxCount    = 1_000_000
	maxDuration = 183 * 24 * time.Hour // a campaign of a season; longer is a typo in the year
	maxNotes    = 5000
	maxChannel  = 100
)

// validate checks in and returns the activity it describes, and what was
// decided about personal data in its notes.
func (in Input) validate(ctx context.Context, q db.Queryer) (Activity, pii.Review, error) {
	var e validation.Errors
	guard := pii.NewGuard(&e, in.Choice)
	a := Activity{
		Kind:      strings.TrimSpace(in.Kind),
		Place:     e.Text("place", in.Place, false, maxShort),
		Lat:       in.Lat,
		Lon:       in.Lon,
		Notes:     e.Text("notes", in.Notes, false, maxNotes),
		Synthetic: in.Synthetic,
	}
	a.Notes = guard.Text("notes", a.Notes, pii.WorkNotes)
	e.OneOf("kind", a.Kind, KindNames())
	kind, kindKnown := KindOf(a.Kind)
	a.StartedAt = checkTime(&e, "started_at", in.StartedAt)
	if strings.TrimSpace(in.EndedAt) != "" {
		end := checkTime(&e, "ended_at", in.EndedAt)
		switch {
		case e.Has("started_at") || e.Has("ended_at"):
		case end.Before(a.StartedAt):
			e.Add("ended_at", "error.ends_before_start")
		case end.Sub(a.StartedAt) > maxDuration:
			e.Add("ended_at", "error.activity_too_long", int(maxDuration.Hours()/24))
		}
		a.EndedAt = &end
	}
	e.Position(a.Lat, a.Lon)
	if kindKnown {
		a.Counts = checkCounts(&e, kind, in.Counts)
	}

	// What belongs to one kind only.
	a.Topic = strings.TrimSpace(in.Topic)
	a.Channel = e.Text("channel", in.Channel, false, maxChannel)
	switch {
	case a.Kind == KindTraining:
		e.OneOf("topic", a.Topic, Topics)
	case a.Topic != "" && kindKnown:
		e.Add("topic", "error.field_not_of_kind")
	}
	if a.Channel != "" && a.Kind != KindInformation && kindKnown {
		e.Add("channel", "error.field_not_of_kind")
	}
	if len(in.Participants) > 0 && a.Kind != KindTraining && kindKnown {
		e.Add("participants", "error.field_not_of_kind")
	}

	// Who, where, and toward what.
	orgs, err := lookupOrganizations(ctx, q, append([]string{in.OrganizationID}, in.PartnerIDs...))
	if err != nil {
		return a, pii.Review{}, err
	}
	switch a.OrganizationID = parseID(in.OrganizationID); {
	case a.OrganizationID == 0:
		e.Add("organization_id", "error.choose")
	case orgs[a.OrganizationID].Name == "":
		e.Add("organization_id", "error.organization_unknown")
	default:
		a.OrganizationName = orgs[a.OrganizationID].Name
	}
	a.Partners, a.PartnerIDs = checkPartners(&e, in.PartnerIDs, a.OrganizationID, orgs)

	var commitment commitmentRef
	if commitment, err = lookupCommitment(ctx, q, &e, in.CommitmentID); err != nil {
		return a, pii.Review{}, err
	}
	a.CommitmentID = commitment.id
	a.MunicipalityCode = strings.TrimSpace(in.MunicipalityCode)
	if a.MunicipalityCode == "" && !e.Has("organization_id") && !e.Has("commitment_id") {
		// Said by the commitment, or by the only municipality the
		// organisation works in.
		switch codes := orgs[a.OrganizationID].Municipalities; {
		case commitment.id != 0:
			a.MunicipalityCode = commitment.municipality
		case len(codes) == 1:
			a.MunicipalityCode = codes[0]
		default:
			e.Add("municipality_code", "error.municipality_ambiguous")
		}
	}
	if a.MunicipalityCode != "" {
		if err := municipality.Check(ctx, q, &e, "municipality_code", a.MunicipalityCode); err != nil {
			return a, pii.Review{}, err
		}
		if !e.Has("municipality_code") && !e.Has("organization_id") &&
			!slices.Contains(orgs[a.OrganizationID].Municipalities, a.MunicipalityCode) {
			e.Add("organization_id", "error.organization_not_in_municipality")
		}
	}
	if commitment.id != 0 && !e.Has("organization_id") {
		switch {
		case commitment.organization != a.OrganizationID:
			// A party counts its own work only.
			e.Add("commitment_id", "error.commitment_other_organization")
		case a.MunicipalityCode != "" && !e.Has("municipality_code") && commitment.municipality != a.MunicipalityCode:
			e.Add("commitment_id", "error.commitment_other_municipality")
		}
	}
	if a.Kind == KindTraining {
		if a.Participants, err = checkParticipants(ctx, q, &e, in.Participants, a.MunicipalityCode); err != nil {
			return a, pii.Review{}, err
		}
		sum := 0
		for _, p := range a.Participants {
			sum += p.Count
		}
		if total, ok := a.Counts["participants"]; ok && total < float64(sum) && !e.Has(countField("participants")) {
			e.Add(countField("participants"), "error.participants_below_sum", sum)
		} else if !ok && sum > 0 {
			a.Counts["participants"] = float64(sum)
		}
	}
	if a.Participants == nil {
		a.Participants = []Participant{}
	}
	slices.SortFunc(a.Participants, func(x, y Participant) int { return cmp.Compare(x.PremisesID, y.PremisesID) })
	return a, guard.Review(), e.Err()
}

// checkCounts checks the counters given for an activity of kind: each
// one of the kind's, not negative, whole where it counts things.
func checkCounts(e *validation.Errors, kind Kind, in map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for _, name := range slices.Sorted(maps.Keys(in)) {
		v := in[name]
		field := countField(name)
		c, ok := kind.Counter(name)
		switch {
		case !ok:
			e.Add(field, "error.counter_not_of_kind", strings.Join(counterNames(kind), ", "))
		case math.IsNaN(v) || math.IsInf(v, 0):
			e.Add(field, "error.number")
		case v < 0:
			e.Add(field, "error.counter_negative")
		case v > maxCount:
			e.Add(field, "error.counter_too_large", maxCount)
		case c.Whole && v != math.Trunc(v):
			e.Add(field, "error.counter_whole")
		default:
			out[name] = v
		}
	}
	return out
}

// countField names the field of a counter: "counts.breath_tests".
func countField(name string) string { return "counts." + name }

func counterNames(k Kind) []string {
	names := make([]string, len(k.Counters))
	for i, c := range k.Counters {
		names[i] = c.Name
	}
	if len(names) == 0 {
		return []string{"–"}
	}
	return names
}

// orgInfo is an organisation as validation needs it.
type orgInfo struct {
	Name           string
	Municipalities []string
}

// lookupOrganizations returns the organisations among ids that exist,
// with the municipalities they work in.
func lookupOrganizations(ctx context.Context, q db.Queryer, ids []string) (map[int64]orgInfo, error) {
	var args []any
	for _, s := range ids {
		if n := parseID(s); n > 0 {
			args = append(args, n)
		}
	}
	out := map[int64]orgInfo{}
	if len(args) == 0 {
		return out, nil
	}
	err := db.Each(ctx, q, `SELECT o.id, o.name, om.municipality_code FROM organizations o
		LEFT JOIN organization_municipalities om ON om.organization_id = o.id
		WHERE o.id IN (`+db.Placeholders(len(args))+`) ORDER BY o.id, om.municipality_code`, args, func(sc db.Scanner) error {
		var id int64
		var name string
		var code sql.NullString
		if err := sc.Scan(&id, &name, &code); err != nil {
			return err
		}
		o := out[id]
		o.Name = name
		if code.Valid {
			o.Municipalities = append(o.Municipalities, code.String)
		}
		out[id] = o
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("organisations: %w", err)
	}
	return out, nil
}

// checkPartners checks the other parties of an activity: organisations
// that exist, none twice, not the activity's own.
func checkPartners(e *validation.Errors, in []string, own int64, orgs map[int64]orgInfo) ([]Party, []string) {
	parties, ids := []Party{}, []string{}
	for _, s := range in {
		if strings.TrimSpace(s) == "" {
			continue
		}
		n := parseID(s)
		switch {
		case n <= 0 || orgs[n].Name == "":
			e.Add("partner_ids", "error.organization_unknown")
		case n == own:
			e.Add("partner_ids", "error.partner_is_own")
		case slices.Contains(ids, id(n)):
			e.Add("partner_ids", "error.organization_twice")
		default:
			parties = append(parties, Party{ID: n, Name: orgs[n].Name})
			ids = append(ids, id(n))
		}
	}
	return parties, ids
}

// commitmentRef is a commitment as validation needs it.
type commitmentRef struct {
	id, organization int64
	municipality     string
}

// lookupCommitment reads the commitment s names, if any.
func lookupCommitment(ctx context.Context, q db.Queryer, e *validation.Errors, s string) (commitmentRef, error) {
	c := commitmentRef{id: parseID(s)}
	switch {
	case c.id == 0:
		return c, nil
	case c.id < 0:
		e.Add("commitment_id", "error.commitment_not_found")
		return commitmentRef{}, nil
	}
	err := q.QueryRowContext(ctx, `SELECT c.organization_id, p.municipality_code FROM commitments c
		JOIN promises p ON p.id = c.promise_id WHERE c.id = ?`, c.id).Scan(&c.organization, &c.municipality)
	switch err = db.Normalize(err); {
	case errors.Is(err, db.ErrNotFound):
		e.Add("commitment_id", "error.commitment_not_found")
		return commitmentRef{}, nil
	case err != nil:
		return commitmentRef{}, fmt.Errorf("commitment %d: %w", c.id, err)
	}
	return c, nil
}

// checkParticipants checks a training's participants: premises of the
// municipality, each once, at least one person.
func checkParticipants(ctx context.Context, q db.Queryer, e *validation.Errors, in []ParticipantInput, code string) ([]Participant, error) {
	out := []Participant{}
	for i, p := range in {
		if strings.TrimSpace(p.PremisesID) == "" && p.Count == 0 {
			continue // an empty row of a form
		}
		field := func(name string) string { return row("participants", i, name) }
		pp := Participant{PremisesID: parseID(p.PremisesID), Count: p.Count}
		if pp.Count < 1 || pp.Count > 10000 {
			e.Add(field("count"), "error.count_range", 10000)
		}
		if pp.PremisesID <= 0 {
			e.Add(field("premises_id"), "error.premises_unknown")
			continue
		}
		if slices.ContainsFunc(out, func(o Participant) bool { return o.PremisesID == pp.PremisesID }) {
			e.Add(field("premises_id"), "error.premises_twice")
			continue
		}
		var premisesCode string
		err := q.QueryRowContext(ctx, `SELECT name, municipality_code FROM premises WHERE id = ?`, pp.PremisesID).
			Scan(&pp.PremisesName, &premisesCode)
		switch err = db.Normalize(err); {
		case errors.Is(err, db.ErrNotFound):
			e.Add(field("premises_id"), "error.premises_unknown")
			continue
		case err != nil:
			return nil, fmt.Errorf("premises %d: %w", pp.PremisesID, err)
		case code != "" && premisesCode != code:
			e.Add(field("premises_id"), "error.premises_other_municipality")
		}
		out = append(out, pp)
	}
	return out, nil
}

// row names the field of an item of a list: "participants.2.count".
func row(list string, i int, field string) string {
	return list + "." + strconv.Itoa(i) + "." + field
}

// Store reads and writes activities, trainings and meetings.
type Store struct {
	db *db.DB
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Create logs an activity.
func (s *Store) Create(ctx context.Context, actor audit.Actor, in Input) (Activity, error) {
	var a Activity
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var review pii.Review
		var err error
		if a, review, err = in.validate(ctx, tx); err != nil {
			return err
		}
		if err := insertActivity(ctx, tx, actor, &a); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "activity", a.ID)
	})
	return a, err
}

func insertActivity(ctx context.Context, tx *db.Tx, actor audit.Actor, a *Activity) error {
	a.CreatedAt, a.UpdatedAt = tx.Now(), tx.Now()
	err := tx.QueryRowContext(ctx, `INSERT INTO activities (kind, organization_id, municipality_code, commitment_id,
		started_at, ended_at, place, lat, lon, topic, channel, notes, synthetic, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.Kind, a.OrganizationID, a.MunicipalityCode, db.NullID(a.CommitmentID), a.StartedAt, nullTime(a.EndedAt), a.Place,
		a.Lat, a.Lon, a.Topic, a.Channel, a.Notes, a.Synthetic, db.NullID(actor.UserID), a.CreatedAt, a.UpdatedAt).Scan(&a.ID)
	if err != nil {
		return fmt.Errorf("create activity: %w", db.Normalize(err))
	}
	if err := writeActivityParts(ctx, tx, *a); err != nil {
		return err
	}
	return audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "activity", EntityID: audit.ID(a.ID), After: a})
}

// Update changes an activity. It stays its organisation's: a party
// documents its own work.
func (s *Store) Update(ctx context.Context, actor audit.Actor, activityID int64, in Input) (Activity, error) {
	var a Activity
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := activityByID(ctx, tx, activityID)
		if err != nil {
			return err
		}
		var review pii.Review
		if a, review, err = in.validate(ctx, tx); err != nil {
			return err
		}
		if a.OrganizationID != before.OrganizationID {
			var e validation.Errors
			e.Add("organization_id", "error.organization_fixed")
			return e.Err()
		}
		a.ID, a.CreatedAt, a.UpdatedAt = activityID, before.CreatedAt, tx.Now()
		_, err = tx.ExecContext(ctx, `UPDATE activities SET kind = ?, municipality_code = ?, commitment_id = ?, started_at = ?,
			ended_at = ?, place = ?, lat = ?, lon = ?, topic = ?, channel = ?, notes = ?, synthetic = ?, updated_at = ?
			WHERE id = ?`, a.Kind, a.MunicipalityCode, db.NullID(a.CommitmentID), a.StartedAt, nullTime(a.EndedAt), a.Place,
			a.Lat, a.Lon, a.Topic, a.Channel, a.Notes, a.Synthetic, a.UpdatedAt, activityID)
		if err != nil {
			return fmt.Errorf("update activity %d: %w", activityID, err)
		}
		for _, table := range []string{"activity_counts", "activity_partners", "training_participants"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE activity_id = ?`, activityID); err != nil {
				return fmt.Errorf("clear %s: %w", table, err)
			}
		}
		if err := writeActivityParts(ctx, tx, a); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "activity", EntityID: audit.ID(activityID),
			Before: before, After: a}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "activity", activityID)
	})
	return a, err
}

// Delete removes an activity.
func (s *Store) Delete(ctx context.Context, actor audit.Actor, activityID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := activityByID(ctx, tx, activityID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM activities WHERE id = ?`, activityID); err != nil {
			return fmt.Errorf("delete activity %d: %w", activityID, err)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "delete", Entity: "activity", EntityID: audit.ID(activityID), Before: before})
	})
}

func writeActivityParts(ctx context.Context, tx *db.Tx, a Activity) error {
	for _, name := range slices.Sorted(maps.Keys(a.Counts)) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO activity_counts (activity_id, name, value) VALUES (?, ?, ?)`,
			a.ID, name, a.Counts[name]); err != nil {
			return fmt.Errorf("activity %d count %s: %w", a.ID, name, err)
		}
	}
	for i, p := range a.Partners {
		if _, err := tx.ExecContext(ctx, `INSERT INTO activity_partners (activity_id, organization_id, position) VALUES (?, ?, ?)`,
			a.ID, p.ID, i); err != nil {
			return fmt.Errorf("activity %d partner %d: %w", a.ID, p.ID, err)
		}
	}
	for _, p := range a.Participants {
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_participants (activity_id, premises_id, participants) VALUES (?, ?, ?)`,
			a.ID, p.PremisesID, p.Count); err != nil {
			return fmt.Errorf("activity %d participants of %d: %w", a.ID, p.PremisesID, err)
		}
	}
	return nil
}

func nullTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: *t, Valid: true}
}

// ByID returns one activity, or db.ErrNotFound.
func (s *Store) ByID(ctx context.Context, activityID int64) (Activity, error) {
	return activityByID(ctx, s.db, activityID)
}

func activityByID(ctx context.Context, q db.Queryer, activityID int64) (Activity, error) {
	list, err := loadActivities(ctx, q, `a.id = ?`, []any{activityID}, "a.id", 0)
	if err != nil {
		return Activity{}, err
	}
	if len(list) == 0 {
		return Activity{}, fmt.Errorf("activity %d: %w", activityID, db.ErrNotFound)
	}
	return list[0], nil
}

// Filter narrows a listing of activities.
type Filter struct {
	// Scope limits the listing to what a user may read.
	Scope            Scope
	MunicipalityCode string
	OrganizationID   int64
	Kind             string
	CommitmentID     int64
	// From and To bound the start (To not included); the zero time leaves
	// the end open.
	From, To time.Time
	// WithPosition keeps those with a position, for a map.
	WithPosition bool
	Cursor       string
	Limit        int
}

func (f Filter) where() (string, []any) {
	cond, args := f.Scope.where("a.municipality_code", "a.organization_id")
	conds := []string{cond}
	add := func(c string, v any) {
		conds = append(conds, c)
		args = append(args, v)
	}
	if f.MunicipalityCode != "" {
		add("a.municipality_code = ?", f.MunicipalityCode)
	}
	if f.OrganizationID != 0 {
		add("a.organization_id = ?", f.OrganizationID)
	}
	if f.Kind != "" {
		add("a.kind = ?", f.Kind)
	}
	if f.CommitmentID != 0 {
		add("a.commitment_id = ?", f.CommitmentID)
	}
	if !f.From.IsZero() {
		add("a.started_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		add("a.started_at < ?", f.To.UTC())
	}
	if f.WithPosition {
		conds = append(conds, "a.lat IS NOT NULL")
	}
	return strings.Join(conds, " AND "), args
}

// List returns activities, the latest first, a page at a time.
func (s *Store) List(ctx context.Context, f Filter) (db.Page[Activity], error) {
	where, args := f.where()
	return db.NewestFirst(f.Cursor, db.Limit(f.Limit, 50, 500), "a.started_at", "a.id", where, args,
		func(where string, args []any, order string, limit int) ([]Activity, error) {
			return loadActivities(ctx, s.db, where, args, order, limit)
		},
		func(x Activity) (time.Time, int64) { return x.StartedAt, x.ID })
}

// MaxRange is the most activities Range returns.
const MaxRange = 10000

// Range returns the activities of a filter in the order they started, for
// a calendar, a map or an export; at most MaxRange (the cursor and limit
// of the filter are ignored).
func (s *Store) Range(ctx context.Context, f Filter) ([]Activity, error) {
	where, args := f.where()
	return loadActivities(ctx, s.db, where, args, "a.started_at, a.id", MaxRange)
}

// eachPage is how many activities Each reads at a time.
const eachPage = 500

// Each calls fn with every activity of a filter in the order they started,
// as Range would return them but without its bound: a page at a time (keyset
// on the start and id), so that an export of any size holds one page in
// memory. The cursor and limit of the filter are ignored.
func (s *Store) Each(ctx context.Context, f Filter, fn func(Activity) error) error {
	return s.each(ctx, f, eachPage, fn)
}

// each is Each with pages of size.
func (s *Store) each(ctx context.Context, f Filter, size int, fn func(Activity) error) error {
	where, args := f.where()
	var after *Activity
	for {
		w, a := where, args
		if after != nil {
			w += ` AND (a.started_at > ? OR (a.started_at = ? AND a.id > ?))`
			a = append(append([]any{}, args...), after.StartedAt, after.StartedAt, after.ID)
		}
		page, err := loadActivities(ctx, s.db, w, a, "a.started_at, a.id", size)
		if err != nil {
			return err
		}
		for _, x := range page {
			if err := fn(x); err != nil {
				return err
			}
		}
		if len(page) < size {
			return nil
		}
		after = &page[len(page)-1]
	}
}

// loadActivities reads the activities that where selects, with their
// counters, partners and participants.
func loadActivities(ctx context.Context, q db.Queryer, where string, args []any, order string, limit int) ([]Activity, error) {
	query := `SELECT a.id, a.kind, a.organization_id, o.name, a.municipality_code, a.commitment_id, a.started_at, a.ended_at,
		a.place, a.lat, a.lon, a.topic, a.channel, a.notes, a.synthetic, a.created_at, a.updated_at
		FROM activities a JOIN organizations o ON o.id = a.organization_id WHERE ` + where + ` ORDER BY ` + order
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	var list []Activity
	err := db.Each(ctx, q, query, args, func(sc db.Scanner) error {
		var a Activity
		var commitment sql.NullInt64
		var ended sql.NullTime
		var lat, lon sql.NullFloat64
		if err := sc.Scan(&a.ID, &a.Kind, &a.OrganizationID, &a.OrganizationName, &a.MunicipalityCode, &commitment,
			&a.StartedAt, &ended, &a.Place, &lat, &lon, &a.Topic, &a.Channel, &a.Notes, &a.Synthetic, &a.CreatedAt,
			&a.UpdatedAt); err != nil {
			return err
		}
		a.CommitmentID = commitment.Int64
		if ended.Valid {
			t := ended.Time.UTC()
			a.EndedAt = &t
		}
		a.Lat, a.Lon = db.FloatPtr(lat), db.FloatPtr(lon)
		a.StartedAt, a.CreatedAt, a.UpdatedAt = a.StartedAt.UTC(), a.CreatedAt.UTC(), a.UpdatedAt.UTC()
		a.Counts, a.PartnerIDs, a.Partners, a.Participants = map[string]float64{}, []string{}, []Party{}, []Participant{}
		list = append(list, a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("activities: %w", err)
	}
	index := make(map[int64]*Activity, len(list))
	ids := make([]int64, len(list))
	for i := range list {
		index[list[i].ID], ids[i] = &list[i], list[i].ID
	}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		in := ` IN (` + db.Placeholders(len(chunk)) + `)`
		err := db.Each(ctx, q, `SELECT activity_id, name, value FROM activity_counts WHERE activity_id`+in, db.IDArgs(chunk),
			func(sc db.Scanner) error {
				var aid int64
				var name string
				var v float64
				if err := sc.Scan(&aid, &name, &v); err != nil {
					return err
				}
				index[aid].Counts[name] = v
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("activity counts: %w", err)
		}
		err = db.Each(ctx, q, `SELECT ap.activity_id, o.id, o.name FROM activity_partners ap JOIN organizations o ON o.id = ap.organization_id
			WHERE ap.activity_id`+in+` ORDER BY ap.activity_id, ap.position`, db.IDArgs(chunk), func(sc db.Scanner) error {
			var aid int64
			var p Party
			if err := sc.Scan(&aid, &p.ID, &p.Name); err != nil {
				return err
			}
			index[aid].Partners = append(index[aid].Partners, p)
			index[aid].PartnerIDs = append(index[aid].PartnerIDs, id(p.ID))
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("activity partners: %w", err)
		}
		err = db.Each(ctx, q, `SELECT tp.activity_id, tp.premises_id, p.name, tp.participants FROM training_participants tp
			JOIN premises p ON p.id = tp.premises_id WHERE tp.activity_id`+in+` ORDER BY tp.activity_id, tp.premises_id`,
			db.IDArgs(chunk), func(sc db.Scanner) error {
				var aid int64
				var p Participant
				if err := sc.Scan(&aid, &p.PremisesID, &p.PremisesName, &p.Count); err != nil {
					return err
				}
				index[aid].Participants = append(index[aid].Participants, p)
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("training participants: %w", err)
		}
	}
	return list, nil
}

// Check validates in as Create would, without storing anything, so that a
// form can show every error at once.
func (s *Store) Check(ctx context.Context, in Input) error {
	_, _, err := in.validate(ctx, s.db)
	return err
}
