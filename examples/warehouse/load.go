package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/fhir/view"
	"github.com/bcda-go/bcda/ndjson"
)

// input is one NDJSON stream of an export.
type input struct {
	name string
	open func(ctx context.Context) (io.ReadCloser, error)
}

// loader runs the views over an export's resources and stages their rows.
type loader struct {
	byType  map[string][]*table // the tables each resource type fills
	workers int
	prog    *progress
	st      stats

	// failAfter, when positive, makes the load fail once that many
	// resources have been staged: the tests' way to interrupt a load
	// mid-way and check that the previous state survives.
	failAfter int64
}

// stats counts what a load did.
type stats struct {
	resources map[string]int64 // staged resources by type
	rows      map[string]int64 // staged rows by table
	bad       int64            // lines skipped: not JSON, not a resource, or a view failed on them
	other     int64            // resources no view reads (OperationOutcome…)
	badShown  []string         // the first few bad lines, described
	evalTime  time.Duration    // time spent decoding and running the views, summed over workers
}

const maxBadShown = 10

var errInjected = errors.New("injected failure (test)")

func newLoader(tables []*table, workers int, prog *progress) *loader {
	l := &loader{byType: map[string][]*table{}, workers: workers, prog: prog}
	for _, t := range tables {
		l.byType[t.resource] = append(l.byType[t.resource], t)
	}
	if l.workers < 1 {
		l.workers = runtime.GOMAXPROCS(0)
	}
	l.st.resources = map[string]int64{}
	l.st.rows = map[string]int64{}
	return l
}

// evaluated is what the views made of one line.
type evaluated struct {
	line int
	typ  string
	key  string
	rows map[*table][][]any
	err  error // the line is bad: skip it whole
	skip bool  // a resource no view reads
}

// batch is a run of consecutive lines handed to a worker, so that channel
// traffic stays small next to the work.
type batch struct {
	lines [][]byte
	first int // line number of lines[0]
	out   []evaluated
	spent time.Duration // the worker's time on it
	done  chan struct{}
}

const batchLines = 128

// load reads every input and stages its rows in tx. Lines are evaluated on
// several goroutines; rows are staged on this one, a resource at a time,
// so a resource's rows all go in or none do.
func (l *loader) load(ctx context.Context, tx *loadTx, files []input) error {
	for i, f := range files {
		l.prog.file(i+1, len(files), f.name)
		rc, err := f.open(ctx)
		if err != nil {
			return fmt.Errorf("opening %s: %w", f.name, err)
		}
		err = l.loadStream(ctx, tx, f.name, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func (l *loader) loadStream(ctx context.Context, tx *loadTx, name string, r io.Reader) error {
	// Cancelling on return stops the reader; the workers end once it closes
	// the work channel. Nothing here waits for a Read that may block: the
	// caller closes r right after, which ends it.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan *batch, l.workers)
	ordered := make(chan *batch, 2*l.workers)
	for range l.workers {
		go func() {
			for b := range work {
				start := time.Now()
				b.out = make([]evaluated, len(b.lines))
				for i, line := range b.lines {
					b.out[i] = l.eval(line, b.first+i)
				}
				b.spent = time.Since(start)
				close(b.done)
			}
		}()
	}
	// The reader cuts the stream into batches; batches reach the stager in
	// file order, so bad-line reports come out in order. Memory stays flat:
	// at most 3×workers batches are in flight.
	readErr := make(chan error, 1)
	go func() {
		defer close(ordered)
		defer close(work)
		b := &batch{done: make(chan struct{})}
		n := 0
		send := func() bool {
			select {
			case work <- b:
			case <-ctx.Done():
				return false
			}
			select {
			case ordered <- b:
			case <-ctx.Done():
				return false
			}
			return true
		}
		for line, err := range ndjson.Lines(r) {
			n++
			if err != nil {
				var le *ndjson.LineError
				if !errors.As(err, &le) {
					readErr <- fmt.Errorf("reading %s: %w", name, err)
					return
				}
				// Too long to hold: an empty placeholder that eval reports.
				line = nil
				n = le.Line
			}
			if len(b.lines) == 0 {
				b.first = n
			}
			b.lines = append(b.lines, bytes.Clone(line))
			if len(b.lines) == batchLines {
				if !send() {
					return
				}
				b = &batch{done: make(chan struct{})}
			}
		}
		if len(b.lines) > 0 && !send() {
			return
		}
		readErr <- nil
	}()
	for b := range ordered {
		select {
		case <-b.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		l.st.evalTime += b.spent
		for _, e := range b.out {
			if err := l.stage(ctx, tx, name, e); err != nil {
				return err
			}
		}
		l.prog.update(&l.st)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case err := <-readErr:
		return err
	default:
		return ctx.Err()
	}
}

// eval decodes one line and runs every view of its resource type over it.
// Any failure makes the whole line bad: none of its rows are kept.
func (l *loader) eval(line []byte, n int) evaluated {
	e := evaluated{line: n}
	if line == nil {
		e.err = errors.New("longer than the longest line accepted")
		return e
	}
	res, err := view.Decode(line)
	if err != nil {
		e.err = err
		return e
	}
	e.typ = res.Type()
	tables := l.byType[e.typ]
	if tables == nil {
		e.skip = true
		return e
	}
	// The key ties the resource to its rows, even when a where leaves it
	// none (a claim now cancelled), so its old rows are still replaced.
	_, id, err := fhir.Peek(line)
	if err != nil || id == "" {
		e.err = fmt.Errorf("the %s has no id", e.typ)
		return e
	}
	e.key = id
	e.rows = make(map[*table][][]any, len(tables))
	for _, t := range tables {
		rows, err := t.view.EvalResource(res)
		if err != nil {
			e.err = fmt.Errorf("view %s: %w", t.name, err)
			return e
		}
		out := make([][]any, 0, len(rows))
		for _, r := range rows {
			tr, err := t.textRow(r)
			if err != nil {
				e.err = err
				return e
			}
			// The rows are replaced by resource id: a key column that
			// says otherwise would leave stale rows behind.
			if tr[t.key] != id {
				e.err = fmt.Errorf("view %s: key column %s differs from the resource id", t.name, t.cols[t.key].Name)
				return e
			}
			out = append(out, tr)
		}
		e.rows[t] = out
	}
	return e
}

func (l *loader) stage(ctx context.Context, tx *loadTx, file string, e evaluated) error {
	switch {
	case e.err != nil:
		l.st.bad++
		if len(l.st.badShown) < maxBadShown {
			l.st.badShown = append(l.st.badShown, fmt.Sprintf("%s line %d: %v", file, e.line, e.err))
		}
		return nil
	case e.skip:
		l.st.other++
		return nil
	}
	if l.failAfter > 0 && l.st.total() >= l.failAfter {
		return errInjected
	}
	if err := tx.add(ctx, e.typ, e.key, e.rows); err != nil {
		return err
	}
	l.st.resources[e.typ]++
	for t, rs := range e.rows {
		l.st.rows[t.name] += int64(len(rs))
	}
	return nil
}

func (s *stats) total() int64 {
	var n int64
	for _, c := range s.resources {
		n += c
	}
	return n
}

func (s *stats) totalRows() int64 {
	var n int64
	for _, c := range s.rows {
		n += c
	}
	return n
}
