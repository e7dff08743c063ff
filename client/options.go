package client

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/bcda-go/bcda/auth"
)

// Option configures a Client. Options check their arguments; New returns
// the first error.
type Option func(*config) error

type config struct {
	baseURL   *url.URL
	insecure  bool
	creds     *auth.Credentials
	source    auth.TokenSource
	tokenOpts []auth.BasicOption
	version   Version
	hc        *http.Client
	logger    *slog.Logger
	userAgent string
	retryMax  int
	retryWait time.Duration // longest single wait, Retry-After included
	timeouts  Timeouts

	// Where the base URL and version came from: "option", "environment"
	// or "default", for the info line New logs.
	baseFrom, versionFrom string
}

// Defaults of the retry policy, changed with WithRetry.
const (
	// defaultRetries is how many times a request is retried after the first
	// attempt.
	defaultRetries = 4
	// defaultMaxWait caps any single wait between attempts. A server asking
	// for a longer Retry-After is not retried: the request fails with an
	// *APIError whose RetryAfter says how long the server wants.
	defaultMaxWait = 5 * time.Minute
	// backoffFloor and backoffCeiling bound the exponential backoff used
	// when the server gives no Retry-After.
	backoffFloor   = time.Second
	backoffCeiling = 30 * time.Second
)

// WithBaseURL sets the server, e.g. ProductionURL or a local fake's URL. A
// path prefix is kept (https://host/bcda → https://host/bcda/api/v3/...).
// The URL must be absolute https, or http for a loopback host
// (localhost, 127.0.0.0/8, ::1) unless WithInsecureHTTP is also given. It
// may not carry user information, a query or a fragment, and its path may
// not name an endpoint (/api/…, /auth/…, /data/…): that is refused with the
// server root to use instead. Without this option New reads BCDA_BASE_URL,
// and without that uses SandboxURL.
func WithBaseURL(rawURL string) Option {
	return func(c *config) error {
		u, err := url.Parse(strings.TrimSpace(rawURL))
		if err != nil {
			return fmt.Errorf("client: base URL: %w", err)
		}
		switch {
		case u.Scheme != "http" && u.Scheme != "https":
			return fmt.Errorf("client: base URL %q: scheme must be https or http", u.Redacted())
		case u.Host == "":
			return fmt.Errorf("client: base URL %q has no host", u.Redacted())
		case u.User != nil:
			return errors.New("client: base URL must not contain user information; use WithCredentials")
		case u.RawQuery != "" || u.Fragment != "":
			return fmt.Errorf("client: base URL %q must not have a query or fragment", u.Redacted())
		}
		u.Path = strings.TrimRight(u.Path, "/")
		u.RawPath = ""
		if err := checkBasePath(u); err != nil {
			return err
		}
		c.baseURL, c.baseFrom = u, "option"
		return nil
	}
}

// checkBasePath refuses a base URL that already names an endpoint: BCDA
// serves /auth, /api and /data from the host root (bcda-app
// bcda/bcdacli/cli.go mounts them there; reference/bcda-server.md §0), so
// https://host/api/v3 would send the token request to
// /api/v3/auth/token and fail later with a puzzling 404.
func checkBasePath(u *url.URL) error {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, s := range segs {
		if s != "api" && s != "auth" && s != "data" {
			continue
		}
		root := *u
		root.Path = "/" + strings.Join(segs[:i], "/")
		root.Path = strings.TrimRight(root.Path, "/")
		hint := ""
		if s == "api" && i+1 < len(segs) && Version(segs[i+1]).valid() {
			hint = fmt.Sprintf(" with WithVersion(%q)", segs[i+1])
		}
		return fmt.Errorf("client: base URL %s names the endpoint path /%s; give the server root %s%s instead",
			u.Redacted(), strings.Join(segs[i:], "/"), root.Redacted(), hint)
	}
	return nil
}

// WithInsecureHTTP allows a plain http:// base URL on a non-loopback host.
// Tokens and credentials then cross the network unencrypted: use it only on
// networks you trust, such as a container network running a test server.
func WithInsecureHTTP() Option {
	return func(c *config) error { c.insecure = true; return nil }
}

// WithCredentials authenticates with a client ID and secret, exchanged for
// bearer tokens at <base URL>/auth/token. Both must be set.
func WithCredentials(cr auth.Credentials) Option {
	return func(c *config) error {
		if cr.ClientID == "" || cr.ClientSecret == "" {
			return errors.New("client: WithCredentials needs both a client ID and a secret")
		}
		c.creds = &cr
		return nil
	}
}

// WithTokenSource authenticates with tokens from ts instead of credentials.
func WithTokenSource(ts auth.TokenSource) Option {
	return func(c *config) error {
		if ts == nil {
			return errors.New("client: WithTokenSource(nil)")
		}
		c.source = ts
		return nil
	}
}

