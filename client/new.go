package client

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/bcda-go/bcda/auth"
)

// New returns a client configured by opts.
//
// The server and API version come from WithBaseURL and WithVersion, else
// from the environment variables BCDA_BASE_URL and BCDA_API_VERSION (the
// same precedence as the example programs), else SandboxURL and V3; New
// logs at info level which server and version the client talks to and
// where each came from, so that production credentials are never sent to
// the sandbox (or the reverse) unnoticed. Other defaults: 4 retries
// waiting at most 5 minutes each (WithRetry), the timeouts of Timeouts, no
// logging.
// Without WithCredentials or WithTokenSource the client reads
// BCDA_CLIENT_ID and BCDA_CLIENT_SECRET (auth.CredentialsFromEnv); when
// neither is set it still works for the unauthenticated endpoints (Metadata,
// ServerVersion, Health), and every authenticated call fails with
// auth.ErrNoCredentials. Only one of the two variables being set is an
// error. To try the public sandbox without credentials of your own, pass
// WithCredentials(auth.SandboxSmall()).
func New(opts ...Option) (*Client, error) {
	return newClient(os.Getenv, opts...)
}

// Environment variables New reads when the matching option is absent.
const (
	envBaseURL    = "BCDA_BASE_URL"
	envAPIVersion = "BCDA_API_VERSION"
)

func newClient(getenv func(string) string, opts ...Option) (*Client, error) {
	cfg := config{
		version:     V3,
		versionFrom: "default",
		userAgent:   defaultUserAgent,
		retryMax:    defaultRetries,
		retryWait:   defaultMaxWait,
	}
	for _, o := range opts {
		if o == nil {
			return nil, errors.New("client: nil Option")
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if err := cfg.fromEnv(getenv); err != nil {
		return nil, err
	}
	if cfg.baseURL == nil {
		cfg.baseURL, _ = url.Parse(SandboxURL)
		cfg.baseFrom = "default"
	}
	if cfg.baseURL.Scheme == "http" && !cfg.insecure && !isLoopback(cfg.baseURL.Hostname()) {
		return nil, fmt.Errorf("client: refusing plain http to %s: tokens would cross the network unencrypted (use https, or WithInsecureHTTP)", cfg.baseURL.Host)
	}
	if cfg.creds != nil && cfg.source != nil {
		return nil, errors.New("client: WithCredentials and WithTokenSource are exclusive")
	}
	if cfg.source != nil && len(cfg.tokenOpts) > 0 {
		return nil, errors.New("client: WithTokenOptions configures the client's own token source, not one given with WithTokenSource")
	}

	c := &Client{
		base:      cfg.baseURL,
		version:   cfg.version,
		userAgent: cfg.userAgent,
		logger:    cfg.logger,
	}
	base := baseTransport(cfg.hc, cfg.timeouts.withDefaults())

	c.source = cfg.source
	if c.source == nil {
		creds := cfg.creds
		if creds == nil {
			env, err := auth.CredentialsFromEnv()
			switch {
			case err == nil:
				creds = &env
			case !errors.Is(err, auth.ErrNoCredentials):
				return nil, fmt.Errorf("client: %w", err)
			}
		}
		if creds != nil {
			var bopts []auth.BasicOption
			if cfg.logger != nil {
				bopts = append(bopts, auth.WithLogger(cfg.logger))
			}
			src, err := auth.NewBasic(c.endpoint("/auth/token"), *creds, tokenHTTPClient(cfg.hc, base), append(bopts, cfg.tokenOpts...)...)
			if err != nil {
				return nil, fmt.Errorf("client: %w", err)
			}
			c.source = src
		} else {
			c.source = noCredentials{}
		}
	}

	c.api, c.anon = newStack(&cfg, base, c.source, c.base)
	if c.logger != nil {
		c.logger.Info("bcda client", "server", c.base.Redacted(), "server_from", cfg.baseFrom,
			"api_version", string(c.version), "version_from", cfg.versionFrom)
	}
	return c, nil
}

// fromEnv fills the base URL and version the options left unset from the
// environment, checked as strictly as the options themselves.
func (cfg *config) fromEnv(getenv func(string) string) error {
	if v := strings.TrimSpace(getenv(envBaseURL)); v != "" && cfg.baseURL == nil {
		if err := WithBaseURL(v)(cfg); err != nil {
			return fmt.Errorf("%s: %w", envBaseURL, err)
		}
		cfg.baseFrom = "environment"
	}
	if v := strings.TrimSpace(getenv(envAPIVersion)); v != "" && cfg.versionFrom == "default" {
		if err := WithVersion(Version(strings.ToLower(v)))(cfg); err != nil {
			return fmt.Errorf("%s: %w", envAPIVersion, err)
		}
		cfg.versionFrom = "environment"
	}
	return nil
}

// endpoint joins the base URL and an absolute path.
func (c *Client) endpoint(path string) string {
	return c.base.String() + path
}

// apiEndpoint returns <base>/api/<version><path>.
func (c *Client) apiEndpoint(path string) string {
	return c.endpoint("/api/" + string(c.version) + path)
}

// noCredentials is the token source of a client that has none: every
// authenticated request fails clearly and is not retried.
type noCredentials struct{}

func (noCredentials) Token(context.Context) (auth.Token, error) {
	return auth.Token{}, errNoCredentials
}

func (noCredentials) Invalidate(auth.Token) {}

// errNoCredentials matches auth.ErrNoCredentials and says how to supply them.
var errNoCredentials = fmt.Errorf("client: no credentials: use WithCredentials or WithTokenSource, or set the environment (%w)", auth.ErrNoCredentials)
