package main

// End-to-end tests: the whole command, in-process, against the fake BCDA on a
// loopback port, with faults injected. Every test checks the saved files byte
// for byte against what the fake serves, fetched independently with a plain
// HTTP client.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bcda-go/bcda/auth"
	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
)

func TestMain(m *testing.M) {
	pollInterval.min, pollInterval.max = 5*time.Millisecond, 20*time.Millisecond
	if os.Getenv("BCDA_EXPORT_TEST_MAIN") == "1" {
		// The test binary plays the command, for tests that send it signals.
		os.Args = append([]string{"bcda-export"}, strings.Fields(os.Getenv("BCDA_EXPORT_TEST_ARGS"))...)
		main()
		return
	}
	os.Exit(m.Run())
}

// bed is one fake BCDA and a place for the command's files.
type bed struct {
	t    *testing.T
	fake *fakebcda.Server
	srv  *httptest.Server
	out  string
	hook atomic.Pointer[func(*http.Request)]
}

func newBed(t *testing.T, opts ...fakebcda.Option) *bed {
	t.Helper()
	opts = append([]fakebcda.Option{
		fakebcda.WithPendingPolls(1),
		fakebcda.WithInProgressPolls(1),
		// More, smaller files than BCDA's defaults so that resuming and
		// concurrency have something to work on.
		fakebcda.WithBatchSize(fhir.TypeExplanationOfBenefit, 10),
		fakebcda.WithBatchSize(fhir.TypePatient, 10),
		fakebcda.WithBatchSize(fhir.TypeCoverage, 10),
	}, opts...)
	b := &bed{t: t, fake: fakebcda.New(opts...), out: filepath.Join(t.TempDir(), "out")}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fn := b.hook.Load(); fn != nil {
			(*fn)(r)
		}
		b.fake.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { b.srv.Close(); b.fake.Close() })
	return b
}

// args returns the command line for this bed plus extra flags. Unless extra
// says otherwise, it asks for Patient and Coverage only: generating EOBs,
// 5–40 KB each, is what makes a run slow under the race detector.
func (b *bed) args(extra ...string) []string {
	if !slices.Contains(extra, "-types") {
		extra = append(extra, "-types", "Patient,Coverage")
	}
	return append([]string{
		"-base-url", b.srv.URL,
		"-client-id", auth.SandboxSmall().ClientID,
		"-client-secret", auth.SandboxSmall().ClientSecret,
		"-out", b.out,
	}, extra...)
}

type result struct {
	code           int
	stdout, stderr string
}

func (b *bed) run(ctx context.Context, extra ...string) result {
	b.t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(ctx, b.args(extra...), env(), &stdout, &stderr)
	b.checkNoSecret(stdout.String() + stderr.String())
	return result{code, stdout.String(), stderr.String()}
}

// checkNoSecret fails the test if the client secret shows in out or in any
// file the command wrote that is not data (state file, checkpoints).
func (b *bed) checkNoSecret(out string) {
	t := b.t
	t.Helper()
	secret := auth.SandboxSmall().ClientSecret
	if strings.Contains(out, secret) {
		t.Errorf("the client secret appears in the command's output")
	}
	for rel, body := range saved(t, b.out) {
		if !strings.HasSuffix(rel, ".ndjson") && bytes.Contains(body, []byte(secret)) {
			t.Errorf("the client secret was written to %s", rel)
		}
	}
}

