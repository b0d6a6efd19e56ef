// Package survey owns the dialogue surveys (medborgardialog,
// medarbetardialog): a municipality's survey made from a template, its
// questions, the answers given without sign-in at its public link, and the
// results, counted per option and shown per group only where the group is
// not smaller than the municipality's suppression threshold.
package survey

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
)

// Kinds of survey: who is asked.
const (
	Citizen = "citizen"
	Staff   = "staff"
	Youth   = "youth"
	Visitor = "visitor"
)

// Kinds lists the kinds of survey.
var Kinds = []string{Citizen, Staff, Youth, Visitor}

// Statuses: a draft is edited, a published survey is answered between its
// dates, a closed one is only read.
const (
	Draft     = "draft"
	Published = "published"
	Closed    = "closed"
)

// Kinds of question.
const (
	SafetyScale  = "safety_scale"  // NTU's five steps and "vet inte"
	ProblemScale = "problem_scale" // NTU's four steps
	Single       = "single"
	Multiple     = "multiple"
	Number       = "number"
	Text         = "text"
	Place        = "place" // pins on the map or the municipality's named places
	When         = "when"  // weekday × part of day
)

// QuestionKinds lists the kinds of question.
var QuestionKinds = []string{SafetyScale, ProblemScale, Single, Multiple, Number, Text, Place, When}

// Limits of texts and answers.
const (
	maxTitle    = 200
	maxIntro    = 2000
	maxQuestion = 500
	maxAnswer   = 2000
	maxWhy      = 500
	maxPins     = 10
	minNumber   = 0
	maxNumber   = 1000
)

// Limits are the most characters of the free texts, by field name, for the
// forms to say while one types.
var Limits = map[string]int{"title": maxTitle, "intro": maxIntro, "questions.*.text": maxQuestion,
	"questions.*.text_en": maxQuestion}

// Option is one choice of a question, in Swedish and English.
type Option struct {
	Value   string `json:"value"`
	Label   string `json:"label"`
	LabelEn string `json:"label_en,omitempty"`
}

// In returns the label in lang ("en" or Swedish).
func (o Option) In(lang string) string {
	if lang == "en" && o.LabelEn != "" {
		return o.LabelEn
	}
	return o.Label
}

// The fixed scales. SafetyShareUnsafe are the steps NTU's headline counts
// ("mycket eller ganska otrygg").
var (
	safetyOptions = []Option{
		o("very_safe", "Mycket trygg", "Very safe"), o("fairly_safe", "Ganska trygg", "Fairly safe"),
		o("fairly_unsafe", "Ganska otrygg", "Fairly unsafe"), o("very_unsafe", "Mycket otrygg", "Very unsafe"),
		o("never_out", "Går aldrig ut ensam sent på kvällen", "Never go out alone late in the evening"),
		o("dont_know", "Vet inte", "Don't know"),
	}
	problemOptions = []Option{
		o("none", "Inget problem", "No problem"), o("small", "Litet problem", "A small problem"),
		o("fairly_big", "Ganska stort problem", "A fairly big problem"), o("very_big", "Mycket stort problem", "A very big problem"),
	}
	SafetyShareUnsafe = []string{"fairly_unsafe", "very_unsafe"}
)

// Weekdays are 1 (Monday) to 7; Parts are the parts of the day of a when
// question.
var Parts = []string{"morning", "day", "evening", "night"}

// Question is one question of a survey.
type Question struct {
	ID       int64    `json:"id,string"`
	Section  string   `json:"section"`
	Position int      `json:"position"`
	Key      string   `json:"key"`
	Kind     string   `json:"kind"`
	Text     string   `json:"text"`
	TextEn   string   `json:"text_en"`
	Options  []Option `json:"options"`
	Required bool     `json:"required"`
}

// In returns the question's text in lang.
func (q Question) In(lang string) string {
	if lang == "en" && q.TextEn != "" {
		return q.TextEn
	}
	return q.Text
}

// Choices returns the options an answer may pick: the fixed scale of a
// scale question, else the question's own.
func (q Question) Choices() []Option {
	switch q.Kind {
	case SafetyScale:
		return safetyOptions
	case ProblemScale:
		return problemOptions
	}
	return q.Options
}

// Background reports whether the question is a background question, whose
// answer is kept apart from the answers.
func (q Question) Background() bool {
	return q.Section == SectionBackground && (q.Key == KeyAgeBand || q.Key == KeyGender || q.Key == KeyResidence)
}

