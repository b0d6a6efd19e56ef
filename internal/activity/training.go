package activity

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/samverkan/samverkan/internal/db"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// TrainedPremises is a premises and the trainings its staff took part in.
type TrainedPremises struct {
	PremisesID       int64  `json:"premises_id,string"`
	Name             string `json:"name"`
	RestaurantNumber string `json:"restaurant_number"`
	// LastTrainedAt is the start of the latest training with participants
	// from the premises; nil when none since the date asked about.
	LastTrainedAt *time.Time `json:"last_trained_at"`
	Trainings     int        `json:"trainings"`
	Participants  int        `json:"participants"`
	// Topics are the topics its staff were trained in, in the order of
	// Topics.
	Topics []string `json:"topics"`
}

// TrainedPremises lists every open premises of the municipality with the
// trainings its staff took part in since the time given (the zero time for
// ever): those with trained staff first, by name, then those without.
func (s *Store) TrainedPremises(ctx context.Context, municipalityCode string, since time.Time) ([]TrainedPremises, error) {
	var out []TrainedPremises
	index := map[int64]int{}
	err := db.Each(ctx, s.db, `SELECT id, name, restaurant_number FROM premises WHERE municipality_code = ? AND status = 'open'`,
		[]any{municipalityCode}, func(sc db.Scanner) error {
			var t TrainedPremises
			if err := sc.Scan(&t.PremisesID, &t.Name, &t.RestaurantNumber); err != nil {
				return err
			}
			t.Topics = []string{}
			index[t.PremisesID] = len(out)
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("premises of %s: %w", municipalityCode, err)
	}
	err = db.Each(ctx, s.db, `SELECT tp.premises_id, a.started_at, a.topic, tp.participants FROM training_participants tp
		JOIN activities a ON a.id = tp.activity_id JOIN premises p ON p.id = tp.premises_id
		WHERE p.municipality_code = ? AND a.kind = 'training' AND a.started_at >= ?`,
		[]any{municipalityCode, since.UTC()}, func(sc db.Scanner) error {
			var premisesID int64
			var at sql.NullTime
			var topic string
			var n int
			if err := sc.Scan(&premisesID, &at, &topic, &n); err != nil {
				return err
			}
			i, ok := index[premisesID]
			if !ok {
				return nil // closed since
			}
			t := &out[i]
			t.Trainings++
			t.Participants += n
			if at.Valid && (t.LastTrainedAt == nil || at.Time.After(*t.LastTrainedAt)) {
				tt := at.Time.UTC()
				t.LastTrainedAt = &tt
			}
			if !slices.Contains(t.Topics, topic) {
				t.Topics = append(t.Topics, topic)
			}
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("trained premises of %s: %w", municipalityCode, err)
	}
	c := collate.New(language.Swedish, collate.IgnoreCase)
	for i := range out {
		slices.SortFunc(out[i].Topics, func(a, b string) int { return slices.Index(Topics, a) - slices.Index(Topics, b) })
	}
	slices.SortStableFunc(out, func(a, b TrainedPremises) int {
		if (a.Trainings > 0) != (b.Trainings > 0) {
			if a.Trainings > 0 {
				return -1
			}
			return 1
		}
		return c.CompareString(a.Name, b.Name)
	})
	return out, nil
}

// PremisesChoice is a premises a training's participants may come from.
type PremisesChoice struct {
	ID               int64
	Name             string
	MunicipalityCode string
	Open             bool
}

// PremisesIn lists the premises of the municipalities, by name, for the
// choice of where a training's participants work; closed ones too, so that
// an earlier training keeps its rows.
func (s *Store) PremisesIn(ctx context.Context, codes []string) ([]PremisesChoice, error) {
	out := []PremisesChoice{}
	if len(codes) == 0 {
		return out, nil
	}
	args := make([]any, len(codes))
	for i, c := range codes {
		args[i] = c
	}
	err := db.Each(ctx, s.db, `SELECT id, name, municipality_code, status FROM premises WHERE municipality_code IN (`+
		db.Placeholders(len(codes))+`)`, args, func(sc db.Scanner) error {
		var p PremisesChoice
		var status string
		if err := sc.Scan(&p.ID, &p.Name, &p.MunicipalityCode, &status); err != nil {
			return err
		}
		p.Open = status == "open"
		out = append(out, p)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("premises: %w", err)
	}
	c := collate.New(language.Swedish, collate.IgnoreCase)
	slices.SortFunc(out, func(a, b PremisesChoice) int { return c.CompareString(a.Name, b.Name) })
	return out, nil
}
