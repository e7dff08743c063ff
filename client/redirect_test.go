package client

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

// authLog records the Authorization header each path received.
type authLog struct {
	mu   sync.Mutex
	seen map[string][]string
}

func (l *authLog) add(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.seen == nil {
		l.seen = map[string][]string{}
	}
	l.seen[r.URL.Path] = append(l.seen[r.URL.Path], r.Header.Get("Authorization"))
}

func (l *authLog) get(path string) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.seen[path]...)
}

// TestRedirectToOtherLoopbackPort runs two real servers on loopback: the
// BCDA origin redirects to the other port, which must receive no token,
// whatever the redirect status; a redirect that comes back to the origin
// carries the token again.
func TestRedirectToOtherLoopbackPort(t *testing.T) {
	var home, away authLog
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		away.add(r)
		if r.URL.Path == "/back" {
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
			return
		}
		io.WriteString(w, "away")
	}))
	defer other.Close()
	bcda := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		home.add(r)
		switch r.URL.Path {
		case "/auth/token":
			io.WriteString(w, `{"access_token":"loopback-token-1","expires_in":"1200"}`)
		case "/data/1/found":
			http.Redirect(w, r, other.URL+"/f", http.StatusFound)
		case "/data/1/temporary":
			http.Redirect(w, r, other.URL+"/t", http.StatusTemporaryRedirect)
		case "/data/1/permanent":
			http.Redirect(w, r, other.URL+"/p", http.StatusPermanentRedirect)
		case "/data/1/roundtrip":
			http.Redirect(w, r, other.URL+"/back?to="+"http://"+r.Host+"/data/1/home", http.StatusFound)
		default:
			io.WriteString(w, "home")
		}
	}))
	defer bcda.Close()

	c, err := New(WithBaseURL(bcda.URL), WithCredentials(testCreds), WithRetry(0, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/data/1/found", "/data/1/temporary", "/data/1/permanent", "/data/1/roundtrip"} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, bcda.URL+path, nil)
		resp, err := c.httpClient().Do(req)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", path, resp.StatusCode)
		}
		if got := home.get(path); len(got) != 1 || got[0] != "Bearer loopback-token-1" {
			t.Errorf("%s on the BCDA origin: Authorization %q", path, got)
		}
	}
	for _, path := range []string{"/f", "/t", "/p", "/back"} {
		if got := away.get(path); len(got) != 1 || got[0] != "" {
			t.Errorf("%s on another loopback port: Authorization %q", path, got)
		}
	}
	if got := home.get("/data/1/home"); len(got) != 1 || got[0] != "Bearer loopback-token-1" {
		t.Errorf("redirect back to the origin: Authorization %q", got)
	}
}

// rejectFirstToken makes POST <testBase>/api/v3/things answer 401 to any
// token but tok-2, and returns a function listing what each attempt sent,
// as "<Authorization> <body>".
func rejectFirstToken(mt *httpmock.MockTransport) (sent func() []string) {
	var mu sync.Mutex
	var log []string
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v3/things", func(req *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(req.Body)
		mu.Lock()
		log = append(log, req.Header.Get("Authorization")+" "+string(b))
		mu.Unlock()
		if req.Header.Get("Authorization") != "Bearer tok-2" {
			return httpmock.NewStringResponse(401, "Unauthorized"), nil
		}
		return httpmock.NewStringResponse(200, "{}"), nil
	})
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(log)
	}
}

// TestStackReplays401WithBody sends a body through the whole stack (the
// retry layer buffers it) and checks that the replay after a 401 carries the
// same body and the new token.
func TestStackReplays401WithBody(t *testing.T) {
	c, mt, tk := newMocked(t)
	sent := rejectFirstToken(mt)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, testBase+"/api/v3/things", strings.NewReader("payload"))
	resp, err := c.httpClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := []string{"Bearer tok-1 payload", "Bearer tok-2 payload"}
	if got := sent(); resp.StatusCode != 200 || fmt.Sprint(got) != fmt.Sprint(want) || tk.n.Load() != 2 {
		t.Fatalf("status %d, sent %q, %d tokens", resp.StatusCode, got, tk.n.Load())
	}
}

func TestHTTPClientIsACopy(t *testing.T) {
	c, _, _ := newMocked(t)
	hc := c.httpClient()
	hc.Transport = http.DefaultTransport
	if c.httpClient().Transport == http.DefaultTransport {
		t.Fatal("changing the returned client changed the Client")
	}
}

// TestStackReplays401StreamedBody: a body without GetBody (a pipe, say)
// is replayed too, and the caller's request is left as it was.
func TestStackReplays401StreamedBody(t *testing.T) {
	c, mt, _ := newMocked(t)
	sent := rejectFirstToken(mt)
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, testBase+"/api/v3/things",
		io.MultiReader(strings.NewReader("pay"), strings.NewReader("load")))
	if req.GetBody != nil {
		t.Fatal("test request has GetBody")
	}
	resp, err := c.httpClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	want := []string{"Bearer tok-1 payload", "Bearer tok-2 payload"}
	if got := sent(); resp.StatusCode != 200 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("status %d, sent %q", resp.StatusCode, got)
	}
	if resp.Request != req || req.GetBody != nil {
		t.Error("the caller's request was changed or not named by the response")
	}
}
