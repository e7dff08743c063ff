// Package jsonstate keeps a program's small state (the job it is attached
// to, the transactionTime of its last run) in a JSON file that survives
// crashes: a missing file is an empty state, and every save replaces the
// file atomically.
package jsonstate

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/bcda-go/bcda/internal/atomicfile"
	"github.com/bcda-go/bcda/internal/perm"
)

// Load reads the JSON file at path into a new T. A file that does not exist
// yet gives the zero T, so a first run needs no special case; a file that is
// not valid JSON is an error naming the file.
func Load[T any](path string) (*T, error) {
	v := new(T)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return nil, fmt.Errorf("state file %s is not valid JSON (%v); move it away to start afresh", path, err)
	}
	return v, nil
}

// Save writes v to path as indented JSON, replacing the old file atomically
// so that a crash leaves either the old state or the new one. The file gets
// exactly modes.File and a missing folder modes.Dir, whatever the umask.
func Save(path string, v any, modes perm.Modes) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(b, '\n'), modes)
}
