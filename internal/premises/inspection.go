package premises

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Kinds of inspection (tillsyn).
const (
	OnSite     = "on_site"    // a visit to the premises (yttre tillsyn)
	Register   = "register"   // a check of the records (inre tillsyn)
	Joint      = "joint"      // a visit with the police, tax agency or rescue service (samordnad tillsyn)
	Preventive = "preventive" // preventive information
)

// InspectionKinds lists the kinds of inspection.
var InspectionKinds = []string{OnSite, Register, Joint, Preventive}

// Modes of a visit: announced to the staff, or made as an ordinary guest
// first (dold tillsyn).
const (
	ModeOpen   = "open"
	ModeHidden = "hidden"
)

// Modes lists the modes of a visit.
var Modes = []string{ModeOpen, ModeHidden}

// Results of a check of the protocol.
const (
	ResultOK         = "ok"          // utan anmärkning
	ResultDeficiency = "deficiency"  // brist
	ResultNotChecked = "not_checked" // ej kontrollerat
)

// Results lists the results of a check.
var Results = []string{ResultOK, ResultDeficiency, ResultNotChecked}

// Sanctions the licensing authority can decide after an inspection, the
// mildest first; "" is none.
var Sanctions = []string{"remark", "warning", "revocation"} // erinran, varning, återkallelse

// Organization is a party that took part in an inspection.
type Organization struct {
	ID   int64  `json:"id,string"`
	Name string `json:"name"`
}

// Check is one line of a protocol: what was checked, how it was, and a
// note.
type Check struct {
	Check  string `json:"check"`
	Result string `json:"result"`
	Note   string `json:"note"`
}

// Protocol is what a visit found, check by check, and the remarks.
type Protocol struct {
	Items   []Check `json:"items"`
	Remarks string  `json:"remarks"`
}