func (b *bed) mustRun(extra ...string) result {
	b.t.Helper()
	r := b.run(context.Background(), extra...)
	if r.code != 0 {
		b.t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	return r
}

func (b *bed) count(method, prefix string) int { return b.fake.Requests(method, prefix) }

// served fetches a job's manifest and every file in it with a plain client,
// as curl would: the ground truth the saved files must equal. The files are
// keyed by the names the saved layout gives them (savedNames).
func (b *bed) served(jobID int) (map[string][]byte, manifestJSON) {
	t := b.t
	t.Helper()
	req, _ := http.NewRequest("POST", b.srv.URL+"/auth/token", nil)
	req.SetBasicAuth(auth.SandboxSmall().ClientID, auth.SandboxSmall().ClientSecret)
	req.Header.Set("Accept", "application/json")
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	getJSON(t, req, &tok)

	var m manifestJSON
	for _, v := range []string{"v1", "v2", "v3"} {
		req, _ = http.NewRequest("GET", fmt.Sprintf("%s/api/%s/jobs/%d", b.srv.URL, v, jobID), nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode == http.StatusOK {
			if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			break
		}
		resp.Body.Close()
	}
	if m.TransactionTime == "" {
		t.Fatalf("job %d has no manifest", jobID)
	}
	files := map[string][]byte{}
	names := savedNames(m)
	for _, f := range append(append([]fileJSON{}, m.Output...), m.Error...) {
		req, _ = http.NewRequest("GET", f.URL, nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := http.DefaultClient.Do(req) // Go asks for gzip and decompresses
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v", f.URL, resp.StatusCode, err)
		}
		files[names[f.URL]] = body
	}
	return files, m
}

// savedNames maps each file URL of m to its name in the saved folder, by
// the layout the README documents: "<Type>-NNN.ndjson" for output files and
// "<Type>-error-NNN.ndjson" for error files, numbered from 1 in manifest
// order within type and kind (fewer than 1,000 files here).
func savedNames(m manifestJSON) map[string]string {
	names := map[string]string{}
	for _, list := range []struct {
		infix string
		files []fileJSON
	}{{"", m.Output}, {"-error", m.Error}} {
		n := map[string]int{}
		for _, f := range list.files {
			n[f.Type]++
			names[f.URL] = fmt.Sprintf("%s%s-%03d.ndjson", f.Type, list.infix, n[f.Type])
		}
	}
	return names
}

type manifestJSON struct {
	TransactionTime string     `json:"transactionTime"`
	Output          []fileJSON `json:"output"`
	Error           []fileJSON `json:"error"`
}

type fileJSON struct {
	Type string `json:"type"`
	URL  string `json:"url"`
}

func getJSON(t *testing.T, req *http.Request, v any) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("%s %s: %s", req.Method, req.URL, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// saved lists every regular file under dir by path relative to it.
func saved(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, p)
			b, _ := os.ReadFile(p)
			files[filepath.ToSlash(rel)] = b
		}
		return nil
	})
	return files
}

// checkFiles asserts that the .ndjson files of job jobID's directory under
// out are exactly the manifest's files, byte for byte, and that no other file
// there ends in .ndjson.
func (b *bed) checkFiles(jobID int) {
	t := b.t
	t.Helper()
	want, _ := b.served(jobID)
	got := map[string][]byte{}
	dirs := map[string]bool{}
	for rel, body := range saved(t, b.out) {
		dir, name := path.Split(rel)
		if !strings.HasSuffix(dir, fmt.Sprintf("-job%d/", jobID)) {
			continue
		}
		if !strings.HasSuffix(rel, ".ndjson") {
			if strings.Contains(name, ".ndjson") && !strings.HasPrefix(name, ".") {
				t.Errorf("%s: an unfinished file left after success", rel)
			}
			continue
		}
		dirs[dir] = true
		if _, dup := got[name]; dup {
			t.Errorf("%s saved twice", name)
		}
		got[name] = body
	}
	if len(dirs) != 1 {
		t.Errorf("files saved in %d directories, want 1: %v", len(dirs), slices.Sorted(maps.Keys(dirs)))
	}
	for name, w := range want {
		g, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s: not saved", name)
		case !bytes.Equal(g, w):
			t.Errorf("%s: saved %d bytes that differ from the %d served", name, len(g), len(w))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: saved but not in the manifest", name)
		}
	}
	if len(want) == 0 {
		t.Error("the job has no files; the test proves nothing")
	}
	b.checkSavedManifest(jobID)
}