// Survey is a municipality's survey.
type Survey struct {
	ID               int64  `json:"id,string"`
	MunicipalityCode string `json:"municipality_code"`
	Kind             string `json:"kind"`
	Title            string `json:"title"`
	Intro            string `json:"intro"`
	Status           string `json:"status"`
	OpensOn          string `json:"opens_on"`
	ClosesOn         string `json:"closes_on"`
	Template         string `json:"template"`
	Token            string `json:"-"`
	Synthetic        bool   `json:"synthetic"`
	// Tablet is the tablet mode for a public meeting: several people
	// answer in turn on one device (a fresh browser token each, a higher
	// limit per address).
	Tablet bool `json:"tablet"`
	// PublicSummary is the coordinator's choice to publish a summary of
	// the results (Store.Summary) on the municipality's public page.
	PublicSummary bool `json:"public_summary"`
	// InvitationRequired: an answer needs an unused one-time invitation
	// code (invite.go); Invitations counts the codes made and used.
	InvitationRequired bool        `json:"invitation_required"`
	Invitations        Invitations `json:"invitations"`
	Answers            int         `json:"answers"`
	Questions          []Question  `json:"questions,omitempty"`
	CreatedAt          time.Time   `json:"created_at"`
	UpdatedAt          time.Time   `json:"updated_at"`
}

// PublicPath is where the survey is answered without sign-in.
func (s Survey) PublicPath() string { return "/s/" + s.Token }

// OpenOn reports whether the survey takes answers on the day (YYYY-MM-DD).
func (s Survey) OpenOn(day string) bool {
	return s.Status == Published && s.OpensOn <= day && day <= s.ClosesOn
}

// Question returns the survey's question with key.
func (s Survey) Question(key string) (Question, bool) {
	i := slices.IndexFunc(s.Questions, func(q Question) bool { return q.Key == key })
	if i < 0 {
		return Question{}, false
	}
	return s.Questions[i], true
}

// Store reads and writes surveys, their answers and results.
type Store struct {
	db *db.DB
}

// NewStore returns a Store on d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Today is the day of the store's clock in Stockholm.
func (s *Store) Today() string { return today(s.db.Clock().Now()) }

func today(t time.Time) string { return t.In(clock.Zone()).Format(time.DateOnly) }

// New is a survey to make from a template.
type New struct {
	MunicipalityCode string `json:"municipality_code"`
	Template         string `json:"template"`
	Title            string `json:"title"`
	OpensOn          string `json:"opens_on"`
	ClosesOn         string `json:"closes_on"`
	Synthetic        bool   `json:"synthetic"`
}

func newToken() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// checkDates checks the dates of a survey: both, closing not before opening.
func checkDates(e *validation.Errors, opens, closes string) (string, string) {
	opens = e.Date("opens_on", opens, true)
	closes = e.Date("closes_on", closes, true)
	if !e.Has("opens_on") && !e.Has("closes_on") && closes < opens {
		e.Add("closes_on", "error.survey_closes_before_opens")
	}
	return opens, closes
}

