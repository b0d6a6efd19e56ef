package report

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Sources of reports.
const (
	SourceReport  = "report"  // made by a reporter of an organisation
	SourcePolisen = "polisen" // a police event from the public feed
)

// Report is one observation: what (category), when, where, how many.
type Report struct {
	ID     int64  `json:"id,string"`
	Source string `json:"source"`
	// OrganizationID is the organisation that reported; 0 for police events.
	OrganizationID int64     `json:"organization_id,string,omitempty"`
	ExternalID     string    `json:"external_id,omitempty"`
	Category       string    `json:"category"`
	OccurredAt     time.Time `json:"occurred_at"` // in Europe/Stockholm
	Week           Week      `json:"week"`
	// Period is "week" for a report known only by its week (a line of a
	// weekly checklist): OccurredAt is then the week's Monday 00:00.
	Period string `json:"period,omitempty"`
	// MunicipalityCode is "" for police events about a whole county.
	MunicipalityCode string   `json:"municipality_code"`
	CountyCode       string   `json:"county_code"`
	Place            string   `json:"place"`
	Area             string   `json:"area"` // the smallest area holding the report's position, or ""
	Lat              *float64 `json:"lat"`
	Lon              *float64 `json:"lon"`
	Count            int      `json:"count"`
	Assessment       string   `json:"assessment"`
	Description      string   `json:"description"`
	Visibility       string   `json:"visibility"`
	// IsSummary marks a police summary of many events: stored, listed,
	// never counted.
	IsSummary bool      `json:"is_summary"`
	Synthetic bool      `json:"synthetic"`     // made up, for demonstrations
	URL       string    `json:"url,omitempty"` // the police event's page
	CreatedAt time.Time `json:"created_at"`
}

// Input is what a reporter sends to make a report (POST /api/v1/reports).
type Input struct {
	Category   string `json:"category"`
	OccurredAt string `json:"occurred_at"` // RFC 3339
	// MunicipalityCode is required; the organisation must work there.
	MunicipalityCode string   `json:"municipality_code"`
	Place            string   `json:"place"` // a named place of the municipality, optional
	Lat              *float64 `json:"lat"`
	Lon              *float64 `json:"lon"`
	Count            *int     `json:"count"` // default 1
	Assessment       string   `json:"assessment"`
	Description      string   `json:"description"`
	// ExternalID makes the call idempotent per organisation: a repeat
	// returns the first report.
	ExternalID string `json:"external_id"`
	Visibility string `json:"visibility"` // "municipality" (default) or "organization"
	// Redact stores the free text with the personal data that package pii
	// finds replaced. Without it, such text is refused.
	Redact    bool `json:"redact"`
	Synthetic bool `json:"synthetic"`
}

// Limits of a report's fields.
const (
	MaxCount        = 1000 // more in one report is a typo, not an observation
	MaxBatch        = 1000
	maxAssessment   = 200
	maxDescription  = 2000
	maxExternalID   = 100
	futureTolerance = 10 * time.Minute // clocks of phones in the cold drift
)

// Limits are the most characters each free text takes, by the field's
// name (a place's name and source on the settings page), for the forms to
// say while one types; the checks here use the same constants.
var Limits = map[string]int{"assessment": maxAssessment, "description": maxDescription, "name": maxPlaceLength, "source": maxPlaceSource}

// earliest is the earliest occurred_at accepted.
var earliest = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// Store reads and writes reports, places and areas.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d, now: d.Clock().Now} }

// row is a report ready to insert.
type row struct {
	source       string
	orgID        int64
	externalID   string
	category     string
	occurredAt   time.Time
	local        localTime
	municipality string
	county       string
	placeID      int64
	place        string
	areaID       int64
	area         string
	lat, lon     *float64
	count        int
	assessment   string
	description  string
	visibility   string
	isSummary    bool
	synthetic    bool
	url          string
	createdBy    int64
	createdAt    time.Time
}

