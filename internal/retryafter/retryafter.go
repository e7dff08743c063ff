// Package retryafter reads the HTTP Retry-After header the way the auth and
// client packages need it: delay-seconds, an HTTP-date, or (as some servers
// send) an absolute Unix time in seconds.
package retryafter

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// epochFloor separates a delay in seconds from an absolute Unix time: no
// server asks for a 3-year wait, and every real timestamp is above it.
const epochFloor = 100_000_000 // 1973-03-03

// Parse returns the wait the header value asks for, measured from now, and
// whether the value was understood. Dates in the past give 0, true.
func Parse(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		switch {
		case n < 0:
			return 0, false
		case n >= epochFloor:
			return max(time.Unix(n, 0).Sub(now), 0), true
		case n > int64(365*24*time.Hour/time.Second):
			// Larger than a year but not an epoch: not a sane delay.
			return 0, false
		}
		return time.Duration(n) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// FromResponse parses resp's Retry-After header; a nil response gives 0, false.
func FromResponse(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	return Parse(resp.Header.Get("Retry-After"), now)
}