// Inspection is one supervision of a premises (tillsynsbesök).
type Inspection struct {
	ID               int64     `json:"id,string"`
	PremisesID       int64     `json:"premises_id,string"`
	PremisesName     string    `json:"premises_name"`
	RestaurantNumber string    `json:"restaurant_number"`
	MunicipalityCode string    `json:"municipality_code"`
	Kind             string    `json:"kind"`
	Mode             string    `json:"mode"`
	ConductedAt      time.Time `json:"conducted_at"`
	// OrganizationIDs are the parties that took part, in the order given;
	// Organizations the same with their names.
	OrganizationIDs []string       `json:"organization_ids"`
	Organizations   []Organization `json:"organizations"`
	// Inspectors names the people who took part, as free text.
	Inspectors string   `json:"inspectors"`
	Protocol   Protocol `json:"protocol"`
	// Recorded marks a recorded visit (protokollfört besök): the ones a
	// season's coverage counts.
	Recorded   bool   `json:"recorded"`
	FollowUp   string `json:"follow_up"`    // the action to follow up with
	FollowUpOn string `json:"follow_up_on"` // by when
	Sanction   string `json:"sanction"`
	// CommitmentID is the commitment of a promise the visit counts toward.
	CommitmentID int64     `json:"commitment_id,string,omitempty"`
	Synthetic    bool      `json:"synthetic"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// InspectionInput is an inspection as a client gives it
// (POST /api/v1/inspections).
type InspectionInput struct {
	PremisesID      string   `json:"premises_id"`
	Kind            string   `json:"kind"`
	Mode            string   `json:"mode"`
	ConductedAt     string   `json:"conducted_at"` // RFC 3339
	OrganizationIDs []string `json:"organization_ids"`
	Inspectors      string   `json:"inspectors"`
	Protocol        Protocol `json:"protocol"`
	Recorded        bool     `json:"recorded"`
	FollowUp        string   `json:"follow_up"`
	FollowUpOn      string   `json:"follow_up_on"`
	Sanction        string   `json:"sanction"`
	CommitmentID    string   `json:"commitment_id"`
	Synthetic       bool     `json:"synthetic"`
	// The protocol goes to the licence holder: personal data in its
	// remarks, notes and follow-up is refused unless Redact asks for it
	// masked (pii.ProtocolText).
	pii.Choice
}

// InspectionInputOf returns the input that would make in as it is.
func InspectionInputOf(in Inspection) InspectionInput {
	out := InspectionInput{PremisesID: strconv.FormatInt(in.PremisesID, 10), Kind: in.Kind, Mode: in.Mode,
		ConductedAt: in.ConductedAt.Format(time.RFC3339), OrganizationIDs: slices.Clone(in.OrganizationIDs),
		Inspectors: in.Inspectors, Protocol: Protocol{Items: slices.Clone(in.Protocol.Items), Remarks: in.Protocol.Remarks},
		Recorded: in.Recorded, FollowUp: in.FollowUp, FollowUpOn: in.FollowUpOn, Sanction: in.Sanction, Synthetic: in.Synthetic}
	if in.CommitmentID != 0 {
		out.CommitmentID = strconv.FormatInt(in.CommitmentID, 10)
	}
	return out
}

// Limits of a protocol.
const (
	MaxChecks   = 50
	maxNote     = 1000
	maxFollowUp = 2000
)

// row names the field of an item of a list: "protocol.items.2.result".
func row(list string, i int, field string) string {
	return list + "." + strconv.Itoa(i) + "." + field
}

// validate checks in and returns the inspection it describes, and what
// was decided about personal data in its free text.
func (in InspectionInput) validate(ctx context.Context, q db.Queryer, at time.Time) (Inspection, pii.Review, error) {
	var e validation.Errors
	guard := pii.NewGuard(&e, in.Choice)
	out := Inspection{
		Kind:       strings.TrimSpace(in.Kind),
		Mode:       strings.TrimSpace(in.Mode),
		Inspectors: e.Text("inspectors", in.Inspectors, false, maxShort),
		Recorded:   in.Recorded,
		FollowUp:   e.Text("follow_up", in.FollowUp, false, maxFollowUp),
		FollowUpOn: e.Date("follow_up_on", in.FollowUpOn, false),
		Sanction:   strings.TrimSpace(in.Sanction),
		Synthetic:  in.Synthetic,
	}
	e.OneOf("kind", out.Kind, InspectionKinds)
	if out.Mode == "" {
		out.Mode = ModeOpen
	}
	e.OneOf("mode", out.Mode, Modes)
	// Only a visit can be made unannounced: records and information are
	// open by their nature.
	if out.Mode == ModeHidden && (out.Kind == Register || out.Kind == Preventive) {
		e.Add("mode", "error.hidden_not_visit")
	}
	if out.Sanction != "" {
		e.OneOf("sanction", out.Sanction, Sanctions)
	}
	out.ConductedAt = checkTime(&e, "conducted_at", in.ConductedAt, true, at)
	if out.FollowUpOn != "" && !e.Has("follow_up_on") && !e.Has("conducted_at") &&
		out.FollowUpOn < out.ConductedAt.In(zone()).Format(dateLayout) {
		e.Add("follow_up_on", "error.follow_up_before_visit")
	}
	if out.FollowUpOn != "" && out.FollowUp == "" {
		e.Add("follow_up", "error.follow_up_required")
	}
	out.FollowUp = guard.Text("follow_up", out.FollowUp, pii.ProtocolText)
	out.Protocol = checkProtocol(&e, guard, in.Protocol)
	// A recorded visit has a protocol that says something: a checklist
	// left all "not checked" is no protocol.
	if out.Recorded && !e.Has("protocol.items") && !slices.ContainsFunc(out.Protocol.Items, func(c Check) bool {
		return c.Result == ResultOK || c.Result == ResultDeficiency
	}) {
		e.Add("protocol.items", "error.protocol_required")
	}

	// The premises, and the parties: each works in its municipality.
	switch out.PremisesID = parseID(in.PremisesID); {
	case out.PremisesID == 0:
		e.Add("premises_id", "error.choose")
	case out.PremisesID < 0:
		e.Add("premises_id", "error.premises_unknown")
	default:
		p, err := byID(ctx, q, out.PremisesID)
		switch {
		case errors.Is(err, db.ErrNotFound):
			e.Add("premises_id", "error.premises_unknown")
		case err != nil:
			return out, pii.Review{}, err
		default:
			out.PremisesName, out.RestaurantNumber, out.MunicipalityCode = p.Name, p.RestaurantNumber, p.MunicipalityCode
		}
	}
	orgs, err := checkOrganizations(ctx, q, &e, "organization_ids", in.OrganizationIDs, out.MunicipalityCode)
	if err != nil {
		return out, pii.Review{}, err
	}
	out.Organizations = orgs
	out.OrganizationIDs = make([]string, len(orgs))
	for i, o := range orgs {
		out.OrganizationIDs[i] = strconv.FormatInt(o.ID, 10)
	}
	if out.Kind == Joint && len(orgs) < 2 && !e.Has("organization_ids") {
		e.Add("organization_ids", "error.joint_needs_two")
	}
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	if out.CommitmentID, err = checkCommitment(ctx, q, &e, in.CommitmentID, ids, out.MunicipalityCode); err != nil {
		return out, pii.Review{}, err
	}
	return out, guard.Review(), e.Err()
}

// checkProtocol checks the protocol's checks: each names what was checked
// and has a result.
func checkProtocol(e *validation.Errors, guard *pii.Guard, in Protocol) Protocol {
	out := Protocol{Items: []Check{}, Remarks: e.Text("protocol.remarks", in.Remarks, false, maxLong)}
	out.Remarks = guard.Text("protocol.remarks", out.Remarks, pii.ProtocolText)
	if len(in.Items) > MaxChecks {
		e.Add("protocol.items", "error.too_many", MaxChecks)
		return out
	}
	for i, c := range in.Items {
		if strings.TrimSpace(c.Check+c.Result+c.Note) == "" {
			continue // an empty row of a form
		}
		field := func(name string) string { return row("protocol.items", i, name) }
		item := Check{
			Check:  e.Text(field("check"), c.Check, true, maxShort),
			Result: strings.TrimSpace(c.Result),
			Note:   e.Text(field("note"), c.Note, false, maxNote),
		}
		item.Note = guard.Text(field("note"), item.Note, pii.ProtocolText)
		e.OneOf(field("result"), item.Result, Results)
		out.Items = append(out.Items, item)
	}
	return out
}

// checkOrganizations checks a list of organisation ids: at least one,
// each an organisation that works in the municipality (when it is known),
// none twice.
func checkOrganizations(ctx context.Context, q db.Queryer, e *validation.Errors, field string, in []string, code string) ([]Organization, error) {
	var ids []int64
	for _, s := range in {
		if strings.TrimSpace(s) == "" {
			continue
		}
		id := parseID(s)
		switch {
		case id < 0:
			e.Add(field, "error.organization_unknown")
			return nil, nil
		case slices.Contains(ids, id):
			e.Add(field, "error.organization_twice")
			return nil, nil
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		e.Add(field, "error.choose_some")
		return nil, nil
	}
	type known struct {
		name string
		here bool
	}
	found := map[int64]known{}
	err := db.Each(ctx, q, `SELECT o.id, o.name, CASE WHEN EXISTS (SELECT 1 FROM organization_municipalities om
		WHERE om.organization_id = o.id AND om.municipality_code = ?) THEN 1 ELSE 0 END
		FROM organizations o WHERE o.id IN (`+db.Placeholders(len(ids))+`)`, append([]any{code}, db.IDArgs(ids)...), func(sc db.Scanner) error {
		var id int64
		var k known
		var here int
		if err := sc.Scan(&id, &k.name, &here); err != nil {
			return err
		}
		k.here = here == 1
		found[id] = k
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("organisations: %w", err)
	}
	out := make([]Organization, 0, len(ids))
	for _, id := range ids {
		k, ok := found[id]
		switch {
		case !ok:
			e.Add(field, "error.organization_unknown")
		case code != "" && !k.here:
			e.Add(field, "error.organization_not_in_municipality")
		}
		out = append(out, Organization{ID: id, Name: k.name})
	}
	return out, nil
}

// checkCommitment checks the commitment a record counts toward: one made
// by one of the organisations, in a promise of the municipality.
func checkCommitment(ctx context.Context, q db.Queryer, e *validation.Errors, s string, orgIDs []int64, code string) (int64, error) {
	id := parseID(s)
	switch {
	case id == 0:
		return 0, nil
	case id < 0:
		e.Add("commitment_id", "error.commitment_not_found")
		return 0, nil
	}
	var orgID int64
	var promiseCode string
	err := q.QueryRowContext(ctx, `SELECT c.organization_id, p.municipality_code FROM commitments c
		JOIN promises p ON p.id = c.promise_id WHERE c.id = ?`, id).Scan(&orgID, &promiseCode)
	switch err = db.Normalize(err); {
	case errors.Is(err, db.ErrNotFound):
		e.Add("commitment_id", "error.commitment_not_found")
	case err != nil:
		return 0, fmt.Errorf("commitment %d: %w", id, err)
	case len(orgIDs) > 0 && !slices.Contains(orgIDs, orgID):
		e.Add("commitment_id", "error.commitment_other_organization")
	case code != "" && promiseCode != code:
		e.Add("commitment_id", "error.commitment_other_municipality")
	}
	return id, nil
}

// CheckInspection checks an inspection as CreateInspection would, without
// storing anything: a form shows every error at once with it.
func (s *Store) CheckInspection(ctx context.Context, in InspectionInput) error {
	_, _, err := in.validate(ctx, s.db, s.now())
	return err
}

// CreateInspection records an inspection.
func (s *Store) CreateInspection(ctx context.Context, actor audit.Actor, in InspectionInput) (Inspection, error) {
	var out Inspection
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var review pii.Review
		var err error
		if out, review, err = in.validate(ctx, tx, s.now()); err != nil {
			return err
		}
		out.CreatedAt, out.UpdatedAt = tx.Now(), tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO inspections (premises_id, kind, mode, conducted_at, recorded, inspectors,
			remarks, follow_up, follow_up_on, sanction, commitment_id, synthetic, created_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			out.PremisesID, out.Kind, out.Mode, out.ConductedAt, out.Recorded, out.Inspectors, out.Protocol.Remarks,
			out.FollowUp, out.FollowUpOn, out.Sanction, db.NullID(out.CommitmentID), out.Synthetic, db.NullID(actor.UserID),
			out.CreatedAt, out.UpdatedAt).Scan(&out.ID)
		if err != nil {
			return fmt.Errorf("create inspection: %w", db.Normalize(err))
		}
		if err := writeInspectionParts(ctx, tx, out); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "inspection", EntityID: audit.ID(out.ID), After: out}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "inspection", out.ID)
	})
	return out, err
}

// UpdateInspection changes an inspection. It stays with its premises.
func (s *Store) UpdateInspection(ctx context.Context, actor audit.Actor, id int64, in InspectionInput) (Inspection, error) {
	var out Inspection
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := inspectionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var review pii.Review
		if out, review, err = in.validate(ctx, tx, s.now()); err != nil {
			return err
		}
		if out.PremisesID != before.PremisesID {
			var e validation.Errors
			e.Add("premises_id", "error.premises_fixed")
			return e.Err()
		}
		out.ID, out.CreatedAt, out.UpdatedAt = id, before.CreatedAt, tx.Now()
		_, err = tx.ExecContext(ctx, `UPDATE inspections SET kind = ?, mode = ?, conducted_at = ?, recorded = ?, inspectors = ?,
			remarks = ?, follow_up = ?, follow_up_on = ?, sanction = ?, commitment_id = ?, synthetic = ?, updated_at = ? WHERE id = ?`,
			out.Kind, out.Mode, out.ConductedAt, out.Recorded, out.Inspectors, out.Protocol.Remarks, out.FollowUp,
			out.FollowUpOn, out.Sanction, db.NullID(out.CommitmentID), out.Synthetic, out.UpdatedAt, id)
		if err != nil {
			return fmt.Errorf("update inspection %d: %w", id, err)
		}
		for _, table := range []string{"inspection_organizations", "inspection_items"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE inspection_id = ?`, id); err != nil {
				return fmt.Errorf("clear %s: %w", table, err)
			}
		}
		if err := writeInspectionParts(ctx, tx, out); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "inspection", EntityID: audit.ID(id),
			Before: before, After: out}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "inspection", id)
	})
	return out, err
}

