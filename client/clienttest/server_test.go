package clienttest_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/clienttest"
	"github.com/bcda-go/bcda/client/offline"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/ndjson"
)

func TestExportAgainstServer(t *testing.T) {
	srv := clienttest.NewServer(t, offline.Polls(0, 1))
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
	if n != 100 { // offline's default ACO
		t.Fatalf("read %d patients, want 100", n)
	}
	if got := srv.Requests("POST", "/auth/token"); got != 2 {
		t.Errorf("token requests = %d, want 2 (one, then one after ExpireTokens)", got)
	}
}

func TestFaults(t *testing.T) {
	srv := clienttest.NewServer(t, offline.Beneficiaries(3), offline.Polls(0, 0))
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

	srv.FailRequests("GET", "/api/v3/metadata", 404, 0, 1)
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

// TestFaultsBeforeAnyToken is the README's test: faults set before the
// client has a token apply to its first requests, Requests counts what
// reached the wire and Exports the exports started.
func TestFaultsBeforeAnyToken(t *testing.T) {
	srv := clienttest.NewServer(t, offline.Polls(0, 1))
	c := srv.Client(t, client.WithRetry(4, 10*time.Millisecond)) // retry waits of at most 10 ms
	ctx := context.Background()

	srv.ExpireTokens()                           // no token yet: the first one used meets the 401
	srv.FailRequests("GET", "/data/", 503, 0, 2) // two downloads throttled, no Retry-After
	srv.CutDownloads(4096, 1)                    // one download loses its connection mid-file

	job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := job.Wait(ctx, export.PollInterval(time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range m.Output {
		readAll(t, ctx, job, f)
	}
	for _, tt := range []struct {
		name      string
		got, want int
	}{
		{"exports", srv.Exports(), 1},
		{"kick-off requests (one 401, one replay)", srv.Requests("GET", "/api/v3/Patient/$export"), 2},
		{"token requests (first, then after the 401)", srv.Requests("POST", "/auth/token"), 2},
	} {
		if tt.got != tt.want {
			t.Errorf("%s = %d, want %d", tt.name, tt.got, tt.want)
		}
	}
	// 2 files, 2 throttled attempts, 1 cut and its resumption at least.
	if n := srv.Requests("GET", "/data/"); n < 5 {
		t.Errorf("data requests = %d, want at least 5", n)
	}
}

func TestInvalidFault(t *testing.T) {
	for _, tt := range []struct {
		name  string
		fault func(*clienttest.Server)
	}{
		{"FailNextJobs(0)", func(s *clienttest.Server) { s.FailNextJobs(0) }},
		{"CutDownloads(-1, 1)", func(s *clienttest.Server) { s.CutDownloads(-1, 1) }},
		{"CutDownloads(10, 0)", func(s *clienttest.Server) { s.CutDownloads(10, 0) }},
		{"FailRequests status 200", func(s *clienttest.Server) { s.FailRequests("", "", 200, 0, 1) }},
		{"FailRequests fractional Retry-After", func(s *clienttest.Server) { s.FailRequests("", "", 503, 1500*time.Millisecond, 1) }},
		{"FailRequests n 0", func(s *clienttest.Server) { s.FailRequests("", "", 503, 0, 0) }},
	} {
		rec := &fatalRecorder{TB: t}
		srv := clienttest.NewServer(rec)
		tt.fault(srv)
		if !rec.failed {
			t.Errorf("%s did not fail the test", tt.name)
		}
		if n := srv.Requests("", ""); n != 0 {
			t.Errorf("%s: %d requests reached the server", tt.name, n)
		}
	}
}

func TestInvalidOption(t *testing.T) {
	ft := &fatalRecorder{TB: t}
	func() {
		defer func() { _ = recover() }()
		clienttest.NewServer(ft, offline.Beneficiaries(0))
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

func (f *fatalRecorder) Errorf(string, ...any) { f.failed = true }
