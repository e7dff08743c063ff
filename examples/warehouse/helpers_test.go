package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
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

// writeJob saves files the way export.Download lays them out (the layout
// bcda-export uses): a folder <transactionTime>-job<ID> under out holding
// <Type>-001.ndjson files and the manifest.json that export.OpenSaved
// reads. since, when set, is the export's _since: the folder then holds
// only what changed.
func writeJob(t *testing.T, out, ts string, id int, files map[string]string, since string) string {
	t.Helper()
	dir := filepath.Join(out, fmt.Sprintf("%s-job%d", ts, id))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tt, err := time.Parse("20060102T150405Z", ts)
	if err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Type   string `json:"type"`
		URL    string `json:"url"`
		File   string `json:"file"`
		Lines  int    `json:"lines"`
		Bytes  int    `json:"bytes"`
		SHA256 string `json:"sha256"`
	}
	m := map[string]any{
		"format":              "bcda-go/saved-export/1",
		"transactionTime":     tt,
		"request":             "https://sandbox.bcda.cms.gov/api/v3/Group/all/$export",
		"requiresAccessToken": true,
		"job":                 fmt.Sprintf("https://sandbox.bcda.cms.gov/api/v3/jobs/%d", id),
		"error":               []entry{},
		"summary":             []any{},
	}
	if since != "" {
		m["requestParameters"] = map[string][]string{"_since": {since}}
	}
	var output []entry
	for _, typ := range slices.Sorted(maps.Keys(files)) {
		content := files[typ]
		name := typ + "-001.ndjson"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(content))
		output = append(output, entry{Type: typ, URL: "https://sandbox.bcda.cms.gov/data/" + name, File: name,
			Lines: strings.Count(content, "\n"), Bytes: len(content), SHA256: hex.EncodeToString(sum[:])})
	}
	m["output"] = output
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), data, 0o644); err != nil {
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
