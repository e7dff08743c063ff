package netguard

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// quietTicks is how many watchdog ticks in a row one Read must stay blocked
// before the body counts as stalled; the tick is Idle/quietTicks, so a
// stall is declared between Idle and 1.25×Idle after the last byte.
const quietTicks = 4

// body is a response body under watch. Its Read costs two atomic additions;
// a timer, not a goroutine, ticks every Idle/4 and cancels the request when
// the same Read has been waiting through four ticks. Time the caller spends
// between Reads (writing to disk, decoding) never counts: only a Read that
// waits on the network does.
type body struct {
	rc     io.ReadCloser
	ctx    context.Context
	cancel context.CancelCauseFunc

	// events is bumped on entry to and exit from every Read: odd means a
	// Read is waiting.
	events atomic.Uint64
	done   atomic.Bool

	mu    sync.Mutex // guards the watchdog's fields below
	timer *time.Timer
	tick  time.Duration
	seen  uint64
	quiet int
	err   *TimeoutError
}

func (b *body) watch(te *TimeoutError) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.err = te
	b.tick = max(te.Limit/quietTicks, time.Millisecond)
	b.timer = time.AfterFunc(b.tick, b.check)
}

// check is one watchdog tick.
func (b *body) check() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done.Load() {
		return
	}
	ev := b.events.Load()
	if ev&1 == 1 && ev == b.seen {
		b.quiet++
	} else {
		b.seen, b.quiet = ev, 0
	}
	if b.quiet >= quietTicks {
		b.cancel(b.err)
		return
	}
	b.timer.Reset(b.tick)
}

// Read implements io.Reader; after a stall it returns the *TimeoutError.
func (b *body) Read(p []byte) (int, error) {
	b.events.Add(1)
	n, err := b.rc.Read(p)
	b.events.Add(1)
	if err != nil {
		var te *TimeoutError
		if cause := context.Cause(b.ctx); err != io.EOF && errors.As(cause, &te) {
			err = te
		}
		b.stop()
	}
	return n, err
}

// Close implements io.Closer.
func (b *body) Close() error {
	b.stop()
	err := b.rc.Close()
	b.cancel(nil)
	return err
}

func (b *body) stop() {
	if b.done.Swap(true) {
		return
	}
	b.mu.Lock()
	if b.timer != nil {
		b.timer.Stop()
	}
	b.mu.Unlock()
}