// Create makes a draft survey from a template; the dates default to today
// and four weeks on.
func (s *Store) Create(ctx context.Context, actor audit.Actor, in New) (Survey, error) {
	var out Survey
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var e validation.Errors
		t, ok := TemplateOf(strings.TrimSpace(in.Template))
		if !ok {
			e.Add("template", "error.one_of", TemplateCitizen+", "+TemplateStaff+", "+TemplateYouth+", "+TemplateVisitor)
		}
		code := strings.TrimSpace(in.MunicipalityCode)
		if err := municipality.Check(ctx, tx, &e, "municipality_code", code); err != nil {
			return err
		}
		now := tx.Now()
		if in.OpensOn == "" {
			in.OpensOn = today(now)
		}
		if in.ClosesOn == "" {
			in.ClosesOn = today(now.AddDate(0, 0, 28))
		}
		opens, closes := checkDates(&e, in.OpensOn, in.ClosesOn)
		title := e.Text("title", norm.NFC.String(in.Title), false, maxTitle)
		if err := e.Err(); err != nil {
			return err
		}
		if title == "" {
			title = t.Title
		}
		out = Survey{MunicipalityCode: code, Kind: t.Kind, Title: title, Intro: t.Intro, Status: Draft, OpensOn: opens,
			ClosesOn: closes, Template: t.Key, Token: newToken(), Synthetic: in.Synthetic, CreatedAt: now, UpdatedAt: now}
		err := tx.QueryRowContext(ctx, `INSERT INTO surveys (municipality_code, kind, title, intro, status, opens_on, closes_on,
			template, token, synthetic, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			out.MunicipalityCode, out.Kind, out.Title, out.Intro, out.Status, out.OpensOn, out.ClosesOn, out.Template, out.Token,
			out.Synthetic, db.NullID(actor.UserID), now, now).Scan(&out.ID)
		if err != nil {
			return fmt.Errorf("create survey: %w", db.Normalize(err))
		}
		places, err := placeNames(ctx, tx, code)
		if err != nil {
			return err
		}
		for i, q := range t.Questions {
			q.Position = i + 1
			q.Options = slices.Clone(q.Options)
			if q.Key == KeyResidence && len(q.Options) == 0 {
				for _, p := range places {
					q.Options = append(q.Options, Option{Value: p.Name, Label: p.Name})
				}
				q.Options = append(q.Options, o("elsewhere", "Någon annanstans", "Elsewhere"))
			}
			if err := insertQuestion(ctx, tx, out.ID, &q); err != nil {
				return err
			}
			out.Questions = append(out.Questions, q)
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "create", Entity: "survey", EntityID: audit.ID(out.ID), After: out})
	})
	return out, err
}

func insertQuestion(ctx context.Context, tx *db.Tx, surveyID int64, q *Question) error {
	if q.Options == nil {
		q.Options = []Option{}
	}
	opts, err := json.Marshal(q.Options)
	if err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO survey_questions (survey_id, section, position, key, kind, text, text_en, options, required)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, surveyID, q.Section, q.Position, q.Key, q.Kind, q.Text, q.TextEn,
		string(opts), q.Required).Scan(&q.ID)
	if err != nil {
		return fmt.Errorf("survey question %s: %w", q.Key, db.Normalize(err))
	}
	return nil
}

// namedPlace is a named place of the municipality, for place questions.
type namedPlace struct {
	ID       int64
	Name     string
	Lat, Lon *float64
}

// placeNames returns the municipality's named places (package report owns
// them; a survey reads them as they are).
func placeNames(ctx context.Context, q db.Queryer, code string) ([]namedPlace, error) {
	var out []namedPlace
	err := db.Each(ctx, q, `SELECT id, name, lat, lon FROM places WHERE municipality_code = ? ORDER BY name_key, id`,
		[]any{code}, func(sc db.Scanner) error {
			var p namedPlace
			var lat, lon sql.NullFloat64
			if err := sc.Scan(&p.ID, &p.Name, &lat, &lon); err != nil {
				return err
			}
			p.Lat, p.Lon = db.FloatPtr(lat), db.FloatPtr(lon)
			out = append(out, p)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("places of %s: %w", code, err)
	}
	return out, nil
}

const surveyColumns = `s.id, s.municipality_code, s.kind, s.title, s.intro, s.status, s.opens_on, s.closes_on, s.template,
	s.token, s.synthetic, s.tablet, s.public_summary, s.invitation_required, s.created_at, s.updated_at,
	(SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id),
	(SELECT COUNT(*) FROM survey_invitations i WHERE i.survey_id = s.id),
	(SELECT COUNT(*) FROM survey_invitations i WHERE i.survey_id = s.id AND i.used)`

func scanSurvey(sc db.Scanner) (Survey, error) {
	var v Survey
	err := sc.Scan(&v.ID, &v.MunicipalityCode, &v.Kind, &v.Title, &v.Intro, &v.Status, &v.OpensOn, &v.ClosesOn, &v.Template,
		&v.Token, &v.Synthetic, &v.Tablet, &v.PublicSummary, &v.InvitationRequired, &v.CreatedAt, &v.UpdatedAt, &v.Answers,
		&v.Invitations.Issued, &v.Invitations.Used)
	return v, err
}

// ByID returns the survey with its questions.
func (s *Store) ByID(ctx context.Context, id int64) (Survey, error) { return byID(ctx, s.db, id) }

// ByToken returns the survey whose public link has token.
func (s *Store) ByToken(ctx context.Context, token string) (Survey, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT id FROM surveys WHERE token = ?`, token).Scan(&id)
	if err != nil {
		return Survey{}, db.Normalize(err)
	}
	return byID(ctx, s.db, id)
}

