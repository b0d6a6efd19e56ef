package survey

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/report/pii"
	"github.com/samverkan/samverkan/internal/validation"
)

// Answer is one person's answer to a survey, by question key.
type Answer struct {
	// BrowserToken is a random token the browser keeps (a cookie): a
	// survey takes one answer per token. Only a keyed hash of it is
	// stored.
	BrowserToken string `json:"browser_token"`
	// InvitationCode is the one-time code a survey that asks for one
	// needs; it is marked used, never kept with the answer.
	InvitationCode string          `json:"invitation_code,omitempty"`
	Items          map[string]Item `json:"answers"`
	Synthetic      bool            `json:"-"`
	// Free text goes through the personal-data check: refused unless the
	// person asks for it to be stored masked.
	pii.Choice
}

// Item is the answer to one question: the options chosen (one for a
// scale or single choice), a number, a text, pins or named places, or the
// cells of a when question ("6.evening": Saturday evening).
type Item struct {
	Options []string `json:"options,omitempty"`
	Number  string   `json:"number,omitempty"`
	Text    string   `json:"text,omitempty"`
	Pins    []Pin    `json:"pins,omitempty"`
	When    []string `json:"when,omitempty"`
	// StrayReasons is set by FormAnswer when a follow-up answer names a
	// pin or place the answer does not hold; Check refuses it.
	StrayReasons bool `json:"-"`
}

// Pin is a place answered: a position on the map or one of the
// municipality's named places (PlaceID), with why.
type Pin struct {
	PlaceID string   `json:"place_id,omitempty"`
	Lat     *float64 `json:"lat,omitempty"`
	Lon     *float64 `json:"lon,omitempty"`
	Why     string   `json:"why,omitempty"`
	// Reasons are the place question's follow-up options ticked for this
	// place (their keys: "lighting", "gathering", ...).
	Reasons []string `json:"reasons,omitempty"`
	// WhyField is the form field of a map pin's own why
	// ("q.<key>.pin_why.<n>", set by FormAnswer), which errors of it name;
	// "" for the question's one why ("q.<key>.why"). Not in the API.
	WhyField string `json:"-"`
}

// MaxPins is the most places one answer to a place question holds, named
// places and map pins together.
const MaxPins = maxPins

// PinWhyField is the name errors give the why of a place question's n-th
// map pin (from 0): the form sends them all as "q.<key>.pin_why".
func PinWhyField(key string, n int) string { return FieldName(key) + ".pin_why." + strconv.Itoa(n) }

// ReasonField is the field errors of a place question's follow-up
// answers name: "q.<key>.reason".
func ReasonField(key string) string { return FieldName(key) + ".reason" }

// Form field names of the public form: "q.<key>" holds the options, the
// number or the text; a place question's named places are "q.<key>" too,
// its why "q.<key>.why" and pins from the map "q.<key>.pin" as "lat,lon",
// each with its own why "q.<key>.pin_why" in the same order;
// a when question's cells are "q.<key>" as "<weekday>.<part>".
func FieldName(key string) string { return "q." + key }

// FormAnswer reads the public form into an answer for the survey's
// questions. What cannot be read is left for Check to refuse.
func FormAnswer(f url.Values, questions []Question) Answer {
	a := Answer{Items: map[string]Item{}, Choice: pii.Choice{Redact: f.Get("redact") != ""}, InvitationCode: f.Get(FieldInvitation)}
	for _, q := range questions {
		name := FieldName(q.Key)
		vals := f[name]
		var it Item
		switch q.Kind {
		case Number:
			it.Number = f.Get(name)
		case Text:
			it.Text = f.Get(name)
		case When:
			it.When = slices.Clone(vals)
		case Place:
			why := f.Get(name + ".why")
			for _, v := range vals {
				if strings.TrimSpace(v) != "" {
					it.Pins = append(it.Pins, Pin{PlaceID: v, Why: why})
				}
			}
			// A map pin's why is its own when the form sends them
			// ("q.<key>.pin_why", in the order of the pins); a form
			// without them gives every pin the one why.
			pinWhys, own := f[name+".pin_why"]
			for i, p := range f[name+".pin"] {
				pin := Pin{Why: why}
				if own {
					pin.Why, pin.WhyField = "", PinWhyField(q.Key, i)
					if i < len(pinWhys) {
						pin.Why = pinWhys[i]
					}
				}
				la, lo, ok := strings.Cut(p, ",")
				lat, err1 := strconv.ParseFloat(strings.TrimSpace(la), 64)
				lon, err2 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
				if !ok || err1 != nil || err2 != nil {
					// Unreadable: kept as a pin without a position, which
					// Check refuses.
					pin.PlaceID = "-"
					it.Pins = append(it.Pins, pin)
					continue
				}
				pin.Lat, pin.Lon = &lat, &lon
				it.Pins = append(it.Pins, pin)
			}
			if len(it.Pins) == 0 && strings.TrimSpace(why) != "" {
				it.Pins = []Pin{{Why: why}}
			}
			formReasons(f, name, &it)
		default:
			for _, v := range vals {
				if strings.TrimSpace(v) != "" {
					it.Options = append(it.Options, v)
				}
			}
		}
		a.Items[q.Key] = it
	}
	return a
}

