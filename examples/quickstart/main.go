// Command quickstart walks through a whole BCDA bulk export, one step of the
// BCDA sandbox guide at a time, and ends with the figures an ACO analyst looks
// at first.
//
//	go run ./examples/quickstart
//
// With no BCDA_CLIENT_ID and BCDA_CLIENT_SECRET in the environment it starts
// the built-in sandbox (an offline BCDA serving a synthetic ACO of 100 beneficiaries)
// on a loopback port and runs against it, so it needs no network and no
// account. With them it runs against BCDA_BASE_URL (default the public
// sandbox, https://sandbox.bcda.cms.gov) and BCDA_API_VERSION (default v3).
//
// The steps:
//
//  1. Token: POST /auth/token with HTTP Basic (auth.NewBasic; the client
//     caches and renews the token by itself afterwards).
//  2. Metadata: GET /api/vN/metadata (Client.Metadata).
//  3. Kick-off: GET /api/vN/Patient/$export (Client.Export).
//  4. Progress: GET /api/vN/jobs/{id} until 200 (Job.Wait with OnProgress).
//  5. Manifest: the files the job produced (export.Manifest).
//  6. Download: GET /data/{id}/{file}.ndjson for each file (Job.Open),
//     decoded as it streams with ndjson.Decode, so
//     memory stays flat whatever the file sizes.
//
// It saves nothing to disk; examples/bcda-export does that.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/export"
)

// The environment variables that hold BCDA credentials, as
// auth.CredentialsFromEnv reads them.
const (
	envClientID     = "BCDA_CLIENT_ID"
	envClientSecret = "BCDA_CLIENT_SECRET"
)

// usage answers any command-line argument: the quickstart takes its settings
// from the environment only, and running the whole flow for a "-h" would surprise.
const usage = `Usage: go run ./examples/quickstart

Runs one BCDA bulk export step by step and prints an ACO analyst's summary.
It takes no arguments. Environment:
  BCDA_CLIENT_ID, BCDA_CLIENT_SECRET  credentials; unset: the built-in offline sandbox
  BCDA_BASE_URL                       default https://sandbox.bcda.cms.gov
  BCDA_API_VERSION                    v1, v2 or v3 (default v3)
To save the files, use examples/bcda-export.
`

func main() {
	if len(os.Args) > 1 {
		fmt.Fprint(os.Stderr, usage)
		if a := os.Args[1]; a == "-h" || a == "-help" || a == "--help" {
			os.Exit(0)
		}
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		stop()
		os.Exit(1)
	}
}