// checkSavedManifest reads the job's folder back with export.OpenSaved, as
// a loader would, and checks that manifest.json traces every saved file to
// the server's file (its URL, without a query string) with exact counts.
func (b *bed) checkSavedManifest(jobID int) {
	t := b.t
	t.Helper()
	want, m := b.served(jobID)
	dirs, _ := filepath.Glob(filepath.Join(b.out, fmt.Sprintf("*-job%d", jobID)))
	if len(dirs) != 1 {
		t.Fatalf("job %d folders: %v", jobID, dirs)
	}
	s, err := export.OpenSaved(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Verify(); err != nil {
		t.Error(err)
	}
	names := savedNames(m)
	source := map[string]string{}
	for u, name := range names {
		source[name] = u
	}
	if len(s.Files) != len(names) {
		t.Errorf("manifest.json lists %d files, the server %d", len(s.Files), len(names))
	}
	lines := map[string]int64{}
	for _, f := range s.Files {
		u := source[f.Name]
		if u == "" || f.URL != u || f.SourceName != path.Base(u) {
			t.Errorf("%s: manifest.json traces it to %s (%s), the server listed %q under that name", f.Name, f.URL, f.SourceName, u)
		}
		if body := want[f.Name]; f.Bytes != int64(len(body)) || f.Lines != int64(bytes.Count(body, []byte("\n"))) {
			t.Errorf("%s: manifest.json says %d bytes %d lines, the server sent %d bytes", f.Name, f.Bytes, f.Lines, len(body))
		}
		lines[string(f.Kind)+" "+string(f.Type)] += f.Lines
	}
	for _, sum := range s.Summary {
		if lines[string(sum.Kind)+" "+string(sum.Type)] != sum.Lines {
			t.Errorf("summary %+v disagrees with the files", sum)
		}
	}
}

func readState(t *testing.T, p string) *state {
	t.Helper()
	s, err := loadState(p)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (b *bed) statePath() string { return filepath.Join(b.out, stateFileName) }

// onRequest calls fn for every request before the fake handles it; nil
// removes the hook.
func (b *bed) onRequest(fn func(*http.Request)) {
	if fn == nil {
		b.hook.Store(nil)
		return
	}
	b.hook.Store(&fn)
}

func TestExportSavesEveryFile(t *testing.T) {
	b := newBed(t)
	r := b.mustRun("-concurrency", "3", "-types", "Patient,Coverage,ExplanationOfBenefit")
	if n := b.count("GET", "/api/v3/Patient/$export"); n != 1 {
		t.Errorf("%d kick-offs, want 1", n)
	}
	b.checkFiles(1)
	for _, want := range []string{"TYPE", "ExplanationOfBenefit", "Patient", "Coverage", "total"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, r.stdout)
		}
	}
	st := readState(t, b.statePath())
	if st.JobURL != "" || st.LastTransactionTime.IsZero() || st.BaseURL != b.srv.URL || st.APIVersion != "v3" {
		t.Errorf("state after success: %+v", st)
	}
	// Plain log lines, not terminal control sequences, when stderr is not a terminal.
	if strings.Contains(r.stderr, "\x1b[") {
		t.Errorf("escape sequences in non-terminal output:\n%q", r.stderr)
	}
}

func TestExportErrorFilesAndGroup(t *testing.T) {
	b := newBed(t)
	b.fake.SetErrorLines(2)
	b.mustRun("-group", "all", "-types", "Coverage,Patient")
	if n := b.count("GET", "/api/v3/Group/all/$export"); n != 1 {
		t.Errorf("%d Group/all kick-offs, want 1", n)
	}
	_, m := b.served(1)
	if len(m.Error) == 0 {
		t.Fatal("no error files in the manifest")
	}
	b.checkFiles(1)
}

func TestVersionsV1V2(t *testing.T) {
	for _, v := range []string{"v1", "v2"} {
		t.Run(v, func(t *testing.T) {
			b := newBed(t)
			b.mustRun("-api", v, "-types", "Patient,Coverage")
			if n := b.count("GET", "/api/"+v+"/Patient/$export"); n != 1 {
				t.Errorf("%d kick-offs, want 1", n)
			}
			b.checkFiles(1)
		})
	}
}