func (r *row) report(id int64) Report {
	period := ""
	if r.local.hour < 0 {
		period = PeriodWeek
	}
	return Report{
		ID: id, Source: r.source, OrganizationID: r.orgID, ExternalID: r.externalID, Category: r.category, Period: period,
		OccurredAt: r.occurredAt.In(zone()), Week: r.local.week, MunicipalityCode: r.municipality, CountyCode: r.county,
		Place: r.place, Area: r.area, Lat: r.lat, Lon: r.lon, Count: r.count, Assessment: r.assessment,
		Description: r.description, Visibility: r.visibility, IsSummary: r.isSummary, Synthetic: r.synthetic,
		URL: r.url, CreatedAt: r.createdAt,
	}
}

// Create makes one report in the name of organisation orgID. created is
// false when the organisation had made a report with the same external_id:
// that first report is returned and nothing is stored.
func (s *Store) Create(ctx context.Context, actor audit.Actor, orgID int64, in Input) (r Report, created bool, err error) {
	reports, news, err := s.create(ctx, actor, orgID, []Input{in}, false)
	if err != nil {
		return Report{}, false, err
	}
	return reports[0], news[0], nil
}

// CreateBatch makes several reports in the name of organisation orgID: all
// of them or, when any is invalid, none. The errors name the field with
// the report's index: "3.category". Reports whose external_id the
// organisation has used are answered with the first report, as in Create.
// The batch is one transaction and one audit entry. created counts the
// reports the batch made anew, so that a caller can tell a repeated batch
// (created == 0) from one that made something.
func (s *Store) CreateBatch(ctx context.Context, actor audit.Actor, orgID int64, ins []Input) (reports []Report, created int, err error) {
	reports, news, err := s.create(ctx, actor, orgID, ins, true)
	for _, n := range news {
		if n {
			created++
		}
	}
	return reports, created, err
}

func (s *Store) create(ctx context.Context, actor audit.Actor, orgID int64, ins []Input, batch bool) ([]Report, []bool, error) {
	if batch {
		var e validation.Errors
		switch {
		case len(ins) == 0:
			e.Add("reports", "error.batch_empty")
		case len(ins) > MaxBatch:
			e.Add("reports", "error.batch_too_large", MaxBatch)
		}
		if err := e.Err(); err != nil {
			return nil, nil, err
		}
	}
	var reports []Report
	var created []bool
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		reports, created, err = s.createTx(ctx, tx, actor, orgID, ins, batch)
		return err
	})
	return reports, created, err
}

func (s *Store) createTx(ctx context.Context, tx *db.Tx, actor audit.Actor, orgID int64, ins []Input, batch bool) ([]Report, []bool, error) {
	c, err := newChecker(ctx, tx, orgID, s.now())
	if err != nil {
		return nil, nil, err
	}
	rows := make([]row, len(ins))
	var e validation.Errors
	for i, in := range ins {
		prefix := ""
		if batch {
			prefix = fmt.Sprintf("%d.", i)
		}
		r, err := c.check(&e, prefix, in)
		if err != nil {
			return nil, nil, err
		}
		r.createdBy = actor.UserID
		rows[i] = r
	}
	if err := e.Err(); err != nil {
		return nil, nil, err
	}

	// Idempotency: the first report with an external_id wins, whether it
	// was made before (the insert skips it) or earlier in this batch.
	firstInBatch := map[string]int{}
	var fresh []row
	var freshAt []int // index in rows of each row inserted
	for i := range rows {
		if ext := rows[i].externalID; ext != "" {
			if _, ok := firstInBatch[ext]; ok {
				continue
			}
			firstInBatch[ext] = i
		}
		fresh = append(fresh, rows[i])
		freshAt = append(freshAt, i)
	}
	ids, err := insertRows(ctx, tx, fresh, false)
	if err != nil {
		return nil, nil, err
	}
	var stored []row
	var storedIDs []int64
	var taken []string // external ids of earlier reports
	for k, id := range ids {
		if id == 0 {
			taken = append(taken, fresh[k].externalID)
			continue
		}
		stored = append(stored, fresh[k])
		storedIDs = append(storedIDs, id)
	}
	if err := addWeeks(ctx, tx, stored); err != nil {
		return nil, nil, err
	}
	earlier, err := byExternalIDs(ctx, tx, orgID, taken)
	if err != nil {
		return nil, nil, err
	}

	reports := make([]Report, len(rows))
	created := make([]bool, len(rows))
	for k, i := range freshAt {
		if ids[k] != 0 {
			reports[i], created[i] = fresh[k].report(ids[k]), true
			continue
		}
		r, ok := earlier[fresh[k].externalID]
		if !ok {
			return nil, nil, fmt.Errorf("report with external id %q: skipped as a repeat, but not found", fresh[k].externalID)
		}
		reports[i] = r
	}
	for i := range rows {
		if ext := rows[i].externalID; ext != "" && firstInBatch[ext] != i {
			reports[i] = reports[firstInBatch[ext]]
		}
	}

	if len(stored) == 0 {
		return reports, created, nil
	}
	if !batch {
		return reports, created, audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "report",
			EntityID: audit.ID(storedIDs[0]), After: reports[0]})
	}
	// One audit entry for the batch: the reports themselves carry who made
	// them and when, and an entry per report would double a batch's cost.
	return reports, created, audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "report_batch",
		EntityID: audit.ID(slices.Min(storedIDs)), After: batchSummary(SourceReport, orgID, storedIDs, len(rows)-len(stored))})
}

