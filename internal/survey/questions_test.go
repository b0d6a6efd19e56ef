package survey

import (
	"context"
	"errors"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

// TestAddQuestion: a draft takes new questions of every kind, each with a
// key made from its text that is unique in the survey, last in its
// section or at a chosen place; options of a choice question are checked
// and get values; a published survey takes none.
func TestAddQuestion(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		v, err := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: TemplateStaff})
		if err != nil {
			t.Fatal(err)
		}
		// Mistakes: no text, an unknown kind, one option only.
		_, err = f.s.AddQuestion(ctx, actor, v.ID, NewQuestion{Kind: "poll", Section: "nowhere"})
		for _, field := range []string{"kind", "section", "text"} {
			if fieldError(err, field) == "" {
				t.Errorf("a question without %s = %v", field, err)
			}
		}
		_, err = f.s.AddQuestion(ctx, actor, v.ID, NewQuestion{Kind: Single, Text: "Vilken arbetsplats?", Options: []Option{{Label: "Skolan"}}})
		if fieldError(err, "options") != "error.survey_options_few" {
			t.Errorf("one option = %v", err)
		}
		_, err = f.s.AddQuestion(ctx, actor, v.ID, NewQuestion{Kind: Text, Text: "Vad tycker Anna Andersson om Noret?"})
		if fieldError(err, "text") != "error.personal_data_survey" {
			t.Errorf("a name in the question = %v", err)
		}
		if again, _ := f.s.ByID(ctx, v.ID); len(again.Questions) != len(v.Questions) {
			t.Fatalf("a refused question was stored")
		}

		// Every kind, in the open section, last.
		var added []Question
		for _, kind := range QuestionKinds {
			in := NewQuestion{Kind: kind, Section: SectionOpen, Text: "Hur går det på jobbet?", TextEn: "How is work?"}
			if kind == Single || kind == Multiple {
				in.Options = []Option{{Label: "Bra", LabelEn: "Well"}, {Label: "Så där"}, {Label: "Dåligt", Value: "bad"}}
			}
			q, err := f.s.AddQuestion(ctx, actor, v.ID, in)
			if err != nil {
				t.Fatalf("AddQuestion(%s): %v", kind, err)
			}
			added = append(added, q)
		}
		if added[0].Key != "hur_gar_det_pa_jobbet" || added[1].Key != "hur_gar_det_pa_jobbet_2" {
			t.Errorf("keys %q, %q", added[0].Key, added[1].Key)
		}
		single := added[2]
		if want := []Option{{Value: "bra", Label: "Bra", LabelEn: "Well"}, {Value: "sa_dar", Label: "Så där"},
			{Value: "bad", Label: "Dåligt"}}; len(single.Options) != 3 || single.Options[0] != want[0] || single.Options[1] != want[1] ||
			single.Options[2] != want[2] {
			t.Errorf("options %+v", single.Options)
		}
		got, _ := f.s.ByID(ctx, v.ID)
		last := got.Questions[len(got.Questions)-1]
		if last.Key != added[len(added)-1].Key || len(got.Questions) != len(v.Questions)+len(QuestionKinds) {
			t.Errorf("the last question is %s", last.Key)
		}
		// First in the places section, and a new section before none.
		q, err := f.s.AddQuestion(ctx, actor, v.ID, NewQuestion{Kind: Place, Section: SectionPlaces, Text: "Var?", Position: 1})
		if err != nil {
			t.Fatal(err)
		}
		got, _ = f.s.ByID(ctx, v.ID)
		if got.Questions[0].Key != q.Key || got.Questions[1].Key != "problem_place" {
			t.Errorf("at position 1 of places: %s, %s", got.Questions[0].Key, got.Questions[1].Key)
		}
		// A template key is never taken, even when its question is gone.
		if _, err := f.s.Update(ctx, actor, v.ID, Edit{Title: got.Title, OpensOn: got.OpensOn, ClosesOn: got.ClosesOn,
			Questions: []QuestionEdit{{Key: "ideas", Remove: true}}}); err != nil {
			t.Fatal(err)
		}
		if q, err := f.s.AddQuestion(ctx, actor, v.ID, NewQuestion{Kind: Text, Text: "Ideas"}); err != nil || q.Key != "ideas_2" {
			t.Errorf("a question on a removed template key = %q, %v", q.Key, err)
		}
		// Moved up within its section; the first stays first.
		if err := f.s.MoveQuestion(ctx, actor, v.ID, "problem_place", Up); err != nil {
			t.Fatal(err)
		}
		if err := f.s.MoveQuestion(ctx, actor, v.ID, "problem_place", Up); err != nil {
			t.Fatal(err)
		}
		got, _ = f.s.ByID(ctx, v.ID)
		if got.Questions[0].Key != "problem_place" || got.Questions[1].Key != q.Key {
			t.Errorf("after moving up: %s, %s", got.Questions[0].Key, got.Questions[1].Key)
		}
		if err := f.s.MoveQuestion(ctx, actor, v.ID, "problem_place", "sideways"); fieldError(err, "direction") == "" {
			t.Errorf("a move sideways = %v", err)
		}
		// Published: its questions stay.
		if _, err := f.s.AddQuestion(ctx, actor, f.survey.ID, NewQuestion{Kind: Text, Text: "Sent"}); !errors.Is(err, ErrNotDraft) {
			t.Errorf("AddQuestion to a published survey = %v", err)
		}
		if err := f.s.MoveQuestion(ctx, actor, f.survey.ID, KeyWorryCrime, Up); !errors.Is(err, ErrNotDraft) {
			t.Errorf("MoveQuestion in a published survey = %v", err)
		}
		// An answer to the new questions is taken once published.
		if _, err := f.s.SetStatus(ctx, actor, v.ID, Published); err != nil {
			t.Fatal(err)
		}
		a := Answer{BrowserToken: token(9), Items: map[string]Item{
			"problem_place": {Pins: []Pin{{PlaceID: "0", Why: ""}}}, single.Key: {Options: []string{"sa_dar"}}}}
		if _, err := f.s.Submit(ctx, v.ID, a); fieldError(err, FieldName(single.Key)) != "" {
			t.Errorf("an answer to the new question is refused: %v", err)
		}
	})
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Hur går det på jobbet?":       "hur_gar_det_pa_jobbet",
		"  Ökad trygghet — i Älvdalen": "okad_trygghet_i_alvdalen",
		"???":                          "",
		"En mycket lång fråga om tryggheten i kommunens centrum på kvällar": "en_mycket_lang_fraga_om_tryggheten_i",
	} {
		if got := slug(in, maxKey-3); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
