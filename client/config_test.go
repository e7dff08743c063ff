package client

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestServerAndVersionPrecedence(t *testing.T) {
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	tests := []struct {
		name              string
		getenv            func(string) string
		opts              []Option
		wantBase, wantVer string
		wantFrom          string // in the info line
		wantErr           string
	}{
		{"defaults", env(), nil, SandboxURL, "v3", "server_from=default", ""},
		{"environment", env(envBaseURL, "https://api.bcda.cms.gov", envAPIVersion, "V2"), nil, ProductionURL, "v2", "server_from=environment api_version=v2 version_from=environment", ""},
		{"option beats environment", env(envBaseURL, "https://api.bcda.cms.gov", envAPIVersion, "v2"),
			[]Option{WithBaseURL("http://127.0.0.1:1"), WithVersion(V1)}, "http://127.0.0.1:1", "v1", "server_from=option api_version=v1 version_from=option", ""},
		{"bad environment URL", env(envBaseURL, "https://api.bcda.cms.gov/api/v3"), nil, "", "", "",
			"BCDA_BASE_URL: client: base URL https://api.bcda.cms.gov/api/v3 names the endpoint path /api/v3; give the server root https://api.bcda.cms.gov with WithVersion(\"v3\") instead"},
		{"bad environment version", env(envAPIVersion, "v4"), nil, "", "", "", "BCDA_API_VERSION: client: unknown API version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			opts := append([]Option{WithCredentials(testCreds), WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))}, tt.opts...)
			c, err := newClient(tt.getenv, opts...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.baseURL().String() != tt.wantBase || string(c.version) != tt.wantVer {
				t.Errorf("got %s %s, want %s %s", c.baseURL(), c.version, tt.wantBase, tt.wantVer)
			}
			if !strings.Contains(logs.String(), "level=INFO msg=\"bcda client\" server="+tt.wantBase) || !strings.Contains(logs.String(), tt.wantFrom) {
				t.Errorf("info line %q, want server %s and %q", logs.String(), tt.wantBase, tt.wantFrom)
			}
		})
	}
}

func TestBaseURLNamingAnEndpoint(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://api.bcda.cms.gov/api/v3", "give the server root https://api.bcda.cms.gov with WithVersion(\"v3\")"},
		{"https://sandbox.bcda.cms.gov/auth/token", "names the endpoint path /auth/token; give the server root https://sandbox.bcda.cms.gov instead"},
		{"https://proxy.example/bcda/api", "give the server root https://proxy.example/bcda instead"},
		{"https://proxy.example/bcda/data/1/x.ndjson", "names the endpoint path /data/1/x.ndjson"},
	} {
		_, err := New(WithBaseURL(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("WithBaseURL(%q): %v, want %q", tt.in, err, tt.want)
		}
	}
	if _, err := New(WithBaseURL("https://proxy.example/bcda-api"), WithCredentials(testCreds)); err != nil {
		t.Errorf("a prefix that only contains 'api': %v", err)
	}
}

func TestWithTimeouts(t *testing.T) {
	if _, err := New(WithTimeouts(Timeouts{Idle: -time.Second})); err == nil {
		t.Error("negative idle timeout accepted")
	}
	got := Timeouts{Idle: time.Second}.withDefaults()
	if got != (Timeouts{Connect: defaultConnectTimeout, Header: defaultHeaderTimeout, Idle: time.Second}) {
		t.Errorf("withDefaults: %+v", got)
	}
}

// A bare job ID is a job of this client's server and version.
func TestJobByID(t *testing.T) {
	c, err := New(WithBaseURL(ProductionURL), WithVersion(V2), WithCredentials(testCreds))
	if err != nil {
		t.Fatal(err)
	}
	j, err := c.Job("42")
	if err != nil || j.URL() != ProductionURL+"/api/v2/jobs/42" || j.ID() != "42" {
		t.Fatalf("Job(\"42\") = %v, %v", j, err)
	}
}
