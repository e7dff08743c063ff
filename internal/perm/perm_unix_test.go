//go:build unix

package perm

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

func mode(t *testing.T, p string) os.FileMode {
	t.Helper()
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode() & (os.ModePerm | os.ModeSetgid | os.ModeSticky)
}

// The modes come out exact whatever the umask: one that would widen
// (000), the usual one (022), and one stricter than the modes asked for
// (077). Not parallel: the umask is the process's.
func TestExactModesWhateverTheUmask(t *testing.T) {
	for _, umask := range []int{0o000, 0o022, 0o077} {
		for _, m := range []Modes{Private, Group} {
			old := syscall.Umask(umask)
			root := t.TempDir()
			dir := filepath.Join(root, "a", "b")
			created, err := m.MkdirAll(dir)
			if err != nil {
				t.Fatal(err)
			}
			f, err := m.Create(filepath.Join(dir, "f"))
			if err != nil {
				t.Fatal(err)
			}
			f.Close()
			syscall.Umask(old)
			if len(created) != 2 || created[0] != filepath.Join(root, "a") || created[1] != dir {
				t.Errorf("created %v", created)
			}
			for _, d := range created {
				if got := mode(t, d); got != m.Dir {
					t.Errorf("umask %#o: folder %s mode %v, want %v", umask, d, got, m.Dir)
				}
			}
			if got := mode(t, filepath.Join(dir, "f")); got != m.File {
				t.Errorf("umask %#o: file mode %v, want %v", umask, got, m.File)
			}
		}
	}
}

// Existing folders are not touched; an existing file opened by Create is
// set to the mode (a leftover's old mode must not survive).
func TestExistingLeftAloneExceptCreate(t *testing.T) {
	root := t.TempDir()
	os.Chmod(root, 0o755)
	created, err := Private.MkdirAll(root)
	if err != nil || len(created) != 0 || mode(t, root) != 0o755 {
		t.Errorf("MkdirAll of an existing folder: created %v, %v, mode %v", created, err, mode(t, root))
	}
	p := filepath.Join(root, "left.part")
	os.WriteFile(p, []byte("old"), 0o644)
	os.Chmod(p, 0o644)
	f, err := Private.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if got := mode(t, p); got != 0o600 {
		t.Errorf("leftover file mode %v after Create, want 0600", got)
	}
	if b, _ := os.ReadFile(p); len(b) != 0 {
		t.Errorf("Create did not truncate: %q", b)
	}
	if _, err := Private.MkdirAll(p); err == nil {
		t.Error("MkdirAll through a file succeeded")
	}
}

// A folder under a setgid parent inherits setgid (so its files take the
// parent's group, the way a folder is shared with a service account), and
// setting its mode keeps that bit.
func TestSetgidKept(t *testing.T) {
	root := t.TempDir()
	if err := os.Chmod(root, 0o750|os.ModeSetgid); err != nil {
		t.Fatal(err)
	}
	if mode(t, root)&os.ModeSetgid == 0 {
		t.Skip("this file system does not keep setgid on folders")
	}
	dir := filepath.Join(root, "job")
	if _, err := Group.MkdirAll(dir); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, dir); got != 0o750|os.ModeSetgid {
		t.Errorf("folder under a setgid parent: %v, want setgid kept", got)
	}
	if err := Set(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if got := mode(t, dir); got != 0o700|os.ModeSetgid {
		t.Errorf("after Set(0700): %v, want setgid kept", got)
	}
	if err := Set(root, 0o750|os.ModeSetgid); err != nil || mode(t, root) != 0o750|os.ModeSetgid {
		t.Errorf("Set with setgid: %v %v", mode(t, root), err)
	}
}
