package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// TestStreamedDownloadThroughStack serves a file whose second half is
// written only after the client has read the first: the body must stream
// through retry and token layers, including after a 401 replay.
func TestStreamedDownloadThroughStack(t *testing.T) {
	const half = 1 << 20
	firstRead := make(chan struct{})
	var tokens atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/token", func(w http.ResponseWriter, r *http.Request) {
		n := tokens.Add(1)
		io.WriteString(w, `{"access_token": "tok-`+string(rune('0'+n))+`", "expires_in": "1200"}`)
	})
	mux.HandleFunc("GET /data/1/file.ndjson", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok-2" {
			http.Error(w, "Expired Token", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/fhir+ndjson")
		io.WriteString(w, strings.Repeat("a", half))
		w.(http.Flusher).Flush()
		select {
		case <-firstRead:
		case <-r.Context().Done():
			return
		case <-time.After(10 * time.Second):
			return // the client buffered: it never saw the first half alone
		}
		io.WriteString(w, strings.Repeat("b", half))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	c, err := New(WithBaseURL(srv.URL), WithCredentials(testCreds))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := get(t, c, srv.URL+"/data/1/file.ndjson")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadFull(resp.Body, make([]byte, half)); err != nil {
		t.Fatal(err)
	}
	close(firstRead)
	rest, err := io.ReadAll(resp.Body)
	if err != nil || len(rest) != half || rest[0] != 'b' {
		t.Fatalf("second half: %d bytes, %v", len(rest), err)
	}
	if tokens.Load() != 2 {
		t.Errorf("%d tokens", tokens.Load())
	}
}

// TestCallerContextDuringTokenFetch: a hanging token endpoint must not hold
// a caller past its own deadline.
func TestCallerContextDuringTokenFetch(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		hang := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
		c, err := New(WithBaseURL("http://fake.localhost"), WithCredentials(testCreds),
			WithHTTPClient(&http.Client{Transport: handlerTransport{hang}}))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		start := time.Now()
		_, err = c.AttributionStatus(ctx)
		if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != 3*time.Second {
			t.Errorf("err = %v after %v", err, time.Since(start))
		}
	})
}

// TestCancelledCallerDoesNotFailOthers: two calls wait on one slow token
// fetch; cancelling one must neither fail the other nor cost a second
// token request.
func TestCancelledCallerDoesNotFailOthers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		release := make(chan struct{})
		var tokens atomic.Int32
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/auth/token" {
				select {
				case <-release:
				case <-r.Context().Done():
					return
				}
				tokens.Add(1)
				io.WriteString(w, `{"access_token":"tok-1","expires_in":"1200"}`)
				return
			}
			io.WriteString(w, `{"ingestion_dates":[]}`)
		})
		c, err := New(WithBaseURL("http://fake.localhost"), WithCredentials(testCreds),
			WithHTTPClient(&http.Client{Transport: handlerTransport{h}}))
		if err != nil {
			t.Fatal(err)
		}
		impatient, cancel := context.WithCancel(t.Context())
		gaveUp, waited := make(chan error, 1), make(chan error, 1)
		go func() { _, err := c.AttributionStatus(impatient); gaveUp <- err }()
		go func() { _, err := c.AttributionStatus(t.Context()); waited <- err }()
		synctest.Wait() // both wait on the one token request
		cancel()
		if err := <-gaveUp; !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled caller: %v", err)
		}
		close(release)
		if err := <-waited; err != nil {
			t.Errorf("patient caller failed with the other's cancellation: %v", err)
		}
		if n := tokens.Load(); n != 1 {
			t.Errorf("%d token requests, want 1", n)
		}
	})
}
