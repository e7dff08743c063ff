package clienttest

import (
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/client"
	"github.com/bcda-go/bcda/internal/fakebcda"
)

// Server is an offline BCDA listening on a loopback port for the duration of
// one test. Its methods are safe for concurrent use.
type Server struct {
	// URL is the base URL to give client.WithBaseURL, e.g. http://127.0.0.1:41234.
	URL string
	// Credentials select the server's ACO at POST /auth/token.
	Credentials auth.Credentials

	fake *fakebcda.Server
	http *httptest.Server
}

type config struct {
	beneficiaries int
	seed          int64
	pending       int
	inProgress    int
}

// Option configures NewServer.
type Option func(*config) error

// Beneficiaries sets how many synthetic beneficiaries the server's ACO has
// (default 50). Every 50 beneficiaries make
// one ExplanationOfBenefit file, as in BCDA.
func Beneficiaries(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("clienttest: Beneficiaries(%d): need at least 1", n)
		}
		c.beneficiaries = n
		return nil
	}
}

// Seed selects the synthetic population (default 1). The same seed always
// produces byte-identical files.
func Seed(seed int64) Option {
	return func(c *config) error { c.seed = seed; return nil }
}

// Polls sets how many status polls answer 202 "Pending" and then
// "In Progress (NN%)" before a job completes (default 1 and 2). Polls(0, 0)
// completes a job on its first poll.
func Polls(pending, inProgress int) Option {
	return func(c *config) error {
		if pending < 0 || inProgress < 0 {
			return fmt.Errorf("clienttest: Polls(%d, %d): counts cannot be negative", pending, inProgress)
		}
		c.pending, c.inProgress = pending, inProgress
		return nil
	}
}

// NewServer starts an offline BCDA and stops it when the test ends. It fails
// the test at once on an invalid option.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s, err := Start(opts...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Errorf("clienttest: closing the server: %v", err)
		}
	})
	return s
}

// Start starts an offline BCDA outside a single test — in TestMain, an
// Example or a development tool. The caller must Close it.
func Start(opts ...Option) (*Server, error) {
	cfg := config{beneficiaries: 50, seed: 1, pending: 1, inProgress: 2}
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	fake := fakebcda.New(
		fakebcda.WithSeed(cfg.seed),
		fakebcda.WithPendingPolls(cfg.pending),
		fakebcda.WithInProgressPolls(cfg.inProgress),
	)
	creds := auth.SandboxSmall()
	if cfg.beneficiaries != 100 { // auth.SandboxSmall selects 100 beneficiaries
		creds = auth.Credentials{ClientID: "clienttest", ClientSecret: "clienttest-secret"}
		fake.Register(creds.ClientID, creds.ClientSecret, cfg.beneficiaries)
	}
	ts := httptest.NewServer(fake)
	return &Server{URL: ts.URL, Credentials: creds, fake: fake, http: ts}, nil
}

// Close stops the server and removes the files it generated.
func (s *Server) Close() error {
	s.http.Close()
	return s.fake.Close()
}

// NewClient returns a client for the server's ACO, like Client, for use
// outside a test.
func (s *Server) NewClient(opts ...client.Option) (*client.Client, error) {
	all := append([]client.Option{client.WithBaseURL(s.URL), client.WithCredentials(s.Credentials)}, opts...)
	return client.New(all...)
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

// ExpireTokens makes every token issued so far answer 401 "Expired Token",
// as BCDA does 20 minutes after issue.
func (s *Server) ExpireTokens() { s.fake.ExpireTokens() }

// FailNextJobs makes the next n jobs fail when they would complete: their
// status answers 500 with BCDA's OperationOutcome.
func (s *Server) FailNextJobs(n int) { s.fake.FailNextJobs(n) }

// CutDownloads makes the next n data-file downloads that reach afterBytes
// body bytes lose their connection at that point.
func (s *Server) CutDownloads(afterBytes int64, n int) { s.fake.CutFileAfter(afterBytes, n) }

// FailRequests makes the next n requests (n ≤ 0: every one) whose method and path prefix match
// ("" matches any) answer status with the given Retry-After header ("" for
// none), as a gateway in front of BCDA would. Use 429 or 503 to exercise
// throttling.
func (s *Server) FailRequests(method, pathPrefix string, status int, retryAfter string, n int) {
	s.fake.Fail(fakebcda.FaultRule{Method: method, Path: pathPrefix, Status: status, RetryAfter: retryAfter, Times: n})
}

// Requests reports how many requests the server has received whose method
// and path prefix match ("" matches any).
func (s *Server) Requests(method, pathPrefix string) int { return s.fake.Requests(method, pathPrefix) }