// A run interrupted mid-download (SIGINT once the job is complete: nothing to
// cancel on the server) is resumed by a rerun: no second kick-off, and the
// files finished before the interrupt are not fetched again.
// TestSIGKILLMidDownloadAndResume does the same with a real SIGKILL.
func TestKillMidDownloadAndResume(t *testing.T) {
	// 100 kB/s: a 10 kB file takes about 0.1 s, so the kill lands mid-body.
	b := newBed(t, fakebcda.WithBandwidth(100_000))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var data atomic.Int32
	b.onRequest(func(r *http.Request) {
		// With one download at a time, the third request for a file means
		// two files are complete: kill the run while the third streams.
		if strings.HasPrefix(r.URL.Path, "/data/") && data.Add(1) == 3 {
			time.AfterFunc(30*time.Millisecond, cancel)
		}
	})
	r := b.run(ctx, "-concurrency", "1")
	if r.code != exitInterrupted {
		t.Fatalf("first run: exit %d, want 130\n%s", r.code, r.stderr)
	}
	if n := b.count("DELETE", ""); n != 0 {
		t.Errorf("%d DELETE requests for a completed job, want 0", n)
	}
	st := readState(t, b.statePath())
	if st.JobURL == "" {
		t.Fatalf("state lost the job after an interrupt mid-download: %+v", st)
	}
	// No unfinished file carries a final name: each .ndjson file is whole.
	served, _ := b.served(1)
	whole := 0
	for rel, body := range saved(t, b.out) {
		if !strings.HasSuffix(rel, ".ndjson") {
			continue
		}
		if !bytes.Equal(body, served[path.Base(rel)]) {
			t.Errorf("%s: %d bytes under a final name after the kill, not the %d served", rel, len(body), len(served[path.Base(rel)]))
		}
		whole++
	}
	if whole < 2 {
		t.Errorf("%d whole files after the kill, want at least 2", whole)
	}
	b.onRequest(nil)
	b.resumeAfterKill(fetchCounts(b.fake.Log()))
}

// A real SIGKILL mid-download: no signal handler, no deferred cleanup. The
// files finished before it keep their final names and are whole, the one
// being written exists only as a .part, and a rerun re-attaches (no second
// kick-off) and does not fetch the finished files again.
func TestSIGKILLMidDownloadAndResume(t *testing.T) {
	b := newBed(t, fakebcda.WithBandwidth(100_000))
	third := make(chan struct{})
	var data atomic.Int32
	b.onRequest(func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/data/") && data.Add(1) == 3 {
			close(third)
		}
	})
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BCDA_EXPORT_TEST_MAIN=1", "BCDA_EXPORT_TEST_ARGS="+strings.Join(b.args("-concurrency", "1"), " "))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-third:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("the command never reached its third download\n%s", stderr.String())
	}
	// Kill once two files are recorded in the checkpoint and another is half
	// written (100 kB/s leaves time to see it). A file renamed but not yet
	// checkpointed is not finished: the rerun cannot verify it and rightly
	// fetches it again, so waiting on final names alone made this test flaky.
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if _, parts := countFiles(b.out); checkpointed(b.out) >= 2 && parts > 0 {
			break
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	b.onRequest(nil)

	served, _ := b.served(1)
	whole, parts := 0, 0
	for rel, body := range saved(t, b.out) {
		switch {
		case strings.HasSuffix(rel, ".ndjson"):
			if !bytes.Equal(body, served[path.Base(rel)]) {
				t.Errorf("%s: %d bytes under a final name after SIGKILL, not the %d served", rel, len(body), len(served[path.Base(rel)]))
			}
			whole++
		case strings.HasSuffix(rel, ".ndjson.part"):
			parts++
		}
	}
	if whole < 2 {
		t.Errorf("%d whole files after SIGKILL, want at least 2\n%s", whole, stderr.String())
	}
	if parts == 0 {
		t.Errorf("no .part file at the kill; the test did not kill mid-file\n%s", stderr.String())
	}
	b.resumeAfterKill(fetchCounts(b.fake.Log()))
}

