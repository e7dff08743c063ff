package export

import (
	"context"
	"sync"
	"time"
)

// limiter is an adaptive concurrency limit (additive increase,
// multiplicative decrease): a throttle halves it, and each run of `limit`
// successful files without one raises it by one, up to max.
type limiter struct {
	mu       sync.Mutex
	wake     chan struct{}
	limit    int
	max      int
	active   int
	streak   int
	lastCut  time.Time
	cooldown time.Duration
	cuts     int
	lowest   int
}

func newLimiter(n int) *limiter {
	return &limiter{wake: make(chan struct{}), limit: n, max: n, lowest: n, cooldown: time.Second}
}

// notify wakes every waiter; callers hold mu.
func (l *limiter) notify() {
	close(l.wake)
	l.wake = make(chan struct{})
}

func (l *limiter) acquire(ctx context.Context) error {
	for {
		l.mu.Lock()
		if l.active < l.limit {
			l.active++
			l.mu.Unlock()
			return nil
		}
		ch := l.wake
		l.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ch:
		}
	}
}

func (l *limiter) release(ok bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.active--
	if ok {
		l.streak++
		if l.streak >= l.limit && l.limit < l.max {
			l.limit++
			l.streak = 0
		}
	}
	l.notify()
}

// throttle halves the limit, once per cooldown: the other requests in
// flight when the server pushed back were answered from the same overload.
func (l *limiter) throttle() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.streak = 0
	now := time.Now()
	if !l.lastCut.IsZero() && now.Sub(l.lastCut) < l.cooldown {
		return
	}
	l.lastCut = now
	l.cuts++
	l.limit = max(1, l.limit/2)
	l.lowest = min(l.lowest, l.limit)
}

func (l *limiter) stats() (cuts, lowest, limit int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cuts, l.lowest, l.limit
}