func byID(ctx context.Context, q db.Queryer, id int64) (Survey, error) {
	v, err := scanSurvey(q.QueryRowContext(ctx, `SELECT `+surveyColumns+` FROM surveys s WHERE s.id = ?`, id))
	if err != nil {
		return Survey{}, fmt.Errorf("survey %d: %w", id, db.Normalize(err))
	}
	v.Questions, err = questions(ctx, q, id)
	return v, err
}

func questions(ctx context.Context, q db.Queryer, surveyID int64) ([]Question, error) {
	var out []Question
	err := db.Each(ctx, q, `SELECT id, section, position, key, kind, text, text_en, options, required FROM survey_questions
		WHERE survey_id = ? ORDER BY position, id`, []any{surveyID}, func(sc db.Scanner) error {
		var qu Question
		var opts string
		if err := sc.Scan(&qu.ID, &qu.Section, &qu.Position, &qu.Key, &qu.Kind, &qu.Text, &qu.TextEn, &opts, &qu.Required); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(opts), &qu.Options); err != nil {
			return fmt.Errorf("options of question %d: %w", qu.ID, err)
		}
		out = append(out, qu)
		return nil
	})
	return out, err
}

// List returns the municipality's surveys, newest first.
func (s *Store) List(ctx context.Context, municipalityCode string) ([]Survey, error) {
	out := []Survey{}
	err := db.Each(ctx, s.db, `SELECT `+surveyColumns+` FROM surveys s WHERE s.municipality_code = ? ORDER BY s.created_at DESC, s.id DESC`,
		[]any{municipalityCode}, func(sc db.Scanner) error {
			v, err := scanSurvey(sc)
			out = append(out, v)
			return err
		})
	return out, err
}

// QuestionEdit is a change of one question of a draft.
type QuestionEdit struct {
	Key      string `json:"key"`
	Text     string `json:"text"`
	TextEn   string `json:"text_en"`
	Required bool   `json:"required"`
	Remove   bool   `json:"remove"`
}

// Edit is a change of a draft: its title, intro, dates and questions.
type Edit struct {
	Title     string         `json:"title"`
	Intro     string         `json:"intro"`
	OpensOn   string         `json:"opens_on"`
	ClosesOn  string         `json:"closes_on"`
	Questions []QuestionEdit `json:"questions"`
}

// Update changes a draft's wording; a question keeps its key and kind.
func (s *Store) Update(ctx context.Context, actor audit.Actor, id int64, in Edit) (Survey, error) {
	var out Survey
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		var e validation.Errors
		if before.Status != Draft {
			e.Add("status", "error.survey_not_draft")
			return e.Err()
		}
		out = before
		out.Title = e.Text("title", norm.NFC.String(in.Title), true, maxTitle)
		out.Intro = e.Text("intro", norm.NFC.String(in.Intro), false, maxIntro)
		out.OpensOn, out.ClosesOn = checkDates(&e, in.OpensOn, in.ClosesOn)
		edits := map[string]QuestionEdit{}
		for _, qe := range in.Questions {
			edits[qe.Key] = qe
		}
		var keep []Question
		for i, q := range before.Questions {
			qe, ok := edits[q.Key]
			if !ok {
				keep = append(keep, q)
				continue
			}
			if qe.Remove {
				continue
			}
			field := fmt.Sprintf("questions.%d.", i)
			q.Text = e.Text(field+"text", norm.NFC.String(qe.Text), true, maxQuestion)
			q.TextEn = e.Text(field+"text_en", norm.NFC.String(qe.TextEn), false, maxQuestion)
			q.Required = qe.Required
			keep = append(keep, q)
		}
		if len(keep) == 0 {
			e.Add("questions", "error.survey_no_questions")
		}
		if err := e.Err(); err != nil {
			return err
		}
		out.Questions = keep
		out.UpdatedAt = tx.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE surveys SET title = ?, intro = ?, opens_on = ?, closes_on = ?, updated_at = ? WHERE id = ?`,
			out.Title, out.Intro, out.OpensOn, out.ClosesOn, out.UpdatedAt, id); err != nil {
			return fmt.Errorf("update survey: %w", db.Normalize(err))
		}
		for _, q := range before.Questions {
			if !slices.ContainsFunc(keep, func(k Question) bool { return k.ID == q.ID }) {
				if _, err := tx.ExecContext(ctx, `DELETE FROM survey_questions WHERE id = ?`, q.ID); err != nil {
					return fmt.Errorf("remove question: %w", db.Normalize(err))
				}
			}
		}
		for _, q := range keep {
			if _, err := tx.ExecContext(ctx, `UPDATE survey_questions SET text = ?, text_en = ?, required = ? WHERE id = ?`,
				q.Text, q.TextEn, q.Required, q.ID); err != nil {
				return fmt.Errorf("update question: %w", db.Normalize(err))
			}
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "survey", EntityID: audit.ID(id), Before: before, After: out})
	})
	return out, err
}

// SetStatus publishes a draft or closes a published survey.
func (s *Store) SetStatus(ctx context.Context, actor audit.Actor, id int64, status string) (Survey, error) {
	var out Survey
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		var e validation.Errors
		switch {
		case status == Published && before.Status != Draft, status == Closed && before.Status != Published:
			e.Add("status", "error.survey_status_step")
		case status != Published && status != Closed:
			e.Add("status", "error.one_of", Published+", "+Closed)
		}
		if err := e.Err(); err != nil {
			return err
		}
		out = before
		out.Status, out.UpdatedAt = status, tx.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE surveys SET status = ?, updated_at = ? WHERE id = ?`, status, out.UpdatedAt, id); err != nil {
			return fmt.Errorf("survey status: %w", db.Normalize(err))
		}
		action := "publish"
		if status == Closed {
			action = "close"
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: action, Entity: "survey", EntityID: audit.ID(id),
			Before: map[string]string{"status": before.Status}, After: map[string]string{"status": status}})
	})
	return out, err
}