// batchSummary is the audit record of a batch or an import.
func batchSummary(source string, orgID int64, ids []int64, repeats int) map[string]any {
	m := map[string]any{"source": source, "created": len(ids), "repeats": repeats}
	if orgID != 0 {
		m["organization_id"] = orgID
	}
	if len(ids) > 0 {
		m["first_id"], m["last_id"] = slices.Min(ids), slices.Max(ids)
	}
	return m
}

// byExternalIDs returns the organisation's reports with the external ids
// exts, by external id.
func byExternalIDs(ctx context.Context, q db.Queryer, orgID int64, exts []string) (map[string]Report, error) {
	out := map[string]Report{}
	for chunk := range slices.Chunk(exts, 500) {
		args := appendStrings([]any{orgID}, chunk)
		rows, err := q.QueryContext(ctx, selectReports+` WHERE r.organization_id = ? AND r.external_id IN (`+
			db.Placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("reports by external id: %w", err)
		}
		list, err := scanReports(rows)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			out[r.ExternalID] = r
		}
	}
	return out, nil
}

// checker validates inputs against the database, loading what it needs of
// each municipality once per transaction.
type checker struct {
	ctx       context.Context
	q         db.Queryer
	orgID     int64
	orgMunis  map[string]bool
	munis     map[string]*muniInfo
	now       time.Time
	createdAt time.Time
}

type muniInfo struct {
	known      bool
	county     string
	categories map[string]string // folded → as in the checklist
	places     map[string]Place  // folded name → place
	locator    *locator
	areaNames  map[int64]string
}

