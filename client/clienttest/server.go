package clienttest

import (
	"testing"
	"time"

	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/client/offline"
)

// Server is an offline BCDA (package offline) listening on a loopback port
// for the duration of one test. Its fields and methods are offline.Server's
// — URL, Credentials, ExpireTokens, Requests, Exports, NewClient — except
// that the fault methods report an invalid argument by failing the test
// instead of returning an error. Its methods are safe for concurrent use.
type Server struct {
	*offline.Server
	tb testing.TB
}

// NewServer starts an offline BCDA configured by opts (offline.Polls,
// offline.Beneficiaries, offline.Seed …) and stops it when the test ends. It
// fails the test at once on an invalid option.
func NewServer(tb testing.TB, opts ...offline.Option) *Server {
	tb.Helper()
	s, err := offline.Start(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("clienttest: closing the server: %v", err)
		}
	})
	return &Server{Server: s, tb: tb}
}

// Client returns a client for the server's ACO. Further options are applied
// after the base URL and credentials, so they may override them (for
// example client.WithVersion). It fails the test if the client cannot be
// built.
func (s *Server) Client(tb testing.TB, opts ...client.Option) *client.Client {
	tb.Helper()
	c, err := s.NewClient(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// FailNextJobs makes the next n jobs fail when they would complete; see
// offline.Server.FailNextJobs. n below 1 fails the test.
func (s *Server) FailNextJobs(n int) {
	s.tb.Helper()
	s.check(s.Server.FailNextJobs(n))
}

// CutDownloads makes the next n data-file downloads that reach afterBytes
// body bytes lose their connection there; see offline.Server.CutDownloads.
// An invalid argument fails the test.
func (s *Server) CutDownloads(afterBytes int64, n int) {
	s.tb.Helper()
	s.check(s.Server.CutDownloads(afterBytes, n))
}

// FailRequests makes the next n requests whose method and path prefix match
// answer status with the given Retry-After; see offline.Server.FailRequests.
// An invalid argument fails the test.
func (s *Server) FailRequests(method, pathPrefix string, status int, retryAfter time.Duration, n int) {
	s.tb.Helper()
	s.check(s.Server.FailRequests(method, pathPrefix, status, retryAfter, n))
}

// check fails the test with err. It uses Errorf, which any goroutine may
// call, so that a subtest sharing its parent's server reports correctly; the
// fault is not installed.
func (s *Server) check(err error) {
	s.tb.Helper()
	if err != nil {
		s.tb.Errorf("clienttest: %v", err)
	}
}
