// Package origin decides whether two URLs share a web origin (scheme, host
// and port), the rule that keeps the bearer token on the BCDA host it was
// issued for. The client's token gate and the export package's choice of
// HTTP client both use it, so they can never disagree.
package origin

import (
	"net/url"
	"strings"
)

// Same reports whether a and b have the same scheme, host and port, with an
// absent port read as the scheme's default. Nil URLs never match.
func Same(a, b *url.URL) bool {
	if a == nil || b == nil {
		return false
	}
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		port(a) == port(b)
}

func port(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}
