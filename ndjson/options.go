package ndjson

import (
	"fmt"
	"runtime"
)

// defaultMaxLineSize is the default limit on the length of one line: far
// above any resource BCDA serves (the largest seen are under 100 KB) and low
// enough that a corrupt file cannot exhaust memory.
const defaultMaxLineSize = 256 << 20

// An Option configures [Lines] and [Decode]. An invalid option, nil
// included, does not panic: the iterator yields a single (nil, error)
// describing it, which is not a [*LineError], and stops.
type Option func(*config) error

type config struct {
	maxLine int
	workers int
}

func newConfig(opts []Option) (config, error) {
	c := config{maxLine: defaultMaxLineSize, workers: runtime.GOMAXPROCS(0)}
	for i, o := range opts {
		if o == nil {
			return c, fmt.Errorf("ndjson: option %d is nil", i+1)
		}
		if err := o(&c); err != nil {
			return c, err
		}
	}
	return c, nil
}

// MaxLineSize sets the longest line accepted, in bytes, not counting the line
// terminator (default 256 MiB). A longer line is reported as a
// [*LineError] wrapping [ErrLineTooLong] and skipped without being held in
// memory. n must be positive.
func MaxLineSize(n int) Option {
	return func(c *config) error {
		if n <= 0 {
			return fmt.Errorf("ndjson: MaxLineSize(%d): the size must be positive", n)
		}
		c.maxLine = n
		return nil
	}
}

// Workers sets how many goroutines decode lines (default GOMAXPROCS):
// n-1 background goroutines plus the caller's own, which reads the input and
// decodes too while the next record in file order is not ready. Records are
// always yielded in file order. With 1, everything happens on the caller's
// goroutine and no goroutine is started. n must be at least 1. Lines ignores
// it.
func Workers(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("ndjson: Workers(%d): at least one worker is needed", n)
		}
		c.workers = n
		return nil
	}
}