// DeleteInspection removes an inspection recorded by mistake.
func (s *Store) DeleteInspection(ctx context.Context, actor audit.Actor, id int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := inspectionByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspections WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete inspection %d: %w", id, err)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "delete", Entity: "inspection", EntityID: audit.ID(id), Before: before})
	})
}

func writeInspectionParts(ctx context.Context, tx *db.Tx, in Inspection) error {
	for i, o := range in.Organizations {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_organizations (inspection_id, organization_id, position)
			VALUES (?, ?, ?)`, in.ID, o.ID, i); err != nil {
			return fmt.Errorf("inspection %d organisation %d: %w", in.ID, o.ID, err)
		}
	}
	for i, c := range in.Protocol.Items {
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_items (inspection_id, position, check_text, result, note)
			VALUES (?, ?, ?, ?, ?)`, in.ID, i, c.Check, c.Result, c.Note); err != nil {
			return fmt.Errorf("inspection %d check %d: %w", in.ID, i, err)
		}
	}
	return nil
}

// ForLicenceHolder is the inspection as its protocol goes to the licence
// holder: its remarks, notes and follow-up with any personal data masked.
// What is stored now was masked or changed when it was saved; an
// inspection saved before that rule may still hold some, and the protocol
// must never carry what nobody has looked at.
func (in Inspection) ForLicenceHolder() Inspection {
	mask := func(s string) string { return pii.Check(s).Redacted }
	in.Protocol.Remarks, in.FollowUp = mask(in.Protocol.Remarks), mask(in.FollowUp)
	in.Protocol.Items = slices.Clone(in.Protocol.Items)
	for i := range in.Protocol.Items {
		in.Protocol.Items[i].Note = mask(in.Protocol.Items[i].Note)
	}
	return in
}