// resumeAfterKill reruns the command after a run of job 1 was stopped
// mid-download and checks that it resumed: no second kick-off, the files the
// first run finished (firstRun: its downloads per path) not fetched again and
// reported as kept, and every file saved byte for byte.
func (b *bed) resumeAfterKill(firstRun map[string]int) {
	t := b.t
	t.Helper()
	r := b.mustRun("-concurrency", "1")
	if n := b.count("GET", "/api/v3/Patient/$export"); n != 1 {
		t.Errorf("%d kick-offs after the rerun, want 1", n)
	}
	if !strings.Contains(r.stderr, "re-attaching to job 1") {
		t.Errorf("rerun does not say it re-attached:\n%s", r.stderr)
	}
	total := fetchCounts(b.fake.Log())
	kept := 0
	for p, n := range firstRun {
		if n == 1 && total[p] == 1 {
			kept++
		}
	}
	if kept < 2 {
		t.Errorf("rerun fetched again files finished before the kill (first run %v, total %v)", firstRun, total)
	}
	if n := strings.Count(r.stderr, "verified by an earlier run"); n < 2 {
		t.Errorf("rerun reports %d files kept from the first run, want at least 2:\n%s", n, r.stderr)
	}
	b.checkFiles(1)
}

// countFiles counts the finished (.ndjson) and unfinished (.part) files under dir.
func countFiles(dir string) (whole, parts int) {
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
		case strings.HasSuffix(p, ".ndjson"):
			whole++
		case strings.HasSuffix(p, ".part"):
			parts++
		}
		return nil
	})
	return whole, parts
}

// checkpointed counts the files recorded in the download checkpoints under dir.
func checkpointed(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.Name() != ".bcda-export-checkpoint.json" {
			return nil
		}
		var cp struct {
			Files map[string]json.RawMessage `json:"files"`
		}
		if b, err := os.ReadFile(p); err == nil && json.Unmarshal(b, &cp) == nil {
			n += len(cp.Files)
		}
		return nil
	})
	return n
}

// fetchCounts counts the command's downloads of each data file (not the
// test's own, which served makes with Go's default User-Agent).
func fetchCounts(log []fakebcda.Request) map[string]int {
	n := map[string]int{}
	for _, r := range log {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/data/") && r.Status == 200 &&
			strings.Contains(r.Header.Get("User-Agent"), "bcda-export") {
			n[r.Path]++
		}
	}
	return n
}

// A run killed while the job is still running (-keep-job leaves it on the
// server) re-attaches to it on the rerun instead of starting another.
func TestKillWhileWaitingAndResume(t *testing.T) {
	b := newBed(t, fakebcda.WithPendingPolls(4))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var polls atomic.Int32
	b.onRequest(func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v3/jobs/") && polls.Add(1) == 2 {
			cancel()
		}
	})
	r := b.run(ctx, "-keep-job")
	if r.code != exitInterrupted {
		t.Fatalf("exit %d, want 130\n%s", r.code, r.stderr)
	}
	if n := b.count("DELETE", ""); n != 0 {
		t.Errorf("-keep-job sent %d DELETE requests", n)
	}
	if !strings.Contains(r.stderr, "left running") {
		t.Errorf("stderr does not say the job was left running:\n%s", r.stderr)
	}
	b.onRequest(nil)
	b.mustRun()
	if n := b.count("GET", "/api/v3/Patient/$export"); n != 1 {
		t.Errorf("%d kick-offs, want 1 (the rerun must re-attach)", n)
	}
	b.checkFiles(1)
}

// SIGINT/SIGTERM while the job runs: DELETE the job, drop it from the state
// file, exit 130.
func TestInterruptCancelsJob(t *testing.T) {
	b := newBed(t, fakebcda.WithPendingPolls(50))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var polls atomic.Int32
	b.onRequest(func(r *http.Request) {
		if r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v3/jobs/") && polls.Add(1) == 3 {
			cancel()
		}
	})
	r := b.run(ctx)
	if r.code != exitInterrupted {
		t.Fatalf("exit %d, want 130\n%s", r.code, r.stderr)
	}
	if n := b.count("DELETE", "/api/v3/jobs/1"); n != 1 {
		t.Errorf("%d DELETE requests, want 1", n)
	}
	if info, _ := b.fake.Job(1); info.State != fakebcda.StateCancelled {
		t.Errorf("job state %s, want Cancelled", info.State)
	}
	if st := readState(t, b.statePath()); st.JobURL != "" {
		t.Errorf("state still holds the cancelled job %s", st.JobURL)
	}
	if !strings.Contains(r.stderr, "cancelled") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	// The next run starts a new job.
	b.onRequest(nil)
	b.mustRun()
	if n := b.count("GET", "/api/v3/Patient/$export"); n != 2 {
		t.Errorf("%d kick-offs, want 2", n)
	}
	b.checkFiles(2)
}