// formReasons reads a place question's follow-up answers into its pins:
// "q.<key>.reason" = "<option>" for every named place ticked (the one
// fieldset of the form without JavaScript), "q.<key>.place_reason" =
// "<placeID>:<option>" for one named place and "q.<key>.pin_reason" =
// "<n>:<option>" for the n-th map pin (from 0). A reason for a place or pin
// the answer does not hold marks the item for Check to refuse.
func formReasons(f url.Values, name string, it *Item) {
	var named, pins []int
	for i, p := range it.Pins {
		switch {
		case p.Lat != nil || p.PlaceID == "-":
			pins = append(pins, i)
		case p.PlaceID != "":
			named = append(named, i)
		}
	}
	for _, r := range f[name+".reason"] {
		if strings.TrimSpace(r) == "" {
			continue
		}
		if len(named) == 0 {
			it.StrayReasons = true
		}
		for _, i := range named {
			it.Pins[i].Reasons = append(it.Pins[i].Reasons, r)
		}
	}
	for _, v := range f[name+".place_reason"] {
		id, r, _ := strings.Cut(v, ":")
		i := slices.IndexFunc(named, func(i int) bool { return strings.TrimSpace(it.Pins[i].PlaceID) == strings.TrimSpace(id) })
		if i < 0 {
			it.StrayReasons = true
			continue
		}
		it.Pins[named[i]].Reasons = append(it.Pins[named[i]].Reasons, r)
	}
	for _, v := range f[name+".pin_reason"] {
		ns, r, _ := strings.Cut(v, ":")
		n, err := strconv.Atoi(strings.TrimSpace(ns))
		if err != nil || n < 0 || n >= len(pins) {
			it.StrayReasons = true
			continue
		}
		it.Pins[pins[n]].Reasons = append(it.Pins[pins[n]].Reasons, r)
	}
}

// Sweden's bounding box, with a margin (as package report has it).
const (
	minLatSweden, maxLatSweden = 55.0, 69.2
	minLonSweden, maxLonSweden = 10.9, 24.3
)

// checked is an answer as it will be stored.
type checked struct {
	answers    []storedAnswer
	pins       []storedPin
	cells      []storedCell
	background map[string]string
	review     pii.Review
}

type storedAnswer struct {
	question int64
	option   *string
	number   *float64
	text     *string
}

type storedPin struct {
	question  int64
	lat, lon  *float64
	placeID   int64
	placeName string
	why       string
	reasons   []string
}

type storedCell struct {
	question int64
	weekday  int
	part     string
}

