package export_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
	"github.com/bcda-go/bcda/internal/fakebcda/fakebcdatest"
)

var fastPoll = export.PollInterval(time.Millisecond, 5*time.Millisecond)

// testCreds is a 10-beneficiary ACO: small files keep the race detector quick.
var testCreds = auth.Credentials{ClientID: "export-test", ClientSecret: "export-test-secret"}

func newFake(t *testing.T, opts ...fakebcda.Option) (*fakebcda.Server, string, *client.Client) {
	t.Helper()
	s, ts := fakebcdatest.NewServer(t, opts...)
	s.Register(testCreds.ClientID, testCreds.ClientSecret, 10)
	c, err := client.New(
		client.WithBaseURL(ts.URL),
		client.WithCredentials(testCreds),
		client.WithVersion(client.V3),
		client.WithRetry(6, 50*time.Millisecond),
	)
	if err != nil {
		t.Fatal(err)
	}
	return s, ts.URL, c
}

// reference fetches every file of m with Go's own transparent gzip and
// returns the SHA-256 of each, keyed by file name.
func reference(t *testing.T, s *fakebcda.Server, m *export.Manifest) map[string]string {
	t.Helper()
	tok, err := s.IssueToken(testCreds.ClientID, testCreds.ClientSecret)
	if err != nil {
		t.Fatal(err)
	}
	sums := map[string]string{}
	for _, f := range append(append([]export.File{}, m.Output...), m.Error...) {
		req, _ := http.NewRequest(http.MethodGet, f.URL, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		h := sha256.New()
		_, err = io.Copy(h, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("reference %s: %v %d", f.URL, err, resp.StatusCode)
		}
		sums[redactedURL(f.URL)] = hex.EncodeToString(h.Sum(nil))
	}
	return sums
}

// redactedURL is a file URL without its query string: the key that ties a
// saved file to the server's.
func redactedURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	u.RawQuery = ""
	return u.String()
}

func checkAgainst(t *testing.T, res *export.DownloadResult, want map[string]string) {
	t.Helper()
	if len(res.Files) != len(want) {
		t.Fatalf("%d files, want %d", len(res.Files), len(want))
	}
	for _, f := range res.Files {
		b, err := os.ReadFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(b)
		if got := hex.EncodeToString(sum[:]); got != want[redactedURL(f.File.URL)] || f.SHA256 != got {
			t.Errorf("%s: content differs from the server's", f.Name)
		}
	}
	entries, _ := os.ReadDir(res.Dir)
	for _, e := range entries {
		if filepath.Ext(e.Name()) == ".part" {
			t.Errorf("partial file left: %s", e.Name())
		}
	}
}

