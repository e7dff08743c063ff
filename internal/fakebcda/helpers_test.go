package fakebcda

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// creds is a client ID and secret. The fake's tests use the published
// values themselves (shared/reference/bcda-sandbox-user-guide.md and
// bcda-static-site src/_data/credentials.yml), never package auth.
type creds struct{ id, secret string }

// The sets the tests use. The guide's sets select bcda-app fixture ACOs
// (test ACOs, exempt from the duplicate-job rule); advSmall selects the
// current small model entity (SBXAS001, rate limited when the server limits
// all ACOs).
var (
	guideXS     = creds{"3841c594-a8c0-41e5-98cc-38bb45360d3c", "f9780d323588f1cdfc3e63e95a8cbdcdd47602ff48a537b51dc5d7834bf466416a716bd4508e904a"}
	guideSmall  = creds{"d5f83f74-6c55-4f1e-9d16-0022688171ba", "01c23cf3f31f82a5c2dcef5136a8eaa32959158351f4e28aaec5fc6550cb2a5b5d112c5b8aacc434"}
	guideMedium = creds{"8c75a6f6-02b9-4a47-96c1-0bd6efd4b5e3", "e1c920141c4aca6b8f726fa8aa0f7b55e095fd1ea3368a5f24b3636fdc907f113d6677977c7259dd"}
	guideLarge  = creds{"f268a8c6-8a29-4d2b-8b92-263dc775750d", "78ed083ad8e49475f36d04153649012b92c363a538ac97beaf0f7900403989581fc35324baa31e36"}
	guideXL     = creds{"6152afb4-c555-46e4-93de-fa16a441d643", "1ace5a0e9fdf0c3d713e8c029269eacd024732ccd59e2cf283374e0f8dc93b34429d71b77e55b9a2"}
	advSmall    = creds{"6dc59a4c-ef93-46c0-9c00-02e500e13731", "48fe3a3731ee5b68cf4ebeea6d93fa2d9db3396e94f6830f17d7d7c0fa1fb61f413fcde6f6322f84"}
)

// fixedClock is a settable clock for tests.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time      { return c.t }
func (c *fixedClock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *fixedClock {
	return &fixedClock{t: time.Date(2026, 11, 25, 12, 0, 0, 123456789, time.UTC)}
}

// do sends one request to h in-process and returns the recorded response.
func do(t testing.TB, h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func bearer(t testing.TB, s *Server, c creds) string {
	t.Helper()
	tok, err := s.IssueToken(c.id, c.secret)
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + tok
}

// kickoffHeaders are the headers a correct kick-off carries.
func kickoffHeaders(authz string) []string {
	return []string{"Authorization", authz, "Accept", "application/fhir+json", "Prefer", "respond-async"}
}

// runJob kicks off target and polls until 200, returning the job id path.
func runJob(t testing.TB, s *Server, authz, target string) (jobURL string, manifest *httptest.ResponseRecorder) {
	t.Helper()
	w := do(t, s, "GET", target, kickoffHeaders(authz)...)
	if w.Code != http.StatusAccepted {
		t.Fatalf("kick-off %s: %d %s", target, w.Code, w.Body)
	}
	loc := w.Header().Get("Content-Location")
	path := strings.TrimPrefix(loc, "http://example.com")
	for i := 0; i < 100; i++ {
		w = do(t, s, "GET", path, "Authorization", authz)
		if w.Code == http.StatusOK {
			return path, w
		}
		if w.Code != http.StatusAccepted {
			t.Fatalf("poll %s: %d %s", path, w.Code, w.Body)
		}
	}
	t.Fatalf("job %s never completed", path)
	return "", nil
}

func readAll(t testing.TB, r io.Reader) []byte {
	t.Helper()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// NewTestServer serves a new Server under httptest until the test ends
// (package fakebcdatest does the same for other packages' tests).
func NewTestServer(t testing.TB, opts ...Option) (*Server, *httptest.Server) {
	t.Helper()
	s := New(opts...)
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); s.Close() })
	return s, ts
}
