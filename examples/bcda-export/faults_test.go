package main

// End-to-end runs against the faults of issue 10: a silent connection, a
// kick-off refused with no identical job, a job started elsewhere.

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/internal/fakebcda"
)

// Data connections that go silent (after the headers, and mid-file) are
// abandoned after -idle-timeout and resumed: the files are byte-exact.
func TestSilentDownloads(t *testing.T) {
	b := newBed(t)
	b.fake.Silence(fakebcda.SilenceRule{Path: "/data/", AfterBytes: 0, Times: 1})
	b.fake.Silence(fakebcda.SilenceRule{Path: "/data/", AfterBytes: 3000, Times: 2})
	r := b.mustRun("-idle-timeout", "1s")
	t.Logf("stderr:\n%s", r.stderr)
	b.checkFiles(1)
	silent := 0
	for _, r := range b.fake.Log() {
		if strings.HasPrefix(r.Path, "/data/") && r.Status == 0 || r.Status == 200 && r.Bytes <= 3000 && strings.HasPrefix(r.Path, "/data/") {
			silent++
		}
	}
	if n := b.count("GET", "/data/"); silent == 0 || n < 3+len(b.fake.Jobs()) {
		t.Errorf("%d data requests, %d silent: the faults did not fire", n, silent)
	}
}

// A job status request that never answers is retried after the header
// timeout, and a token request that stalls after its headers is too.
func TestSilentStatusAndToken(t *testing.T) {
	b := newBed(t)
	b.fake.Silence(fakebcda.SilenceRule{Path: "/auth/token", AfterBytes: 0, Times: 1})
	b.fake.Silence(fakebcda.SilenceRule{Path: "/api/v3/jobs/", AfterBytes: -1, Times: 1})
	r := b.mustRun("-idle-timeout", "1s")
	t.Logf("stderr:\n%s", r.stderr)
	// The wait is not silent: the retried request is named, with the step
	// that timed out and the limit.
	if !strings.Contains(r.stderr, "no response headers from GET "+b.srv.URL+"/api/v3/jobs/1 within 1s") {
		t.Errorf("stderr does not name the timed-out status request:\n%s", r.stderr)
	}
	if n := b.count("POST", "/auth/token"); n < 2 {
		t.Errorf("%d token requests: the silent one was not retried", n)
	}
	unanswered := 0
	for _, r := range b.fake.Log() {
		if strings.HasPrefix(r.Path, "/api/v3/jobs/") && r.Status == 0 {
			unanswered++
		}
	}
	if unanswered != 1 {
		t.Errorf("%d unanswered status requests, want 1: the fault did not fire", unanswered)
	}
}

