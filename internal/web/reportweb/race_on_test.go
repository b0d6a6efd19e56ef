//go:build race

package reportweb_test

// raceDetector: the race detector slows every row of a large export many
// times over, and TestLargeExports measures memory, not races, so it
// exports fewer reports under it.
const raceDetector = true
