package survey

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/clock/clocktest"
	"github.com/samverkan/samverkan/internal/db"
	"github.com/samverkan/samverkan/internal/db/dbtest"
	"github.com/samverkan/samverkan/internal/validation"
)

// movable is a clock the test moves on: the limits read no other.
type movable struct{ t time.Time }

func (m *movable) Now() time.Time { return m.t }

// TestAnswerLimits: an address answers a survey twenty times an hour, then
// is told how long to wait; an hour after its first answer it may answer
// again. Another address, and the same address on another survey, are not
// held back. In tablet mode the same address answers 300 times.
func TestAnswerLimits(t *testing.T) {
	c := &movable{t: clocktest.Now()}
	l := NewAnswerLimits(c)
	v, other := Survey{ID: 1}, Survey{ID: 2}
	for i := range AnswersPerHour {
		if ok, _ := l.Allowed(v, "192.0.2.1"); !ok {
			t.Fatalf("answer %d refused, want %d allowed", i+1, AnswersPerHour)
		}
		l.Count(v, "192.0.2.1")
		c.t = c.t.Add(time.Minute)
	}
	ok, wait := l.Allowed(v, "192.0.2.1")
	if ok || wait != AnswerWindow-AnswersPerHour*time.Minute {
		t.Errorf("answer %d = %v, wait %v; want refused, wait %v", AnswersPerHour+1, ok, wait, AnswerWindow-AnswersPerHour*time.Minute)
	}
	if ok, _ := l.Allowed(v, "192.0.2.2"); !ok {
		t.Error("another address was refused")
	}
	if ok, _ := l.Allowed(other, "192.0.2.1"); !ok {
		t.Error("the address was refused on another survey")
	}
	c.t = c.t.Add(wait)
	if ok, _ := l.Allowed(v, "192.0.2.1"); !ok {
		t.Error("an hour after the first answer the address is still refused")
	}

	tablet := Survey{ID: 3, Tablet: true}
	for i := range TabletAnswersPerHour {
		if ok, _ := l.Allowed(tablet, "192.0.2.1"); !ok {
			t.Fatalf("tablet answer %d refused, want %d allowed", i+1, TabletAnswersPerHour)
		}
		l.Count(tablet, "192.0.2.1")
	}
	if ok, wait := l.Allowed(tablet, "192.0.2.1"); ok || wait != AnswerWindow {
		t.Errorf("tablet answer %d = %v, wait %v; want refused for an hour", TabletAnswersPerHour+1, ok, wait)
	}
}

// TestSetTablet: the coordinator turns tablet mode on and off; it is read
// back with the survey and audited; a closed survey refuses it.
func TestSetTablet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		if f.survey.Tablet {
			t.Fatal("a new survey is in tablet mode")
		}
		if _, err := f.s.SetTablet(ctx, actor, f.survey.ID, true); err != nil {
			t.Fatal(err)
		}
		v, err := f.s.ByID(ctx, f.survey.ID)
		if err != nil || !v.Tablet {
			t.Fatalf("after SetTablet(true): tablet %v, %v", v.Tablet, err)
		}
		var audited int
		if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'survey' AND action = 'update' AND entity_id = ? AND after_json LIKE '%tablet%'`,
			strconv.FormatInt(f.survey.ID, 10)).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("audit entries of the tablet mode = %d, %v; want 1", audited, err)
		}
		if _, err := f.s.SetStatus(ctx, actor, f.survey.ID, Closed); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetTablet(ctx, actor, f.survey.ID, false); err == nil {
			t.Error("a closed survey's tablet mode changed")
		}
	})
}

// TestSetSettings: the switches change together or not at all, in one
// audit entry, and a change to what they already are writes nothing.
func TestSetSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := setup(t, d)
		draft, err := f.s.Create(ctx, actor, New{MunicipalityCode: "2062", Template: TemplateCitizen})
		if err != nil {
			t.Fatal(err)
		}
		f.survey = draft
		on, off := true, false
		audited := func() int {
			var n int
			if err := d.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'survey' AND action = 'update' AND entity_id = ?`,
				strconv.FormatInt(f.survey.ID, 10)).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// A draft has no summary to publish: the tablet mode asked for with
		// it is not set either.
		_, err = f.s.SetSettings(ctx, actor, f.survey.ID, Settings{Tablet: &on, PublicSummary: &on})
		if ve, ok := errors.AsType[*validation.Error](err); !ok || !ve.Fields.Has("public_summary") {
			t.Fatalf("summary of a draft = %v; want a validation error of public_summary", err)
		}
		if v, _ := f.s.ByID(ctx, f.survey.ID); v.Tablet || v.PublicSummary || audited() != 0 {
			t.Fatalf("after a refused change: tablet %v, summary %v, %d audit entries", v.Tablet, v.PublicSummary, audited())
		}
		if _, err := f.s.SetStatus(ctx, actor, f.survey.ID, Published); err != nil {
			t.Fatal(err)
		}
		v, err := f.s.SetSettings(ctx, actor, f.survey.ID, Settings{Tablet: &on, InvitationRequired: &on, PublicSummary: &on})
		if err != nil || !v.Tablet || !v.InvitationRequired || !v.PublicSummary {
			t.Fatalf("SetSettings(all on) = %+v, %v", v, err)
		}
		if got, _ := f.s.ByID(ctx, f.survey.ID); !got.Tablet || !got.InvitationRequired || !got.PublicSummary {
			t.Fatalf("read back: tablet %v, codes %v, summary %v", got.Tablet, got.InvitationRequired, got.PublicSummary)
		}
		if n := audited(); n != 1 {
			t.Errorf("audit entries after one change of three switches = %d; want 1", n)
		}
		// Nothing to change: no entry. A field left out is left as it is.
		if _, err := f.s.SetSettings(ctx, actor, f.survey.ID, Settings{Tablet: &on}); err != nil {
			t.Fatal(err)
		}
		if v, err = f.s.SetSettings(ctx, actor, f.survey.ID, Settings{Tablet: &off}); err != nil || v.Tablet || !v.InvitationRequired {
			t.Fatalf("tablet off = tablet %v, codes %v, %v", v.Tablet, v.InvitationRequired, err)
		}
		if n := audited(); n != 2 {
			t.Errorf("audit entries = %d; want 2 (the same value again writes none)", n)
		}
	})
}