// WithTokenOptions configures the token source the client builds from
// WithCredentials or the environment, at <base URL>/auth/token: for example
// auth.WithLeeway or auth.WithMaxWait. They are checked by New; a nil option
// is an error. The client's WithLogger logger is given to the token source
// first, so an auth.WithLogger here overrides it. They cannot be combined
// with WithTokenSource, whose source is configured by whoever made it.
func WithTokenOptions(opts ...auth.BasicOption) Option {
	return func(c *config) error {
		for i, o := range opts {
			if o == nil {
				return fmt.Errorf("client: WithTokenOptions: option %d is nil", i+1)
			}
		}
		c.tokenOpts = append(c.tokenOpts, opts...)
		return nil
	}
}

// WithVersion selects the API version: V1, V2 or V3. Without this option
// New reads BCDA_API_VERSION, and without that uses V3.
func WithVersion(v Version) Option {
	return func(c *config) error {
		if !v.valid() {
			return fmt.Errorf("client: unknown API version %q (want v1, v2 or v3)", string(v))
		}
		c.version, c.versionFrom = v, "option"
		return nil
	}
}

// WithHTTPClient sends every request through hc's Transport (nil Transport
// means the client's default). The header and idle timeouts of
// WithTimeouts apply to hc's Transport too. hc's CheckRedirect and Jar are kept; its Timeout bounds each
// call including its retries, so leave it zero when downloading large files.
// hc itself is not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return errors.New("client: WithHTTPClient(nil)")
		}
		c.hc = hc
		return nil
	}
}

// WithLogger sends debug events (requests, retries, token refreshes) to l.
// Without it the client prints nothing. Tokens and secrets are never logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("client: WithLogger(nil); omit the option for a silent client")
		}
		c.logger = l
		return nil
	}
}

// WithUserAgent sets the User-Agent header (default
// "bcda-go/0.1 (+https://github.com/bcda-go/bcda)").
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		if strings.TrimSpace(ua) == "" || strings.ContainsAny(ua, "\r\n") {
			return fmt.Errorf("client: invalid user agent %q", ua)
		}
		c.userAgent = ua
		return nil
	}
}

// WithRetry sets how many times a request is retried (0 disables retries)
// and the longest wait between two attempts. Connection errors and the
// statuses 429, 502, 503 and 504 are retried; a Retry-After the server sends
// is honoured when it is at most maxWait, and otherwise the request fails at
// once with an *APIError carrying RetryAfter. A 429 answering a $export
// kick-off is not retried here: it is BCDA refusing an export that overlaps
// a running job, which export.WaitIfBusy and export.AttachIfRunning handle.
// A request that timed out (Timeouts) is retried like a lost connection.
// Defaults: 4 retries, waits of at most 5 minutes.
func WithRetry(max int, maxWait time.Duration) Option {
	return func(c *config) error {
		if max < 0 || max > 100 {
			return fmt.Errorf("client: WithRetry: %d retries (want 0-100)", max)
		}
		if maxWait <= 0 {
			return fmt.Errorf("client: WithRetry: max wait %v must be positive", maxWait)
		}
		c.retryMax, c.retryWait = max, maxWait
		return nil
	}
}

// Timeouts bound each wait on the network. A zero field takes its
// default; none may be negative, since an unbounded wait can hang for ever.
// Every timeout is an error matching ErrConnectTimeout, ErrHeaderTimeout or
// ErrIdleTimeout, whose text names the step, the URL and the limit.
// Timed-out requests are retried like lost connections, and a download that
// stalls resumes where it stopped.
type Timeouts struct {
	// Connect bounds opening a connection, TLS included (default
	// 15 seconds). It applies to the client's own transport
	// only: with WithHTTPClient, configure your transport's dialer.
	Connect time.Duration
	// Header bounds the wait for response headers once the request is
	// sent (default 1 minute).
	Header time.Duration
	// Idle bounds a silence inside a response body: no byte for this long
	// abandons the connection (default 30 seconds). Only time spent
	// waiting on the network counts, not time the caller spends between
	// reads.
	Idle time.Duration
}

// Default timeouts. BCDA answers every request within seconds and streams
// files without pauses; a 4 MB/s link with 40 ms latency delivers a byte
// every few microseconds, far inside the 30-second idle limit.
const (
	defaultConnectTimeout = 15 * time.Second
	defaultHeaderTimeout  = time.Minute
	defaultIdleTimeout    = 30 * time.Second
)

// WithTimeouts sets the network timeouts; see Timeouts.
func WithTimeouts(t Timeouts) Option {
	return func(c *config) error {
		if t.Connect < 0 || t.Header < 0 || t.Idle < 0 {
			return fmt.Errorf("client: WithTimeouts(%+v): negative timeout", t)
		}
		c.timeouts = t
		return nil
	}
}

// withDefaults fills the zero fields.
func (t Timeouts) withDefaults() Timeouts {
	if t.Connect == 0 {
		t.Connect = defaultConnectTimeout
	}
	if t.Header == 0 {
		t.Header = defaultHeaderTimeout
	}
	if t.Idle == 0 {
		t.Idle = defaultIdleTimeout
	}
	return t
}

// isLoopback reports whether host names this machine.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
