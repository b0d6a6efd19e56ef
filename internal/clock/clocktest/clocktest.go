// Package clocktest gives tests their fixed, stated day.
//
// Every test runs on the instant Now returns: Monday 7 December 2026, 10:00
// in Stockholm, unless SAMVERKAN_TEST_NOW names another (any form
// clock.Parse reads). scripts/test runs the suite again on a few awkward
// days that way (1 January, the summer-time changes, the end of ISO week 53,
// the start of the summer season, a year ahead), so that a test whose answer
// depends on the day it runs fails on the day it is written, not a month
// later.
package clocktest

import (
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
)

// Default is the stated day of the tests.
const Default = "2026-12-07T10:00:00+01:00"

// Env names the variable that moves the tests' day.
const Env = "SAMVERKAN_TEST_NOW"

var now = sync.OnceValues(func() (time.Time, error) {
	s := os.Getenv(Env)
	if s == "" {
		s = Default
	}
	t, err := clock.Parse(s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", Env, err)
	}
	return t, nil
})

// Now is the tests' instant. A malformed SAMVERKAN_TEST_NOW panics: no
// test may silently fall back to another day.
func Now() time.Time {
	t, err := now()
	if err != nil {
		panic(err)
	}
	return t
}

// Clock is a clock fixed at Now.
func Clock() clock.Clock { return clock.Fixed(Now()) }
