package ndjson_test

import (
	"testing"

	"github.com/bcda-go/bcda/internal/samples"
)

// sampleLines returns the non-empty lines of a real BCDA sample, or skips.
func sampleLines(t testing.TB, name string) [][]byte { t.Helper(); return samples.Lines(t, name) }

// samplesDir is the real BCDA samples folder, or skips.
func samplesDir(t testing.TB) string { t.Helper(); return samples.Dir(t) }