// An overlapping job started by another process makes BCDA refuse the
// kick-off with no identical job to adopt: the command says which job
// blocks it, waits out Retry-After, and kicks off again once it finished.
func TestKickoffWaitsForOverlappingJob(t *testing.T) {
	b := newBed(t)
	other, err := b.fake.StartJobElsewhere(auth.SandboxSmall().ClientID, b.srv.URL+"/api/v3/Patient/$export?_type=Patient")
	if err != nil {
		t.Fatal(err)
	}
	var kickoffs atomic.Int32
	b.onRequest(func(r *http.Request) {
		// The other job finishes while the command waits: its second
		// kick-off is accepted.
		if strings.HasSuffix(r.URL.Path, "/$export") && kickoffs.Add(1) == 2 {
			b.fake.SetJobState(other, fakebcda.StateCompleted)
		}
	})
	r := b.mustRun("-busy-wait", "1m")
	t.Logf("stderr:\n%s", r.stderr)
	for _, want := range []string{"BCDA refused the kick-off: job 1 (Pending, " + b.srv.URL + "/api/v3/Patient/$export?_type=Patient) overlaps it; trying again in 1s (waited 0s of -busy-wait 1m0s)"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := b.count("GET", "/api/v3/Patient/$export"); n != 3 { // elsewhere, refused, accepted
		t.Errorf("%d kick-offs, want 3", n)
	}
	b.checkFiles(2)
}

// When the wait budget is spent the command fails and names the blocking
// job and how to cancel it.
func TestKickoffBusyBudgetSpent(t *testing.T) {
	b := newBed(t)
	if _, err := b.fake.StartJobElsewhere(auth.SandboxSmall().ClientID, b.srv.URL+"/api/v3/Patient/$export"); err != nil {
		t.Fatal(err)
	}
	r := b.run(context.Background(), "-busy-wait", "500ms")
	t.Logf("exit %d, stderr:\n%s", r.code, r.stderr)
	if r.code != exitFailed {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"blocked by job 1 (Pending, " + b.srv.URL + "/api/v3/Patient/$export)", "cancel it with DELETE " + b.srv.URL + "/api/v3/jobs/1", "(retry after 1s)", "-busy-wait"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if n := b.count("DELETE", ""); n != 0 {
		t.Errorf("the command cancelled someone else's job")
	}
}

// A job started elsewhere with the identical request is adopted; an
// interrupt leaves it running (it is not this command's), and the message
// says so. A rerun re-attaches to it and saves its files.
func TestInterruptLeavesAdoptedJob(t *testing.T) {
	b := newBed(t, fakebcda.WithPendingPolls(4))
	other, err := b.fake.StartJobElsewhere(auth.SandboxSmall().ClientID, b.srv.URL+"/api/v3/Patient/$export?_type=Patient,Coverage")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var polls atomic.Int32
	b.onRequest(func(r *http.Request) {
		if r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v3/jobs/") && polls.Add(1) == 1 {
			cancel()
		}
	})
	r := b.run(ctx)
	t.Logf("exit %d, stderr:\n%s", r.code, r.stderr)
	if r.code != exitInterrupted {
		t.Fatalf("exit %d, want 130\n%s", r.code, r.stderr)
	}
	if n := b.count("DELETE", ""); n != 0 {
		t.Errorf("%d DELETE requests: an adopted job was cancelled", n)
	}
	if !strings.Contains(r.stderr, "adopted job 1") || !strings.Contains(r.stderr, "did not start it") {
		t.Errorf("stderr does not say the job was adopted and left running:\n%s", r.stderr)
	}
	if st := readState(t, b.statePath()); st.JobOrigin != originAdopted || !strings.HasSuffix(st.JobURL, "/jobs/1") {
		t.Errorf("state %+v, want job 1 recorded as adopted", st)
	}
	// Re-attached from the state file, still not ours: again left running.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	polls.Store(0)
	b.onRequest(func(r *http.Request) {
		if r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v3/jobs/") && polls.Add(1) == 1 {
			cancel2()
		}
	})
	if r := b.run(ctx2); r.code != exitInterrupted || b.count("DELETE", "") != 0 || !strings.Contains(r.stderr, "re-attaching to job 1 (adopted") {
		t.Errorf("re-attached run: exit %d, %d DELETEs\n%s", r.code, b.count("DELETE", ""), r.stderr)
	}
	b.onRequest(nil)
	b.mustRun()
	b.checkFiles(other)
}

// A base URL naming an endpoint is refused before any request, with the
// root to use instead.
func TestBaseURLNamingEndpoint(t *testing.T) {
	b := newBed(t)
	var stdout, stderr bytes.Buffer
	args := []string{"-base-url", b.srv.URL + "/api/v3", "-client-id", "a", "-client-secret", "b", "-out", b.out}
	if code := run(context.Background(), args, env(), &stdout, &stderr); code != exitUsage {
		t.Fatalf("exit %d, want 2\n%s", code, stderr.String())
	}
	if want := "give the server root instead: -base-url " + b.srv.URL + " -api v3"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
	}
	if n := len(b.fake.Log()); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}