// check validates a against the survey's questions and the municipality's
// places. Errors are by field name as the form names them ("q.<key>").
func check(v Survey, places []namedPlace, a Answer) (checked, error) {
	var e validation.Errors
	guard := pii.NewGuard(&e, a.Choice)
	out := checked{background: map[string]string{}}
	for key := range a.Items {
		if _, ok := v.Question(key); !ok {
			e.Add(FieldName(key), "error.survey_unknown_question")
		}
	}
	for _, q := range v.Questions {
		field := FieldName(q.Key)
		it := a.Items[q.Key]
		empty := len(it.Options) == 0 && strings.TrimSpace(it.Number) == "" && strings.TrimSpace(it.Text) == "" &&
			len(it.Pins) == 0 && len(it.When) == 0
		if it.StrayReasons {
			e.Add(ReasonField(q.Key), "error.survey_reason_place")
		}
		if empty {
			if q.Required {
				e.Add(field, "error.survey_required")
			}
			continue
		}
		switch q.Kind {
		case SafetyScale, ProblemScale, Single, Multiple:
			if q.Kind != Multiple && len(it.Options) > 1 {
				e.Add(field, "error.survey_one_option")
				continue
			}
			choices := q.Choices()
			seen := map[string]bool{}
			for _, opt := range it.Options {
				if !slices.ContainsFunc(choices, func(c Option) bool { return c.Value == opt }) {
					e.Add(field, "error.survey_option")
					break
				}
				if seen[opt] {
					continue
				}
				seen[opt] = true
				if q.Background() {
					out.background[q.Key] = opt
					continue
				}
				out.answers = append(out.answers, storedAnswer{question: q.ID, option: &opt})
			}
		case Number:
			n, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(it.Number), ",", "."), 64)
			switch {
			case err != nil || math.IsNaN(n) || math.IsInf(n, 0):
				e.Add(field, "error.survey_number")
			case n < minNumber || n > maxNumber:
				e.Add(field, "error.survey_number_range", minNumber, maxNumber)
			default:
				out.answers = append(out.answers, storedAnswer{question: q.ID, number: &n})
			}
		case Text:
			t := e.Text(field, norm.NFC.String(it.Text), false, maxAnswer)
			t = guard.Text(field, t, pii.ReportText)
			if t != "" && !e.Has(field) {
				out.answers = append(out.answers, storedAnswer{question: q.ID, text: &t})
			}
		case Place:
			if len(it.Pins) > maxPins {
				e.Add(field, "error.survey_too_many_pins", maxPins)
				continue
			}
			for _, p := range it.Pins {
				whyField := field + ".why"
				if p.WhyField != "" {
					whyField = p.WhyField
				}
				why := e.Text(whyField, norm.NFC.String(p.Why), false, maxWhy)
				why = guard.Text(whyField, why, pii.ReportText)
				sp := storedPin{question: q.ID, why: why}
				for _, r := range p.Reasons {
					if !slices.ContainsFunc(q.Options, func(c Option) bool { return c.Value == r }) {
						if !e.Has(ReasonField(q.Key)) {
							e.Add(ReasonField(q.Key), "error.survey_reason")
						}
						continue
					}
					if !slices.Contains(sp.reasons, r) {
						sp.reasons = append(sp.reasons, r)
					}
				}
				switch {
				case p.Lat != nil || p.Lon != nil:
					if p.Lat == nil || p.Lon == nil || math.IsNaN(*p.Lat) || math.IsNaN(*p.Lon) ||
						*p.Lat < minLatSweden || *p.Lat > maxLatSweden || *p.Lon < minLonSweden || *p.Lon > maxLonSweden {
						e.Add(field, "error.survey_pin_outside")
						continue
					}
					sp.lat, sp.lon = p.Lat, p.Lon
					if np, ok := nearest(places, *p.Lat, *p.Lon); ok {
						sp.placeID, sp.placeName = np.ID, np.Name
					}
				case strings.TrimSpace(p.PlaceID) != "":
					id, _ := strconv.ParseInt(strings.TrimSpace(p.PlaceID), 10, 64)
					i := slices.IndexFunc(places, func(np namedPlace) bool { return np.ID == id })
					if i < 0 {
						e.Add(field, "error.survey_place")
						continue
					}
					sp.placeID, sp.placeName = places[i].ID, places[i].Name
				default:
					e.Add(field, "error.survey_place_missing")
					continue
				}
				out.pins = append(out.pins, sp)
			}
		case When:
			seen := map[string]bool{}
			for _, c := range it.When {
				d, part, ok := strings.Cut(c, ".")
				wd, err := strconv.Atoi(d)
				if !ok || err != nil || wd < 1 || wd > 7 || !slices.Contains(Parts, part) {
					e.Add(field, "error.survey_when")
					break
				}
				if !seen[c] {
					seen[c] = true
					out.cells = append(out.cells, storedCell{question: q.ID, weekday: wd, part: part})
				}
			}
		}
	}
	out.review = guard.Review()
	return out, e.Err()
}

// nearRadius is how far (in degrees of latitude, about 1.5 km) a pin may
// be from a named place to be counted at it.
const nearRadius = 0.0135

// nearest returns the named place nearest to a pin, if one is near.
func nearest(places []namedPlace, lat, lon float64) (namedPlace, bool) {
	best, bestD := namedPlace{}, math.Inf(1)
	for _, p := range places {
		if p.Lat == nil || p.Lon == nil {
			continue
		}
		dy, dx := lat-*p.Lat, (lon-*p.Lon)*math.Cos(lat*math.Pi/180)
		if d := dy*dy + dx*dx; d < bestD {
			best, bestD = p, d
		}
	}
	return best, bestD <= nearRadius*nearRadius
}

// ErrClosed is an answer to a survey that does not take answers today.
var ErrClosed = fmt.Errorf("%w: the survey is not open for answers", db.ErrConflict)

