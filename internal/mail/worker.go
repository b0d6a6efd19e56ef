package mail

import (
	"context"
	"log/slog"
	"regexp"
	"time"

	"github.com/samverkan/samverkan/internal/db"
)

// Worker sends the outbox: what is due, as soon as it is woken or the
// next row falls due, and at least every Poll. Failures wait by Backoff.
type Worker struct {
	Outbox *Outbox
	sender Sender
	log    *slog.Logger
	wake   chan struct{}
	// Poll is the longest the worker sleeps: it also finds rows another
	// process queued or left behind.
	Poll time.Duration
	// Batch is how many rows one round takes.
	Batch int
	now   func() time.Time
}

// NewWorker returns a worker that sends the outbox of d through sender.
func NewWorker(d *db.DB, sender Sender, log *slog.Logger) *Worker {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{Outbox: NewOutbox(d), sender: sender, log: log, wake: make(chan struct{}, 1),
		Poll: time.Minute, Batch: 50, now: d.Clock().Now}
}

// From is the address the worker's messages go out from, when its sender
// says: a meeting invitation names it as the organiser when the person
// who organised has no address.
func (w *Worker) From() Address {
	if f, ok := w.sender.(interface{ From() Address }); ok {
		return f.From()
	}
	return Address{}
}

// Wake makes the worker look at the outbox now: after a publication, or a
// "retry now". It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	for {
		if _, err := w.RunOnce(ctx); err != nil && ctx.Err() == nil {
			w.log.Warn("mail outbox", "err", err)
		}
		wait := w.Poll
		if next, ok, err := w.Outbox.nextDue(ctx); err == nil && ok {
			wait = min(wait, max(next.Sub(w.now()), 10*time.Millisecond))
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-w.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Result counts what a round did.
type Result struct {
	Sent, Retrying, Failed int
}

// RunOnce sends every row that is due now, a batch at a time, and returns
// what became of them.
func (w *Worker) RunOnce(ctx context.Context) (Result, error) {
	var res Result
	for ctx.Err() == nil {
		jobs, err := w.Outbox.take(ctx, w.now(), w.Batch)
		if err != nil || len(jobs) == 0 {
			return res, err
		}
		for _, j := range jobs {
			if j.msg.Date.IsZero() {
				j.msg.Date = w.now()
			}
			sendErr := w.sender.Send(ctx, j.msg)
			status, err := w.Outbox.finish(context.WithoutCancel(ctx), j, w.now(), sendErr)
			if err != nil {
				return res, err
			}
			switch status {
			case StatusSent:
				res.Sent++
				w.log.Debug("mail sent", "outbox_id", j.id, "attempt", j.attempts+1)
			case StatusWaiting:
				res.Retrying++
				w.log.Warn("mail not sent, will retry", "outbox_id", j.id, "attempt", j.attempts+1, "err", redact(sendErr.Error()))
			default:
				res.Failed++
				w.log.Warn("mail not sent, given up", "outbox_id", j.id, "attempt", j.attempts+1, "err", redact(sendErr.Error()))
			}
		}
		if len(jobs) < w.Batch {
			return res, nil
		}
	}
	return res, ctx.Err()
}

var emailLike = regexp.MustCompile(`[^\s<>"'@]+@[^\s<>"']+`)

// redact keeps e-mail addresses, which a server's answer often repeats,
// out of the log: the log is no place for personal data. The outbox keeps
// the whole answer for the coordinator.
func redact(s string) string { return emailLike.ReplaceAllString(s, "<address>") }
