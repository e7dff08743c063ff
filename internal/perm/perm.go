// Package perm creates files and folders with exactly the permission bits
// asked for, whatever the process umask. BCDA files hold protected health
// information: what the SDK and its commands write is private to the owner
// unless the caller widens it on purpose, and a umask of 022 must not make
// it readable by every account on the machine.
package perm

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// Modes are the permission bits of the files and folders a program creates.
type Modes struct {
	// File is the mode of new files (permission bits only).
	File os.FileMode
	// Dir is the mode of new folders: permission bits, and ModeSetgid so
	// that files inside take the folder's group.
	Dir os.FileMode
}

// Private is the default: files 0600, folders 0700, for the owner only.
var Private = Modes{File: 0o600, Dir: 0o700}

// Group is readable by the folder's group, never writable by it and never
// open to others: files 0640, folders 0750.
var Group = Modes{File: 0o640, Dir: 0o750}

// kept are the mode bits a chmod must not clear on a folder: setgid
// inherited from a parent set up for sharing, and the sticky bit.
const kept = os.ModeSetgid | os.ModeSticky

// MkdirAll creates dir and every missing parent with exactly m.Dir. Folders
// that exist already are left as they are. It returns the folders it
// created, outermost first.
func (m Modes) MkdirAll(dir string) ([]string, error) {
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
		p := missing[i]
		if err := os.Mkdir(p, m.Dir.Perm()); err != nil {
			if errors.Is(err, fs.ErrExist) {
				continue // made meanwhile by someone else: theirs, not ours
			}
			return created, err
		}
		created = append(created, p)
		if err := Set(p, m.Dir); err != nil {
			return created, err
		}
	}
	return created, nil
}

// Create opens path for writing, truncated, creating it with m.File. A
// file that was there already (a crashed run's leftover) gets m.File too:
// its old mode may predate the caller's choice.
func (m Modes) Create(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, m.File.Perm())
	if err != nil {
		return nil, err
	}
	if err := setFile(f, m.File); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// setFile gives an open file exactly mode's permission bits.
func setFile(f *os.File, mode os.FileMode) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Mode().Perm() == mode.Perm() {
		return nil
	}
	return f.Chmod(mode.Perm())
}

// SetFile gives the open file f exactly m.File's permission bits (a
// temporary file made by os.CreateTemp, for instance).
func (m Modes) SetFile(f *os.File) error { return setFile(f, m.File) }

// Set gives path the permission bits of mode, and, for a folder, mode's
// setgid bit, keeping the setgid and sticky bits it has (so a folder that
// inherited setgid from a shared parent keeps handing its group on). It
// does nothing when the mode is already right.
func Set(path string, mode os.FileMode) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	want := mode.Perm()
	if st.IsDir() {
		want |= st.Mode()&kept | mode&os.ModeSetgid
	}
	if st.Mode()&(os.ModePerm|kept) == want {
		return nil
	}
	return os.Chmod(path, want)
}
