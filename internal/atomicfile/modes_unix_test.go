//go:build unix

package atomicfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/bcda-go/bcda/internal/perm"
)

// The replaced file and a folder made for it get exactly the modes asked
// for under the usual umask 022, private or widened for a group, and a
// replacement does not inherit the old file's wider mode.
func TestWriteFileModes(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, m := range []perm.Modes{perm.Private, perm.Group} {
		path := filepath.Join(t.TempDir(), "new", "state.json")
		if err := WriteFile(path, []byte("{}\n"), m); err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, 0o644) // as an older version left it
		if err := WriteFile(path, []byte("{}\n"), m); err != nil {
			t.Fatal(err)
		}
		for p, want := range map[string]os.FileMode{path: m.File, filepath.Dir(path): m.Dir} {
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != want {
				t.Errorf("%s: mode %v, want %v", p, info.Mode().Perm(), want)
			}
		}
	}
}
