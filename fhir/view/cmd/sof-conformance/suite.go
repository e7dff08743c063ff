package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/bcda-go/bcda/fhir/view"
)

// suite is one test file: resources and the tests run over them.
type suite struct {
	Title     string            `json:"title"`
	Resources []json.RawMessage `json:"resources"`
	Tests     []testCase        `json:"tests"`
}

type testCase struct {
	Title         string            `json:"title"`
	Tags          []string          `json:"tags"`
	View          json.RawMessage   `json:"view"`
	Expect        []json.RawMessage `json:"expect"`
	ExpectCount   *int              `json:"expectCount"`
	ExpectError   bool              `json:"expectError"`
	ExpectColumns []string          `json:"expectColumns"`
}

// report is test_report.json: file name → its tests' results.
type report map[string]*fileReport

type fileReport struct {
	Tests []testResult `json:"tests"`
	tags  [][]string
}

type testResult struct {
	Name   string `json:"name"`
	Result result `json:"result"`
}

type result struct {
	Passed bool   `json:"passed"`
	Error  string `json:"error,omitempty"`
}

func runDir(dir string) (report, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no *.json test files in %s", dir)
	}
	rep := report{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var s suite
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		fr := &fileReport{}
		for _, tc := range s.Tests {
			fr.Tests = append(fr.Tests, testResult{Name: tc.Title, Result: runTest(s.Resources, tc)})
			fr.tags = append(fr.tags, tc.Tags)
		}
		rep[filepath.Base(f)] = fr
	}
	return rep, nil
}

func runTest(resources []json.RawMessage, tc testCase) result {
	cols, rows, err := evaluate(tc.View, resources)
	if tc.ExpectError {
		if err == nil {
			return result{Error: fmt.Sprintf("expected an error, got %d rows", len(rows))}
		}
		return result{Passed: true}
	}
	if err != nil {
		return result{Error: err.Error()}
	}
	if tc.ExpectColumns != nil && !slices.Equal(cols, tc.ExpectColumns) {
		return result{Error: fmt.Sprintf("columns %v, want %v", cols, tc.ExpectColumns)}
	}
	if tc.ExpectCount != nil && len(rows) != *tc.ExpectCount {
		return result{Error: fmt.Sprintf("%d rows, want %d", len(rows), *tc.ExpectCount)}
	}
	if tc.Expect != nil {
		got := make([]string, len(rows))
		for i, r := range rows {
			m := map[string]any{}
			for j, c := range cols {
				m[c] = r[j]
			}
			got[i] = canonical(m)
		}
		want := make([]string, len(tc.Expect))
		for i, e := range tc.Expect {
			var m any
			if err := json.Unmarshal(e, &m); err != nil {
				return result{Error: "bad expect row: " + err.Error()}
			}
			want[i] = canonical(m)
		}
		// Row order is not specified (unionAll, for one, guarantees none),
		// so rows compare as multisets, as the reference runner does.
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			return result{Error: fmt.Sprintf("rows differ:\n got  %s\n want %s", strings.Join(got, " "), strings.Join(want, " "))}
		}
	}
	return result{Passed: true}
}

// evaluate runs one view over the suite's resources, as a runner would over
// a table of them: resources of other types are not the view's input.
func evaluate(viewJSON json.RawMessage, resources []json.RawMessage) ([]string, []view.Row, error) {
	d, err := view.Parse(viewJSON)
	if err != nil {
		return nil, nil, err
	}
	v, err := view.Compile(d)
	if err != nil {
		return nil, nil, err
	}
	var cols []string
	for _, c := range v.Columns() {
		cols = append(cols, c.Name)
	}
	var rows []view.Row
	for _, raw := range resources {
		r, err := view.Decode(raw)
		if err != nil {
			return nil, nil, err
		}
		if r.Type() != v.Resource() {
			continue
		}
		rs, err := v.EvalResource(r)
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, rs...)
	}
	return cols, rows, nil
}

// canonical writes a row as JSON with sorted keys and numbers normalized
// (1.0 and 1 compare equal, as JSON numbers do).
func canonical(v any) string {
	b, _ := json.Marshal(v)
	var norm any
	_ = json.Unmarshal(b, &norm)
	out, _ := json.Marshal(norm)
	return string(out)
}

func (r report) write(path string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
