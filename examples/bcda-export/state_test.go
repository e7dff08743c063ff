package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestStateRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "state.json")
	s, err := loadState(path)
	if err != nil || s.JobURL != "" || !s.LastTransactionTime.IsZero() {
		t.Fatalf("missing file: %+v, %v", s, err)
	}
	tt := time.Date(2026, 11, 25, 10, 0, 0, 123456000, time.UTC)
	s = &state{
		BaseURL: "https://sandbox.bcda.cms.gov", APIVersion: "v3",
		Request: request{Group: "all", Types: []string{"Patient"}, Since: tt},
		JobURL:  "https://sandbox.bcda.cms.gov/api/v3/jobs/42", JobStarted: tt,
		LastTransactionTime: tt,
	}
	if err := s.save(path); err != nil {
		t.Fatal(err)
	}
	got, err := loadState(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.JobURL != s.JobURL || !got.Request.equal(s.Request) || !got.LastTransactionTime.Equal(tt) {
		t.Errorf("round trip: %+v", got)
	}
	// Nothing but the state file is left behind (no temporary files).
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want 1", len(entries))
	}
	b, _ := os.ReadFile(path)
	for _, key := range []string{`"base_url"`, `"api_version"`, `"request"`, `"job_url"`, `"last_transaction_time"`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("state file lacks %s:\n%s", key, b)
		}
	}
}

func TestStateCorrupt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	os.WriteFile(path, []byte("{not json"), 0o600)
	if _, err := loadState(path); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Errorf("err = %v", err)
	}
}

func TestRequestEqual(t *testing.T) {
	a := request{Group: "all", Types: []string{"Patient", "Coverage"}}
	if !a.equal(request{Group: "all", Types: []string{"Patient", "Coverage"}}) {
		t.Error("equal requests differ")
	}
	for _, b := range []request{
		{Group: "", Types: a.Types},
		{Group: "all", Types: []string{"Patient"}},
		{Group: "all", Types: a.Types, Since: time.Unix(1, 0)},
		{Group: "all", Types: a.Types, TypeFilter: "x"},
	} {
		if a.equal(b) {
			t.Errorf("%+v equals %+v", a, b)
		}
	}
}
