package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	out := filepath.Join(t.TempDir(), "test_report.json")
	var stdout, stderr bytes.Buffer
	code := run([]string{"-o", out, "-v", "testdata/suite"}, &stdout, &stderr)
	if code != 1 {
		t.Errorf("exit %d, want 1 (one test fails); stderr %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "3 of 4 tests passed") || !strings.Contains(stdout.String(), "FAIL mini.json: wrong expectation: rows differ") {
		t.Errorf("output:\n%s", stdout.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// The shape of test_report/test-report.schema.json.
	var rep map[string]struct {
		Tests []struct {
			Name   string `json:"name"`
			Result struct {
				Passed bool   `json:"passed"`
				Error  string `json:"error"`
			} `json:"result"`
		} `json:"tests"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	tests := rep["mini.json"].Tests
	if len(rep) != 1 || len(tests) != 4 || tests[0].Name != "rows" || !tests[0].Result.Passed || tests[3].Result.Passed || tests[3].Result.Error == "" {
		t.Errorf("report: %s", data)
	}

	stdout.Reset()
	if code := run([]string{"-o", out, "-tag", "shareable", "testdata/suite"}, &stdout, &stderr); code != 0 {
		t.Errorf("-tag shareable: exit %d, output %s", code, stdout.String())
	}
	if code := run([]string{"testdata/none"}, &stdout, &stderr); code != 1 {
		t.Errorf("missing directory: exit %d", code)
	}
	if code := run(nil, &stdout, &stderr); code != 2 {
		t.Errorf("no argument: exit %d", code)
	}
}