// Inspection returns one inspection, or db.ErrNotFound.
func (s *Store) Inspection(ctx context.Context, id int64) (Inspection, error) {
	return inspectionByID(ctx, s.db, id)
}

func inspectionByID(ctx context.Context, q db.Queryer, id int64) (Inspection, error) {
	list, err := loadInspections(ctx, q, `i.id = ?`, []any{id}, "", 0)
	if err != nil {
		return Inspection{}, err
	}
	if len(list) == 0 {
		return Inspection{}, fmt.Errorf("inspection %d: %w", id, db.ErrNotFound)
	}
	return list[0], nil
}

// InspectionFilter narrows a listing of inspections. From and To are
// times (To not included); the zero time leaves the end open.
type InspectionFilter struct {
	MunicipalityCode string
	PremisesID       int64
	From, To         time.Time
	RecordedOnly     bool
	Cursor           string
	Limit            int
}

// Inspections returns inspections, the latest first, a page at a time.
func (s *Store) Inspections(ctx context.Context, f InspectionFilter) (db.Page[Inspection], error) {
	where, args := f.where()
	return db.NewestFirst(f.Cursor, db.Limit(f.Limit, 50, 500), "i.conducted_at", "i.id", where, args,
		func(where string, args []any, order string, limit int) ([]Inspection, error) {
			return loadInspections(ctx, s.db, where, args, order, limit)
		},
		func(x Inspection) (time.Time, int64) { return x.ConductedAt, x.ID })
}

