package promise

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
)

// Limits of the free texts. Long texts (purpose, problem) hold a few
// paragraphs of a source document; short ones fit on a line.
const (
	maxShort = 200
	maxLong  = 10000
)

// Limits are the most characters each free text takes, by the field's
// name ("commitments.*.text" for a field of every row), for the forms to say while one
// types; the checks here use the same constants.
var Limits = map[string]int{
	"title": maxShort, "period_label": maxShort, "signed_place": maxShort,
	"problem": maxLong, "effect": maxLong, "follow_up": maxLong, "purpose": maxLong, "collaboration": maxLong,
	"documentation": maxLong, "description": maxLong, "reason": maxLong,
	"parties.*.signatory_title": maxShort, "parties.*.signatory_name": maxShort,
	"commitments.*.text": maxLong, "commitments.*.unit": maxShort, "commitments.*.responsible": maxShort,
	"focus_areas.*.title": maxShort, "focus_areas.*.description": maxLong,
}

// dateLayout is how dates are written everywhere: 2016-12-09.
const dateLayout = "2006-01-02"

// checkDate checks a date field and returns it trimmed; "" is allowed when
// the date is optional.
func checkDate(e *validation.Errors, field, value string, required bool) string {
	v := strings.TrimSpace(value)
	if v == "" {
		if required {
			e.Add(field, "error.required")
		}
		return ""
	}
	if t, err := time.Parse(dateLayout, v); err != nil || t.Format(dateLayout) != v {
		e.Add(field, "error.date")
	}
	return v
}

// checkPeriod checks a period's start and end: both required, the end not
// before the start.
func checkPeriod(e *validation.Errors, startsOn, endsOn *string) {
	*startsOn = checkDate(e, "starts_on", *startsOn, true)
	*endsOn = checkDate(e, "ends_on", *endsOn, true)
	if !e.Has("starts_on") && !e.Has("ends_on") && *endsOn < *startsOn {
		e.Add("ends_on", "error.ends_before_start")
	}
}

// parseID reads an id given as a string; 0 means none given, -1 one that
// cannot be an id (reported with the other errors by the caller).
func parseID(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return -1
	}
	return id
}

// row names the field of an item of a list, as clients and forms name it:
// "commitments.2.text".
func row(list string, i int, field string) string {
	return list + "." + strconv.Itoa(i) + "." + field
}

// checkMunicipality checks that code is a municipality of the service.
func checkMunicipality(ctx context.Context, q db.Queryer, e *validation.Errors, code string) (string, error) {
	code = strings.TrimSpace(code)
	if code == "" {
		e.Add("municipality_code", "error.choose")
		return code, nil
	}
	if !municipality.ValidCode(code) {
		e.Add("municipality_code", "error.municipality_unknown", code)
		return code, nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM municipalities WHERE code = ?`, code).Scan(&n); err != nil {
		return code, fmt.Errorf("municipality %s: %w", code, err)
	}
	if n == 0 {
		e.Add("municipality_code", "error.municipality_unknown", code)
	}
	return code, nil
}

// organizationNames returns the names of the organisations with ids that
// exist; an id missing from the answer is not an organisation.
func organizationNames(ctx context.Context, q db.Queryer, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	var args []any
	for _, id := range ids {
		if id > 0 {
			args = append(args, id)
		}
	}
	if len(args) == 0 {
		return out, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM organizations WHERE id IN (`+db.Placeholders(len(args))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("organizations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		out[id] = name
	}
	return out, rows.Err()
}

// checkParties turns the parties given as ids and as rows with signatories
// into one list in order, without duplicates, each an organisation that
// exists. min is the fewest parties allowed.
func checkParties(ctx context.Context, q db.Queryer, e *validation.Errors, ids []string, rows []PartyInput, min int) ([]Party, error) {
	type given struct {
		id    int64
		index int // the row, -1 for an id of party_ids
		field string
		in    PartyInput
	}
	var all []given
	for i, r := range rows {
		if strings.TrimSpace(r.OrganizationID) == "" && strings.TrimSpace(r.SignatoryTitle+r.SignatoryName) == "" {
			continue // an empty row of a form
		}
		all = append(all, given{parseID(r.OrganizationID), i, row("parties", i, "organization_id"), r})
	}
	for _, s := range ids {
		if strings.TrimSpace(s) == "" {
			continue
		}
		all = append(all, given{parseID(s), -1, "party_ids", PartyInput{OrganizationID: s}})
	}
	lookup := make([]int64, len(all))
	for i, g := range all {
		lookup[i] = g.id
	}
	names, err := organizationNames(ctx, q, lookup)
	if err != nil {
		return nil, err
	}
	var out []Party
	seen := map[int64]bool{}
	for _, g := range all {
		p := Party{OrganizationID: g.id, OrganizationName: names[g.id]}
		if g.index >= 0 {
			p.SignatoryTitle = e.Text(row("parties", g.index, "signatory_title"), g.in.SignatoryTitle, false, maxShort)
			p.SignatoryName = e.Text(row("parties", g.index, "signatory_name"), g.in.SignatoryName, false, maxShort)
		}
		switch {
		case g.id == 0:
			e.Add(g.field, "error.choose")
		case names[g.id] == "":
			e.Add(g.field, "error.organization_unknown")
		case seen[g.id]:
			// Named twice, once as an id and once with a signatory: the row
			// with the signatory wins, since it says more.
			if g.index >= 0 {
				e.Add(g.field, "error.party_twice")
			}
		default:
			seen[g.id] = true
			out = append(out, p)
		}
	}
	// Count what was given: a party that is wrong is said at its row.
	if len(all) < min && !e.Has("party_ids") {
		e.Add("party_ids", "error.parties_min", min)
	}
	return out, nil
}

// checkMeasure checks how a commitment is measured, the default when not
// said.
func checkMeasure(e *validation.Errors, field, measure string) Measure {
	m := Measure(strings.TrimSpace(measure))
	if m == "" {
		return MeasureActivities
	}
	if !slices.Contains(Measures, m) {
		e.Add(field, "error.one_of", string(MeasureActivities)+", "+string(MeasurePremisesCoverage))
	}
	return m
}

// checkTarget checks an optional numeric target and its unit.
func checkTarget(e *validation.Errors, prefix string, target *float64, unit string) (*float64, string) {
	unit = e.Text(prefix+"unit", unit, false, maxShort)
	if target == nil {
		return nil, unit
	}
	if math.IsNaN(*target) || math.IsInf(*target, 0) || *target <= 0 || *target > 1e9 {
		e.Add(prefix+"target", "error.target")
	}
	if unit == "" {
		e.Add(prefix+"unit", "error.unit_required")
	}
	return target, unit
}
