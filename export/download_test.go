package export

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/perm"
)

const errorFile = `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"Error retrieving ExplanationOfBenefit for beneficiary MBI a1000089833"}]}
{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"Error retrieving Patient for beneficiary MBI a1000089834"}]}
`

const warningsFile = `{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"processing","details":{"text":"Default System-Type behavior includes only claims from NCH and DDPS in this export."}}]}`

// downloadFixture is a job with n output files, an error file and v3's
// warnings file.
func downloadFixture(t testing.TB, n, lines int) (*Job, *fileServer, map[string][]byte) {
	t.Helper()
	// served is keyed by the server's names, files by the names Download
	// gives them (layout.go).
	served, files := map[string][]byte{}, map[string][]byte{}
	for i := range n {
		b := ndjsonContent(uint64(10+i), lines)
		served[fmt.Sprintf("%02d.ndjson", i)] = b
		files[fmt.Sprintf("Patient-%03d.ndjson", i+1)] = b
	}
	served["00-error.ndjson"] = []byte(errorFile)
	served["warnings-and-info.ndjson"] = []byte(warningsFile)
	files["OperationOutcome-error-001.ndjson"] = []byte(errorFile)
	files["OperationOutcome-error-002.ndjson"] = []byte(warningsFile)
	fs := newFileServer(served)
	j, ts := newFileTest(t, fs)
	m := j.manifest
	m.Output = nil
	for i := range n {
		m.Output = append(m.Output, File{Type: "Patient", URL: fmt.Sprintf("%s/data/%02d.ndjson", ts.URL, i), Count: lines})
	}
	m.Error = []File{
		{Type: "OperationOutcome", URL: ts.URL + "/data/00-error.ndjson"},
		{Type: "OperationOutcome", URL: ts.URL + "/data/warnings-and-info.ndjson"},
	}
	return j, fs, files
}

func checkDir(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".part") {
			t.Errorf("partial file left: %s", e.Name())
		}
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs: %d bytes, want %d", name, len(got), len(want))
		}
	}
}

func TestDownload(t *testing.T) {
	t.Parallel()
	j, fs, files := downloadFixture(t, 6, 300)
	fs.delay = 20 * time.Millisecond
	dir := t.TempDir()
	res, err := j.Download(context.Background(), dir, Concurrency(3))
	if err != nil {
		t.Fatal(err)
	}
	checkDir(t, dir, files)
	if reqs, _ := fs.count(); reqs != 8 {
		t.Errorf("%d requests, want 8", reqs)
	}
	if fs.maxInflight > 3 {
		t.Errorf("%d requests in flight, limit 3", fs.maxInflight)
	}
	if len(res.Files) != 8 || res.Files[0].Name != "Patient-001.ndjson" || res.Files[6].Kind != KindError {
		t.Fatalf("files %+v", res.Files)
	}
	var total int64
	for _, f := range res.Files {
		want := files[f.Name]
		sum := sha256.Sum256(want)
		if f.Err != nil || f.Skipped || f.Bytes != int64(len(want)) || f.SHA256 != hex.EncodeToString(sum[:]) ||
			f.Lines != int64(bytes.Count(want, []byte("\n"))+map[bool]int{true: 1}[!bytes.HasSuffix(want, []byte("\n"))]) ||
			f.Path != filepath.Join(dir, f.Name) || f.Duration <= 0 {
			t.Errorf("file result %+v", f)
		}
		total += f.Bytes
	}
	if res.Bytes != total {
		t.Errorf("Bytes %d, want %d", res.Bytes, total)
	}
	if res.ErrorCount != 2 || res.WarningCount != 1 || len(res.Errors) != 2 || len(res.Warnings) != 1 {
		t.Fatalf("issues: %+v / %+v", res.Errors, res.Warnings)
	}
	if w := res.Warnings[0]; w.File != "OperationOutcome-error-002.ndjson" || w.Line != 1 || w.Severity != "warning" || !strings.Contains(w.Message, "Default System-Type") {
		t.Errorf("warning %+v", w)
	}
	if e := res.Errors[1]; e.Line != 2 || e.Code != "exception" || !strings.Contains(e.Message, "a1000089834") {
		t.Errorf("error %+v", e)
	}
}

