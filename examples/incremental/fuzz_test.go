package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzLoadState: a state file is refused with a message naming the file, or
// it holds a state a run could have written, which encodes back to the same
// state; a truncated file is always refused.
func FuzzLoadState(f *testing.F) {
	good := state{Server: "https://sandbox.bcda.cms.gov", Version: "v3", Endpoint: "Group/all/$export",
		TransactionTime: time.Date(2026, 11, 25, 10, 0, 0, 123456000, time.UTC), Saved: time.Date(2026, 11, 25, 10, 5, 0, 0, time.UTC)}
	b, err := json.MarshalIndent(good, "", "  ")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b, uint16(0))
	f.Add(b, uint16(40))
	f.Add([]byte(strings.Replace(string(b), `"transaction_time"`, `"transactionTime"`, 1)), uint16(0))
	f.Add([]byte(strings.Replace(string(b), `"v3"`, `"v9"`, 1)), uint16(0))
	f.Add([]byte(`{"server":"x"}`), uint16(0))
	f.Add([]byte(`null`), uint16(0))
	path := filepath.Join(f.TempDir(), "state.json")
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
		out, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out, 0o600); err != nil {
			t.Fatal(err)
		}
		s2, err := loadState(path)
		if err != nil || s2.Server != s.Server || s2.Version != s.Version || s2.Endpoint != s.Endpoint ||
			!s2.TransactionTime.Equal(s.TransactionTime) || !s2.Saved.Equal(s.Saved) {
			t.Fatalf("encoding changed the state: %+v → %+v (%v)", s, s2, err)
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
