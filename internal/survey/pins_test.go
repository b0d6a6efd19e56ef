package survey

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// Map pins from the form each carry their own why ("q.<key>.pin_why" in
// the order of the pins); named places keep the question's one why; a why
// with personal data is refused under the pin's own field name, and
// nothing is stored.
func TestFormPinsWithOwnWhy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		name := FieldName(KeyAvoidPlace)
		form := url.Values{
			FieldName(KeySafetyEvening): {"fairly_unsafe"},
			name:                        {strconv.FormatInt(f.noret, 10)},
			name + ".why":               {"Mörkt vid Noret"},
			name + ".pin":               {"61.0047,14.5612", "61.0050,14.5430"},
			name + ".pin_why":           {"Samlingar på parkeringen", ""},
		}
		a := FormAnswer(form, f.survey.Questions)
		var whys []string
		for _, p := range a.Items[KeyAvoidPlace].Pins {
			whys = append(whys, p.Why)
		}
		if diff := cmp.Diff([]string{"Mörkt vid Noret", "Samlingar på parkeringen", ""}, whys); diff != "" {
			t.Errorf("whys (-want +got):\n%s", diff)
		}
		a.BrowserToken = "browser-token-pins-0001"
		if _, err := f.s.Submit(ctx, f.survey.ID, a); err != nil {
			t.Fatalf("Submit: %v", err)
		}
		var stored []string
		rows, err := d.QueryContext(ctx, `SELECT why FROM survey_pins ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var w string
			if err := rows.Scan(&w); err != nil {
				t.Fatal(err)
			}
			stored = append(stored, w)
		}
		if diff := cmp.Diff([]string{"Mörkt vid Noret", "Samlingar på parkeringen", ""}, stored); diff != "" {
			t.Errorf("stored whys (-want +got):\n%s", diff)
		}

		// Personal data in the second pin's why: refused as that field.
		form[name+".pin_why"] = []string{"Mörkt", "Kalle Karlsson 070-123 45 67 bråkar"}
		a = FormAnswer(form, f.survey.Questions)
		a.BrowserToken = "browser-token-pins-0002"
		before := f.count(t)
		_, err = f.s.Submit(ctx, f.survey.ID, a)
		ve, ok := errors.AsType[*validation.Error](err)
		if !ok || !ve.Fields.Has(PinWhyField(KeyAvoidPlace, 1)) || ve.Fields.Has(PinWhyField(KeyAvoidPlace, 0)) {
			t.Fatalf("Submit = %v, want an error of %s only", err, PinWhyField(KeyAvoidPlace, 1))
		}
		if diff := cmp.Diff(before, f.count(t)); diff != "" {
			t.Errorf("a refused answer changed the tables (-before +after):\n%s", diff)
		}
		// Asked to, it is stored masked.
		form.Set("redact", "1")
		a = FormAnswer(form, f.survey.Questions)
		a.BrowserToken = "browser-token-pins-0003"
		if _, err := f.s.Submit(ctx, f.survey.ID, a); err != nil {
			t.Fatalf("Submit masked: %v", err)
		}
	})
}
