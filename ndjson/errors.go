package ndjson

import (
	"errors"
	"fmt"
)

// ErrLineTooLong is the Err of a [LineError] for a line longer than the
// [MaxLineSize] limit. The line is skipped and reading goes on.
var ErrLineTooLong = errors.New("ndjson: line exceeds the maximum line size")

// ErrResourceType is wrapped by the Err of a [LineError] for a line whose
// resourceType is not the one [Decode] was asked for (or that has none).
var ErrResourceType = errors.New("ndjson: unexpected resourceType")

// maxRaw bounds the copy of a bad line kept in a LineError.
const maxRaw = 1 << 10

// LineError reports one bad line: too long, not valid JSON, rejected by the
// model (an unknown code), or of the wrong resourceType. Iteration goes on
// with the next line after it; the caller decides whether to stop.
type LineError struct {
	Line int    // 1-based physical line number (blank lines count)
	Err  error  // what was wrong
	Raw  []byte // a copy of the start of the line, at most 1 KiB
}

// Error names the line and the problem. It leaves out Raw: lines hold
// beneficiaries' data, which must not reach logs through an error message.
func (e *LineError) Error() string {
	return fmt.Sprintf("ndjson: line %d: %v", e.Line, e.Err)
}

// Unwrap returns the underlying error, for [errors.Is] and [errors.As].
func (e *LineError) Unwrap() error { return e.Err }

func newLineError(n int, line []byte, err error) *LineError {
	return &LineError{Line: n, Err: err, Raw: append([]byte(nil), line[:min(len(line), maxRaw)]...)}
}
