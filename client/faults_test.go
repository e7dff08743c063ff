package client

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
	"github.com/bcda-go/bcda/internal/memnet"
)

// faultBed is the fake BCDA on an in-memory network, inside a synctest
// bubble: the silences it injects cost no real time.
type faultBed struct {
	fake *fakebcda.Server
	c    *Client
}

const bedURL = "http://bcda.test"

func newFaultBed(t *testing.T, opts ...Option) *faultBed {
	t.Helper()
	fake := fakebcda.New(fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0), fakebcda.WithGzipLevel(1))
	tr, stop := memnet.Serve(fake)
	t.Cleanup(func() { stop(); fake.Close() })
	c, err := New(append([]Option{
		WithBaseURL(bedURL), WithInsecureHTTP(), WithCredentials(auth.SandboxSmall()),
		WithHTTPClient(&http.Client{Transport: tr}),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return &faultBed{fake: fake, c: c}
}

// export runs a Patient export to completion and returns the job and its
// first file.
func (b *faultBed) export(t *testing.T) (*export.Job, export.File) {
	t.Helper()
	job, err := b.c.Export(t.Context(), []fhir.ResourceType{fhir.TypePatient}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	m, err := job.Wait(t.Context(), export.PollInterval(time.Second, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	return job, m.Output[0]
}

func readAll(t *testing.T, job *export.Job, f export.File) []byte {
	t.Helper()
	rc, err := job.Open(t.Context(), f)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSilentServer(t *testing.T) {
	t.Run("download resumes after a silence mid-file", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			b := newFaultBed(t)
			job, f := b.export(t)
			want := readAll(t, job, f)
			for _, after := range []int64{0, 1000} {
				b.fake.Silence(fakebcda.SilenceRule{Path: "/data/", AfterBytes: after, Times: 1})
				start := time.Now()
				got := readAll(t, job, f)
				if !bytes.Equal(got, want) || len(want) == 0 {
					t.Errorf("after %d bytes: got %d bytes, want the same %d", after, len(got), len(want))
				}
				if d := time.Since(start); d < defaultIdleTimeout || d > 2*defaultIdleTimeout {
					t.Errorf("recovered after %v, want about one idle timeout (%v)", d, defaultIdleTimeout)
				}
			}
			if n := b.fake.Requests("GET", "/data/"); n != 5 {
				t.Errorf("%d file requests, want 1 + 2×(silent + resume)", n)
			}
		})
	})
	t.Run("status, manifest and token silences are retried", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			b := newFaultBed(t)
			b.fake.Silence(fakebcda.SilenceRule{Path: "/auth/token", AfterBytes: 0, Times: 1})    // headers, then nothing
			b.fake.Silence(fakebcda.SilenceRule{Path: "/api/v3/jobs/", AfterBytes: -1, Times: 1}) // no answer at all
			b.fake.Silence(fakebcda.SilenceRule{Path: "/api/v3/jobs/", AfterBytes: 20, Times: 1}) // manifest cut short
			job, f := b.export(t)
			if job.ID() == "" || f.URL == "" {
				t.Fatal("no job")
			}
			if n := b.fake.Requests("POST", "/auth/token"); n != 2 {
				t.Errorf("%d token requests, want the silent one and its retry", n)
			}
			if n := b.fake.Requests("GET", "/api/v3/jobs/"); n != 3 {
				t.Errorf("%d status requests, want silent, stalled manifest, good", n)
			}
		})
	})
	t.Run("a server that never answers says which step timed out", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			b := newFaultBed(t, WithTimeouts(Timeouts{Header: 10 * time.Second}), WithRetry(2, time.Minute))
			if _, err := b.c.Jobs(t.Context()); err != nil { // fetch a token first
				t.Fatal(err)
			}
			b.fake.Silence(fakebcda.SilenceRule{Path: "/api/v3/Patient/$export", AfterBytes: -1})
			start := time.Now()
			_, err := b.c.Export(t.Context(), []fhir.ResourceType{fhir.TypePatient}, time.Time{})
			if !errors.Is(err, ErrHeaderTimeout) {
				t.Fatalf("err = %v, want ErrHeaderTimeout", err)
			}
			if msg := err.Error(); !strings.Contains(msg, "no response headers from GET "+bedURL+"/api/v3/Patient/$export within 10s") {
				t.Errorf("message %q", msg)
			}
			if d := time.Since(start); d > 3*10*time.Second+2*backoffCeiling {
				t.Errorf("gave up after %v", d)
			}
			if n := b.fake.Requests("GET", "/api/v3/Patient/$export"); n != 3 {
				t.Errorf("%d kick-offs, want 3 (two retries)", n)
			}
		})
	})
}
