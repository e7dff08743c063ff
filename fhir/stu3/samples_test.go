package stu3_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// sampleLines returns the non-empty lines of ../shared/samples/<name>
// (relative to the module root), skipping the test when the folder is absent.
func sampleLines(t testing.TB, name string) [][]byte {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("module root not found")
		}
		dir = parent
	}
	data, err := os.ReadFile(filepath.Join(dir, "..", "shared", "samples", name))
	if os.IsNotExist(err) {
		t.Skipf("sample %s absent (../shared/samples is not part of the repository)", name)
	}
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, l := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
	}
	return out
}
