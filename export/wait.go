package export

import (
	"context"
	"errors"
	"time"

	"github.com/cenkalti/backoff/v4"
)

// WaitOption configures Wait.
type WaitOption func(*waitConfig) error

type waitConfig struct {
	onProgress func(Status)
	min, max   time.Duration
}

// OnProgress calls fn after a poll whenever the status differs from the
// previous one (state, percent or text), including the first and the final
// completed status. fn runs on Wait's goroutine.
func OnProgress(fn func(Status)) WaitOption {
	return func(c *waitConfig) error {
		if fn == nil {
			return invalidf("OnProgress: nil function")
		}
		c.onProgress = fn
		return nil
	}
}

// PollInterval sets the polling schedule when the server sends no
// Retry-After: the first pause is min, growing exponentially (with jitter)
// up to max. The default is 1 s growing to 30 s.
func PollInterval(min, max time.Duration) WaitOption {
	return func(c *waitConfig) error {
		if min <= 0 || max < min {
			return invalidf("PollInterval(%v, %v): want 0 < min <= max", min, max)
		}
		c.min, c.max = min, max
		return nil
	}
}

// Wait polls the job until it completes and returns its manifest. A
// server's Retry-After sets the next pause; otherwise the pause grows from 1 s
// to 30 s (see PollInterval). Wait has no time limit of its own: ctx decides.
// Terminal outcomes return at once as errors matching ErrJobFailed,
// ErrJobCancelled or ErrJobExpired. A poll that fails for a reason unrelated
// to the job (429, 502–504, a lost connection) even after the client's own
// retries is tried again on the same schedule, up to five times in a row.
func (j *Job) Wait(ctx context.Context, opts ...WaitOption) (*Manifest, error) {
	cfg := waitConfig{min: time.Second, max: 30 * time.Second}
	for i, o := range opts {
		if o == nil {
			return nil, invalidf("WaitOption %d is nil", i+1)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	b := backoff.NewExponentialBackOff(
		backoff.WithInitialInterval(cfg.min),
		backoff.WithMaxInterval(cfg.max),
		backoff.WithMultiplier(1.5),
		backoff.WithRandomizationFactor(0.2),
		backoff.WithMaxElapsedTime(0),
	)
	var last Status
	first := true
	failures := 0
	for {
		st, err := j.Poll(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			var pe *pollError
			if !errors.As(err, &pe) || failures >= maxPollFailures {
				return nil, err
			}
			failures++
			delay := pe.retryAfter
			if delay <= 0 {
				delay = b.NextBackOff()
			}
			j.conn.debug("export: poll failed, trying again", "job", j.id, "err", err, "next_poll", delay)
			if err := sleep(ctx, delay); err != nil {
				return nil, err
			}
			continue
		}
		failures = 0
		if cfg.onProgress != nil && (first || st.State != last.State || st.Percent != last.Percent || st.Text != last.Text) {
			cfg.onProgress(st)
		}
		first, last = false, st
		if st.State == Completed {
			return st.Manifest, nil
		}
		delay := st.RetryAfter
		if delay <= 0 {
			delay = b.NextBackOff()
		}
		j.conn.debug("export: job not ready", "job", j.id, "progress", st.Text, "next_poll", delay)
		if err := sleep(ctx, delay); err != nil {
			return nil, err
		}
	}
}

// maxPollFailures is how many polls in a row may fail transiently (after
// the client's own retries) before Wait gives up.
const maxPollFailures = 5

// sleep pauses for d, or returns ctx's error as soon as ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
