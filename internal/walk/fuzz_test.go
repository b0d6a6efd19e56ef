package walk

import (
	"context"
	"errors"
	"testing"

	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// FuzzAddPoint feeds the point's parser (position typed as text, place,
// category, description and the photo's decoder) arbitrary input: it
// never panics, a refusal is a validation error, and a refused point
// stores nothing.
func FuzzAddPoint(f *testing.F) {
	f.Add("61,0085", "14.58", "", "lighting", "Mörkt", photoJPEG(f))
	f.Add("", "", "Noret", "vegetation", "Buskar", []byte{})
	f.Add("NaN", "Inf", "Noret", "other", "x", []byte("\x89PNG\r\n\x1a\n"))
	f.Add("61", "14.5", "", "traffic", "19800101-1234", bombPNG())
	f.Add("1e400", "-0", "Noret\x00", "gathering", "\xff\xfe", []byte("\xff\xd8\xff\xe1\x00\x02"))
	d := dbtest.SQLite(f)
	ctx := context.Background()
	fx := setup(f, d)
	w, err := fx.s.CreateWalk(ctx, actor, fx.noret())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, lat, lon, place, category, description string, photo []byte) {
		before := count(t, d, "safety_walk_points")
		p, err := fx.s.AddPoint(ctx, actor, w.ID, PointInput{LatText: lat, LonText: lon, Place: place, Category: category,
			Description: description, Photo: photo})
		after := count(t, d, "safety_walk_points")
		var ve *validation.Error
		switch {
		case err == nil:
			if after != before+1 || p.ID == 0 || !inSweden(p.Lat, p.Lon) {
				t.Errorf("AddPoint() stored %d points, point %+v", after-before, p)
			}
		case errors.As(err, &ve):
			if after != before {
				t.Errorf("a refused point stored %d rows: %v", after-before, err)
			}
		default:
			t.Errorf("AddPoint() error = %v, want a validation error", err)
		}
	})
}