// Tokens expire while the job runs and again while files download: the
// command gets new ones and carries on.
func TestExpiredTokensMidRun(t *testing.T) {
	b := newBed(t)
	var once1, once2 sync.Once
	b.onRequest(func(r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/v3/jobs/"):
			once1.Do(b.fake.ExpireTokens)
		case strings.HasPrefix(r.URL.Path, "/data/"):
			once2.Do(b.fake.ExpireTokens)
		}
	})
	b.mustRun()
	if n := b.count("POST", "/auth/token"); n < 3 {
		t.Errorf("%d token requests, want at least 3 (first, after each expiry)", n)
	}
	expired := 0
	for _, r := range b.fake.Log() {
		if r.Status == http.StatusUnauthorized {
			expired++
		}
	}
	if expired == 0 {
		t.Error("no request met an expired token; the fault did not fire")
	}
	b.checkFiles(1)
}

// Connections cut mid-file and truncated gzip streams still give byte-exact
// files.
func TestBrokenDownloads(t *testing.T) {
	b := newBed(t)
	b.fake.CutFileAfter(2000, 2)
	b.fake.TruncateGzip(2)
	b.mustRun()
	b.checkFiles(1)
}

func TestJobFailed(t *testing.T) {
	b := newBed(t)
	b.fake.FailNextJobs(1)
	r := b.run(context.Background())
	if r.code != exitFailed {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"job 1", "500", "Job failed to complete"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if st := readState(t, b.statePath()); st.JobURL != "" {
		t.Errorf("a failed job stays in the state file: %s", st.JobURL)
	}
}

func TestDownloadFails(t *testing.T) {
	b := newBed(t)
	b.fake.Fail(fakebcda.FaultRule{Method: "GET", Path: "/data/", Status: http.StatusNotFound,
		Body: `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"file not found on this node"}]}`})
	r := b.run(context.Background(), "-concurrency", "1")
	if r.code != exitFailed {
		t.Fatalf("exit %d, want 1\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"job 1", "/data/1/", ".ndjson (Patient)", "404", "file not found on this node"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if st := readState(t, b.statePath()); st.JobURL == "" {
		t.Error("the job was dropped from the state file; a rerun could not resume")
	}
	for rel := range saved(t, b.out) {
		if strings.HasSuffix(rel, ".ndjson") {
			t.Errorf("%s saved although every download failed", rel)
		}
	}
}

func TestKickoffRejected(t *testing.T) {
	b := newBed(t)
	b.fake.Fail(fakebcda.FaultRule{Path: "/api/v3/Patient/$export", Status: http.StatusForbidden})
	r := b.run(context.Background())
	if r.code != exitFailed || !strings.Contains(r.stderr, "403") {
		t.Fatalf("exit %d, want 1 with the status\n%s", r.code, r.stderr)
	}

	// BCDA's own refusal: the status and its OperationOutcome diagnostics.
	b = newBed(t)
	r = b.run(context.Background(), "-api", "v2", "-types", "Claim")
	if r.code != exitFailed {
		t.Fatalf("v2 Claim for an ACO not entitled to it: exit %d, want 1\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"/api/v2/Patient/$export", "400", "unauthorized resource type Claim"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

// -since auto uses the last successful run's transactionTime.
func TestSinceAuto(t *testing.T) {
	b := newBed(t)
	b.mustRun("-since", "auto")
	st := readState(t, b.statePath())
	r := b.mustRun("-since", "auto")
	if !strings.Contains(r.stderr, "no data changed since") {
		t.Errorf("second run (nothing new on the server) does not say so:\n%s", r.stderr)
	}
	var kickoffs []string
	for _, r := range b.fake.Log() {
		if strings.HasSuffix(r.Path, "/$export") {
			kickoffs = append(kickoffs, r.Query)
		}
	}
	if len(kickoffs) != 2 {
		t.Fatalf("kick-offs: %q", kickoffs)
	}
	if strings.Contains(kickoffs[0], "_since") {
		t.Errorf("first run sent _since: %s", kickoffs[0])
	}
	if !strings.Contains(kickoffs[1], "_since=") {
		t.Errorf("second run sent no _since: %s", kickoffs[1])
	}
	st2 := readState(t, b.statePath())
	if !st2.Request.Since.Equal(st.LastTransactionTime) {
		t.Errorf("second run's since %v, want %v", st2.Request.Since, st.LastTransactionTime)
	}
}

// Bad arguments exit 2 before any request reaches the server.
func TestUsageErrorsSendNothing(t *testing.T) {
	b := newBed(t)
	notDir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notDir, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-since", "2024-01-01"},
		{"-since", "2024-01-01T00:00:00"}, // no zone
		{"-since", "2999-01-01T00:00:00Z"},
		{"-types", "Claim"},
		{"-types", "Patient,Patient"},
		{"-api", "v9"},
		{"-api", "v1", "-type-filter", "ExplanationOfBenefit?service-date=gt2024-01-01"},
		{"-type-filter", "Patient?foo=bar"}, // refused by export.Export before it sends anything
		{"-group", "nobody"},
		{"-concurrency", "-1"},
		{"-no-such-flag"},
		{"positional"},
		{"-state", "x.ndjson"},
		{"-out", filepath.Join(notDir, "out"), "-state", filepath.Join(t.TempDir(), "s.json")},
		{"-sandbox"}, // with the bed's -base-url: refused, not silently ignored
		{"-idle-timeout", "0"},
		{"-busy-wait", "-1s"},
	} {
		r := b.run(context.Background(), args...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
	if n := len(b.fake.Log()); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-base-url", "::bad", "-client-id", "a", "-client-secret", "b"}, env(), &stdout, &stderr); code != exitUsage {
		t.Errorf("bad -base-url: exit %d", code)
	}
}

func TestSandboxDefault(t *testing.T) {
	out := filepath.Join(t.TempDir(), "data")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-out", out, "-no-progress", "-types", "Patient"}, env(), &stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "built-in sandbox") {
		t.Errorf("stderr does not mention the sandbox:\n%s", stderr.String())
	}
	var names []string
	for rel := range saved(t, out) {
		names = append(names, rel)
	}
	sort.Strings(names)
	n := 0
	for _, rel := range names {
		if strings.HasSuffix(rel, ".ndjson") {
			n++
		}
	}
	if n == 0 {
		t.Errorf("no .ndjson files saved: %v", names)
	}
}

// A real SIGINT to a real process: the job is cancelled (DELETE) and the
// exit status is 130. The test binary re-executes itself as the command.
func TestSignalCancelsJob(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			b := newBed(t, fakebcda.WithPendingPolls(1000))
			started := make(chan struct{})
			var once sync.Once
			b.onRequest(func(r *http.Request) {
				if r.Method == "GET" && strings.HasPrefix(r.URL.Path, "/api/v3/jobs/") {
					once.Do(func() { close(started) })
				}
			})
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "BCDA_EXPORT_TEST_MAIN=1", "BCDA_EXPORT_TEST_ARGS="+strings.Join(b.args(), " "))
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-started:
			case <-time.After(30 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("the command never polled its job\n%s", stderr.String())
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitInterrupted {
				t.Fatalf("exit: %v, want status 130\n%s", err, stderr.String())
			}
			if n := b.count("DELETE", "/api/v3/jobs/1"); n != 1 {
				t.Errorf("%d DELETE requests, want 1\n%s", n, stderr.String())
			}
			if info, _ := b.fake.Job(1); info.State != fakebcda.StateCancelled {
				t.Errorf("job state %s, want Cancelled", info.State)
			}
		})
	}
}

// -since auto refuses a state file written for another server.
func TestSinceAutoOtherServer(t *testing.T) {
	b := newBed(t)
	st := &state{BaseURL: "https://api.bcda.cms.gov", APIVersion: "v3", LastTransactionTime: time.Now().Add(-time.Hour)}
	if err := st.save(b.statePath()); err != nil {
		t.Fatal(err)
	}
	r := b.run(context.Background(), "-since", "auto")
	if r.code != exitUsage || !strings.Contains(r.stderr, "belongs to https://api.bcda.cms.gov") {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	if n := len(b.fake.Log()); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

// The job in the state file has expired (its files are gone after 24 h): the
// rerun says so and starts a new export.
func TestResumeExpiredJob(t *testing.T) {
	b := newBed(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var data atomic.Int32
	b.onRequest(func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/data/") && data.Add(1) == 2 {
			cancel()
		}
	})
	if r := b.run(ctx, "-concurrency", "1"); r.code != exitInterrupted {
		t.Fatalf("first run: exit %d\n%s", r.code, r.stderr)
	}
	b.onRequest(nil)
	b.fake.SetJobState(1, fakebcda.StateExpired)
	r := b.mustRun()
	if n := b.count("GET", "/api/v3/Patient/$export"); n != 2 {
		t.Errorf("%d kick-offs, want 2", n)
	}
	if !strings.Contains(r.stderr, "can no longer be used") {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	b.checkFiles(2)
}

// The state file is lost while a job runs (a new machine, a wiped disk): BCDA
// refuses the second kick-off as a duplicate (429) and the command adopts the
// running job instead of failing.
func TestLostStateAdoptsRunningJob(t *testing.T) {
	b := newBed(t, fakebcda.WithPendingPolls(4))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var polls atomic.Int32
	b.onRequest(func(r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v3/jobs/") && polls.Add(1) == 1 {
			cancel()
		}
	})
	if r := b.run(ctx, "-keep-job"); r.code != exitInterrupted {
		t.Fatalf("first run: exit %d\n%s", r.code, r.stderr)
	}
	b.onRequest(nil)
	if err := os.Remove(b.statePath()); err != nil {
		t.Fatal(err)
	}
	b.mustRun()
	if jobs := b.fake.Jobs(); len(jobs) != 1 {
		t.Errorf("%d jobs on the server, want 1", len(jobs))
	}
	refused := 0
	for _, r := range b.fake.Log() {
		if strings.HasSuffix(r.Path, "/$export") && r.Status == http.StatusTooManyRequests {
			refused++
		}
	}
	if refused == 0 {
		t.Error("the second kick-off was not refused as a duplicate; the test proves nothing")
	}
	b.checkFiles(1)
}

// Downloads throttled with 429 and 503 (Retry-After) still complete, byte
// for byte.
func TestThrottledDownloads(t *testing.T) {
	b := newBed(t)
	b.fake.Fail(fakebcda.FaultRule{Method: "GET", Path: "/data/", Times: 2, Status: http.StatusTooManyRequests, RetryAfter: "1"})
	b.fake.Fail(fakebcda.FaultRule{Method: "GET", Path: "/data/", Skip: 3, Times: 1, Status: http.StatusServiceUnavailable, RetryAfter: "1"})
	b.mustRun()
	throttled := 0
	for _, r := range b.fake.Log() {
		if strings.HasPrefix(r.Path, "/data/") && (r.Status == 429 || r.Status == 503) {
			throttled++
		}
	}
	if throttled != 3 {
		t.Errorf("%d throttled downloads, want 3", throttled)
	}
	b.checkFiles(1)
}

func TestGroupRunout(t *testing.T) {
	b := newBed(t)
	b.mustRun("-group", "runout")
	if n := b.count("GET", "/api/v3/Group/runout/$export"); n != 1 {
		t.Errorf("%d Group/runout kick-offs, want 1", n)
	}
	b.checkFiles(1)
}
