// Command incremental keeps a BCDA extract up to date by exporting only
// what changed since its last successful run.
//
//	go run ./examples/incremental   # first run: everything; every later run: the changes
//
// Everything goes under -dir, by default bcda-go/incremental in the user's
// cache folder (os.UserCacheDir: ~/.cache on Linux), never the current
// directory, which is the source tree when it runs as above: each export in
// DIR/data/<transactionTime>-job<ID>/ (20260102T030405.678Z-job42), saved
// by export's Download (files named by resource type, manifest.json listing
// them; private, 0600 files in 0700 folders), and the state in
// DIR/state.json. Each run prints where they went, and lists the saved
// exports in the order to load them, read back with export.ListSaved.
//
// After every file of an export is saved, it records the manifest's
// transactionTime in the state file and passes it as _since on the next
// run. The time
// is recorded only once everything is on disk, so a run that fails is simply
// repeated: nothing is skipped. It is the server's transactionTime, not the
// local clock, because BCDA's data loads lag the calendar: using "now" would
// miss claims loaded later with an earlier timestamp.
//
// # Patient/$export or Group/all/$export
//
// With _since, the two endpoints differ for beneficiaries newly attributed to
// the ACO since the last run:
//
//   - Group/all/$export (the default here, -endpoint group): new
//     beneficiaries come with their full history; those already attributed
//     get only what changed. Nothing is missed, at the price of a bigger
//     export whenever many beneficiaries join (at the start of a
//     performance year, for instance), and you receive records older than
//     _since that your store must accept.
//   - Patient/$export (-endpoint patient): _since applies to everyone, so a
//     beneficiary attributed since the last run arrives with only their
//     recent claims; the older ones never come unless you run a full export.
//
// With no BCDA_CLIENT_ID/BCDA_CLIENT_SECRET it runs against the built-in
// sandbox (which starts afresh each time, so the second run shows an export
// with nothing new); with them, against BCDA_BASE_URL (default the public
// sandbox) and BCDA_API_VERSION (default v3).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/export"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout)
	stop()
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		// The flag package has printed the usage.
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "incremental:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "incremental:", err)
		os.Exit(1)
	}
}

// usageError is a bad command line: exit status 2, like the flag package's own.
type usageError string

func (e usageError) Error() string { return string(e) }

