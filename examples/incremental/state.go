package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/bcda-go/bcda/internal/atomicfile"
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

func loadState(path string) (*state, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &state{}, nil
	}
	if err != nil {
		return nil, err
	}
	var s state
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	return &s, nil
}

// save replaces the state file atomically (temporary file, then rename), so
// a crash never leaves a torn file that would lose the window.
func (s *state) save(path string) error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(b, '\n'))
}
