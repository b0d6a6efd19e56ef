package survey

import (
	"strconv"
	"time"

	"github.com/samverkan/samverkan/internal/auth"
	"github.com/samverkan/samverkan/internal/clock"
)

// Answers per address: a brake on ballot stuffing that identifies no one.
// The answers a survey takes from one address within an hour are counted
// in memory only (a restart forgets; the address is never stored); in
// tablet mode, where a public meeting answers in turn on one device, the
// limit is higher.
const (
	AnswersPerHour       = 20
	TabletAnswersPerHour = 300
	AnswerWindow         = time.Hour
)

// AnswerLimits counts the answers per survey and address on the server's
// clock.
type AnswerLimits struct {
	normal, tablet *auth.Limiter
}

// NewAnswerLimits returns the limits on clock c.
func NewAnswerLimits(c clock.Clock) *AnswerLimits {
	return &AnswerLimits{normal: auth.NewLimiter(c, AnswersPerHour, AnswerWindow),
		tablet: auth.NewLimiter(c, TabletAnswersPerHour, AnswerWindow)}
}

func (l *AnswerLimits) of(v Survey) *auth.Limiter {
	if v.Tablet {
		return l.tablet
	}
	return l.normal
}

func answerKey(v Survey, addr string) string { return strconv.FormatInt(v.ID, 10) + "|" + addr }

// Allowed reports whether addr may answer v now and, if not, how long
// until it may. Two answers sent at the same moment may both pass: the
// limit is a brake, not a count.
func (l *AnswerLimits) Allowed(v Survey, addr string) (bool, time.Duration) {
	return l.of(v).Allowed(answerKey(v, addr))
}

// Count records an answer taken from addr.
func (l *AnswerLimits) Count(v Survey, addr string) {
	l.of(v).Fail(answerKey(v, addr))
}
