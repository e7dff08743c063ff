package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/bcda-go/bcda/export"
)

// checkpointName is the download checkpoint inside a job's directory; like
// the state file it must not end in .ndjson.
const checkpointName = ".bcda-export-checkpoint.json"

// download saves every file of the completed job, records the success in the
// state file and prints the summary.
func (r *runner) download(ctx context.Context, job *export.Job, m *export.Manifest, req request) int {
	dir := saveDir(r.cfg.Out, job, m)
	files := len(m.Output) + len(m.Error) + len(m.Deleted)
	r.rep.startDownloads(files)
	r.rep.logf("job %s complete: %d output and %d error files; saving them in %s", job.ID(), len(m.Output), len(m.Error), dir)

	opts := []export.DownloadOption{
		export.Concurrency(r.cfg.Concurrency),
		export.Checkpoint(filepath.Join(dir, checkpointName)),
		export.OnFileProgress(func(p export.FileProgress) {
			r.rep.file(p.Name, p.Bytes, p.Done, p.Skipped, p.Err)
		}),
	}
	if r.cfg.GroupReadable {
		// Without the option Download keeps files and folders private
		// (0600/0700) and leaves the modes of existing ones alone.
		m := r.cfg.modes()
		opts = append(opts, export.Permissions(m.file, m.dir))
	}
	res, err := job.Download(ctx, dir, opts...)
	r.rep.close()

	if err != nil {
		done, skipped := 0, 0
		if res != nil {
			for _, f := range res.Files {
				if f.Err == nil {
					done++
				}
				if f.Skipped {
					skipped++
				}
			}
		}
		if ctx.Err() != nil {
			// The job is complete on the server: nothing to cancel. Its
			// files stay there for 24 hours and the state file keeps it.
			fmt.Fprintf(r.stderr, "bcda-export: interrupted; %d of %d files saved in %s. Rerun with the same -out/-state within 24 hours to download the rest.\n", done, files, dir)
			return exitInterrupted
		}
		fmt.Fprintf(r.stderr, "bcda-export: job %s: %d of %d files saved in %s\n", job.ID(), done, files, dir)
		if res != nil {
			for _, f := range res.Files {
				if f.Err != nil {
					fmt.Fprintf(r.stderr, "bcda-export: %s (%s): %v\n", f.Name, f.File.Type, f.Err)
				}
			}
		} else {
			fmt.Fprintf(r.stderr, "bcda-export: %v\n", err)
		}
		if errors.Is(err, export.ErrJobExpired) {
			r.st.clearJob()
			_ = r.st.save(r.cfg.StatePath)
		} else {
			fmt.Fprintf(r.stderr, "bcda-export: rerun with the same -out/-state to retry the missing files; the saved ones are kept.\n")
		}
		return exitFailed
	}

	r.st.LastTransactionTime = m.TransactionTime
	r.st.LastRequest = &req
	r.st.LastSuccess = time.Now().UTC()
	r.st.clearJob()
	if err := r.st.save(r.cfg.StatePath); err != nil {
		fmt.Fprintf(r.stderr, "bcda-export: files saved, but the state file %s could not be written: %v\n", r.cfg.StatePath, err)
		return exitFailed
	}

	var rows []savedFile
	skipped := 0
	for _, f := range res.Files {
		rows = append(rows, savedFile{Type: string(f.File.Type), Path: f.Path, Resources: f.Lines, Bytes: f.Bytes, Skipped: f.Skipped})
		if f.Skipped {
			skipped++
		}
	}
	if skipped > 0 {
		r.rep.logf("%s already saved and verified by an earlier run", count(skipped, "file"))
	}
	if res.ErrorCount > 0 || res.WarningCount > 0 {
		r.rep.logf("the server reported %s and %s in the error files:", count(res.ErrorCount, "error"), count(res.WarningCount, "warning"))
		for _, l := range issueCounts(res) {
			r.rep.logf("  %s", l)
		}
		// BCDA's error diagnostics name the beneficiary ("Error retrieving
		// ExplanationOfBenefit for beneficiary MBI …", reference/bcda-server.md
		// §7.3): PHI, which must not reach a terminal or a scheduler's log.
		r.rep.logf("  their messages may name beneficiaries, so they are not shown: read the OperationOutcome-error-*.ndjson files in %s", dir)
	}
	if len(m.Output) == 0 && !req.Since.IsZero() {
		r.rep.logf("no data changed since %s", req.Since.Format(time.RFC3339Nano))
	}
	// res.Bytes counts this run's downloads only, not the files kept.
	r.rep.logf("done: %s, %s downloaded in %s; next -since auto: %s", count(len(res.Files), "file"), formatBytes(res.Bytes), res.Duration.Round(time.Millisecond), m.TransactionTime.Format(time.RFC3339Nano))
	fmt.Fprintf(r.stdout, "Saved in %s (%s lists every file, its type, counts and source)\n", dir, export.SavedManifestName)
	writeSummary(r.stdout, rows)
	return exitOK
}

// issueCounts summarises the error files' issues by severity and code, in
// order of first appearance, without their messages. The counts are of the
// issues DownloadResult kept (the first 1,000 of each kind); the totals
// printed above them are exact.
func issueCounts(res *export.DownloadResult) []string {
	var order []string
	n := map[string]int{}
	for _, is := range append(append([]export.Issue{}, res.Errors...), res.Warnings...) {
		code := is.Code
		if code == "" {
			code = "(no code)"
		}
		key := is.Severity + " " + code
		if n[key] == 0 {
			order = append(order, key)
		}
		n[key]++
	}
	lines := make([]string, len(order))
	for i, k := range order {
		lines[i] = fmt.Sprintf("%s: %d", k, n[k])
	}
	return lines
}

// saveDir is the job's folder under out (jobDir), unless a saved export of
// another job is there already, which Download would refuse: then the first
// of jobDir-2, jobDir-3… that is free or holds this job. Only the built-in
// sandbox gets there, by numbering its jobs from 1 in every process; BCDA's
// job numbers are unique.
func saveDir(out string, job *export.Job, m *export.Manifest) string {
	base := jobDir(out, job, m)
	for i := 1; ; i++ {
		dir := base
		if i > 1 {
			dir = fmt.Sprintf("%s-%d", base, i)
		}
		// Any error (no manifest.json, or one Download will complain
		// about with a clear message) means this folder is the one to use.
		s, err := export.OpenSaved(dir)
		if err != nil || s.Job == job.URL() {
			return dir
		}
	}
}
