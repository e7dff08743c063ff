package auth

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jarcoal/httpmock"
)

// apiServer accepts only the token named by *valid and records what it saw.
type apiServer struct {
	mu     sync.Mutex
	valid  string
	bodies []string
	auths  []string
}

func (a *apiServer) respond(req *http.Request) (*http.Response, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.auths = append(a.auths, req.Header.Get("Authorization"))
	if req.Body != nil {
		b, _ := io.ReadAll(req.Body)
		a.bodies = append(a.bodies, string(b))
	}
	if req.Header.Get("Authorization") != "Bearer "+a.valid {
		return httpmock.NewStringResponse(401, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Expired Token"}]}`), nil
	}
	return httpmock.NewStringResponse(200, "streamed file contents"), nil
}

func newAPI(t *testing.T, valid string) (*apiServer, *httpmock.MockTransport, TokenSource) {
	t.Helper()
	ts := &tokenServer{expiresIn: "1200"}
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testTokenURL, ts.respond)
	api := &apiServer{valid: valid}
	mt.RegisterNoResponder(api.respond)
	return api, mt, mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
}

func TestTransportAddsBearer(t *testing.T) {
	api, mt, src := newAPI(t, "tok-1")
	hc := &http.Client{Transport: &Transport{Source: src, Base: mt}}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://bcda.test/api/v3/jobs/1", nil)
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || api.auths[0] != "Bearer tok-1" {
		t.Fatalf("status %d, auth %q", resp.StatusCode, api.auths[0])
	}
	if req.Header.Get("Authorization") != "" {
		t.Error("the caller's request was modified")
	}
}

func TestTransportReplaysOn401(t *testing.T) {
	tests := []struct {
		name     string
		method   string
		body     func() (io.Reader, bool) // reader, whether GetBody is set
		wantCode int
		wantSent int
	}{
		{"GET", http.MethodGet, nil, 200, 2},
		{"DELETE", http.MethodDelete, nil, 200, 2},
		{"POST with GetBody", http.MethodPost, func() (io.Reader, bool) { return strings.NewReader("payload"), true }, 200, 2},
		{"POST without GetBody", http.MethodPost, func() (io.Reader, bool) { return io.MultiReader(strings.NewReader("payload")), false }, 401, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The server only accepts the second token, as after an expiry.
			api, mt, src := newAPI(t, "tok-2")
			var body io.Reader
			if tt.body != nil {
				body, _ = tt.body()
			}
			req, _ := http.NewRequestWithContext(t.Context(), tt.method, "https://bcda.test/data/1/a.ndjson", body)
			resp, err := (&http.Client{Transport: &Transport{Source: src, Base: mt}}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantCode || len(api.auths) != tt.wantSent {
				t.Fatalf("status %d after %d sends (%v)", resp.StatusCode, len(api.auths), api.auths)
			}
			if tt.wantCode == 200 {
				if string(got) != "streamed file contents" {
					t.Errorf("body %q", got)
				}
				if api.auths[1] != "Bearer tok-2" {
					t.Errorf("replay carried %q", api.auths[1])
				}
				if tt.body != nil && api.bodies[1] != "payload" {
					t.Errorf("replayed body %q", api.bodies[1])
				}
			}
		})
	}
}

func TestTransportReplaysOnce(t *testing.T) {
	api, mt, src := newAPI(t, "never")
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://bcda.test/api/v3/jobs/1", nil)
	resp, err := (&http.Client{Transport: &Transport{Source: src, Base: mt}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 401 || len(api.auths) != 2 || !bytes.Contains(b, []byte("Expired Token")) {
		t.Fatalf("status %d, %d sends, body %q", resp.StatusCode, len(api.auths), b)
	}
}

func TestTransportTokenError(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testTokenURL, httpmock.NewStringResponder(401, "Unauthorized\n"))
	src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
	body := &closeRecorder{Reader: strings.NewReader("x")}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "https://bcda.test/x", body)
	_, err := (&Transport{Source: src, Base: mt}).RoundTrip(req)
	if !errors.Is(err, ErrInvalidCredentials) {
		t.Fatalf("err = %v", err)
	}
	if !body.closed {
		t.Error("request body not closed on error")
	}
	if _, err := (&Transport{Base: mt}).RoundTrip(req); err == nil {
		t.Error("nil Source accepted")
	}
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// TestTransportConcurrentExpiry: many requests in flight when the token
// expires; the source must rotate once, not once per request, and every
// request must end with 200.
func TestTransportConcurrentExpiry(t *testing.T) {
	ts := &tokenServer{expiresIn: "1200"}
	mt := httpmock.NewMockTransport()
	mt.RegisterResponder(http.MethodPost, testTokenURL, ts.respond)
	var mu sync.Mutex
	valid := "tok-1"
	mt.RegisterNoResponder(func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		defer mu.Unlock()
		if req.Header.Get("Authorization") != "Bearer "+valid {
			return httpmock.NewStringResponse(401, "Expired Token"), nil
		}
		return httpmock.NewStringResponse(200, "ok"), nil
	})
	src := mustBasic(t, testTokenURL, testCreds, &http.Client{Transport: mt})
	hc := &http.Client{Transport: &Transport{Source: src, Base: mt}}
	do := func() int {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://bcda.test/api/v3/jobs/1", nil)
		resp, err := hc.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if do() != 200 {
		t.Fatal("warm-up failed")
	}
	mu.Lock()
	valid = "tok-2" // the server expires tok-1
	mu.Unlock()
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			if code := do(); code != 200 {
				t.Errorf("status %d", code)
			}
		})
	}
	wg.Wait()
	if n := ts.n.Load(); n != 2 {
		t.Errorf("%d token requests, want 2 (one per expiry)", n)
	}
}

func TestStaticTokenSource(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var calls atomic.Int32
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		calls.Add(1)
		return httpmock.NewStringResponse(401, ""), nil
	})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://bcda.test/x", nil)
	resp, err := (&Transport{Source: StaticTokenSource(Token{AccessToken: "t"}), Base: mt}).RoundTrip(req)
	if err != nil || resp.StatusCode != 401 || calls.Load() != 1 {
		t.Fatalf("%v %v %d: a static token must not be replayed", resp, err, calls.Load())
	}
	if _, err := StaticTokenSource(Token{}).Token(t.Context()); !errors.Is(err, ErrNoCredentials) {
		t.Errorf("empty static source: %v", err)
	}
}

func TestTransportResponseHidesToken(t *testing.T) {
	_, mt, src := newAPI(t, "tok-1")
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, "https://bcda.test/x", nil)
	resp, err := (&Transport{Source: src, Base: mt}).RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request != req || resp.Request.Header.Get("Authorization") != "" {
		t.Error("resp.Request exposes the token-bearing copy")
	}
}

func TestTransportInvalidatesWithoutReplay(t *testing.T) {
	api, mt, src := newAPI(t, "tok-2")
	hc := &http.Client{Transport: &Transport{Source: src, Base: mt}}
	// A streamed body cannot be replayed: the 401 comes back, but the
	// rejected token must not be used again.
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "https://bcda.test/x", io.MultiReader(strings.NewReader("payload")))
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodGet, "https://bcda.test/y", nil)
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := []string{"Bearer tok-1", "Bearer tok-2"}
	if resp.StatusCode != 200 || len(api.auths) != 2 || api.auths[0] != want[0] || api.auths[1] != want[1] {
		t.Fatalf("status %d, sent %v, want %v", resp.StatusCode, api.auths, want)
	}
}
