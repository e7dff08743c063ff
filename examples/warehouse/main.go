// Command warehouse loads a BCDA export into analysis tables: it runs the
// SDK's built-in BCDA views (package fhir/view/bcda: beneficiaries,
// enrollment, claims, claim_lines, diagnoses, procedures, part_d_events)
// over every resource and writes one table per view into an embedded DuckDB
// file (the default), PostgreSQL, or Parquet or CSV files.
//
//	go run . -from ../bcda-export/bcda-data          # a directory saved by bcda-export
//	go run . -to postgres://me@localhost/bcda        # export now (BCDA_CLIENT_ID/SECRET), load PostgreSQL
//	go run . -from bcda-data -since auto             # later: apply only the newer exports
//
// It is its own Go module, so that programs importing the SDK do not
// inherit database drivers; it uses only the SDK's public API.
//
// A load is one transaction: rows go to staging tables and replace the old
// rows only at the commit, so an interrupted or failed load leaves the
// previous state intact. A complete export replaces every table's rows; an
// export of changes (one made with _since) replaces only the rows of the
// resources it holds, including claims now cancelled, which lose theirs.
// -since auto exports only what changed since the last load's
// transactionTime, recorded in the bcda_loads table, or, from a saved
// directory, applies every saved export newer than it, oldest first; without
// it, -from loads the newest saved export.
//
// Bad lines (not JSON, not a resource, a value that does not fit its column)
// are counted, reported by file and line, and skipped whole: a resource's
// rows all go in or none do.
//
// Exit status: 0 done; 1 the export or the load failed (nothing changed);
// 2 bad flags; 130 interrupted (nothing changed).
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

const usage = `Usage: warehouse [flags]

Loads a BCDA export into one table per built-in BCDA view.

  -from DIR        a directory saved by bcda-export (its -out, or one job directory);
                   without -from, export now: credentials from BCDA_CLIENT_ID and
                   BCDA_CLIENT_SECRET; with none and no -base-url, from the
                   built-in sandbox (-sandbox)
  -sandbox         export from the built-in offline sandbox in this process
  -to TARGET       where to load (default warehouse.duckdb):
                     FILE.duckdb or duckdb:FILE   an embedded DuckDB database file
                     postgres://USER@HOST/DB      PostgreSQL (password: PGPASSWORD)
                     parquet:DIR, csv:DIR         one file per table
  -since auto      load only what changed since the last load
  -api v1|v2|v3    data version (default: the saved export's, else v3)
  -group all|runout  export Group/<id> instead of Patient (exporting now)
  -base-url URL    BCDA to export from (env BCDA_BASE_URL; e.g. https://sandbox.bcda.cms.gov,
                   or http://127.0.0.1:PORT for go run ./examples/sandbox); without
                   credentials it uses the sandbox's published small-ACO set
  -all-versions    keep every version of an adjusted claim, not only the current one
  -workers N       goroutines running the views (default: one per CPU)
  -no-progress     no progress on stderr
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
	}()
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
