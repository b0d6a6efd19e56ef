package demo

import (
	"context"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/crimestats"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/municipality"
)

// TestLoadCrimeStats: the demo has synthetic series of the five whole
// years before the clock's year for Mora beside Dalarna and the country,
// labelled so.
func TestLoadCrimeStats(t *testing.T) {
	dbtest.EachSeeded(t, "demo", func(ctx context.Context, d *db.DB) error {
		if err := municipality.NewStore(d).Sync(ctx); err != nil {
			return err
		}
		_, err := Load(ctx, d)
		return err
	}, func(t *testing.T, d *db.DB) {
		regions, err := crimestats.LoadRegions()
		if err != nil {
			t.Fatal(err)
		}
		c, err := crimestats.NewStore(d).Compare(context.Background(), regions, "2062", "Skadegörelsebrott")
		if err != nil {
			t.Fatal(err)
		}
		last := clocktest.Now().Year() - 1
		if len(c.Periods) != 5 || c.Periods[4] != strconv.Itoa(last) || c.Periods[0] != strconv.Itoa(last-4) {
			t.Fatalf("periods %v, want the five years up to %d", c.Periods, last)
		}
		for _, s := range []crimestats.Series{c.Municipality, c.County, c.Country} {
			if len(s.Points) != 5 {
				t.Errorf("%s: %d points", s.Region.Name, len(s.Points))
			}
			for _, p := range s.Points {
				if !p.Synthetic || p.SourceFile != CrimeStatsSource || p.Count == nil || p.Rate == nil || *p.Rate <= 0 {
					t.Errorf("%s %s: %+v", s.Region.Name, p.Period, p)
				}
			}
		}
	})
}
