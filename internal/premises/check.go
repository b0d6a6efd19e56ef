package premises

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
	maxTiny  = 100 // a postal area, serving hours
)

// Limits are the most characters each free text takes, by the field's
// name ("protocol.items.*.note" for a field of every row), for the forms to say while one
// types; the checks here use the same constants.
var Limits = map[string]int{
	"name": maxShort, "holder_name": maxShort, "street_address": maxShort, "address": maxShort,
	"postal_area": maxTiny, "serving_hours": maxTiny,
	"inspectors": maxShort, "follow_up": maxFollowUp, "protocol.remarks": maxLong,
	"protocol.items.*.check": maxShort, "protocol.items.*.note": maxNote,
}

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

// checkTime checks a required time field, not before 2000 and, when
// notFuture, not after at.
func checkTime(e *validation.Errors, field, value string, notFuture bool, at time.Time) time.Time {
	if !notFuture {
		at = time.Time{}
	}
	return e.Time(field, value, zone(), at)
}

// zone is the time zone of dates, weeks, seasons and years.
func zone() *time.Location { return clock.Zone() }
