package fakebcda

import (
	"net/http"
	"strings"
)

// FaultRule makes matching requests fail before the server looks at them, as
// a gateway or WAF in front of BCDA would. A request matches when every set
// field matches.
//
//	s.Fail(fakebcda.FaultRule{Method: "GET", Path: "/api/v3/jobs/", Times: 2, Status: 503, RetryAfter: "1"})
type FaultRule struct {
	// Method matches the request method; "" matches any.
	Method string
	// Path matches a prefix of the request path; "" matches any.
	Path string
	// Match, when not nil, must also return true. It must not read the body.
	Match func(*http.Request) bool
	// Skip lets this many matching requests through before failing any.
	Skip int
	// Times is how many matching requests fail; 0 or less means every one
	// until ClearFaults.
	Times int
	// Status is the status code to answer, e.g. 429 or 503. 0 means 503.
	Status int
	// RetryAfter is the Retry-After header value; "" sends none.
	RetryAfter string
	// Body is the response body, sent as text/plain; "" sends the status text
	// and a newline, as http.Error does.
	Body string
}

type faultState struct {
	rule    FaultRule
	skipped int
	fired   int
}

func (f *faultState) matches(r *http.Request) bool {
	if f.rule.Method != "" && !strings.EqualFold(f.rule.Method, r.Method) {
		return false
	}
	if f.rule.Path != "" && !strings.HasPrefix(r.URL.Path, f.rule.Path) {
		return false
	}
	if f.rule.Match != nil && !f.rule.Match(r) {
		return false
	}
	return true
}

// Fail adds a fault rule. Rules are tried in the order they were added; the
// first one that matches and still has failures left answers the request.
// Safe to call at any time from any goroutine.
func (s *Server) Fail(rule FaultRule) {
	if rule.Status == 0 {
		rule.Status = http.StatusServiceUnavailable
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultState{rule: rule})
}

// ClearFaults removes every pending fault: rules added with Fail, file cuts,
// truncations and job failures not yet applied.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
	s.cuts = nil
	s.truncations = 0
	s.failNext = 0
	s.expireNext = false
}

// takeFault returns the rule that should answer r, if any, and counts it.
func (s *Server) takeFault(r *http.Request) (FaultRule, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if f.rule.Times > 0 && f.fired >= f.rule.Times {
			continue
		}
		if !f.matches(r) {
			continue
		}
		if f.skipped < f.rule.Skip {
			f.skipped++
			continue
		}
		f.fired++
		return f.rule, true
	}
	return FaultRule{}, false
}

// CutFileAfter makes the next `times` data-file downloads (GET /data/...,
// gzip or plain) that reach `bytes` body bytes stop there: the handler
// aborts with http.ErrAbortHandler, so the client sees the connection drop
// mid-body (an unexpected EOF). A response shorter than `bytes` leaves the
// cut for the next download. A Range request is cut the same way.
//
//	s.CutFileAfter(64<<10, 1) // the next download dies after 64 KiB
func (s *Server) CutFileAfter(bytes int64, times int) {
	if bytes < 0 {
		bytes = 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for range times {
		s.cuts = append(s.cuts, bytes)
	}
}

// TruncateGzip makes the next `times` gzip-encoded data-file downloads send
// only the first half of the compressed bytes and then end the response
// normally: HTTP sees a complete response, the gzip reader sees an
// unexpected EOF.
func (s *Server) TruncateGzip(times int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.truncations += times
}

func (s *Server) takeCut() (int64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cuts) == 0 {
		return 0, false
	}
	n := s.cuts[0]
	s.cuts = s.cuts[1:]
	return n, true
}

func (s *Server) returnCut(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cuts = append([]int64{n}, s.cuts...)
}

func (s *Server) takeTruncation() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.truncations == 0 {
		return false
	}
	s.truncations--
	return true
}

// FailJob makes job id fail: its next status poll, and every later one,
// answers 500 with BCDA's "Service encountered numerous errors. Job failed
// to complete." OperationOutcome. It reports whether the job exists and was
// not yet finished.
func (s *Server) FailJob(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, ok := s.jobs[id]
	if !ok || j.finished() {
		return false
	}
	j.state = StateFailed
	j.updated = s.cfg.clock()
	return true
}

// FailNextJobs makes the next n jobs created fail when they would complete
// (after their Pending and In Progress polls).
func (s *Server) FailNextJobs(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failNext += n
}

// ExpireTokens makes every access token issued so far expired: the next
// request with one gets 401 "Expired Token", as BCDA answers once a token's
// 20 minutes are up. When no live token exists yet, the first token used
// after the call meets that 401 instead, so that the fault applies to the
// next authenticated request either way. Tokens issued to replace an
// expired one work as usual.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.clock()
	live := false
	for _, t := range s.tokens {
		live = live || (!t.revoked && now.Before(t.expires))
		t.revoked = true
	}
	s.expireNext = !live
}

// SetErrorLines makes jobs created from now on give every data file a
// companion error file <uuid>-error.ndjson of n OperationOutcome lines
// ("Error retrieving <Type> for beneficiary MBI <mbi> in ACO <uuid>"),
// listed in the manifest's error array. 0, the default, means no error files.
func (s *Server) SetErrorLines(n int) {
	if n < 0 {
		n = 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errorLines = n
}
