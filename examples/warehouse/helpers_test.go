package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixtures are the hand-written v3 lines the built-in views are tested on
// (fhir/view/bcda/testdata): two beneficiaries, two Coverages, a carrier
// claim, an inpatient claim in two versions (the first cancelled) and a
// Part D event.
func fixtures(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, typ := range []string{"Patient", "Coverage", "ExplanationOfBenefit"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "fhir", "view", "bcda", "testdata", "v3_"+typ+".ndjson"))
		if err != nil {
			t.Fatal(err)
		}
		out[typ] = string(data)
	}
	return out
}

// writeJob saves files the way bcda-export lays them out: a job directory
// named <transactionTime>-job<ID> under out, and the state file that
// records the API version.
func writeJob(t *testing.T, out, ts string, id int, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(out, fmt.Sprintf("%s-job%d", ts, id))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for typ, content := range files {
		if err := os.WriteFile(filepath.Join(dir, typ+"-0.ndjson"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(out, stateFile), []byte(`{"api_version":"v3"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// runWarehouse runs the command with args and no environment; it fails the
// test unless the exit status is want.
func runWarehouse(t *testing.T, want int, env map[string]string, args ...string) (stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code := run(context.Background(), append([]string{"-no-progress"}, args...), func(k string) string { return env[k] }, &o, &e)
	if code != want {
		t.Fatalf("warehouse %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, o.String(), e.String())
	}
	return o.String(), e.String()
}

// query returns the rows of a query as text lines, values separated by
// " | ", NULL as ∅.
func query(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			if v == nil {
				parts[i] = "∅"
			} else {
				parts[i] = fmt.Sprint(v)
			}
		}
		out = append(out, strings.Join(parts, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func equalLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant:\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
