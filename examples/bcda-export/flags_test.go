package main

import (
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

var flagNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func TestParseFlagsDefaults(t *testing.T) {
	cfg, err := parseFlags(nil, env(), flagNow, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != defaultBaseURL || cfg.Version != "v3" || cfg.Group != "" || cfg.Types != nil ||
		cfg.Out != "./bcda-data" || cfg.Concurrency != 4 || !cfg.Sandbox ||
		cfg.StatePath != filepath.Join("bcda-data", stateFileName) {
		t.Errorf("defaults: %+v", cfg)
	}
}

func TestParseFlagsEnvFallback(t *testing.T) {
	e := env("BCDA_BASE_URL", "https://api.bcda.cms.gov", "BCDA_CLIENT_ID", "id", "BCDA_CLIENT_SECRET", "s")
	cfg, err := parseFlags([]string{"-out", "x"}, e, flagNow, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseURL != "https://api.bcda.cms.gov" || cfg.ClientID != "id" || cfg.ClientSecret != "s" || cfg.Sandbox {
		t.Errorf("env: %+v", cfg)
	}
	// Flags win over the environment.
	cfg, err = parseFlags([]string{"-client-id", "flag", "-client-secret", "fs", "-base-url", "https://sandbox.bcda.cms.gov"}, e, flagNow, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ClientID != "flag" || cfg.ClientSecret != "fs" || cfg.BaseURL != "https://sandbox.bcda.cms.gov" {
		t.Errorf("flags over env: %+v", cfg)
	}
}

func TestParseFlagsValid(t *testing.T) {
	creds := []string{"-client-id", "a", "-client-secret", "b"}
	tests := []struct {
		args  []string
		check func(*config) bool
	}{
		{[]string{"-since", "2024-01-02T15:04:05Z"}, func(c *config) bool { return c.Since.Equal(time.Date(2024, 1, 2, 15, 4, 5, 0, time.UTC)) }},
		{[]string{"-since", "2024-01-02T10:04:05.123-05:00"}, func(c *config) bool { return c.Since.Equal(time.Date(2024, 1, 2, 15, 4, 5, 123e6, time.UTC)) }},
		{[]string{"-since", "auto"}, func(c *config) bool { return c.SinceAuto && c.Since.IsZero() }},
		{[]string{"-types", "Patient, ExplanationOfBenefit"}, func(c *config) bool {
			return slices.Equal(c.Types, []string{"Patient", "ExplanationOfBenefit"})
		}},
		{[]string{"-api", "v2", "-types", "Claim,ClaimResponse"}, func(c *config) bool { return len(c.Types) == 2 }},
		{[]string{"-group", "runout"}, func(c *config) bool { return c.Group == "runout" }},
		{[]string{"-type-filter", "ExplanationOfBenefit?outcome=complete"}, func(c *config) bool { return c.TypeFilter != "" }},
		{[]string{"-out", "d", "-state", "s.json"}, func(c *config) bool { return c.StatePath == "s.json" }},
		{[]string{"-base-url", "http://127.0.0.1:8080"}, func(c *config) bool { return !c.Sandbox && c.BaseURLSet }},
		{[]string{"-sandbox"}, func(c *config) bool { return c.Sandbox }},
		{[]string{"-keep-job", "-no-progress", "-concurrency", "8"}, func(c *config) bool { return c.KeepJob && c.NoProgress && c.Concurrency == 8 }},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			cfg, err := parseFlags(append(slices.Clone(creds), tt.args...), env(), flagNow, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(cfg) {
				t.Errorf("got %+v", cfg)
			}
		})
	}
}

func TestParseFlagsInvalid(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-since", "2024-01-02"}, "time and a zone"},
		{[]string{"-since", "2024-01-02T15:04:05"}, "time and a zone"},
		{[]string{"-since", "yesterday"}, "time and a zone"},
		{[]string{"-since", "2027-01-01T00:00:00Z"}, "in the future"},
		{[]string{"-types", "Claim"}, "Claim is not a resource type of BCDA v3"},
		{[]string{"-api", "v1", "-types", "ClaimResponse"}, "not a resource type of BCDA v1"},
		{[]string{"-types", "Patient,Patient"}, "repeated"},
		{[]string{"-types", "Patient,,Coverage"}, "empty type"},
		{[]string{"-types", "Observation"}, "Observation is not a resource type"},
		{[]string{"-api", "v4"}, "want v1, v2 or v3"},
		{[]string{"-group", "everyone"}, "want all or runout"},
		{[]string{"-api", "v2", "-type-filter", "ExplanationOfBenefit?outcome=complete"}, "v3 only"},
		{[]string{"-concurrency", "0"}, "-concurrency 0"},
		{[]string{"-base-url", "sandbox.bcda.cms.gov", "-client-id", "a", "-client-secret", "b"}, "absolute http(s) URL"},
		{[]string{"-base-url", "ftp://host", "-client-id", "a", "-client-secret", "b"}, "absolute http(s) URL"},
		{[]string{"-base-url", "https://host/?x=1", "-client-id", "a", "-client-secret", "b"}, "scheme, host"},
		{[]string{"-client-id", "a"}, "set both"},
		{[]string{"-base-url", "https://api.bcda.cms.gov"}, "no credentials"},
		{[]string{"-state", "x.ndjson"}, "must not end in .ndjson"},
		{[]string{"-bogus"}, "flag provided but not defined"},
		{[]string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			_, err := parseFlags(tt.args, env(), flagNow, io.Discard)
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("err = %v, want a usage error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	var stdout, stderr strings.Builder
	if code := run(t.Context(), []string{"-h"}, env(), &stdout, &stderr); code != 0 {
		t.Errorf("-h: exit %d", code)
	}
	for _, flag := range []string{"-base-url", "-client-id", "-client-secret", "-api", "-group", "-types", "-since", "-type-filter", "-out", "-concurrency", "-state", "-keep-job", "-no-progress", "-sandbox"} {
		if !strings.Contains(stderr.String(), flag+" ") {
			t.Errorf("usage lacks %s", flag)
		}
	}
}
