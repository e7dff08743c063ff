package export

import (
	"log/slog"
	"net/http"
	"net/url"
)

// Conn is what the export protocol needs from the client that created it.
// The client package builds one for every Job; export never imports client,
// so the protocol can be driven by any HTTP stack (tests use httptest).
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
