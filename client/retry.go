package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/internal/backoff"
	"github.com/bcda-go/bcda/internal/retryafter"
	"github.com/bcda-go/bcda/internal/seam"
)

// policy is the BCDA retry policy plugged into retryablehttp.
//
// retryablehttp's defaults retry every 5xx, including the 500 BCDA uses to
// say "this job failed", and wait out any Retry-After however long; both
// are wrong here.
type policy struct {
	max time.Duration // longest single wait
}

type noRetryKey struct{}

// withoutRetry marks ctx so that requests made with it are tried once:
// Health must report a 502 rather than wait for it to clear.
func withoutRetry(ctx context.Context) context.Context {
	return context.WithValue(ctx, noRetryKey{}, true)
}

// checkRetry retries connection errors and 429, 502, 503, 504, unless the
// context is done or the server asks for a wait longer than the cap.
func (p *policy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	if ctx.Value(noRetryKey{}) != nil {
		return false, nil
	}
	if err != nil {
		return retryableError(err), nil
	}
	switch code := resp.StatusCode; code {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		ra, ok := retryafter.FromResponse(resp, time.Now())
		if ok && ra > p.max {
			return false, nil
		}
		if code == http.StatusTooManyRequests && isKickoff(resp.Request) {
			// BCDA's duplicate-job refusal: it lasts until the running job
			// ends, so waiting here would only hide it; the export package
			// decides (report it, or attach to the running job).
			return false, nil
		}
		if code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable {
			// Lets a download in progress lower its concurrency.
			seam.ReportThrottle(ctx, code, ra)
		}
		return true, nil
	}
	return false, nil
}

// isKickoff reports whether req starts a bulk export ($export).
func isKickoff(req *http.Request) bool {
	return req != nil && req.URL != nil && strings.HasSuffix(req.URL.Path, "/$export")
}

// retryableError reports whether err is a connection failure worth another
// attempt. Token, certificate and unknown-host errors are not.
func retryableError(err error) bool {
	// *url.Error is itself a net.Error; judge what it wraps.
	var ue *url.Error
	for errors.As(err, &ue) {
		err = ue.Err
	}
	var tokErr *auth.TokenError
	var certErr *tls.CertificateVerificationError
	var authorityErr x509.UnknownAuthorityError
	var hostnameErr x509.HostnameError
	var invalidErr x509.CertificateInvalidError
	var dnsErr *net.DNSError
	switch {
	case errors.As(err, &tokErr), errors.Is(err, auth.ErrNoCredentials),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.As(err, &certErr), errors.As(err, &authorityErr),
		errors.As(err, &hostnameErr), errors.As(err, &invalidErr):
		return false
	case errors.As(err, &dnsErr):
		return !dnsErr.IsNotFound
	}
	var netErr net.Error
	return errors.As(err, &netErr) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EPIPE)
}

// backoff waits what Retry-After asks (capped, plus up to 10% jitter so
// that clients sharing a rate limit do not return in step), and otherwise
// the module's backoff schedule (internal/backoff).
func (p *policy) backoff(minWait, maxWait time.Duration, attempt int, resp *http.Response) time.Duration {
	if ra, ok := retryafter.FromResponse(resp, time.Now()); ok && ra > 0 {
		return min(ra+rand.N(ra/10+1), p.max)
	}
	return backoff.Delay(attempt, minWait, maxWait)
}
