package auth

import (
	"fmt"
	"sync"
	"testing"
	"time"

	clockpkg "github.com/samverkan/samverkan/internal/clock"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func newTestLimiter(max int, window time.Duration) (*Limiter, *fakeClock) {
	clock := &fakeClock{t: time.Date(2025, 6, 20, 12, 0, 0, 0, time.UTC)}
	l := NewLimiter(clockpkg.System, max, window)
	l.now = clock.now
	return l, clock
}

func TestLimiter(t *testing.T) {
	type step struct {
		at        time.Duration // since the start
		op        string        // fail, reset or allowed
		key       string
		wantOK    bool
		wantRetry time.Duration
	}
	tests := []struct {
		name   string
		max    int
		window time.Duration
		steps  []step
	}{
		{"max failures then refused", 3, time.Minute, []step{
			{0, "allowed", "a", true, 0},
			{0, "fail", "a", false, 0},
			{10 * time.Second, "fail", "a", false, 0},
			{10 * time.Second, "allowed", "a", true, 0},
			{20 * time.Second, "fail", "a", false, 0},
			{20 * time.Second, "allowed", "a", false, 40 * time.Second},
			{30 * time.Second, "allowed", "a", false, 30 * time.Second},
			{30 * time.Second, "allowed", "b", true, 0}, // keys are apart
		}},
		{"window slides", 3, time.Minute, []step{
			{0, "fail", "a", false, 0},
			{10 * time.Second, "fail", "a", false, 0},
			{20 * time.Second, "fail", "a", false, 0},
			{59 * time.Second, "allowed", "a", false, time.Second},
			{60 * time.Second, "allowed", "a", true, 0}, // the first failure has left the window
			{60 * time.Second, "fail", "a", false, 0},
			{60 * time.Second, "allowed", "a", false, 10 * time.Second}, // now the one at 10 s is oldest
			{70 * time.Second, "allowed", "a", true, 0},
			{200 * time.Second, "allowed", "a", true, 0},
			{200 * time.Second, "fail", "a", false, 0},
			{200 * time.Second, "fail", "a", false, 0},
			{200 * time.Second, "allowed", "a", true, 0}, // all older ones expired: two in the window
		}},
		{"reset forgets", 2, time.Hour, []step{
			{0, "fail", "a", false, 0},
			{0, "fail", "b", false, 0},
			{time.Minute, "fail", "a", false, 0},
			{time.Minute, "fail", "b", false, 0},
			{time.Minute, "allowed", "a", false, 59 * time.Minute},
			{time.Minute, "reset", "a", false, 0},
			{time.Minute, "allowed", "a", true, 0},
			{time.Minute, "allowed", "b", false, 59 * time.Minute}, // only a was reset
			{time.Minute, "reset", "unknown", false, 0},
			{time.Minute, "fail", "a", false, 0},
			{time.Minute, "allowed", "a", true, 0},
		}},
		{"one failure allowed", 1, time.Minute, []step{
			{0, "allowed", "a", true, 0},
			{0, "fail", "a", false, 0},
			{0, "allowed", "a", false, time.Minute},
			{time.Minute - time.Nanosecond, "allowed", "a", false, time.Nanosecond},
			{time.Minute, "allowed", "a", true, 0},
		}},
		{"more failures than max", 3, time.Minute, []step{
			// Concurrent sign-ins can record failures beyond max; the wait
			// lasts until enough of them leave the window, not just the
			// oldest one.
			{0, "fail", "a", false, 0},
			{1 * time.Second, "fail", "a", false, 0},
			{2 * time.Second, "fail", "a", false, 0},
			{3 * time.Second, "fail", "a", false, 0},
			{4 * time.Second, "fail", "a", false, 0},
			{4 * time.Second, "allowed", "a", false, 58 * time.Second},
			{60 * time.Second, "allowed", "a", false, 2 * time.Second},
			{62 * time.Second, "allowed", "a", true, 0},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, clock := newTestLimiter(tt.max, tt.window)
			start := clock.t
			for i, st := range tt.steps {
				clock.t = start.Add(st.at)
				switch st.op {
				case "fail":
					l.Fail(st.key)
				case "reset":
					l.Reset(st.key)
				case "allowed":
					ok, retry := l.Allowed(st.key)
					if ok != st.wantOK || retry != st.wantRetry {
						t.Errorf("step %d at %v: Allowed(%q) = %v, %v, want %v, %v", i, st.at, st.key, ok, retry, st.wantOK, st.wantRetry)
					}
				default:
					t.Fatalf("step %d: unknown op %q", i, st.op)
				}
			}
		})
	}
}

// TestLimiterRetryAfterIsEnough checks that waiting the retry-after that
// Allowed returns is always enough, however many failures there were.
func TestLimiterRetryAfterIsEnough(t *testing.T) {
	for _, max := range []int{1, 2, 5} {
		for _, fails := range []int{max, max + 1, 3 * max} {
			t.Run(fmt.Sprintf("max %d, %d failures", max, fails), func(t *testing.T) {
				l, clock := newTestLimiter(max, time.Minute)
				for range fails {
					l.Fail("a")
					clock.t = clock.t.Add(7 * time.Second)
				}
				ok, retry := l.Allowed("a")
				if ok || retry <= 0 {
					t.Fatalf("Allowed after %d failures = %v, %v, want false and a wait", fails, ok, retry)
				}
				clock.t = clock.t.Add(retry - time.Nanosecond)
				if ok, _ := l.Allowed("a"); ok {
					t.Errorf("Allowed a nanosecond before the retry-after %v = true, want false", retry)
				}
				clock.t = clock.t.Add(time.Nanosecond)
				if ok, again := l.Allowed("a"); !ok {
					t.Errorf("Allowed after waiting the retry-after %v = false, %v, want true", retry, again)
				}
			})
		}
	}
}

func TestLimiterForgetsExpiredKeys(t *testing.T) {
	l, clock := newTestLimiter(3, time.Minute)
	for i := range 10001 {
		l.Fail(fmt.Sprint("key", i))
	}
	if got := len(l.fails); got != 10001 {
		t.Fatalf("keys after 10001 failures = %d, want 10001", got)
	}
	clock.t = clock.t.Add(2 * time.Minute)
	l.Fail("fresh")
	if got := len(l.fails); got != 1 {
		t.Errorf("keys after the window passed = %d, want 1", got)
	}
	if ok, _ := l.Allowed("key0"); !ok {
		t.Errorf("Allowed(key0) after expiry = false, want true")
	}
}

func TestLimiterConcurrent(t *testing.T) {
	l := NewLimiter(clockpkg.System, 801, time.Hour) // the real clock
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				l.Fail("a")
				l.Allowed("a")
			}
		})
	}
	wg.Wait()
	if got := len(l.fails["a"]); got != 800 {
		t.Errorf("failures recorded by 8 goroutines × 100 = %d, want 800", got)
	}
	if ok, retry := l.Allowed("a"); !ok || retry != 0 {
		t.Errorf("Allowed after 800 failures with max 801 = %v, %v, want true, 0", ok, retry)
	}
	l.Fail("a")
	if ok, retry := l.Allowed("a"); ok || retry <= 0 || retry > time.Hour {
		t.Errorf("Allowed after 801 failures with max 801 = %v, %v, want false and a wait of at most an hour", ok, retry)
	}
}
