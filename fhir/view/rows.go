package view

import (
	"context"
	"errors"
	"io"
	"iter"

	"github.com/bcda-go/bcda/fhir/view/internal/jsontree"
)

// Rows streams NDJSON resources from r (plain or gzip-compressed) through
// the view and yields their rows in file order. Each line is decoded once. Resources of another
// resourceType than the view's are skipped silently, so one view can read a
// file that mixes types. A line that is not JSON, too long, not a resource,
// or that the view fails on yields (nil, *[LineError]) and iteration goes
// on: no row of that line is yielded, so a bad line is never half-loaded.
// A read error or ctx's cancellation yields (nil, err) and ends the
// iteration. Stopping the range loop stops the reading (with several
// workers, a Read already under way completes in the background); r is
// not closed.
func (v *View) Rows(ctx context.Context, r io.Reader, opts ...RunOption) iter.Seq2[Row, error] {
	return func(yield func(Row, error) bool) {
		cfg, err := newRunConfig(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		lr := newLineReader(r, cfg.maxLine)
		if err := lr.start(); err != nil {
			yield(nil, err)
			return
		}
		if cfg.workers == 1 {
			v.rowsSerial(ctx, lr, yield)
			return
		}
		v.rowsParallel(ctx, lr, cfg.workers, yield)
	}
}

// worker holds what one goroutine needs to evaluate lines.
type worker struct {
	tree jsontree.Tree
	ev   evaluator
}

// line evaluates one line and appends its rows to out; err is the line's
// error (to wrap in a LineError), out unchanged then.
func (w *worker) line(p *plan, resource string, line []byte, out []Row) ([]Row, error) {
	if err := w.tree.Parse(line); err != nil {
		return out, err
	}
	if w.tree.Kind(0) != jsontree.Object {
		return out, errors.New("not a JSON object")
	}
	rt := w.tree.Field(0, "resourceType")
	if rt == 0 || w.tree.Kind(rt) != jsontree.String {
		return out, errors.New("no resourceType")
	}
	if !w.tree.StrEqual(rt, resource) {
		return out, nil
	}
	n := len(out)
	out, err := w.ev.run(p, &w.tree, out)
	if err != nil {
		clear(out[n:])
		return out[:n], err
	}
	return out, nil
}

func (v *View) rowsSerial(ctx context.Context, lr *lineReader, yield func(Row, error) bool) {
	var w worker
	var rows []Row
	for {
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		line, n, err := lr.next()
		if err == io.EOF {
			return
		}
		if err != nil {
			var le *LineError
			if !yield(nil, err) || !errors.As(err, &le) {
				return
			}
			continue
		}
		rows, err = w.line(v.plan, v.resource, line, rows[:0])
		if err != nil {
			if !yield(nil, &LineError{Line: n, Err: err}) {
				return
			}
			continue
		}
		for _, r := range rows {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// batch is a run of consecutive lines evaluated by one worker.
type batch struct {
	buf   []byte
	ends  []int // end offset of each line in buf
	nums  []int // line numbers
	rows  []Row
	items []item // in line order: a line's rows or its error
	err   error  // a read error after the batch's lines; ends the stream
	done  chan struct{}
}

type item struct {
	rows int // rows of this line in batch.rows (when err is nil)
	err  error
}

const batchBytes = 1 << 20

func (v *View) rowsParallel(ctx context.Context, lr *lineReader, workers int, yield func(Row, error) bool) {
	stop := make(chan struct{})
	work := make(chan *batch, workers)
	order := make(chan *batch, 2*workers)
	// On return the reader stops at its next batch and the workers when
	// the reader closes work; neither is waited for, so that a Read that
	// blocks cannot hang the caller.
	defer close(stop)
	for range workers {
		go func() {
			var w worker
			for b := range work {
				v.evalBatch(&w, b)
				close(b.done)
			}
		}()
	}
	// Batches go back to free once yielded, so that their buffers are
	// reused: memory stays at about 3×workers batches whatever the input.
	free := make(chan *batch, 3*workers+1)
	go func() {
		defer close(order)
		defer close(work)
		for {
			var b *batch
			select {
			case b = <-free:
				b.reset()
			default:
				b = &batch{buf: make([]byte, 0, batchBytes+64<<10)}
			}
			b.done = make(chan struct{})
			eof := v.fillBatch(lr, b)
			select {
			case order <- b:
			case <-stop:
				return
			}
			select {
			case work <- b:
			case <-stop:
				return
			}
			if eof {
				return
			}
		}
	}()
	for b := range order {
		select {
		case <-b.done:
		case <-ctx.Done():
			yield(nil, ctx.Err())
			return
		}
		r := 0
		for _, it := range b.items {
			if err := ctx.Err(); err != nil {
				yield(nil, err)
				return
			}
			if it.err != nil {
				if !yield(nil, it.err) {
					return
				}
				continue
			}
			for _, row := range b.rows[r : r+it.rows] {
				if !yield(row, nil) {
					return
				}
			}
			r += it.rows
		}
		if b.err != nil {
			yield(nil, b.err)
			return
		}
		select {
		case free <- b:
		default:
		}
	}
}

func (b *batch) reset() {
	clear(b.rows) // the consumer has the rows; do not keep them alive
	b.buf, b.ends, b.nums, b.rows, b.items, b.err = b.buf[:0], b.ends[:0], b.nums[:0], b.rows[:0], b.items[:0], nil
}

// fillBatch reads lines into b until it holds batchBytes; eof is true at
// the end of input or on a read error (kept in b.err).
func (v *View) fillBatch(lr *lineReader, b *batch) (eof bool) {
	for len(b.buf) < batchBytes {
		line, n, err := lr.next()
		if err == io.EOF {
			return true
		}
		if err != nil {
			var le *LineError
			if !errors.As(err, &le) {
				b.err = err
				return true
			}
			b.buf = append(b.buf, 0) // a placeholder line, never evaluated
			line = nil
			b.items = append(b.items, item{err: le})
		} else {
			b.buf = append(b.buf, line...)
			b.items = append(b.items, item{})
		}
		b.ends = append(b.ends, len(b.buf))
		b.nums = append(b.nums, n)
	}
	return false
}

func (v *View) evalBatch(w *worker, b *batch) {
	start := 0
	for i, end := range b.ends {
		line := b.buf[start:end]
		start = end
		if b.items[i].err != nil {
			continue
		}
		n := len(b.rows)
		var err error
		if b.rows, err = w.line(v.plan, v.resource, line, b.rows); err != nil {
			b.items[i].err = &LineError{Line: b.nums[i], Err: err}
			continue
		}
		b.items[i].rows = len(b.rows) - n
	}
}
