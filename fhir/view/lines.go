package view

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// ErrLineTooLong is the Err of a [LineError] for a line longer than
// [MaxLineSize]; the line is skipped without being held in memory.
var ErrLineTooLong = errors.New("line exceeds the maximum line size")

// lineReader splits NDJSON into lines and numbers them: "\n" or "\r\n"
// endings, a missing final newline, a UTF-8 byte order mark at the start;
// blank lines are skipped but counted. Input that starts with the gzip magic
// bytes is decompressed on the fly, as ndjson.Lines does, so a saved
// .ndjson.gz file reads like the plain one.
type lineReader struct {
	br   *bufio.Reader
	max  int
	n    int    // number of the last line returned
	long []byte // accumulates a line longer than the bufio buffer
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// start switches to gzip decompression when the input begins with its
// magic bytes (RFC 1952 section 2.3.1: 0x1f 0x8b).
func (lr *lineReader) start() error {
	magic, _ := lr.br.Peek(2)
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return nil
	}
	zr, err := gzip.NewReader(lr.br)
	if err != nil {
		return fmt.Errorf("view: reading gzip input: %w", err)
	}
	lr.br = bufio.NewReaderSize(zr, 64<<10)
	return nil
}

// next returns the next non-blank line, valid until the following call,
// and its number. A line over the limit gives a *LineError; io.EOF ends.
func (lr *lineReader) next() ([]byte, int, error) {
	for {
		line, err := lr.br.ReadSlice('\n')
		tooLong := false
		if errors.Is(err, bufio.ErrBufferFull) {
			lr.long = append(lr.long[:0], line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = lr.br.ReadSlice('\n')
				if !tooLong && len(lr.long)+len(line) > lr.max+2 {
					tooLong, lr.long = true, lr.long[:0]
				}
				if !tooLong {
					lr.long = append(lr.long, line...)
				}
			}
			line = lr.long
		}
		if err != nil && err != io.EOF {
			return nil, lr.n, fmt.Errorf("view: reading line %d: %w", lr.n+1, err)
		}
		if len(line) == 0 && err == io.EOF && !tooLong {
			return nil, lr.n, io.EOF
		}
		lr.n++
		if lr.n == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
		if tooLong || len(line) > lr.max {
			return nil, lr.n, &LineError{Line: lr.n, Err: ErrLineTooLong}
		}
		if len(bytes.TrimSpace(line)) == 0 {
			if err == io.EOF {
				return nil, lr.n, io.EOF
			}
			continue
		}
		return line, lr.n, nil
	}
}
