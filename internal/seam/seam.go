// Package seam is where the client and export packages meet, so that
// nothing public exists only for the SDK's own packages: export never
// imports client, and client reaches export's job constructors through the
// hooks export registers here at init.
package seam

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/bcda-go/bcda/fhir"
)

// Conn is what the export protocol needs from the client that created it.
type Conn struct {
	// BaseURL is the API base, e.g. https://sandbox.bcda.cms.gov. Its origin
	// decides where the bearer token may go.
	BaseURL *url.URL
	// Version is the API version path element: "v1", "v2" or "v3".
	Version string
	// API sends requests with the client's retry policy and bearer token.
	// The token is added only for requests to BaseURL's origin.
	API *http.Client
	// Anonymous sends requests with the same retry policy but never a token:
	// file downloads use it when the manifest says requiresAccessToken is
	// false or a file lives on another origin.
	Anonymous *http.Client
	// CheckResponse turns a non-success response into an error (the client's
	// *APIError, which matches its sentinels with errors.Is). It reads and
	// closes the body.
	CheckResponse func(*http.Response) error
	// UserAgent is sent on every request when not empty.
	UserAgent string
	// Logger receives debug events; nil means silent.
	Logger *slog.Logger
}

// Exporter holds export's entry points, typed by export's own types, which
// this package cannot name.
type Exporter[Job, JobInfo, Option, State any] struct {
	Start    func(ctx context.Context, conn Conn, types []fhir.ResourceType, since time.Time, opts ...Option) (*Job, error)
	Attach   func(conn Conn, jobURL string) (*Job, error)
	ListJobs func(ctx context.Context, conn Conn, states ...State) ([]JobInfo, error)
}

var exporter any

// Register records export's entry points; export calls it from init.
func Register[Job, JobInfo, Option, State any](e Exporter[Job, JobInfo, Option, State]) {
	exporter = e
}

// Export returns the entry points export registered. It panics when the
// type arguments differ from export's, which a test of client catches.
func Export[Job, JobInfo, Option, State any]() Exporter[Job, JobInfo, Option, State] {
	return exporter.(Exporter[Job, JobInfo, Option, State])
}

type throttleKey struct{}

// Throttle is told that a request was answered 429 or 503 and is about to be
// retried after retryAfter (0 when unknown).
type Throttle func(statusCode int, retryAfter time.Duration)

// WithThrottle returns a context whose requests report throttling to fn:
// export's Download uses it to lower its concurrency.
func WithThrottle(ctx context.Context, fn Throttle) context.Context {
	return context.WithValue(ctx, throttleKey{}, fn)
}

// ReportThrottle tells the Throttle of ctx, if any, that a request made with
// ctx was answered statusCode and will be retried after retryAfter. The
// client's retry policy calls it, so that a download lowers its
// concurrency even when the retry then succeeds.
func ReportThrottle(ctx context.Context, statusCode int, retryAfter time.Duration) {
	if ctx == nil {
		return
	}
	if fn, ok := ctx.Value(throttleKey{}).(Throttle); ok {
		fn(statusCode, retryAfter)
	}
}
