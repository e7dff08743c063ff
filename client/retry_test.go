package client

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/jarcoal/httpmock"
)

const jobURL = testBase + "/api/v3/jobs/42"

func TestRetryPolicy(t *testing.T) {
	connRefused := func(*http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	}
	ok := status(200, `{}`)
	tests := []struct {
		name      string
		first     httpmock.Responder
		wantCode  int // final status; 0 when an error is expected
		wantCalls int
		minWait   time.Duration
		maxWait   time.Duration
	}{
		{"429 with Retry-After seconds", status(429, "", "Retry-After", "120"), 200, 2, 120 * time.Second, 132 * time.Second},
		{"503 with Retry-After date", func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(503, "")
			r.Header.Set("Retry-After", time.Now().Add(90*time.Second).UTC().Format(http.TimeFormat))
			return r, nil
		}, 200, 2, 89 * time.Second, 100 * time.Second},
		{"503 with Retry-After epoch", func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(503, "")
			r.Header.Set("Retry-After", strconv.FormatInt(time.Now().Add(30*time.Second).Unix(), 10))
			return r, nil
		}, 200, 2, 29 * time.Second, 34 * time.Second},
		{"502 backoff", status(502, "Bad Gateway"), 200, 2, 500 * time.Millisecond, time.Second},
		{"504 backoff", status(504, ""), 200, 2, 500 * time.Millisecond, time.Second},
		{"connection refused", connRefused, 200, 2, 500 * time.Millisecond, time.Second},
		{"500 job failed is final", status(500, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"Service encountered numerous errors"}]}`), 500, 1, 0, 0},
		{"501 is final", status(501, ""), 501, 1, 0, 0},
		{"400 is final", status(400, ""), 400, 1, 0, 0},
		{"404 is final", status(404, ""), 404, 1, 0, 0},
		{"202 is success", status(202, "", "X-Progress", "In Progress (10%)"), 202, 1, 0, 0},
		{"Retry-After beyond cap is not waited", status(429, "", "Retry-After", "900"), 429, 1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				c, mt, _ := newMocked(t)
				mt.RegisterResponder(http.MethodGet, jobURL, sequence(tt.first, ok))
				start := time.Now()
				resp, err := get(t, c, jobURL)
				waited := time.Since(start)
				code := 0
				if resp != nil {
					code = resp.StatusCode
					resp.Body.Close()
				}
				var apiErr *APIError
				if errors.As(err, &apiErr) {
					code = apiErr.StatusCode
				}
				if code != tt.wantCode {
					t.Errorf("status %d (err %v), want %d", code, err, tt.wantCode)
				}
				if n := mt.GetCallCountInfo()["GET "+jobURL]; n != tt.wantCalls {
					t.Errorf("%d attempts, want %d", n, tt.wantCalls)
				}
				if waited < tt.minWait || waited > tt.maxWait {
					t.Errorf("waited %v, want %v..%v", waited, tt.minWait, tt.maxWait)
				}
			})
		})
	}
}

func TestKickoff429NotRetried(t *testing.T) {
	c, mt, _ := newMocked(t)
	const kickoff = testBase + "/api/v3/Group/all/$export"
	mt.RegisterResponder(http.MethodGet, kickoff, sequence(status(429, "", "Retry-After", "0"), status(202, "")))
	_, err := get(t, c, kickoff)
	if !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v", err)
	}
	if n := mt.GetCallCountInfo()["GET "+kickoff]; n != 1 {
		t.Errorf("duplicate-job 429 retried: %d attempts", n)
	}
}

func TestRetryExhaustedKeepsResponse(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt, _ := newMocked(t, WithRetry(2, time.Minute))
		mt.RegisterResponder(http.MethodGet, jobURL, status(503,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"SSAS introspect timed out"}]}`,
			"Retry-After", "5", "Content-Type", "application/fhir+json"))
		start := time.Now()
		_, err := get(t, c, jobURL)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.RetryAfter != 5*time.Second {
			t.Fatalf("err = %#v", err)
		}
		if !errors.Is(err, ErrUnavailable) || apiErr.Message() != "SSAS introspect timed out" {
			t.Errorf("err = %v", err)
		}
		if n := mt.GetCallCountInfo()["GET "+jobURL]; n != 3 {
			t.Errorf("%d attempts, want 3", n)
		}
		if w := time.Since(start); w < 10*time.Second || w > 11*time.Second {
			t.Errorf("waited %v", w)
		}
	})
}

func TestRetryRespectsContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c, mt, _ := newMocked(t)
		mt.RegisterResponder(http.MethodGet, jobURL, status(429, "", "Retry-After", "240"))
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, jobURL, nil)
		start := time.Now()
		_, err := c.api.Do(req)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		if w := time.Since(start); w != 3*time.Second {
			t.Errorf("returned after %v, want 3s", w)
		}
	})
}

func TestRetryDisabled(t *testing.T) {
	c, mt, _ := newMocked(t, WithRetry(0, time.Second))
	mt.RegisterResponder(http.MethodGet, jobURL, status(503, ""))
	if _, err := get(t, c, jobURL); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v", err)
	}
	if n := mt.GetCallCountInfo()["GET "+jobURL]; n != 1 {
		t.Errorf("%d attempts", n)
	}
}

func TestRetryableError(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, true},
		{syscall.ECONNRESET, true},
		{errors.New("unexpected EOF"), false},
		{&net.DNSError{Err: "no such host", Name: "x", IsNotFound: true}, false},
		{&net.DNSError{Err: "timeout", Name: "x", IsTimeout: true}, true},
		{context.Canceled, false},
		{errors.New("no responder found"), false},
	}
	for _, tt := range tests {
		if got := retryableError(tt.err); got != tt.want {
			t.Errorf("retryableError(%v) = %v", tt.err, got)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	p := &policy{max: time.Minute}
	for attempt := range 10 {
		d := p.backoff(time.Second, 30*time.Second, attempt, nil)
		hi := min(time.Second<<attempt, 30*time.Second)
		if d < hi/2 || d > hi {
			t.Errorf("attempt %d: %v outside %v..%v", attempt, d, hi/2, hi)
		}
	}
	resp := &http.Response{Header: http.Header{"Retry-After": {"100"}}}
	if d := p.backoff(time.Second, 30*time.Second, 0, resp); d != time.Minute {
		t.Errorf("Retry-After beyond cap: %v", d)
	}
	// Retry-After is waited in full plus up to 10% jitter, and the jitter
	// really varies so that clients sharing a rate limit spread out.
	resp = &http.Response{Header: http.Header{"Retry-After": {"10"}}}
	distinct := map[time.Duration]bool{}
	for range 50 {
		d := p.backoff(time.Second, 30*time.Second, 1, resp)
		if d < 10*time.Second || d > 11*time.Second {
			t.Fatalf("Retry-After 10: waited %v", d)
		}
		distinct[d] = true
	}
	if len(distinct) < 2 {
		t.Error("Retry-After wait has no jitter")
	}
}

func TestGiveUp(t *testing.T) {
	resp := &http.Response{Body: http.NoBody}
	if r, err := giveUp(resp, nil, 3); r != resp || err != nil {
		t.Error("last response not passed through")
	}
	if r, err := giveUp(resp, context.Canceled, 1); r != nil || err != context.Canceled {
		t.Error("response returned together with an error")
	}
}
