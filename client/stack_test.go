package client

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/jarcoal/httpmock"
)

// seen records the Authorization header of every request per URL.
type seen struct {
	mu   sync.Mutex
	auth map[string][]string
}

func (s *seen) record(code int, body string, kv ...string) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		s.mu.Lock()
		if s.auth == nil {
			s.auth = map[string][]string{}
		}
		s.auth[req.URL.String()] = append(s.auth[req.URL.String()], req.Header.Get("Authorization"))
		s.mu.Unlock()
		return status(code, body, kv...)(req)
	}
}

func TestTokenOnlyToBaseOrigin(t *testing.T) {
	c, mt, _ := newMocked(t)
	var s seen
	for _, u := range []string{
		testBase + "/data/1/a.ndjson",
		"https://bcda.test:443/data/1/b.ndjson",  // same origin, explicit port
		"https://BCDA.test/data/1/c.ndjson",      // host case differs
		"https://files.example.org/1/a.ndjson",   // another host
		"http://bcda.test/data/1/a.ndjson",       // another scheme
		"https://bcda.test:8443/data/1/a.ndjson", // another port
	} {
		mt.RegisterResponder(http.MethodGet, u, s.record(200, "x"))
	}
	want := map[string]bool{
		testBase + "/data/1/a.ndjson":            true,
		"https://bcda.test:443/data/1/b.ndjson":  true,
		"https://BCDA.test/data/1/c.ndjson":      true,
		"https://files.example.org/1/a.ndjson":   false,
		"http://bcda.test/data/1/a.ndjson":       false,
		"https://bcda.test:8443/data/1/a.ndjson": false,
	}
	for u, withToken := range want {
		resp, err := get(t, c, u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		resp.Body.Close()
		if got := s.auth[u][0] == "Bearer tok-1"; got != withToken || (!withToken && s.auth[u][0] != "") {
			t.Errorf("%s: Authorization %q", u, s.auth[u][0])
		}
	}
}

func TestRedirectDropsToken(t *testing.T) {
	c, mt, _ := newMocked(t)
	var s seen
	mt.RegisterResponder(http.MethodGet, testBase+"/data/1/away.ndjson",
		s.record(http.StatusFound, "", "Location", "https://cdn.example.org/away.ndjson"))
	mt.RegisterResponder(http.MethodGet, testBase+"/data/1/home.ndjson",
		s.record(http.StatusFound, "", "Location", "/data/1/moved.ndjson"))
	mt.RegisterResponder(http.MethodGet, "https://cdn.example.org/away.ndjson", s.record(200, "away"))
	mt.RegisterResponder(http.MethodGet, testBase+"/data/1/moved.ndjson", s.record(200, "home"))

	for _, u := range []string{testBase + "/data/1/away.ndjson", testBase + "/data/1/home.ndjson"} {
		resp, err := get(t, c, u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if a := s.auth["https://cdn.example.org/away.ndjson"][0]; a != "" {
		t.Errorf("token followed a redirect to another host: %q", a)
	}
	if a := s.auth[testBase+"/data/1/moved.ndjson"][0]; a != "Bearer tok-1" {
		t.Errorf("same-origin redirect lost the token: %q", a)
	}
}

func TestAnonymousNeverSendsToken(t *testing.T) {
	c, mt, tk := newMocked(t)
	var s seen
	mt.RegisterResponder(http.MethodGet, testBase+"/data/1/a.ndjson", s.record(200, "x"))
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, testBase+"/data/1/a.ndjson", nil)
	resp, err := c.exportConn().Anonymous.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if s.auth[testBase+"/data/1/a.ndjson"][0] != "" || tk.n.Load() != 0 {
		t.Error("anonymous client sent or fetched a token")
	}
}

func TestStackReplays401(t *testing.T) {
	c, mt, tk := newMocked(t)
	// The server has expired tok-1: the first attempt fails, the replay with
	// tok-2 succeeds, all inside one call.
	mt.RegisterResponder(http.MethodDelete, jobURL, func(req *http.Request) (*http.Response, error) {
		if req.Header.Get("Authorization") != "Bearer tok-2" {
			return httpmock.NewStringResponse(401, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"forbidden","diagnostics":"Expired Token"}]}`), nil
		}
		return httpmock.NewStringResponse(202, ""), nil
	})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodDelete, jobURL, nil)
	resp, err := c.api.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 202 || tk.n.Load() != 2 {
		t.Fatalf("status %d after %d token requests", resp.StatusCode, tk.n.Load())
	}
}

func TestSilentByDefault(t *testing.T) {
	c, _, _ := newMocked(t)
	for _, rt := range []http.RoundTripper{c.api.Transport.(rewindable).rt, c.anon.Transport} {
		rt, ok := rt.(*retryablehttp.RoundTripper)
		if !ok || rt.Client.Logger != nil {
			t.Fatalf("retry layer has a logger: %#v", rt.Client.Logger)
		}
	}
	if c.exportConn().Logger != nil {
		t.Error("export gets a logger")
	}
}

func TestTokenRateLimitNotRetried(t *testing.T) {
	c, mt, _ := newMocked(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/auth/token", status(429,
		"A9994 exceeded the rate limit for /auth/token. Access tokens last 20 minutes; please cache and reuse them.",
		"Retry-After", "300"))
	mt.RegisterResponder(http.MethodGet, jobURL, status(200, "{}"))
	_, err := get(t, c, jobURL)
	var te *auth.TokenError
	if !errors.As(err, &te) || te.StatusCode != 429 || te.RetryAfter != 5*time.Minute {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "please cache and reuse them") {
		t.Errorf("error hides the server's explanation: %v", err)
	}
	if n := mt.GetCallCountInfo()["POST "+testBase+"/auth/token"]; n != 1 {
		t.Errorf("%d token requests", n)
	}
	if n := mt.GetCallCountInfo()["GET "+jobURL]; n != 0 {
		t.Errorf("API called without a token")
	}
}