func TestFakeEndToEnd(t *testing.T) {
	t.Parallel()
	s, _, c := newFake(t, fakebcda.WithPendingPolls(1), fakebcda.WithInProgressPolls(2))
	ctx := context.Background()
	job, err := c.Export(ctx, nil, time.Time{}, export.GroupAll())
	if err != nil {
		t.Fatal(err)
	}
	var seen []export.State
	m, err := job.Wait(ctx, fastPoll, export.OnProgress(func(st export.Status) { seen = append(seen, st.State) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) < 3 || seen[0] != export.Pending || seen[len(seen)-1] != export.Completed {
		t.Errorf("progress states %v", seen)
	}
	if len(m.Output) == 0 || !m.RequiresAccessToken || m.JobID == 0 {
		t.Fatalf("manifest %+v", m)
	}
	want := reference(t, s, m)
	s.ResetLog()
	res, err := job.Download(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	checkAgainst(t, res, want)
	if n := s.Requests("GET", "/data/"); n != len(want) {
		t.Errorf("%d data requests, want %d", n, len(want))
	}
	if res.WarningCount == 0 {
		t.Errorf("v3 warnings-and-info not reported as a warning")
	}
	if res.ErrorCount != 0 {
		t.Errorf("errors %v", res.Errors)
	}

	// Another process re-attaches from the saved URL.
	again, err := c.Job(job.URL())
	if err != nil {
		t.Fatal(err)
	}
	st, err := again.Poll(ctx)
	if err != nil || st.State != export.Completed || len(st.Manifest.Output) != len(m.Output) {
		t.Fatalf("re-attached poll: %+v, %v", st, err)
	}
	jobs, err := c.Jobs(ctx, export.Completed)
	if err != nil || len(jobs) != 1 || jobs[0].ID != job.ID() || jobs[0].URL != job.URL() {
		t.Errorf("jobs %+v, %v", jobs, err)
	}
}

func TestFakeDownloadFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		inject func(*fakebcda.Server)
		extra  [2]int // extra data requests, min and max
		conc   int    // 1 where a fault must land on a given file
	}{
		{"clean", func(*fakebcda.Server) {}, [2]int{0, 0}, 4},
		// Each cut fires on the next download that reaches 256 bytes; with one
		// download at a time they land on known files. Resumed with Range.
		{"connection cut mid-file", func(s *fakebcda.Server) { s.CutFileAfter(256, 2) }, [2]int{2, 2}, 1},
		{"truncated gzip", func(s *fakebcda.Server) { s.TruncateGzip(2) }, [2]int{2, 2}, 4},
		// Every download in flight may meet the expired token before the
		// refresh; each is replayed once.
		{"token expired", func(s *fakebcda.Server) { s.ExpireTokens() }, [2]int{1, 3}, 4},
		{"token expired and cut", func(s *fakebcda.Server) { s.ExpireTokens(); s.CutFileAfter(256, 1) }, [2]int{2, 2}, 1},
		{"503 storm", func(s *fakebcda.Server) {
			s.Fail(fakebcda.FaultRule{Method: "GET", Path: "/data/", Times: 8, Status: 503})
		}, [2]int{8, 8}, 4},
		// Retry-After longer than the client's cap: the client gives up at
		// once and Download backs off itself.
		{"429 storm", func(s *fakebcda.Server) {
			s.Fail(fakebcda.FaultRule{Method: "GET", Path: "/data/", Times: 5, Status: 429, RetryAfter: "1"})
		}, [2]int{5, 5}, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, _, c := newFake(t, fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0))
			ctx := context.Background()
			// Patient and Coverage: small files, and no v3 warnings file
			// (it comes with EOB exports).
			job, err := c.Export(ctx, []fhir.ResourceType{fhir.TypePatient, fhir.TypeCoverage}, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			m, err := job.Wait(ctx, fastPoll)
			if err != nil {
				t.Fatal(err)
			}
			want := reference(t, s, m)
			s.ResetLog()
			tc.inject(s)
			res, err := job.Download(ctx, t.TempDir(), export.Concurrency(tc.conc))
			if err != nil {
				t.Fatal(err)
			}
			checkAgainst(t, res, want)
			n := s.Requests("GET", "/data/") - len(want)
			if n < tc.extra[0] || n > tc.extra[1] {
				t.Errorf("%d extra data requests, want %d..%d", n, tc.extra[0], tc.extra[1])
			}
			// 429/503 lower the concurrency, whether the client's retries
			// absorbed them (ReportThrottle) or Download saw them itself.
			if storm := strings.Contains(tc.name, "storm"); storm != (res.Throttles > 0) {
				t.Errorf("throttles %d", res.Throttles)
			}
		})
	}
}

