package survey

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// A place question's follow-up options: read from the form for named
// places (one fieldset for all, or per place) and map pins (by their
// index), stored per pin, refused when unknown or for a place the answer
// does not hold, and counted in the results overall and per named place.
func TestPlaceReasons(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		name := FieldName(KeyAvoidPlace)
		noret := strconv.FormatInt(f.noret, 10)
		q, _ := f.survey.Question(KeyAvoidPlace)
		if len(q.Options) != len(PlaceReasons) {
			t.Fatalf("place question options = %v, want the follow-ups", q.Options)
		}
		submit := func(i int, form url.Values) error {
			form.Set(FieldName(KeySafetyEvening), "fairly_unsafe")
			a := FormAnswer(form, f.survey.Questions)
			a.BrowserToken = token(1000 + i)
			_, err := f.s.Submit(ctx, f.survey.ID, a)
			return err
		}
		// Without JavaScript: Noret ticked, two reasons for every ticked place.
		for i := range 6 {
			if err := submit(i, url.Values{name: {noret}, name + ".reason": {"lighting", "gathering", "gathering"}}); err != nil {
				t.Fatalf("Submit %d: %v", i, err)
			}
		}
		// A named place's own reason and two map pins with theirs.
		if err := submit(10, url.Values{name: {noret}, name + ".place_reason": {noret + ":intoxicated"},
			name + ".pin": {"61.0047,14.5612", "65.0,20.0"}, name + ".pin_why": {"", ""},
			name + ".pin_reason": {"0:gathering", "1:traffic"}}); err != nil {
			t.Fatalf("Submit pins: %v", err)
		}
		a := FormAnswer(url.Values{name: {noret}, name + ".place_reason": {noret + ":hidden"}}, f.survey.Questions)
		if got := a.Items[KeyAvoidPlace].Pins[0].Reasons; !cmp.Equal(got, []string{"hidden"}) {
			t.Errorf("place_reason read as %v", got)
		}

		// Refused, nothing stored: an unknown option, a reason of a pin
		// or place not in the answer, a reason without any place.
		for i, form := range []url.Values{
			{name: {noret}, name + ".reason": {"lighting", "aliens"}},
			{name + ".pin": {"61.0047,14.5612"}, name + ".pin_reason": {"3:lighting"}},
			{name: {noret}, name + ".place_reason": {"999999:lighting"}},
			{name + ".reason": {"lighting"}},
			{name + ".pin": {"61.0047,14.5612"}, name + ".pin_reason": {"x:lighting"}},
		} {
			before := f.count(t)
			err := submit(100+i, form)
			ve, ok := errors.AsType[*validation.Error](err)
			if !ok || !ve.Fields.Has(ReasonField(KeyAvoidPlace)) {
				t.Errorf("form %d: Submit = %v, want an error of %s", i, err, ReasonField(KeyAvoidPlace))
			}
			if diff := cmp.Diff(before, f.count(t)); diff != "" {
				t.Errorf("form %d: a refused answer changed the tables (-before +after):\n%s", i, diff)
			}
		}

		// Counted as the tables say, independently.
		want := map[string]int{}
		if err := db.Each(ctx, d, `SELECT p.place_name, r.reason, COUNT(*) FROM survey_pin_reasons r
			JOIN survey_pins p ON p.id = r.pin_id GROUP BY p.place_name, r.reason`, nil, func(sc db.Scanner) error {
			var place, reason string
			var n int
			if err := sc.Scan(&place, &reason, &n); err != nil {
				return err
			}
			if place != "" {
				want[place+":"+reason] += n
			}
			want[":"+reason] += n
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if want["Noret:gathering"] != 6 || want[":gathering"] != 7 || want[":lighting"] != 6 || want[":traffic"] != 1 {
			t.Fatalf("stored reasons = %v", want)
		}
		v, err := f.s.ByID(ctx, f.survey.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range []bool{true, false} {
			res, err := f.s.Results(ctx, v, raw)
			if err != nil {
				t.Fatal(err)
			}
			wantShown := map[string]int{}
			for k, n := range want {
				if raw || n >= res.Threshold {
					wantShown[k] = n
				}
			}
			got := map[string]int{}
			for _, r := range res.Rows("sv") {
				if r.Type == RowPlaceReason {
					k := r.Value
					if !strings.Contains(k, ":") {
						k = ":" + k
					}
					got[k] = *r.Count
				}
			}
			if diff := cmp.Diff(wantShown, got); diff != "" {
				t.Errorf("raw %v: place_reason rows (-want +got):\n%s", raw, diff)
			}
		}
	})
}
