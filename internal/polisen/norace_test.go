//go:build !race

package polisen

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = false
