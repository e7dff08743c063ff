package fakebcda

import (
	"net/http"
	"strings"
	"time"
)

// Request is one request as the server saw it. Header is a copy with the
// credentials in Authorization replaced by "<redacted>" (the scheme stays, so
// a test can tell Basic from Bearer).
type Request struct {
	Time   time.Time // on the server's clock, when the request arrived
	Method string
	Path   string
	Query  string // raw query
	Header http.Header
	// Status is the status code sent; 0 while the request is in flight or
	// when the handler aborted before writing a header.
	Status int
	// Bytes counts response body bytes written.
	Bytes int64
}

func redactedHeader(h http.Header) http.Header {
	c := h.Clone()
	if v := c.Get("Authorization"); v != "" {
		scheme, _, _ := strings.Cut(v, " ")
		c.Set("Authorization", scheme+" <redacted>")
	}
	return c
}

// maxLog bounds the request log so that a long-running sandbox does not
// grow without end; counts are kept separately and stay exact.
const maxLog = 10000

type countKey struct{ method, path string }

// record adds a request to the log and the counts.
func (s *Server) record(r *Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.log) == maxLog {
		copy(s.log, s.log[1:])
		s.log = s.log[:maxLog-1]
	}
	s.log = append(s.log, r)
	s.counts[countKey{r.Method, r.Path}]++
}

// Requests counts the requests received so far (finished or not) with the
// given method ("" any) and path prefix ("" any).
//
//	s.Requests("GET", "/data/") // downloads started
func (s *Server) Requests(method, pathPrefix string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, c := range s.counts {
		if (method == "" || strings.EqualFold(method, k.method)) && strings.HasPrefix(k.path, pathPrefix) {
			n += c
		}
	}
	return n
}

// Log returns a copy of the requests received so far, oldest first (the
// latest 10,000 when there were more).
func (s *Server) Log() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.log))
	for i, r := range s.log {
		out[i] = *r
	}
	return out
}

// ResetLog forgets the requests received so far, log and counts.
func (s *Server) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
	clear(s.counts)
}