// Settings are the switches a coordinator turns on a survey that is not a
// draft's questions: a nil field is left as it is.
type Settings struct {
	// Tablet mode for a public meeting (see Survey.Tablet).
	Tablet *bool `json:"tablet,omitempty"`
	// InvitationRequired: answers need a one-time code.
	InvitationRequired *bool `json:"invitation_required,omitempty"`
	// PublicSummary: the summary of results on the public page.
	PublicSummary *bool `json:"public_summary,omitempty"`
}

// SetSettings changes the survey's switches in one transaction with one
// audit entry, or none of them: a closed survey keeps its tablet mode and
// its need of codes (it takes no answers), and a draft has no summary to
// publish.
func (s *Store) SetSettings(ctx context.Context, actor audit.Actor, id int64, in Settings) (Survey, error) {
	var out Survey
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		before, err := byID(ctx, tx, id)
		if err != nil {
			return err
		}
		var e validation.Errors
		if before.Status == Closed && in.Tablet != nil && *in.Tablet != before.Tablet {
			e.Add("tablet", "error.survey_closed_tablet")
		}
		if before.Status == Closed && in.InvitationRequired != nil && *in.InvitationRequired != before.InvitationRequired {
			e.Add("invitation_required", "error.survey_closed_invitations")
		}
		if before.Status == Draft && in.PublicSummary != nil && *in.PublicSummary {
			e.Add("public_summary", "error.survey_summary_draft")
		}
		if err := e.Err(); err != nil {
			return err
		}
		out = before
		was, now := map[string]bool{}, map[string]bool{}
		for _, f := range []struct {
			name string
			in   *bool
			to   *bool
		}{
			{"tablet", in.Tablet, &out.Tablet},
			{"invitation_required", in.InvitationRequired, &out.InvitationRequired},
			{"public_summary", in.PublicSummary, &out.PublicSummary},
		} {
			if f.in == nil || *f.in == *f.to {
				continue
			}
			was[f.name], now[f.name] = *f.to, *f.in
			*f.to = *f.in
		}
		if len(now) == 0 {
			return nil
		}
		out.UpdatedAt = tx.Now()
		if _, err := tx.ExecContext(ctx, `UPDATE surveys SET tablet = ?, invitation_required = ?, public_summary = ?, updated_at = ? WHERE id = ?`,
			out.Tablet, out.InvitationRequired, out.PublicSummary, out.UpdatedAt, id); err != nil {
			return fmt.Errorf("survey settings: %w", db.Normalize(err))
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "survey", EntityID: audit.ID(id),
			Before: was, After: now})
	})
	return out, err
}

// SetTablet turns the survey's tablet mode on or off.
func (s *Store) SetTablet(ctx context.Context, actor audit.Actor, id int64, on bool) (Survey, error) {
	return s.SetSettings(ctx, actor, id, Settings{Tablet: &on})
}

// SetPublicSummary publishes or withdraws the summary of the survey's
// results on the municipality's public page.
func (s *Store) SetPublicSummary(ctx context.Context, actor audit.Actor, id int64, on bool) (Survey, error) {
	return s.SetSettings(ctx, actor, id, Settings{PublicSummary: &on})
}
