package promise

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Create adds a promise as a draft.
func (s *Store) Create(ctx context.Context, actor audit.Actor, in Input) (Promise, error) {
	var p Promise
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var review pii.Review
		var err error
		if p, review, err = in.validate(ctx, tx); err != nil {
			return err
		}
		var e validation.Errors
		for i, c := range p.Commitments {
			if c.ID != 0 {
				e.Add(row("commitments", i, "id"), "error.commitment_unknown")
			}
		}
		if err := e.Err(); err != nil {
			return err
		}
		p.CreatedAt, p.UpdatedAt = tx.Now(), tx.Now()
		err = tx.QueryRowContext(ctx, `INSERT INTO promises (municipality_code, agreement_id, title, problem, effect, follow_up,
			starts_on, ends_on, period_label, signed_on, signed_place, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			p.MunicipalityCode, nullID(p.AgreementID), p.Title, p.Problem, p.Effect, p.FollowUp, p.StartsOn, p.EndsOn,
			p.PeriodLabel, p.SignedOn, p.SignedPlace, p.Status, p.CreatedAt, p.UpdatedAt).Scan(&p.ID)
		if err != nil {
			return fmt.Errorf("create promise: %w", db.Normalize(err))
		}
		if err := promiseParties.replace(ctx, tx, p.ID, p.Parties); err != nil {
			return err
		}
		if err := writeChannels(ctx, tx, p.ID, p.Communication); err != nil {
			return err
		}
		for i := range p.Commitments {
			if err := insertCommitment(ctx, tx, p.ID, i, 0, &p.Commitments[i]); err != nil {
				return err
			}
		}
		p.Amendments = []Amendment{}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "promise", EntityID: audit.ID(p.ID), After: p}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "promise", p.ID)
	})
	return p, err
}

// Update changes a promise. A draft may change in everything; once
// published, what was promised (the period, the parties and the
// commitments) changes only through an amendment, so that the public
// history stays true.
func (s *Store) Update(ctx context.Context, actor audit.Actor, id int64, in Input) (Promise, error) {
	var p Promise
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := promiseByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var review pii.Review
		if p, review, err = in.validate(ctx, tx); err != nil {
			return err
		}
		if err := checkKept(before, p); err != nil {
			return err
		}
		p.ID, p.Status, p.CreatedAt, p.UpdatedAt = id, before.Status, before.CreatedAt, tx.Now()
		p.PublishedAt, p.EndedAt = before.PublishedAt, before.EndedAt
		_, err = tx.ExecContext(ctx, `UPDATE promises SET municipality_code = ?, agreement_id = ?, title = ?, problem = ?, effect = ?,
			follow_up = ?, starts_on = ?, ends_on = ?, period_label = ?, signed_on = ?, signed_place = ?, updated_at = ? WHERE id = ?`,
			p.MunicipalityCode, nullID(p.AgreementID), p.Title, p.Problem, p.Effect, p.FollowUp, p.StartsOn, p.EndsOn,
			p.PeriodLabel, p.SignedOn, p.SignedPlace, p.UpdatedAt, id)
		if err != nil {
			return fmt.Errorf("update promise %d: %w", id, err)
		}
		if err := promiseParties.replace(ctx, tx, id, p.Parties); err != nil {
			return err
		}
		if err := writeChannels(ctx, tx, id, p.Communication); err != nil {
			return err
		}
		if err := s.replaceCommitments(ctx, tx, before, p.Commitments); err != nil {
			return err
		}
		if p, err = promiseByID(ctx, tx, id); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "promise", EntityID: audit.ID(id), Before: before, After: p}); err != nil {
			return err
		}
		return review.Record(ctx, tx, actor, "promise", id)
	})
	return p, err
}

// checkKept refuses a change to what a published promise promised, and a
// commitment id that is not the promise's.
func checkKept(before, after Promise) error {
	var e validation.Errors
	for i, c := range after.Commitments {
		if c.ID != 0 && !slices.ContainsFunc(before.Commitments, func(b Commitment) bool { return b.ID == c.ID }) {
			e.Add(row("commitments", i, "id"), "error.commitment_unknown")
		}
	}
	if before.Status == Draft {
		return e.Err()
	}
	const key = "error.change_by_amendment"
	if after.MunicipalityCode != before.MunicipalityCode {
		e.Add("municipality_code", key)
	}
	if after.AgreementID != before.AgreementID {
		e.Add("agreement_id", key)
	}
	if after.StartsOn != before.StartsOn {
		e.Add("starts_on", key)
	}
	if after.EndsOn != before.EndsOn {
		e.Add("ends_on", key)
	}
	if !slices.Equal(partyIDs(after.Parties), partyIDs(before.Parties)) {
		e.Add("party_ids", key)
	}
	same := len(after.Commitments) == len(before.Commitments)
	for i := 0; same && i < len(after.Commitments); i++ {
		a, b := after.Commitments[i], before.Commitments[i]
		same = a.ID == b.ID && a.OrganizationID == b.OrganizationID && a.Text == b.Text &&
			a.Unit == b.Unit && a.DueOn == b.DueOn && ((a.Target == nil) == (b.Target == nil)) &&
			(a.Target == nil || *a.Target == *b.Target)
	}
	if !same {
		e.Add("commitments", key)
	}
	return e.Err()
}

// replaceCommitments makes the commitments of the promise those given: the
// ones with an id are changed in place (their status stays), the others
// added, and those left out removed.
func (s *Store) replaceCommitments(ctx context.Context, tx *db.Tx, before Promise, list []Commitment) error {
	var keep []int64
	for i := range list {
		c := &list[i]
		if c.ID == 0 {
			if err := insertCommitment(ctx, tx, before.ID, i, 0, c); err != nil {
				return err
			}
			continue
		}
		keep = append(keep, c.ID)
		_, err := tx.ExecContext(ctx, `UPDATE commitments SET organization_id = ?, position = ?, text = ?, target = ?, unit = ?,
			measure = ?, due_on = ?, responsible = ?, updated_at = ? WHERE id = ? AND promise_id = ?`,
			c.OrganizationID, i, c.Text, c.Target, c.Unit, c.Measure, c.DueOn, c.Responsible, tx.Now(), c.ID, before.ID)
		if err != nil {
			return fmt.Errorf("update commitment %d: %w", c.ID, err)
		}
	}
	for _, b := range before.Commitments {
		if !slices.Contains(keep, b.ID) {
			if _, err := tx.ExecContext(ctx, `DELETE FROM commitments WHERE id = ?`, b.ID); err != nil {
				return fmt.Errorf("remove commitment %d: %w", b.ID, err)
			}
		}
	}
	return nil
}

func insertCommitment(ctx context.Context, tx *db.Tx, promiseID int64, position int, amendmentID int64, c *Commitment) error {
	c.Status, c.UpdatedAt = Planned, tx.Now()
	c.AmendmentID = amendmentID
	err := tx.QueryRowContext(ctx, `INSERT INTO commitments (promise_id, organization_id, position, text, target, unit, measure, due_on,
		responsible, status, reason, amendment_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?) RETURNING id`,
		promiseID, c.OrganizationID, position, c.Text, c.Target, c.Unit, cmp.Or(c.Measure, MeasureActivities), c.DueOn, c.Responsible, c.Status,
		nullID(amendmentID), c.UpdatedAt, c.UpdatedAt).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("add commitment: %w", db.Normalize(err))
	}
	return nil
}

func writeChannels(ctx context.Context, tx *db.Tx, id int64, channels []Channel) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM promise_channels WHERE promise_id = ?`, id); err != nil {
		return fmt.Errorf("clear channels: %w", err)
	}
	for _, c := range channels {
		if _, err := tx.ExecContext(ctx, `INSERT INTO promise_channels (promise_id, channel, done_on) VALUES (?, ?, ?)`, id, c.Channel, c.DoneOn); err != nil {
			return fmt.Errorf("add channel %s: %w", c.Channel, err)
		}
	}
	return nil
}

