package client

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// BenchmarkStack compares one GET through the client's full stack (retry
// policy → origin gate → bearer token → transport) with the same GET through
// a bare http.Client, both against one local httptest server with
// keep-alive, so the difference is the stack's own cost. The stack
// sub-benchmark reports its time as a multiple of the bare one.
func BenchmarkStack(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"access_token": "tok", "expires_in": "1200"}`)
	})
	mux.HandleFunc("GET /api/v3/jobs/1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Progress", "In Progress (50%)")
		w.WriteHeader(http.StatusAccepted)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	url := srv.URL + "/api/v3/jobs/1"

	run := func(b *testing.B, hc *http.Client) {
		b.ReportAllocs()
		for b.Loop() {
			if code := getDiscard(b, hc, url); code != http.StatusAccepted {
				b.Fatal(code)
			}
		}
	}

	var bareNs float64
	b.Run("bare", func(b *testing.B) {
		run(b, &http.Client{Transport: srv.Client().Transport})
		bareNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("stack", func(b *testing.B) {
		c, err := New(WithBaseURL(srv.URL), WithCredentials(testCreds),
			WithHTTPClient(&http.Client{Transport: srv.Client().Transport}))
		if err != nil {
			b.Fatal(err)
		}
		run(b, c.httpClient())
		if bareNs > 0 {
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/bareNs, "x-bare")
		}
	})
}

// BenchmarkStackInterleaved sends one GET through the bare client and one
// through the stack per op, timing each, so that load from other processes
// hits both alike; it reports both means and their ratio.
func BenchmarkStackInterleaved(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"access_token": "tok", "expires_in": "1200"}`)
	})
	mux.HandleFunc("GET /api/v3/jobs/1", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	url := srv.URL + "/api/v3/jobs/1"
	bare := &http.Client{Transport: srv.Client().Transport}
	c, err := New(WithBaseURL(srv.URL), WithCredentials(testCreds),
		WithHTTPClient(&http.Client{Transport: srv.Client().Transport}))
	if err != nil {
		b.Fatal(err)
	}
	stack := c.httpClient()
	one := func(hc *http.Client) time.Duration {
		start := time.Now()
		getDiscard(b, hc, url)
		return time.Since(start)
	}
	one(stack) // fetch the token outside the measurement
	var tBare, tStack time.Duration
	for b.Loop() {
		tBare += one(bare)
		tStack += one(stack)
	}
	n := float64(b.N)
	b.ReportMetric(float64(tBare.Nanoseconds())/n, "bare-ns/req")
	b.ReportMetric(float64(tStack.Nanoseconds())/n, "stack-ns/req")
	b.ReportMetric(float64(tStack)/float64(tBare), "x-bare")
}

// getDiscard sends a GET to url through hc, reads and closes the body as a
// caller would, and returns the status code.
func getDiscard(b *testing.B, hc *http.Client, url string) int {
	req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, url, nil)
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// BenchmarkCheckResponse measures turning a BCDA error into an *APIError.
func BenchmarkCheckResponse(b *testing.B) {
	const body = `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"structure","details":{"text":"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."},"diagnostics":"Invalid date format supplied in _since parameter.  Date must be in FHIR Instant format."}]}`
	b.ReportAllocs()
	for b.Loop() {
		err := checkResponse(response("GET", "https://h/api/v3/Patient/$export", 400, body))
		if err == nil {
			b.Fatal("nil")
		}
	}
}

// cannedTransport answers every request with an empty 202 without any I/O,
// so that BenchmarkStackInMemory measures the layers alone.
type cannedTransport struct{}

func (cannedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodPost {
		return &http.Response{StatusCode: 200, Header: http.Header{}, Request: req,
			Body: io.NopCloser(strings.NewReader(`{"access_token": "tok", "expires_in": "1200"}`))}, nil
	}
	return &http.Response{StatusCode: http.StatusAccepted, Header: http.Header{}, Body: http.NoBody, Request: req}, nil
}

// BenchmarkStackInMemory is the stack's own cost per request: the same GET
// through a bare http.Client and through the client's stack, both over a
// transport that does no I/O.
func BenchmarkStackInMemory(b *testing.B) {
	const url = "https://bcda.test/api/v3/jobs/1"
	c, err := New(WithBaseURL("https://bcda.test"), WithCredentials(testCreds),
		WithHTTPClient(&http.Client{Transport: cannedTransport{}}))
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		hc   *http.Client
	}{{"bare", &http.Client{Transport: cannedTransport{}}}, {"stack", c.httpClient()}} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := b.Context()
			b.ReportAllocs()
			for b.Loop() {
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
				resp, err := tc.hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
		})
	}
}
