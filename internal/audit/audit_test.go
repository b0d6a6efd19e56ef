package audit

import (
	"context"
	"errors"
	"testing"

	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
)

func TestRecordAndList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for i := range 5 {
			err := d.InTx(ctx, func(tx *db.Tx) error {
				return Record(ctx, tx, System, Entry{Action: "update", Entity: "thing", EntityID: ID(int64(i % 2)),
					Before: map[string]int{"n": i}, After: map[string]int{"n": i + 1}})
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		// A change that fails takes its audit entry with it.
		boom := errors.New("boom")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if err := Record(ctx, tx, System, Entry{Action: "create", Entity: "thing", EntityID: "9"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx error = %v", err)
		}

		l := NewLog(d)
		p1, err := l.List(ctx, Filter{Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		if len(p1.Items) != 3 || p1.Next == "" {
			t.Fatalf("first page: %d items, next %q", len(p1.Items), p1.Next)
		}
		if p1.Items[0].Before != `{"n":4}` || p1.Items[0].After != `{"n":5}` || p1.Items[0].ActorLabel != "system" {
			t.Errorf("newest entry = %+v", p1.Items[0])
		}
		p2, err := l.List(ctx, Filter{Limit: 3, Cursor: p1.Next})
		if err != nil {
			t.Fatal(err)
		}
		if len(p2.Items) != 2 || p2.Next != "" || p2.Items[1].Before != `{"n":0}` {
			t.Errorf("second page = %+v, next %q", p2.Items, p2.Next)
		}
		only, err := l.List(ctx, Filter{Entity: "thing", EntityID: "1"})
		if err != nil || len(only.Items) != 2 {
			t.Errorf("filtered list = %d items, %v", len(only.Items), err)
		}
		if _, err := l.List(ctx, Filter{Cursor: "not a cursor!"}); !errors.Is(err, db.ErrBadCursor) {
			t.Errorf("bad cursor error = %v", err)
		}
	})
}
