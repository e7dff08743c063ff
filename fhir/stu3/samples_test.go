package stu3_test

import (
	"testing"

	"github.com/bcda-go/bcda/internal/samples"
)

// sampleLines returns the non-empty lines of a real BCDA sample, or skips.
func sampleLines(t testing.TB, name string) [][]byte { t.Helper(); return samples.Lines(t, name) }
