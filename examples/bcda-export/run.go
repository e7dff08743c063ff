package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
)

// Exit statuses; scripts rely on them.
const (
	exitOK          = 0
	exitFailed      = 1
	exitUsage       = 2
	exitInterrupted = 130
)

// cancelTimeout bounds the DELETE sent after an interrupt: the user is waiting.
const cancelTimeout = 15 * time.Second

// run is the whole command. Cancelling ctx is an interrupt (SIGINT/SIGTERM).
// It returns the exit status.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, getenv, time.Now(), stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "bcda-export: %v\nRun bcda-export -h for usage.\n", err)
		return exitUsage
	}
	st, err := loadState(cfg.StatePath)
	if err != nil {
		fmt.Fprintf(stderr, "bcda-export: %v\n", err)
		return exitUsage
	}
	st.modes = cfg.modes()
	// An -out or -state the command cannot write would otherwise surface
	// only after the export ran on the server, or leave a job it cannot record.
	for i, dir := range []string{cfg.Out, filepath.Dir(cfg.StatePath)} {
		// -group-readable opens -out to the group, not the state file's
		// folder, which may be anything (a home directory).
		if err := checkWritableDir(dir, cfg.modes(), i == 0 && cfg.GroupReadable); err != nil {
			fmt.Fprintf(stderr, "bcda-export: %v\n", err)
			return exitUsage
		}
	}
	r := &runner{
		cfg:    cfg,
		st:     st,
		rep:    newReporter(stderr, isTerminal(stderr), cfg.NoProgress),
		stdout: stdout,
		stderr: stderr,
	}
	defer r.rep.close()
	return r.run(ctx)
}

type runner struct {
	cfg    *config
	st     *state
	rep    *reporter
	stdout io.Writer
	stderr io.Writer

	base string // the server as recorded in the state file
	c    *client.Client
}

// fail reports a failure on stderr above the progress display.
func (r *runner) fail(format string, args ...any) {
	r.rep.logf("bcda-export: "+format, args...)
}

func (r *runner) run(ctx context.Context) int {
	cfg := r.cfg
	r.base = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Sandbox {
		r.base = sandboxBase
	}
	since, code := r.resolveSince()
	if code != exitOK {
		return code
	}
	req := request{Group: cfg.Group, Types: cfg.Types, Since: since, TypeFilter: cfg.TypeFilter}

	baseURL, creds := cfg.BaseURL, auth.Credentials{ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret}
	if cfg.Sandbox {
		sb, err := offline.Start()
		if err != nil {
			r.fail("starting the built-in sandbox: %v", err)
			return exitFailed
		}
		defer sb.Close()
		baseURL, creds = sb.URL, sb.Credentials
		r.rep.logf("using the built-in sandbox at %s (an ACO of 100 synthetic beneficiaries; set BCDA_CLIENT_ID and BCDA_CLIENT_SECRET for a real server)", sb.URL)
	}
	c, err := client.New(
		client.WithBaseURL(baseURL),
		client.WithCredentials(creds),
		client.WithVersion(client.Version(cfg.Version)),
		client.WithUserAgent("bcda-export (bcda-go)"),
		// -idle-timeout bounds every wait for the server's next byte:
		// inside a body and for the response headers alike.
		client.WithTimeouts(client.Timeouts{Idle: cfg.IdleTimeout, Header: cfg.IdleTimeout}),
		client.WithLogger(netLogger(r.rep)),
	)
	if err != nil {
		r.fail("%v", err)
		return exitUsage
	}
	r.c = c

	job, m, code := r.job(ctx, req)
	if code != exitOK {
		return code
	}
	return r.download(ctx, job, m, req)
}

// resolveSince turns -since auto into the last successful run's
// transactionTime, refusing a state file that belongs to another server or
// API version (its transactionTime would mean nothing there).
func (r *runner) resolveSince() (time.Time, int) {
	cfg, st := r.cfg, r.st
	if !cfg.SinceAuto {
		return cfg.Since, exitOK
	}
	if st.LastTransactionTime.IsZero() {
		r.rep.logf("-since auto: no successful run recorded in %s yet; exporting everything", cfg.StatePath)
		return time.Time{}, exitOK
	}
	if st.BaseURL != r.base || st.APIVersion != cfg.Version {
		fmt.Fprintf(r.stderr, "bcda-export: -since auto: state file %s belongs to %s %s, not %s %s; use another -state\n",
			cfg.StatePath, st.BaseURL, st.APIVersion, r.base, cfg.Version)
		return time.Time{}, exitUsage
	}
	if st.LastRequest != nil && (st.LastRequest.Group != cfg.Group || strings.Join(st.LastRequest.Types, ",") != strings.Join(cfg.Types, ",")) {
		r.rep.logf("-since auto: note: the last successful run asked for group %q types %q; this one asks for group %q types %q",
			st.LastRequest.Group, strings.Join(st.LastRequest.Types, ","), cfg.Group, strings.Join(cfg.Types, ","))
	}
	r.rep.logf("-since auto: %s (transactionTime of the run at %s)", st.LastTransactionTime.Format(time.RFC3339Nano), st.LastSuccess.Format(time.RFC3339))
	return st.LastTransactionTime, exitOK
}

