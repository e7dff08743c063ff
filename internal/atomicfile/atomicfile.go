// Package atomicfile replaces small files (checkpoints, state files) so that
// a crash at any moment leaves either the old content or the new, never a
// torn mix that would lose an export's progress.
package atomicfile

import (
	"os"
	"path/filepath"
)

// WriteFile writes b to path through a temporary file in the same
// directory, synced and then renamed over path. The directory is created
// when missing. On error the temporary file is removed and path is left as
// it was.
func WriteFile(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b)
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
