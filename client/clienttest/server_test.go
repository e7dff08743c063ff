package clienttest_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/clienttest"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/ndjson"
)

func TestExportAgainstServer(t *testing.T) {
	srv := clienttest.NewServer(t, clienttest.Polls(0, 1))
	c := srv.Client(t)
	ctx := context.Background()

	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := job.Wait(ctx, export.PollInterval(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Output) != 1 {
		t.Fatalf("manifest has %d output files, want 1", len(m.Output))
	}
	srv.ExpireTokens() // the download must refresh the token by itself
	rc, err := job.Open(ctx, m.Output[0])
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	n := 0
	for p, err := range ndjson.Decode[fhir.Patient](rc) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Id == nil || *p.Id == "" {
			t.Fatalf("patient %d has no id", n)
		}
		n++
	}
	if n != 50 {
		t.Fatalf("read %d patients, want 50", n)
	}
	if got := srv.Requests("POST", "/auth/token"); got != 2 {
		t.Errorf("token requests = %d, want 2 (one, then one after ExpireTokens)", got)
	}
}

func TestFaults(t *testing.T) {
	srv := clienttest.NewServer(t, clienttest.Beneficiaries(3), clienttest.Polls(0, 0))
	c := srv.Client(t)
	ctx := context.Background()

	srv.FailNextJobs(1)
	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := job.Wait(ctx); !errors.Is(err, export.ErrJobFailed) {
		t.Fatalf("Wait = %v, want ErrJobFailed", err)
	}

	srv.FailRequests("GET", "/api/v3/metadata", 404, "", 1)
	_, err = c.Metadata(ctx)
	if !errors.Is(err, client.ErrNotFound) {
		t.Fatalf("Metadata = %v, want ErrNotFound", err)
	}

	job, err = c.Export(ctx, []fhir.ResourceType{fhir.TypeCoverage}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := job.Wait(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := readAll(t, ctx, job, m.Output[0])
	srv.CutDownloads(100, 1)
	got := readAll(t, ctx, job, m.Output[0])
	if got != want {
		t.Fatalf("a download through a cut connection differs: %d bytes, want %d", len(got), len(want))
	}
	if srv.Requests("GET", "/data/") < 3 {
		t.Fatalf("the cut download was not resumed: %d data requests", srv.Requests("GET", "/data/"))
	}
}

func readAll(t *testing.T, ctx context.Context, job *export.Job, f export.File) string {
	t.Helper()
	rc, err := job.Open(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatalf("reading %s: %v", f.URL, err)
	}
	return string(b)
}

func TestInvalidOption(t *testing.T) {
	ft := &fatalRecorder{TB: t}
	func() {
		defer func() { _ = recover() }()
		clienttest.NewServer(ft, clienttest.Beneficiaries(0))
	}()
	if !ft.failed {
		t.Fatal("Beneficiaries(0) did not fail the test")
	}
}

// fatalRecorder records Fatal instead of stopping the real test.
type fatalRecorder struct {
	testing.TB
	failed bool
}

func (f *fatalRecorder) Fatal(args ...any) {
	f.failed = true
	panic("fatal")
}