func TestDownloadCheckpoint(t *testing.T) {
	t.Parallel()
	j, fs, files := downloadFixture(t, 5, 200)
	dir := t.TempDir()
	cp := filepath.Join(t.TempDir(), "checkpoint.json")
	ctx := context.Background()
	if _, err := j.Download(ctx, dir, Checkpoint(cp)); err != nil {
		t.Fatal(err)
	}
	var data checkpointData
	b, _ := os.ReadFile(cp)
	if err := json.Unmarshal(b, &data); err != nil || data.Job != j.URL() || len(data.Files) != 7 || data.Files["Patient-004.ndjson"].Lines != 200 {
		t.Fatalf("checkpoint %s: %v", b, err)
	}

	// Damage one file, delete another, leave a stray .part of a third.
	p := filepath.Join(dir, "Patient-002.ndjson")
	bad, _ := os.ReadFile(p)
	bad[10] ^= 1
	os.WriteFile(p, bad, 0o644)
	os.Remove(filepath.Join(dir, "Patient-003.ndjson"))
	os.WriteFile(filepath.Join(dir, "Patient-004.ndjson.part"), []byte("junk"), 0o644)
	before, _ := fs.count()

	res, err := j.Download(ctx, dir, Checkpoint(cp))
	if err != nil {
		t.Fatal(err)
	}
	after, _ := fs.count()
	if after-before != 2 {
		t.Errorf("rerun made %d requests, want 2 (damaged and missing files)", after-before)
	}
	var skipped []string
	for _, f := range res.Files {
		if f.Skipped {
			skipped = append(skipped, f.Name)
		}
	}
	if len(skipped) != 5 {
		t.Errorf("skipped %v", skipped)
	}
	checkDir(t, dir, files) // the stale .part is gone too
	if res.ErrorCount != 2 || res.WarningCount != 1 {
		t.Errorf("issues of skipped error files not reported: %d %d", res.ErrorCount, res.WarningCount)
	}
}

func TestDownloadThrottleStorm(t *testing.T) {
	t.Parallel()
	for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			t.Parallel()
			j, fs, files := downloadFixture(t, 12, 50)
			fs.delay = 5 * time.Millisecond
			for range 10 {
				fs.status = append(fs.status, code)
			}
			res, err := j.Download(context.Background(), t.TempDir(), Concurrency(8))
			if err != nil {
				t.Fatal(err)
			}
			checkDir(t, res.Dir, files)
			if reqs, _ := fs.count(); reqs != len(files)+10 {
				t.Errorf("%d requests, want %d", reqs, len(files)+10)
			}
			if res.Throttles < 1 || res.MinConcurrency >= 8 {
				t.Errorf("throttles %d, min concurrency %d: did not back off", res.Throttles, res.MinConcurrency)
			}
		})
	}
}

func TestDownloadFaults(t *testing.T) {
	t.Parallel()
	j, fs, files := downloadFixture(t, 6, 600)
	fs.cutAt, fs.cuts, fs.truncs, fs.corrupt = 40<<10, 3, 2, 1
	res, err := j.Download(context.Background(), t.TempDir(), Concurrency(2))
	if err != nil {
		t.Fatal(err)
	}
	checkDir(t, res.Dir, files)
	// 8 files, 3 cuts and 2 truncations refetched, 1 damaged file fetched again.
	if reqs, _ := fs.count(); reqs != 8+3+2+1 {
		t.Errorf("%d requests, want 14", reqs)
	}
}

func TestDownloadPartialFailure(t *testing.T) {
	t.Parallel()
	j, fs, files := downloadFixture(t, 3, 20)
	delete(fs.files, "01.ndjson")
	delete(files, "Patient-002.ndjson")
	res, err := j.Download(context.Background(), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "1 of 5 files failed") || !strings.Contains(err.Error(), "/data/01.ndjson") {
		t.Fatalf("err = %v", err)
	}
	checkDir(t, res.Dir, files)
	if _, err := os.Stat(filepath.Join(res.Dir, "Patient-002.ndjson")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("failed file exists under its final name: %v", err)
	}
	if res.Files[1].Err == nil || res.Files[0].Err != nil {
		t.Errorf("per-file errors: %v / %v", res.Files[0].Err, res.Files[1].Err)
	}
}

