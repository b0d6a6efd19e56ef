package auth

import (
	"sync"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
)

// Limiter counts failed sign-ins per key (an address, an account) in a
// sliding window and refuses further attempts once a key has failed too
// often. It lives in memory: a restart forgets, which is acceptable for a
// brake on guessing, and it keeps no personal data on disk.
type Limiter struct {
	mu     sync.Mutex
	window time.Duration
	max    int
	now    func() time.Time
	fails  map[string][]time.Time
}

// NewLimiter allows max failures per key within window.
func NewLimiter(c clock.Clock, max int, window time.Duration) *Limiter {
	if max < 1 {
		max = 1
	}
	return &Limiter{window: window, max: max, now: c.Now, fails: map[string][]time.Time{}}
}

// Allowed reports whether key may try again, and if not, how long until it
// may.
func (l *Limiter) Allowed(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.prune(key)
	if len(recent) < l.max {
		return true, 0
	}
	// Concurrent sign-ins can record more than max failures: the key may
	// try again once enough of them have left the window, not just the
	// oldest.
	return false, recent[len(recent)-l.max].Add(l.window).Sub(l.now())
}

// Fail records a failed attempt by key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fails[key] = append(l.prune(key), l.now())
	// Keep memory bounded when someone sprays many keys: drop keys whose
	// failures have all expired.
	if len(l.fails) > 10000 {
		for k := range l.fails {
			l.prune(k)
		}
	}
}

// Reset forgets the failures of key, after a successful sign-in.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

func (l *Limiter) prune(key string) []time.Time {
	cutoff := l.now().Add(-l.window)
	ts := l.fails[key]
	i := 0
	for i < len(ts) && !ts[i].After(cutoff) {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(l.fails, key)
		return nil
	}
	l.fails[key] = ts
	return ts
}