// pollInterval is the polling schedule for the built-in sandbox; a real
// server gets export's default (1 s growing to 30 s).
var pollInterval = [2]time.Duration{100 * time.Millisecond, 500 * time.Millisecond}

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	fs := flag.NewFlagSet("incremental", flag.ContinueOnError)
	baseDir := fs.String("dir", "", "folder for the data and the state (default bcda-go/incremental in the user cache folder)")
	statePath := fs.String("state", "", "state file: the last successful transactionTime (default DIR/state.json)")
	outDir := fs.String("out", "", "folder for the exported files, one subfolder per export (default DIR/data)")
	endpoint := fs.String("endpoint", "group", "group (Group/all/$export) or patient (Patient/$export)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError(err.Error())
	}
	if fs.NArg() > 0 {
		return usageError(fmt.Sprintf("unexpected argument %q", fs.Arg(0)))
	}
	var opts []export.KickoffOption
	switch *endpoint {
	case "group":
		opts = append(opts, export.GroupAll())
	case "patient":
	default:
		return usageError(fmt.Sprintf("-endpoint %q: want group or patient", *endpoint))
	}
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }
	if *baseDir == "" && (*statePath == "" || *outDir == "") {
		cache, err := os.UserCacheDir()
		if err != nil {
			return usageError(fmt.Sprintf("no user cache folder (%v): give -dir", err))
		}
		*baseDir = filepath.Join(cache, "bcda-go", "incremental")
	}
	if *statePath == "" {
		*statePath = filepath.Join(*baseDir, "state.json")
	}
	if *outDir == "" {
		*outDir = filepath.Join(*baseDir, "data")
	}

	// The server: the built-in sandbox unless credentials are set.
	baseURL, version := getenv("BCDA_BASE_URL"), getenv("BCDA_API_VERSION")
	if version == "" {
		version = string(client.V3)
	}
	creds := auth.Credentials{ClientID: getenv("BCDA_CLIENT_ID"), ClientSecret: getenv("BCDA_CLIENT_SECRET")}
	var waitOpts []export.WaitOption
	server := baseURL
	if creds.ClientID == "" && creds.ClientSecret == "" {
		srv, err := offline.Start()
		if err != nil {
			return err
		}
		defer srv.Close()
		baseURL, creds, server = srv.URL, srv.Credentials, "built-in sandbox"
		waitOpts = append(waitOpts, export.PollInterval(pollInterval[0], pollInterval[1]))
	} else if baseURL == "" {
		baseURL, server = client.SandboxURL, client.SandboxURL
	}
	c, err := client.New(client.WithBaseURL(baseURL), client.WithCredentials(creds), client.WithVersion(client.Version(version)))
	if err != nil {
		return err
	}

	// The last successful run, if any, for this server and version.
	st, err := loadState(*statePath)
	if err != nil {
		return err
	}
	var since time.Time
	switch {
	case st.TransactionTime.IsZero():
		p("No successful run recorded in %s: exporting everything.", *statePath)
	case st.Server != server || st.Version != version:
		return fmt.Errorf("%s records a run against %s %s, not %s %s: use another -state", *statePath, st.Server, st.Version, server, version)
	default:
		since = st.TransactionTime
		p("Last successful run: transactionTime %s (%s ago); exporting what changed since.",
			since.Format(time.RFC3339Nano), time.Since(since).Round(time.Second))
	}

	path := "Patient/$export"
	if *endpoint == "group" {
		path = "Group/all/$export"
	}
	query := "all data"
	if !since.IsZero() {
		query = "_since=" + since.UTC().Format("2006-01-02T15:04:05.000Z07:00")
	}
	p("Kick-off: GET /api/%s/%s  (%s) on %s", version, path, query, server)
	job, err := c.Export(ctx, nil, since, opts...)
	if err != nil {
		return err
	}
	last := ""
	waitOpts = append(waitOpts, export.OnProgress(func(s export.Status) {
		if s.State != export.Completed && s.Text != last {
			p("  job %s: %s", job.ID(), s.Text)
			last = s.Text
		}
	}))
	m, err := job.Wait(ctx, waitOpts...)
	if err != nil {
		if ctx.Err() != nil {
			cancel(job)
		}
		return err
	}

	// One folder per export, named by its transactionTime to the
	// millisecond: the built-in sandbox numbers its jobs from 1 in every
	// process, so two quick runs would otherwise share a name, and Download
	// refuses a folder that holds another job's export.
	dir := filepath.Join(*outDir, m.TransactionTime.UTC().Format("20060102T150405.000Z")+"-job"+job.ID())
	res, err := job.Download(ctx, dir, export.Checkpoint(filepath.Join(dir, ".checkpoint.json")))
	if err != nil {
		// The state is not touched: the next run asks for the same window.
		return fmt.Errorf("%w\nthe state file is unchanged; run again to retry", err)
	}
	// Read the folder back as a loader would: manifest.json says which file
	// holds which type, with counts.
	saved, err := export.OpenSaved(res.Dir)
	if err != nil {
		return err
	}
	var parts []string
	var total int64
	for _, sum := range saved.Summary {
		if sum.Kind == export.KindOutput {
			parts = append(parts, fmt.Sprintf("%s %d (%s)", sum.Type, sum.Lines, count(sum.Files, "file")))
			total += sum.Lines
		}
	}
	p("Saved %s, %d resources, in %s", count(len(saved.Files), "file"), total, saved.Dir)
	if len(parts) > 0 {
		p("  %s", strings.Join(parts, " · "))
	}
	if total == 0 {
		p("  nothing changed since the last run")
	}
	if saved.ErrorCount+saved.WarningCount > 0 {
		p("  the error files hold %s and %s (OperationOutcome)", count(saved.ErrorCount, "error"), count(saved.WarningCount, "warning"))
	}

	// Only now, with every file on disk, move the window forward.
	st = &state{Server: server, Version: version, Endpoint: path, TransactionTime: m.TransactionTime, Saved: time.Now().UTC()}
	if err := st.save(*statePath); err != nil {
		return fmt.Errorf("files saved, but the state file could not be written: %w", err)
	}
	p("Recorded transactionTime %s in %s: the next run asks for _since=%s.",
		m.TransactionTime.Format(time.RFC3339Nano), *statePath, m.TransactionTime.UTC().Format("2006-01-02T15:04:05.000Z07:00"))

	// Every export saved so far, oldest first: the order to load them in,
	// so that a later version of a resource replaces an earlier one.
	all, err := export.ListSaved(*outDir)
	if err != nil {
		return err
	}
	p("%s holds %s; load them in this order:", *outDir, count(len(all), "saved export"))
	for _, s := range all {
		p("  %s  transactionTime %s  %s", filepath.Base(s.Dir), s.TransactionTime.UTC().Format(time.RFC3339), count(len(s.Files), "file"))
	}
	p("")
	if *endpoint == "group" {
		p("Group/all/$export: beneficiaries newly attributed to the ACO since the last run come with their")
		p("full history; the others with only what changed. Expect older records for them.")
	} else {
		p("Patient/$export: _since applies to every beneficiary, so one attributed since the last run")
		p("arrives with only recent data. Use -endpoint group (Group/all) to get their full history.")
	}
	return nil
}

// count says "1 warning" or "2 warnings".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// cancel sends DELETE for a job abandoned on Ctrl-C, so that it does not
// block the next run (BCDA refuses an overlapping export with 429).
func cancel(job *export.Job) {
	ctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if err := job.Cancel(ctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		fmt.Fprintf(os.Stderr, "incremental: cancelling job %s: %v\n", job.ID(), err)
	}
}
