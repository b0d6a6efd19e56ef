// Package piitest tests that a store follows package pii's rule for one of
// its free-text fields, the same way for every field of every store: the
// personal data is found, the text is refused without a choice and
// nothing is stored, it is stored masked when asked (or as written when
// confirmed, where the rule allows it), and the audit trail says what was
// decided without holding what was masked.
package piitest

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Text is free text with a name, a phone number and a personal identity
// number in it, and Masked the same as it is stored masked.
const (
	Text   = "Anna Andersson (070-123 45 67, 811228-9874) lovade att återkomma."
	Masked = "[namn] ([telefonnummer], [personnummer]) lovade att återkomma."
)

// secrets are the parts of Text that must be stored nowhere once masked.
var secrets = []string{"Anna Andersson", "070-123 45 67", "811228-9874"}

// Field is one free-text field of a store.
type Field struct {
	// Name is the field as the store's errors name it:
	// "protocol.items.0.note".
	Name string
	Rule pii.Rule
	// Entity is the audit trail's name of the record.
	Entity string
	// Save stores a record (a new one, or a change of one) whose field
	// has text, with the choice made, and returns its id and the field's
	// text as stored (read back from the store).
	Save func(ctx context.Context, text string, c pii.Choice) (id int64, stored string, err error)
	// Changes says that Save changes one record rather than making new
	// ones: a text confirmed once is then not asked about again while it
	// stays the same.
	Changes bool
}

// Run tests f on d.
func Run(t *testing.T, d *db.DB, f Field) {
	t.Helper()
	ctx := context.Background()
	if got := pii.Check(Text).Redacted; got != Masked {
		t.Fatalf("pii masks the test's text as %q, want %q", got, Masked)
	}

	// Text without personal data needs no choice.
	if _, stored, err := f.Save(ctx, "Inget att anmärka.", pii.Choice{}); err != nil || stored != "Inget att anmärka." {
		t.Fatalf("%s: saving a text without personal data = %q, %v", f.Name, stored, err)
	}

	// Refused without a choice, and nothing stored.
	before := entries(t, d)
	_, _, err := f.Save(ctx, Text, pii.Choice{})
	if got := refusal(err, f.Name); got != f.Rule.Key {
		t.Errorf("%s: saving personal data without a choice: error on the field = %q (%v), want %q", f.Name, got, err, f.Rule.Key)
	}
	if n := entries(t, d); n != before {
		t.Errorf("%s: a refused text wrote %d audit entries", f.Name, n-before)
	}

	// Confirmed: kept as written where the rule allows it, else refused.
	id, stored, err := f.Save(ctx, Text, pii.Choice{ConfirmPersonalData: true})
	switch {
	case f.Rule.Confirm && (err != nil || stored != Text):
		t.Errorf("%s: saving confirmed personal data = %q, %v; want it kept as written", f.Name, stored, err)
	case f.Rule.Confirm:
		decided(t, d, f, id, "confirmed")
	case refusal(err, f.Name) != f.Rule.Key:
		t.Errorf("%s: confirming personal data where the rule does not allow it: error %v, want %q on the field", f.Name, err, f.Rule.Key)
	}
	if f.Rule.Confirm && f.Changes {
		// Saved again unchanged, with something else changed: not asked
		// again, and not masked behind the person's back either.
		for _, c := range []pii.Choice{{}, {Redact: true}} {
			if _, stored, err := f.Save(ctx, Text, c); err != nil || stored != Text {
				t.Errorf("%s: saving a confirmed text again unchanged (%+v) = %q, %v; want it kept", f.Name, c, stored, err)
			}
		}
		if _, _, err := f.Save(ctx, "Inget att anmärka.", pii.Choice{}); err != nil {
			t.Fatal(err)
		}
	}

	// Masked when asked: the text stored, and what the audit trail says is
	// stored now, hold none of the personal data.
	before = entries(t, d)
	id, stored, err = f.Save(ctx, Text, pii.Choice{Redact: true})
	if err != nil || stored != Masked {
		t.Fatalf("%s: saving with redact = %q, %v; want %q", f.Name, stored, err, Masked)
	}
	if entries(t, d) == before {
		t.Errorf("%s: saving masked wrote no audit entry", f.Name)
	}
	decided(t, d, f, id, "masked")
	var leaked int
	for _, s := range secrets {
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = ? AND entity_id = ?
			AND after_json LIKE ? AND id > ?`, f.Entity, strconv.FormatInt(id, 10), "%"+s+"%", before).Scan(&n); err != nil {
			t.Fatal(err)
		}
		leaked += n
	}
	if leaked > 0 {
		t.Errorf("%s: the audit entries of the masked save hold the personal data", f.Name)
	}
}

// refusal is the message key of err on field, "" when there is none.
func refusal(err error, field string) string {
	var ve *validation.Error
	if !errors.As(err, &ve) {
		return ""
	}
	return ve.Fields[field].Key
}

// entries is the largest id of the audit trail.
func entries(t *testing.T, d *db.DB) int64 {
	t.Helper()
	var n int64
	if err := d.QueryRowContext(context.Background(), `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// decided checks that the audit trail's latest decision about the
// record's personal data says the field was masked or confirmed ("masked",
// "confirmed").
func decided(t *testing.T, d *db.DB, f Field, id int64, how string) {
	t.Helper()
	page, err := audit.NewLog(d).List(context.Background(), audit.Filter{Entity: f.Entity, EntityID: strconv.FormatInt(id, 10), Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(page.Items, func(it audit.Item) bool { return it.Action == "personal_data" })
	if i < 0 {
		t.Errorf("%s: no audit entry of %s %d says what was decided about personal data", f.Name, f.Entity, id)
		return
	}
	var r pii.Review
	if err := json.Unmarshal([]byte(page.Items[i].After), &r); err != nil {
		t.Fatal(err)
	}
	list := r.Masked
	if how == "confirmed" {
		list = r.Confirmed
	}
	if !slices.Contains(list, f.Name) {
		t.Errorf("%s: the audit entry %s does not say the field was %s", f.Name, page.Items[i].After, how)
	}
}