func TestDownloadCountMismatch(t *testing.T) {
	t.Parallel()
	j, _, _ := downloadFixture(t, 1, 20)
	j.manifest.Output[0].Count = 21
	res, err := j.Download(context.Background(), t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "has 20 lines, the manifest says 21") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(res.Files[0].Path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("mismatched file kept under its final name")
	}
}

func TestDownloadCancelled(t *testing.T) {
	t.Parallel()
	j, fs, _ := downloadFixture(t, 4, 20)
	fs.delay = time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	res, err := j.Download(ctx, t.TempDir(), Concurrency(1))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v", err)
	}
	entries, _ := os.ReadDir(res.Dir)
	if len(entries) != 0 {
		t.Errorf("files left: %v", entries)
	}
}

func TestDownloadOptionsValidate(t *testing.T) {
	t.Parallel()
	j, fs, _ := downloadFixture(t, 1, 1)
	for _, o := range []DownloadOption{Concurrency(0), Concurrency(65), Checkpoint("")} {
		if _, err := j.Download(context.Background(), t.TempDir(), o); !errors.Is(err, ErrInvalidRequest) {
			t.Errorf("err = %v", err)
		}
	}
	if reqs, _ := fs.count(); reqs != 0 {
		t.Errorf("%d requests", reqs)
	}
}

