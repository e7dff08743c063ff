package main

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

func openDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// A complete load from a saved export: one table per view, typed columns,
// only current claim versions, the load recorded.
func TestLoadSavedExportIntoDuckDB(t *testing.T) {
	out := t.TempDir()
	writeJob(t, out, "20260102T030405Z", 1, fixtures(t), "")
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	stdout, _ := runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath)
	if !strings.Contains(stdout, "claim_lines") || !strings.Contains(stdout, "4 ExplanationOfBenefit") {
		t.Errorf("summary:\n%s", stdout)
	}
	db := openDB(t, dbPath)
	equalLines(t, "claims", query(t, db, `SELECT eob_id, claim_type, status, billable_start, payment_amount, total_allowed, last_updated FROM claims ORDER BY eob_id`), []string{
		"-10 | CARRIER | active | 2025-01-16 00:00:00 +0000 UTC | 12.5 | 80.25 | 2026-03-05 21:29:18.902 +0000 UTC",
		"-12 | INPATIENT | active | 2024-03-01 00:00:00 +0000 UTC | 1200.75 | ∅ | 2026-03-05 21:29:18.902 +0000 UTC",
		"-13 | PDE | active | 2025-04-02 00:00:00 +0000 UTC | ∅ | ∅ | 2026-03-05 21:29:18.902 +0000 UTC",
	})
	equalLines(t, "column types", query(t, db, `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'claim_lines' AND column_name IN ('line_number', 'serviced_date', 'quantity', 'product_code') ORDER BY column_name`), []string{
		"line_number | BIGINT", "product_code | VARCHAR", "quantity | DECIMAL(38,9)", "serviced_date | DATE",
	})
	equalLines(t, "beneficiaries", query(t, db, `SELECT patient_id, mbi, birth_date, death_date FROM beneficiaries ORDER BY patient_id`), []string{
		"-1 | 1S00E00AA01 | 1940-02-03 00:00:00 +0000 UTC | 2024-05-01 00:00:00 +0000 UTC",
		"-2 | 1S00E00AA02 | 1950-01-01 00:00:00 +0000 UTC | ∅", // a partial date is stored at its first day
	})
	equalLines(t, "loads", query(t, db, `SELECT api_version, transaction_time, mode, resources, "rows", bad_lines FROM bcda_loads`), []string{
		"v3 | 2026-01-02 03:04:05 +0000 UTC | full | 8 | 18 | 0",
	})
	// No staging table survives a load.
	equalLines(t, "tables", query(t, db, `SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'bcda_stage%'`), []string{"0"})
}

// changes is a later, incremental export (what BCDA returns for _since):
// beneficiary -1 got a new MBI; inpatient claim -12 was adjusted, so it is
// now cancelled and -14 is the current version; nothing else changed.
var changes = map[string]string{
	"Patient": `{"resourceType":"Patient","id":"-1","identifier":[{"system":"http://hl7.org/fhir/sid/us-mbi","value":"1S00E00AA77"}],"birthDate":"1940-02-03","gender":"female"}` + "\n",
	"ExplanationOfBenefit": `{"resourceType":"ExplanationOfBenefit","id":"-12","status":"cancelled","patient":{"reference":"Patient/-2"},"type":{"coding":[{"code":"INPATIENT","system":"https://bluebutton.cms.gov/fhir/CodeSystem/EOB-TYPE"}]},"diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"code":"I10"}]}}]}
{"resourceType":"ExplanationOfBenefit","id":"-14","status":"active","patient":{"reference":"Patient/-2"},"type":{"coding":[{"code":"INPATIENT","system":"https://bluebutton.cms.gov/fhir/CodeSystem/EOB-TYPE"}]},"payment":{"amount":{"value":1300}},"diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"code":"I11"}]}}]}
`,
}

