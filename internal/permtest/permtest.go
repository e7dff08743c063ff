//go:build unix

// Package permtest helps tests check that what a program writes is private:
// it sets the process umask for one test and lists the modes of a tree.
package permtest

import (
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
)

// Umask sets the process umask to u until the test ends. The umask belongs
// to the process: a test that calls Umask must not be parallel.
func Umask(t testing.TB, u int) {
	t.Helper()
	old := syscall.Umask(u)
	t.Cleanup(func() { syscall.Umask(old) })
}

// Entry is one file or folder of a tree.
type Entry struct {
	// Mode holds the permission, setgid and sticky bits.
	Mode fs.FileMode
	Dir  bool
}

// Tree maps every file and folder under root, root itself excluded, by its
// slash-separated path relative to root.
func Tree(t testing.TB, root string) map[string]Entry {
	t.Helper()
	tree := map[string]Entry{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		tree[filepath.ToSlash(rel)] = Entry{Mode: info.Mode() & (fs.ModePerm | fs.ModeSetgid | fs.ModeSticky), Dir: d.IsDir()}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}