// nullID stores 0 as NULL.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// Publish makes a draft public.
func (s *Store) Publish(ctx context.Context, actor audit.Actor, id int64) (Promise, error) {
	return s.transition(ctx, actor, id, "publish", func(p Promise, e *validation.Errors) string {
		if p.Status != Draft {
			e.Add("status", "error.not_draft")
		}
		if len(p.Commitments) == 0 {
			e.Add("commitments", "error.no_commitments")
		}
		return `UPDATE promises SET status = 'published', published_at = ?, updated_at = ? WHERE id = ?`
	})
}

// End closes a published promise: it stays public, as an earlier promise.
func (s *Store) End(ctx context.Context, actor audit.Actor, id int64) (Promise, error) {
	return s.transition(ctx, actor, id, "end", func(p Promise, e *validation.Errors) string {
		if p.Status != Published {
			e.Add("status", "error.not_published")
		}
		return `UPDATE promises SET status = 'ended', ended_at = ?, updated_at = ? WHERE id = ?`
	})
}

// transition moves a promise on in its life with the statement that check
// returns (taking the time twice and the id), when check finds nothing
// wrong.
func (s *Store) transition(ctx context.Context, actor audit.Actor, id int64, action string, check func(Promise, *validation.Errors) string) (Promise, error) {
	var p Promise
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := promiseByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var e validation.Errors
		stmt := check(before, &e)
		if err := e.Err(); err != nil {
			return err
		}
		at := tx.Now()
		if _, err := tx.ExecContext(ctx, stmt, at, at, id); err != nil {
			return fmt.Errorf("%s promise %d: %w", action, id, err)
		}
		if p, err = promiseByID(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: action, Entity: "promise", EntityID: audit.ID(id),
			Before: statusRecord{before.Status}, After: statusRecord{p.Status}})
	})
	return p, err
}

