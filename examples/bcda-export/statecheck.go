package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
)

// check refuses a state no run of bcda-export writes, so that a
// hand-edited or damaged file stops the command with a clear message
// instead of re-attaching to the wrong job or exporting the wrong window.
func (s *state) check() error {
	recorded := s.JobURL != "" || !s.LastTransactionTime.IsZero()
	if recorded && (s.BaseURL == "" || s.APIVersion == "") {
		return errors.New("records a job or a run but not its base_url and api_version")
	}
	if _, ok := versionTypes[s.APIVersion]; s.APIVersion != "" && !ok {
		return fmt.Errorf("api_version %q: want v1, v2 or v3", s.APIVersion)
	}
	if s.BaseURL != "" && s.BaseURL != sandboxBase {
		if err := checkBaseURL(s.BaseURL); err != nil {
			return fmt.Errorf("base_url: %v", err)
		}
	}
	if s.JobURL != "" {
		if err := s.checkJobURL(); err != nil {
			return err
		}
		if s.JobStarted.IsZero() {
			return errors.New("records a job_url without job_started")
		}
	}
	switch s.JobOrigin {
	case "", originStarted, originAdopted:
	default:
		return fmt.Errorf("job_origin %q: want %s or %s", s.JobOrigin, originStarted, originAdopted)
	}
	if err := s.Request.check(s.APIVersion); err != nil {
		return fmt.Errorf("request: %v", err)
	}
	if s.LastRequest != nil {
		if s.LastTransactionTime.IsZero() {
			return errors.New("records a last_request without its last_transaction_time")
		}
		if err := s.LastRequest.check(s.APIVersion); err != nil {
			return fmt.Errorf("last_request: %v", err)
		}
	}
	return nil
}

// checkJobURL accepts a job status URL of the recorded server and version
// (BCDA's are base/api/vN/jobs/ID, ../shared/reference/bcda-server.md §3.3).
// The built-in sandbox's jobs are never re-attached, whatever their URL.
func (s *state) checkJobURL() error {
	u, err := url.Parse(s.JobURL)
	if err != nil || !u.IsAbs() || u.Host == "" {
		return fmt.Errorf("job_url %q is not an absolute URL", s.JobURL)
	}
	if s.BaseURL == sandboxBase {
		return nil
	}
	prefix := strings.TrimRight(s.BaseURL, "/") + "/api/" + s.APIVersion + "/jobs/"
	id, ok := strings.CutPrefix(s.JobURL, prefix)
	if !ok || id == "" || strings.ContainsAny(id, "/?#") {
		return fmt.Errorf("job_url %q is not a job of %s %s", s.JobURL, s.BaseURL, s.APIVersion)
	}
	return nil
}

// check accepts what parseFlags would: a known group, known types of the
// version without repeats, and a _typeFilter on v3 only.
func (r request) check(version string) error {
	switch r.Group {
	case "", "all", "runout":
	default:
		return fmt.Errorf("group %q: want all or runout", r.Group)
	}
	for i, t := range r.Types {
		if !slices.Contains(versionTypes[version], t) {
			return fmt.Errorf("type %q is not a resource type of BCDA %q", t, version)
		}
		if slices.Contains(r.Types[:i], t) {
			return fmt.Errorf("type %s is repeated", t)
		}
	}
	if r.TypeFilter != "" && version != "v3" {
		return fmt.Errorf("type_filter on %q; BCDA takes it on v3 only", version)
	}
	return nil
}

// decodeState reads a state file's bytes strictly: one JSON object of the
// state's members (a misspelt or unknown member is an error, not silently
// dropped), nothing after it, and a state a run could have written. Read
// leniently, a damaged file would lose what it records.
func decodeState(b []byte, st *state) error {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		return errors.New("is not valid JSON: want an object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(st); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("is not valid JSON (%v)", err)
		}
		return fmt.Errorf("is not a valid state (%v)", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("has more after its JSON object")
	}
	return st.check()
}
