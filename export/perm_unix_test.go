//go:build unix

package export

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/bcda-go/bcda/internal/permtest"
)

// modes maps every file and folder under root (root excluded) to its mode
// bits (permissions, setgid, sticky).
func modes(t *testing.T, root string) map[string]fs.FileMode {
	t.Helper()
	got := map[string]fs.FileMode{}
	for rel, e := range permtest.Tree(t, root) {
		got[rel] = e.Mode
	}
	return got
}

// Under umask 022, everything Download creates is private: the folders it
// makes (parents included) 0700, data, error, .part, checkpoint and
// manifest.json 0600.
func TestDownloadPrivateByDefault(t *testing.T) {
	permtest.Umask(t, 0o022)
	j, _, _ := downloadFixture(t, 3, 2000)
	root := t.TempDir()
	dir := filepath.Join(root, "out", "job7")
	cp := filepath.Join(root, "state", "checkpoint.json")
	var mu sync.Mutex
	partModes := map[fs.FileMode]int{}
	res, err := j.Download(context.Background(), dir, Checkpoint(cp), OnFileProgress(func(p FileProgress) {
		if p.Done {
			return
		}
		if info, err := os.Stat(filepath.Join(dir, p.Name+".part")); err == nil {
			mu.Lock()
			partModes[info.Mode().Perm()]++
			mu.Unlock()
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(partModes) != 1 || partModes[0o600] == 0 {
		t.Errorf(".part modes seen while writing: %v, want only 0600", partModes)
	}
	got := modes(t, root)
	if len(got) != 3+2+1+2+1+1 { // 5 files, manifest, 3 folders, checkpoint
		t.Errorf("found %v", got)
	}
	for rel, m := range got {
		want := fs.FileMode(0o600)
		if info, _ := os.Stat(filepath.Join(root, rel)); info.IsDir() {
			want = 0o700
		}
		if m != want {
			t.Errorf("%s: mode %v, want %v", rel, m, want)
		}
	}
	if res.Files[0].Path != filepath.Join(dir, "Patient-001.ndjson") {
		t.Errorf("path %s", res.Files[0].Path)
	}
}

// A rerun into an existing folder makes nothing more readable: what exists
// keeps its mode (the folder the user made, a file kept by the checkpoint),
// and what is written anew is 0600, even over a world-readable leftover.
func TestDownloadRerunKeepsModes(t *testing.T) {
	permtest.Umask(t, 0o022)
	j, _, _ := downloadFixture(t, 3, 20)
	dir := filepath.Join(t.TempDir(), "out")
	os.Mkdir(dir, 0o755) // the user's own folder
	cp := filepath.Join(dir, ".checkpoint.json")
	ctx := context.Background()
	if _, err := j.Download(ctx, dir, Checkpoint(cp)); err != nil {
		t.Fatal(err)
	}
	// The user narrows a kept file further; an old version left a
	// world-readable .part and data file behind.
	os.Chmod(filepath.Join(dir, "Patient-001.ndjson"), 0o400)
	os.Remove(filepath.Join(dir, "Patient-002.ndjson"))
	os.WriteFile(filepath.Join(dir, "Patient-002.ndjson.part"), []byte("junk"), 0o644)
	os.Chmod(filepath.Join(dir, "Patient-002.ndjson.part"), 0o644)
	os.Chmod(filepath.Join(dir, "Patient-003.ndjson"), 0o644)
	os.WriteFile(filepath.Join(dir, "Patient-003.ndjson"), []byte("damaged\n"), 0o644)
	if _, err := j.Download(ctx, dir, Checkpoint(cp)); err != nil {
		t.Fatal(err)
	}
	got := modes(t, filepath.Dir(dir))
	want := map[string]fs.FileMode{
		"out":                                   0o755, // not created by Download: kept
		"out/Patient-001.ndjson":                0o400, // kept by the checkpoint: kept
		"out/Patient-002.ndjson":                0o600, // fetched anew
		"out/Patient-003.ndjson":                0o600, // fetched anew over a 0644 file
		"out/OperationOutcome-error-001.ndjson": 0o600,
		"out/OperationOutcome-error-002.ndjson": 0o600,
		"out/manifest.json":                     0o600,
		"out/.checkpoint.json":                  0o600,
	}
	for rel, m := range got {
		if strings.Contains(rel, ".tmp") || strings.HasSuffix(rel, ".part") {
			t.Errorf("%s left behind", rel)
			continue
		}
		if w, ok := want[rel]; !ok || m != w {
			t.Errorf("%s: mode %v, want %v", rel, m, w)
		}
	}
}

// Permissions widens for a group, and, given explicitly, also applies to
// the folder and the files that exist already.
func TestDownloadPermissionsWiden(t *testing.T) {
	permtest.Umask(t, 0o077) // the widest modes must come through a strict umask too
	j, _, _ := downloadFixture(t, 2, 20)
	root := t.TempDir()
	dir := filepath.Join(root, "shared")
	cp := filepath.Join(dir, ".checkpoint.json")
	ctx := context.Background()
	if _, err := j.Download(ctx, dir, Checkpoint(cp)); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Download(ctx, dir, Checkpoint(cp), Permissions(0o640, 0o750|os.ModeSetgid)); err != nil {
		t.Fatal(err)
	}
	for rel, m := range modes(t, root) {
		want := fs.FileMode(0o640)
		if rel == "shared" {
			want = 0o750 | fs.ModeSetgid
		}
		if m != want {
			t.Errorf("%s: mode %v, want %v", rel, m, want)
		}
	}
	// A new folder under a strict umask.
	dir2 := filepath.Join(root, "new", "job")
	if _, err := j.Download(ctx, dir2, Permissions(0o640, 0o750)); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{filepath.Join(root, "new"), dir2} {
		if info, _ := os.Stat(d); info.Mode().Perm() != 0o750 {
			t.Errorf("%s: mode %v, want 0750", d, info.Mode().Perm())
		}
	}
	if info, _ := os.Stat(filepath.Join(dir2, "Patient-001.ndjson")); info.Mode().Perm() != 0o640 {
		t.Errorf("file mode %v, want 0640", info.Mode().Perm())
	}
}
