package survey

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// FuzzSubmit sends the public form anything, as a query string read by
// FormAnswer and stored by Submit on SQLite. It never panics; an answer
// is either stored as one response, or refused with a validation error
// (or as a second answer from the browser) and nothing is stored at all.
func FuzzSubmit(f *testing.F) {
	f.Add("q.safety_evening=fairly_unsafe&token=browser-token-000001")
	f.Add("q.safety_evening=very_safe&q.avoid_place=1&q.avoid_place.why=m%C3%B6rkt&q.when_unsafe=6.evening&token=browser-token-000002")
	f.Add("q.safety_evening=x&q.when_unsafe=9.day&token=browser-token-000003")
	f.Add("q.safety_evening=never_out&q.avoid_place.pin=61.01,14.58&q.avoid_place.pin=NaN,1&token=browser-token-000004")
	f.Add("q.safety_evening=dont_know&q.improve=Ring+070-123+45+67&redact=1&token=browser-token-000005")
	f.Add("q.safety_evening=fairly_safe&q.age_band=20_34&q.age_band=65_plus&token=short")
	f.Add("q.safety_evening=fairly_safe&q.improve=%00%ff&token=browser-token-000006")
	// Map pins each with its own why, personal data in one; more whys than
	// pins; a why of a pin out of Sweden.
	f.Add("q.safety_evening=fairly_safe&q.avoid_place.pin=61.0047,14.5612&q.avoid_place.pin_why=M%C3%B6rkt&q.avoid_place.pin=61.0,14.5&q.avoid_place.pin_why=Ring+070-123+45+67&token=browser-token-000007")
	f.Add("q.safety_evening=fairly_safe&q.avoid_place.pin_why=a&q.avoid_place.pin_why=b&q.avoid_place.pin=61,14.5&q.avoid_place=1&q.avoid_place.why=c&token=browser-token-000008")
	f.Add("q.safety_evening=fairly_safe&q.avoid_place.pin=1e308,-0&q.avoid_place.pin_why=%00&token=browser-token-000009")
	// Follow-up reasons: for every ticked place, per place, per map pin;
	// an unknown one, one of a pin not there, one without a place.
	f.Add("q.safety_evening=fairly_safe&q.avoid_place=1&q.avoid_place.reason=lighting&q.avoid_place.reason=gathering&token=browser-token-000010")
	f.Add("q.safety_evening=fairly_safe&q.avoid_place=1&q.avoid_place.place_reason=1:traffic&q.avoid_place.pin=61.0047,14.5612&q.avoid_place.pin_reason=0:hidden&token=browser-token-000011")
	f.Add("q.safety_evening=fairly_safe&q.avoid_place.pin=61.0047,14.5612&q.avoid_place.pin_reason=-1:x&q.avoid_place.reason=aliens&token=browser-token-000012")
	f.Add("q.safety_evening=fairly_safe&q.avoid_place.reason=lighting&q.avoid_place.place_reason=:&q.avoid_place.pin_reason=99999999999999999999:lighting&token=browser-token-000013")
	d := dbtest.SQLite(f)
	fx := setup(f, d)
	f.Fuzz(func(t *testing.T, query string) {
		form, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		a := FormAnswer(form, fx.survey.Questions)
		a.BrowserToken = form.Get("token")
		before := fx.count(t)
		_, err = fx.s.Submit(context.Background(), fx.survey.ID, a)
		after := fx.count(t)
		if err == nil {
			if after["survey_responses"] != before["survey_responses"]+1 {
				t.Fatalf("stored %v, responses %d → %d", query, before["survey_responses"], after["survey_responses"])
			}
			return
		}
		if _, ok := errors.AsType[*validation.Error](err); !ok {
			t.Fatalf("Submit(%q) = %v, want stored or a validation error", query, err)
		}
		if diff := cmp.Diff(before, after); diff != "" {
			t.Fatalf("refused %q changed the tables (-before +after):\n%s", query, diff)
		}
	})
}