// job re-attaches to the unfinished job in the state file when it is for the
// same server and request, else kicks off a new export, and waits for it.
func (r *runner) job(ctx context.Context, req request) (*export.Job, *export.Manifest, int) {
	st := r.st
	if st.JobURL != "" {
		switch {
		case st.BaseURL != r.base || st.APIVersion != r.cfg.Version:
			r.rep.logf("state file: job %s belongs to %s %s; starting a new export here", st.JobURL, st.BaseURL, st.APIVersion)
		case r.base == sandboxBase:
			// The previous run's sandbox died with its process, and its job with it.
		case !st.Request.equal(req):
			r.rep.logf("state file: job %s was started for a different request; starting a new export", st.JobURL)
		default:
			job, err := r.c.Job(st.JobURL)
			if err != nil {
				r.fail("re-attaching to %s: %v", st.JobURL, err)
				return nil, nil, exitFailed
			}
			started := st.JobOrigin == originStarted
			r.rep.logf("re-attaching to job %s (%s %s), from %s", job.ID(), originText(started), st.JobStarted.Format(time.RFC3339), r.cfg.StatePath)
			m, err := r.wait(ctx, job)
			switch {
			case err == nil:
				return job, m, exitOK
			case ctx.Err() != nil:
				return nil, nil, r.interrupted(job, started)
			case errors.Is(err, export.ErrJobExpired), errors.Is(err, export.ErrJobCancelled), errors.Is(err, client.ErrNotFound):
				r.rep.logf("job %s can no longer be used (%v); starting a new export", job.ID(), err)
			default:
				return nil, nil, r.jobFailed(job, err)
			}
		}
		st.clearJob()
	}

	job, err := r.kickoff(ctx, req)
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(r.stderr, "bcda-export: interrupted before the export started")
			return nil, nil, exitInterrupted
		}
		if errors.Is(err, export.ErrInvalidRequest) {
			fmt.Fprintf(r.stderr, "bcda-export: %v\n", err)
			return nil, nil, exitUsage
		}
		r.fail("starting the export: %v", err)
		var busy *export.BusyError
		if errors.As(err, &busy) {
			r.rep.logf("BCDA refuses an export while an overlapping one of the ACO runs: wait for it, rerun with a longer -busy-wait, or cancel the blocking job (DELETE on its URL with a bearer token)")
		}
		return nil, nil, exitFailed
	}
	st.BaseURL, st.APIVersion, st.Request = r.base, r.cfg.Version, req
	started := job.Started()
	st.JobURL, st.JobStarted, st.JobOrigin = job.URL(), time.Now().UTC(), originAdopted
	if started {
		st.JobOrigin = originStarted
	}
	if err := st.save(r.cfg.StatePath); err != nil {
		// Without the job URL on disk a crash would orphan the job: stop now.
		r.fail("saving state file %s: %v", r.cfg.StatePath, err)
		if started {
			r.cancel(job)
		}
		return nil, nil, exitFailed
	}
	if started {
		r.rep.logf("started job %s: %s", job.ID(), job.URL())
	} else {
		r.rep.logf("adopted job %s, already running for the same request (started by another process): %s", job.ID(), job.URL())
	}

	m, err := r.wait(ctx, job)
	switch {
	case err == nil:
		return job, m, exitOK
	case ctx.Err() != nil:
		return nil, nil, r.interrupted(job, started)
	default:
		return nil, nil, r.jobFailed(job, err)
	}
}

func (r *runner) kickoff(ctx context.Context, req request) (*export.Job, error) {
	types := make([]fhir.ResourceType, len(req.Types))
	for i, t := range req.Types {
		types[i] = fhir.ResourceType(t)
	}
	// A matching job already running (its URL lost with a state file, or
	// started by another copy of this command) is adopted instead of
	// failing with BCDA's duplicate-job 429.
	opts := []export.KickoffOption{export.AttachIfRunning()}
	if r.cfg.BusyWait > 0 {
		opts = append(opts, export.WaitIfBusy(r.cfg.BusyWait, func(b export.Busy) {
			who := "no pending or running job overlaps it (BCDA's per-IP request limit, or a job that just finished)"
			if len(b.Blocking) > 0 {
				j := b.Blocking[0]
				who = fmt.Sprintf("job %s (%s, %s) overlaps it", j.ID, j.State, j.Request)
			}
			r.rep.logf("BCDA refused the kick-off: %s; trying again in %v (waited %v of -busy-wait %v)",
				who, b.RetryAfter.Round(time.Second), b.Waited.Round(time.Second), b.Budget)
		}))
	}
	switch req.Group { // -group was checked to be all, runout or empty
	case "all":
		opts = append(opts, export.GroupAll())
	case "runout":
		opts = append(opts, export.GroupRunout())
	}
	if req.TypeFilter != "" {
		opts = append(opts, export.TypeFilter(req.TypeFilter))
	}
	return r.c.Export(ctx, types, req.Since, opts...)
}