// run is the whole program; getenv and out are parameters so that the test
// can run it in-process.
func run(ctx context.Context, getenv func(string) string, out io.Writer) error {
	start := time.Now()
	p := func(format string, args ...any) { fmt.Fprintf(out, format+"\n", args...) }

	baseURL, version := getenv("BCDA_BASE_URL"), getenv("BCDA_API_VERSION")
	if baseURL == "" {
		baseURL = client.SandboxURL
	}
	if version == "" {
		version = string(client.V3)
	}
	creds := auth.Credentials{ClientID: getenv(envClientID), ClientSecret: getenv(envClientSecret)}
	var pollOpts []export.WaitOption
	p("bcda-go quickstart: the BCDA bulk-export flow, step by step")
	p("")
	switch {
	case creds.ClientID == "" && creds.ClientSecret == "":
		// The built-in sandbox: an offline BCDA on a loopback port, serving
		// a synthetic ACO of 100 beneficiaries, the size of the sandbox's small
		// model entity.
		srv, err := offline.Start()
		if err != nil {
			return err
		}
		defer srv.Close()
		baseURL, creds = srv.URL, srv.Credentials
		// The sandbox finishes a job in a few polls; poll it briskly. Against
		// BCDA keep the default schedule (1 s growing to 30 s).
		pollOpts = append(pollOpts, export.PollInterval(100*time.Millisecond, 500*time.Millisecond))
		p("Server   built-in sandbox at %s", baseURL)
		p("         (no %s/%s set; set them to use a real BCDA server)", envClientID, envClientSecret)
		p("ACO      100 synthetic beneficiaries, as the sandbox's small model entity")
	case creds.ClientID == "" || creds.ClientSecret == "":
		return fmt.Errorf("set both %s and %s, or neither to use the built-in sandbox", envClientID, envClientSecret)
	default:
		p("Server   %s (client %s)", baseURL, creds.ClientID)
	}
	p("API      %s", version)
	p("")

	// The client would fetch the token by itself on its first call; the
	// quickstart gives it a token source of its own to show that step. The
	// source caches the token and renews it before it expires.
	tokens, err := auth.NewBasic(strings.TrimRight(baseURL, "/")+"/auth/token", creds, &http.Client{Timeout: time.Minute})
	if err != nil {
		return err
	}
	c, err := client.New(
		client.WithBaseURL(baseURL),
		client.WithTokenSource(tokens),
		client.WithVersion(client.Version(version)),
	)
	if err != nil {
		return err
	}
	explain := func(err error) error { return explain(err, version) }

	// Step 1: the token.
	step(out, 1, "Get a token", "POST /auth/token  (HTTP Basic: client ID and secret)")
	tok, err := tokens.Token(ctx)
	if err != nil {
		return explain(err)
	}
	p("         bearer token received; expires at %s (in %s); renewed automatically",
		tok.Expiry.UTC().Format("15:04:05 MST"), time.Until(tok.Expiry).Round(time.Second))

	// Step 2: metadata, which needs no token.
	step(out, 2, "Read the metadata", "GET /api/%s/metadata", version)
	cs, err := c.Metadata(ctx)
	if err != nil {
		return explain(err)
	}
	p("         %s", describeServer(cs))

	// Step 3: kick-off. No types and no since: every type, all the data.
	step(out, 3, "Start the export", "GET /api/%s/Patient/$export  (Accept: application/fhir+json, Prefer: respond-async)", version)
	job, err := c.Export(ctx, nil, time.Time{})
	if err != nil {
		return explain(err)
	}
	p("         202 Accepted: job %s; status at %s", job.ID(), job.URL())

	// Step 4: poll until the job completes.
	step(out, 4, "Check the status", "GET /api/%s/jobs/%s  (202 with X-Progress until 200)", version, job.ID())
	waitStart := time.Now()
	last := ""
	opts := append(pollOpts, export.OnProgress(func(s export.Status) {
		if s.State != export.Completed && s.Text != last {
			p("         202 Accepted, X-Progress: %s", s.Text)
			last = s.Text
		}
	}))
	m, err := job.Wait(ctx, opts...)
	if err != nil {
		if ctx.Err() != nil {
			cancelJob(job)
		}
		return explain(err)
	}
	p("         200 OK after %s: the job is complete", time.Since(waitStart).Round(time.Millisecond))

	// Step 5: the manifest.
	step(out, 5, "Read the manifest", "the body of that 200")
	p("         transactionTime %s  (use it as the next _since)", m.TransactionTime.UTC().Format(time.RFC3339))
	p("         output: %s", countFiles(m.Output))
	p("         error:  %s", countFiles(m.Error))

	// Step 6: download and decode every file as it streams.
	step(out, 6, "Download the files", "GET /data/%s/<file>.ndjson  (Accept-Encoding: gzip; decoded as it streams)", job.ID())
	sum := newSummary()
	const listed = 8 // a large ACO has hundreds of files: list a few, total the rest
	var restFiles, restResources int
	var restBytes int64
	for i, f := range append(append([]export.File{}, m.Output...), m.Error...) {
		n, size, err := readFile(ctx, job, f, version, sum)
		if err != nil {
			return explain(err)
		}
		if i < listed {
			p("         %-22s %6d %-9s %10s  %s", f.Type, n, plural(n, "resource"), humanBytes(size), shortURL(f.URL))
			continue
		}
		restFiles++
		restResources += n
		restBytes += size
	}
	if restFiles > 0 {
		p("         … and %d more files: %d resources, %s", restFiles, restResources, humanBytes(restBytes))
	}

	p("")
	sum.print(out)
	p("")
	p("Done in %s. To save the files, run: go run ./examples/bcda-export", time.Since(start).Round(time.Millisecond))
	return nil
}

func step(out io.Writer, n int, title, format string, args ...any) {
	fmt.Fprintf(out, "Step %d   %-19s %s\n", n, title, fmt.Sprintf(format, args...))
}

// cancelJob sends DELETE for a job abandoned on Ctrl-C, so that it does not
// block the next export (BCDA refuses an overlapping one with 429).
func cancelJob(job *export.Job) {
	ctx, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if err := job.Cancel(ctx); err == nil {
		fmt.Fprintf(os.Stderr, "quickstart: interrupted; job %s cancelled\n", job.ID())
	}
}

// explain adds a hint to the errors a newcomer meets most.
func explain(err error, version string) error {
	var apiErr *client.APIError
	switch {
	case errors.Is(err, auth.ErrInvalidCredentials):
		return fmt.Errorf("%w\nhint: check %s and %s; the sandbox values are in package auth (auth.SandboxSmall() …)", err, envClientID, envClientSecret)
	case errors.Is(err, client.ErrRateLimited):
		return fmt.Errorf("%w\nhint: an export of the same kind is already running for this ACO; wait for it or cancel it", err)
	case errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden:
		return fmt.Errorf("%w\nhint: this ACO may not be enabled for API %s; try another BCDA_API_VERSION", err, version)
	}
	return err
}

func countFiles(files []export.File) string {
	if len(files) == 0 {
		return "no files"
	}
	byType := map[string]int{}
	var order []string
	for _, f := range files {
		t := string(f.Type)
		if byType[t] == 0 {
			order = append(order, t)
		}
		byType[t]++
	}
	parts := make([]string, len(order))
	for i, t := range order {
		parts[i] = fmt.Sprintf("%d %s", byType[t], t)
	}
	noun := "files"
	if len(files) == 1 {
		noun = "file"
	}
	return fmt.Sprintf("%d %s (%s)", len(files), noun, strings.Join(parts, ", "))
}

func plural(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}

func shortURL(u string) string {
	if i := strings.Index(u, "/data/"); i >= 0 {
		return u[i:]
	}
	return u
}

func humanBytes(n int64) string {
	switch {
	case n >= 1e9:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
