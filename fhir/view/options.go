package view

import (
	"errors"
	"fmt"
	"runtime"
)

// A CompileOption configures [Compile]. A nil option is an error.
type CompileOption func(*compileConfig) error

type compileConfig struct {
	shareable bool
}

// Shareable makes Compile also enforce the Shareable View Definition
// profile (FHIR/sql-on-fhir-v2 input/fsh/profiles/view-definition-profiles.fsh):
// the view must have a url, a name, at least one fhirVersion, and a type
// on every column.
func Shareable() CompileOption {
	return func(c *compileConfig) error {
		c.shareable = true
		return nil
	}
}

// A RunOption configures [View.Rows]. A nil or invalid option makes Rows
// yield one (nil, error), not a [*LineError], and stop.
type RunOption func(*runConfig) error

type runConfig struct {
	workers int
	maxLine int
}

// DefaultMaxLineSize is the default limit on one NDJSON line: far above any
// resource BCDA serves (the largest seen are under 100 KB) and low enough
// that a corrupt file cannot exhaust memory.
const DefaultMaxLineSize = 256 << 20

// Workers sets how many goroutines evaluate lines (default GOMAXPROCS).
// Rows are always yielded in file order. With 1 everything happens on the
// caller's goroutine. n must be at least 1.
func Workers(n int) RunOption {
	return func(c *runConfig) error {
		if n < 1 {
			return fmt.Errorf("view: Workers(%d): at least one worker is needed", n)
		}
		c.workers = n
		return nil
	}
}

// MaxLineSize sets the longest line accepted, in bytes (default
// [DefaultMaxLineSize]). A longer line is a [*LineError] and is skipped
// without being held in memory. n must be positive.
func MaxLineSize(n int) RunOption {
	return func(c *runConfig) error {
		if n <= 0 {
			return fmt.Errorf("view: MaxLineSize(%d): the size must be positive", n)
		}
		c.maxLine = n
		return nil
	}
}

var errNilOption = errors.New("view: nil option")

func newRunConfig(opts []RunOption) (runConfig, error) {
	c := runConfig{workers: runtime.GOMAXPROCS(0), maxLine: DefaultMaxLineSize}
	for _, o := range opts {
		if o == nil {
			return c, errNilOption
		}
		if err := o(&c); err != nil {
			return c, err
		}
	}
	return c, nil
}