// pollInterval, when set, replaces export's polling schedule (1 s growing
// to 30 s). Tests shorten it; BCDA sends no Retry-After while a job runs, so
// the default schedule is what keeps a long job from being polled too often.
var pollInterval struct{ min, max time.Duration }

// sandboxPollInterval is the schedule for the built-in sandbox, which
// finishes a job in a few polls.
var sandboxPollInterval = [2]time.Duration{100 * time.Millisecond, 500 * time.Millisecond}

func (r *runner) wait(ctx context.Context, job *export.Job) (*export.Manifest, error) {
	id := job.ID()
	opts := []export.WaitOption{export.OnProgress(func(s export.Status) {
		text := s.Text
		if s.State == export.Completed {
			text = "Completed"
		} else if text == "" {
			text = string(s.State)
		}
		r.rep.job(id, text)
	})}
	switch {
	case pollInterval.min > 0:
		opts = append(opts, export.PollInterval(pollInterval.min, pollInterval.max))
	case r.base == sandboxBase:
		opts = append(opts, export.PollInterval(sandboxPollInterval[0], sandboxPollInterval[1]))
	}
	return job.Wait(ctx, opts...)
}

// interrupted handles SIGINT/SIGTERM while the job runs: cancel it on the
// server when this command started it, unless -keep-job, so an abandoned
// export does not block the next one (BCDA refuses an overlapping export
// with 429 while one runs). A job adopted from another process is that
// process's: it is left running.
func (r *runner) interrupted(job *export.Job, started bool) int {
	r.rep.close()
	if !started {
		fmt.Fprintf(r.stderr, "bcda-export: interrupted; job %s left running on the server: this command did not start it (it was adopted from another process or an older state file). Rerun with the same -out/-state to re-attach.\n", job.ID())
		return exitInterrupted
	}
	if r.cfg.KeepJob {
		fmt.Fprintf(r.stderr, "bcda-export: interrupted; job %s left running on the server (-keep-job). Rerun with the same -out/-state to re-attach.\n", job.ID())
		return exitInterrupted
	}
	if r.cancel(job) {
		r.st.clearJob()
		if err := r.st.save(r.cfg.StatePath); err != nil {
			fmt.Fprintf(r.stderr, "bcda-export: saving state file %s: %v\n", r.cfg.StatePath, err)
		}
		fmt.Fprintf(r.stderr, "bcda-export: interrupted; job %s, which this command started, cancelled on the server.\n", job.ID())
	}
	return exitInterrupted
}

// cancel sends DELETE for the job with a context of its own: the run's
// context is already cancelled when this matters.
func (r *runner) cancel(job *export.Job) bool {
	ctx, stop := context.WithTimeout(context.Background(), cancelTimeout)
	defer stop()
	if err := job.Cancel(ctx); err != nil {
		fmt.Fprintf(r.stderr, "bcda-export: cancelling job %s: %v\n", job.ID(), err)
		return false
	}
	return true
}

// jobFailed reports a job that ended in error. A failed job never completes,
// so it is dropped from the state file; any other error (network, server
// trouble) keeps it there for a rerun to re-attach.
func (r *runner) jobFailed(job *export.Job, err error) int {
	r.rep.close()
	fmt.Fprintf(r.stderr, "bcda-export: job %s (%s): %v\n", job.ID(), job.URL(), err)
	if errors.Is(err, export.ErrJobFailed) || errors.Is(err, export.ErrJobExpired) || errors.Is(err, export.ErrJobCancelled) {
		r.st.clearJob()
		if serr := r.st.save(r.cfg.StatePath); serr != nil {
			fmt.Fprintf(r.stderr, "bcda-export: saving state file %s: %v\n", r.cfg.StatePath, serr)
		}
	} else {
		fmt.Fprintf(r.stderr, "bcda-export: the job stays in %s; rerun to re-attach to it.\n", r.cfg.StatePath)
	}
	return exitFailed
}

// originText describes who started a job, for messages.
func originText(started bool) string {
	if started {
		return "started by this command"
	}
	return "adopted, not started by this command,"
}

// checkWritableDir creates dir if needed with m.dir (0700, or 0750
// with -group-readable, whatever the umask) and proves a file can be created
// in it. An existing dir keeps its mode unless widen: -group-readable gives
// -out 0750, or the group could not reach the files.
func checkWritableDir(dir string, m modes, widen bool) error {
	created, err := m.mkdirAll(dir)
	if err != nil {
		return err
	}
	if widen && len(created) == 0 {
		if err := setMode(dir, m.dir); err != nil {
			return err
		}
	}
	f, err := os.CreateTemp(dir, ".bcda-export-probe-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// jobDir is where a job's files go: under -out, named so that directories
// sort by time and a rerun of the same job finds the same one.
func jobDir(out string, job *export.Job, m *export.Manifest) string {
	ts := m.TransactionTime.UTC().Format("20060102T150405Z")
	return filepath.Join(out, ts+"-job"+job.ID())
}
