// Package fakebcdatest serves the offline BCDA of package fakebcda under
// httptest for the duration of one test. It is apart from fakebcda so that
// programs using the fake (examples, the public offline package) do not link
// package testing.
package fakebcdatest

import (
	"net/http/httptest"
	"testing"

	"github.com/bcda-go/bcda/internal/fakebcda"
)

// NewServer starts a fakebcda.Server under httptest on a loopback port and
// closes both when the test ends. The base URL to give a client is ts.URL.
//
//	s, ts := fakebcdatest.NewServer(t, fakebcda.WithInProgressPolls(0))
func NewServer(t testing.TB, opts ...fakebcda.Option) (*fakebcda.Server, *httptest.Server) {
	t.Helper()
	s := fakebcda.New(opts...)
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		if err := s.Close(); err != nil {
			t.Errorf("fakebcda: closing: %v", err)
		}
	})
	return s, ts
}