type statusRecord struct {
	Status Status `json:"status"`
}

// Promise returns one promise with its parties, commitments and
// amendments, or db.ErrNotFound.
func (s *Store) Promise(ctx context.Context, id int64) (Promise, error) {
	return promiseByID(ctx, s.db, id)
}

const promiseColumns = `p.id, p.municipality_code, p.agreement_id, p.title, p.problem, p.effect, p.follow_up, p.starts_on,
	p.ends_on, p.period_label, p.signed_on, p.signed_place, p.status, p.published_at, p.ended_at, p.created_at, p.updated_at`

func scanPromise(sc interface{ Scan(...any) error }, p *Promise) error {
	var agreementID sql.NullInt64
	var published, ended sql.NullTime
	err := sc.Scan(&p.ID, &p.MunicipalityCode, &agreementID, &p.Title, &p.Problem, &p.Effect, &p.FollowUp, &p.StartsOn,
		&p.EndsOn, &p.PeriodLabel, &p.SignedOn, &p.SignedPlace, &p.Status, &published, &ended, &p.CreatedAt, &p.UpdatedAt)
	p.AgreementID = agreementID.Int64
	if published.Valid {
		p.PublishedAt = &published.Time
	}
	if ended.Valid {
		p.EndedAt = &ended.Time
	}
	return err
}

func promiseByID(ctx context.Context, q db.Queryer, id int64) (Promise, error) {
	var p Promise
	if err := scanPromise(q.QueryRowContext(ctx, `SELECT `+promiseColumns+` FROM promises p WHERE p.id = ?`, id), &p); err != nil {
		return Promise{}, fmt.Errorf("promise %d: %w", id, db.Normalize(err))
	}
	list := []Promise{p}
	if err := fillPromises(ctx, q, list); err != nil {
		return Promise{}, err
	}
	return list[0], nil
}

// Filter narrows a listing of promises.
type Filter struct {
	// Scope limits the listing to what a user may see beyond the public
	// promises; Public adds the published and ended promises of everyone.
	Scope            Scope
	Public           bool
	MunicipalityCode string
	Cursor           string
	Limit            int
}

// PublicFilter lists only what anyone may see.
func PublicFilter(code, cursor string, limit int) Filter {
	return Filter{Public: true, MunicipalityCode: code, Cursor: cursor, Limit: limit}
}

// List returns promises with their commitments, the latest period first.
func (s *Store) List(ctx context.Context, f Filter) (db.Page[Promise], error) {
	cur, err := db.DecodeCursor(f.Cursor)
	if err != nil {
		return db.Page[Promise]{}, err
	}
	limit := db.Limit(f.Limit, 50, 500)
	var conds []string
	var args []any
	if f.Public {
		conds = append(conds, `p.status IN ('published', 'ended')`)
	}
	if f.Scope.All || len(f.Scope.Municipalities) > 0 || len(f.Scope.Organizations) > 0 {
		c, a := f.Scope.where("p", promiseParties)
		conds = append(conds, c)
		args = append(args, a...)
	}
	if len(conds) == 0 {
		return db.Page[Promise]{}, nil
	}
	q := `SELECT ` + promiseColumns + ` FROM promises p WHERE (` + strings.Join(conds, " OR ") + `)`
	if f.MunicipalityCode != "" {
		q += ` AND p.municipality_code = ?`
		args = append(args, f.MunicipalityCode)
	}
	if cur.ID != 0 {
		q += ` AND (p.starts_on < ? OR (p.starts_on = ? AND p.id < ?))`
		args = append(args, cur.Key, cur.Key, cur.ID)
	}
	q += ` ORDER BY p.starts_on DESC, p.id DESC LIMIT ?`
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return db.Page[Promise]{}, fmt.Errorf("list promises: %w", err)
	}
	var page db.Page[Promise]
	for rows.Next() {
		var p Promise
		if err := scanPromise(rows, &p); err != nil {
			rows.Close()
			return db.Page[Promise]{}, err
		}
		page.Items = append(page.Items, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return db.Page[Promise]{}, err
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		last := page.Items[limit-1]
		page.Next = db.Cursor{Key: last.StartsOn, ID: last.ID}.Encode()
	}
	return page, fillPromises(ctx, s.db, page.Items)
}