// -since auto applies the later export as changes: the changed resources'
// rows are replaced (a claim now cancelled loses its rows in every claim
// table), the others stay.
func TestSinceAutoReplacesChangedResources(t *testing.T) {
	out := t.TempDir()
	writeJob(t, out, "20260102T030405Z", 1, fixtures(t), "")
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath, "-since", "auto")
	writeJob(t, out, "20260109T030405Z", 2, changes, "2026-01-02T03:04:05Z")
	stdout, _ := runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath, "-since", "auto")
	if !strings.Contains(stdout, "20260109T030405Z-job2") || strings.Contains(stdout, "job1") {
		t.Errorf("the second run should load only job 2:\n%s", stdout)
	}
	db := openDB(t, dbPath)
	equalLines(t, "claims", query(t, db, `SELECT eob_id, payment_amount FROM claims ORDER BY eob_id`), []string{
		"-10 | 12.5", "-13 | ∅", "-14 | 1300",
	})
	equalLines(t, "diagnoses", query(t, db, `SELECT eob_id, code FROM diagnoses ORDER BY eob_id, sequence`), []string{
		"-10 | Z63.1", "-10 | E11.69", "-14 | I11",
	})
	equalLines(t, "beneficiaries", query(t, db, `SELECT patient_id, mbi FROM beneficiaries ORDER BY patient_id`), []string{
		"-1 | 1S00E00AA77", "-2 | 1S00E00AA02",
	})
	equalLines(t, "loads", query(t, db, `SELECT transaction_time, since, mode, resources FROM bcda_loads ORDER BY transaction_time`), []string{
		"2026-01-02 03:04:05 +0000 UTC | ∅ | full | 8",
		"2026-01-09 03:04:05 +0000 UTC | 2026-01-02 03:04:05 +0000 UTC | changes | 3",
	})
	// A third run finds nothing newer and changes nothing.
	runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath, "-since", "auto")
	equalLines(t, "loads after a run with nothing new", query(t, db, `SELECT count(*) FROM bcda_loads`), []string{"2"})
}

// A load that fails mid-way (here after two resources were staged) leaves
// the previous state exactly as it was, whether it was a load of changes
// or a complete one.
func TestInterruptedLoadKeepsPreviousState(t *testing.T) {
	out := t.TempDir()
	writeJob(t, out, "20260102T030405Z", 1, fixtures(t), "")
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath)
	snapshot := func() []string {
		db := openDB(t, dbPath)
		defer db.Close()
		var all []string
		for _, tbl := range []string{"beneficiaries", "enrollment", "claims", "claim_lines", "diagnoses", "procedures", "part_d_events", "bcda_loads"} {
			all = append(all, tbl)
			all = append(all, query(t, db, "SELECT * FROM "+tbl+" ORDER BY ALL")...)
		}
		all = append(all, query(t, db, `SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'bcda_stage%'`)...)
		return all
	}
	before := snapshot()
	writeJob(t, out, "20260109T030405Z", 2, changes, "2026-01-02T03:04:05Z")
	for _, auto := range []bool{true, false} {
		cfg := config{to: dbPath, from: out, auto: auto, quiet: true, failAfter: 2}
		err := load(context.Background(), cfg, func(string) string { return "" }, newProgress(&strings.Builder{}, true), &strings.Builder{})
		if !errors.Is(err, errInjected) {
			t.Fatalf("auto=%v: load error %v, want the injected failure", auto, err)
		}
		equalLines(t, "state after a failed load", snapshot(), before)
	}
}

// Bad lines are counted and skipped whole: a line that is not JSON, a
// resource without an id, and a claim one of whose values does not fit its
// column (an impossible date) leave no row anywhere, while the good lines
// of the same file load.
func TestBadLinesAreSkippedWhole(t *testing.T) {
	files := fixtures(t)
	files["ExplanationOfBenefit"] += "this is not JSON\n" +
		`{"resourceType":"ExplanationOfBenefit","status":"active"}` + "\n" +
		`{"resourceType":"ExplanationOfBenefit","id":"-99","status":"active","patient":{"reference":"Patient/-1"},"billablePeriod":{"start":"2025-13-45"},"item":[{"sequence":1}],"diagnosis":[{"sequence":1}]}` + "\n"
	out := t.TempDir()
	writeJob(t, out, "20260102T030405Z", 1, files, "")
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	stdout, stderr := runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath)
	if !strings.Contains(stdout, "3 bad lines skipped") {
		t.Errorf("summary:\n%s", stdout)
	}
	for _, want := range []string{"line 5: ", "invalid JSON at byte 0", "line 6: the ExplanationOfBenefit has no id", "line 7: view claims, column billable_start: a value of 10 characters is not a FHIR date"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "2025-13-45") {
		t.Errorf("stderr quotes a value from the data:\n%s", stderr)
	}
	db := openDB(t, dbPath)
	for _, tbl := range []string{"claims", "claim_lines", "diagnoses"} {
		equalLines(t, tbl, query(t, db, "SELECT count(*) FROM "+tbl+" WHERE eob_id = '-99'"), []string{"0"})
	}
	equalLines(t, "loads", query(t, db, `SELECT resources, bad_lines FROM bcda_loads`), []string{"8 | 3"})
}

