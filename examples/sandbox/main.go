// Command sandbox serves the built-in offline BCDA (package client/offline)
// on a local port, so that the SDK, its examples and plain curl can be tried
// without credentials or network access.
//
//	go run ./examples/sandbox -addr 127.0.0.1:8080
//
// It prints the base URL, the four sandbox credential sets the BCDA
// documentation publishes (every earlier set works too) and a curl
// walkthrough (token, metadata, kick-off, poll, download). Ctrl-C stops it
// and removes the generated files.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client/offline"
)

func main() {
	// -h prints the usage and exits 0: asking for help is not a failure.
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil && !errors.Is(err, flag.ErrHelp) {
		log.SetFlags(0)
		log.Fatal("sandbox: ", err)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address")
	seed := fs.Int64("seed", 1, "seed of the synthetic data")
	pending := fs.Int("pending-polls", 1, "status polls answering X-Progress: Pending")
	progress := fs.Int("progress-polls", 2, "status polls answering X-Progress: In Progress (NN%)")
	jobDuration := fs.Duration("job-duration", 0, "if set, jobs complete this long after kick-off instead of per poll, e.g. 30s")
	latency := fs.Duration("latency", 0, "delay added to every request, e.g. 200ms")
	bandwidth := fs.Int64("bandwidth", 0, "cap on each response in bytes per second (0: none)")
	verbose := fs.Bool("v", false, "log every request to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pending < 0 || *progress < 0 || *jobDuration < 0 || *latency < 0 || *bandwidth < 0 {
		return errors.New("-pending-polls, -progress-polls, -job-duration, -latency and -bandwidth must not be negative")
	}
	opts := []offline.Option{
		offline.ListenAddr(*addr), offline.Seed(*seed), offline.Polls(*pending, *progress),
		// As the real sandbox: only one model entity meets the duplicate-job
		// rule, so the documentation's curl commands can run back to back.
		offline.SandboxRateLimit(),
	}
	if *jobDuration > 0 {
		opts = append(opts, offline.JobDuration(*jobDuration))
	}
	if *latency > 0 {
		opts = append(opts, offline.Latency(*latency))
	}
	if *bandwidth > 0 {
		opts = append(opts, offline.Bandwidth(*bandwidth))
	}
	if *verbose {
		opts = append(opts, offline.RequestLog(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	srv, err := offline.Start(opts...)
	if err != nil {
		return err
	}
	printWelcome(out, srv.URL)

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	fmt.Fprintln(out, "\nshutting down")
	return srv.Close()
}

func printWelcome(out io.Writer, base string) {
	fmt.Fprintf(out, "BCDA sandbox (offline, synthetic data) listening on %s\n\n", base)
	fmt.Fprintln(out, "Credentials (the sets the BCDA documentation publishes now; every earlier")
	fmt.Fprintln(out, "published set, the sandbox guide's five included, works too):")
	for _, c := range []struct {
		name  string
		size  string
		creds auth.Credentials
	}{
		{"small", "100", auth.SandboxSmall()},
		{"large", "10,000", auth.SandboxLarge()},
		{"REACH small", "110", auth.SandboxREACHSmall()},
		{"REACH large", "11,000", auth.SandboxREACHLarge()},
	} {
		fmt.Fprintf(out, "  %-11s %6s beneficiaries  client_id=%s\n  %34s client_secret=%s\n",
			c.name, c.size, c.creds.ClientID, "", c.creds.ClientSecret)
	}
	fmt.Fprintf(out, `
Walkthrough (bash; jobs advance one step per status request):

  BASE=%s
  ID=%s
  SECRET=%s

  # 1. token (expires in 20 minutes)
  TOKEN=$(curl -s -d "" -X POST "$BASE/auth/token" --user "$ID:$SECRET" -H "Accept: application/json" \
    | sed -E 's/.*"access_token": "([^"]+)".*/\1/')

  # 2. server metadata (no token needed)
  curl -s "$BASE/api/v3/metadata" -H "Accept: application/json"; echo

  # 3. start an export; the job URL is in Content-Location
  curl -si "$BASE/api/v3/Patient/\$export?_type=Patient,Coverage" \
    -H "Accept: application/fhir+json" -H "Prefer: respond-async" -H "Authorization: Bearer $TOKEN"

  # 4. poll (repeat until HTTP 200; 202 carries X-Progress)
  curl -si "$BASE/api/v3/jobs/1" -H "Authorization: Bearer $TOKEN"

  # 5. download the first file listed in "output" (gzip on request, plain otherwise)
  URL=$(curl -s "$BASE/api/v3/jobs/1" -H "Authorization: Bearer $TOKEN" | grep -o '"url":"[^"]*' | head -1 | cut -d'"' -f4)
  curl -s "$URL" -H "Authorization: Bearer $TOKEN" -H "Accept-Encoding: gzip" | gunzip | head -c 600

Go: client.New(client.WithBaseURL(%q), client.WithCredentials(auth.SandboxSmall()))
Ctrl-C stops the server.
`, base, auth.SandboxSmall().ClientID, auth.SandboxSmall().ClientSecret, base)
}
