package fakebcda

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
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

func bearer(t testing.TB, s *Server, c auth.Credentials) string {
	t.Helper()
	tok, err := s.IssueToken(c)
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
