package survey

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// The free-text answers, filtered and paged: the coordinators' reading of
// what people wrote. The texts are raw answers: the caller decides that
// the user reads them (CanReadRaw), as for Results.

// TextsPerPage is how many free texts a page holds.
const TextsPerPage = 50

// maxTextQuery is the longest search the filter takes.
const maxTextQuery = 200

// TextFilter narrows the free texts: every field empty takes all. Words
// are the words each text must contain, in any case; AgeBand, Gender and
// Residence are options of the survey's background questions; Month is
// the month answered (YYYY-MM, in Swedish time). Page counts from 1 (0 is
// 1).
type TextFilter struct {
	Question  string `json:"question"`
	Words     string `json:"q"`
	AgeBand   string `json:"age_band"`
	Gender    string `json:"gender"`
	Residence string `json:"residence"`
	Month     string `json:"month"`
	Page      int    `json:"page"`
}

// ParseTextFilter reads a filter from a query string's values; a page
// that is not a number is an error of Texts.
func ParseTextFilter(get func(string) string) (TextFilter, string) {
	f := TextFilter{Question: strings.TrimSpace(get("question")), Words: strings.TrimSpace(get("q")),
		AgeBand: strings.TrimSpace(get(KeyAgeBand)), Gender: strings.TrimSpace(get(KeyGender)),
		Residence: strings.TrimSpace(get(KeyResidence)), Month: strings.TrimSpace(get("month"))}
	page := strings.TrimSpace(get("page"))
	if page == "" {
		return f, ""
	}
	n, err := strconv.Atoi(page)
	if err != nil {
		return f, page
	}
	f.Page = n
	return f, ""
}

// TextAnswer is one free-text answer.
type TextAnswer struct {
	QuestionKey string `json:"question"`
	Question    string `json:"question_text"`
	QuestionEn  string `json:"question_text_en"`
	// Day is the day answered (YYYY-MM-DD, Swedish time): no time of day,
	// which could point out who answered.
	Day  string `json:"day"`
	Text string `json:"text"`
}

// TextPage is one page of the filtered free texts, newest first.
type TextPage struct {
	Filter TextFilter `json:"filter"`
	// Total is how many texts the filter takes; All how many the survey
	// has.
	Total   int          `json:"total"`
	All     int          `json:"all"`
	Page    int          `json:"page"`
	Pages   int          `json:"pages"`
	HasNext bool         `json:"has_next"`
	Texts   []TextAnswer `json:"texts"`
}

// TextQuestions are the survey's free-text questions.
func (v Survey) TextQuestions() []Question {
	var out []Question
	for _, q := range v.Questions {
		if q.Kind == Text {
			out = append(out, q)
		}
	}
	return out
}

// BackgroundQuestions are the survey's background questions.
func (v Survey) BackgroundQuestions() []Question {
	var out []Question
	for _, q := range v.Questions {
		if q.Background() {
			out = append(out, q)
		}
	}
	return out
}

// Validate checks the filter against the survey: the question a text
// question of it, each group an option of its background question, the
// month a month and the page at least 1.
func (f *TextFilter) Validate(v Survey) error {
	var e validation.Errors
	if f.Question != "" {
		if q, ok := v.Question(f.Question); !ok || q.Kind != Text {
			e.Add("question", "error.survey_texts_question")
		}
	}
	if len([]rune(f.Words)) > maxTextQuery {
		e.Add("q", "error.too_long", maxTextQuery)
	}
	for key, val := range map[string]string{KeyAgeBand: f.AgeBand, KeyGender: f.Gender, KeyResidence: f.Residence} {
		if val == "" {
			continue
		}
		q, ok := v.Question(key)
		if !ok || !q.Background() || !hasOption(q.Choices(), val) {
			e.Add(key, "error.survey_texts_group")
		}
	}
	if f.Month != "" {
		if t, err := time.Parse("2006-01", f.Month); err != nil || t.Format("2006-01") != f.Month {
			e.Add("month", "error.survey_texts_month")
		}
	}
	if f.Page == 0 {
		f.Page = 1
	}
	if f.Page < 1 || f.Page > 1_000_000 {
		e.Add("page", "error.survey_texts_page")
	}
	return e.Err()
}

func hasOption(opts []Option, val string) bool {
	for _, o := range opts {
		if o.Value == val {
			return true
		}
	}
	return false
}

// Texts returns a page of the survey's free texts that the filter takes,
// newest first. The survey's texts are read in one query and filtered in
// Go, so that case folding of å, ä and ö is the same on SQLite (whose
// LOWER knows only ASCII) and PostgreSQL; All counts them unfiltered.
func (s *Store) Texts(ctx context.Context, v Survey, f TextFilter) (TextPage, error) {
	if err := f.Validate(v); err != nil {
		return TextPage{Filter: f}, err
	}
	out := TextPage{Filter: f, Page: f.Page, Texts: []TextAnswer{}}
	query := `SELECT q.key, q.text, q.text_en, r.submitted_at, a.text, COALESCE(b.age_band, ''), COALESCE(b.gender, ''),
		COALESCE(b.residence, '') FROM survey_answers a
		JOIN survey_questions q ON q.id = a.question_id
		JOIN survey_responses r ON r.id = a.response_id
		LEFT JOIN survey_backgrounds b ON b.response_id = a.response_id
		WHERE q.survey_id = ? AND q.kind = ? AND a.text IS NOT NULL AND a.text <> ''
		ORDER BY r.submitted_at DESC, r.id DESC, q.position, q.id`
	words := strings.Fields(strings.ToLower(f.Words))
	first := (f.Page - 1) * TextsPerPage
	err := db.Each(ctx, s.db, query, []any{v.ID, Text}, func(sc db.Scanner) error {
		var t TextAnswer
		var at time.Time
		var age, gender, residence string
		if err := sc.Scan(&t.QuestionKey, &t.Question, &t.QuestionEn, &at, &t.Text, &age, &gender, &residence); err != nil {
			return err
		}
		out.All++
		local := clock.Local(at)
		if (f.Question != "" && t.QuestionKey != f.Question) || (f.AgeBand != "" && age != f.AgeBand) ||
			(f.Gender != "" && gender != f.Gender) || (f.Residence != "" && residence != f.Residence) ||
			(f.Month != "" && local.Format("2006-01") != f.Month) {
			return nil
		}
		lower := strings.ToLower(t.Text)
		for _, w := range words {
			if !strings.Contains(lower, w) {
				return nil
			}
		}
		if out.Total >= first && out.Total < first+TextsPerPage {
			t.Day = local.Format(time.DateOnly)
			out.Texts = append(out.Texts, t)
		}
		out.Total++
		return nil
	})
	if err != nil {
		return out, err
	}
	out.Pages = max(1, (out.Total+TextsPerPage-1)/TextsPerPage)
	out.HasNext = first+TextsPerPage < out.Total
	return out, nil
}
