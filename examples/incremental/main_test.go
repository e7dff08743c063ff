package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
	"github.com/bcda-go/bcda/internal/fakebcda/fakebcdatest"
)

// sandboxEnv is the environment of a run against baseURL with the
// small sandbox model entity's credentials.
func sandboxEnv(baseURL string) func(string) string {
	env := map[string]string{
		"BCDA_CLIENT_ID":     auth.SandboxSmall().ClientID,
		"BCDA_CLIENT_SECRET": auth.SandboxSmall().ClientSecret,
		"BCDA_BASE_URL":      baseURL,
	}
	return func(k string) string { return env[k] }
}

// Two runs: the first exports everything and records the transactionTime;
// the second sends it as _since. A failed run leaves the state alone.
func TestIncrementalRuns(t *testing.T) {
	for _, endpoint := range []string{"group"} {
		t.Run(endpoint, func(t *testing.T) {
			fake, srv := fakebcdatest.NewServer(t, fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0))
			dir := t.TempDir()
			statePath := filepath.Join(dir, "state.json")
			args := []string{"-state", statePath, "-out", filepath.Join(dir, "data"), "-endpoint", endpoint}
			getenv := sandboxEnv(srv.URL)

			var out bytes.Buffer
			if err := run(context.Background(), args, getenv, &out); err != nil {
				t.Fatalf("first run: %v\n%s", err, out.String())
			}
			first, err := loadState(statePath)
			if err != nil || first.TransactionTime.IsZero() {
				t.Fatalf("state after the first run: %+v, %v", first, err)
			}

			// A run that fails (every download refused) keeps the old window.
			fake.Fail(fakebcda.FaultRule{Path: "/data/", Status: 404})
			if err := run(context.Background(), args, getenv, &bytes.Buffer{}); err == nil {
				t.Fatal("a run whose downloads all fail succeeded")
			}
			if st, _ := loadState(statePath); !st.TransactionTime.Equal(first.TransactionTime) {
				t.Errorf("a failed run moved the window to %v", st.TransactionTime)
			}
			fake.ClearFaults()

			out.Reset()
			if err := run(context.Background(), args, getenv, &out); err != nil {
				t.Fatalf("second run: %v\n%s", err, out.String())
			}
			var queries []string
			for _, r := range fake.Log() {
				if strings.HasSuffix(r.Path, "/$export") {
					queries = append(queries, r.Path+"?"+r.Query)
				}
			}
			if len(queries) != 3 {
				t.Fatalf("kick-offs: %q", queries)
			}
			wantPath := "/api/v3/Group/all/$export"
			if endpoint == "patient" {
				wantPath = "/api/v3/Patient/$export"
			}
			u, _ := url.Parse(queries[2])
			if u.Path != wantPath {
				t.Errorf("kick-off path %s, want %s", u.Path, wantPath)
			}
			since, err := time.Parse(time.RFC3339Nano, u.Query().Get("_since"))
			if err != nil || first.TransactionTime.Sub(since) > time.Millisecond || since.After(first.TransactionTime) {
				t.Errorf("second run's _since %q, want the first transactionTime %v", u.Query().Get("_since"), first.TransactionTime)
			}
			if strings.Contains(queries[0], "_since") {
				t.Errorf("first run sent _since: %s", queries[0])
			}
			if !strings.Contains(out.String(), "Last successful run") || !strings.Contains(out.String(), "newly attributed") && !strings.Contains(out.String(), "attributed since") {
				t.Errorf("output:\n%s", out.String())
			}
		})
	}
}

// -endpoint patient: Patient/$export with the recorded _since.
func TestIncrementalPatientEndpoint(t *testing.T) {
	fake, srv := fakebcdatest.NewServer(t, fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0))
	dir := t.TempDir()
	statePath := filepath.Join(dir, "state.json")
	last := time.Now().Add(-time.Hour).UTC().Truncate(time.Millisecond)
	if err := (&state{Server: srv.URL, Version: "v3", TransactionTime: last}).save(statePath); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	args := []string{"-state", statePath, "-out", filepath.Join(dir, "data"), "-endpoint", "patient"}
	if err := run(context.Background(), args, sandboxEnv(srv.URL), &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	log := fake.Log()
	var kick *fakebcda.Request
	for i := range log {
		if strings.HasSuffix(log[i].Path, "/$export") {
			kick = &log[i]
		}
	}
	if kick == nil || kick.Path != "/api/v3/Patient/$export" {
		t.Fatalf("kick-off: %+v", kick)
	}
	q, _ := url.ParseQuery(kick.Query)
	if since, err := time.Parse(time.RFC3339Nano, q.Get("_since")); err != nil || !since.Equal(last) {
		t.Errorf("_since %q, want %v", q.Get("_since"), last)
	}
	if !strings.Contains(out.String(), "Use -endpoint group") {
		t.Errorf("output does not explain the trade-off:\n%s", out.String())
	}
	for _, args := range [][]string{{"-endpoint", "everyone"}, {"-no-such-flag"}, {"positional"}} {
		err := run(context.Background(), args, func(string) string { return "" }, &bytes.Buffer{})
		if !errors.As(err, new(usageError)) {
			t.Errorf("%q: %v, want a usage error (exit status 2)", args, err)
		}
	}
}

// With no -dir, -state or -out, nothing is written in the current directory
// (the source tree when run with go run): data and state go under the user
// cache folder, the output says where, and the saved exports are listed from
// their manifest.json files.
func TestIncrementalDefaultDir(t *testing.T) {
	_, srv := fakebcdatest.NewServer(t, fakebcda.WithPendingPolls(0), fakebcda.WithInProgressPolls(0))
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache) // os.UserCacheDir on Linux and the BSDs
	t.Setenv("HOME", cache)           // and on macOS (HOME/Library/Caches)
	cwd := t.TempDir()
	t.Chdir(cwd)
	var out bytes.Buffer
	for run1 := range 2 {
		out.Reset()
		if err := run(context.Background(), nil, sandboxEnv(srv.URL), &out); err != nil {
			t.Fatalf("run %d: %v\n%s", run1+1, err, out.String())
		}
	}
	if entries, _ := os.ReadDir(cwd); len(entries) != 0 {
		t.Errorf("the current directory holds %v", entries)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	base = filepath.Join(base, "bcda-go", "incremental")
	for _, want := range []string{filepath.Join(base, "state.json"), filepath.Join(base, "data"), "2 saved exports; load them in this order"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output does not mention %q:\n%s", want, out.String())
		}
	}
	saved, err := export.ListSaved(filepath.Join(base, "data"))
	if err != nil || len(saved) != 2 || !saved[0].TransactionTime.Before(saved[1].TransactionTime) {
		t.Fatalf("saved exports: %v, %v", saved, err)
	}
	if len(saved[0].Output(fhir.TypePatient)) == 0 {
		t.Errorf("the first export has no Patient file: %+v", saved[0].Files)
	}
	// Private: 0700 folders and 0600 files, whatever the umask.
	filepath.WalkDir(cache, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, _ := d.Info()
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if p != cache && info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, info.Mode().Perm(), want)
		}
		return nil
	})
}