// Parquet and CSV outputs hold the same tables, and a later -since auto
// load reads the previous files back to apply the changes.
func TestParquetAndCSV(t *testing.T) {
	for _, format := range []string{"parquet", "csv"} {
		t.Run(format, func(t *testing.T) {
			out := t.TempDir()
			writeJob(t, out, "20260102T030405Z", 1, fixtures(t), "")
			dir := filepath.Join(t.TempDir(), "tables")
			runWarehouse(t, exitOK, nil, "-from", out, "-to", format+":"+dir, "-since", "auto")
			writeJob(t, out, "20260109T030405Z", 2, changes, "2026-01-02T03:04:05Z")
			runWarehouse(t, exitOK, nil, "-from", out, "-to", format+":"+dir, "-since", "auto")
			db := openDB(t, "")
			read := "read_parquet"
			if format == "csv" {
				read = "read_csv"
			}
			equalLines(t, "claims", query(t, db, "SELECT CAST(eob_id AS VARCHAR) AS e FROM "+read+"('"+filepath.Join(dir, "claims."+format)+"') ORDER BY e"), []string{"-10", "-13", "-14"})
			equalLines(t, "loads", query(t, db, "SELECT mode FROM "+read+"('"+filepath.Join(dir, "bcda_loads."+format)+"') ORDER BY transaction_time"), []string{"full", "changes"})
			matches, _ := filepath.Glob(filepath.Join(dir, "*.part"))
			if len(matches) > 0 {
				t.Errorf("left behind: %v", matches)
			}
		})
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-since", "2024-01-01"},
		{"-to", "warehouse.sqlite"},
		{"-to", "parquet:"},
		{"-api", "v4"},
		{"-workers", "-1"},
		{"-from", "x", "-group", "all"},
		{"extra"},
	} {
		_, stderr := runWarehouse(t, exitUsage, nil, args...)
		if !strings.HasPrefix(stderr, "warehouse: ") {
			t.Errorf("%v: stderr %q", args, stderr)
		}
	}
}

// -base-url's default comes from BCDA_BASE_URL: set there, it is no
// -base-url flag, and neither -sandbox nor -from conflicts with it.
func TestFlagsBaseURLFromEnvironment(t *testing.T) {
	env := func(k string) string {
		if k == "BCDA_BASE_URL" {
			return "https://sandbox.bcda.cms.gov"
		}
		return ""
	}
	for _, args := range [][]string{{"-sandbox"}, {"-from", "x"}} {
		if _, err := parseFlags(args, env, io.Discard); err != nil {
			t.Errorf("%v with BCDA_BASE_URL set: %v", args, err)
		}
	}
	if _, err := parseFlags([]string{"-sandbox", "-base-url", "https://sandbox.bcda.cms.gov"}, env, io.Discard); err == nil {
		t.Error("-sandbox with -base-url on the command line: accepted")
	}
}

func TestRedactTarget(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://bcda:s3cret@db:5432/x?sslmode=disable": "postgres://bcda:***@db:5432/x?sslmode=disable",
		"postgresql://bcda@db/x":                           "postgresql://bcda@db/x",
		"w.duckdb":                                         "w.duckdb",
	} {
		if got := redactTarget(in); got != want {
			t.Errorf("redactTarget(%q) = %q, want %q", in, got, want)
		}
	}
}