func newChecker(ctx context.Context, q db.Queryer, orgID int64, now time.Time) (*checker, error) {
	c := &checker{ctx: ctx, q: q, orgID: orgID, orgMunis: map[string]bool{}, munis: map[string]*muniInfo{},
		now: now, createdAt: now.UTC().Truncate(time.Microsecond)}
	if orgID == 0 {
		return c, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT municipality_code FROM organization_municipalities WHERE organization_id = ?`, orgID)
	if err != nil {
		return nil, fmt.Errorf("municipalities of organization %d: %w", orgID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		c.orgMunis[code] = true
	}
	return c, rows.Err()
}

func (c *checker) municipality(code string) (*muniInfo, error) {
	if m, ok := c.munis[code]; ok {
		return m, nil
	}
	m := &muniInfo{}
	c.munis[code] = m
	var e validation.Errors
	county, err := municipalityOf(c.ctx, c.q, code, &e, "m")
	if err != nil {
		return nil, err
	}
	if e.Has("m") {
		return m, nil
	}
	m.known, m.county = true, county
	cats, err := categories(c.ctx, c.q, code)
	if err != nil {
		return nil, err
	}
	m.categories = map[string]string{}
	for _, name := range cats {
		m.categories[fold(name)] = name
	}
	ps, err := places(c.ctx, c.q, code)
	if err != nil {
		return nil, err
	}
	m.places = map[string]Place{}
	for _, p := range ps {
		m.places[fold(p.Name)] = p
	}
	if m.locator, err = loadLocator(c.ctx, c.q, code); err != nil {
		return nil, err
	}
	m.areaNames = map[int64]string{}
	for i, id := range m.locator.ids {
		m.areaNames[id] = m.locator.shapes[i].Name
	}
	return m, nil
}

// check validates one input and returns it as a row. Problems go to e
// under prefix+field; the error is for the database failing.
func (c *checker) check(e *validation.Errors, prefix string, in Input) (row, error) {
	r := row{source: SourceReport, orgID: c.orgID, createdAt: c.createdAt, synthetic: in.Synthetic}

	r.municipality = strings.TrimSpace(in.MunicipalityCode)
	var m *muniInfo
	if r.municipality == "" {
		e.Add(prefix+"municipality_code", "error.choose")
	} else {
		var err error
		if m, err = c.municipality(r.municipality); err != nil {
			return row{}, err
		}
		switch {
		case !m.known:
			e.Add(prefix+"municipality_code", "error.municipality_unknown", r.municipality)
			m = nil
		case !c.orgMunis[r.municipality]:
			e.Add(prefix+"municipality_code", "error.organization_not_in_municipality")
		}
	}
	if m != nil {
		r.county = m.county
	}

	category := strings.Join(strings.Fields(in.Category), " ")
	switch {
	case category == "":
		e.Add(prefix+"category", "error.choose")
	case m != nil:
		if name, ok := m.categories[fold(category)]; ok {
			r.category = name
		} else {
			e.Add(prefix+"category", "error.category_unknown")
		}
	}

	occurred, ok := c.occurredAt(e, prefix+"occurred_at", in.OccurredAt)
	if ok {
		r.occurredAt = occurred
		r.local = localOf(occurred)
	}

	place := strings.TrimSpace(in.Place)
	if place != "" && m != nil {
		if p, ok := m.places[fold(place)]; ok {
			r.placeID, r.place = p.ID, p.Name
		} else {
			e.Add(prefix+"place", "error.place_unknown")
		}
	}

	checkPosition(e, prefix, in.Lat, in.Lon)
	r.lat, r.lon = in.Lat, in.Lon

	r.count = 1
	if in.Count != nil {
		r.count = *in.Count
		if r.count < 1 || r.count > MaxCount {
			e.Add(prefix+"count", "error.count_range", MaxCount)
		}
	}

	r.assessment = e.Text(prefix+"assessment", in.Assessment, false, maxAssessment)
	r.description = e.Text(prefix+"description", in.Description, false, maxDescription)
	guard := pii.NewGuard(e, pii.Choice{Redact: in.Redact})
	r.assessment = guard.Text(prefix+"assessment", r.assessment, pii.ReportText)
	r.description = guard.Text(prefix+"description", r.description, pii.ReportText)
	r.externalID = e.Text(prefix+"external_id", in.ExternalID, false, maxExternalID)

	r.visibility = in.Visibility
	if r.visibility == "" {
		r.visibility = VisibilityMunicipality
	}
	e.OneOf(prefix+"visibility", r.visibility, Visibilities)

	if m != nil {
		if r.lat != nil && r.lon != nil {
			r.areaID = m.locator.find(*r.lat, *r.lon)
		} else if p, ok := m.places[fold(r.place)]; ok && r.placeID != 0 && p.Lat != nil && p.Lon != nil {
			r.areaID = m.locator.find(*p.Lat, *p.Lon)
		}
		r.area = m.areaNames[r.areaID]
	}
	return r, nil
}

// occurredAt reads an RFC 3339 time that is not before 2000 and not in the
// future beyond a small tolerance. Reports are kept to the second.
func (c *checker) occurredAt(e *validation.Errors, field, s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		e.Add(field, "error.required")
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		e.Add(field, "error.time_format")
		return time.Time{}, false
	}
	t = t.UTC().Truncate(time.Second)
	switch {
	case t.Before(earliest):
		e.Add(field, "error.occurred_too_early")
		return time.Time{}, false
	case t.After(c.now.Add(futureTolerance)):
		e.Add(field, "error.occurred_future")
		return time.Time{}, false
	}
	return t, true
}

// Get returns one report, or db.ErrNotFound. Whether the caller may read it
// is AccessOf(principal).CanRead.
func (s *Store) Get(ctx context.Context, id int64) (Report, error) {
	m, err := byIDs(ctx, s.db, []int64{id})
	if err != nil {
		return Report{}, err
	}
	r, ok := m[id]
	if !ok {
		return Report{}, fmt.Errorf("report %d: %w", id, db.ErrNotFound)
	}
	return r, nil
}

const selectReports = `SELECT r.id, r.source, r.organization_id, r.external_id, r.category, r.occurred_at,
	r.municipality_code, r.county_code, p.name, a.name, r.lat, r.lon, r.count, r.assessment, r.description,
	r.visibility, r.is_summary, r.synthetic, r.url, r.created_at, r.hour
	FROM reports r LEFT JOIN places p ON p.id = r.place_id LEFT JOIN areas a ON a.id = r.area_id`

func byIDs(ctx context.Context, q db.Queryer, ids []int64) (map[int64]Report, error) {
	out := map[int64]Report{}
	for chunk := range slices.Chunk(ids, 500) {
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := q.QueryContext(ctx, selectReports+` WHERE r.id IN (`+db.Placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("reports by id: %w", err)
		}
		list, err := scanReports(rows)
		if err != nil {
			return nil, err
		}
		for _, r := range list {
			out[r.ID] = r
		}
	}
	return out, nil
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

func scanReports(rows *sql.Rows) ([]Report, error) {
	defer rows.Close()
	var out []Report
	for rows.Next() {
		var r Report
		var org sql.NullInt64
		var ext, muni, place, area sql.NullString
		var lat, lon sql.NullFloat64
		var hour int
		if err := rows.Scan(&r.ID, &r.Source, &org, &ext, &r.Category, &r.OccurredAt, &muni, &r.CountyCode,
			&place, &area, &lat, &lon, &r.Count, &r.Assessment, &r.Description, &r.Visibility, &r.IsSummary,
			&r.Synthetic, &r.URL, &r.CreatedAt, &hour); err != nil {
			return nil, err
		}
		if hour < 0 {
			r.Period = PeriodWeek
		}
		r.OrganizationID, r.ExternalID, r.MunicipalityCode = org.Int64, ext.String, muni.String
		r.Place, r.Area, r.Lat, r.Lon = place.String, area.String, floatPtr(lat), floatPtr(lon)
		r.OccurredAt = r.OccurredAt.In(zone())
		r.Week = WeekOf(r.OccurredAt)
		r.CreatedAt = r.CreatedAt.UTC()
		out = append(out, r)
	}
	return out, rows.Err()
}

// Filter narrows a listing of reports. From and To are dates (YYYY-MM-DD,
// whole days in Swedish time, both included) or RFC 3339 times.
type Filter struct {
	MunicipalityCode string
	From, To         string
	Category         string
	Source           string
	Cursor           string
	Limit            int
}

// List returns the reports access reaches that f selects, the latest
// first, a page at a time.
func (s *Store) List(ctx context.Context, access Access, f Filter) (db.Page[Report], error) {
	var e validation.Errors
	from, okFrom := parseBound(&e, "from", f.From, false)
	to, okTo := parseBound(&e, "to", f.To, true)
	if okFrom && okTo && !from.IsZero() && !to.IsZero() && !to.After(from) {
		e.Add("to", "error.to_before_from")
	}
	if f.Source != "" {
		e.OneOf("source", f.Source, []string{SourceReport, SourcePolisen})
	}
	if err := e.Err(); err != nil {
		return db.Page[Report]{}, err
	}
	cur, err := db.DecodeCursor(f.Cursor)
	if err != nil {
		return db.Page[Report]{}, err
	}
	var curAt time.Time
	if cur.ID != 0 {
		if curAt, err = time.Parse(time.RFC3339Nano, cur.Key); err != nil {
			return db.Page[Report]{}, db.ErrBadCursor
		}
	}
	limit := db.Limit(f.Limit, 50, 500)

	cond, args := access.where()
	q := selectReports + ` WHERE ` + cond
	if f.MunicipalityCode != "" {
		q += ` AND r.municipality_code = ?`
		args = append(args, f.MunicipalityCode)
	}
	if !from.IsZero() {
		q += ` AND r.occurred_at >= ?`
		args = append(args, from)
	}
	if !to.IsZero() {
		q += ` AND r.occurred_at < ?`
		args = append(args, to)
	}
	if f.Category != "" {
		q += ` AND r.category = ?`
		args = append(args, strings.Join(strings.Fields(f.Category), " "))
	}
	if f.Source != "" {
		q += ` AND r.source = ?`
		args = append(args, f.Source)
	}
	if cur.ID != 0 {
		// The first condition is implied by the second; it is there so that
		// both databases seek the index on the time to the cursor instead
		// of reading every newer row again for each page, which an export
		// of a long list, page after page, would feel.
		q += ` AND r.occurred_at <= ? AND (r.occurred_at < ? OR r.id < ?)`
		args = append(args, curAt, curAt, cur.ID)
	}
	q += ` ORDER BY r.occurred_at DESC, r.id DESC LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return db.Page[Report]{}, fmt.Errorf("list reports: %w", err)
	}
	items, err := scanReports(rows)
	if err != nil {
		return db.Page[Report]{}, err
	}
	page := db.Page[Report]{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		last := page.Items[limit-1]
		page.Next = db.Cursor{Key: last.OccurredAt.UTC().Format(time.RFC3339Nano), ID: last.ID}.Encode()
	}
	if page.Items == nil {
		page.Items = []Report{}
	}
	return page, nil
}

// parseBound reads a date or a time of a range. A date as the end of the
// range means the end of that day.
func parseBound(e *validation.Errors, field, s string, end bool) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, true
	}
	if d, err := time.ParseInLocation(dateLayout, s, zone()); err == nil {
		if end {
			d = d.AddDate(0, 0, 1)
		}
		return d.UTC(), true
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		if end {
			t = t.Add(time.Second) // the second named is included
		}
		return t.UTC().Truncate(time.Second), true
	}
	e.Add(field, "error.date_or_time")
	return time.Time{}, false
}

