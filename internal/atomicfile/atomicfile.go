// Package atomicfile replaces small files (checkpoints, state files,
// manifests) so that a crash at any moment leaves either the old content or
// the new, never a torn mix that would lose an export's progress.
package atomicfile

import (
	"os"
	"path/filepath"

	"github.com/bcda-go/bcda/internal/perm"
)

// WriteFile writes b to path through a temporary file in the same
// directory, synced and then renamed over path. The new file has exactly
// modes.File, whatever the umask, and a missing directory is created with
// modes.Dir. On error the temporary file is removed and path is left as it
// was.
func WriteFile(path string, b []byte, modes perm.Modes) error {
	dir := filepath.Dir(path)
	if _, err := modes.MkdirAll(dir); err != nil {
		return err
	}
	// CreateTemp makes the file 0600: private from its first byte, before
	// SetFile widens it if asked.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	err = modes.SetFile(tmp)
	if err == nil {
		_, err = tmp.Write(b)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
	}
	return err
}