// A cancelled context (Ctrl-C) during a load abandons it: the previous
// state stays, and the command says so with exit status 130.
func TestInterruptedByContext(t *testing.T) {
	out := t.TempDir()
	writeJob(t, out, "20260102T030405Z", 1, fixtures(t), "")
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath, "-since", "auto")
	writeJob(t, out, "20260109T030405Z", 2, changes, "2026-01-02T03:04:05Z")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e strings.Builder
	if code := run(ctx, []string{"-no-progress", "-from", out, "-to", dbPath, "-since", "auto"}, func(string) string { return "" }, &o, &e); code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr %s", code, exitInterrupted, e.String())
	}
	if !strings.Contains(e.String(), "interrupted") {
		t.Errorf("stderr: %s", e.String())
	}
	db := openDB(t, dbPath)
	equalLines(t, "loads", query(t, db, `SELECT count(*) FROM bcda_loads`), []string{"1"})
	equalLines(t, "claims", query(t, db, `SELECT eob_id FROM claims ORDER BY eob_id`), []string{"-10", "-12", "-13"})
}

// A saved export's version comes from its request; asking for another one,
// or loading a version whose views make other columns into the same
// tables, is refused before anything changes.
func TestVersionMismatch(t *testing.T) {
	out := t.TempDir()
	writeJob(t, out, "20260102T030405Z", 1, fixtures(t), "")
	dbPath := filepath.Join(t.TempDir(), "w.duckdb")
	_, stderr := runWarehouse(t, exitFailed, nil, "-from", out, "-to", dbPath, "-api", "v2")
	if !strings.Contains(stderr, "-api v2, but") || !strings.Contains(stderr, "holds a v3 export") {
		t.Errorf("stderr: %s", stderr)
	}
	runWarehouse(t, exitOK, nil, "-from", out, "-to", dbPath)

	v1 := t.TempDir()
	dir := writeJob(t, v1, "20260102T030405Z", 1, map[string]string{"Patient": `{"resourceType":"Patient","id":"1"}` + "\n"}, "")
	manifest := filepath.Join(dir, "manifest.json")
	data, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(manifest, []byte(strings.ReplaceAll(string(data), "/api/v3/", "/api/v1/")), 0o644); err != nil {
		t.Fatal(err)
	}
	// Without -since auto only the newest export is loaded, so an older
	// one of another version beside it is no reason to refuse.
	mixed := t.TempDir()
	old := writeJob(t, mixed, "20260101T030405Z", 1, map[string]string{"Patient": `{"resourceType":"Patient","id":"1"}` + "\n"}, "")
	oldManifest, err := os.ReadFile(filepath.Join(old, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(old, "manifest.json"), bytes.ReplaceAll(oldManifest, []byte("/api/v3/"), []byte("/api/v1/")), 0o644); err != nil {
		t.Fatal(err)
	}
	writeJob(t, mixed, "20260102T030405Z", 2, fixtures(t), "")
	runWarehouse(t, exitOK, nil, "-from", mixed, "-to", filepath.Join(t.TempDir(), "w.duckdb"))

	_, stderr = runWarehouse(t, exitFailed, nil, "-from", v1, "-to", dbPath)
	if !strings.Contains(stderr, "table claims has columns") || !strings.Contains(stderr, "drop the table") {
		t.Errorf("stderr: %s", stderr)
	}
	db := openDB(t, dbPath)
	equalLines(t, "loads", query(t, db, `SELECT api_version FROM bcda_loads`), []string{"v3"})
}

// When the Parquet files cannot be written after the commit, the command
// says so (it is not "nothing changed"), and the loads file, written last,
// still names the previous load.
func TestFileOutputWriteFailure(t *testing.T) {
	out := t.TempDir()
	writeJob(t, out, "20260102T030405Z", 1, fixtures(t), "")
	dir := filepath.Join(t.TempDir(), "tables")
	runWarehouse(t, exitOK, nil, "-from", out, "-to", "parquet:"+dir, "-since", "auto")
	writeJob(t, out, "20260109T030405Z", 2, changes, "2026-01-02T03:04:05Z")
	if err := os.Mkdir(filepath.Join(dir, "claims.parquet.part"), 0o755); err != nil { // COPY cannot write there
		t.Fatal(err)
	}
	_, stderr := runWarehouse(t, exitFailed, nil, "-from", out, "-to", "parquet:"+dir, "-since", "auto")
	if !strings.Contains(stderr, "the load was committed, but writing its files failed") {
		t.Errorf("stderr: %s", stderr)
	}
	db := openDB(t, "")
	equalLines(t, "loads", query(t, db, "SELECT count(*) FROM read_parquet('"+filepath.Join(dir, "bcda_loads.parquet")+"')"), []string{"1"})
}
