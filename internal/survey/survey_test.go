package survey

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/report"
	"github.com/samverkan/samverkan/internal/validation"
)

var actor = audit.Actor{Label: "test"}

// fixture is a database with the municipalities and the shipped places
// (Mora has "Mora centrum" and "Noret"), and a published citizen survey
// of Mora open today.
type fixture struct {
	d      *db.DB
	s      *Store
	survey Survey
	noret  int64
}

func setup(t testing.TB, d *db.DB) fixture {
	t.Helper()
	ctx := context.Background()
	if err := municipality.NewStore(d).Sync(ctx); err != nil {
		t.Fatalf("sync municipalities: %v", err)
	}
	if err := report.NewStore(d).Seed(ctx, audit.System); err != nil {
		t.Fatalf("seed places: %v", err)
	}
	f := fixture{d: d, s: NewStore(d)}
	v, err := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: TemplateCitizen})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if f.survey, err = f.s.SetStatus(ctx, actor, v.ID, Published); err != nil {
		t.Fatalf("publish: %v", err)
	}
	places, err := placeNames(ctx, d, "2062")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range places {
		if p.Name == "Noret" {
			f.noret = p.ID
		}
	}
	if f.noret == 0 {
		t.Fatalf("Mora's places %+v have no Noret", places)
	}
	return f
}

func (f fixture) count(t testing.TB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"survey_responses", "survey_answers", "survey_pins", "survey_when_cells", "survey_backgrounds",
		"survey_pin_reasons"} {
		var n int
		if err := f.d.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}

func token(i int) string { return fmt.Sprintf("browser-token-%06d", i) }

