package premises

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/municipality"
	"github.com/samverkan/samverkan/internal/validation"
)

// defaultChecklists are the product's checklists, used by a municipality
// that has not written its own. They are in Swedish: the protocol goes to
// a Swedish licence holder, whatever the language of the interface.
var defaultChecklists = map[string][]string{
	OnSite: {
		"Ordning och nykterhet",
		"Ålderskontroller",
		"Berusade gäster",
		"Mat serveras",
		"Serveringsansvarig på plats",
		"Tillståndsbevis uppsatt",
		"Personalliggare",
		"Ljudnivå",
	},
	Joint: {
		"Ordning och nykterhet",
		"Ålderskontroller",
		"Berusade gäster",
		"Mat serveras",
		"Serveringsansvarig på plats",
		"Tillståndsbevis uppsatt",
		"Personalliggare",
		"Ljudnivå",
		"Brandskydd och utrymningsvägar",
		"Antal gäster inom tillåtet högsta antal",
	},
	Register: {
		"Restaurangrapport inlämnad",
		"Serveringsansvariga anmälda",
		"Ändrade ägar- och bolagsförhållanden anmälda",
		"Skatter och avgifter betalda",
		"Tillsynsavgift betald",
	},
	Preventive: {
		"Information om reglerna för servering",
		"Utbildning i Ansvarsfull alkoholservering",
		"Narkotikapolicy",
		"Kontaktuppgifter till tillsynsmyndigheten lämnade",
	},
}

// DefaultChecklist returns the product's checklist of a kind of
// inspection.
func DefaultChecklist(kind string) []string { return slices.Clone(defaultChecklists[kind]) }

// Checklist is what a protocol of a kind of inspection checks, in order.
type Checklist struct {
	MunicipalityCode string   `json:"municipality_code"`
	Kind             string   `json:"kind"`
	Items            []string `json:"items"`
	// Default is set when the municipality has no list of its own and
	// the product's is used.
	Default bool `json:"default"`
}

// Protocol returns an empty protocol with the checklist's checks, as the
// start of a new one.
func (c Checklist) Protocol() Protocol {
	p := Protocol{Items: make([]Check, len(c.Items))}
	for i, text := range c.Items {
		p.Items[i] = Check{Check: text, Result: ResultNotChecked}
	}
	return p
}

// Checklist returns the municipality's checklist of a kind of inspection:
// its own, or the default.
func (s *Store) Checklist(ctx context.Context, code, kind string) (Checklist, error) {
	return checklist(ctx, s.db, code, kind)
}

func checklist(ctx context.Context, q db.Queryer, code, kind string) (Checklist, error) {
	c := Checklist{MunicipalityCode: code, Kind: kind, Items: []string{}}
	err := db.Each(ctx, q, `SELECT text FROM checklist_items WHERE municipality_code = ? AND kind = ? ORDER BY position`,
		[]any{code, kind}, func(sc db.Scanner) error {
			var text string
			if err := sc.Scan(&text); err != nil {
				return err
			}
			c.Items = append(c.Items, text)
			return nil
		})
	if err != nil {
		return c, fmt.Errorf("checklist %s %s: %w", code, kind, err)
	}
	if len(c.Items) == 0 {
		c.Items, c.Default = DefaultChecklist(kind), true
	}
	return c, nil
}

// SetChecklist makes items the municipality's checklist of a kind of
// inspection. No items go back to the default. Protocols already written
// keep their checks.
func (s *Store) SetChecklist(ctx context.Context, actor audit.Actor, code, kind string, items []string) (Checklist, error) {
	var e validation.Errors
	e.OneOf("kind", kind, InspectionKinds)
	var clean []string
	seen := map[string]int{}
	for i, it := range items {
		v := e.Text(row("items", i, "text"), norm.NFC.String(it), false, maxShort)
		if v == "" {
			continue
		}
		key := strings.ToLower(v)
		if _, dup := seen[key]; dup {
			e.Add(row("items", i, "text"), "error.check_twice")
			continue
		}
		seen[key] = i
		clean = append(clean, v)
	}
	if len(clean) > MaxChecks {
		e.Add("items", "error.too_many", MaxChecks)
	}
	var out Checklist
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := municipality.Check(ctx, tx, &e, "municipality_code", code); err != nil {
			return err
		}
		if err := e.Err(); err != nil {
			return err
		}
		before, err := checklist(ctx, tx, code, kind)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM checklist_items WHERE municipality_code = ? AND kind = ?`, code, kind); err != nil {
			return fmt.Errorf("clear checklist: %w", err)
		}
		for i, text := range clean {
			if _, err := tx.ExecContext(ctx, `INSERT INTO checklist_items (municipality_code, kind, position, text) VALUES (?, ?, ?, ?)`,
				code, kind, i, text); err != nil {
				return fmt.Errorf("checklist item %d: %w", i, err)
			}
		}
		if out, err = checklist(ctx, tx, code, kind); err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "checklist", EntityID: code + "/" + kind,
			Before: before, After: out})
	})
	return out, err
}
