//go:build !race

package reportweb_test

const raceDetector = false
