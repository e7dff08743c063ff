package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// state is the state file: where the last successful run went and the
// transactionTime of its manifest.
type state struct {
	Server          string    `json:"server"`
	Version         string    `json:"api_version"`
	Endpoint        string    `json:"endpoint"`
	TransactionTime time.Time `json:"transaction_time"`
	Saved           time.Time `json:"saved"`
}

// loadState reads the state file; a missing file is an empty state, so that
// a first run needs no special case.
func loadState(path string) (*state, error) {
	st := new(state)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, nil
	}
	if err != nil {
		return nil, err
	}
	if err := decodeState(b, st); err != nil {
		return nil, fmt.Errorf("state file %s %v; move it away to start afresh", path, err)
	}
	return st, nil
}

// save replaces the state file atomically: a temporary file in the same
// directory, synced, then renamed over the old one, so a crash never leaves
// a torn file that would lose the window. The file is 0600 and a missing
// folder 0700, private to the owner whatever the umask (a umask removes
// bits; it never adds them).
func (s *state) save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(path, append(b, '\n'))
}

// writeFileAtomic writes b to path through a temporary file in the same
// directory (created 0700 when missing), synced and then renamed over path,
// so that a crash at any moment leaves either the old content or the new.
func writeFileAtomic(path string, b []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	// CreateTemp makes the file 0600.
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
		os.Remove(tmp.Name())
	}
	return err
}
