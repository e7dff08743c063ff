package ndjson

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"iter"
)

// Lines iterates over the lines of NDJSON read from r, without the line
// terminator. It accepts "\n" and "\r\n" endings, a missing final newline and
// a UTF-8 byte order mark at the start; blank lines (empty or only
// whitespace) are skipped but still counted in line numbers. Input starting
// with the gzip magic bytes is decompressed on the fly (multi-member streams
// included), so a saved ".ndjson.gz" reads like the plain file.
//
// The yielded slice is only valid until the next iteration: Lines reuses its
// buffer. Copy it (bytes.Clone) to keep it.
//
// A line longer than [MaxLineSize] yields (nil, *[LineError]) and iteration
// goes on with the next line. A read or decompression error yields
// (nil, err), not a LineError, and ends the iteration. Stopping the range
// loop stops the reading; r is not closed.
func Lines(r io.Reader, opts ...Option) iter.Seq2[[]byte, error] {
	return func(yield func([]byte, error) bool) {
		cfg, err := newConfig(opts)
		if err != nil {
			yield(nil, err)
			return
		}
		lr := newLineReader(r, cfg.maxLine)
		for {
			line, _, err := lr.next()
			switch {
			case err == io.EOF:
				return
			case err != nil:
				var le *LineError
				if !yield(nil, err) || !errors.As(err, &le) {
					return
				}
			default:
				if !yield(line, nil) {
					return
				}
			}
		}
	}
}

const (
	initialBuffer = 256 << 10
	minRead       = 32 << 10
)

// lineReader splits a stream into lines with a buffer that grows to hold the
// longest line seen (up to the limit), unlike bufio.Scanner, which cannot go
// on after a line that is too long.
type lineReader struct {
	src     io.Reader
	buf     []byte
	r, w    int // unread bytes are buf[r:w]
	scanned int // bytes of buf[r:w] known to hold no '\n'
	err     error
	max     int
	n       int // physical lines consumed
	started bool
}

func newLineReader(src io.Reader, max int) *lineReader {
	return &lineReader{src: src, max: max}
}

// next returns the next non-blank line and its 1-based number. At the end it
// returns io.EOF; a *LineError for a line that is too long; any other error
// is final.
func (lr *lineReader) next() ([]byte, int, error) {
	for {
		if !lr.started {
			if err := lr.start(); err != nil {
				return nil, 0, err
			}
		}
		if i := bytes.IndexByte(lr.buf[lr.r+lr.scanned:lr.w], '\n'); i >= 0 {
			end := lr.r + lr.scanned + i
			line := lr.buf[lr.r:end]
			lr.r, lr.scanned = end+1, 0
			if line, ok, err := lr.take(line); ok {
				return line, lr.n, err
			}
			continue
		}
		lr.scanned = lr.w - lr.r
		if lr.err != nil {
			// After a read error the pending bytes are a fragment, not a
			// line: drop them.
			if lr.r == lr.w || lr.err != io.EOF {
				return nil, lr.n, lr.finalErr()
			}
			// The last line has no terminator.
			line := lr.buf[lr.r:lr.w]
			lr.r, lr.scanned = lr.w, 0
			if line, ok, err := lr.take(line); ok {
				return line, lr.n, err
			}
			continue
		}
		// Longer than max even before a "\r\n" (and a byte order mark
		// on the first line)?
		limit := lr.max + 1
		if lr.n == 0 {
			limit += 3
		}
		if lr.scanned > limit {
			err := lr.skipLong()
			return nil, lr.n, err
		}
		lr.fill()
	}
}

// take counts a physical line and returns what next reports for it: the
// cleaned line, or a LineError when it is too long; ok is false for a blank
// line, which is skipped.
func (lr *lineReader) take(line []byte) (_ []byte, ok bool, err error) {
	lr.n++
	line, blank := lr.clean(line)
	switch {
	case len(line) > lr.max:
		return nil, true, newLineError(lr.n, line, ErrLineTooLong)
	case blank:
		return nil, false, nil
	}
	return line, true, nil
}

func (lr *lineReader) finalErr() error {
	if lr.err == io.EOF {
		return io.EOF
	}
	return fmt.Errorf("ndjson: reading after line %d: %w", lr.n, lr.err)
}

// clean strips a trailing '\r' (and a byte order mark from the first line)
// and reports whether the line is blank: nothing but spaces and tabs. A line
// too long is an error even when blank.
func (lr *lineReader) clean(line []byte) (_ []byte, blank bool) {
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if lr.n == 1 {
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return line, false
		}
	}
	return line, true
}

// fill reads more input, first moving the pending bytes to the front of the
// buffer and growing it when it is full.
func (lr *lineReader) fill() {
	if lr.r > 0 {
		n := copy(lr.buf, lr.buf[lr.r:lr.w])
		lr.r, lr.w = 0, n
	}
	if len(lr.buf)-lr.w < minRead {
		size := max(2*len(lr.buf), initialBuffer)
		size = min(size, lr.maxBuffer())
		if size > len(lr.buf) {
			nb := make([]byte, size)
			copy(nb, lr.buf[:lr.w])
			lr.buf = nb
		}
	}
	lr.read()
}

// maxBuffer is the most buffer a line of the maximum length needs: the line,
// its "\r\n", and room to read.
func (lr *lineReader) maxBuffer() int { return lr.max + 2 + minRead }

func (lr *lineReader) read() {
	for range 100 {
		n, err := lr.src.Read(lr.buf[lr.w:])
		lr.w += n
		if err != nil {
			lr.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	lr.err = io.ErrNoProgress
}

// start reads the first bytes and switches to a gzip reader when they are
// the gzip magic number.
func (lr *lineReader) start() error {
	lr.started = true
	lr.buf = make([]byte, min(initialBuffer, lr.maxBuffer()))
	for lr.w < 2 && lr.err == nil {
		lr.read()
	}
	if lr.w >= 2 && lr.buf[0] == 0x1f && lr.buf[1] == 0x8b {
		head := bytes.Clone(lr.buf[:lr.w])
		zr, err := gzip.NewReader(io.MultiReader(bytes.NewReader(head), errOnly{lr.err, lr.src}))
		if err != nil {
			return fmt.Errorf("ndjson: reading gzip input: %w", err)
		}
		lr.src, lr.r, lr.w, lr.err = zr, 0, 0, nil
		lr.read()
	}
	return nil
}

// errOnly continues a stream after its first bytes: it returns err (if the
// first read ended with one) instead of reading again.
type errOnly struct {
	err error
	r   io.Reader
}

func (e errOnly) Read(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	return e.r.Read(p)
}

// skipLong discards the rest of a line that is too long, keeping its start
// for the error.
func (lr *lineReader) skipLong() error {
	lr.n++
	le := newLineError(lr.n, lr.buf[lr.r:lr.w], ErrLineTooLong)
	lr.r, lr.w, lr.scanned = 0, 0, 0
	for {
		if lr.err != nil {
			return le
		}
		lr.read()
		if i := bytes.IndexByte(lr.buf[:lr.w], '\n'); i >= 0 {
			lr.r = i + 1
			return le
		}
		lr.w = 0
	}
}