func TestCreateFromTemplate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		v, err := f.s.ByID(ctx, f.survey.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status != Published || v.Kind != Citizen || v.OpensOn != day(0) || v.ClosesOn != day(28) || len(v.Token) < 16 {
			t.Errorf("survey = %+v, want a published citizen survey open %s to %s with a token", v, day(0), day(28))
		}
		q, ok := v.Question(KeySafetyEvening)
		if !ok || q.Kind != SafetyScale || !q.Required ||
			q.Text != "Hur trygg skulle du känna dig om du gick ut ensam sent en kväll i området där du bor?" {
			t.Errorf("safety question = %+v", q)
		}
		if got := len(q.Choices()); got != 6 {
			t.Errorf("safety scale has %d steps, want 5 and don't know", got)
		}
		res, _ := v.Question(KeyResidence)
		var labels []string
		for _, o := range res.Options {
			labels = append(labels, o.Label)
		}
		if diff := cmp.Diff([]string{"Mora centrum", "Noret", "Någon annanstans"}, labels); diff != "" {
			t.Errorf("residence options (-want +got):\n%s", diff)
		}
		list, err := f.s.List(ctx, "2062")
		if err != nil || len(list) != 1 || list[0].ID != v.ID {
			t.Errorf("List(2062) = %+v, %v", list, err)
		}
		var n int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'survey' AND entity_id = ?`,
			strconv.FormatInt(v.ID, 10)).Scan(&n); err != nil || n != 2 {
			t.Errorf("audit entries of the survey = %d, %v; want create and publish", n, err)
		}

		for _, tt := range []struct {
			in    New
			field string
		}{
			{New{MunicipalityCode: "2062", Template: "nope"}, "template"},
			{New{MunicipalityCode: "9999", Template: TemplateStaff}, "municipality_code"},
			{New{MunicipalityCode: "2062", Template: TemplateStaff, OpensOn: day(3), ClosesOn: day(-6)}, "closes_on"},
		} {
			_, err := f.s.Create(ctx, actor, tt.in)
			if ve, ok := errors.AsType[*validation.Error](err); !ok || !ve.Fields.Has(tt.field) {
				t.Errorf("Create(%+v) = %v, want an error of %s", tt.in, err, tt.field)
			}
		}
	})
}

func TestUpdateDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		v, err := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: TemplateYouth})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.s.Update(ctx, actor, v.ID, Edit{Title: "Unga i Mora", OpensOn: v.OpensOn, ClosesOn: v.ClosesOn,
			Questions: []QuestionEdit{{Key: KeySafetyEvening, Text: "Hur trygg känner du dig vid Noret?", Required: true},
				{Key: "wish", Remove: true}}})
		if err != nil {
			t.Fatalf("Update: %v", err)
		}
		got, _ := f.s.ByID(ctx, v.ID)
		q, _ := got.Question(KeySafetyEvening)
		if _, kept := got.Question("wish"); got.Title != "Unga i Mora" || q.Text != "Hur trygg känner du dig vid Noret?" || kept ||
			len(got.Questions) != len(v.Questions)-1 {
			t.Errorf("after Update: %+v", got)
		}
		// A published survey keeps its wording.
		_, err = f.s.Update(ctx, actor, f.survey.ID, Edit{Title: "x", OpensOn: day(0), ClosesOn: day(1)})
		if ve, ok := errors.AsType[*validation.Error](err); !ok || !ve.Fields.Has("status") {
			t.Errorf("Update of a published survey = %v, want a status error", err)
		}
		if _, err := f.s.SetStatus(ctx, actor, v.ID, Closed); err == nil {
			t.Errorf("closing a draft succeeded")
		}
	})
}

// answer is a complete valid answer to the citizen template.
func (f fixture) answer(i int) Answer {
	return Answer{BrowserToken: token(i), Items: map[string]Item{
		KeySafetyEvening:       {Options: []string{"fairly_unsafe"}},
		KeyWorryCrime:          {Options: []string{"sometimes"}},
		"problem_youth_groups": {Options: []string{"fairly_big"}},
		KeyAvoidPlace:          {Pins: []Pin{{PlaceID: strconv.FormatInt(f.noret, 10), Why: "Mörkt på parkeringen"}}},
		KeyWhenUnsafe:          {When: []string{"5.evening", "6.evening", "6.night"}},
		"improve":              {Text: "Bättre belysning vid Noret"},
		KeyAgeBand:             {Options: []string{"20_34"}},
	}}
}

func TestSubmitAndResults(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		for i := range 4 {
			a := f.answer(i)
			if i == 3 {
				// Another group, too small to show; very safe; a pin on
				// the map in the town centre.
				a.Items[KeySafetyEvening] = Item{Options: []string{"very_safe"}}
				a.Items[KeyAgeBand] = Item{Options: []string{"65_plus"}}
				lat, lon := 61.0071, 14.5432
				a.Items[KeyAvoidPlace] = Item{Pins: []Pin{{Lat: &lat, Lon: &lon, Why: "Busstationen"}}}
			}
			if _, err := f.s.Submit(ctx, f.survey.ID, a); err != nil {
				t.Fatalf("Submit %d: %v", i, err)
			}
		}
		// The same browser again is refused, and stores nothing.
		before := f.count(t)
		_, err := f.s.Submit(ctx, f.survey.ID, f.answer(0))
		if ve, ok := errors.AsType[*validation.Error](err); !ok || !ve.Fields.Has("browser_token") {
			t.Errorf("a second answer from one browser = %v, want refused", err)
		}
		if diff := cmp.Diff(before, f.count(t)); diff != "" {
			t.Errorf("a refused answer changed the tables (-before +after):\n%s", diff)
		}

		v, _ := f.s.ByID(ctx, f.survey.ID)
		if v.Answers != 4 {
			t.Errorf("Answers = %d, want 4", v.Answers)
		}
		res, err := f.s.Results(ctx, v, false)
		if err != nil {
			t.Fatal(err)
		}
		by := map[string]QuestionResult{}
		for _, q := range res.Questions {
			by[q.Key] = q
		}
		safety := by[KeySafetyEvening]
		counts := map[string]int{}
		for _, o := range safety.Options {
			counts[o.Value] = o.Count
		}
		if safety.Answered != 4 || counts["fairly_unsafe"] != 3 || counts["very_safe"] != 1 || safety.UnsafeShare == nil || *safety.UnsafeShare != 0.75 {
			t.Errorf("safety = answered %d, counts %v, unsafe %v; want 4, 3 fairly unsafe and 1 very safe, 0.75", safety.Answered, counts, safety.UnsafeShare)
		}
		// Groups: 20–34 (3 answers) is shown, 65+ (1) is suppressed.
		want := []GroupResult{
			{Dimension: KeyAgeBand, Group: "20_34", Label: "20–34 år", LabelEn: "20–34", Answered: 3, UnsafeShare: new(1.0)},
			{Dimension: KeyAgeBand, Group: "65_plus", Label: "65 år eller äldre", LabelEn: "65 or older", Suppressed: true},
		}
		if diff := cmp.Diff(want, safety.Groups); diff != "" {
			t.Errorf("safety per group (-want +got):\n%s", diff)
		}
		when := by[KeyWhenUnsafe]
		if when.Answered != 4 || when.When[5].Counts[2] != 4 || when.When[4].Counts[2] != 4 || when.When[0].Counts[2] != 0 {
			t.Errorf("when = %+v, want Friday and Saturday evenings 4", when)
		}
		place := by[KeyAvoidPlace]
		if diff := cmp.Diff([]PlaceCount{{Name: "Noret", Count: 3}}, place.Places); diff != "" {
			t.Errorf("places for a party (-want +got):\n%s", diff)
		}
		if len(place.Pins) != 0 || len(by["improve"].Texts) != 0 || len(place.Grid) != 0 {
			t.Errorf("a party sees raw answers: pins %v, texts %v, grid %v (one pin is below the threshold)", place.Pins, by["improve"].Texts, place.Grid)
		}
		age := by[KeyAgeBand]
		for _, o := range age.Options {
			if o.Value == "65_plus" && (!o.Suppressed || o.Count != 0) {
				t.Errorf("age 65+ with one answer = %+v, want suppressed", o)
			}
		}

		raw, err := f.s.Results(ctx, v, true)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range raw.Questions {
			by[q.Key] = q
		}
		if got := by["improve"].Texts; len(got) != 4 || got[0] != "Bättre belysning vid Noret" {
			t.Errorf("raw texts = %v", got)
		}
		place = by[KeyAvoidPlace]
		if len(place.Pins) != 4 || len(place.Grid) != 1 || place.Grid[0].Count != 1 {
			t.Errorf("raw pins %+v grid %+v, want 4 pins, the one on the map in one cell", place.Pins, place.Grid)
		}
		if diff := cmp.Diff([]PlaceCount{{Name: "Noret", Count: 3}, {Name: "Mora centrum", Count: 1}}, place.Places); diff != "" {
			t.Errorf("raw places (-want +got):\n%s", diff)
		}
	})
}

func TestMultipleCountedPerOption(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		v, err := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: TemplateStaff})
		if err != nil {
			t.Fatal(err)
		}
		if v, err = f.s.SetStatus(ctx, actor, v.ID, Published); err != nil {
			t.Fatal(err)
		}
		noret := strconv.FormatInt(f.noret, 10)
		for i, opts := range [][]string{{"gatherings", "traffic"}, {"gatherings"}, {"traffic", "gatherings", "gatherings"}} {
			_, err := f.s.Submit(ctx, v.ID, Answer{BrowserToken: token(i), Items: map[string]Item{
				"problem_place": {Pins: []Pin{{PlaceID: noret}}}, "problem_time": {When: []string{"6.evening"}},
				"problems_seen": {Options: opts}, "years": {Number: "12,5"}}})
			if err != nil {
				t.Fatalf("Submit %v: %v", opts, err)
			}
		}
		v, _ = f.s.ByID(ctx, v.ID)
		res, err := f.s.Results(ctx, v, false)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range res.Questions {
			switch q.Key {
			case "problems_seen":
				got := map[string]OptionCount{}
				for _, o := range q.Options {
					got[o.Value] = o
				}
				if q.Answered != 3 || got["gatherings"].Count != 3 || got["gatherings"].Share != 1 || got["traffic"].Count != 2 ||
					got["traffic"].Share != 0.667 {
					t.Errorf("problems seen = answered %d, %+v; want 3, gatherings 3 (1.0), traffic 2 (0.667)", q.Answered, got)
				}
			case "years":
				if q.Number == nil || *q.Number != (NumberSummary{Count: 3, Mean: 12.5, Min: 12.5, Max: 12.5}) {
					t.Errorf("years = %+v", q.Number)
				}
			}
		}
	})
}

func TestSubmitRefused(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		outside := 52.52
		lon := 13.40
		tests := []struct {
			name  string
			edit  func(a *Answer)
			field string
		}{
			{"required missing", func(a *Answer) { delete(a.Items, KeySafetyEvening) }, "q." + KeySafetyEvening},
			{"option not in the scale", func(a *Answer) { a.Items[KeySafetyEvening] = Item{Options: []string{"rather_safe"}} }, "q." + KeySafetyEvening},
			{"two options of a single choice", func(a *Answer) { a.Items[KeyWorryCrime] = Item{Options: []string{"never", "often"}} }, "q." + KeyWorryCrime},
			{"unknown question", func(a *Answer) { a.Items["nope"] = Item{Text: "x"} }, "q.nope"},
			{"pin in Berlin", func(a *Answer) { a.Items[KeyAvoidPlace] = Item{Pins: []Pin{{Lat: &outside, Lon: &lon}}} }, "q." + KeyAvoidPlace},
			{"half a pin", func(a *Answer) { a.Items[KeyAvoidPlace] = Item{Pins: []Pin{{Lat: &outside}}} }, "q." + KeyAvoidPlace},
			{"place of another municipality", func(a *Answer) { a.Items[KeyAvoidPlace] = Item{Pins: []Pin{{PlaceID: "999999"}}} }, "q." + KeyAvoidPlace},
			{"why without a place", func(a *Answer) { a.Items[KeyAvoidPlace] = Item{Pins: []Pin{{Why: "mörkt"}}} }, "q." + KeyAvoidPlace},
			{"a day 8", func(a *Answer) { a.Items[KeyWhenUnsafe] = Item{When: []string{"8.evening"}} }, "q." + KeyWhenUnsafe},
			{"a part of day", func(a *Answer) { a.Items[KeyWhenUnsafe] = Item{When: []string{"1.noon"}} }, "q." + KeyWhenUnsafe},
			{"personal data", func(a *Answer) { a.Items["improve"] = Item{Text: "Ring Anna Andersson på 070-123 45 67"} }, "q.improve"},
			{"personal data in why", func(a *Answer) {
				a.Items[KeyAvoidPlace] = Item{Pins: []Pin{{PlaceID: strconv.FormatInt(f.noret, 10), Why: "Kalle Karlsson 070-123 45 67 bråkar"}}}
			}, "q." + KeyAvoidPlace + ".why"},
			{"no browser token", func(a *Answer) { a.BrowserToken = "" }, "browser_token"},
		}
		for _, tt := range tests {
			a := f.answer(100)
			tt.edit(&a)
			before := f.count(t)
			_, err := f.s.Submit(ctx, f.survey.ID, a)
			ve, ok := errors.AsType[*validation.Error](err)
			if !ok || !ve.Fields.Has(tt.field) {
				t.Errorf("%s: Submit = %v, want an error of %s", tt.name, err, tt.field)
			}
			if diff := cmp.Diff(before, f.count(t)); diff != "" {
				t.Errorf("%s: a refused answer changed the tables (-before +after):\n%s", tt.name, diff)
			}
		}
		// Asked to, the text is stored masked.
		a := f.answer(101)
		a.Items["improve"] = Item{Text: "Ring Anna Andersson på 070-123 45 67"}
		a.Redact = true
		if _, err := f.s.Submit(ctx, f.survey.ID, a); err != nil {
			t.Fatalf("Submit with redact: %v", err)
		}
		var text string
		if err := d.QueryRowContext(ctx, `SELECT text FROM survey_answers WHERE text IS NOT NULL`).Scan(&text); err != nil ||
			text == "Ring Anna Andersson på 070-123 45 67" {
			t.Errorf("stored text = %q, %v; want it masked", text, err)
		}
		// A draft and a closed survey take no answers.
		draft, _ := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: TemplateCitizen})
		if _, err := f.s.Submit(ctx, draft.ID, f.answer(102)); !errors.Is(err, ErrClosed) {
			t.Errorf("an answer to a draft = %v, want ErrClosed", err)
		}
		if _, err := f.s.SetStatus(ctx, actor, f.survey.ID, Closed); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Submit(ctx, f.survey.ID, f.answer(103)); !errors.Is(err, ErrClosed) {
			t.Errorf("an answer to a closed survey = %v, want ErrClosed", err)
		}
	})
}

func TestFormAnswer(t *testing.T) {
	f := url.Values{
		"q.safety_evening":  {"fairly_safe"},
		"q.avoid_place":     {"12", ""},
		"q.avoid_place.why": {"mörkt"},
		"q.avoid_place.pin": {"61.01,14.58", "x"},
		"q.when_unsafe":     {"6.evening", "7.night"},
		"q.improve":         {"ljus"},
		"redact":            {"1"},
	}
	tmpl, _ := TemplateOf(TemplateCitizen)
	got := FormAnswer(f, tmpl.Questions)
	lat, lon := 61.01, 14.58
	want := Item{Pins: []Pin{{PlaceID: "12", Why: "mörkt"}, {Lat: &lat, Lon: &lon, Why: "mörkt"}, {PlaceID: "-", Why: "mörkt"}}}
	if diff := cmp.Diff(want, got.Items[KeyAvoidPlace]); diff != "" {
		t.Errorf("place (-want +got):\n%s", diff)
	}
	if !got.Redact || got.Items["improve"].Text != "ljus" || len(got.Items[KeyWhenUnsafe].When) != 2 ||
		got.Items[KeySafetyEvening].Options[0] != "fairly_safe" {
		t.Errorf("FormAnswer = %+v", got)
	}
}

// day is the date offset days from the tests' day (clocktest), so that the
// tests hold on any day scripts/test-days runs them on.
func day(offset int) string {
	return clocktest.Now().In(clock.Zone()).AddDate(0, 0, offset).Format(time.DateOnly)
}
