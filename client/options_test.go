package client

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
)

func TestNewOptions(t *testing.T) {
	t.Setenv("BCDA_CLIENT_ID", "")
	t.Setenv("BCDA_CLIENT_SECRET", "")
	tests := []struct {
		name    string
		opts    []Option
		wantErr string
	}{
		{"defaults", nil, ""},
		{"https base", []Option{WithBaseURL("https://api.bcda.cms.gov/")}, ""},
		{"loopback http", []Option{WithBaseURL("http://127.0.0.1:8080")}, ""},
		{"localhost http", []Option{WithBaseURL("http://localhost:3000/prefix")}, ""},
		{"ipv6 loopback", []Option{WithBaseURL("http://[::1]:3000")}, ""},
		{"remote http refused", []Option{WithBaseURL("http://bcda.example.org")}, "refusing plain http"},
		{"remote http allowed", []Option{WithBaseURL("http://bcda.example.org"), WithInsecureHTTP()}, ""},
		{"bad scheme", []Option{WithBaseURL("ftp://x")}, "scheme"},
		{"no host", []Option{WithBaseURL("https://")}, "no host"},
		{"relative", []Option{WithBaseURL("/api")}, "scheme"},
		{"unparseable", []Option{WithBaseURL("https://a b/%zz")}, "base URL"},
		{"userinfo", []Option{WithBaseURL("https://id:secret@host")}, "user information"},
		{"query", []Option{WithBaseURL("https://host/?a=b")}, "query"},
		{"version v1", []Option{WithVersion(V1)}, ""},
		{"unknown version", []Option{WithVersion("v4")}, "unknown API version"},
		{"nil http client", []Option{WithHTTPClient(nil)}, "WithHTTPClient(nil)"},
		{"nil logger", []Option{WithLogger(nil)}, "WithLogger(nil)"},
		{"empty user agent", []Option{WithUserAgent(" ")}, "user agent"},
		{"newline user agent", []Option{WithUserAgent("a\r\nX: y")}, "user agent"},
		{"negative retries", []Option{WithRetry(-1, time.Second)}, "retries"},
		{"zero wait", []Option{WithRetry(3, 0)}, "max wait"},
		{"no retries", []Option{WithRetry(0, time.Second)}, ""},
		{"half credentials", []Option{WithCredentials(auth.Credentials{ClientID: "x"})}, "both"},
		{"nil token source", []Option{WithTokenSource(nil)}, "WithTokenSource(nil)"},
		{"both auth options", []Option{WithCredentials(auth.SandboxSmall()), WithTokenSource(auth.StaticTokenSource(auth.Token{}))}, "exclusive"},
		{"nil option", []Option{nil}, "nil Option"},
		{"nil token option", []Option{WithTokenOptions(auth.WithLeeway(0), nil)}, "WithTokenOptions: option 2 is nil"},
		{"bad token option", []Option{WithCredentials(auth.SandboxSmall()), WithTokenOptions(auth.WithLeeway(-time.Second))}, "WithLeeway(-1s)"},
		{"token options for a given source", []Option{WithTokenSource(auth.StaticTokenSource(auth.Token{})), WithTokenOptions(auth.WithLeeway(0))}, "WithTokenOptions configures"},
		{"token options", []Option{WithCredentials(auth.SandboxSmall()), WithTokenOptions(auth.WithLeeway(0), auth.WithMaxWait(0))}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.opts...)
			if tt.wantErr == "" {
				if err != nil || c == nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New: err = %v, want it to mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	t.Setenv("BCDA_CLIENT_ID", "")
	t.Setenv("BCDA_CLIENT_SECRET", "")
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if c.baseURL().String() != SandboxURL || c.version != V3 {
		t.Errorf("defaults: %v %v", c.baseURL(), c.version)
	}
	c.baseURL().Path = "/changed"
	if c.baseURL().Path != "" {
		t.Error("BaseURL returned the client's own URL")
	}
	conn := c.exportConn()
	if conn.Version != "v3" || conn.API == nil || conn.Anonymous == nil || conn.CheckResponse == nil ||
		conn.Logger != nil || conn.UserAgent != defaultUserAgent || conn.BaseURL.String() != SandboxURL {
		t.Errorf("exportConn: %+v", conn)
	}
}

func TestNewBaseURLPrefix(t *testing.T) {
	c, err := New(WithBaseURL("http://localhost:9/bcda/"), WithVersion(V2), WithCredentials(testCreds))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.apiEndpoint("/metadata"); got != "http://localhost:9/bcda/api/v2/metadata" {
		t.Errorf("apiEndpoint = %s", got)
	}
	if got := c.endpoint("/auth/token"); got != "http://localhost:9/bcda/auth/token" {
		t.Errorf("endpoint = %s", got)
	}
}

func TestNewCredentialsFromEnv(t *testing.T) {
	t.Run("both set", func(t *testing.T) {
		t.Setenv("BCDA_CLIENT_ID", testCreds.ClientID)
		t.Setenv("BCDA_CLIENT_SECRET", testCreds.ClientSecret)
		c, _, tk := newMockedNoCreds(t)
		if _, err := c.AttributionStatus(t.Context()); err == nil || tk.n.Load() != 1 {
			t.Fatalf("env credentials not used: %v, %d token requests", err, tk.n.Load())
		}
	})
	t.Run("half set", func(t *testing.T) {
		t.Setenv("BCDA_CLIENT_ID", "x")
		t.Setenv("BCDA_CLIENT_SECRET", "")
		if _, err := New(); err == nil {
			t.Fatal("half-set environment accepted")
		}
	})
	t.Run("none", func(t *testing.T) {
		t.Setenv("BCDA_CLIENT_ID", "")
		t.Setenv("BCDA_CLIENT_SECRET", "")
		c, mt, _ := newMockedNoCreds(t)
		_, err := c.AttributionStatus(t.Context())
		if !errors.Is(err, auth.ErrNoCredentials) {
			t.Fatalf("err = %v, want ErrNoCredentials", err)
		}
		if n := mt.GetTotalCallCount(); n != 0 {
			t.Errorf("%d requests made without credentials", n)
		}
	})
}

// newMockedNoCreds returns a client without credentials on newMocked's
// transport, so that a stray token request would still be counted.
func newMockedNoCreds(t *testing.T) (*Client, interface{ GetTotalCallCount() int }, *tokens) {
	t.Helper()
	_, mt, tk := newMocked(t)
	c, err := New(WithBaseURL(testBase), WithHTTPClient(&http.Client{Transport: mt}))
	if err != nil {
		t.Fatal(err)
	}
	return c, mt, tk
}
