package activity

import (
	"strconv"
	"strings"
	"time"

	"github.com/samverkan/samverkan/internal/clock"
	"github.com/samverkan/samverkan/internal/validation"
)

// Limits of the free texts.
const (
	maxShort = 200
	maxLong  = 5000
)

const dateLayout = "2006-01-02"

// parseID reads an id given as a string; 0 means none given, -1 one that
// cannot be an id.
func parseID(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return -1
	}
	return id
}

// checkTime checks a required time field, not before 2000. Activities and
// meetings may be in the future: they are planned.
func checkTime(e *validation.Errors, field, value string) time.Time {
	return e.Time(field, value, zone(), time.Time{})
}

// zone is the time zone of dates, weeks, seasons and years.
func zone() *time.Location { return clock.Zone() }
