package brief

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/samverkan/samverkan/internal/audit"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/validation"
)

// Subscription is a user's choice of one municipality's brief. Everyone
// in an organisation that works in a municipality is subscribed until
// they opt out; AreaIDs, when any, are the areas whose figures the brief
// puts first for them.
type Subscription struct {
	MunicipalityCode string  `json:"municipality_code"`
	Subscribed       bool    `json:"subscribed"`
	AreaIDs          []int64 `json:"area_ids"`
}

// Subscriptions returns the user's choices by municipality. A
// municipality without one is subscribed, whole: Subscription's zero
// value is not the default, ask SubscriptionOf.
func (s *Store) Subscriptions(ctx context.Context, userID int64) (map[string]Subscription, error) {
	out := map[string]Subscription{}
	err := db.Each(ctx, s.db, `SELECT municipality_code, subscribed FROM brief_subscriptions WHERE user_id = ?`,
		[]any{userID}, func(row db.Scanner) error {
			var sub Subscription
			if err := row.Scan(&sub.MunicipalityCode, &sub.Subscribed); err != nil {
				return err
			}
			out[sub.MunicipalityCode] = sub
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("subscriptions of user %d: %w", userID, err)
	}
	err = db.Each(ctx, s.db, `SELECT municipality_code, area_id FROM brief_subscription_areas WHERE user_id = ? ORDER BY area_id`,
		[]any{userID}, func(row db.Scanner) error {
			var code string
			var id int64
			if err := row.Scan(&code, &id); err != nil {
				return err
			}
			sub, ok := out[code]
			if !ok {
				sub = Subscription{MunicipalityCode: code, Subscribed: true}
			}
			sub.AreaIDs = append(sub.AreaIDs, id)
			out[code] = sub
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("subscribed areas of user %d: %w", userID, err)
	}
	return out, nil
}

// SubscriptionOf returns the choice for code from subs, or the default:
// subscribed to the whole municipality.
func SubscriptionOf(subs map[string]Subscription, code string) Subscription {
	if sub, ok := subs[code]; ok {
		return sub
	}
	return Subscription{MunicipalityCode: code, Subscribed: true}
}

// SetSubscriptions stores the user's choices for the municipalities in
// subs; the others keep theirs. Each must be one of allowed (those the
// user's organisations work in), and its areas the municipality's. It is
// one transaction and one audit entry.
func (s *Store) SetSubscriptions(ctx context.Context, actor audit.Actor, userID int64, allowed []string, subs []Subscription) error {
	var e validation.Errors
	for _, sub := range subs {
		if !slices.Contains(allowed, sub.MunicipalityCode) {
			e.Add("municipality_code", "error.brief_not_working_there")
		}
	}
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, sub := range subs {
			var known []int64
			err := db.Each(ctx, tx, `SELECT id FROM areas WHERE municipality_code = ?`, []any{sub.MunicipalityCode},
				func(row db.Scanner) error {
					var id int64
					known = append(known, id)
					return row.Scan(&known[len(known)-1])
				})
			if err != nil {
				return err
			}
			for _, id := range sub.AreaIDs {
				if !slices.Contains(known, id) {
					e.Add("areas", "error.area_unknown")
				}
			}
		}
		if err := e.Err(); err != nil {
			return err
		}
		before, err := subscriptionsIn(ctx, tx, userID)
		if err != nil {
			return err
		}
		now := s.now().UTC().Truncate(time.Microsecond)
		for _, sub := range subs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO brief_subscriptions (user_id, municipality_code, subscribed, updated_at)
				VALUES (?, ?, ?, ?) ON CONFLICT (user_id, municipality_code) DO UPDATE SET subscribed = excluded.subscribed,
				updated_at = excluded.updated_at`, userID, sub.MunicipalityCode, sub.Subscribed, now); err != nil {
				return fmt.Errorf("subscribe: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM brief_subscription_areas WHERE user_id = ? AND municipality_code = ?`,
				userID, sub.MunicipalityCode); err != nil {
				return fmt.Errorf("subscribe: %w", err)
			}
			if !sub.Subscribed {
				continue
			}
			ids := slices.Clone(sub.AreaIDs)
			slices.Sort(ids)
			for _, id := range slices.Compact(ids) {
				if _, err := tx.ExecContext(ctx, `INSERT INTO brief_subscription_areas (user_id, municipality_code, area_id)
					VALUES (?, ?, ?)`, userID, sub.MunicipalityCode, id); err != nil {
					return fmt.Errorf("subscribe to area %d: %w", id, err)
				}
			}
		}
		after, err := subscriptionsIn(ctx, tx, userID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, actor, audit.Entry{Action: "update", Entity: "brief_subscription",
			EntityID: audit.ID(userID), Before: before, After: after})
	})
}

// subscriptionsIn lists the user's stored choices, for the audit trail.
func subscriptionsIn(ctx context.Context, q db.Queryer, userID int64) ([]Subscription, error) {
	var out []Subscription
	err := db.Each(ctx, q, `SELECT municipality_code, subscribed FROM brief_subscriptions WHERE user_id = ? ORDER BY municipality_code`,
		[]any{userID}, func(row db.Scanner) error {
			var sub Subscription
			out = append(out, sub)
			return row.Scan(&out[len(out)-1].MunicipalityCode, &out[len(out)-1].Subscribed)
		})
	if err != nil {
		return nil, err
	}
	for i := range out {
		err := db.Each(ctx, q, `SELECT area_id FROM brief_subscription_areas WHERE user_id = ? AND municipality_code = ? ORDER BY area_id`,
			[]any{userID, out[i].MunicipalityCode}, func(row db.Scanner) error {
				var id int64
				if err := row.Scan(&id); err != nil {
					return err
				}
				out[i].AreaIDs = append(out[i].AreaIDs, id)
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}
