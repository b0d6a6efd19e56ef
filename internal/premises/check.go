package premises

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan/internal/validation"
)

// Limits of the free texts.
const (
	maxShort = 200
	maxLong  = 5000
)

const dateLayout = "2006-01-02"

// stockholm is the time zone of dates, seasons and years. The binary
// embeds time/tzdata; a library should not, so a host without zoneinfo
// gets an error rather than a wrong day.
var stockholm = sync.OnceValues(func() (*time.Location, error) {
	return time.LoadLocation("Europe/Stockholm")
})

func zone() *time.Location {
	loc, err := stockholm()
	if err != nil {
		panic(fmt.Sprintf("premises: time zone Europe/Stockholm: %v", err))
	}
	return loc
}

// now is the time stored for a change, at the precision both databases keep.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

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