func (f InspectionFilter) where() (string, []any) {
	conds := []string{"1 = 1"}
	var args []any
	if f.MunicipalityCode != "" {
		conds = append(conds, "p.municipality_code = ?")
		args = append(args, f.MunicipalityCode)
	}
	if f.PremisesID != 0 {
		conds = append(conds, "i.premises_id = ?")
		args = append(args, f.PremisesID)
	}
	if !f.From.IsZero() {
		conds = append(conds, "i.conducted_at >= ?")
		args = append(args, f.From.UTC())
	}
	if !f.To.IsZero() {
		conds = append(conds, "i.conducted_at < ?")
		args = append(args, f.To.UTC())
	}
	if f.RecordedOnly {
		conds = append(conds, "i.recorded")
	}
	return strings.Join(conds, " AND "), args
}

// loadInspections reads the inspections that where selects, with their
// parties and protocols; order "" is by id.
func loadInspections(ctx context.Context, q db.Queryer, where string, args []any, order string, limit int) ([]Inspection, error) {
	if order == "" {
		order = "i.id"
	}
	query := `SELECT i.id, i.premises_id, p.name, p.restaurant_number, p.municipality_code, i.kind, i.mode, i.conducted_at,
		i.recorded, i.inspectors, i.remarks, i.follow_up, i.follow_up_on, i.sanction, i.commitment_id, i.synthetic,
		i.created_at, i.updated_at FROM inspections i JOIN premises p ON p.id = i.premises_id WHERE ` + where + ` ORDER BY ` + order
	if limit > 0 {
		query += ` LIMIT ?`
		args = append(args, limit)
	}
	var list []Inspection
	err := db.Each(ctx, q, query, args, func(sc db.Scanner) error {
		var in Inspection
		var commitment sql.NullInt64
		if err := sc.Scan(&in.ID, &in.PremisesID, &in.PremisesName, &in.RestaurantNumber, &in.MunicipalityCode, &in.Kind,
			&in.Mode, &in.ConductedAt, &in.Recorded, &in.Inspectors, &in.Protocol.Remarks, &in.FollowUp, &in.FollowUpOn,
			&in.Sanction, &commitment, &in.Synthetic, &in.CreatedAt, &in.UpdatedAt); err != nil {
			return err
		}
		in.CommitmentID = commitment.Int64
		in.ConductedAt, in.CreatedAt, in.UpdatedAt = in.ConductedAt.UTC(), in.CreatedAt.UTC(), in.UpdatedAt.UTC()
		in.OrganizationIDs, in.Organizations, in.Protocol.Items = []string{}, []Organization{}, []Check{}
		list = append(list, in)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("inspections: %w", err)
	}
	if len(list) == 0 {
		return list, nil
	}
	index := make(map[int64]*Inspection, len(list))
	ids := make([]int64, len(list))
	for i := range list {
		index[list[i].ID], ids[i] = &list[i], list[i].ID
	}
	// In chunks, so that a year of a large municipality stays within the
	// parameters a statement may have.
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		in := ` IN (` + db.Placeholders(len(chunk)) + `)`
		err = db.Each(ctx, q, `SELECT io.inspection_id, o.id, o.name FROM inspection_organizations io
			JOIN organizations o ON o.id = io.organization_id WHERE io.inspection_id`+in+` ORDER BY io.inspection_id, io.position`,
			db.IDArgs(chunk), func(sc db.Scanner) error {
				var id int64
				var o Organization
				if err := sc.Scan(&id, &o.ID, &o.Name); err != nil {
					return err
				}
				index[id].Organizations = append(index[id].Organizations, o)
				index[id].OrganizationIDs = append(index[id].OrganizationIDs, strconv.FormatInt(o.ID, 10))
				return nil
			})
		if err != nil {
			return nil, fmt.Errorf("inspection organisations: %w", err)
		}
		err = db.Each(ctx, q, `SELECT inspection_id, check_text, result, note FROM inspection_items WHERE inspection_id`+in+`
			ORDER BY inspection_id, position`, db.IDArgs(chunk), func(sc db.Scanner) error {
			var id int64
			var c Check
			if err := sc.Scan(&id, &c.Check, &c.Result, &c.Note); err != nil {
				return err
			}
			index[id].Protocol.Items = append(index[id].Protocol.Items, c)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("inspection protocols: %w", err)
		}
	}
	return list, nil
}