// fillPromises reads the parties, channels, commitments and amendments of
// the promises.
func fillPromises(ctx context.Context, q db.Queryer, list []Promise) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	args := make([]any, len(list))
	index := make(map[int64]*Promise, len(list))
	for i := range list {
		p := &list[i]
		ids[i], args[i], index[p.ID] = p.ID, p.ID, p
		p.Communication, p.Commitments, p.Amendments = []Channel{}, []Commitment{}, []Amendment{}
	}
	parties, err := promiseParties.of(ctx, q, ids)
	if err != nil {
		return err
	}
	for id, pts := range parties {
		index[id].Parties = pts
	}
	in := ` IN (` + db.Placeholders(len(ids)) + `)`
	err = each(ctx, q, `SELECT promise_id, channel, done_on FROM promise_channels WHERE promise_id`+in, args, func(sc scanner) error {
		var id int64
		var c Channel
		if err := sc.Scan(&id, &c.Channel, &c.DoneOn); err != nil {
			return err
		}
		index[id].Communication = append(index[id].Communication, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("channels: %w", err)
	}
	for _, p := range index {
		slices.SortFunc(p.Communication, func(a, b Channel) int {
			return slices.Index(Channels, a.Channel) - slices.Index(Channels, b.Channel)
		})
	}
	err = each(ctx, q, `SELECT c.promise_id, c.id, c.organization_id, o.name, c.text, c.target, c.unit, c.measure, c.due_on, c.responsible,
		c.status, c.reason, c.amendment_id, c.updated_at FROM commitments c JOIN organizations o ON o.id = c.organization_id
		WHERE c.promise_id`+in+` ORDER BY c.promise_id, c.position, c.id`, args, func(sc scanner) error {
		var id int64
		var c Commitment
		var target sql.NullFloat64
		var amendment sql.NullInt64
		if err := sc.Scan(&id, &c.ID, &c.OrganizationID, &c.OrganizationName, &c.Text, &target, &c.Unit, &c.Measure, &c.DueOn,
			&c.Responsible, &c.Status, &c.Reason, &amendment, &c.UpdatedAt); err != nil {
			return err
		}
		if target.Valid {
			c.Target = &target.Float64
		}
		c.AmendmentID = amendment.Int64
		index[id].Commitments = append(index[id].Commitments, c)
		return nil
	})
	if err != nil {
		return fmt.Errorf("commitments: %w", err)
	}
	err = each(ctx, q, `SELECT promise_id, id, decided_on, description, previous_ends_on, ends_on, created_at
		FROM promise_amendments WHERE promise_id`+in+` ORDER BY promise_id, decided_on, id`, args, func(sc scanner) error {
		var id int64
		a := Amendment{CommitmentIDs: []string{}}
		if err := sc.Scan(&id, &a.ID, &a.DecidedOn, &a.Description, &a.PreviousEndsOn, &a.EndsOn, &a.CreatedAt); err != nil {
			return err
		}
		for _, c := range index[id].Commitments {
			if c.AmendmentID == a.ID {
				a.CommitmentIDs = append(a.CommitmentIDs, fmt.Sprint(c.ID))
			}
		}
		index[id].Amendments = append(index[id].Amendments, a)
		return nil
	})
	if err != nil {
		return fmt.Errorf("amendments: %w", err)
	}
	return nil
}

type scanner interface{ Scan(...any) error }

// each runs a query and calls fn for every row.
func each(ctx context.Context, q db.Queryer, query string, args []any, fn func(scanner) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