func isNotFound(err error) bool { return errors.Is(err, db.ErrNotFound) }

// Check says what is wrong with ins without storing anything, as Create and
// CreateBatch would (batch: fields as "3.category"). orgID 0 checks
// everything that does not depend on the organisation, for a request whose
// organisation is itself in question, so that every problem is said at
// once. Nothing is written: the check runs on the readers.
func (s *Store) Check(ctx context.Context, orgID int64, ins []Input, batch bool) (validation.Errors, error) {
	c, err := newChecker(ctx, s.db, orgID, s.now())
	if err != nil {
		return nil, err
	}
	var e validation.Errors
	for i, in := range ins {
		prefix := ""
		if batch {
			prefix = fmt.Sprintf("%d.", i)
		}
		if _, err := c.check(&e, prefix, in); err != nil {
			return nil, err
		}
		if orgID == 0 {
			// Which organisation reports is the caller's question.
			if m, ok := e[prefix+"municipality_code"]; ok && m.Key == "error.organization_not_in_municipality" {
				delete(e, prefix+"municipality_code")
			}
		}
	}
	return e, nil
}

// Submit is Create for the report form: a report whose external_id the
// organisation has used comes back as it was made when it says the same
// (the form posted again: a double tap, a resend from the phone's queue),
// but is made anew with a new id when it says something else (a form the
// browser's back button brought back after its report was sent). The API
// keeps Create's rule: an id used once always answers with its report.
func (s *Store) Submit(ctx context.Context, actor audit.Actor, orgID int64, in Input, newID func() string) (Report, bool, error) {
	rep, created, err := s.Create(ctx, actor, orgID, in)
	if err != nil || created || rep.Says(in) {
		return rep, created, err
	}
	in.ExternalID = newID()
	return s.Create(ctx, actor, orgID, in)
}

// Says reports whether in says what r says, apart from when it happened
// (the form's quick choices of when resolve to another second at each
// post): the same report sent again, not another with the same id.
func (r Report) Says(in Input) bool {
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	text := func(s string) string {
		s = strings.TrimSpace(s)
		if in.Redact {
			s = pii.Check(s).Redacted
		}
		return norm(s)
	}
	count := 1
	if in.Count != nil {
		count = *in.Count
	}
	visibility := cmp.Or(in.Visibility, VisibilityMunicipality)
	return strings.EqualFold(norm(r.Category), norm(in.Category)) && strings.EqualFold(norm(r.Place), norm(in.Place)) &&
		r.Count == count && r.Visibility == visibility && norm(r.Assessment) == text(in.Assessment) &&
		norm(r.Description) == text(in.Description)
}
