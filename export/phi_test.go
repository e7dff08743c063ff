package export_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
	"github.com/bcda-go/bcda/internal/phiscan"
)

// lockedBuffer collects text written from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// No resource content leaves through a side channel: after an export of
// the offline sandbox's data with error files, broken streams, throttling
// and a file that fails for good, the client's log at Debug level, the
// progress reports, every error text, the checkpoint and manifest.json
// hold none of the identifiers, names and MBIs the server sent.
func TestNoPHIInSideChannels(t *testing.T) {
	t.Parallel()
	s, base, _ := newFake(t, fakebcda.WithPendingPolls(1), fakebcda.WithInProgressPolls(1),
		fakebcda.WithBatchSize(fhir.TypePatient, 4), fakebcda.WithBatchSize(fhir.TypeCoverage, 4))
	s.SetErrorLines(2)
	var logs, side lockedBuffer
	c, err := client.New(
		client.WithBaseURL(base),
		client.WithCredentials(testCreds),
		client.WithRetry(6, 50*time.Millisecond),
		client.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
	)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	job, err := c.Export(ctx, nil, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := job.Wait(ctx, fastPoll, export.OnProgress(func(st export.Status) { fmt.Fprintf(&side, "%+v\n", st) })); err != nil {
		t.Fatal(err)
	}
	s.CutFileAfter(3000, 2)
	s.TruncateGzip(1)
	s.Fail(fakebcda.FaultRule{Path: "/data/", Times: 2, Status: 503, RetryAfter: "0"})
	dir := filepath.Join(t.TempDir(), "out")
	cp := filepath.Join(t.TempDir(), "checkpoint.json")
	progress := export.OnFileProgress(func(p export.FileProgress) { fmt.Fprintf(&side, "%+v\n", p) })
	res, err := job.Download(ctx, dir, export.Checkpoint(cp), progress)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&side, "%+v\n", res.Files)

	// A second download in which one data file fails for good: its error
	// texts go into the scan too.
	s.Fail(fakebcda.FaultRule{Path: "/data/", Skip: 1, Status: 404})
	res2, err := job.Download(ctx, filepath.Join(t.TempDir(), "again"), progress)
	if err == nil {
		t.Fatal("a download with failing files succeeded")
	}
	fmt.Fprintf(&side, "%v\n", err)
	for _, f := range res2.Files {
		if f.Err != nil {
			fmt.Fprintf(&side, "%v\n", f.Err)
		}
	}
	s.ClearFaults()

	saved, err := export.OpenSaved(dir)
	if err != nil {
		t.Fatal(err)
	}
	phi, err := phiscan.Collect(saved.Files)
	if err != nil {
		t.Fatal(err)
	}
	if len(phi) < 30 || !slices.ContainsFunc(phi, func(s string) bool { return strings.Contains(s, " ") }) {
		t.Fatalf("collected only %d identifiers and names from the saved files: %q", len(phi), phi)
	}
	if mbis, err := phiscan.FromErrorFiles(saved.Files, phi); err != nil || len(mbis) == 0 {
		t.Fatalf("no MBI collected from the error files (%d errors): %v", saved.ErrorCount, err)
	}
	if !strings.Contains(logs.String(), "level=DEBUG") {
		t.Fatalf("the faults left no debug log; the scan proves nothing:\n%s", logs.String())
	}
	checkpoint, _ := os.ReadFile(cp)
	manifest, _ := os.ReadFile(filepath.Join(dir, export.SavedManifestName))
	for name, text := range map[string]string{
		"debug log":          logs.String(),
		"progress and error": side.String(),
		"checkpoint":         string(checkpoint),
		"manifest.json":      string(manifest),
	} {
		if len(text) == 0 {
			t.Errorf("%s: empty", name)
		}
		if leaks := phiscan.Leaks(text, phi); len(leaks) > 0 {
			t.Errorf("%s holds %q, served in the data", name, leaks)
		}
	}
}