// The saved names: by type and kind, numbered in manifest order, whatever
// the server calls its files (two files may even share a base name).
func TestPlanDownloadNames(t *testing.T) {
	t.Parallel()
	m := &Manifest{
		Output: []File{
			{Type: "Patient", URL: "https://x/data/1/a.ndjson"},
			{Type: "ExplanationOfBenefit", URL: "https://x/data/1/b.ndjson"},
			{Type: "Patient", URL: "https://y/other/a.ndjson?sig=1"},
		},
		Error:   []File{{Type: "OperationOutcome", URL: "https://x/data/1/a-error.ndjson"}, {Type: "OperationOutcome", URL: "https://x/data/1/warnings-and-info.ndjson"}},
		Deleted: []File{{Type: "Bundle", URL: "https://x/data/1/d.ndjson"}},
	}
	tasks, err := planDownload(m)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, task := range tasks {
		got = append(got, string(task.kind)+" "+task.name)
	}
	want := []string{
		"output Patient-001.ndjson", "output ExplanationOfBenefit-001.ndjson", "output Patient-002.ndjson",
		"error OperationOutcome-error-001.ndjson", "error OperationOutcome-error-002.ndjson",
		"deleted Bundle-deleted-001.ndjson",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("names:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// More than 999 files of a type: the numbers widen so they still sort.
	big := &Manifest{}
	for range 1000 {
		big.Output = append(big.Output, File{Type: "Coverage", URL: "https://x/data/c.ndjson"})
	}
	if tasks, err := planDownload(big); err != nil || tasks[0].name != "Coverage-0001.ndjson" || tasks[999].name != "Coverage-1000.ndjson" {
		t.Errorf("1000 files: %v, first %q", err, tasks[0].name)
	}
	// The server's type becomes part of a file name: nothing but a
	// resource type name gets through.
	for _, typ := range []string{"", "../etc", "Patient/x", "patient", "Pat ient", `Pat\ient`} {
		m := &Manifest{Output: []File{{Type: fhir.ResourceType(typ), URL: "https://x/data/a.ndjson"}}}
		if _, err := planDownload(m); err == nil || !strings.Contains(err.Error(), "not a resource type name") {
			t.Errorf("type %q: %v", typ, err)
		}
	}
}

func TestLimiter(t *testing.T) {
	t.Parallel()
	l := newLimiter(8)
	l.cooldown = 0
	ctx := context.Background()
	l.throttle()
	l.throttle()
	if _, low, lim := l.stats(); lim != 2 || low != 2 {
		t.Fatalf("limit %d lowest %d after two throttles", lim, low)
	}
	// Grows back by one per `limit` successes.
	for range 2 + 3 + 4 + 5 + 6 + 7 {
		if err := l.acquire(ctx); err != nil {
			t.Fatal(err)
		}
		l.release(true)
	}
	if _, _, lim := l.stats(); lim != 8 {
		t.Errorf("limit %d, want back to 8", lim)
	}
	l.cooldown, l.lastCut = time.Hour, time.Time{}
	l.throttle()
	l.throttle()
	if cuts, _, lim := l.stats(); lim != 4 || cuts != 3 {
		t.Errorf("cooldown: limit %d cuts %d", lim, cuts)
	}
	// acquire waits for a slot and honours ctx.
	for range 4 {
		l.acquire(ctx)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Millisecond)
	defer cancel()
	if err := l.acquire(cctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("acquire over the limit: %v", err)
	}
}

func TestDownloadForeignOrigin(t *testing.T) {
	t.Parallel()
	j, home, files := downloadFixture(t, 2, 20)
	foreign := newFileServer(map[string][]byte{"elsewhere.ndjson": ndjsonContent(99, 30)})
	fts := httptestServer(t, foreign)
	j.manifest.Output = append(j.manifest.Output, File{Type: "Patient", URL: fts + "/data/elsewhere.ndjson?X-Amz-Signature=secret"})
	files["Patient-003.ndjson"] = foreign.files["elsewhere.ndjson"]
	cp := filepath.Join(t.TempDir(), "cp.json")
	res, err := j.Download(context.Background(), t.TempDir(), Checkpoint(cp))
	if err != nil {
		t.Fatal(err)
	}
	checkDir(t, res.Dir, files)
	if b, _ := os.ReadFile(cp); !bytes.Contains(b, []byte("/data/elsewhere.ndjson")) || bytes.Contains(b, []byte("secret")) {
		t.Errorf("checkpoint must name the file without its signature:\n%s", b)
	}
	// The same checkpoint still recognises the file when the signature changes.
	j.manifest.Output[len(j.manifest.Output)-1].URL = fts + "/data/elsewhere.ndjson?X-Amz-Signature=other"
	before, _ := foreign.count()
	if _, err := j.Download(context.Background(), res.Dir, Checkpoint(cp)); err != nil {
		t.Fatal(err)
	}
	if after, _ := foreign.count(); after != before {
		t.Errorf("a verified file was fetched again after its signature changed")
	}
	for _, a := range foreign.auths {
		if a != "" {
			t.Errorf("foreign origin received Authorization %q", a)
		}
	}
	for _, a := range home.auths {
		if a != "Bearer tok0" {
			t.Errorf("base origin request without the token: %q", a)
		}
	}
	// A file that fails names its URL without the query string.
	foreign.status = []int{404}
	_, err = j.Download(context.Background(), t.TempDir())
	if err == nil || strings.Contains(err.Error(), "secret") || !strings.Contains(err.Error(), "/data/elsewhere.ndjson") {
		t.Errorf("err = %v", err)
	}
}

func TestDownloadProgress(t *testing.T) {
	t.Parallel()
	j, _, files := downloadFixture(t, 2, 1800) // about 390 KB each
	var mu sync.Mutex
	last := map[string]FileProgress{}
	updates := 0
	res, err := j.Download(context.Background(), t.TempDir(), OnFileProgress(func(p FileProgress) {
		mu.Lock()
		defer mu.Unlock()
		if prev, ok := last[p.Name]; ok && (prev.Done || p.Bytes < prev.Bytes) {
			t.Errorf("%s: report %+v after %+v", p.Name, p, prev)
		}
		last[p.Name] = p
		if !p.Done {
			updates++
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(last) != len(files) || updates < 2 {
		t.Errorf("%d files reported, %d interim updates", len(last), updates)
	}
	for _, f := range res.Files {
		if p := last[f.Name]; !p.Done || p.Bytes != f.Bytes || p.Err != nil {
			t.Errorf("final report %+v for %+v", p, f)
		}
	}
}

func TestCheckpointFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "cp.json")
	c, err := loadCheckpoint(p, "job-a", perm.Private)
	if err != nil || len(c.data.Files) != 0 {
		t.Fatalf("missing file: %v %v", c, err)
	}
	if err := c.record("x.ndjson", checkpointEntry{URL: "u", Bytes: 1, SHA256: strings.Repeat("0", 64)}); err != nil {
		t.Fatal(err)
	}
	if c, _ := loadCheckpoint(p, "job-a", perm.Private); len(c.data.Files) != 1 {
		t.Errorf("reload lost the entry")
	}
	if c, _ := loadCheckpoint(p, "job-b", perm.Private); len(c.data.Files) != 0 {
		t.Errorf("another job's entries were kept")
	}
	os.WriteFile(p, []byte("{not json"), 0o644)
	if _, err := loadCheckpoint(p, "job-a", perm.Private); err == nil || !strings.Contains(err.Error(), "delete it") {
		t.Errorf("corrupt checkpoint: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// A file whose gzip trailer does not match its data is fetched again from
// the start; one that keeps arriving damaged fails without ever appearing
// under its final name.
func TestDownloadBadChecksum(t *testing.T) {
	t.Parallel()
	for _, bad := range []int{1, 100} {
		t.Run(fmt.Sprint(bad), func(t *testing.T) {
			t.Parallel()
			j, fs, files := downloadFixture(t, 1, 200)
			fs.badCRC = bad
			res, err := j.Download(context.Background(), t.TempDir())
			reqs, _ := fs.count()
			if bad == 1 {
				if err != nil {
					t.Fatal(err)
				}
				checkDir(t, res.Dir, files)
				if reqs != len(files)+1 {
					t.Errorf("%d requests, want %d", reqs, len(files)+1)
				}
				return
			}
			if !errors.Is(err, gzip.ErrChecksum) || !strings.Contains(err.Error(), "/data/00.ndjson") {
				t.Fatalf("err = %v", err)
			}
			// Every file is damaged every time: each is fetched 1+maxDamagedRetries times.
			if want := len(files) * (1 + maxDamagedRetries); reqs != want {
				t.Errorf("%d requests, want %d", reqs, want)
			}
			entries, _ := os.ReadDir(res.Dir)
			for _, e := range entries {
				if e.Name() == "Patient-001.ndjson" || strings.HasSuffix(e.Name(), ".part") {
					t.Errorf("damaged file left as %s", e.Name())
				}
			}
		})
	}
}

func TestPermissionsValidate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		file, dir os.FileMode
		want      string // "" means accepted
	}{
		{0o600, 0o700, ""},
		{0o640, 0o750, ""},
		{0o660, 0o770 | os.ModeSetgid, ""},
		{0o600, 0o750, ""}, // a group that may list but not read
		{0o644, 0o755, "no bits for others"},
		{0o600, 0o701, "no bits for others"},
		{0o400, 0o700, "owner needs rw-"},
		{0o600, 0o500, "owner needs"},
		{0o700, 0o700, "not executable"},
		{0o640, 0o700, "cannot open the folder"},
		{0o640, 0o710, "cannot open the folder"},
		{0o600 | os.ModeSetuid, 0o700, "permission bits only"},
		{0o600, 0o700 | os.ModeSticky, "at most setgid"},
		{0o600, 0o700 | os.ModeDir, "at most setgid"},
	} {
		var c downloadConfig
		err := Permissions(tc.file, tc.dir)(&c)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("Permissions(%v, %v): %v", tc.file, tc.dir, err)
		case tc.want == "" && (c.modes.File != tc.file || c.modes.Dir != tc.dir || !c.modesSet):
			t.Errorf("Permissions(%v, %v) set %+v", tc.file, tc.dir, c.modes)
		case tc.want != "" && (!errors.Is(err, ErrInvalidRequest) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Permissions(%v, %v) = %v, want an ErrInvalidRequest saying %q", tc.file, tc.dir, err, tc.want)
		}
	}
}
