package fakebcda

import (
	"net/http/httptest"
	"testing"
)

// NewTestServer starts a Server under httptest on a loopback port and closes
// both when the test ends. The base URL to give a client is ts.URL.
//
//	s, ts := fakebcda.NewTestServer(t, fakebcda.WithInProgressPolls(0))
func NewTestServer(t testing.TB, opts ...Option) (*Server, *httptest.Server) {
	t.Helper()
	s := New(opts...)
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		if err := s.Close(); err != nil {
			t.Errorf("fakebcda: closing: %v", err)
		}
	})
	return s, ts
}