// Check checks an answer without storing it, as Submit would.
func (s *Store) Check(ctx context.Context, v Survey, a Answer) error {
	places, err := placeNames(ctx, s.db, v.MunicipalityCode)
	if err != nil {
		return err
	}
	_, err = check(v, places, a)
	return err
}

// Submit stores an answer to an open survey, all of it or nothing: one per
// browser token.
func (s *Store) Submit(ctx context.Context, surveyID int64, a Answer) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		v, err := byID(ctx, tx, surveyID)
		if err != nil {
			return err
		}
		if !v.OpenOn(today(tx.Now())) {
			return ErrClosed
		}
		places, err := placeNames(ctx, tx, v.MunicipalityCode)
		if err != nil {
			return err
		}
		c, err := check(v, places, a)
		var e validation.Errors
		if ve, ok := err.(*validation.Error); ok {
			e = ve.Fields
		} else if err != nil {
			return err
		}
		token := strings.TrimSpace(a.BrowserToken)
		if len(token) < 16 || len(token) > 200 {
			e.Add("browser_token", "error.survey_browser_token")
		}
		invitation, err := checkInvitation(ctx, tx, &e, v, a.InvitationCode)
		if err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		secret, err := db.Secret(ctx, tx, "survey_browser")
		if err != nil {
			return err
		}
		mac := hmac.New(sha256.New, secret)
		fmt.Fprintf(mac, "%d\x00%s", v.ID, token)
		hash := hex.EncodeToString(mac.Sum(nil))
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM survey_responses WHERE survey_id = ? AND browser_hash = ?`,
			v.ID, hash).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			e.Add("browser_token", "error.survey_answered")
			return e.Err()
		}
		// The code is used by this answer or by none: an answer refused
		// after this rolls the mark back with everything else.
		if err := consumeInvitation(ctx, tx, &e, v.ID, invitation); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO survey_responses (survey_id, browser_hash, synthetic, submitted_at)
			VALUES (?, ?, ?, ?) RETURNING id`, v.ID, hash, a.Synthetic, tx.Now()).Scan(&id); err != nil {
			return fmt.Errorf("survey response: %w", db.Normalize(err))
		}
		if err := store(ctx, tx, v.ID, id, c); err != nil {
			return err
		}
		// The answer is anonymous: the audit trail says that an answer was
		// given and what was masked, never what was answered.
		if err := audit.Record(ctx, tx, audit.Actor{Label: "public"}, audit.Entry{Action: "answer", Entity: "survey",
			EntityID: audit.ID(v.ID), After: map[string]int64{"response_id": id}}); err != nil {
			return err
		}
		return c.review.Record(ctx, tx, audit.Actor{Label: "public"}, "survey_response", id)
	})
	return id, err
}

func store(ctx context.Context, tx *db.Tx, surveyID, responseID int64, c checked) error {
	for _, a := range c.answers {
		if _, err := tx.ExecContext(ctx, `INSERT INTO survey_answers (response_id, question_id, option, number, text) VALUES (?, ?, ?, ?, ?)`,
			responseID, a.question, a.option, a.number, a.text); err != nil {
			return fmt.Errorf("survey answer: %w", db.Normalize(err))
		}
	}
	for _, p := range c.pins {
		var pinID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO survey_pins (response_id, question_id, lat, lon, place_id, place_name, why)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, responseID, p.question, p.lat, p.lon, db.NullID(p.placeID), p.placeName,
			p.why).Scan(&pinID); err != nil {
			return fmt.Errorf("survey pin: %w", db.Normalize(err))
		}
		for _, r := range p.reasons {
			if _, err := tx.ExecContext(ctx, `INSERT INTO survey_pin_reasons (pin_id, reason) VALUES (?, ?)`, pinID, r); err != nil {
				return fmt.Errorf("survey pin reason: %w", db.Normalize(err))
			}
		}
	}
	for _, cell := range c.cells {
		if _, err := tx.ExecContext(ctx, `INSERT INTO survey_when_cells (response_id, question_id, weekday, part) VALUES (?, ?, ?, ?)`,
			responseID, cell.question, cell.weekday, cell.part); err != nil {
			return fmt.Errorf("survey when: %w", db.Normalize(err))
		}
	}
	if len(c.background) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO survey_backgrounds (response_id, survey_id, age_band, gender, residence)
			VALUES (?, ?, ?, ?, ?)`, responseID, surveyID, c.background[KeyAgeBand], c.background[KeyGender],
			c.background[KeyResidence]); err != nil {
			return fmt.Errorf("survey background: %w", db.Normalize(err))
		}
	}
	return nil
}
