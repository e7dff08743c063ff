package main

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// FuzzParseFlags drives -api, -types, -since and -type-filter with arbitrary
// values: every refusal is a usage error naming its flag, and every accepted
// command line is one the export can run (types of the version, distinct,
// in the order given; a since with a zone, not in the future).
func FuzzParseFlags(f *testing.F) {
	f.Add("v3", "Patient,Coverage", "2024-01-02T15:04:05Z", "")
	f.Add("v2", " Claim , ClaimResponse ", "2024-01-02T10:04:05.123-05:00", "")
	f.Add("V1", "Patient,Patient", "auto", "")
	f.Add("v3", "", "2024-01-02", "ExplanationOfBenefit?outcome=complete")
	f.Add("v2", "Claim,", "2027-01-01T00:00:00Z", "x")
	f.Add("v3", ",", " auto ", "")
	f.Add("v4", "Observation", "2024-01-02T15:04:05+25:00", "")
	f.Fuzz(func(t *testing.T, api, types, since, typeFilter string) {
		args := []string{"-api", api, "-types", types, "-since", since}
		if typeFilter != "" {
			args = append(args, "-type-filter", typeFilter)
		}
		cfg, err := parseFlags(args, env(), flagNow, io.Discard)
		if err != nil {
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Fatalf("%q: %T %v", args, err, err)
			}
			if !regexpFlag.MatchString(err.Error()) {
				t.Fatalf("%q: the error names no flag: %v", args, err)
			}
			return
		}
		allowed := versionTypes[cfg.Version]
		var want []string
		if strings.TrimSpace(types) != "" {
			for _, t := range strings.Split(types, ",") {
				want = append(want, strings.TrimSpace(t))
			}
		}
		if !slices.Equal(cfg.Types, want) {
			t.Fatalf("-types %q gave %q", types, cfg.Types)
		}
		for i, typ := range cfg.Types {
			if !slices.Contains(allowed, typ) || slices.Contains(cfg.Types[:i], typ) {
				t.Fatalf("-types %q accepted %q on %s", types, cfg.Types, cfg.Version)
			}
		}
		switch s := strings.TrimSpace(since); {
		case s == "auto":
			if !cfg.SinceAuto || !cfg.Since.IsZero() {
				t.Fatalf("-since %q: %+v", since, cfg)
			}
		case s == "":
			if cfg.SinceAuto || !cfg.Since.IsZero() {
				t.Fatalf("-since %q: %+v", since, cfg)
			}
		default:
			// The instant BCDA will parse with time.RFC3339Nano
			// (../shared/reference/bcda-server.md §3.2 item 4), not after now.
			back, err := time.Parse(time.RFC3339Nano, s)
			if err != nil || !back.Equal(cfg.Since) || cfg.Since.After(flagNow) {
				t.Fatalf("-since %q gave %v (%v)", since, cfg.Since, err)
			}
		}
		if cfg.TypeFilter != "" && cfg.Version != "v3" {
			t.Fatalf("-type-filter accepted on %s", cfg.Version)
		}
	})
}

// regexpFlag matches a usage error that starts with the flag it is about.
var regexpFlag = regexp.MustCompile(`^-(api|types|since|type-filter)\b`)

// FuzzLoadState: a state file is either refused with a message naming the
// file, or it holds a state bcda-export could have written, which a save
// and a load give back unchanged; a truncated file is always refused.
func FuzzLoadState(f *testing.F) {
	tt := time.Date(2026, 11, 25, 10, 0, 0, 123456000, time.UTC)
	good := &state{
		BaseURL: "https://sandbox.bcda.cms.gov", APIVersion: "v3",
		Request: request{Group: "all", Types: []string{"Patient", "Coverage"}, Since: tt, TypeFilter: "ExplanationOfBenefit?outcome=complete"},
		JobURL:  "https://sandbox.bcda.cms.gov/api/v3/jobs/42", JobStarted: tt,
		LastTransactionTime: tt, LastRequest: &request{Types: []string{"Patient"}}, LastSuccess: tt,
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "state.json")
	if err := good.save(path); err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, uint16(0))
	f.Add(b, uint16(len(b)/2))
	f.Add([]byte(strings.Replace(string(b), "jobs/42", "jobs/42/../7", 1)), uint16(0))
	f.Add([]byte(strings.Replace(string(b), `"api_version": "v3"`, `"api_version": "v2"`, 1)), uint16(0))
	f.Add([]byte(strings.Replace(string(b), `"job_url"`, `"jobURL"`, 1)), uint16(0))
	f.Add([]byte(`{"base_url":"builtin-sandbox","api_version":"v1","job_url":"http://127.0.0.1:1/api/v1/jobs/1","job_started":"2026-01-01T00:00:00Z"}`), uint16(9))
	f.Add([]byte(`null`), uint16(0))
	f.Add([]byte(`{}`), uint16(0))
	f.Fuzz(func(t *testing.T, b []byte, cut uint16) {
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := loadState(path)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "state file "+path+" ") || !strings.HasSuffix(err.Error(), "; move it away to start afresh") {
				t.Fatalf("error names no file or remedy: %v", err)
			}
			return
		}
		if err := s.check(); err != nil {
			t.Fatalf("loaded a state that fails its check: %v", err)
		}
		// What save writes, without its fsyncs (slow, and not under test).
		out, err := json.MarshalIndent(s, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
		s2, err := loadState(path)
		if err != nil || s2.JobURL != s.JobURL || s2.BaseURL != s.BaseURL || s2.APIVersion != s.APIVersion ||
			!s2.Request.equal(s.Request) || !s2.LastTransactionTime.Equal(s.LastTransactionTime) ||
			(s.LastRequest == nil) != (s2.LastRequest == nil) || (s.LastRequest != nil && !s2.LastRequest.equal(*s.LastRequest)) {
			t.Fatalf("a save and a load changed the state: %+v → %+v (%v)", s, s2, err)
		}
		trimmed := strings.TrimRight(string(b), " \t\r\n")
		if n := int(cut) % (len(trimmed) + 1); n < len(trimmed) {
			if err := os.WriteFile(path, b[:n], 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := loadState(path); err == nil {
				t.Fatalf("truncated after %d of %d bytes and accepted", n, len(trimmed))
			}
		}
	})
}
