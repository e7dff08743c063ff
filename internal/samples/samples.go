// Package samples gives tests the real BCDA sample lines that sit beside the
// repository in ../shared/samples. They are not part of the repository, so
// every accessor skips the calling test, with a message, when they are absent,
// unless the environment sets BCDA_REQUIRE_SAMPLES (CI does, in .ci/run):
// then an absent folder or file fails the test instead.
package samples

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// RequireEnv names the environment variable that turns a missing samples
// folder into a test failure.
const RequireEnv = "BCDA_REQUIRE_SAMPLES"

// absent skips the test, or fails it when RequireEnv is set.
func absent(tb testing.TB, format string, args ...any) {
	tb.Helper()
	if os.Getenv(RequireEnv) != "" {
		tb.Fatalf(format+" and "+RequireEnv+" is set", args...)
	}
	tb.Skipf(format, args...)
}

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
			absent(tb, "module root not found")
		}
		dir = parent
	}
	s := filepath.Join(dir, "..", "shared", "samples")
	if _, err := os.Stat(s); err != nil {
		absent(tb, "real BCDA samples absent (%s is not part of the repository)", s)
	}
	return s
}

// Lines returns the non-empty lines of the sample file name, skipping the
// test when it is absent.
func Lines(tb testing.TB, name string) [][]byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(tb), name))
	if os.IsNotExist(err) {
		absent(tb, "sample %s absent (../shared/samples is not part of the repository)", name)
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
