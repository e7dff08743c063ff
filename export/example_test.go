package export_test

import (
	"bufio"
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"os"
	"path/filepath"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
)

// exampleClient starts an offline BCDA with a 10-beneficiary ACO and
// returns a client for it, and a function that stops the server. Against
// the real sandbox: client.New(client.WithCredentials(auth.SandboxSmall())).
func exampleClient(opts ...fakebcda.Option) (*client.Client, func()) {
	s := fakebcda.New(opts...)
	creds := auth.Credentials{ClientID: "example-id", ClientSecret: "example-secret"}
	s.Register(creds.ClientID, creds.ClientSecret, 10)
	ts := httptest.NewServer(s)
	c, err := client.New(client.WithBaseURL(ts.URL), client.WithCredentials(creds))
	if err != nil {
		log.Fatal(err)
	}
	return c, func() { ts.Close(); s.Close() }
}

// Kick off an export, then wait for it while reporting progress.
func ExampleJob_Wait() {
	c, stop := exampleClient(fakebcda.WithPendingPolls(1), fakebcda.WithInProgressPolls(1))
	defer stop()
	ctx := context.Background()

	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient}, time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	// Save job.URL() somewhere: another process can re-attach with c.Job(url).
	m, err := job.Wait(ctx,
		export.PollInterval(10*time.Millisecond, 100*time.Millisecond), // the default is 1 s growing to 30 s
		export.OnProgress(func(s export.Status) { fmt.Println(s.State, s.Percent) }),
	)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(m.Output), "file of", m.Output[0].Type)
	// Output:
	// Pending -1
	// In Progress 50
	// Completed 100
	// 1 file of Patient
}

// Stream one file of a completed job, decompressed and resumed on failure.
func ExampleJob_Open() {
	c, stop := exampleClient(fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0))
	defer stop()
	ctx := context.Background()

	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient}, time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	m, err := job.Wait(ctx)
	if err != nil {
		log.Fatal(err)
	}
	rc, err := job.Open(ctx, m.Output[0])
	if err != nil {
		log.Fatal(err)
	}
	defer rc.Close()
	// ndjson.Decode[fhir.Patient](rc) would decode them; here we only count lines.
	lines := 0
	sc := bufio.NewScanner(rc)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		lines++
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	fmt.Println(lines, "patients")
	// Output:
	// 10 patients
}

// Download every file of a job into a directory, resumably.
func ExampleJob_Download() {
	c, stop := exampleClient(fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0))
	defer stop()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "bcda-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient, fhir.TypeExplanationOfBenefit}, time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	if _, err := job.Wait(ctx); err != nil {
		log.Fatal(err)
	}
	// Run it again after a crash: files already verified are skipped.
	res, err := job.Download(ctx, dir, export.Concurrency(4), export.Checkpoint(dir+"/checkpoint.json"))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range res.Files {
		// f.Path, f.Bytes, f.Lines and f.SHA256 describe the file on disk.
		fmt.Println(f.Kind, f.File.Type, f.Name == filepath.Base(f.Path))
	}
	for _, w := range res.Warnings {
		fmt.Println("warning:", w.Message)
	}
	// Output:
	// output Patient true
	// output ExplanationOfBenefit true
	// error OperationOutcome true
	// warning: Default System-Type behavior includes only claims from NCH and DDPS in this export.
}

// Read a saved export back: which file holds which resource type, with
// counts, from the manifest.json Download wrote, without guessing from
// names. ListSaved does the same for a folder of exports, oldest first.
func ExampleOpenSaved() {
	c, stop := exampleClient(fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0))
	defer stop()
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "bcda-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage}, time.Time{})
	if err != nil {
		log.Fatal(err)
	}
	// Private by default (files 0600, folders 0700); this shares the folder
	// with its group.
	if _, err := job.Download(ctx, filepath.Join(dir, "job"), export.Permissions(0o640, 0o750)); err != nil {
		log.Fatal(err)
	}

	// Later, in another program (a loader, say):
	saved, err := export.OpenSaved(filepath.Join(dir, "job"))
	if err != nil {
		log.Fatal(err) // errors.Is(err, export.ErrNotSaved): the download did not finish
	}
	for _, t := range saved.Types() {
		for _, f := range saved.Output(t) {
			fmt.Println(f.Name, f.Lines, "lines, from the server's", filepath.Ext(f.SourceName))
		}
	}
	for _, s := range saved.Summary {
		fmt.Println(s.Kind, s.Type, s.Files, "file(s),", s.Lines, "lines")
	}
	// Output:
	// Patient-001.ndjson 10 lines, from the server's .ndjson
	// Coverage-001.ndjson 31 lines, from the server's .ndjson
	// output Patient 1 file(s), 10 lines
	// output Coverage 1 file(s), 31 lines
}

// Kick off while another process's overlapping export still runs: BCDA
// refuses with 429 until it ends, and WaitIfBusy waits it out.
func ExampleWaitIfBusy() {
	s := fakebcda.New()
	defer s.Close()
	creds := auth.Credentials{ClientID: "example-id", ClientSecret: "example-secret"}
	s.Register(creds.ClientID, creds.ClientSecret, 10)
	ts := httptest.NewServer(s)
	defer ts.Close()
	c, err := client.New(client.WithBaseURL(ts.URL), client.WithCredentials(creds))
	if err != nil {
		log.Fatal(err)
	}
	// Another process exports every type (no _type): it overlaps anything.
	other, err := s.StartJobElsewhere(creds.ClientID, ts.URL+"/api/v3/Patient/$export")
	if err != nil {
		log.Fatal(err)
	}

	job, err := c.Export(context.Background(), []fhir.ResourceType{fhir.TypePatient}, time.Time{},
		export.WaitIfBusy(10*time.Minute, func(b export.Busy) {
			for _, j := range b.Blocking {
				fmt.Printf("refused: job %s (%s) blocks this export; retrying in %v\n", j.ID, j.State, b.RetryAfter)
			}
			s.SetJobState(other, fakebcda.StateCompleted) // offline BCDA only: the other export ends meanwhile
		}))
	if err != nil {
		// Without WaitIfBusy, or once the budget is spent: a *BusyError
		// naming the blocking job and its URL, to cancel it if it is yours.
		log.Fatal(err)
	}
	fmt.Println("job", job.ID(), "started by this process:", job.Started())
	// Output:
	// refused: job 1 (Pending) blocks this export; retrying in 1s
	// job 2 started by this process: true
}
