//go:build unix

package main

// The saved export is private by default: these tests run the command with
// the usual umask 022 and check the mode of everything it wrote, and scan
// everything it printed or wrote beside the data for the beneficiaries the
// sandbox served.

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bcda-go/bcda/export"
	"github.com/bcda-go/bcda/fhir"
	"github.com/bcda-go/bcda/internal/fakebcda"
	"github.com/bcda-go/bcda/internal/permtest"
	"github.com/bcda-go/bcda/internal/phiscan"
)

// checkModes checks the mode bits of every folder and file under root
// (root excluded) against dir and file; except maps slash-separated paths
// relative to root to the mode they must have instead ("." for root).
func checkModes(t *testing.T, root string, dir, file fs.FileMode, except map[string]fs.FileMode) int {
	t.Helper()
	tree := permtest.Tree(t, root)
	if info, err := os.Stat(root); err == nil {
		tree["."] = permtest.Entry{Mode: info.Mode() & (fs.ModePerm | fs.ModeSetgid), Dir: true}
	}
	for rel, e := range tree {
		want, ok := except[rel]
		switch {
		case ok:
		case e.Dir:
			want = dir
		default:
			want = file
		}
		if e.Mode != want {
			t.Errorf("%s: mode %v, want %v", rel, e.Mode, want)
		}
	}
	return len(tree)
}

// With umask 022 every file the command writes (data, error files, the
// checkpoint, manifest.json, the state file) is 0600 and every folder 0700,
// -out included, and so is a .part file seen mid-download.
func TestExportPrivateUnderUmask022(t *testing.T) {
	permtest.Umask(t, 0o022)
	b := newBed(t)
	b.fake.SetErrorLines(1)
	var mu sync.Mutex // the hook runs on the server's goroutines
	seen := map[string]fs.FileMode{}
	b.onRequest(func(r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/data/") {
			return
		}
		filepath.WalkDir(b.out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(p, ".part") {
				if info, err := d.Info(); err == nil {
					mu.Lock()
					seen[p] = info.Mode().Perm()
					mu.Unlock()
				}
			}
			return nil
		})
	})
	b.mustRun("-concurrency", "4")
	b.onRequest(nil)
	n := checkModes(t, b.out, 0o700, 0o600, nil)
	if n < 8 {
		t.Errorf("only %d entries under -out", n)
	}
	mu.Lock()
	defer mu.Unlock()
	for p, m := range seen {
		if m != 0o600 {
			t.Errorf("%s: mode %v while downloading, want 0600", p, m)
		}
	}
	for _, name := range []string{stateFileName, "*/" + export.SavedManifestName, "*/" + checkpointName, "*/Patient-001.ndjson", "*/OperationOutcome-error-001.ndjson"} {
		if m, _ := filepath.Glob(filepath.Join(b.out, name)); len(m) != 1 {
			t.Errorf("%s: %v, want one file", name, m)
		}
	}
}

// Reruns into an existing folder make nothing readable: the -out folder the
// user made keeps its mode, a state file an older version left
// world-readable is replaced private, and every new job folder and file is
// private.
func TestRerunMakesNothingReadable(t *testing.T) {
	permtest.Umask(t, 0o022)
	b := newBed(t)
	if err := os.Mkdir(b.out, 0o755); err != nil {
		t.Fatal(err)
	}
	b.mustRun()
	os.Chmod(b.statePath(), 0o644)
	b.mustRun("-since", "auto")
	b.mustRun("-since", "auto")
	dirs, _ := filepath.Glob(filepath.Join(b.out, "*-job*"))
	if len(dirs) != 3 {
		t.Fatalf("job folders %v, want 3", dirs)
	}
	checkModes(t, b.out, 0o700, 0o600, map[string]fs.FileMode{".": 0o755})
}

// -group-readable opens what the command writes to the folder's group, and
// never to others: 0640 files, 0750 folders, the existing -out included,
// even under a umask of 077.
func TestGroupReadable(t *testing.T) {
	permtest.Umask(t, 0o077)
	b := newBed(t)
	b.mustRun()
	b.mustRun("-group-readable", "-since", "auto")
	// The first run's job folder was written private and is not this
	// run's: it keeps its modes.
	first, _ := filepath.Glob(filepath.Join(b.out, "*-job1"))
	if len(first) != 1 {
		t.Fatalf("first job folder: %v", first)
	}
	except := map[string]fs.FileMode{}
	for rel := range saved(t, first[0]) {
		except[filepath.Base(first[0])+"/"+rel] = 0o600
	}
	except[filepath.Base(first[0])] = 0o700
	checkModes(t, b.out, 0o750, 0o640, except)
}

// No beneficiary's identifier, name or MBI reaches the command's output
// (stdout, stderr: progress, issue summary, per-file errors) or the files it
// writes beside the data (state, checkpoint, manifest.json), with error
// files whose diagnostics name beneficiaries, broken streams, and a run in
// which files fail for good.
func TestNoPHIInCommandOutput(t *testing.T) {
	b := newBed(t)
	b.fake.SetErrorLines(2)
	b.fake.CutFileAfter(3000, 2)
	b.fake.TruncateGzip(1)
	r := b.mustRun("-types", "Patient,Coverage,ExplanationOfBenefit")
	var text strings.Builder
	fmt.Fprintf(&text, "%s\n%s\n", r.stdout, r.stderr)
	if !strings.Contains(r.stderr, "not-found") {
		t.Errorf("stderr does not summarise the error files' issues:\n%s", r.stderr)
	}

	// A second export, into another folder, in which data files fail for
	// good.
	out2 := filepath.Join(t.TempDir(), "out2")
	b.fake.Fail(fakebcda.FaultRule{Path: "/data/", Skip: 2, Status: 404})
	r2 := b.run(context.Background(), "-types", "Patient,Coverage,ExplanationOfBenefit", "-out", out2)
	b.fake.ClearFaults()
	if r2.code != exitFailed {
		t.Errorf("run with failing files: exit %d, want 1", r2.code)
	}
	fmt.Fprintf(&text, "%s\n%s\n", r2.stdout, r2.stderr)
	for _, dir := range []string{b.out, out2} {
		for rel, body := range saved(t, dir) {
			if !strings.HasSuffix(rel, ".ndjson") {
				fmt.Fprintf(&text, "%s\n%s\n", rel, body)
			}
		}
	}
	if !strings.Contains(text.String(), "404") {
		t.Errorf("the failing run's output does not name the failure:\n%s", r2.stderr)
	}

	dirs, _ := filepath.Glob(filepath.Join(b.out, "*-job1"))
	if len(dirs) != 1 {
		t.Fatalf("job 1 folder: %v", dirs)
	}
	s, err := export.OpenSaved(dirs[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Output(fhir.TypeExplanationOfBenefit)) == 0 || len(s.Output(fhir.TypePatient)) == 0 {
		t.Fatalf("the export has no EOB or Patient file: %+v", s.Summary)
	}
	phi, err := phiscan.Collect(s.Files)
	if err != nil {
		t.Fatal(err)
	}
	if mbis, err := phiscan.FromErrorFiles(s.Files, phi); err != nil || len(mbis) == 0 || len(phi) < 100 {
		t.Fatalf("collected %d values, %d MBIs from error files (%v): the scan would prove little", len(phi), len(mbis), err)
	}
	if leaks := phiscan.Leaks(text.String(), phi); len(leaks) > 0 {
		t.Errorf("the command's output or its non-data files hold %q, served in the data", leaks)
	}
}
