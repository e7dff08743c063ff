// Command bcda-export runs a complete BCDA bulk export and saves every file
// as NDJSON, for scripts and schedulers.
//
//	go run ./examples/bcda-export -out ./bcda-data              # built-in sandbox
//	BCDA_CLIENT_ID=… BCDA_CLIENT_SECRET=… bcda-export -group all -since auto
//
// It kicks off $export (or re-attaches to the unfinished job recorded in its
// state file), waits for the job while showing its progress, downloads every
// output and error file with several connections, verifies them, and prints
// a summary table: files, resources and bytes per type.
//
// Files: each file of the manifest's output and error lists is saved
// decompressed in DIR/<transactionTime>-job<ID>/, named by resource type
// (Patient-001.ndjson, OperationOutcome-error-001.ndjson), with the
// manifest.json that lists them (BCDA's URL, lines, bytes, SHA-256, a
// summary per type; export.OpenSaved reads it). A file being written is
// named .part until it is complete and verified, so every .ndjson file under
// DIR is whole. A checkpoint in that directory records each finished file's
// size, line count and SHA-256, so a rerun skips them.
//
// Permissions: the files hold PHI, so everything the command creates is
// 0600 and every folder 0700, whatever the umask; -group-readable makes them
// 0640 and 0750 for a group that shares the data. The error files' messages
// are never printed (BCDA's name beneficiaries), only their counts.
//
// State: the state file (default DIR/.bcda-export-state.json, written
// atomically, never holding secrets) records the server, the request, the
// unfinished job's URL and the transactionTime of the last successful run,
// which -since auto uses as _since.
//
// Interrupts: SIGINT or SIGTERM while the job runs cancels it on the server
// (DELETE) when this command started it, unless -keep-job; a job it adopted
// (BCDA refused the kick-off as a duplicate and /jobs showed the identical
// job running, started by another process) is always left running, and the
// state file records which it was. While files download, the job is already
// complete, so nothing is cancelled and a rerun resumes the downloads.
// A second signal ends the process at once.
//
// Busy server: while an overlapping job of the ACO runs, BCDA refuses the
// kick-off (429); the command names the blocking job and waits out
// Retry-After for up to -busy-wait, then fails saying how to cancel it.
// Silent connections are abandoned after -idle-timeout and resumed.
//
// Exit status: 0 success; 1 the export or a download failed (the message
// names the job or file, the HTTP status and the server's diagnostics);
// 2 bad flags or arguments (an -out or -state that cannot be written among
// them), detected before any request; 130 interrupted.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		stop() // restore default handling: a second signal ends the process at once
	}()
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
