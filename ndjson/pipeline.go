package ndjson

import (
	"io"
	"iter"
	"sync"
	"sync/atomic"
)

// decodeWith runs the line reader and decode on one goroutine or several.
func decodeWith[T any](r io.Reader, opts []Option, decode func([]byte) (*T, error)) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		cfg, err := newConfig(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		lr := newLineReader(r, cfg.maxLine)
		if cfg.workers <= 1 {
			decodeSerial(lr, decode, yield)
			return
		}
		decodeParallel(lr, cfg.workers, decode, yield)
	}
}

func decodeSerial[T any](lr *lineReader, decode func([]byte) (*T, error), yield func(*T, error) bool) {
	for {
		line, n, err := lr.next()
		switch {
		case err == io.EOF:
			return
		case err != nil:
			_, isLine := err.(*LineError)
			if !yield(nil, err) || !isLine {
				return
			}
		default:
			v, err := decode(line)
			if err != nil {
				if !yield(nil, newLineError(n, line, err)) {
					return
				}
				continue
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}

// A batch handed to a worker holds up to batchBytes of line data or
// batchLines lines: big enough to make the hand-off cheap, small enough to
// keep memory flat and a stopped loop quick to wind down.
const (
	batchBytes = 256 << 10
	batchLines = 256
)

// batch is a run of consecutive lines, copied out of the reader's buffer,
// decoded by one worker.
type batch[T any] struct {
	arena []byte
	ends  []int   // end offset of each line in arena
	nums  []int   // line numbers
	vals  []*T    // results, filled by the worker
	errs  []error // per line: a LineError from the reader, or from decoding
	final error   // a read error after the last line of the batch
	done  chan struct{}

	// A panic while decoding line panicAt (an UnmarshalJSON method of T
	// may panic) is kept here and raised again on the caller's goroutine
	// when that line's turn comes, as it would be without workers,
	// instead of crashing the program from a goroutine nobody can recover.
	panicked bool
	panicAt  int
	panicVal any
}

func (b *batch[T]) reset() {
	if cap(b.arena) > 4*batchBytes {
		b.arena = nil // don't keep the room a huge line needed
	}
	b.arena, b.ends, b.nums = b.arena[:0], b.ends[:0], b.nums[:0]
	clear(b.vals)
	clear(b.errs)
	b.vals, b.errs, b.final = b.vals[:0], b.errs[:0], nil
	b.panicked, b.panicAt, b.panicVal = false, 0, nil
	b.done = make(chan struct{})
}

func (b *batch[T]) line(i int) []byte {
	start := 0
	if i > 0 {
		start = b.ends[i-1]
	}
	return b.arena[start:b.ends[i]]
}

// fillBatch reads lines into b until it holds batchBytes or the input ends.
// It reports whether the input is exhausted (or failed).
func fillBatch[T any](lr *lineReader, b *batch[T]) (eof bool) {
	for len(b.arena) < batchBytes && len(b.ends) < batchLines {
		line, n, err := lr.next()
		if le, ok := err.(*LineError); ok {
			b.add(le.Line, nil, le)
			continue
		}
		if err != nil {
			if err != io.EOF {
				b.final = err
			}
			return true
		}
		b.add(n, line, nil)
	}
	return false
}

// add appends line number n with its bytes, or with the reader's LineError
// for a line that is too long.
func (b *batch[T]) add(n int, line []byte, err error) {
	b.arena = append(b.arena, line...)
	b.ends = append(b.ends, len(b.arena))
	b.nums = append(b.nums, n)
	b.errs = append(b.errs, err)
	b.vals = append(b.vals, nil)
}

// decode decodes the batch's lines and closes done.
func (b *batch[T]) decode(decode func([]byte) (*T, error), stopped *atomic.Bool) {
	i := 0
	defer func() {
		if r := recover(); r != nil {
			b.panicked, b.panicAt, b.panicVal = true, i, r
		}
		close(b.done)
	}()
	for ; i < len(b.ends); i++ {
		if b.errs[i] != nil {
			continue
		}
		if stopped.Load() {
			return
		}
		line := b.line(i)
		v, err := decode(line)
		if err != nil {
			b.errs[i] = newLineError(b.nums[i], line, err)
			continue
		}
		b.vals[i] = v
	}
}

// decodeParallel reads on the caller's goroutine and decodes batches on
// workers-1 goroutines plus the caller's, which helps while the batch it
// must yield next is not ready. Batches are queued in file order; the caller
// waits for the oldest one, yields it and reads another, so at most window
// batches are in memory. Reading stays on the caller's goroutine so that a
// stopped loop never leaves a goroutine blocked in Read.
func decodeParallel[T any](lr *lineReader, workers int, decode func([]byte) (*T, error), yield func(*T, error) bool) {
	window := 2*workers + 1
	work := make(chan *batch[T], window)
	var stopped atomic.Bool
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(func() {
			for b := range work {
				b.decode(decode, &stopped)
			}
		})
	}
	defer func() {
		stopped.Store(true)
		close(work)
		wg.Wait()
	}()

	queue := make([]*batch[T], 0, window)
	var free []*batch[T]
	eof := false
	for {
		for !eof && len(queue) < window {
			var b *batch[T]
			if n := len(free); n > 0 {
				b, free = free[n-1], free[:n-1]
			} else {
				b = new(batch[T])
			}
			b.reset()
			eof = fillBatch(lr, b)
			queue = append(queue, b)
			work <- b
		}
		if len(queue) == 0 {
			return
		}
		b := queue[0]
		queue = queue[1:]
	wait:
		for {
			select {
			case <-b.done:
				break wait
			case other := <-work:
				other.decode(decode, &stopped)
			}
		}
		for i := range b.ends {
			if b.panicked && i == b.panicAt {
				panic(b.panicVal)
			}
			if !yield(b.vals[i], b.errs[i]) {
				return
			}
		}
		if b.final != nil {
			yield(nil, b.final)
			return
		}
		free = append(free, b)
	}
}
