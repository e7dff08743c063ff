package offline

import (
	"fmt"
	"strconv"
	"time"

	"github.com/bcda-go/bcda/internal/fakebcda"
)

// The fault methods below act on what happens next: n always counts the
// next matching requests (or jobs) the fault applies to, and must be at
// least 1. A fault set before any token exists still applies.

// ExpireTokens makes the next authenticated request meet 401 "Expired
// Token", as BCDA answers once a token's 20 minutes are up: every token
// issued so far stops working, and if none is in use yet, the first one
// presented is refused. A client fetches a new token and replays the
// request.
func (s *Server) ExpireTokens() { s.fake.ExpireTokens() }

// FailNextJobs makes the next n jobs started fail when they would complete:
// their status answers 500 with BCDA's "Service encountered numerous errors.
// Job failed to complete." OperationOutcome.
func (s *Server) FailNextJobs(n int) error {
	if n < 1 {
		return fmt.Errorf("offline: FailNextJobs(%d): n must be at least 1", n)
	}
	s.fake.FailNextJobs(n)
	return nil
}

// CutDownloads makes the next n data-file downloads that reach afterBytes
// body bytes lose their connection at that point, as a network cut would.
func (s *Server) CutDownloads(afterBytes int64, n int) error {
	if afterBytes < 0 || n < 1 {
		return fmt.Errorf("offline: CutDownloads(%d, %d): afterBytes must not be negative and n must be at least 1", afterBytes, n)
	}
	s.fake.CutFileAfter(afterBytes, n)
	return nil
}

// FailRequests makes the next n requests whose method and path prefix match
// ("" matches any) answer status, with a Retry-After of retryAfter (whole
// seconds; 0 sends none), as a gateway in front of BCDA would. Use 429 or
// 503 to exercise throttling. status must be 400–599.
func (s *Server) FailRequests(method, pathPrefix string, status int, retryAfter time.Duration, n int) error {
	switch {
	case status < 400 || status > 599:
		return fmt.Errorf("offline: FailRequests: status %d is not an error status", status)
	case retryAfter < 0 || retryAfter%time.Second != 0:
		return fmt.Errorf("offline: FailRequests: Retry-After %v is not a whole number of seconds", retryAfter)
	case n < 1:
		return fmt.Errorf("offline: FailRequests: n = %d, must be at least 1", n)
	}
	ra := ""
	if retryAfter > 0 {
		ra = strconv.Itoa(int(retryAfter / time.Second))
	}
	s.fake.Fail(fakebcda.FaultRule{Method: method, Path: pathPrefix, Status: status, RetryAfter: ra, Times: n})
	return nil
}

// Requests reports how many requests the server has received whose method
// and path prefix match ("" matches any). It counts what arrived on the
// wire: a request answered 401 and replayed with a fresh token counts twice,
// and so does one retried after a 429 or 503. To count exports, use Exports.
func (s *Server) Requests(method, pathPrefix string) int {
	return s.fake.Requests(method, pathPrefix)
}

// Exports reports how many export jobs the server has started: kick-offs it
// accepted with 202, whatever happened to them since.
func (s *Server) Exports() int { return len(s.fake.Jobs()) }
