// Package samples gives tests the real BCDA sample lines that sit beside the
// repository in ../shared/samples. They are not part of the repository, so
// every accessor skips the calling test, with a message, when they are absent.
package samples

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns ../shared/samples relative to the module root, skipping the
// test when that folder does not exist.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("module root not found")
		}
		dir = parent
	}
	s := filepath.Join(dir, "..", "shared", "samples")
	if _, err := os.Stat(s); err != nil {
		tb.Skipf("real BCDA samples absent (%s is not part of the repository)", s)
	}
	return s
}

// Lines returns the non-empty lines of the sample file name, skipping the
// test when it is absent.
func Lines(tb testing.TB, name string) [][]byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(tb), name))
	if os.IsNotExist(err) {
		tb.Skipf("sample %s absent (../shared/samples is not part of the repository)", name)
	}
	if err != nil {
		tb.Fatal(err)
	}
	var out [][]byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
	}
	return out
}
