// Package netguard bounds every wait on the network: the connect, the
// response headers, and each silence inside a response body. A wait that
// runs out fails with a *TimeoutError that names the step, the URL (without
// query or user information) and the limit, and matches one of the
// sentinels with errors.Is. The client package re-exports the sentinels; the
// export and auth packages see them through the errors their reads return.
package netguard

import (
	"errors"
	"fmt"
	"net/url"
	"time"
)

// The steps that can time out.
var (
	// ErrConnectTimeout: no TCP (and TLS) connection within the limit.
	ErrConnectTimeout = errors.New("connect timed out")
	// ErrHeaderTimeout: connected and sent, but no response headers within
	// the limit (a server that accepts and never answers).
	ErrHeaderTimeout = errors.New("no response headers in time")
	// ErrIdleTimeout: a response body delivered no byte for the limit (a
	// wedged proxy, a dead NAT mapping).
	ErrIdleTimeout = errors.New("response body stalled")
)

// Limits are the bounds a guarded transport applies; a zero field means no
// bound for that step.
type Limits struct {
	Connect time.Duration
	Header  time.Duration
	Idle    time.Duration
}

// TimeoutError is one wait that ran out.
type TimeoutError struct {
	Kind   error // ErrConnectTimeout, ErrHeaderTimeout or ErrIdleTimeout
	Method string
	URL    string // sanitised: no user information, query or fragment
	Limit  time.Duration
}

// Error names the step, the request and the limit, e.g. "no response
// headers from GET https://host/api/v3/jobs/42 within 30s".
func (e *TimeoutError) Error() string {
	target := e.URL
	if e.Method != "" {
		target = e.Method + " " + e.URL
	}
	switch e.Kind {
	case ErrConnectTimeout:
		return fmt.Sprintf("connecting for %s timed out after %v", target, e.Limit)
	case ErrHeaderTimeout:
		return fmt.Sprintf("no response headers from %s within %v (the server accepted the request and went silent)", target, e.Limit)
	case ErrIdleTimeout:
		return fmt.Sprintf("response body of %s stalled: no byte for %v", target, e.Limit)
	}
	return fmt.Sprintf("%s timed out after %v", target, e.Limit)
}

// Is matches the Kind sentinel.
func (e *TimeoutError) Is(target error) bool { return target == e.Kind }

// Timeout marks the error as a timeout for net.Error users.
func (e *TimeoutError) Timeout() bool { return true }

// Temporary is part of net.Error: a timed-out step may well succeed when
// tried again.
func (e *TimeoutError) Temporary() bool { return true }

// Sanitize drops user information, query and fragment: signed download URLs
// carry their secret in the query.
func Sanitize(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.RawQuery = ""
	c.ForceQuery = false
	c.Fragment = ""
	return c.String()
}
