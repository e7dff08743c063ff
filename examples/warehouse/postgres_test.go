package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// dsnEnv names the PostgreSQL database the tests use; .ci/run starts a
// server and sets it.
const dsnEnv = "BCDA_TEST_POSTGRES_DSN"

const howToStartPostgres = `start a PostgreSQL server and point ` + dsnEnv + ` at a database you may write to, e.g. on Debian:
  apt-get install -y postgresql && pg_ctlcluster 15 main start
  su postgres -c "psql -c \"CREATE ROLE bcda LOGIN PASSWORD 'bcda'\" -c 'CREATE DATABASE bcda_test OWNER bcda'"
  export ` + dsnEnv + `='postgres://bcda:bcda@127.0.0.1:5432/bcda_test?sslmode=disable'
(.ci/run does exactly this)`

// postgresDSN returns a DSN for a fresh schema of the test database, dropped
// when the test ends. Without a database the test fails in CI (CI=true),
// where .ci/run must have started one, and is skipped elsewhere, saying how
// to run it.
func postgresDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv(dsnEnv)
	if base == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, and CI needs the PostgreSQL tests: %s", dsnEnv, howToStartPostgres)
		}
		t.Skipf("no PostgreSQL (%s unset); to run this test, %s", dsnEnv, howToStartPostgres)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	if err := admin.Ping(); err != nil {
		t.Fatalf("%s is set but the server does not answer (%v): %s", dsnEnv, err, howToStartPostgres)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "warehouse_test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE") })
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// The whole life of a PostgreSQL warehouse: a complete load, a load of
// changes with -since auto, and a load that fails mid-way and changes
// nothing.
func TestPostgres(t *testing.T) {
	dsn := postgresDSN(t)
	out := t.TempDir()
	writeJob(t, out, "20260102T030405Z", 1, fixtures(t), "")
	runWarehouse(t, exitOK, nil, "-from", out, "-to", dsn, "-since", "auto")

	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	equalLines(t, "claims", query(t, db, `SELECT eob_id, claim_type, billable_start, payment_amount, total_allowed FROM claims ORDER BY eob_id`), []string{
		"-10 | CARRIER | 2025-01-16 00:00:00 +0000 UTC | 12.5 | 80.25",
		"-12 | INPATIENT | 2024-03-01 00:00:00 +0000 UTC | 1200.75 | ∅",
		"-13 | PDE | 2025-04-02 00:00:00 +0000 UTC | ∅ | ∅",
	})
	equalLines(t, "column types", query(t, db, `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'claims' AND column_name IN ('billable_start', 'payment_amount', 'last_updated', 'status') ORDER BY column_name`), []string{
		"billable_start | date", "last_updated | timestamp with time zone", "payment_amount | numeric", "status | text",
	})

	writeJob(t, out, "20260109T030405Z", 2, changes, "2026-01-02T03:04:05Z")
	snapshot := func() []string {
		var all []string
		for _, tbl := range []string{"beneficiaries", "claims", "claim_lines", "diagnoses", "bcda_loads"} {
			all = append(all, query(t, db, "SELECT * FROM "+tbl+" ORDER BY 1, 2, 3")...)
		}
		return all
	}
	before := snapshot()
	cfg := config{to: dsn, from: out, auto: true, quiet: true, failAfter: 2}
	err = load(context.Background(), cfg, func(string) string { return "" }, newProgress(&strings.Builder{}, true), &strings.Builder{})
	if !errors.Is(err, errInjected) {
		t.Fatalf("load error %v, want the injected failure", err)
	}
	equalLines(t, "state after a failed load", snapshot(), before)
	equalLines(t, "staging tables", query(t, db, `SELECT count(*) FROM information_schema.tables WHERE table_name LIKE 'bcda_stage%'`), []string{"0"})

	runWarehouse(t, exitOK, nil, "-from", out, "-to", dsn, "-since", "auto")
	equalLines(t, "claims after changes", query(t, db, `SELECT eob_id, payment_amount FROM claims ORDER BY eob_id`), []string{
		"-10 | 12.5", "-13 | ∅", "-14 | 1300",
	})
	equalLines(t, "loads", query(t, db, `SELECT mode, resources FROM bcda_loads ORDER BY transaction_time`), []string{"full | 8", "changes | 3"})
}