func TestFakeJobOutcomes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	eob := []fhir.ResourceType{fhir.TypeExplanationOfBenefit}

	t.Run("failed", func(t *testing.T) {
		t.Parallel()
		s, _, c := newFake(t)
		s.FailNextJobs(1)
		job, err := c.Export(ctx, eob, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = job.Wait(ctx, fastPoll)
		var ae *client.APIError
		if !errors.Is(err, export.ErrJobFailed) || !errors.As(err, &ae) || ae.StatusCode != 500 {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), "Job failed to complete") {
			t.Errorf("err %q lacks the OperationOutcome's diagnostics", err)
		}
		polls := s.Requests("GET", "/api/v3/jobs/")
		if _, err := job.Poll(ctx); !errors.Is(err, export.ErrJobFailed) {
			t.Errorf("second poll: %v", err)
		}
		if s.Requests("GET", "/api/v3/jobs/") != polls+1 {
			t.Errorf("a failed poll was retried by the client")
		}
	})
	t.Run("status 503 storm", func(t *testing.T) {
		t.Parallel()
		s, _, c := newFake(t, fakebcda.WithPendingPolls(1), fakebcda.WithInProgressPolls(1))
		job, err := c.Export(ctx, eob, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		// 10 failures: more than the client's 6 retries, so Wait itself
		// has to carry on.
		s.Fail(fakebcda.FaultRule{Method: "GET", Path: "/api/v3/jobs/", Times: 10, Status: 503})
		if _, err := job.Wait(ctx, fastPoll); err != nil {
			t.Fatal(err)
		}
		if n := s.Requests("GET", "/api/v3/jobs/"); n != 10+3 {
			t.Errorf("%d status requests, want 13 (10 refused, 3 answered)", n)
		}
	})
	t.Run("cancelled", func(t *testing.T) {
		t.Parallel()
		_, _, c := newFake(t, fakebcda.WithPendingPolls(5))
		job, err := c.Export(ctx, eob, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if err := job.Cancel(ctx); err != nil {
			t.Fatal(err)
		}
		// A fresh handle, so the cancellation is recognised from the server's answer.
		again, _ := c.Job(job.URL())
		_, err = again.Wait(ctx, fastPoll)
		if !errors.Is(err, export.ErrJobCancelled) {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(err.Error(), "Job has been cancelled") {
			t.Errorf("err %q lacks the OperationOutcome's diagnostics", err)
		}
	})
	t.Run("archived", func(t *testing.T) {
		t.Parallel()
		s, _, c := newFake(t, fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0))
		job, err := c.Export(ctx, eob, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := job.Wait(ctx, fastPoll); err != nil {
			t.Fatal(err)
		}
		id := 0
		for _, r := range job.ID() {
			id = id*10 + int(r-'0')
		}
		s.SetJobState(id, fakebcda.StateArchived)
		if _, err := job.Poll(ctx); !errors.Is(err, export.ErrJobExpired) || errors.Is(err, export.ErrJobCancelled) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("expired after 24 h", func(t *testing.T) {
		t.Parallel()
		now := time.Now()
		clock := func() time.Time { return now }
		_, _, c := newFake(t, fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0), fakebcda.WithClock(func() time.Time { return clock() }))
		job, err := c.Export(ctx, eob, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := job.Wait(ctx, fastPoll); err != nil {
			t.Fatal(err)
		}
		later := now.Add(25 * time.Hour)
		clock = func() time.Time { return later }
		_, err = job.Poll(ctx)
		var ae *client.APIError
		if !errors.Is(err, export.ErrJobExpired) || !errors.As(err, &ae) || ae.StatusCode != 410 {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("duplicate", func(t *testing.T) {
		t.Parallel()
		s, _, c := newFake(t, fakebcda.WithPendingPolls(50), fakebcda.WithRetryAfter(0))
		first, err := c.Export(ctx, eob, time.Time{}, export.GroupAll())
		if err != nil {
			t.Fatal(err)
		}
		kickoffs := s.Requests("GET", "/api/v3/Group/")
		_, err = c.Export(ctx, eob, time.Time{}, export.GroupAll())
		if !errors.Is(err, client.ErrRateLimited) {
			t.Fatalf("duplicate: err = %v", err)
		}
		if n := s.Requests("GET", "/api/v3/Group/") - kickoffs; n != 1 {
			t.Errorf("duplicate kick-off sent %d times: a 429 there must come back at once", n)
		}
		job, err := c.Export(ctx, eob, time.Time{}, export.GroupAll(), export.AttachIfRunning())
		if err != nil {
			t.Fatal(err)
		}
		if job.URL() != first.URL() {
			t.Errorf("attached to %s, want %s", job.URL(), first.URL())
		}
	})
}
