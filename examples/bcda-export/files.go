package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// modes are the permission bits of the files and folders bcda-export
// creates, exact whatever the process umask: BCDA files hold protected
// health information, and a umask of 022 must not make them readable by
// every account on the machine.
type modes struct {
	file os.FileMode // permission bits of new files
	dir  os.FileMode // permission bits of new folders
}

var (
	// privateModes is the default: files 0600, folders 0700.
	privateModes = modes{file: 0o600, dir: 0o700}
	// groupModes (-group-readable) lets the folder's group read, never
	// write: files 0640, folders 0750.
	groupModes = modes{file: 0o640, dir: 0o750}
)

// mkdirAll creates dir and every missing parent with exactly m.dir and
// returns the folders it created, outermost first. Existing folders are
// left as they are.
func (m modes) mkdirAll(dir string) ([]string, error) {
	var missing []string
	for p := filepath.Clean(dir); ; {
		st, err := os.Stat(p)
		if err == nil {
			if !st.IsDir() {
				return nil, &fs.PathError{Op: "mkdir", Path: p, Err: errors.New("not a directory")}
			}
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		missing = append(missing, p)
		parent := filepath.Dir(p)
		if parent == p {
			break
		}
		p = parent
	}
	var created []string
	for i := len(missing) - 1; i >= 0; i-- {
		if err := os.Mkdir(missing[i], m.dir); err != nil {
			if errors.Is(err, fs.ErrExist) {
				continue // made meanwhile by someone else: theirs, not ours
			}
			return created, err
		}
		created = append(created, missing[i])
		if err := setMode(missing[i], m.dir); err != nil {
			return created, err
		}
	}
	return created, nil
}

// setMode gives path exactly mode's permission bits; a folder keeps its
// setgid and sticky bits, so that one inheriting setgid from a shared parent
// keeps handing its group on.
func setMode(path string, mode os.FileMode) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	want := mode.Perm()
	if st.IsDir() {
		want |= st.Mode() & (os.ModeSetgid | os.ModeSticky)
	}
	if st.Mode()&(os.ModePerm|os.ModeSetgid|os.ModeSticky) == want {
		return nil
	}
	return os.Chmod(path, want)
}

// writeFileAtomic writes b to path through a temporary file in the same
// folder (created with m.dir when missing), given exactly m.file, synced and
// then renamed over path: a crash at any moment leaves either the old
// content or the new.
func (m modes) writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if _, err := m.mkdirAll(dir); err != nil {
		return err
	}
	// CreateTemp makes the file 0600: private from its first byte.
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	err = tmp.Chmod(m.file.Perm())
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
		os.Remove(tmp.Name())
	}
	return err
}
